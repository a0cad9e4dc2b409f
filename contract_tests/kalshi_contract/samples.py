"""One successful response of every operation that returns a body, for the response-wide rules (enums,
required fields). A short, safe order lifecycle on the configured ticker produces them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from . import judge
from .client import ContractClient, json_of
from .safe_data import SafeOrders

BODY_OPERATIONS = (
    "GetOrders",
    "GetOrder",
    "CreateOrderV2",
    "AmendOrderV2",
    "DecreaseOrderV2",
    "CancelOrderV2",
    "BatchCreateOrdersV2",
    "BatchCancelOrdersV2",
)


def collect(client: ContractClient, safe: SafeOrders, *, read_only: bool) -> dict[str, list[Any]]:
    """Operation id → its 2xx responses seen while walking an order through its life."""
    found: dict[str, list[Any]] = defaultdict(list)

    def keep(operation: str, response: Any) -> dict[str, Any]:
        body = json_of(response)
        if 200 <= response.status_code < 300:
            found[operation].append(response)
        return body

    if read_only:
        first = keep("GetOrders", client.get_orders(limit=20))
        for order in (first.get("orders") or [])[:3]:
            keep("GetOrder", client.get_order(order["order_id"]))
        return found

    created = keep(
        "CreateOrderV2", client.create_order(safe.create_body(side="bid", price="0.03", count="3"))
    )
    order_id = str(created.get("order_id") or "")
    if order_id:
        client.eventually(lambda: _assert_ok(client.get_order(order_id)))
        keep("GetOrder", client.get_order(order_id))
        keep("GetOrders", client.get_orders(ticker=safe.ticker, limit=50))
        amended = keep(
            "AmendOrderV2", client.amend_order(order_id, safe.amend_body(side="bid", price="0.04", count="3"))
        )
        order_id = str(amended.get("order_id") or order_id)
        keep("DecreaseOrderV2", client.decrease_order(order_id, {"reduce_by": "1"}))
        keep("GetOrder", client.get_order(order_id))
        keep("CancelOrderV2", client.cancel_order(order_id))
        keep("GetOrder", client.get_order(order_id))  # a canceled order
    batch = keep(
        "BatchCreateOrdersV2",
        client.batch_create(
            [safe.create_body(side="bid", price="0.01"), safe.create_body(side="ask", price="0.99")]
        ),
    )
    ids = [
        item["order_id"]
        for item in batch.get("orders") or []
        if isinstance(item, dict) and item.get("order_id")
    ]
    keep("GetOrders", client.get_orders(ticker=safe.ticker, status="resting", limit=50))
    if ids:
        cancelled = keep("BatchCancelOrdersV2", client.batch_cancel(ids))
        for item in cancelled.get("orders") or []:
            if isinstance(item, dict) and item.get("order_id") and not item.get("error"):
                client.registry.forget(str(item["order_id"]))
    return found


def _assert_ok(response: Any) -> None:
    assert response.status_code == 200, f"GetOrder {response.status_code}"


def operation_params() -> list[Any]:
    """pytest params, one per operation with a body; writes are marked (skipped on a read-only target)."""
    return [
        pytest.param(op, marks=() if op.startswith("Get") else pytest.mark.writes, id=op)
        for op in BODY_OPERATIONS
    ]


def assert_check(samples: dict[str, list[Any]], operation: str, check: str) -> None:
    """Run a judge check (enums, required) over an operation's sample responses; raise the first finding."""
    from .expect import exchange_of, fail_with

    responses = samples.get(operation) or []
    if not responses:
        from .plugin import active_session

        # On a writable target the lifecycle must have produced one: checking nothing is not a pass.
        assert active_session().open().read_only, (
            f"no successful {operation} response to inspect: the sample order lifecycle failed "
            "(see the cassette for what the target answered)"
        )
        pytest.skip(f"no successful {operation} response to inspect (no orders on a read-only target)")
    for response in responses:
        fail_with(judge.judge(exchange_of(response, operation), (check,)).get(check, []), response)
