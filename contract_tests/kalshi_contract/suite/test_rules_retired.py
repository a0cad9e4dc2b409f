"""Retired endpoints: every V1 write in the spec's `x-retired-operations` answers 410
`deprecated_v1_order_endpoint`."""

from __future__ import annotations

from typing import Any

import pytest

from kalshi_contract import spec
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import error_code, expect_status
from kalshi_contract.safe_data import SafeOrders

pytestmark = [pytest.mark.rule("retired"), pytest.mark.writes]


def _v1_body(operation_id: str, safe: SafeOrders) -> dict[str, Any] | None:
    """A body in the old V1 shape (integer cents, yes/no side), priced safely in case a server took it."""
    order = {
        "ticker": safe.ticker,
        "side": "yes",
        "action": "buy",
        "count": 1,
        "yes_price": 1,
        "type": "limit",
    }
    bodies: dict[str, dict[str, Any]] = {
        "CreateOrder": order,
        "AmendOrder": {"ticker": safe.ticker, "side": "yes", "action": "buy", "yes_price": 1, "count": 1},
        "DecreaseOrder": {"reduce_by": 1},
        "BatchCreateOrders": {"orders": [order]},
        "BatchCancelOrders": {"ids": ["contract-nonexistent-order"]},
    }
    return bodies.get(operation_id)


@pytest.mark.parametrize("operation", spec.retired_operations(), ids=lambda op: op.operation_id)
def test_retired_v1_write_answers_410(
    operation: spec.RetiredOperation, client: ContractClient, safe: SafeOrders
) -> None:
    path = operation.path.replace("{order_id}", "contract-nonexistent-order")
    response = client.request(
        operation.method, path, json=_v1_body(operation.operation_id, safe), operation=operation.operation_id
    )
    if 200 <= response.status_code < 300:  # a server that still takes V1 writes: cancel what it made
        order_id = (json_of(response).get("order") or {}).get("order_id")
        if order_id:
            client.registry.add(str(order_id), safe.ticker)
    expect_status(
        response, 410, rule=f"retired {operation.operation_id} ({operation.method} {operation.path})"
    )
    assert error_code(response) == "deprecated_v1_order_endpoint", (
        f"retired {operation.operation_id}: code {error_code(response)!r}, not deprecated_v1_order_endpoint"
    )
