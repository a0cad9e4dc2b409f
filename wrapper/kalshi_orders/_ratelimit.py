"""Client-side token buckets mirroring Kalshi's read and write budgets (docs.kalshi.com/getting_started/
rate_limits).

Kalshi's 429s carry no Retry-After or X-RateLimit-* headers, so the only way to avoid them is to spend tokens
on this side at the rate the account's tier refills them. Each request reserves its cost up front; when the
bucket is short the caller sleeps for exactly the deficit. Reservation happens under a lock and never
awaits, so one limiter is safe across threads (sync client) and across tasks (async client); only the
sleeping differs.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .errors import OrderValidationError

__all__ = [
    "DEFAULT_COSTS",
    "TIER_RATES",
    "UNLISTED_COST",
    "Bucket",
    "OperationCost",
    "RateLimiter",
    "Tier",
    "TokenBucket",
]


class Tier(StrEnum):
    """Kalshi API usage tiers (since 23 Apr 2026)."""

    BASIC = "basic"
    ADVANCED = "advanced"
    PREMIER = "premier"
    PARAGON = "paragon"
    PRIME = "prime"


class Bucket(StrEnum):
    READ = "read"
    WRITE = "write"


# (read tokens/s, write tokens/s) per tier, from docs.kalshi.com/getting_started/rate_limits.
TIER_RATES: Mapping[Tier, tuple[float, float]] = {
    Tier.BASIC: (200.0, 100.0),
    Tier.ADVANCED: (300.0, 300.0),
    Tier.PREMIER: (1000.0, 1000.0),
    Tier.PARAGON: (2000.0, 2000.0),
    Tier.PRIME: (4000.0, 4000.0),
}

# The write bucket holds 2 s of budget for bursts (documented); the read burst is not published, so we assume
# 1 s. GET /account/limits reports the real `bucket_capacity`; pass it as read_capacity/write_capacity.
WRITE_BURST_SECONDS = 2.0
READ_BURST_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class OperationCost:
    bucket: Bucket
    cost: float
    per_item: bool = False


# Mirrors each operation's `x-kalshi-rate-limit` in the spec (tests/wrapper/test_ratelimit.py checks it).
DEFAULT_COSTS: Mapping[str, OperationCost] = {
    "GetOrders": OperationCost(Bucket.READ, 10),
    "GetOrder": OperationCost(Bucket.READ, 2),
    "CreateOrderV2": OperationCost(Bucket.WRITE, 10),
    "CancelOrderV2": OperationCost(Bucket.WRITE, 2),
    "AmendOrderV2": OperationCost(Bucket.WRITE, 10),
    "DecreaseOrderV2": OperationCost(Bucket.WRITE, 10),
    "BatchCreateOrdersV2": OperationCost(Bucket.WRITE, 10, per_item=True),
    "BatchCancelOrdersV2": OperationCost(Bucket.WRITE, 2, per_item=True),
    "CancelAllOrders": OperationCost(Bucket.WRITE, 2),
}
UNLISTED_COST = OperationCost(Bucket.READ, 10)  # Kalshi's default for any request without a listed cost


class TokenBucket:
    """A token bucket that lends: a reservation may drive the balance negative, and the returned delay is
    how long the caller must wait before its tokens exist. Later callers queue behind it (FIFO-fair)."""

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError(f"rate and capacity must be positive, got rate={rate} capacity={capacity}")
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._updated = now

    def reserve(self, cost: float, now: float) -> float:
        """Take ``cost`` tokens; return the seconds to wait before sending (0.0 when available now)."""
        if now > self._updated:
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
        self._tokens -= cost
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def available(self, now: float) -> float:
        elapsed = max(0.0, now - self._updated)
        return min(self.capacity, self._tokens + elapsed * self.rate)


class RateLimiter:
    """Read and write token buckets for one account.

    ``RateLimiter("basic")`` uses the tier's published rates; pass ``read_rate``/``write_rate`` and
    ``read_capacity``/``write_capacity`` (from ``GET /account/limits``) to override them, and ``costs`` (from
    ``GET /account/endpoint_costs``) to override per-operation costs. ``enabled=False`` makes every
    acquisition free (costs are still checked against the capacity).
    """

    def __init__(
        self,
        tier: Tier | str = Tier.BASIC,
        *,
        read_rate: float | None = None,
        write_rate: float | None = None,
        read_capacity: float | None = None,
        write_capacity: float | None = None,
        costs: Mapping[str, OperationCost] | None = None,
        enabled: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        try:
            self.tier = Tier(tier)
        except ValueError:
            known = ", ".join(t.value for t in Tier)
            raise OrderValidationError(f"unknown rate-limit tier {tier!r}; use one of: {known}") from None
        tier_read, tier_write = TIER_RATES[self.tier]
        read = read_rate if read_rate is not None else tier_read
        write = write_rate if write_rate is not None else tier_write
        self._clock = clock
        self._sleep = sleep
        self._async_sleep = async_sleep
        self.enabled = enabled
        self.costs: Mapping[str, OperationCost] = {**DEFAULT_COSTS, **(costs or {})}
        now = clock()
        self._buckets = {
            Bucket.READ: TokenBucket(read, read_capacity or read * READ_BURST_SECONDS, now),
            Bucket.WRITE: TokenBucket(write, write_capacity or write * WRITE_BURST_SECONDS, now),
        }
        self._lock = threading.Lock()

    def bucket(self, which: Bucket) -> TokenBucket:
        return self._buckets[which]

    def cost_of(self, operation_id: str, items: int = 1) -> tuple[Bucket, float]:
        """The bucket and token cost of one request (batches bill each item)."""
        spec = self.costs.get(operation_id, UNLISTED_COST)
        return spec.bucket, spec.cost * (max(items, 1) if spec.per_item else 1)

    def max_items(self, operation_id: str) -> int:
        """The largest batch that fits the bucket at all (the server scales its batch limit the same way)."""
        spec = self.costs.get(operation_id, UNLISTED_COST)
        return int(self._buckets[spec.bucket].capacity // spec.cost)

    def reserve(self, operation_id: str, items: int = 1) -> float:
        """Reserve the request's tokens; return how long to wait before sending it."""
        which, cost = self.cost_of(operation_id, items)
        bucket = self._buckets[which]
        if cost > bucket.capacity:
            # It could never be sent without a 429: say so before sending anything.
            raise OrderValidationError(
                f"{operation_id} with {items} item(s) costs {cost:g} {which.value} tokens, more than the "
                f"{which.value} bucket holds ({bucket.capacity:g} on this tier); split it into requests of "
                f"at most {self.max_items(operation_id)} item(s)"
            )
        if not self.enabled:
            return 0.0
        with self._lock:
            return bucket.reserve(cost, self._clock())

    def acquire(self, operation_id: str, items: int = 1) -> float:
        """Block (thread-safe) until the request may be sent; return the seconds waited."""
        delay = self.reserve(operation_id, items)
        if delay > 0:
            self._sleep(delay)
        return delay

    async def acquire_async(self, operation_id: str, items: int = 1) -> float:
        """Wait (without blocking the event loop) until the request may be sent; return the seconds waited."""
        delay = self.reserve(operation_id, items)
        if delay > 0:
            await self._async_sleep(delay)
        return delay
