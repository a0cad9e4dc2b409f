"""Kalshi's token-bucket rate limits: a read and a write bucket per account, costs from the spec.

Each operation's cost comes from its ``x-kalshi-rate-limit`` (batches bill every item). Tiers follow the
published table (docs.kalshi.com/getting_started/rate_limits). The write bucket holds 2 s of budget; the read
bucket's capacity is not published, so it holds 1 s (an assumption; configurable through :class:`RateTier`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RateTier:
    """Refill rates (tokens/s) and bucket capacities (tokens) of one usage tier."""

    name: str
    read_rate: float
    write_rate: float
    read_capacity: float | None = None  # default: 1 s of read budget
    write_capacity: float | None = None  # default: 2 s of write budget

    @property
    def read_bucket_capacity(self) -> float:
        return self.read_capacity if self.read_capacity is not None else self.read_rate

    @property
    def write_bucket_capacity(self) -> float:
        return self.write_capacity if self.write_capacity is not None else 2 * self.write_rate


TIERS: dict[str, RateTier] = {
    "basic": RateTier("basic", 200, 100),
    "advanced": RateTier("advanced", 300, 300),
    "premier": RateTier("premier", 1000, 1000),
    "paragon": RateTier("paragon", 2000, 2000),
    "prime": RateTier("prime", 4000, 4000),
}


def resolve_tier(tier: str | RateTier) -> RateTier:
    if isinstance(tier, RateTier):
        return tier
    try:
        return TIERS[tier.lower()]
    except KeyError:
        raise ValueError(f"unknown rate-limit tier {tier!r}: use one of {', '.join(TIERS)}") from None


class TokenBucket:
    """Continuous refill; a request is admitted only if the whole cost is available."""

    __slots__ = ("capacity", "clock", "rate", "stamp", "tokens")

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.clock = clock
        self.stamp = clock()

    def take(self, cost: float) -> bool:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False


class RateLimiter:
    """Per-account read and write buckets for one tier."""

    def __init__(
        self, tier: str | RateTier = "basic", *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.tier = resolve_tier(tier)
        self.clock = clock
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._counts: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def capacity(self, bucket: str) -> float:
        return self.tier.write_bucket_capacity if bucket == "write" else self.tier.read_bucket_capacity

    def allow(self, account_id: str, bucket: str, cost: float) -> bool:
        """Take ``cost`` tokens from the account's bucket; False means answer 429."""
        with self._lock:
            found = self._buckets.get((account_id, bucket))
            if found is None:
                rate = self.tier.write_rate if bucket == "write" else self.tier.read_rate
                found = self._buckets[(account_id, bucket)] = TokenBucket(
                    rate, self.capacity(bucket), self.clock
                )
            allowed = found.take(cost)
            counts = self._counts.setdefault(bucket, [0, 0, 0.0])
            counts[0 if allowed else 1] += 1
            if allowed:
                counts[2] += cost
            return allowed

    def counts(self) -> dict[str, dict[str, float]]:
        """Per bucket, over every account since the last reset: requests admitted, requests answered 429,
        tokens admitted (what a benchmark divides by rate x time for the utilisation)."""
        with self._lock:
            return {
                bucket: {"admitted": c[0], "rejected": c[1], "tokens": c[2]}
                for bucket, c in self._counts.items()
            }

    def limits(self) -> dict[str, Any]:
        """GetAccountApiLimitsResponse for this tier: the rates and capacities :meth:`allow` enforces.

        The wire form is whole tokens; a test tier with fractional rates reports them rounded down.
        """
        tier = self.tier
        return {
            "usage_tier": tier.name,
            "read": {"refill_rate": int(tier.read_rate), "bucket_capacity": int(tier.read_bucket_capacity)},
            "write": {
                "refill_rate": int(tier.write_rate),
                "bucket_capacity": int(tier.write_bucket_capacity),
            },
            "grants": [],
        }

    def reset(self, tier: str | RateTier | None = None) -> None:
        with self._lock:
            if tier is not None:
                self.tier = resolve_tier(tier)
            self._buckets.clear()
            self._counts.clear()
