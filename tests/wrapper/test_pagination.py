from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from kalshi_orders import OrderValidationError, PaginationError, ServerError
from kalshi_orders_api.models.order_status import OrderStatus

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi


def _inject_walk_faults(kalshi: FakeKalshi) -> None:
    # A 500, a 429, a 502 with an HTML body and a dropped read, spread over the walk.
    kalshi.fail("GetOrders", "500", on_call=1)  # first page
    kalshi.fail("GetOrders", "429", on_call=3)  # second page
    kalshi.fail("GetOrders", "502_html", on_call=4)  # second page again
    kalshi.fail("GetOrders", "read_timeout", on_call=8)  # fifth page


def test_5000_orders_over_5_pages_with_faults_each_exactly_once(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    seeded = kalshi.seed(5000)
    _inject_walk_faults(kalshi)
    client = make_client()
    pager = client.orders.list(limit=1000)
    seen = Counter(order.order_id for order in pager)
    assert len(seen) == 5000
    assert set(seen.values()) == {1}
    assert set(seen) == {o["order_id"] for o in seeded}
    assert pager.complete and pager.pages_fetched == 5 and pager.next_cursor is None
    # 5 pages + 4 retried failures; the retries resent the cursor they failed on.
    gets = kalshi.requests_for("GetOrders")
    assert len(gets) == 9
    cursors = [r.url.params.get("cursor") for r in gets]
    assert [c for c in dict.fromkeys(cursors)] == [None, "c1000", "c2000", "c3000", "c4000"]


def test_async_5000_orders_over_5_pages_with_faults_each_exactly_once(
    kalshi: FakeKalshi, make_async_client: AsyncClientFactory
) -> None:
    kalshi.seed(5000)
    _inject_walk_faults(kalshi)

    async def walk() -> tuple[Counter[str], int, bool]:
        async with make_async_client() as client:
            pager = client.orders.list(limit=1000)
            seen: Counter[str] = Counter()
            async for order in pager:
                seen[order.order_id] += 1
            return seen, pager.pages_fetched, pager.complete

    seen, pages, complete = asyncio.run(walk())
    assert len(seen) == 5000 and set(seen.values()) == {1}
    assert pages == 5 and complete
    assert len(kalshi.requests_for("GetOrders")) == 9


def test_filters_and_limit_resent_on_every_page(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(25, status="resting")
    kalshi.seed(5, ticker="OTHER-TICKER")
    client = make_client()
    orders = list(client.orders.list(ticker=TICKER, status="resting", limit=10, subaccount=0))
    assert len(orders) == 25
    gets = kalshi.requests_for("GetOrders")
    assert len(gets) == 3
    for request in gets:
        params = request.url.params
        assert params["ticker"] == TICKER
        assert params["status"] == "resting"
        assert params["limit"] == "10"
        assert params["subaccount"] == "0"
    assert [r.url.params.get("cursor") for r in gets] == [None, "c10", "c20"]


def test_lazy_one_page_at_a_time(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(30)
    pager = make_client().orders.list(limit=10)
    assert kalshi.calls.get("GetOrders", 0) == 0  # nothing fetched before iteration
    iterator = iter(pager)
    next(iterator)
    assert kalshi.calls["GetOrders"] == 1


def test_cursor_loop_detected(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(30)
    kalshi.loop_cursor = True  # page 2 answers cursor c10 again
    pager = make_client().orders.list(limit=10)
    delivered: list[str] = []

    def consume() -> None:
        delivered.extend(order.order_id for order in pager)

    with pytest.raises(PaginationError) as info:
        consume()
    assert info.value.cursor == "c10"
    assert len(delivered) == 20  # both pages delivered before refusing to follow the loop
    assert len(kalshi.requests_for("GetOrders")) == 2


def test_page_budget_then_resume_from_next_cursor(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(35)
    client = make_client()
    first = client.orders.list(limit=10, max_pages=2)
    got = [o.order_id for o in first]
    assert len(got) == 20
    assert first.pages_fetched == 2 and not first.complete and first.next_cursor == "c20"
    rest = client.orders.list(limit=10, cursor=first.next_cursor)
    got += [o.order_id for o in rest]
    assert rest.complete and rest.pages_fetched == 2
    assert len(got) == 35 == len(set(got))


def test_failure_mid_walk_keeps_cursor_for_resume(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(30)
    kalshi.faults.clear()
    client = make_client()
    pager = client.orders.list(limit=10)
    pages = pager.pages()
    assert len(next(pages)) == 10
    kalshi.fail("GetOrders", "500", times=3)  # more than the 3 attempts allow
    with pytest.raises(ServerError):
        next(pages)
    assert pager.next_cursor == "c10" and not pager.complete
    resumed = list(client.orders.list(limit=10, cursor=pager.next_cursor))
    assert len(resumed) == 20


def test_null_orders_and_missing_cursor_end_the_walk(clock: FakeClock, make_client: ClientFactory) -> None:
    bodies = [b'{"orders": null, "cursor": "next"}', b'{"orders": []}']

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bodies.pop(0), headers={"content-type": "application/json"})

    pager = make_client(transport=httpx.MockTransport(handler)).orders.list()
    assert [(list(page), page.cursor) for page in pager.pages()] == [([], "next"), ([], None)]
    assert pager.complete and pager.pages_fetched == 2


def test_raw_list_returns_one_page(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(15)
    raw = make_client().orders.with_raw_response.list(limit=10)
    assert raw.status_code == 200 and raw.method == "GET" and raw.path == "/portfolio/orders"
    page = raw.parsed()
    assert len(page) == 10 and page.cursor == "c10"


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "pending"}, "status must be one of"),
        ({"status": OrderStatus("weird")}, "status must be one of"),
        ({"limit": 0}, "limit must be an int from 1 to 1000"),
        ({"limit": 1001}, "limit must be an int from 1 to 1000"),
        ({"event_ticker": ",".join(f"E{i}" for i in range(11))}, "at most 10"),
        ({"subaccount": 64}, "subaccount must be an int from 0 to 63"),
        ({"subaccount": -1}, "subaccount must be an int from 0 to 63"),
        ({"max_pages": 0}, "max_pages"),
        ({"min_ts": 10, "max_ts": 5}, "after max_ts"),
    ],
)
def test_bad_filters_rejected_before_sending(
    kalshi: FakeKalshi, make_client: ClientFactory, filters: dict[str, object], message: str
) -> None:
    with pytest.raises(OrderValidationError, match=message):
        make_client().orders.list(**filters)
    assert kalshi.requests == []


def test_pager_exposes_the_last_raw_response(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(5)
    pager = make_client().orders.list(limit=2)
    assert pager.last_response is None
    assert len(list(pager)) == 5
    raw = pager.last_response
    assert raw is not None and raw.status_code == 200 and raw.method == "GET"
    assert len(raw.parsed()) == 1 and raw.parsed().cursor is None
