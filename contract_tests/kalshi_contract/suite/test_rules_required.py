"""Required fields: every required field is present in every response; a request missing one → 400."""

from __future__ import annotations

from typing import Any

import pytest

from kalshi_contract import spec
from kalshi_contract.client import EVENT_ORDERS, ContractClient
from kalshi_contract.expect import expect_status
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.samples import assert_check, operation_params

pytestmark = pytest.mark.rule("required")


@pytest.mark.parametrize("operation", operation_params())
def test_responses_carry_every_required_field(operation: str, samples: dict[str, list[Any]]) -> None:
    assert_check(samples, operation, "required")


def _required(operation: str) -> list[str]:
    return list((spec.request_schema(operation) or {}).get("required", []))


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
@pytest.mark.parametrize("field", _required("CreateOrderV2"))
def test_create_missing_a_required_field_is_rejected(
    field: str, client: ContractClient, safe: SafeOrders
) -> None:
    body = safe.create_body(side="bid", price="0.02")
    del body[field]
    expect_status(client.create_order(body), 400, rule=f"a create without `{field}`")


@pytest.mark.writes
@pytest.mark.operation("AmendOrderV2")
@pytest.mark.parametrize("field", _required("AmendOrderV2"))
def test_amend_missing_a_required_field_is_rejected(
    field: str, client: ContractClient, safe: SafeOrders, resting_order: dict[str, Any]
) -> None:
    body = safe.amend_body(side="bid", price="0.02", count="2")
    del body[field]
    expect_status(
        client.amend_order(resting_order["order_id"], body), 400, rule=f"an amend without `{field}`"
    )


@pytest.mark.writes
@pytest.mark.operation("DecreaseOrderV2")
@pytest.mark.parametrize("body", [{}, {"reduce_by": "1", "reduce_to": "1"}], ids=["neither", "both"])
def test_decrease_needs_exactly_one_of_reduce_by_and_reduce_to(
    body: dict[str, Any], client: ContractClient, resting_order: dict[str, Any]
) -> None:
    response = client.decrease_order(resting_order["order_id"], body)
    expect_status(response, 400, rule=f"a decrease with {sorted(body) or 'neither reduce_by nor reduce_to'}")


@pytest.mark.writes
@pytest.mark.parametrize(
    ("operation", "method"), [("BatchCreateOrdersV2", "POST"), ("BatchCancelOrdersV2", "DELETE")]
)
def test_batch_without_orders_is_rejected(operation: str, method: str, client: ContractClient) -> None:
    response = client.request(method, f"{EVENT_ORDERS}/batched", json={}, operation=operation)
    expect_status(response, 400, rule=f"{operation} without `orders`")
