from __future__ import annotations

import asyncio
import importlib.resources
import threading

import pytest
import yaml

from kalshi_orders import (
    DEFAULT_COSTS,
    TIER_RATES,
    Backoff,
    Bucket,
    Headroom,
    OperationCost,
    OrderValidationError,
    RateLimiter,
    RateLimitTimeoutError,
    ServerLimit,
    Tier,
)
from kalshi_orders._ratelimit.bucket import BucketState, Shape, penalise, reserve

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi
from .ratelimit_sim import simulate


def _limiter(clock: FakeClock, **kwargs: object) -> RateLimiter:
    return RateLimiter(  # type: ignore[arg-type]
        live=False, clock=clock.monotonic, sleep=clock.sleep, async_sleep=clock.async_sleep, **kwargs
    )


# ---- tables ----
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
    limiter = RateLimiter(live=False)
    for name, cost in from_spec.items():
        expected = (cost.bucket, cost.cost * (3 if cost.per_item else 1))
        assert limiter.cost_of(name, items=3) == expected, name


def test_tier_rates_and_capacities() -> None:
    assert TIER_RATES[Tier.BASIC] == (200, 100)
    assert TIER_RATES[Tier.PRIME] == (4000, 4000)
    limiter = RateLimiter("advanced", live=False)
    assert limiter.limit(Bucket.WRITE) == ServerLimit(300, 600)  # 2 s of write budget
    assert limiter.limit(Bucket.READ) == ServerLimit(300, 300)  # 1 s of read budget
    with pytest.raises(OrderValidationError, match="unknown rate-limit tier"):
        RateLimiter("platinum")
    with pytest.raises(OrderValidationError, match="read_rate must be a positive"):
        RateLimiter(read_rate=0)


def test_the_client_bucket_stays_inside_the_server_bucket() -> None:
    limiter = RateLimiter(live=False)
    read, write = limiter.shape(Bucket.READ), limiter.shape(Bucket.WRITE)
    # 95% of the rate; a quarter second of (client) budget less than the server holds.
    assert (read.rate, read.capacity) == (190, 200 - 190 * 0.25)
    assert (write.rate, write.capacity) == (95, 200 - 95 * 0.25)
    # A bucket too shallow for that keeps half its depth rather than serialising every burst.
    tiny = Headroom().shape(ServerLimit(1000, 100), Backoff())
    assert tiny.capacity == 50
    with pytest.raises(ValueError, match="utilisation"):
        Headroom(utilisation=1.5)


# ---- spending ----
def test_write_spacing_on_basic(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    waits = [limiter.acquire("CreateOrderV2") for _ in range(20)]
    # 17 creates fit the client's 176.25-token burst; then one per 10/95 s, FIFO.
    assert waits[:17] == [0.0] * 17
    assert clock.sleeps[0] == pytest.approx((10 - 6.25) / 95)
    assert clock.sleeps[1:] == pytest.approx([10 / 95, 10 / 95])


def test_read_costs_differ_per_operation(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    for _ in range(76):
        assert limiter.acquire("GetOrder") == 0.0  # 2 tokens each: 76 fit in 152.5
    assert limiter.acquire("GetOrders") == pytest.approx((10 - 0.5) / 190)
    assert limiter.acquire("CreateOrderV2") == 0.0  # the write bucket is separate


def test_refill_after_idle(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    for _ in range(17):
        limiter.acquire("CreateOrderV2")
    clock.advance(1.0)  # 95 tokens back on top of the 6.25 left
    assert [limiter.acquire("CreateOrderV2") for _ in range(10)] == [0.0] * 10
    assert limiter.acquire("CreateOrderV2") > 0


def test_batch_cost_per_item_and_oversize_refused(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    assert limiter.cost_of("BatchCreateOrdersV2", 20) == (Bucket.WRITE, 200)
    assert limiter.cost_of("BatchCancelOrdersV2", 7) == (Bucket.WRITE, 14)
    # The ceiling is the server's bucket (what it accepts at all), not the client's shallower copy.
    assert limiter.max_items("BatchCreateOrdersV2") == 20
    assert limiter.acquire("BatchCreateOrdersV2", 20) == pytest.approx((200 - 176.25) / 95)
    with pytest.raises(OrderValidationError, match="at most 20 item"):
        limiter.reserve("BatchCreateOrdersV2", 21)
    disabled = _limiter(clock, enabled=False)
    assert disabled.acquire("BatchCreateOrdersV2", 20) == 0.0
    assert disabled.acquire("BatchCreateOrdersV2", 20) == 0.0  # no waiting when disabled
    with pytest.raises(OrderValidationError):
        disabled.reserve("BatchCreateOrdersV2", 21)  # still refused: the server would 429 it every time


def test_custom_rates_and_costs(clock: FakeClock) -> None:
    limiter = _limiter(
        clock, write_rate=10, write_capacity=20, costs={"CreateOrderV2": OperationCost(Bucket.WRITE, 5)}
    )
    assert limiter.limit(Bucket.WRITE) == ServerLimit(10, 20)
    shape = limiter.shape(Bucket.WRITE)
    assert (shape.rate, shape.capacity) == (9.5, 20 - 9.5 * 0.25)
    assert [limiter.acquire("CreateOrderV2") for _ in range(3)] == [0.0] * 3  # 17.625 -> 2.625
    assert limiter.acquire("CreateOrderV2") == pytest.approx((5 - 2.625) / 9.5)
    # A given rate alone keeps the tier's depth in seconds (the write bucket: 2 s).
    assert _limiter(clock, write_rate=50).limit(Bucket.WRITE) == ServerLimit(50, 100)


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
    # 80 reservations at a frozen clock: 17 free, then exactly one per 10/95 s slot, none lost or doubled.
    first = (10 - 6.25) / 95
    assert sorted(delays) == pytest.approx([0.0] * 17 + [first + k * 10 / 95 for k in range(63)])


def test_a_wait_longer_than_the_timeout_takes_nothing(clock: FakeClock) -> None:
    limiter = _limiter(clock)
    for _ in range(17):
        limiter.reserve("CreateOrderV2")
    with pytest.raises(RateLimitTimeoutError, match=r"would wait 0\.039s .* longer than the 0\.01s") as info:
        limiter.acquire("CreateOrderV2", timeout=0.01)
    assert info.value.wait == pytest.approx(3.75 / 95)
    assert clock.sleeps == []
    # Nothing was taken: the next caller gets the same slot.
    assert limiter.reserve("CreateOrderV2", timeout=0.05) == pytest.approx(3.75 / 95)
    assert limiter.stats(Bucket.WRITE).requests == 18


def test_async_acquire_uses_async_sleep(clock: FakeClock) -> None:
    limiter = _limiter(clock)

    async def go() -> list[float]:
        return [await limiter.acquire_async("CreateOrderV2") for _ in range(18)]

    waits = asyncio.run(go())
    assert waits[-1] == pytest.approx(3.75 / 95) and clock.sleeps == pytest.approx([3.75 / 95])


def test_client_spends_tokens_per_attempt(
    clock: FakeClock, kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    limiter = _limiter(clock)
    client = make_client(rate_limit=limiter)
    for i in range(18):
        client.orders.create(ticker=TICKER, book_side="bid", price="0.50", count=1, client_order_id=f"o-{i}")
    # 17 fit the burst; the fake server's 1 ms per request (17 ms) refilled 1.615 tokens of the 3.75 missing.
    assert clock.sleeps == pytest.approx([(3.75 - 0.017 * 95) / 95], abs=1e-5)
    assert len(kalshi.orders) == 18
    with pytest.raises(OrderValidationError, match="at most 20"):
        client.orders.batch_create([dict(ticker=TICKER, book_side="bid", price="0.5", count=1)] * 21)
    assert kalshi.calls.get("BatchCreateOrdersV2", 0) == 0


def test_a_429_slows_the_bucket_for_every_caller(
    clock: FakeClock, kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    limiter = _limiter(clock)
    client = make_client(rate_limit=limiter)
    kalshi.seed(1)
    kalshi.fail("GetOrders", "429")
    next(client.orders.list().pages())  # the 429 is retried (after the retry policy's own backoff)
    assert limiter.stats(Bucket.READ).rate_limited == 1
    # Every later caller pays: the bucket was emptied and its rate halved (it ramps back 0.1 a second).
    state = limiter.state(Bucket.READ)
    assert state is not None and 0.5 <= state.factor < 0.52 and state.tokens < 10
    assert limiter.reserve("GetOrders") > 0.05
    assert limiter.reserve("CreateOrderV2") == 0.0  # the write bucket did not 429


def test_a_429_through_the_async_client_slows_the_bucket_too(
    clock: FakeClock, kalshi: FakeKalshi, make_async_client: AsyncClientFactory
) -> None:
    limiter = _limiter(clock)
    kalshi.seed(1)
    kalshi.fail("GetOrders", "429")

    async def go() -> None:
        async with make_async_client(rate_limit=limiter) as client:
            await client.orders.list().pages().__anext__()  # the 429 is retried

    asyncio.run(go())
    assert limiter.stats(Bucket.READ).rate_limited == 1
    state = limiter.state(Bucket.READ)
    assert state is not None and 0.5 <= state.factor < 0.52 and state.tokens < 10
    assert limiter.reserve("GetOrders") > 0.05  # every later caller, sync or async, pays
    assert limiter.reserve("CreateOrderV2") == 0.0


# ---- the bucket's arithmetic ----
SHAPE = Shape(100.0, 100.0, Backoff(cut=0.5, floor=0.1, recovery=0.1, cooldown=1.0))


def test_penalise_cuts_once_per_cooldown_down_to_the_floor_and_recovers() -> None:
    state = BucketState.full(SHAPE, 0.0)
    penalise(state, SHAPE, 0.0)
    assert (state.tokens, state.factor) == (0.0, 0.5)
    penalise(state, SHAPE, 0.5)  # the same overdraft (requests already in flight): no second cut
    assert state.factor == pytest.approx(0.5 + 0.05)
    # A 429 every second: each cut halves what a second of recovery gave back, converging on the floor.
    for t in range(1, 30):
        penalise(state, SHAPE, float(t))
    assert 0.1 <= state.factor < 0.1001
    # 429-free: +0.1 of the rate per second, back to full after ~9 s; the refill follows the ramp.
    grant = reserve(state, 0.0, SHAPE, 29.0 + 20)
    assert grant.granted and state.factor == 1.0 and state.tokens == 100.0
    partial = BucketState(0.0, 0.0, factor=0.5)
    reserve(partial, 0.0, SHAPE, 1.0)  # the factor ramps 0.5 -> 0.6: 55 tokens, not 60
    assert partial.tokens == pytest.approx(55.0) and partial.factor == pytest.approx(0.6)


def test_lending_bucket_queues_and_refuses_past_max_wait() -> None:
    state = BucketState.full(SHAPE, 0.0)
    assert reserve(state, 100, SHAPE, 0.0) == (True, 0.0)
    assert reserve(state, 50, SHAPE, 0.0) == (True, 0.5)
    assert reserve(state, 50, SHAPE, 0.0, max_wait=0.9) == (False, 1.0)  # nothing taken
    assert reserve(state, 50, SHAPE, 0.0) == (True, 1.0)


def test_clock_that_steps_back_a_little_pauses_and_a_lot_restarts() -> None:
    state = BucketState(0.0, 10.0)
    # 2 ms behind the bucket (another process's clock, a noisy read): no refill, and the wait counts from the
    # bucket's time, so the request still goes out no earlier than its tokens exist.
    grant = reserve(state, 10, SHAPE, 9.998)
    assert grant.wait == pytest.approx(0.1 + 0.002)
    assert state.stamp == 10.0
    # An hour back (an NTP step, a restored state): the count restarts instead of freezing for an hour.
    state = BucketState(0.0, 10_000.0)
    assert reserve(state, 10, SHAPE, 6_400.0).wait == pytest.approx(0.1)
    assert state.stamp == 6_400.0


# ---- against a server that enforces the tier exactly ----
def _new(clock: object) -> RateLimiter:
    return RateLimiter(live=False, clock=clock)  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [1, 8])
@pytest.mark.parametrize("clock_noise", [0.0, 0.003])
def test_full_speed_for_a_minute_draws_no_429(workers: int, clock_noise: float) -> None:
    # Latency 1-30 ms each way, 2% of requests stalled up to another 150 ms, a clock read off by up to 3 ms.
    for seed in range(3):
        result = simulate(_new, workers=workers, clock_noise=clock_noise, seed=seed)
        assert result.server.rejected == 0, seed
        assert result.utilisation >= 0.9, seed
    writes = simulate(_new, rate=100, capacity=200, operation="CreateOrderV2", workers=workers)
    assert writes.server.rejected == 0 and writes.utilisation >= 0.9


def test_spending_exactly_the_tier_draws_429s() -> None:
    # The shape this limiter replaced (rate and burst exactly the server's): the simulation catches it.
    def exact(clock: object) -> RateLimiter:
        return RateLimiter(live=False, clock=clock, headroom=Headroom(1.0, 0.0))  # type: ignore[arg-type]

    rejected = sum(simulate(exact, workers=8, seed=seed).server.rejected for seed in range(3))
    assert rejected > 0


def test_a_429_storm_slows_every_worker_then_recovers() -> None:
    calm = simulate(_new, workers=8, seed=1)
    storm = simulate(_new, workers=8, seed=1, server_down=(10.0, 12.0))
    # During the storm (every request 429s) the shared bucket backs off: well under half the calm traffic.
    assert storm.sent_in(10.0, 12.0) <= 0.6 * calm.sent_in(10.0, 12.0)
    # Then it ramps back (0.1 of the rate per second) and spends the budget again.
    assert storm.sent_in(30.0, 40.0) >= 0.9 * calm.sent_in(30.0, 40.0)
    # No 429 but the storm's (and those sent just before it that arrived in it).
    assert storm.server.rejected <= storm.sent_in(9.5, 12.0) and calm.server.rejected == 0


def test_a_429_storm_through_the_client_backs_the_bucket_off_to_its_floor(
    clock: FakeClock, kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    from kalshi_orders import RateLimitError

    limiter = _limiter(clock)
    client = make_client(rate_limit=limiter)
    kalshi.fail("GetOrders", "429", times=1000)
    failed = 0
    for _ in range(12):
        try:
            next(client.orders.list().pages())
        except RateLimitError:
            failed += 1
    assert failed == 12  # every call says so once its retries are spent
    assert limiter.stats(Bucket.READ).rate_limited == 12 * 3
    state = limiter.state(Bucket.READ)
    assert state is not None and state.factor < 0.2  # cut each second of the storm, never below the floor
    assert state.factor >= 0.1
    # Every later caller waits on the slowed bucket, not only the retried requests.
    assert limiter.reserve("GetOrders") > 10 / 190 * 3
