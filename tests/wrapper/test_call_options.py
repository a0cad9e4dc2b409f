"""Per-call options (``with_options``) and the deadline across every step of a call: rate-limit waits,
retries and the lookups that settle a lost write."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from kalshi_orders import (
    APITimeoutError,
    AsyncKalshiClient,
    ConfigurationError,
    KalshiClient,
    OrderOutcomeUnknownError,
    RateLimiter,
    RateLimitTimeoutError,
    RetryPolicy,
    ServerError,
)

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi

ORDER: dict[str, Any] = {"ticker": TICKER, "side": "yes", "action": "buy", "yes_price": "0.30", "count": 1}


def test_with_options_shares_the_pool_limiter_and_credentials(make_client: ClientFactory) -> None:
    client = make_client(rate_limit=True)
    quick = client.with_options(timeout=2.0, max_retries=0, deadline=5.0, max_response_bytes=1 << 20)
    assert isinstance(quick, KalshiClient)
    assert quick._setup.generated is client._setup.generated  # one connection pool
    assert quick.rate_limiter is client.rate_limiter and quick.key_id == client.key_id
    assert (quick.timeout.read, quick.max_retries, quick.deadline, quick.max_response_bytes) == (
        2.0,
        0,
        5.0,
        1 << 20,
    )
    # The original keeps its own options; options not given are kept by the copy.
    assert (client.timeout.read, client.max_retries, client.deadline) == (10.0, 2, 30.0)
    assert quick.with_options(deadline=1.0).max_retries == 0


def test_with_options_changes_what_a_call_does(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    order = kalshi.seed(1)[0]
    client = make_client()
    kalshi.fail("GetOrder", "500", times=2)
    with pytest.raises(ServerError):
        client.with_options(max_retries=0).orders.get(order["order_id"])
    assert len(kalshi.requests_for("GetOrder")) == 1
    assert client.orders.get(order["order_id"]).order_id == order["order_id"]  # the original still retries
    assert len(kalshi.requests_for("GetOrder")) == 1 + 2


def test_each_request_timeout_is_cut_to_what_the_deadline_leaves(
    kalshi: FakeKalshi, make_client: ClientFactory, clock: FakeClock
) -> None:
    order = kalshi.seed(1)[0]
    seen: list[dict[str, float]] = []
    inner = kalshi.transport()

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))
        clock.advance(3.0)  # each attempt takes 3 s and fails
        return httpx.Response(503, json={"error": {"code": "unavailable"}}, headers={"Retry-After": "0"})

    client = make_client(transport=httpx.MockTransport(spy), timeout=10.0)
    with pytest.raises(ServerError):
        client.with_options(deadline=7.0, max_retries=5).orders.get(order["order_id"])
    assert [t["read"] for t in seen] == [7.0, 4.0, 1.0]  # min(timeout, time left) on every attempt
    inner.close()


def test_a_rate_limit_wait_past_the_deadline_sends_nothing(
    kalshi: FakeKalshi, make_client: ClientFactory, clock: FakeClock
) -> None:
    order = kalshi.seed(1)[0]
    limiter = RateLimiter(
        "basic", live=False, read_rate=0.2, read_capacity=2.0, clock=clock.monotonic, sleep=clock.sleep
    )
    client = make_client(rate_limit=limiter)
    client.orders.get(order["order_id"])  # GetOrder costs 2: the bucket is empty, the next read waits ~10 s
    slept = list(clock.sleeps)
    with pytest.raises(RateLimitTimeoutError) as info:
        client.with_options(deadline=5.0).orders.get(order["order_id"])
    error = info.value
    assert isinstance(error, APITimeoutError) and error.limit == "deadline" and error.seconds == 5.0
    assert "nothing was sent" in str(error) and error.wait > 5.0
    assert len(kalshi.requests_for("GetOrder")) == 1 and clock.sleeps == slept
    # Nothing was taken from the bucket by the refused call: the next read waits what was refused, no more.
    client.orders.get(order["order_id"])
    assert clock.sleeps == [*slept, pytest.approx(error.wait, abs=0.01)]


def test_the_async_client_refuses_a_rate_limit_wait_past_the_deadline_too(
    kalshi: FakeKalshi, make_async_client: AsyncClientFactory, clock: FakeClock
) -> None:
    order = kalshi.seed(1)[0]
    limiter = RateLimiter(
        "basic",
        live=False,
        read_rate=0.2,
        read_capacity=2.0,
        clock=clock.monotonic,
        sleep=clock.sleep,
        async_sleep=clock.async_sleep,
    )

    async def go() -> RateLimitTimeoutError:
        async with make_async_client(rate_limit=limiter) as client:
            await client.orders.get(order["order_id"])  # the bucket is empty: the next read waits ~10 s
            with pytest.raises(RateLimitTimeoutError) as info:
                await client.with_options(deadline=5.0).orders.get(order["order_id"])
            slept = list(clock.sleeps)
            await client.orders.get(order["order_id"])  # nothing was taken by the refused call
            assert clock.sleeps == [*slept, pytest.approx(info.value.wait, abs=0.01)]
            return info.value

    error = asyncio.run(go())
    assert error.limit == "deadline" and error.seconds == 5.0 and error.wait > 5.0
    assert "nothing was sent" in str(error)
    assert len(kalshi.requests_for("GetOrder")) == 2  # the first and the last, not the refused one


def test_the_deadline_spans_a_creates_lookups(
    kalshi: FakeKalshi, make_client: ClientFactory, clock: FakeClock
) -> None:
    kalshi.visibility_delay = 3600.0  # the placed order never shows up in time
    kalshi.latency = 2.0
    kalshi.fail("CreateOrderV2", "read_timeout_after_commit")
    client = make_client(retry=RetryPolicy(deadline=9.0, lookup_polls=50, lookup_interval=0.5, rng=lambda: 0))
    started = clock.now
    with pytest.raises(OrderOutcomeUnknownError) as info:
        client.orders.create(**ORDER)
    assert clock.now - started <= 9.0 + kalshi.latency  # the last request may end a little past it
    assert len(kalshi.by_client_order_id(info.value.client_order_id)) == 1  # placed once, never resent


def test_with_options_is_typed_and_checked(make_client: ClientFactory) -> None:
    client = make_client()
    for bad in ({"deadline": 0}, {"max_retries": -1}, {"timeout": "soon"}, {"max_response_bytes": 10}):
        with pytest.raises(ConfigurationError):
            client.with_options(**bad)


def test_async_with_options(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("GetOrder", "500", times=5)

    async def go() -> None:
        async with make_async_client() as client:
            quick = client.with_options(max_retries=0, deadline=3.0)
            assert isinstance(quick, AsyncKalshiClient) and quick.rate_limiter is client.rate_limiter
            assert quick._setup.generated is client._setup.generated
            with pytest.raises(ServerError):
                await quick.orders.get(order["order_id"])

    asyncio.run(go())
    assert len(kalshi.requests_for("GetOrder")) == 1
