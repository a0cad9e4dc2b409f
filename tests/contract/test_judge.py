"""The exchange checks: schema failures name the deepest field (never an anyOf/oneOf wrapper), invariants,
the error envelope, filters and ordering judge what a response says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kalshi_contract import judge, spec
from kalshi_contract.plugin import module_rule
from kalshi_contract.settings import RULES

ORDER: dict[str, Any] = {
    **spec.component("Order")["example"],
    "order_id": "o-1",
}


def _ex(operation: str, status: int, body: Any, query: dict[str, str] | None = None) -> judge.Exchange:
    return judge.Exchange(operation, "GET", "/x", query or {}, status, "application/json", body, "x")


def test_schema_failure_names_the_deepest_field_and_what_was_expected() -> None:
    findings = judge.schema_findings("GetOrder", 404, {"error": {"code": 5, "message": "m"}})
    assert findings[0].path == "$.error.code" and findings[0].expected == "type string"
    nullable = {"order": {**ORDER, "last_update_time": 7}}  # a nullable field: anyOf[string, null]
    found = judge.schema_findings("GetOrder", 200, nullable)
    assert found[0].path == "$.order.last_update_time" and "string" in found[0].expected
    assert "anyOf" not in found[0].expected and "oneOf" not in found[0].expected
    pattern = judge.schema_findings("GetOrder", 200, {"order": {**ORDER, "fill_count_fp": "1"}})
    assert pattern[0].path == "$.order.fill_count_fp" and pattern[0].expected.startswith("a string matching")
    enum = judge.schema_findings("GetOrder", 200, {"order": {**ORDER, "status": "pending"}})
    assert enum[0].path == "$.order.status" and enum[0].expected.startswith("one of")
    missing = judge.schema_findings(
        "GetOrder", 200, {"order": {k: v for k, v in ORDER.items() if k != "ticker"}}
    )
    assert missing[0].path == "$.order.ticker" and missing[0].value == "(missing)"


def test_an_undocumented_status_is_a_schema_finding() -> None:
    found = judge.judge(_ex("CreateOrderV2", 200, {"order_id": "x"}), ("schema",))["schema"]
    assert found[0].path == "status" and found[0].value == 200


def test_invariants_judge_every_entry() -> None:
    good = _ex("GetOrder", 200, {"order": ORDER})
    assert judge.judge(good, ("invariants",))["invariants"] == []
    broken = {
        **ORDER,
        "initial_count_fp": "1.00",
        "last_update_time": "2026-11-23T14:00:00Z",
        "status": "canceled",
        "no_price_dollars": "0.4500",
    }
    found = judge.judge(_ex("GetOrders", 200, {"orders": [broken]}), ("invariants",))["invariants"]
    ids = {f.what.rsplit("[", 1)[1].rstrip("]") for f in found}
    assert ids == set(judge.INVARIANTS)
    assert {f.path for f in found} >= {"$.orders[0].initial_count_fp", "$.orders[0].remaining_count_fp"}


def test_error_envelope_needs_a_code_and_the_documented_one() -> None:
    ok = judge.envelope_findings(_ex("GetOrder", 404, {"error": {"code": "order_not_found", "message": "m"}}))
    assert ok == []
    assert judge.envelope_findings(_ex("GetOrders", 429, {"error": "too many requests"})) == []
    renamed = judge.envelope_findings(_ex("GetOrder", 404, {"error": {"code": "not_found"}}))
    assert renamed[0].path == "$.error.code" and "order_not_found" in renamed[0].expected
    no_code = judge.envelope_findings(_ex("GetOrders", 400, {"error": {"message": "bad"}}))
    assert no_code[0].value == "(missing)"
    text = judge.Exchange("GetOrders", "GET", "/x", {}, 400, "text/plain", None, "Bad Request")
    assert judge.envelope_findings(text)[0].path == "content-type"
    assert judge.envelope_findings(_ex("GetOrders", 401, {"error": {"code": "authentication_error"}})) == []


def test_filters_and_ordering() -> None:
    other = {**ORDER, "order_id": "o-2", "ticker": "KXOTHER-26DEC31-X", "subaccount_number": 2}
    page = _ex(
        "GetOrders",
        200,
        {"orders": [ORDER, other]},
        {"event_ticker": "KXNONE,KXSANDBOX-26DEC31", "subaccount": "0"},
    )
    found = judge.judge(page, ("filters",))["filters"]
    assert {f.path for f in found} == {"$.orders[1].ticker", "$.orders[1].subaccount_number"}
    older = {**ORDER, "order_id": "o-0", "created_time": "2026-11-01T00:00:00Z"}
    assert judge.judge(_ex("GetOrders", 200, {"orders": [ORDER, older]}), ("ordering",))["ordering"] == []
    wrong = judge.judge(_ex("GetOrders", 200, {"orders": [older, ORDER]}), ("ordering",))["ordering"]
    assert wrong[0].path == "$.orders[1].created_time"


def test_every_suite_module_is_named_for_its_rule() -> None:
    suite = Path(judge.__file__).parent / "suite"
    rules = {module_rule(path.name) for path in suite.glob("test_*.py")}
    assert rules == set(RULES)
    for path in suite.glob("test_*.py"):
        assert f'rule("{module_rule(path.name)}")' in path.read_text(), path.name
