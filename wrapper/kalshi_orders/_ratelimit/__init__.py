"""Client-side rate limiting: Kalshi's read and write token buckets, spent with headroom, shared if asked.

``tiers`` holds the published table (the fallback), ``live`` reads the account's own limits, ``bucket`` the
arithmetic, ``backends`` where the buckets live, ``limiter`` the :class:`RateLimiter` the client calls, and
``loading`` the plan that fetches the live limits.
"""

from .backends import Backend, FileBackend, LocalBackend, RedisBackend, SharedBackend, backend_from
from .bucket import Backoff, Headroom, ServerLimit, Shape
from .limiter import LimiterStats, RateLimiter
from .live import LiveLimits
from .tiers import (
    DEFAULT_COSTS,
    READ_BURST_SECONDS,
    TIER_RATES,
    UNLISTED_COST,
    WRITE_BURST_SECONDS,
    Bucket,
    OperationCost,
    Tier,
)

__all__ = [
    "DEFAULT_COSTS",
    "READ_BURST_SECONDS",
    "TIER_RATES",
    "UNLISTED_COST",
    "WRITE_BURST_SECONDS",
    "Backend",
    "Backoff",
    "Bucket",
    "FileBackend",
    "Headroom",
    "LimiterStats",
    "LiveLimits",
    "LocalBackend",
    "OperationCost",
    "RateLimiter",
    "RedisBackend",
    "ServerLimit",
    "Shape",
    "SharedBackend",
    "Tier",
    "backend_from",
]
