"""The cached JSON form of orders: GetOrders pages joined from it equal the dict path, and stay current."""

from __future__ import annotations

import orjson

from kalshi_sandbox.exchange import Exchange

from .exchange_support import ALICE, Clock, body


def _walk(exchange: Exchange, limit: int) -> list[tuple[list[bytes], list[dict[str, object]], str]]:
    pages = []
    cursor = None
    while True:
        encoded, next_cursor = exchange.list_orders_json(ALICE, limit=limit, cursor=cursor)
        orders, dict_cursor = exchange.list_orders(ALICE, limit=limit, cursor=cursor)
        assert next_cursor == dict_cursor
        pages.append((encoded, orders, next_cursor))
        if not next_cursor:
            return pages
        cursor = next_cursor


def test_json_pages_carry_the_same_orders_as_dict_pages() -> None:
    exchange = Exchange(clock=Clock(), cursor_secret=b"test-secret")
    exchange.seed_orders(ALICE, 250, seed=3)
    pages = _walk(exchange, 100)
    assert [len(encoded) for encoded, _, _ in pages] == [100, 100, 50]
    for encoded, orders, _ in pages:
        assert [orjson.loads(item) for item in encoded] == orders
        assert b"[" + b",".join(encoded) + b"]" == orjson.dumps(orders)


def test_cached_json_follows_every_change_to_the_order() -> None:
    clock = Clock()
    exchange = Exchange(clock=clock, cursor_secret=b"test-secret")
    created = exchange.create_order(ALICE, body(count="10", price="0.30"))
    order_id = created["order_id"]
    (before,), _ = exchange.list_orders_json(ALICE, limit=1)  # caches the resting order's JSON
    assert orjson.loads(before)["status"] == "resting"

    clock.advance(1)
    exchange.decrease_order(ALICE, order_id, {"reduce_to": "4"})
    (decreased,), _ = exchange.list_orders_json(ALICE, limit=1)
    assert orjson.loads(decreased)["remaining_count_fp"] == "4.00"

    clock.advance(1)
    exchange.cancel_order(ALICE, order_id)
    (canceled,), _ = exchange.list_orders_json(ALICE, limit=1)
    assert orjson.loads(canceled)["status"] == "canceled"
    assert orjson.loads(canceled) == exchange.get_order(ALICE, order_id)


def test_to_wire_gives_a_fresh_dict_each_time() -> None:
    exchange = Exchange(clock=Clock(), cursor_secret=b"test-secret")
    exchange.seed_orders(ALICE, 1)
    (order,), _ = exchange.list_orders(ALICE, limit=1)
    order["status"] = "tampered"
    (again,), _ = exchange.list_orders(ALICE, limit=1)
    assert again["status"] != "tampered"
