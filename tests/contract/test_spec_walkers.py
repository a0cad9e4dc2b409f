"""The enum and required-field walkers find violations anywhere in a body, and nothing in a valid one."""

from __future__ import annotations

import copy

from kalshi_contract import spec

ORDER = copy.deepcopy(spec.component("Order")["example"])


def _page(*orders: dict[str, object]) -> dict[str, object]:
    return {"orders": list(orders), "cursor": ""}


def test_a_valid_page_has_no_violations() -> None:
    _, schema = spec.success_schema("GetOrders")
    assert schema is not None
    assert spec.enum_violations(schema, _page(ORDER)) == []
    assert spec.missing_required(schema, _page(ORDER)) == []


def test_an_undocumented_enum_value_deep_in_a_page_is_found() -> None:
    _, schema = spec.success_schema("GetOrders")
    assert schema is not None
    broken = {**ORDER, "status": "pending", "self_trade_prevention_type": "cancel_both"}
    problems = spec.enum_violations(schema, _page(ORDER, broken))
    assert any("$.orders[1].status = 'pending'" in p for p in problems)
    assert any("self_trade_prevention_type" in p for p in problems)


def test_a_missing_required_field_is_found_and_nulls_are_not_enum_violations() -> None:
    _, schema = spec.success_schema("GetOrder")
    assert schema is not None
    broken = {k: v for k, v in ORDER.items() if k != "no_price_dollars"}
    broken["self_trade_prevention_type"] = None  # nullable: not an enum violation
    assert spec.missing_required(schema, {"order": broken}) == ["$.order.no_price_dollars is missing"]
    assert spec.enum_violations(schema, {"order": broken}) == []
    assert spec.missing_required(schema, {}) == ["$.order is missing"]


def test_operations_and_retired_operations_come_from_the_spec() -> None:
    ids = {op.operation_id for op in spec.operations()}
    assert {"GetOrders", "GetOrder", "CreateOrderV2", "CancelAllOrders"} <= ids
    retired = {op.operation_id: op for op in spec.retired_operations()}
    assert retired["CreateOrder"].method == "POST" and retired["CreateOrder"].path == "/portfolio/orders"
    assert spec.enum_fields(spec.request_schema("CreateOrderV2") or {})["side"] == ["bid", "ask"]
