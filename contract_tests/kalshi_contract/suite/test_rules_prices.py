"""Prices: exactly one price form; prices strictly inside (0, 1) on the tick grid with at most 4 decimals;
every order's yes/no prices sum to exactly 1; an order rests at the price asked."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import pytest

from kalshi_contract import judge
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import check_price_pair, decimal, exchange_of, expect, expect_status, fail_with
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = pytest.mark.rule("prices")

# The legacy price fields (V1, integer cents and dollar strings) that must not ride along with the V2 `price`.
LEGACY_PRICES: dict[str, Any] = {
    "yes_price": 2,
    "no_price": 98,
    "yes_price_dollars": "0.0200",
    "no_price_dollars": "0.9800",
}


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
@pytest.mark.parametrize("legacy", sorted(LEGACY_PRICES))
def test_create_with_both_price_forms_is_rejected(
    legacy: str, client: ContractClient, safe: SafeOrders
) -> None:
    body = {**safe.create_body(side="bid", price="0.02"), legacy: LEGACY_PRICES[legacy]}
    expect_status(
        client.create_order(body), 400, rule=f"a create with `price` and `{legacy}` (two price forms)"
    )


@pytest.mark.writes
@pytest.mark.operation("AmendOrderV2")
@pytest.mark.parametrize("legacy", ["yes_price", "no_price_dollars"])
def test_amend_with_both_price_forms_is_rejected(
    legacy: str, client: ContractClient, safe: SafeOrders, resting_order: dict[str, Any]
) -> None:
    body = safe.amend_body(side="bid", price="0.02", count="2", **{legacy: LEGACY_PRICES[legacy]})
    response = client.amend_order(resting_order["order_id"], body)
    expect_status(response, 400, rule=f"an amend with `price` and `{legacy}` (two price forms)")


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
def test_create_without_price_is_rejected(client: ContractClient, safe: SafeOrders) -> None:
    body = safe.create_body(side="bid")
    del body["price"]
    expect_status(client.create_order(body), 400, rule="a create without any price")


BAD_PRICES = [
    pytest.param("0", id="zero"),
    pytest.param("0.00", id="zero-decimals"),
    pytest.param("1", id="one"),
    pytest.param("1.00", id="one-decimals"),
    pytest.param("-0.02", id="negative"),
    pytest.param("0.02000", id="five-decimals"),
    pytest.param("0.020001", id="six-decimals-off-grid"),
    pytest.param(0.02, id="json-number"),
    pytest.param("off-tick", id="off-tick"),
]


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
@pytest.mark.parametrize("price", BAD_PRICES)
def test_bad_price_is_rejected(price: Any, client: ContractClient, safe: SafeOrders) -> None:
    if price == "off-tick":
        price = safe.off_tick_price  # halfway between two ticks of the configured grid, far below the market
    body = safe.create_body(side="bid", price=price)
    expect_status(client.create_order(body), 400, rule=f"a create at price {price!r}")


@pytest.mark.operation("GetOrders")
def test_listed_orders_prices_sum_to_one(client: ContractClient, target: Target, request: Any) -> None:
    if not target.read_only:
        request.getfixturevalue("resting_order")
    filters = {"ticker": target.ticker} if target.ticker else {}

    def listed() -> list[Any]:
        pages = client.walk_responses(limit=200, max_pages=5, **filters)
        # Checking no order is not a pass: a writable target has the fixture's order (the demo lists it late).
        orders = [order for page in pages for order in json_of(page).get("orders") or []]
        assert orders or target.read_only, "GetOrders lists no order on the ticker although one was placed"
        return pages

    pages = client.eventually(listed)
    if not any(json_of(page).get("orders") for page in pages):
        pytest.skip("no orders to inspect on this read-only target")
    for page in pages:
        fail_with(judge.judge(exchange_of(page), ("prices",)).get("prices", []), page)


@pytest.mark.operation("GetOrder")
def test_fetched_order_prices_sum_to_one(client: ContractClient, target: Target, request: Any) -> None:
    if target.read_only:
        listed = json_of(client.get_orders(limit=5)).get("orders") or []
        if not listed:
            pytest.skip("no orders to inspect on this read-only target")
        order_ids = [order["order_id"] for order in listed]
    else:
        order_ids = [request.getfixturevalue("resting_order")["order_id"]]
    for order_id in order_ids:
        response = client.eventually(functools.partial(_fetch, client, order_id))
        check_price_pair(json_of(response)["order"], response)


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
@pytest.mark.parametrize(("side", "price"), [("bid", "0.03"), ("ask", "0.97")])
def test_order_rests_at_the_price_asked(
    side: str, price: str, client: ContractClient, safe: SafeOrders
) -> None:
    response = client.create_order(safe.create_body(side=side, price=price, count="1"))
    expect_status(response, 201, rule=f"a safe {side} at {price}")
    order_id = json_of(response)["order_id"]
    try:
        fetched = client.eventually(lambda: _fetch(client, order_id))
        order = json_of(fetched)["order"]
        expect(
            order.get("status") == "resting",
            f"order {order_id}, a {side} at {price} far from the market, must rest",
            fetched,
            path="$.order.status",
            value=order.get("status"),
            expected="resting",
        )
        expect(
            decimal(order.get("yes_price_dollars"), "$.order.yes_price_dollars", fetched) == Decimal(price),
            f"order {order_id} must rest at the YES price asked",
            fetched,
            path="$.order.yes_price_dollars",
            value=order.get("yes_price_dollars"),
            expected=price,
        )
        expect(
            order.get("book_side") == side,
            f"order {order_id} must keep the book side asked",
            fetched,
            path="$.order.book_side",
            value=order.get("book_side"),
            expected=side,
        )
        check_price_pair(order, fetched)
    finally:
        client.cancel_order(order_id)


def _fetch(client: ContractClient, order_id: str) -> Any:
    response = client.get_order(order_id)
    assert response.status_code == 200, f"GetOrder {order_id}: {response.status_code} {response.text[:200]}"
    return response
