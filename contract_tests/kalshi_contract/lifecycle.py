"""Small order steps the rules share: place a safe order and wait until the API shows it, read an order,
find an order in a walk. Every wait is a short poll (the demo shows writes ~0.5 s late), never a sleep."""

from __future__ import annotations

from typing import Any

import httpx

from .client import ContractClient, json_of
from .expect import expect_status, violation
from .safe_data import SafeOrders

UNKNOWN_ORDER_ID = "00000000-0000-4000-8000-00000000c0de"  # well formed (malformed ids get 400 first)
UNKNOWN_TICKER = "KXCONTRACTNONE-00JAN01-X1"
UNKNOWN_EVENT = "KXCONTRACTNONE-00JAN01"


def event_of(ticker: str) -> str:
    """A market ticker is its event ticker plus "-" and the market's own suffix."""
    return ticker.rsplit("-", 1)[0]


def place(
    client: ContractClient, safe: SafeOrders, *, side: str = "bid", price: str = "0.02", count: str = "2"
) -> str:
    """A safe resting order (far from the market); returns its id once GetOrder shows it."""
    response = client.create_order(safe.create_body(side=side, price=price, count=count))
    expect_status(response, 201, rule=f"a safe {side} at {price} x {count}")
    order_id = str(json_of(response)["order_id"])
    client.eventually(lambda: read(client, order_id))
    return order_id


def read(client: ContractClient, order_id: str) -> tuple[httpx.Response, dict[str, Any]]:
    response = client.get_order(order_id)
    expect_status(response, 200, rule=f"GetOrder of order {order_id}")
    order = json_of(response).get("order")
    if not isinstance(order, dict):
        raise violation("GetOrder must answer {order: {...}}", response, path="$.order", value=order)
    return response, order


def read_until(
    client: ContractClient, order_id: str, **expected: Any
) -> tuple[httpx.Response, dict[str, Any]]:
    """Read the order until its fields show `expected` (the demo applies writes ~0.5 s late); the last
    reading if they never do."""
    last: list[tuple[httpx.Response, dict[str, Any]]] = []

    def check() -> None:
        found = read(client, order_id)
        last[:] = [found]
        assert all(found[1].get(k) == v for k, v in expected.items())

    try:
        client.eventually(check)
    except AssertionError:
        if not last:
            raise
    return last[0]


def cancel(client: ContractClient, order_id: str) -> None:
    expect_status(client.cancel_order(order_id), 200, rule=f"cancel of the resting order {order_id}")
