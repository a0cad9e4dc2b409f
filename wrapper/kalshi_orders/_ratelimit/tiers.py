"""Kalshi's published rate-limit tiers and per-operation costs: the limiter's fallback when the account's
live limits (``GET /account/limits``, ``GET /account/endpoint_costs``) cannot be read.

From docs.kalshi.com/getting_started/rate_limits (token buckets since 23 Apr 2026): every authenticated
request costs tokens (10 unless listed cheaper), taken from a read or a write bucket; batches bill every
item; the write bucket holds 2 s of budget for bursts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_COSTS",
    "READ_BURST_SECONDS",
    "TIER_RATES",
    "UNLISTED_COST",
    "WRITE_BURST_SECONDS",
    "Bucket",
    "OperationCost",
    "Tier",
]


class Tier(StrEnum):
    """Kalshi API usage tiers with a published budget (live limits may name others, e.g. prestige)."""

    BASIC = "basic"
    ADVANCED = "advanced"
    PREMIER = "premier"
    PARAGON = "paragon"
    PRIME = "prime"


class Bucket(StrEnum):
    READ = "read"
    WRITE = "write"


# (read tokens/s, write tokens/s) per tier.
TIER_RATES: Mapping[Tier, tuple[float, float]] = {
    Tier.BASIC: (200.0, 100.0),
    Tier.ADVANCED: (300.0, 300.0),
    Tier.PREMIER: (1000.0, 1000.0),
    Tier.PARAGON: (2000.0, 2000.0),
    Tier.PRIME: (4000.0, 4000.0),
}

# The write bucket holds 2 s of budget (documented); the read bucket's capacity is not published: 1 s is what
# Kalshi's own example answer of GET /account/limits shows (read capacity = read rate).
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
