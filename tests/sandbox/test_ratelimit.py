"""Token-bucket rate limits: per account, per bucket, costs from the spec, batches billed per item."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kalshi_sandbox import TIERS, RateTier, SandboxConfig, SandboxServer
from kalshi_sandbox.ratelimit import RateLimiter, TokenBucket
from kalshi_sandbox.spec import load_spec

from .conftest import GTC_ORDER, ClientFactory

RATE_LIMIT_BODY = b'{"error":"too many requests"}'
# Refill so slow that nothing comes back during a test: every admitted request is visible in the count.
TINY = RateTier("tiny", read_rate=0.001, write_rate=0.001, read_capacity=20, write_capacity=20)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_refills_continuously_up_to_capacity() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=10, capacity=20, clock=clock)
    assert bucket.take(20)
    assert not bucket.take(1)
    clock.now += 0.5  # five tokens back
    assert bucket.take(5)
    assert not bucket.take(1)
    clock.now += 100
    assert bucket.take(20)
    assert not bucket.take(1)


def test_limiter_keeps_accounts_and_buckets_apart() -> None:
    limiter = RateLimiter(TINY, clock=FakeClock())
    assert limiter.allow("a", "read", 20)
    assert not limiter.allow("a", "read", 1)
    assert limiter.allow("a", "write", 20)
    assert limiter.allow("b", "read", 20)


def test_live_tier_table() -> None:
    basic = TIERS["basic"]
    assert (basic.read_rate, basic.write_rate, basic.write_bucket_capacity) == (200, 100, 200)
    assert TIERS["prime"].read_rate == 4000


def test_spec_costs() -> None:
    ops = load_spec().operations
    assert (ops["GetOrders"].bucket, ops["GetOrders"].cost) == ("read", 10)
    assert (ops["GetOrder"].cost, ops["CancelOrderV2"].cost, ops["CancelAllOrders"].cost) == (2, 2, 2)
    assert ops["BatchCreateOrdersV2"].per_item
    assert ops["CreateOrderV2"].bucket == "write"


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=TINY, validate_responses=True)) as server:
        yield server
        assert server.admin.response_failures() == []


def _statuses(client: httpx.Client, path: str, n: int) -> list[int]:
    return [client.get(path).status_code for _ in range(n)]


def test_reads_burst_until_429(limited: SandboxServer, make_client: ClientFactory) -> None:
    client = make_client(limited)
    assert _statuses(client, "/portfolio/orders", 3) == [200, 200, 429]  # cost 10 from 20 tokens
    response = client.get("/portfolio/orders")
    assert response.status_code == 429
    assert response.content == RATE_LIMIT_BODY
    assert "retry-after" not in response.headers
    assert not any(name.startswith("x-ratelimit") for name in response.headers)


def test_cheap_reads_cost_less(limited: SandboxServer, make_client: ClientFactory) -> None:
    client = make_client(limited)
    assert _statuses(client, "/portfolio/orders/unknown", 11) == [404] * 10 + [429]  # cost 2 from 20


def test_writes_have_their_own_bucket(limited: SandboxServer, make_client: ClientFactory) -> None:
    client = make_client(limited)
    assert _statuses(client, "/portfolio/orders", 3)[-1] == 429
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 201
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 201
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 429


def test_batches_bill_every_item(limited: SandboxServer, make_client: ClientFactory) -> None:
    client = make_client(limited)
    too_big = client.post("/portfolio/events/orders/batched", json={"orders": [GTC_ORDER] * 3})
    assert too_big.status_code == 400  # 30 tokens can never fit a 20-token bucket
    assert "maximum is 2 on the tiny tier" in too_big.json()["error"]["message"]
    assert (
        client.post("/portfolio/events/orders/batched", json={"orders": [GTC_ORDER] * 2}).status_code == 201
    )
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 429


def test_accounts_are_limited_separately(limited: SandboxServer, make_client: ClientFactory) -> None:
    assert _statuses(make_client(limited), "/portfolio/orders", 3)[-1] == 429
    key_id, path = limited.admin.add_account("other", key_type="ed25519")
    assert _statuses(make_client(limited, key_id, path), "/portfolio/orders", 2) == [200, 200]


def test_rate_limits_can_be_switched_off(limited: SandboxServer, make_client: ClientFactory) -> None:
    limited.admin.set_rate_limits(False)
    assert set(_statuses(make_client(limited), "/portfolio/orders", 10)) == {200}
    state = limited.admin.set_rate_limits(True, "basic")
    assert state["tier"] == "basic"
    assert state["write"] == {"refill_rate": 100, "bucket_capacity": 200}


def test_no_rate_limits_for_benchmarks(tmp_path: Path, make_client: ClientFactory) -> None:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=TINY, rate_limits=False)) as server:
        client = make_client(server)
        assert set(_statuses(client, "/portfolio/orders", 10)) == {200}
        # No bucket, no batch ceiling either.
        assert (
            client.post("/portfolio/events/orders/batched", json={"orders": [GTC_ORDER] * 3}).status_code
            == 201
        )


def test_counts_admitted_and_rejected_per_bucket_until_reset() -> None:
    clock = FakeClock()
    limiter = RateLimiter(TINY, clock=clock)
    assert [limiter.allow("a", "read", 10) for _ in range(3)] == [True, True, False]
    assert limiter.allow("b", "write", 5)
    assert limiter.counts() == {
        "read": {"admitted": 2, "rejected": 1, "tokens": 20.0},
        "write": {"admitted": 1, "rejected": 0, "tokens": 5.0},
    }
    limiter.reset()
    assert limiter.counts() == {}
