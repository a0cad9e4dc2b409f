from __future__ import annotations

import asyncio
import importlib.resources
import threading

import pytest
import yaml

from kalshi_orders import (
    DEFAULT_COSTS,
    TIER_RATES,
    Bucket,
    OperationCost,
    OrderValidationError,
    RateLimiter,
    Tier,
)

from .conftest import TICKER, ClientFactory, FakeClock, FakeKalshi


def _limiter(clock: FakeClock, **kwargs: object) -> RateLimiter:
    return RateLimiter(clock=clock.monotonic, sleep=clock.sleep, async_sleep=clock.async_sleep, **kwargs)  # type: ignore[arg-type]


def test_default_costs_equal_the_spec_extensions() -> None:
    spec = yaml.safe_load((importlib.resources.files("kalshi_orders_api") / "openapi.yaml").read_text())
    from_spec = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "x-kalshi-rate-limit" in operation:
                ext = operation["x-kalshi-rate-limit"]
                from_spec[operation["operationId"]] = OperationCost(
                    Bucket(ext["bucket"]), ext["cost"], bool(ext.get("per-item", False))
                )
    # Every listed cost is the spec's; an operation the table does not list (the reads added beside the
    # orders) is charged the default, and that must be what the spec says too.
    assert {name: from_spec.get(name) for name in DEFAULT_COSTS} == dict(DEFAULT_COSTS)
    limiter = RateLimiter()
    for name, cost in from_spec.items():
        expected = (cost.bucket, cost.cost * (3 if cost.per_item else 1))
        assert limiter.cost_of(name, items=3) == expected, name


def test_tier_rates_and_capacities() -> None:
    assert TIER_RATES[Tier.BASIC] == (200, 100)
    assert TIER_RATES[Tier.PRIME] == (4000, 4000)
    limiter = RateLimiter("advanced")
    assert limiter.bucket(Bucket.WRITE).capacity == 600  # 2 s of write budget
    assert limiter.bucket(Bucket.READ).capacity == 300  # 1 s of read budget (assumed)
    with pytest.raises(OrderValidationError, match="unknown rate-limit tier"):
        RateLimiter("platinum")


def test_write_spacing_on_basic(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    waits = [limiter.acquire("CreateOrderV2") for _ in range(23)]
    # 20 creates fit the 200-token burst; then one every 0.1 s (100 tokens/s, 10 each).
    assert waits[:20] == [0.0] * 20
    assert clock.sleeps == pytest.approx([0.1, 0.1, 0.1])


def test_read_costs_differ_per_operation(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    for _ in range(100):
        assert limiter.acquire("GetOrder") == 0.0  # 2 tokens each: 100 fit in 200
    assert limiter.acquire("GetOrders") == pytest.approx(10 / 200)
    assert limiter.acquire("CreateOrderV2") == 0.0  # the write bucket is separate


def test_refill_after_idle(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    for _ in range(20):
        limiter.acquire("CreateOrderV2")
    clock.advance(1.0)  # 100 tokens back
    assert [limiter.acquire("CreateOrderV2") for _ in range(10)] == [0.0] * 10
    assert limiter.acquire("CreateOrderV2") > 0


def test_batch_cost_per_item_and_oversize_refused(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    assert limiter.cost_of("BatchCreateOrdersV2", 20) == (Bucket.WRITE, 200)
    assert limiter.cost_of("BatchCancelOrdersV2", 7) == (Bucket.WRITE, 14)
    assert limiter.max_items("BatchCreateOrdersV2") == 20
    with pytest.raises(OrderValidationError, match="at most 20 item"):
        limiter.reserve("BatchCreateOrdersV2", 21)
    disabled = _limiter(clock, enabled=False)
    assert disabled.acquire("BatchCreateOrdersV2", 20) == 0.0
    assert disabled.acquire("BatchCreateOrdersV2", 20) == 0.0  # no waiting when disabled
    with pytest.raises(OrderValidationError):
        disabled.reserve("BatchCreateOrdersV2", 21)  # still refused: the server would 429 it every time


def test_custom_rates_and_costs(clock: FakeClock) -> None:
    limiter = _limiter(
        clock, write_rate=10, write_capacity=10, costs={"CreateOrderV2": OperationCost(Bucket.WRITE, 5)}
    )
    assert limiter.acquire("CreateOrderV2") == 0.0
    assert limiter.acquire("CreateOrderV2") == 0.0
    assert limiter.acquire("CreateOrderV2") == pytest.approx(0.5)


def test_thread_safe_reservations(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    delays: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            delay = limiter.reserve("CreateOrderV2")
            with lock:
                delays.append(delay)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 80 reservations at a frozen clock: 20 free, then exactly one per 0.1 s slot, none lost or doubled.
    assert sorted(delays) == pytest.approx([0.0] * 20 + [0.1 * k for k in range(1, 61)])


def test_async_acquire_uses_async_sleep(clock: FakeClock) -> None:
    limiter = _limiter(clock)

    async def go() -> list[float]:
        return [await limiter.acquire_async("CreateOrderV2") for _ in range(21)]

    waits = asyncio.run(go())
    assert waits[-1] == pytest.approx(0.1) and clock.sleeps == pytest.approx([0.1])


def test_client_spends_tokens_per_attempt(
    clock: FakeClock, kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    limiter = _limiter(clock)
    client = make_client(rate_limit=limiter)
    for i in range(21):
        client.orders.create(ticker=TICKER, book_side="bid", price="0.50", count=1, client_order_id=f"o-{i}")
    # 20 fit the burst; the fake server's 1 ms per request (20 ms) refilled 2 tokens, so the 21st waits for 8.
    assert clock.sleeps == pytest.approx([0.08], abs=1e-5)
    assert len(kalshi.orders) == 21
    with pytest.raises(OrderValidationError, match="at most 20"):
        client.orders.batch_create([dict(ticker=TICKER, book_side="bid", price="0.5", count=1)] * 21)
    assert kalshi.calls.get("BatchCreateOrdersV2", 0) == 0
