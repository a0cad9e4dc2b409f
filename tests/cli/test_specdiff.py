"""The spec-diff logic (kalshi_orders.spec.diff): one synthetic spec per change kind, plus the real specs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from kalshi_orders.spec.diff import (
    BREAKING,
    NON_BREAKING,
    OPEN_ENUM,
    Change,
    SpecLoadError,
    diff_specs,
    load_spec,
    orders_operations,
)

REPO = Path(__file__).resolve().parents[2]
CURATED = REPO / "openapi" / "kalshi-orders.yaml"
# Unmodified copies of two versions of Kalshi's published OpenAPI document (docs.kalshi.com/openapi.yaml).
SNAPSHOTS = Path(__file__).resolve().parent / "data"
SPEC_3_13 = SNAPSHOTS / "kalshi-openapi-3.13.0.yaml"
SPEC_2_0 = SNAPSHOTS / "kalshi-openapi-2.0.0.yaml"


def base_spec() -> dict[str, Any]:
    """A small orders surface: GetOrders (params, Order list), CreateOrderV2 (request body), one more path."""
    return {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/portfolio/orders": {
                "get": {
                    "operationId": "GetOrders",
                    "parameters": [
                        {"name": "ticker", "in": "query", "schema": {"type": "string"}},
                        {"$ref": "#/components/parameters/LimitQuery"},
                        {"name": "status", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/GetOrdersResponse"}
                                }
                            },
                        },
                        "400": {"$ref": "#/components/responses/BadRequest"},
                    },
                }
            },
            "/portfolio/orders/{order_id}": {
                "get": {
                    "operationId": "GetOrder",
                    "parameters": [
                        {"name": "order_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["order"],
                                        "properties": {"order": {"$ref": "#/components/schemas/Order"}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/portfolio/events/orders": {
                "post": {
                    "operationId": "CreateOrderV2",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CreateRequest"}}
                        },
                    },
                    "responses": {"201": {"description": "created"}},
                }
            },
            "/markets": {"get": {"operationId": "GetMarkets", "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "parameters": {
                "LimitQuery": {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                }
            },
            "responses": {
                "BadRequest": {
                    "description": "bad",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}
                    },
                }
            },
            "schemas": {
                "ErrorResponse": {"type": "object", "properties": {"code": {"type": "string"}}},
                "Dollars": {"type": "string"},
                "Status": {"type": "string", "enum": ["resting", "canceled"]},
                "Side": {"type": "string", "enum": ["bid", "ask"]},
                "Order": {
                    "type": "object",
                    "required": ["order_id", "status", "price"],
                    "properties": {
                        "order_id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "price": {"$ref": "#/components/schemas/Dollars"},
                        "note": {"type": "string"},
                        "created_time": {"type": "string", "format": "date-time"},
                    },
                },
                "GetOrdersResponse": {
                    "type": "object",
                    "required": ["orders", "cursor"],
                    "properties": {
                        "orders": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                        "cursor": {"type": "string"},
                    },
                },
                "CreateRequest": {
                    "type": "object",
                    "required": ["ticker", "side"],
                    "properties": {
                        "ticker": {"type": "string"},
                        "side": {"$ref": "#/components/schemas/Side"},
                        "post_only": {"type": "boolean"},
                        "price": {"type": "string"},
                    },
                },
            },
        },
    }


def changed(mutate: Any) -> tuple[Any, ...]:
    old = base_spec()
    new = copy.deepcopy(old)
    mutate(new)
    return diff_specs(old, new).changes


def only(changes: tuple[Change, ...]) -> Change:
    assert len(changes) == 1, [c.to_dict() for c in changes]
    return changes[0]


S = "components", "schemas"


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]


# ----------------------------------------------------------------- identity and scope


def test_identical_specs_have_no_changes() -> None:
    diff = diff_specs(base_spec(), base_spec())
    assert diff.changes == ()
    assert not diff.breaking
    assert diff.counts() == {BREAKING: 0, OPEN_ENUM: 0, NON_BREAKING: 0}


def test_paths_outside_the_orders_surface_are_ignored() -> None:
    def mutate(s: dict[str, Any]) -> None:
        del s["paths"]["/markets"]
        s["paths"]["/portfolio/balance"] = {"get": {"responses": {"200": {"description": "ok"}}}}

    assert changed(mutate) == ()


def test_orders_operations_matches_both_prefixes_and_an_api_prefix() -> None:
    spec = base_spec()
    spec["paths"]["/trade-api/v2/portfolio/orders/batched"] = {
        "delete": {"operationId": "X", "responses": {}}
    }
    keys = set(orders_operations(spec))
    assert keys == {
        ("GET", "/portfolio/orders"),
        ("GET", "/portfolio/orders/{}"),
        ("POST", "/portfolio/events/orders"),
        ("DELETE", "/portfolio/orders/batched"),
    }


def test_renamed_path_parameter_is_the_same_operation() -> None:
    def mutate(s: dict[str, Any]) -> None:
        item = s["paths"].pop("/portfolio/orders/{order_id}")
        item["get"]["parameters"][0]["name"] = "id"
        s["paths"]["/portfolio/orders/{id}"] = item

    kinds = {c.kind for c in changed(mutate)}
    assert "operation-removed" not in kinds
    assert "operation-added" not in kinds


# ----------------------------------------------------------------- operations


def test_operation_removed_is_breaking_and_names_the_retired_replacement() -> None:
    def mutate(s: dict[str, Any]) -> None:
        del s["paths"]["/portfolio/events/orders"]
        s["x-retired-operations"] = [
            {
                "operationId": "CreateOrderV2",
                "method": "post",
                "path": "/portfolio/events/orders",
                "replacement": "V3",
            }
        ]

    c = only(changed(mutate))
    assert (c.kind, c.severity) == ("operation-removed", BREAKING)
    assert "CreateOrderV2" in c.location
    assert "use V3" in c.message


def test_operation_added_is_non_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/events/orders"]["delete"] = {"operationId": "CancelAll", "responses": {}}

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.direction) == ("operation-added", NON_BREAKING, "operation")


def test_operation_deprecated_and_renamed() -> None:
    def mutate(s: dict[str, Any]) -> None:
        op = s["paths"]["/portfolio/orders"]["get"]
        op["deprecated"] = True
        op["operationId"] = "ListOrders"

    found = {(c.kind, c.severity) for c in changed(mutate)}
    assert found == {("deprecated-changed", NON_BREAKING), ("operation-renamed", NON_BREAKING)}


# ----------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("required", "severity"),
    [(False, NON_BREAKING), (True, BREAKING)],
)
def test_parameter_added(required: bool, severity: str) -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders"]["get"]["parameters"].append(
            {"name": "exchange_index", "in": "query", "required": required, "schema": {"type": "integer"}}
        )

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.direction) == ("parameter-added", severity, "request")
    assert "query parameter exchange_index" in c.location


def test_parameter_removed_is_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders"]["get"]["parameters"].pop(0)

    c = only(changed(mutate))
    assert (c.kind, c.severity) == ("parameter-removed", BREAKING)
    assert c.location.endswith("query parameter ticker")


@pytest.mark.parametrize(("now_required", "severity"), [(True, BREAKING)])
def test_parameter_becomes_required(now_required: bool, severity: str) -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders"]["get"]["parameters"][0]["required"] = now_required

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.new) == ("required-changed", severity, True)


def test_parameter_becomes_optional_is_non_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders/{order_id}"]["get"]["parameters"][0]["required"] = False

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.old, c.new) == ("required-changed", NON_BREAKING, True, False)


def test_parameter_type_change_through_a_ref_is_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["components"]["parameters"]["LimitQuery"]["schema"]["type"] = "string"

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.old, c.new) == ("type-changed", BREAKING, "integer", "string")
    assert c.location.endswith("query parameter limit")


def test_parameter_enum_added_restricts_requests() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders"]["get"]["parameters"][2]["schema"] = {
            "$ref": "#/components/schemas/Status"
        }

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.direction) == ("enum-added", BREAKING, "request")
    assert c.new == ["resting", "canceled"]


def test_parameter_bounds_relaxed_and_tightened() -> None:
    def relax(s: dict[str, Any]) -> None:
        s["components"]["parameters"]["LimitQuery"]["schema"]["maximum"] = 1000

    def tighten(s: dict[str, Any]) -> None:
        s["components"]["parameters"]["LimitQuery"]["schema"]["minimum"] = 5

    relaxed = only(changed(relax))
    assert (relaxed.kind, relaxed.severity, relaxed.old, relaxed.new) == (
        "bound-changed",
        NON_BREAKING,
        200,
        1000,
    )
    tightened = only(changed(tighten))
    assert (tightened.severity, tightened.old, tightened.new) == (BREAKING, 1, 5)


def test_parameter_deprecated_flag() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders"]["get"]["parameters"][0]["deprecated"] = True

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.message) == ("deprecated-changed", NON_BREAKING, "now deprecated")


# ----------------------------------------------------------------- request bodies


def test_new_required_request_field_is_breaking_and_optional_is_not() -> None:
    def required(s: dict[str, Any]) -> None:
        req = schemas(s)["CreateRequest"]
        req["properties"]["count"] = {"type": "string"}
        req["required"].append("count")

    def optional(s: dict[str, Any]) -> None:
        schemas(s)["CreateRequest"]["properties"]["reduce_only"] = {"type": "boolean"}

    c = only(changed(required))
    assert (c.kind, c.severity, c.location, c.direction) == (
        "field-added",
        BREAKING,
        "CreateRequest.count",
        "request",
    )
    c = only(changed(optional))
    assert (c.kind, c.severity) == ("field-added", NON_BREAKING)


def test_request_field_removed_is_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        del schemas(s)["CreateRequest"]["properties"]["post_only"]

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.location) == ("field-removed", BREAKING, "CreateRequest.post_only")


def test_request_field_required_ness() -> None:
    def now_required(s: dict[str, Any]) -> None:
        schemas(s)["CreateRequest"]["required"].append("post_only")

    def now_optional(s: dict[str, Any]) -> None:
        schemas(s)["CreateRequest"]["required"].remove("side")

    assert (only(changed(now_required)).severity, only(changed(now_required)).kind) == (
        BREAKING,
        "required-changed",
    )
    c = only(changed(now_optional))
    assert (c.severity, c.location, c.message) == (NON_BREAKING, "CreateRequest.side", "no longer required")


def test_request_enum_values() -> None:
    def add(s: dict[str, Any]) -> None:
        schemas(s)["Side"]["enum"].append("cross")

    def remove(s: dict[str, Any]) -> None:
        schemas(s)["Side"]["enum"].remove("ask")

    c = only(changed(add))
    assert (c.kind, c.severity, c.new, c.location) == ("enum-value-added", NON_BREAKING, ["cross"], "Side")
    c = only(changed(remove))
    assert (c.kind, c.severity, c.old) == ("enum-value-removed", BREAKING, ["ask"])


def test_request_pattern_added_is_breaking_and_removed_is_not() -> None:
    def add(s: dict[str, Any]) -> None:
        schemas(s)["CreateRequest"]["properties"]["price"]["pattern"] = r"^0\.\d{2}$"

    c = only(changed(add))
    assert (c.kind, c.severity, c.direction) == ("pattern-changed", BREAKING, "request")
    old = base_spec()
    schemas(old)["CreateRequest"]["properties"]["price"]["pattern"] = r"^0\.\d{2}$"
    c = only(diff_specs(old, base_spec()).changes)
    assert (c.kind, c.severity) == ("pattern-changed", NON_BREAKING)


def test_request_nullable_changes() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["CreateRequest"]["properties"]["price"]["nullable"] = True

    assert (only(changed(mutate)).kind, only(changed(mutate)).severity) == ("nullable-changed", NON_BREAKING)
    old = base_spec()
    mutate(old)
    c = only(diff_specs(old, base_spec()).changes)
    assert (c.severity, c.message) == (BREAKING, "no longer nullable")


def test_request_body_becomes_optional_or_disappears() -> None:
    def optional(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/events/orders"]["post"]["requestBody"]["required"] = False

    def removed(s: dict[str, Any]) -> None:
        del s["paths"]["/portfolio/events/orders"]["post"]["requestBody"]

    assert only(changed(optional)).severity == NON_BREAKING
    c = only(changed(removed))
    assert (c.kind, c.severity) == ("request-body-removed", BREAKING)


# ----------------------------------------------------------------- responses


def test_removed_required_response_field_is_breaking_optional_is_not() -> None:
    def required(s: dict[str, Any]) -> None:
        order = schemas(s)["Order"]
        del order["properties"]["price"]
        order["required"].remove("price")

    def optional(s: dict[str, Any]) -> None:
        del schemas(s)["Order"]["properties"]["note"]

    c = only(changed(required))
    assert (c.kind, c.severity, c.location, c.direction) == (
        "field-removed",
        BREAKING,
        "Order.price",
        "response",
    )
    c = only(changed(optional))
    assert (c.kind, c.severity) == ("field-removed", NON_BREAKING)


def test_new_response_fields_are_non_breaking_even_when_required() -> None:
    def mutate(s: dict[str, Any]) -> None:
        order = schemas(s)["Order"]
        order["properties"]["book_side"] = {"$ref": "#/components/schemas/Side"}
        order["properties"]["exchange_index"] = {"type": "integer"}
        order["required"].append("book_side")

    found = {(c.location, c.kind, c.severity) for c in changed(mutate)}
    assert found == {
        ("Order.book_side", "field-added", NON_BREAKING),
        ("Order.exchange_index", "field-added", NON_BREAKING),
    }


def test_response_field_no_longer_required_is_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Order"]["required"].remove("status")

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.location, c.old, c.new) == (
        "required-changed",
        BREAKING,
        "Order.status",
        True,
        False,
    )


def test_response_field_newly_required_is_non_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Order"]["required"].append("note")

    assert only(changed(mutate)).severity == NON_BREAKING


def test_new_enum_value_in_a_response_is_compatible_with_open_enums() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Status"]["enum"].append("executed")

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.new, c.direction) == (
        "enum-value-added",
        OPEN_ENUM,
        ["executed"],
        "response",
    )
    # Order is reached from both reads: the change is reported once, with both operations.
    assert len(c.operations) == 2
    assert any("GetOrders" in op for op in c.operations)
    assert any("GetOrder (" in op for op in c.operations)


def test_removed_enum_value_in_a_response_is_non_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Status"]["enum"].remove("canceled")

    c = only(changed(mutate))
    assert (c.kind, c.severity) == ("enum-value-removed", NON_BREAKING)


def test_response_enum_dropped_is_open_enum_compatible() -> None:
    def mutate(s: dict[str, Any]) -> None:
        del schemas(s)["Status"]["enum"]

    c = only(changed(mutate))
    assert (c.kind, c.severity) == ("enum-removed", OPEN_ENUM)


def test_response_type_and_format_changes_are_breaking() -> None:
    def type_change(s: dict[str, Any]) -> None:
        schemas(s)["Dollars"]["type"] = "number"

    def format_change(s: dict[str, Any]) -> None:
        schemas(s)["Order"]["properties"]["created_time"]["format"] = "date"

    c = only(changed(type_change))
    assert (c.kind, c.severity, c.location) == ("type-changed", BREAKING, "Dollars")
    c = only(changed(format_change))
    assert (c.kind, c.severity, c.old, c.new) == ("format-changed", BREAKING, "date-time", "date")


def test_response_pattern_changes() -> None:
    def added(s: dict[str, Any]) -> None:
        schemas(s)["Dollars"]["pattern"] = r"^\d+\.\d{4}$"

    assert only(changed(added)).severity == NON_BREAKING
    old = base_spec()
    added(old)
    new = copy.deepcopy(old)
    schemas(new)["Dollars"]["pattern"] = r"^-?\d+\.\d{4}$"
    c = only(diff_specs(old, new).changes)
    assert (c.kind, c.severity) == ("pattern-changed", BREAKING)
    c = only(diff_specs(old, base_spec()).changes)
    assert (c.message.startswith("pattern removed"), c.severity) == (True, BREAKING)


def test_response_becoming_nullable_is_breaking() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["GetOrdersResponse"]["properties"]["cursor"]["nullable"] = True

    c = only(changed(mutate))
    assert (c.kind, c.severity, c.location) == ("nullable-changed", BREAKING, "GetOrdersResponse.cursor")


def test_openapi_31_null_type_counts_as_nullable() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["GetOrdersResponse"]["properties"]["cursor"]["type"] = ["string", "null"]

    c = only(changed(mutate))
    assert (c.kind, c.new) == ("nullable-changed", True)


def test_ref_with_nullable_sibling_is_reported_at_the_use_site() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Order"]["properties"]["price"] = {
            "$ref": "#/components/schemas/Dollars",
            "nullable": True,
        }

    c = only(changed(mutate))
    assert (c.kind, c.location, c.severity) == ("nullable-changed", "Order.price", BREAKING)


def test_allof_wrapped_ref_with_deprecated_flag() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Order"]["properties"]["status"] = {
            "allOf": [{"$ref": "#/components/schemas/Status"}],
            "deprecated": True,
            "description": "old",
        }

    c = only(changed(mutate))
    assert (c.kind, c.location, c.severity) == ("deprecated-changed", "Order.status", NON_BREAKING)


def test_allof_merge_of_properties_and_required() -> None:
    def mutate(s: dict[str, Any]) -> None:
        order = schemas(s)["Order"]
        schemas(s)["Order"] = {
            "allOf": [
                {
                    "type": "object",
                    "required": ["order_id"],
                    "properties": {"order_id": order["properties"]["order_id"]},
                },
                {
                    "type": "object",
                    "required": ["status", "price"],
                    "properties": {k: v for k, v in order["properties"].items() if k != "order_id"},
                },
            ]
        }

    assert changed(mutate) == ()


def test_success_status_changes() -> None:
    def added(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders/{order_id}"]["get"]["responses"]["202"] = {"description": "later"}

    def error_added(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders/{order_id}"]["get"]["responses"]["429"] = {"description": "slow"}

    assert only(changed(added)).severity == BREAKING
    assert only(changed(error_added)).severity == NON_BREAKING


def test_error_body_schema_changes_are_compared() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["ErrorResponse"]["properties"]["error"] = {
            "oneOf": [{"type": "object"}, {"type": "string"}]
        }

    c = only(changed(mutate))
    assert (c.kind, c.location, c.severity) == ("field-added", "ErrorResponse.error", NON_BREAKING)


def test_variants_added_to_a_response_are_breaking() -> None:
    old = base_spec()
    schemas(old)["ErrorResponse"]["properties"]["error"] = {"oneOf": [{"type": "object"}]}
    new = copy.deepcopy(old)
    schemas(new)["ErrorResponse"]["properties"]["error"]["oneOf"].append({"type": "string"})
    c = only(diff_specs(old, new).changes)
    assert (c.kind, c.severity, c.new) == ("variant-added", BREAKING, ["string"])


def test_recursive_schemas_terminate() -> None:
    old = base_spec()
    schemas(old)["Order"]["properties"]["children"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Order"},
    }
    new = copy.deepcopy(old)
    schemas(new)["Order"]["properties"]["extra"] = {"type": "string"}
    c = only(diff_specs(old, new).changes)
    assert c.location == "Order.extra"


def test_array_items_are_compared() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["paths"]["/portfolio/orders/{order_id}"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}

    old = base_spec()
    mutate(old)
    new = copy.deepcopy(old)
    resp = new["paths"]["/portfolio/orders/{order_id}"]["get"]["responses"]["200"]
    resp["content"]["application/json"]["schema"]["properties"]["tags"]["items"]["type"] = "integer"
    c = only(diff_specs(old, new).changes)
    assert c.location.endswith("body.tags[]")
    assert c.kind == "type-changed"


# ----------------------------------------------------------------- serialisation and loading


def test_to_dict_is_json_ready() -> None:
    def mutate(s: dict[str, Any]) -> None:
        schemas(s)["Status"]["enum"].append("executed")

    old = base_spec()
    new = copy.deepcopy(old)
    mutate(new)
    data = diff_specs(old, new).to_dict()
    assert data["old_version"] == "1.0.0"
    assert data["breaking"] is False
    assert data["counts"][OPEN_ENUM] == 1
    assert data["changes"][0]["operations"]


def test_load_spec_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(SpecLoadError, match="cannot read"):
        load_spec(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [unclosed", encoding="utf-8")
    with pytest.raises(SpecLoadError, match="not valid YAML"):
        load_spec(bad)
    notspec = tmp_path / "x.json"
    notspec.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(SpecLoadError, match="no 'paths'"):
        load_spec(notspec)


def test_unresolvable_ref_is_a_load_error() -> None:
    new = base_spec()
    schemas(new)["Order"]["properties"]["status"] = {"$ref": "#/components/schemas/Nope"}
    with pytest.raises(SpecLoadError, match="unresolvable"):
        diff_specs(base_spec(), new)


# ----------------------------------------------------------------- the real specs


def test_3_13_to_curated() -> None:
    diff = diff_specs(load_spec(SPEC_3_13), load_spec(CURATED))
    assert diff.breaking
    by = {(c.kind, c.location): c for c in diff.changes}
    removed = {c.location.split(" ", 1)[0] for c in diff.changes if c.kind == "operation-removed"}
    assert {
        "CreateOrder",
        "CancelOrder",
        "AmendOrder",
        "DecreaseOrder",
        "BatchCreateOrders",
        "BatchCancelOrders",
    } <= removed
    create = next(
        c for c in diff.changes if c.kind == "operation-removed" and c.location.startswith("CreateOrder ")
    )
    assert "CreateOrderV2" in create.message  # from x-retired-operations
    added = {c.location.split(" ", 1)[0] for c in diff.changes if c.kind == "operation-added"}
    assert {"CreateOrderV2", "CancelOrderV2", "CancelAllOrders", "BatchCreateOrdersV2"} <= added
    assert by[("field-added", "Order.outcome_side")].severity == NON_BREAKING
    assert by[("field-added", "Order.book_side")].severity == NON_BREAKING
    for name in ("side", "action"):
        c = by[("required-changed", f"Order.{name}")]
        assert (c.severity, c.message) == (BREAKING, "no longer required")
        assert by[("deprecated-changed", f"Order.{name}")].severity == NON_BREAKING
    assert by[("parameter-added", "GetOrders (GET /portfolio/orders) query parameter exchange_index")]
    assert by[("deprecated-changed", "ErrorResponse.service")].severity == NON_BREAKING


def test_2_0_to_3_13() -> None:
    diff = diff_specs(load_spec(SPEC_2_0), load_spec(SPEC_3_13))
    by = {(c.kind, c.location): c for c in diff.changes}
    # The fixed-point migration: integer cents removed from Order, which every order operation reaches.
    yes = by[("field-removed", "Order.yes_price")]
    assert yes.severity == BREAKING
    assert len(yes.operations) >= 6
    assert by[("enum-value-removed", "Order.status")].old == ["pending"]
    tif = by[("enum-value-removed", "CreateOrderRequest.time_in_force")]
    assert (tif.severity, set(tif.old)) == (BREAKING, {"FOK", "GTC", "IOC"})
    limit = by[("bound-changed", "GetOrders (GET /portfolio/orders) query parameter limit")]
    assert (limit.old, limit.new, limit.severity) == (200, 1000, NON_BREAKING)


def test_reverse_direction_flips_operations() -> None:
    diff = diff_specs(load_spec(CURATED), load_spec(SPEC_3_13))
    added = {c.location.split(" ", 1)[0] for c in diff.changes if c.kind == "operation-added"}
    removed = {c.location.split(" ", 1)[0] for c in diff.changes if c.kind == "operation-removed"}
    assert "CreateOrder" in added
    assert "CreateOrderV2" in removed


def test_curated_against_itself_is_empty() -> None:
    spec = load_spec(CURATED)
    assert diff_specs(spec, copy.deepcopy(spec)).changes == ()
