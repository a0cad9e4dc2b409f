"""Enums: every enum field of every response holds a documented value; an undocumented one sent → 400."""

from __future__ import annotations

from typing import Any

import pytest

from kalshi_contract import spec
from kalshi_contract.client import ContractClient
from kalshi_contract.expect import expect_status
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.samples import assert_check, operation_params

pytestmark = pytest.mark.rule("enums")

# Values that really were sent once (legacy enums, V1 vocabulary): a lenient server is likely to accept them.
UNDOCUMENTED = {
    "status": "pending",
    "side": "buy",
    "time_in_force": "GTC",
    "self_trade_prevention_type": "cancel_both",
}


@pytest.mark.parametrize("operation", operation_params())
def test_response_enums_hold_documented_values(operation: str, samples: dict[str, list[Any]]) -> None:
    assert_check(samples, operation, "enums")


def _request_enum_cases() -> list[Any]:
    cases = []
    for field, allowed in spec.enum_fields(spec.request_schema("CreateOrderV2") or {}).items():
        cases.append(
            pytest.param(
                "CreateOrderV2", field, allowed, marks=pytest.mark.writes, id=f"CreateOrderV2-{field}"
            )
        )
    for field, allowed in spec.enum_fields(spec.request_schema("AmendOrderV2") or {}).items():
        cases.append(
            pytest.param("AmendOrderV2", field, allowed, marks=pytest.mark.writes, id=f"AmendOrderV2-{field}")
        )
    for name, schema in spec.query_parameters("GetOrders").items():
        if "enum" in schema:
            cases.append(pytest.param("GetOrders", name, schema["enum"], id=f"GetOrders-{name}"))
    return cases


@pytest.mark.parametrize(("operation", "field", "allowed"), _request_enum_cases())
def test_undocumented_request_enum_is_rejected(
    operation: str, field: str, allowed: list[str], client: ContractClient, safe: SafeOrders, request: Any
) -> None:
    bad = UNDOCUMENTED.get(field, f"not_a_{field}")
    assert bad not in allowed
    rule = f"{operation} with {field}={bad!r} (documented: {allowed}) must be rejected"
    if operation == "GetOrders":
        response = client.get_orders(**{field: bad, "limit": 1})
    elif operation == "CreateOrderV2":
        response = client.create_order(safe.create_body(**{field: bad}))
    else:
        order = request.getfixturevalue("resting_order")
        body = safe.amend_body(side="bid", price="0.02", count="2")
        body[field] = bad
        response = client.amend_order(order["order_id"], body)
    expect_status(response, 400, rule=rule)
