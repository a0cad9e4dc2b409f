"""End to end: the wrapper against the real sandbox server (uvicorn on a loopback port), built the way a demo
user builds it: ``KalshiClient(base_url=..., key_id=..., private_key=<PEM path>)``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kalshi_orders import (
    AsyncKalshiClient,
    BookSide,
    ConflictError,
    KalshiClient,
    NotFoundError,
    Order,
    OrderStatus,
    RetryPolicy,
)
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_shared_server  # noqa: F401

T50 = "KXSANDBOX-26DEC31-T50"
T60 = "KXSANDBOX-26DEC31-T60"
DECI = "KXDECI-26DEC31-B1"
# Below the simulated best ask (0.60): the order rests.
RESTING = {"ticker": T50, "side": "yes", "action": "buy", "yes_price": "0.30", "count": 5}
# Quick retries and lookups: the sandbox answers in milliseconds.
FAST = RetryPolicy(max_attempts=8, backoff_base=0.002, backoff_cap=0.02, lookup_interval=0.02)


@pytest.fixture
def client_for(sandbox: SandboxServer) -> Iterator[Callable[..., KalshiClient]]:  # noqa: F811
    made: list[KalshiClient] = []

    def factory(key_id: str | None = None, key_path: Path | None = None, **options: Any) -> KalshiClient:
        client = KalshiClient(
            base_url=sandbox.base_url,
            key_id=key_id or sandbox.key_id,
            private_key=key_path or sandbox.private_key_path,
            retry=options.pop("retry", FAST),
            **options,
        )
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


def _ids(orders: list[Order]) -> list[str]:
    return [order.order_id for order in orders]


def _exactly_once(orders: list[Order], expected: set[str]) -> None:
    ids = _ids(orders)
    assert len(ids) == len(set(ids)), "an order was delivered twice"
    assert set(ids) == expected


def _with_coid(client: KalshiClient, ticker: str, coid: str) -> list[Order]:
    return [order for order in client.orders.list(ticker=ticker, limit=1000) if order.client_order_id == coid]


def test_walk_with_every_filter_delivers_each_order_once(
    sandbox: SandboxServer,  # noqa: F811
    client_for: Callable[..., KalshiClient],
) -> None:
    total = sandbox.admin.seed_orders(700)
    client = client_for(tier="premier")  # many pages: a higher tier keeps the client-side limiter brief
    pager = client.orders.list(limit=97)  # an odd page size, so pages end mid-way through everything
    everything = list(pager)
    assert pager.complete and pager.next_cursor is None and pager.pages_fetched == 8
    assert len(everything) == total == len({o.order_id for o in everything})
    raw = pager.last_response
    assert raw is not None and raw.status_code == 200 and raw.elapsed.total_seconds() >= 0
    events = {m["ticker"]: m["event_ticker"] for m in sandbox.admin.markets()}
    times = sorted(o.created_time.timestamp() for o in everything if o.created_time is not None)
    low, high = int(times[100]), int(times[500])

    cases: list[tuple[dict[str, Any], Callable[[Order], bool]]] = [
        ({"ticker": T50}, lambda o: o.ticker == T50),
        (
            {"event_ticker": ["KXSANDBOX-26DEC31", "KXDECI-26DEC31"]},
            lambda o: events[o.ticker] != "KXTAPER-26DEC31",
        ),
        ({"status": "resting"}, lambda o: o.status is OrderStatus.RESTING),
        (
            {"status": OrderStatus.CANCELED, "ticker": T60},
            lambda o: o.status is OrderStatus.CANCELED and o.ticker == T60,
        ),
        ({"subaccount": 0}, lambda o: o.subaccount_number == 0),
        ({"exchange_index": 1}, lambda o: o.exchange_index == 1),
        (
            {"min_ts": low, "max_ts": high},
            lambda o: o.created_time is not None and low <= o.created_time.timestamp() <= high,
        ),
    ]
    for filters, keep in cases:
        expected = {o.order_id for o in everything if keep(o)}
        assert expected, filters  # every case must select something, or it proves nothing
        _exactly_once(list(client.orders.list(limit=120, **filters)), expected)

    # An interrupted walk resumes exactly where it stopped.
    first = client.orders.list(limit=60, max_pages=3)
    head = list(first)
    assert len(head) == 180 and not first.complete and first.next_cursor
    rest = client.orders.list(limit=60, cursor=first.next_cursor)
    _exactly_once(head + list(rest), {o.order_id for o in everything})


def test_order_lifecycle(sandbox: SandboxServer, client_for: Callable[..., KalshiClient]) -> None:  # noqa: F811
    client = client_for()
    created = client.orders.create(**RESTING)
    assert not created.reconciled and created.remaining_count == Decimal("5")
    order = client.orders.get(created.order_id)
    assert order.client_order_id == created.client_order_id
    assert order.status is OrderStatus.RESTING and order.book_side is BookSide.BID
    assert order.yes_price == Decimal("0.30")

    # Buying NO at 0.25 is asking YES at 0.75, above the best bid (0.40): it rests on the ask side.
    no_order = client.orders.create(ticker=T50, side="no", action="buy", no_price="0.25", count="2.5")
    seen = client.orders.get(no_order.order_id)
    assert seen.book_side is BookSide.ASK and seen.yes_price == Decimal("0.75")
    assert seen.remaining_count == Decimal("2.5")

    amended = client.orders.amend(
        created.order_id, ticker=T50, side="yes", action="buy", yes_price="0.31", count=8
    )
    assert amended.order_id == created.order_id
    after = client.orders.get(created.order_id)
    assert after.yes_price == Decimal("0.31") and after.remaining_count == Decimal("8")

    decreased = client.orders.decrease(created.order_id, reduce_by=3)
    assert decreased.remaining_count == Decimal("5")

    canceled = client.orders.cancel(created.order_id)
    assert canceled.reduced_by == Decimal("5") and not canceled.reconciled
    assert client.orders.get(created.order_id).status is OrderStatus.CANCELED
    with pytest.raises(ConflictError):
        client.orders.cancel(created.order_id, market_ticker=T50)
    with pytest.raises(NotFoundError):
        client.orders.get("00000000-0000-4000-8000-000000000000")

    batch = client.orders.batch_create(
        [dict(RESTING, yes_price=p) for p in ("0.20", "0.21")]
        + [dict(RESTING, ticker=DECI, yes_price="0.205", tick="deci_cent")]
    )
    assert batch.ok and len(batch) == 3 and all(item.order_id for item in batch)
    prices = [client.orders.get(str(item.order_id)).yes_price for item in batch]
    assert prices == [Decimal("0.20"), Decimal("0.21"), Decimal("0.205")]

    cancels = client.orders.batch_cancel([str(batch[0].order_id), {"order_id": str(batch[1].order_id)}])
    assert cancels.ok and [c.order_id for c in cancels] == [batch[0].order_id, batch[1].order_id]
    raw = client.orders.with_raw_response.cancel_all()
    assert raw.status_code == 204 and raw.parsed() is None
    statuses = {o.order_id: o.status for o in client.orders.list(status="resting")}
    assert str(batch[2].order_id) not in statuses and no_order.order_id not in statuses


def test_create_whose_response_is_dropped_is_found_not_duplicated(
    sandbox: SandboxServer,  # noqa: F811
    client_for: Callable[..., KalshiClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = client_for()
    sandbox.admin.seed_orders(150, ticker=T50)  # the lookup has history to search through
    before = sandbox.admin.order_count()
    sandbox.admin.set_faults(commit_then_drop=1)
    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        result = client.orders.create(**RESTING)
    assert result.reconciled and result.order is not None
    assert sandbox.admin.order_count() == before + 1
    assert _ids(_with_coid(client, T50, result.client_order_id)) == [result.order_id]
    assert any("looking up" in r.getMessage() for r in caplog.records)

    # A batch whose answer is lost: every item found, none placed twice.
    sandbox.admin.set_faults(commit_then_drop=1)
    batch = client.orders.batch_create([dict(RESTING, yes_price=p) for p in ("0.11", "0.12")])
    assert batch.ok and all(item.reconciled for item in batch)
    assert sandbox.admin.order_count() == before + 3
    for item in batch:
        assert _ids(_with_coid(client, T50, item.client_order_id)) == [item.order_id]

    # A cancel whose answer is lost is confirmed, not failed on the resend's 409.
    sandbox.admin.set_faults(commit_then_drop=1)
    canceled = client.orders.cancel(result.order_id)
    assert canceled.reconciled and canceled.order is not None
    assert client.orders.get(result.order_id).status is OrderStatus.CANCELED

    # So is a batch cancel's.
    sandbox.admin.set_faults(commit_then_drop=1)
    cancels = client.orders.batch_cancel([str(item.order_id) for item in batch])
    assert cancels.ok and all(item.reconciled for item in cancels)
    assert all(client.orders.get(str(i.order_id)).status is OrderStatus.CANCELED for i in batch)


def test_walk_through_500s_and_429s_returns_every_order_once(
    sandbox: SandboxServer,  # noqa: F811
    client_for: Callable[..., KalshiClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sandbox.admin.seed_orders(2000)
    client = client_for()
    clean = {o.order_id for o in client.orders.list(limit=1000)}
    assert len(clean) == 2000
    sandbox.admin.set_faults(read_500_probability=0.3, burst_429=3, seed=11)
    with caplog.at_level(logging.INFO, logger="kalshi_orders"):
        pager = client.orders.list(limit=250)
        _exactly_once(list(pager), clean)
    assert pager.complete and pager.pages_fetched == 8
    retried = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert any("429" in m for m in retried) and any("500" in m for m in retried)


@pytest.mark.parametrize("key_type", ["rsa", "ed25519"])
def test_rsa_and_ed25519_keys(
    key_type: str,
    sandbox: SandboxServer,  # noqa: F811
    client_for: Callable[..., KalshiClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    key_id, key_path = sandbox.admin.add_account(f"trader-{key_type}", key_type=key_type)
    assert key_path is not None
    client = client_for(key_id, key_path)
    with caplog.at_level(logging.DEBUG, logger="kalshi_orders"):
        created = client.orders.create(**RESTING)
        assert _ids(list(client.orders.list(ticker=T50))) == [created.order_id]
    assert client.orders.get(created.order_id).client_order_id == created.client_order_id
    # Another account's orders are not visible to this one, and the default account sees none of these.
    assert list(client_for().orders.list(ticker=T50)) == []
    pem = key_path.read_text()
    body_line = pem.splitlines()[1]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "GET" in logged and body_line not in logged and key_id not in logged


def test_async_client_end_to_end(sandbox: SandboxServer) -> None:  # noqa: F811
    sandbox.admin.seed_orders(300)
    total = sandbox.admin.order_count()

    async def go() -> None:
        async with AsyncKalshiClient(
            base_url=sandbox.base_url,
            key_id=sandbox.key_id,
            private_key=sandbox.private_key_path,
            retry=FAST,
        ) as client:
            sandbox.admin.set_faults(read_500_probability=0.2, burst_429=2, seed=3)
            pager = client.orders.list(limit=70)
            ids = [order.order_id async for order in pager]
            assert len(ids) == len(set(ids)) == total and pager.complete
            sandbox.admin.set_faults(commit_then_drop=1)
            created = await client.orders.create(**RESTING)
            assert created.reconciled
            resting = [o async for o in client.orders.list(ticker=T50, status="resting")]
            assert [o.order_id for o in resting if o.client_order_id == created.client_order_id] == [
                created.order_id
            ]
            results = await asyncio.gather(
                *(client.orders.create(**dict(RESTING, yes_price=p)) for p in ("0.21", "0.22", "0.23"))
            )
            assert len({r.order_id for r in results}) == 3
            raw = await client.orders.with_raw_response.cancel(results[0].order_id)
            assert raw.status_code == 200 and raw.parsed().reduced_by == Decimal("5")
            assert (await client.orders.get(results[0].order_id)).status is OrderStatus.CANCELED

    asyncio.run(go())
    assert sandbox.admin.order_count() == total + 4


def test_live_limits_come_from_the_sandbox_and_match_its_cost_paths(
    client_for: Callable[..., KalshiClient],
    sandbox: SandboxServer,  # noqa: F811 - the plugin's fixture
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kalshi_orders import Bucket, ServerLimit

    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        client = client_for()  # rate_limit="auto", the default
        client.orders.list(limit=5).pages().__next__()
        # A key locked to a subaccount reads the same account limits, and trades either way.
        key_id, key_path = sandbox.admin.add_account("locked", subaccount=3)
        locked = client_for(key_id=key_id, key_path=key_path)
        list(locked.orders.list(limit=5))
    served = sandbox.admin.rate_limits()
    for limiter in (client.rate_limiter, locked.rate_limiter):
        assert limiter.source == "live"
        assert limiter.limit(Bucket.READ) == ServerLimit(
            served["read"]["refill_rate"], served["read"]["bucket_capacity"]
        )
        assert limiter.limit(Bucket.WRITE) == ServerLimit(
            served["write"]["refill_rate"], served["write"]["bucket_capacity"]
        )
        # The sandbox lists spec templates; each non-default cost found its operation.
        assert limiter.cost_of("GetOrder") == (Bucket.READ, 2)
        assert limiter.cost_of("BatchCancelOrdersV2", 4) == (Bucket.WRITE, 8)
    assert [r.getMessage() for r in caplog.records] == []
