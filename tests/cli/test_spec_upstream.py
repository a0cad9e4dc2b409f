"""``kalshi-orders spec upstream``: Kalshi's published spec against the curated one, new vs accounted for.

Upstream documents are the official snapshots in data/ and variants made from them (upstream_fixtures.py):
no test reaches the internet.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kalshi_orders.cli._errors import EXIT_BREAKING, EXIT_NEW_COMPATIBLE, EXIT_OK, EXIT_USAGE
from kalshi_orders.spec.diff import BREAKING, NON_BREAKING, OPEN_ENUM, diff_specs
from kalshi_orders.spec.upstream import MARKER, compare_upstream, extract_surface, upstream_scope

from .conftest import Invoke
from .upstream_fixtures import (
    CURATED,
    KALSHI_CHANGED,
    curated,
    snapshot_2_0,
    snapshot_3_13,
    upstream_3_34,
    write,
)


def _new(report: Any) -> set[tuple[str, str, str]]:
    return {(c.severity, c.kind, c.location) for c in report.new}


# --------------------------------------------------------------------------- the comparison


def test_the_reconciled_upstream_has_nothing_new_and_no_stale_marker() -> None:
    report = compare_upstream(curated(), upstream_3_34())
    assert report.new == ()
    assert report.stale == ()
    assert report.verdict == "nothing new"
    assert report.age == "same"
    # The curated spec does differ from upstream, each difference documented.
    by = {a.by for a in report.accounted}
    assert by == {"x-upstream", "x-kalshi-removed"}
    assert len(report.accounted) > 100


def test_an_orders_operation_an_enum_value_and_a_required_field_added_upstream_are_new() -> None:
    report = compare_upstream(curated(), upstream_3_34(KALSHI_CHANGED))
    assert _new(report) == {
        (BREAKING, "required-changed", "CreateOrderV2Request.client_order_id"),
        (OPEN_ENUM, "enum-value-added", "OrderStatus"),
        (NON_BREAKING, "operation-added", "GetOrderFills (GET /portfolio/orders/{order_id}/fills)"),
    }
    assert report.verdict == "breaking"
    assert report.age == "newer"
    required = next(c for c in report.new if c.kind == "required-changed")
    assert set(required.operations) == {
        "CreateOrderV2 (POST /portfolio/events/orders)",
        "BatchCreateOrdersV2 (POST /portfolio/events/orders/batched)",
    }


def test_only_compatible_changes_give_the_compatible_verdict() -> None:
    patch = {
        "components": {"schemas": {"OrderStatus": {"enum": ["resting", "canceled", "executed", "queued"]}}}
    }
    report = compare_upstream(curated(), upstream_3_34(patch))
    assert _new(report) == {(OPEN_ENUM, "enum-value-added", "OrderStatus")}
    assert report.verdict == "compatible"


def test_new_operations_outside_the_orders_prefixes_are_not_the_surface() -> None:
    patch = {
        "paths": {
            "/markets/{ticker}/candles": {
                "get": {"operationId": "GetCandles", "responses": {"200": {"description": "x"}}}
            },
            "/portfolio/events/orders/{order_id}/pause": {
                "post": {"operationId": "PauseOrderV2", "responses": {"200": {"description": "x"}}}
            },
        }
    }
    report = compare_upstream(curated(), upstream_3_34(patch))
    assert _new(report) == {
        (NON_BREAKING, "operation-added", "PauseOrderV2 (POST /portfolio/events/orders/{order_id}/pause)")
    }


def test_a_covered_operation_upstream_drops_is_new_and_breaking() -> None:
    report = compare_upstream(
        curated(), upstream_3_34({"paths": {"/portfolio/orders/queue_positions": None}})
    )
    assert _new(report) == {
        (BREAKING, "operation-removed", "GetOrderQueuePositions (GET /portfolio/orders/queue_positions)")
    }


def test_a_marker_accounts_only_for_what_it_records() -> None:
    # The curated Market.result is a plain string; the marker records upstream's four values. A fifth is news.
    patch = {
        "components": {
            "schemas": {
                "Market": {
                    "properties": {"result": {"type": "string", "enum": ["yes", "no", "scalar", "", "void"]}}
                }
            }
        }
    }
    report = compare_upstream(curated(), upstream_3_34(patch))
    assert _new(report) == {(NON_BREAKING, "enum-added", "Market.result")}
    # ... and the marker that no longer matches is reported as stale.
    assert [(s.pointer, s.key) for s in report.stale] == [
        ("/components/schemas/Market/properties/result", "enum")
    ]


def test_a_marker_upstream_has_come_round_to_is_stale() -> None:
    # Upstream starts documenting last_update_reason (which the curated spec marks as live-only).
    patch = {
        "components": {
            "schemas": {"Order": {"properties": {"last_update_reason": {"type": "string", "nullable": True}}}}
        }
    }
    report = compare_upstream(curated(), upstream_3_34(patch))
    assert report.new == ()
    assert [(s.pointer, s.key, s.value) for s in report.stale] == [
        ("/components/schemas/Order/properties/last_update_reason", "absent", True)
    ]


def test_a_list_marker_reports_the_names_that_no_longer_differ() -> None:
    # Upstream stops requiring two Market fields the curated spec leaves optional.
    upstream = upstream_3_34()
    required = upstream["components"]["schemas"]["Market"]["required"]
    upstream["components"]["schemas"]["Market"]["required"] = [
        r for r in required if r not in ("rules_primary", "rules_secondary")
    ]
    report = compare_upstream(curated(), upstream)
    assert report.new == ()
    assert [(s.key, s.value) for s in report.stale] == [("required", ["rules_primary", "rules_secondary"])]


def test_without_its_marker_a_deviation_is_reported_as_new() -> None:
    spec = curated()
    del spec["components"]["schemas"]["Order"]["properties"]["last_update_reason"][MARKER]
    del spec["components"]["schemas"]["GetOrdersResponse"][MARKER]
    report = compare_upstream(spec, upstream_3_34())
    assert _new(report) == {
        (NON_BREAKING, "field-removed", "Order.last_update_reason"),
        (NON_BREAKING, "required-changed", "GetOrdersResponse.cursor"),
    }


def test_the_document_wide_policy_covers_only_bounds_upstream_leaves_unstated() -> None:
    # Upstream states a different maximum for GetOrders' limit than the curated spec: that is news.
    patch = {"components": {"parameters": {"LimitQuery": {"schema": {"maximum": 500}}}}}
    report = compare_upstream(curated(), upstream_3_34(patch))
    assert _new(report) == {
        (BREAKING, "bound-changed", "GetOrders (GET /portfolio/orders) query parameter limit")
    }
    # Upstream dropping the bound altogether is what the policy accounts for.
    patch = {"components": {"parameters": {"LimitQuery": {"schema": {"maximum": None}}}}}
    assert compare_upstream(curated(), upstream_3_34(patch)).new == ()


def test_every_marker_says_why() -> None:
    def walk(node: Any, where: str) -> list[str]:
        found = []
        if isinstance(node, dict):
            marker = node.get(MARKER)
            if marker is not None and not (isinstance(marker, dict) and str(marker.get("why") or "").strip()):
                found.append(where)
            for key, value in node.items():
                found += walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                found += walk(value, f"{where}/{i}")
        return found

    assert walk(curated(), "") == []


def test_the_3_13_snapshot_is_older_and_its_v1_writes_and_legacy_fields_are_accounted_for() -> None:
    report = compare_upstream(curated(), snapshot_3_13())
    assert report.age == "older"
    assert report.verdict == "breaking"  # it predates the V2 writes the curated spec covers
    accounted = {(a.change.kind, a.change.location): a for a in report.accounted}
    create = accounted[("operation-added", "CreateOrder (POST /portfolio/orders)")]
    assert create.by == "x-retired-operations"
    assert "CreateOrderV2" in create.why
    assert accounted[("field-removed", "Order.yes_price")].by == "x-kalshi-removed"
    new = _new(report)
    assert (BREAKING, "operation-removed", "CreateOrderV2 (POST /portfolio/events/orders)") in new
    assert (BREAKING, "field-removed", "Order.book_side") in new


def test_the_2_0_snapshot_predates_the_fixed_point_migration() -> None:
    report = compare_upstream(curated(), snapshot_2_0())
    assert report.age == "older"
    assert report.verdict == "breaking"
    new = {(c.kind, c.location) for c in report.new}
    assert ("enum-value-added", "Order.status") in new  # `pending`
    assert ("type-changed", "Order.yes_price") in new  # number cents, required then


def test_extract_surface_keeps_the_compared_operations_and_what_they_reach() -> None:
    upstream = upstream_3_34()
    scope = upstream_scope(curated())
    surface = extract_surface(upstream, scope)
    assert diff_specs(upstream, surface, scope).changes == ()
    assert "/markets/{ticker}/orderbook" not in surface["paths"]
    assert set(surface["paths"]) >= {"/portfolio/orders", "/portfolio/events/orders", "/markets/{ticker}"}
    schemas = surface["components"]["schemas"]
    assert {"Order", "Market", "ErrorResponse", "FixedPointDollars"} <= set(schemas)
    assert "Event" not in schemas and "CreateOrderRequest" not in schemas  # unreached
    assert surface["components"]["securitySchemes"]


# --------------------------------------------------------------------------- the command


@pytest.fixture
def docs(tmp_path: Path) -> dict[str, Path]:
    return {
        "same": write(upstream_3_34(), tmp_path / "same.yaml"),
        "changed": write(upstream_3_34(KALSHI_CHANGED), tmp_path / "changed.yaml"),
        "enum": write(
            upstream_3_34(
                {
                    "components": {
                        "schemas": {"OrderStatus": {"enum": ["resting", "canceled", "executed", "queued"]}}
                    }
                }
            ),
            tmp_path / "enum.yaml",
        ),
    }


def test_cli_nothing_new_exits_0(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--file", str(docs["same"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_OK, result.output
    assert "Nothing new upstream" in result.stdout
    assert "accounted for" in result.stdout


def test_cli_breaking_exits_3_and_names_the_changes(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--file", str(docs["changed"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_BREAKING, result.output
    out = result.stdout
    assert "CreateOrderV2Request.client_order_id" in out
    assert "pending_cancel" in out
    assert "GetOrderFills" in out
    assert "set info.x-upstream-version to 3.35.0" in out


def test_cli_compatible_exits_5(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--file", str(docs["enum"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_NEW_COMPATIBLE, result.output
    assert "none breaking" in result.stdout


def test_cli_all_lists_the_deviations_with_their_reasons(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--all", "--file", str(docs["same"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_OK
    assert "GetOrdersResponse.cursor" in result.stdout
    assert "reads a missing cursor as the last page" in result.stdout


def test_cli_json(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--json", "--file", str(docs["changed"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_BREAKING
    data = json.loads(result.stdout)
    assert data["verdict"] == "breaking"
    assert data["upstream_version"] == "3.35.0"
    assert data["reconciled_version"] == "3.34.0"
    assert {c["kind"] for c in data["new"]} == {"required-changed", "enum-value-added", "operation-added"}
    assert all(a["why"] for a in data["accounted"])


def test_cli_markdown_for_the_job_summary(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--markdown", "--file", str(docs["changed"]), "--spec", str(CURATED))
    assert result.exit_code == EXIT_BREAKING
    md = result.stdout
    assert md.startswith("## 🔴 Kalshi spec drift: breaking")
    assert "| breaking | `CreateOrderV2Request.client_order_id` |" in md
    assert "<details><summary>" in md


def test_cli_save_writes_the_upstream_surface(invoke: Invoke, docs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "surface.yaml"
    result = invoke(
        "spec", "upstream", "--file", str(docs["changed"]), "--spec", str(CURATED), "--save", str(out)
    )
    assert result.exit_code == EXIT_BREAKING
    surface = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "/portfolio/orders/{order_id}/fills" in surface["paths"]
    assert "GetOrderFillsResponse" in surface["components"]["schemas"]


def test_cli_refuses_url_and_file_together(invoke: Invoke, docs: dict[str, Path]) -> None:
    result = invoke("spec", "upstream", "--url", "http://127.0.0.1:9/x", "--file", str(docs["same"]))
    assert result.exit_code == EXIT_USAGE
    assert "alternatives" in result.output


def test_cli_a_file_that_is_not_a_spec_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "page.html"
    bad.write_text("<html>maintenance</html>", encoding="utf-8")
    result = invoke("spec", "upstream", "--file", str(bad), "--spec", str(CURATED))
    assert result.exit_code == EXIT_USAGE
    assert "not an OpenAPI document" in result.output


def test_cli_defaults_to_the_repository_spec_in_a_checkout(
    invoke: Invoke, docs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CURATED.parent.parent)
    result = invoke("spec", "upstream", "--json", "--file", str(docs["same"]))
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout)["curated"] == "openapi/kalshi-orders.yaml"


def test_cli_falls_back_to_the_installed_spec(
    invoke: Invoke, docs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("spec", "upstream", "--json", "--file", str(docs["same"]))
    assert result.exit_code == EXIT_OK, result.output
    assert "installed" in json.loads(result.stdout)["curated"]


def test_the_marked_curated_spec_still_diffs_as_before() -> None:
    # Deviation markers are annotations: `spec diff` of the curated spec against itself is empty.
    spec = curated()
    assert diff_specs(spec, copy.deepcopy(spec)).changes == ()
