"""The curated spec itself: valid, complete for the orders surface, and encoding its rules."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.spec._jsonschema import load_spec

SPEC = load_spec()
OPERATIONS = {
    op["operationId"]: (method, path, op)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
}
ERROR_STATUSES = {"400", "401", "403", "429", "500", "503"}


def test_spec_validates() -> None:
    validate(SPEC)


def test_the_packaged_spec_is_the_curated_one() -> None:
    from pathlib import Path

    repo_spec = Path(__file__).resolve().parents[2] / "openapi" / "kalshi-orders.yaml"
    from importlib import resources

    packaged = resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    assert packaged == repo_spec.read_text(encoding="utf-8")


def test_every_live_orders_operation_is_offered() -> None:
    assert set(OPERATIONS) == {
        "GetOrders",
        "GetOrder",
        "CreateOrderV2",
        "CancelOrderV2",
        "AmendOrderV2",
        "DecreaseOrderV2",
        "BatchCreateOrdersV2",
        "BatchCancelOrdersV2",
        "CancelAllOrders",
        "GetOrderQueuePosition",
        "GetOrderQueuePositions",
        "GetMarket",
        "GetAccountApiLimits",
        "GetAccountEndpointCosts",
    }


def test_retired_v1_writes_are_not_client_operations() -> None:
    retired = {(r["method"], r["path"]) for r in SPEC["x-retired-operations"]}
    assert len(retired) == 6
    for method, path in retired:
        assert method not in SPEC["paths"].get(path, {}), (
            f"{method.upper()} {path} is retired (410) but offered"
        )


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_operation_documents_the_error_statuses(operation_id: str) -> None:
    _method, path, op = OPERATIONS[operation_id]
    statuses = set(op["responses"])
    assert statuses >= ERROR_STATUSES
    if "{order_id}" in path:
        assert "404" in statuses
    for status in ERROR_STATUSES:
        ref = op["responses"][status]["$ref"]
        body = SPEC["components"]["responses"][ref.rsplit("/", 1)[1]]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ErrorResponse"}


def test_writes_that_can_conflict_document_409() -> None:
    for operation_id in ("CreateOrderV2", "CancelOrderV2", "AmendOrderV2", "DecreaseOrderV2"):
        assert "409" in OPERATIONS[operation_id][2]["responses"], operation_id


def test_security_is_global_and_names_all_three_headers() -> None:
    # Global (not per operation) so the generated functions take a plain client signed by httpx auth.
    assert SPEC["security"] == [
        {"kalshiAccessKey": [], "kalshiAccessSignature": [], "kalshiAccessTimestamp": []}
    ]
    headers = {s["name"] for s in SPEC["components"]["securitySchemes"].values()}
    assert headers == {"KALSHI-ACCESS-KEY", "KALSHI-ACCESS-SIGNATURE", "KALSHI-ACCESS-TIMESTAMP"}
    # Public reads say so with `security: []` (GetMarket; upstream declares no requirement on them).
    overrides = {name: op["security"] for name, (_m, _p, op) in OPERATIONS.items() if "security" in op}
    assert overrides == {name: [] for name in PUBLIC}


PUBLIC = {"GetMarket", "GetAccountEndpointCosts"}


def test_get_orders_parameters_match_the_live_api() -> None:
    params = {p.get("name") or p["$ref"]: p for p in OPERATIONS["GetOrders"][2]["parameters"]}
    names = {
        SPEC["components"]["parameters"][k.rsplit("/", 1)[1]]["name"] if k.startswith("#/") else k
        for k in params
    }
    assert names == {
        "ticker",
        "event_ticker",
        "min_ts",
        "max_ts",
        "status",
        "limit",
        "cursor",
        "subaccount",
        "exchange_index",
    }
    limit = SPEC["components"]["parameters"]["LimitQuery"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 1000, 100)
    assert SPEC["components"]["schemas"]["OrderStatus"]["enum"] == ["resting", "canceled", "executed"]


def test_order_required_fields_are_todays() -> None:
    order = SPEC["components"]["schemas"]["Order"]
    assert set(order["required"]) == {
        "order_id",
        "user_id",
        "client_order_id",
        "ticker",
        "outcome_side",
        "book_side",
        "type",
        "status",
        "yes_price_dollars",
        "no_price_dollars",
        "fill_count_fp",
        "remaining_count_fp",
        "initial_count_fp",
        "taker_fees_dollars",
        "maker_fees_dollars",
        "taker_fill_cost_dollars",
        "maker_fill_cost_dollars",
    }


LEGACY = [
    "yes_price",
    "no_price",
    "fill_count",
    "remaining_count",
    "initial_count",
    "taker_fees",
    "maker_fees",
    "taker_fill_cost",
    "maker_fill_cost",
    "queue_position",
    "place_count",
    "decrease_count",
    "amend_count",
    "amend_taker_fill_count",
    "maker_fill_count",
    "taker_fill_count",
    "fcc_cancel_count",
    "close_cancel_count",
    "taker_self_trade_cancel_count",
    "side",
    "action",
]


@pytest.mark.parametrize("field", LEGACY)
def test_legacy_order_fields_are_optional_deprecated_and_name_what_replaced_them(field: str) -> None:
    order = SPEC["components"]["schemas"]["Order"]
    prop: dict[str, Any] = order["properties"][field]
    assert field not in order["required"]
    assert prop["deprecated"] is True
    assert "replac" in prop["description"].lower() or "use `" in prop["description"].lower()


@pytest.mark.parametrize("field", LEGACY)
def test_removed_legacy_fields_are_marked_and_still_sent_ones_are_not(field: str) -> None:
    # x-kalshi-removed puts a key on the generated parser's rarely taken path; side and action are still sent.
    prop: dict[str, Any] = SPEC["components"]["schemas"]["Order"]["properties"][field]
    assert prop.get("x-kalshi-removed", False) is (field not in ("side", "action"))


def test_price_invariant_is_stated() -> None:
    assert "yes_price_dollars + no_price_dollars = 1" in SPEC["components"]["schemas"]["Order"]["description"]
    assert any(inv["id"] == "price-pair-sums-to-one" for inv in SPEC["x-invariants"])


def _examples(node: Any, where: str) -> list[tuple[str, Any, Any]]:
    found = []
    if isinstance(node, dict):
        if "example" in node and isinstance(node.get("type"), str):
            found.append((where, node, node["example"]))
        for key, sub in node.items():
            if key != "example":
                found += _examples(sub, f"{where}.{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            found += _examples(sub, f"{where}[{index}]")
    return found


def test_every_schema_example_fits_its_schema() -> None:
    from kalshi_sandbox.validation import component_schema, to_json_schema

    defs = component_schema("Order")["$defs"]
    examples = _examples(SPEC["components"]["schemas"], "components.schemas")
    assert len(examples) >= 16
    for where, schema, example in examples:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **to_json_schema(schema)}
        document["$defs"] = defs
        errors = [e.message for e in jsonschema.Draft202012Validator(document).iter_errors(example)]
        assert not errors, f"{where}: example does not fit: {errors}"


def test_rate_limit_costs_are_recorded_for_every_operation() -> None:
    for operation_id, (_m, _p, op) in OPERATIONS.items():
        limit = op["x-kalshi-rate-limit"]
        assert limit["bucket"] in {"read", "write"}, operation_id
        assert limit["cost"] > 0, operation_id
