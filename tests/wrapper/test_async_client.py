from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from kalshi_orders import AsyncKalshiClient, OrderValidationError, PaginationError, RetryPolicy

from .conftest import TICKER, AsyncClientFactory, FakeClock, FakeKalshi


def test_async_surface_matches_sync(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    kalshi.seed(12)

    async def go() -> None:
        async with make_async_client() as client:
            created = await client.orders.create(ticker=TICKER, book_side="bid", price="0.45", count="2.5")
            assert created.remaining_count == Decimal("2.50")
            order = await client.orders.get(created.order_id)
            assert order.client_order_id == created.client_order_id
            amended = await client.orders.amend(
                created.order_id, ticker=TICKER, book_side="bid", price="0.4", count=3
            )
            assert amended.remaining_count == Decimal("3.00")
            decreased = await client.orders.decrease(created.order_id, reduce_by=1)
            assert decreased.remaining_count == Decimal("2.00")
            cancelled = await client.orders.cancel(created.order_id)
            assert cancelled.reduced_by == Decimal("2.00")
            raw = await client.orders.with_raw_response.list(limit=5)
            assert raw.status_code == 200 and len(raw.parsed()) == 5
            pages = [len(page) async for page in client.orders.list(limit=5).pages()]
            assert pages == [5, 5, 3]
            batch = await client.orders.batch_create(
                [{"ticker": TICKER, "book_side": "ask", "price": "0.7", "count": 1}]
            )
            assert batch.ok
            cancels = await client.orders.batch_cancel([batch[0].order_id or ""])
            assert cancels.ok
            assert await client.orders.cancel_all() is None

    asyncio.run(go())


def test_async_retries_sleep_without_blocking(
    kalshi: FakeKalshi, clock: FakeClock, make_async_client: AsyncClientFactory
) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("GetOrder", "500", times=2)

    async def go() -> str:
        async with make_async_client(retry=RetryPolicy(rng=lambda: 1.0)) as client:
            return (await client.orders.get(seeded["order_id"])).order_id

    assert asyncio.run(go()) == seeded["order_id"]
    assert clock.sleeps == [0.25, 0.5]
    stamps = {r.headers["KALSHI-ACCESS-TIMESTAMP"] for r in kalshi.requests_for("GetOrder")}
    assert len(stamps) == 3


def test_async_cursor_loop_and_budget(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    kalshi.seed(30)

    async def go() -> None:
        async with make_async_client() as client:
            pager = client.orders.list(limit=10, max_pages=1)
            assert len([o async for o in pager]) == 10
            assert pager.next_cursor == "c10" and not pager.complete
            kalshi.loop_cursor = True
            with pytest.raises(PaginationError):
                async for _ in client.orders.list(limit=10, cursor=pager.next_cursor):
                    pass
            with pytest.raises(OrderValidationError):
                client.orders.list(limit=5000)

    asyncio.run(go())


def test_async_concurrent_calls_share_one_client(
    kalshi: FakeKalshi, make_async_client: AsyncClientFactory
) -> None:
    seeded = kalshi.seed(20)

    async def go() -> list[str]:
        async with make_async_client() as client:
            assert isinstance(client, AsyncKalshiClient)
            orders = await asyncio.gather(*(client.orders.get(o["order_id"]) for o in seeded))
            return [o.order_id for o in orders]

    assert asyncio.run(go()) == [o["order_id"] for o in seeded]
