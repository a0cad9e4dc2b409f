"""Queue positions agree with the book: of two resting orders at one price, the later one has at least the
earlier one's contracts ahead of it (price-time priority); when the earlier one leaves, the later one moves
up by its size; only resting orders have a position.

Live-safe: the orders are small bids far below the market, cancelled at once. Other members may rest at the
same far price, so on a live API the rules compare our own orders (what others add behind ours changes
nothing; what they cancel ahead of ours only lowers both). That a new order has exactly the account's earlier
orders at its price ahead of it is checked on the sandbox only, where nobody else trades.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import decimal, expect, expect_status
from kalshi_contract.lifecycle import place
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("queue"), pytest.mark.writes]

POSITIONS = "/portfolio/orders/queue_positions"


def _positions(client: ContractClient, ticker: str) -> tuple[httpx.Response, dict[str, Decimal]]:
    response = client.request(
        "GET", POSITIONS, params={"market_tickers": ticker}, operation="GetOrderQueuePositions"
    )
    expect_status(response, 200, rule=f"GetOrderQueuePositions of {ticker}")
    items: list[Any] = json_of(response).get("queue_positions") or []
    found = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("order_id"), str):
            found[item["order_id"]] = decimal(
                item.get("queue_position_fp"), f"$.queue_positions[{index}].queue_position_fp", response
            )
    return response, found


def _position(client: ContractClient, order_id: str) -> tuple[httpx.Response, Decimal]:
    response = client.request(
        "GET", f"/portfolio/orders/{order_id}/queue_position", operation="GetOrderQueuePosition"
    )
    expect_status(response, 200, rule=f"GetOrderQueuePosition of the resting order {order_id}")
    return response, decimal(json_of(response).get("queue_position_fp"), "$.queue_position_fp", response)


@pytest.mark.operation("GetOrderQueuePositions")
def test_a_later_order_at_one_price_queues_behind_the_earlier(
    client: ContractClient, safe: SafeOrders
) -> None:
    first = place(client, safe, price="0.03", count="3")
    second = place(client, safe, price="0.03", count="1")
    try:
        # One snapshot holds both: whatever else rests at 0.03, everything ahead of the first order is
        # ahead of the second too, and so is the first order itself.
        response, found = _positions(client, safe.ticker)
        for order_id in (first, second):
            expect(
                order_id in found,
                f"GetOrderQueuePositions?market_tickers={safe.ticker} must list the resting order {order_id}",
                response,
                path="$.queue_positions",
                value=sorted(found),
            )
        expect(
            found[second] >= found[first] + 3,
            "of two resting bids at 0.03, the later one must have the earlier one's 3 contracts (and all "
            "that is ahead of it) ahead of it",
            response,
            path="$.queue_positions[*].queue_position_fp",
            value=f"earlier {found[first]}, later {found[second]}",
            expected=f">= {found[first] + 3}",
        )
        single, alone = _position(client, second)
        expect(
            alone >= 3,
            "GetOrderQueuePosition of the later bid must count the earlier bid's 3 contracts ahead of it",
            single,
            path="$.queue_position_fp",
            value=str(alone),
            expected=">= 3.00",
        )
        client.cancel_order(first)
        after, moved = _position(client, second)
        expect(
            moved <= alone - 3,
            "when the earlier bid is cancelled, the later one must move up by its 3 contracts",
            after,
            path="$.queue_position_fp",
            value=str(moved),
            expected=f"<= {alone - 3}",
        )
    finally:
        client.cancel_order(first)
        client.cancel_order(second)


def _resting_ahead(client: ContractClient, safe: SafeOrders, price: str) -> Decimal:
    """What the suite's own account already rests as bids at ``price``: all of it queued before a new bid."""
    total = Decimal(0)
    for order in client.walk_order_list(ticker=safe.ticker, status="resting", limit=200):
        if order.get("book_side") == "bid" and Decimal(str(order.get("yes_price_dollars"))) == Decimal(price):
            total += Decimal(str(order.get("remaining_count_fp", "0")))
    return total


@pytest.mark.operation("GetOrderQueuePosition")
def test_only_resting_orders_have_a_position(
    client: ContractClient, safe: SafeOrders, target: Target
) -> None:
    ours = _resting_ahead(client, safe, "0.01")
    order_id = place(client, safe, price="0.01", count="1")
    try:
        response, ahead = _position(client, order_id)
        # Our own earlier bids at 0.01 are ahead of it; on a live API other members' may be too.
        expect(
            ahead >= ours,
            f"a new bid at 0.01 must have the account's {ours} contracts resting there before it ahead of it",
            response,
            path="$.queue_position_fp",
            value=str(ahead),
            expected=f">= {ours:.2f}",
        )
        if target.kind == "sandbox":  # nobody else trades there: exactly those
            expect(
                ahead == ours,
                "on the sandbox, a new bid at 0.01 has exactly the account's earlier bids there ahead of it",
                response,
                path="$.queue_position_fp",
                value=str(ahead),
                expected=f"{ours:.2f}",
            )
    finally:
        client.cancel_order(order_id)
    response = client.request(
        "GET", f"/portfolio/orders/{order_id}/queue_position", operation="GetOrderQueuePosition"
    )
    expect_status(response, 404, rule=f"GetOrderQueuePosition of the cancelled order {order_id}")
