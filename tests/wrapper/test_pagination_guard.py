"""Servers whose pagination never ends, or repeats itself (issue 11, failure 6): the walk stops with a
PaginationError that says what happened, after delivering every order once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kalshi_orders import PaginationError
from kalshi_orders._pagination import MAX_EMPTY_PAGES

from .conftest import ClientFactory, FakeKalshi

Handler = Callable[[httpx.Request], httpx.Response]


def _page(kalshi: FakeKalshi, orders: list[dict[str, Any]], cursor: str) -> httpx.Response:
    return httpx.Response(200, json={"orders": [kalshi._public(o) for o in orders], "cursor": cursor})


def _client_for(make_client: ClientFactory, handler: Handler) -> Any:
    return make_client(transport=httpx.MockTransport(handler))


def test_a_fresh_cursor_with_every_empty_page_stops_after_the_stated_number(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    requests: list[httpx.Request] = []

    def endless(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        assert len(requests) <= 50, "the walk follows a server that never ends"
        return _page(kalshi, [], f"fresh-{len(requests)}")

    with pytest.raises(PaginationError) as info:
        list(_client_for(make_client, endless).orders.list(limit=100))
    assert len(requests) == MAX_EMPTY_PAGES == 10
    assert info.value.reason == "empty_pages"
    assert "10 pages in a row with no new order" in str(info.value)


def test_a_few_empty_pages_then_orders_are_followed(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    orders = kalshi.seed(3)
    calls: list[int] = []

    def sparse(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        n = len(calls)
        if n <= MAX_EMPTY_PAGES - 1:
            return _page(kalshi, [], f"c{n}")
        return _page(kalshi, orders, "")

    got = list(_client_for(make_client, sparse).orders.list())
    assert [o.order_id for o in got] == [o["order_id"] for o in orders]


def test_the_same_page_under_new_cursors_is_refused(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    orders = kalshi.seed(5)
    calls: list[int] = []

    def replay(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        assert len(calls) <= 50, "the walk follows a server that never ends"
        return _page(kalshi, orders, f"new-{len(calls)}")

    pager = _client_for(make_client, replay).orders.list(limit=5)
    delivered: list[str] = []
    with pytest.raises(PaginationError) as info:
        delivered.extend(o.order_id for o in pager)
    assert info.value.reason == "repeated_page"
    assert len(calls) == 2
    assert delivered == [o["order_id"] for o in orders]  # once, not twice


def test_orders_repeated_across_adjacent_pages_are_delivered_once(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    orders = kalshi.seed(6)

    def shifted(request: httpx.Request) -> httpx.Response:
        # An offset cursor over a list that grew: the last order of page 1 shows again at the top of page 2.
        if not request.url.params.get("cursor"):
            return _page(kalshi, orders[:3], "p2")
        return _page(kalshi, orders[2:], "")

    got = [o.order_id for o in _client_for(make_client, shifted).orders.list(limit=3)]
    assert got == [o["order_id"] for o in orders]
