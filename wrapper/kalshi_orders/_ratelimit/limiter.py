"""``RateLimiter``: the read and write buckets of one Kalshi account, as the client spends them.

Where the numbers come from, first match wins: what the caller passed (``read_rate=``, ``costs=``...), the
account's live limits (loaded by the client on first use, refreshed hourly), the published tier table.
Where the buckets live is the backend's business (this process, files on this machine, Redis). The limiter
itself does no I/O but the backend's and the sleeping; the client's runners call it before each request
(:meth:`acquire`) and after a 429 (:meth:`rate_limited`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from ..errors import OrderValidationError, RateLimitTimeoutError
from .backends import ENV_VAR, Backend, LocalBackend, backend_from
from .bucket import Backoff, BucketState, Headroom, ServerLimit, Shape
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

__all__ = ["LimiterStats", "RateLimiter"]

logger = logging.getLogger("kalshi_orders")

# A failed load that may succeed soon (429, 5xx, no connection) is retried after this many seconds; one that
# will not (403, 404, nonsense) at the next refresh.
RETRY_FAILED_LOAD = 60.0


@dataclass
class LimiterStats:
    """What this process's limiter has done to one bucket since it was made."""

    requests: int = 0
    tokens: float = 0.0
    waited: float = 0.0  # seconds, summed over callers
    rate_limited: int = 0  # 429s reported


class RateLimiter:
    """Read and write token buckets for one account.

    ``RateLimiter()`` spends the Basic tier's published budget until the client that uses it loads the
    account's live limits (``live=False`` keeps the table). ``tier`` picks the fallback tier; ``read_rate``,
    ``write_rate``, ``read_capacity``, ``write_capacity`` (tokens/s, tokens) and ``costs`` (per operationId)
    override both. ``backend`` says where the buckets live: a :class:`Backend`, or ``"local"`` (default),
    ``"file"``, ``"file:/dir"``, ``"redis://host:6379/0"``; by default ``$KALSHI_RATE_LIMIT_BACKEND``.
    Processes share a budget when they use the same shared backend and the same ``name`` (the client sets
    it from its host and key id unless given). ``headroom`` and ``backoff`` shape the client's buckets (see
    :mod:`kalshi_orders._ratelimit.bucket`). ``enabled=False`` never waits but still refuses a batch larger
    than the bucket.
    """

    def __init__(
        self,
        tier: Tier | str = Tier.BASIC,
        *,
        live: bool = True,
        read_rate: float | None = None,
        write_rate: float | None = None,
        read_capacity: float | None = None,
        write_capacity: float | None = None,
        costs: Mapping[str, OperationCost] | None = None,
        enabled: bool = True,
        backend: Backend | str | None = None,
        name: str | None = None,
        headroom: Headroom | None = None,
        backoff: Backoff | None = None,
        refresh_after: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        try:
            self.tier = Tier(tier)
        except ValueError:
            known = ", ".join(t.value for t in Tier)
            raise OrderValidationError(f"unknown rate-limit tier {tier!r}; use one of: {known}") from None
        for label, value in (
            ("read_rate", read_rate),
            ("write_rate", write_rate),
            ("read_capacity", read_capacity),
            ("write_capacity", write_capacity),
        ):
            if value is not None and not (value > 0 and math.isfinite(value)):
                raise OrderValidationError(f"{label} must be a positive number of tokens, got {value!r}")
        self.enabled = enabled
        self.name = name
        self.headroom = headroom if headroom is not None else Headroom()
        self.backoff = backoff if backoff is not None else Backoff()
        self.refresh_after = refresh_after
        self._clock = clock
        self._sleep = sleep
        self._async_sleep = async_sleep
        if backend is None and enabled and os.environ.get(ENV_VAR, "").strip():
            self.backend: Backend = backend_from(None)  # the environment names one
        elif backend is None or backend == "local":
            self.backend = LocalBackend(clock=clock)
        else:
            self.backend = backend_from(backend)
        self._given = {
            Bucket.READ: (read_rate, read_capacity),
            Bucket.WRITE: (write_rate, write_capacity),
        }
        self._given_costs = dict(costs or {})
        self._lock = threading.Lock()
        self._stats = {b: LimiterStats() for b in Bucket}
        self.usage_tier = self.tier.value
        self.source = "tier table"
        self._limits: dict[Bucket, ServerLimit] = {}
        self._shapes: dict[Bucket, Shape] = {}
        self._costs: dict[str, OperationCost] = {}
        self._default = UNLISTED_COST
        self._configure(None)
        # Live limits: due now (on first use) unless off; _loading while a runner fetches them.
        self._live_due = 0.0 if (live and enabled) else math.inf
        self._loading = False
        self._loaded_once = False
        self._failing = False

    # ---- numbers ---------------------------------------------------------------------------------------
    def _configure(self, live: LiveLimits | None) -> None:
        tier_read, tier_write = TIER_RATES[self.tier]
        table = {
            Bucket.READ: ServerLimit(tier_read, tier_read * READ_BURST_SECONDS),
            Bucket.WRITE: ServerLimit(tier_write, tier_write * WRITE_BURST_SECONDS),
        }
        found = {} if live is None else {Bucket.READ: live.read, Bucket.WRITE: live.write}
        limits: dict[Bucket, ServerLimit] = {}
        for which, published in table.items():
            base = found.get(which) or published
            rate, capacity = self._given[which]
            if rate is not None and capacity is None:
                # A given rate keeps the bucket's documented depth in seconds, not the tier's token count.
                capacity = rate * (base.capacity / base.rate)
            limits[which] = ServerLimit(rate or base.rate, capacity or base.capacity)
        costs = dict(DEFAULT_COSTS)
        unlisted = UNLISTED_COST
        if live is not None and live.default_cost is not None:
            unlisted = OperationCost(Bucket.READ, live.default_cost)
            # An operation the live list leaves out costs its default_cost, whatever the published table says.
            costs = {
                op: OperationCost(c.bucket, live.costs.get(op, live.default_cost), c.per_item)
                for op, c in costs.items()
            }
            for op, cost in live.costs.items():
                if op not in costs:
                    costs[op] = OperationCost(UNLISTED_COST.bucket, cost)
        costs.update(self._given_costs)
        shapes = {which: self.headroom.shape(limit, self.backoff) for which, limit in limits.items()}
        with self._lock:
            self._limits, self._shapes, self._costs, self._default = limits, shapes, costs, unlisted

    def limit(self, which: Bucket) -> ServerLimit:
        """The server's bucket as the limiter believes it is (rate, capacity)."""
        return self._limits[which]

    def shape(self, which: Bucket) -> Shape:
        """The client-side bucket spent against it (a little slower and shallower: see :class:`Headroom`)."""
        return self._shapes[which]

    @property
    def costs(self) -> Mapping[str, OperationCost]:
        return self._costs

    def cost_of(self, operation_id: str, items: int = 1) -> tuple[Bucket, float]:
        """The bucket and token cost of one request (batches bill each item)."""
        spec = self._costs.get(operation_id, self._default)
        return spec.bucket, spec.cost * (max(items, 1) if spec.per_item else 1)

    def max_items(self, operation_id: str) -> int:
        """The largest batch that fits the bucket at all (the server scales its batch limit the same way)."""
        spec = self._costs.get(operation_id, self._default)
        if spec.cost <= 0:
            return 2**31
        return int(self._limits[spec.bucket].capacity // spec.cost)

    def bind(self, name: str) -> None:
        """Name the budget (first caller wins): the client passes a hash of its host and key id."""
        if self.name is None:
            self.name = name

    def _key(self, which: Bucket) -> str:
        return f"{self.name or 'default'}:{which.value}"

    # ---- spending --------------------------------------------------------------------------------------
    def _priced(self, operation_id: str, items: int) -> tuple[Bucket, float]:
        which, cost = self.cost_of(operation_id, items)
        capacity = self._limits[which].capacity
        if cost > capacity:
            # It could never be sent without a 429: say so before sending anything.
            raise OrderValidationError(
                f"{operation_id} with {items} item(s) costs {cost:g} {which.value} tokens, more than the "
                f"{which.value} bucket holds ({capacity:g} on this account); split it into requests of "
                f"at most {self.max_items(operation_id)} item(s)"
            )
        return which, cost

    def _granted(
        self, operation_id: str, which: Bucket, cost: float, wait: float, ok: bool, timeout: float | None
    ) -> float:
        if not ok:
            raise RateLimitTimeoutError(
                f"{operation_id}: the rate limiter would wait {wait:.3f}s for {cost:g} {which.value} tokens, "
                f"longer than the {timeout:g}s allowed; nothing was sent",
                wait=wait,
            )
        stats = self._stats[which]
        with self._lock:
            stats.requests += 1
            stats.tokens += cost
            stats.waited += wait
        return wait

    def reserve(self, operation_id: str, items: int = 1, *, timeout: float | None = None) -> float:
        """Take the request's tokens; return how long to wait before sending it. With ``timeout``, a wait
        longer than that takes nothing and raises :class:`RateLimitTimeoutError`."""
        which, cost = self._priced(operation_id, items)
        if not self.enabled:
            return 0.0
        limit = math.inf if timeout is None else max(0.0, timeout)
        grant = self.backend.reserve(self._key(which), cost, self._shapes[which], limit)
        return self._granted(operation_id, which, cost, grant.wait, grant.granted, timeout)

    async def reserve_async(
        self, operation_id: str, items: int = 1, *, timeout: float | None = None
    ) -> float:
        which, cost = self._priced(operation_id, items)
        if not self.enabled:
            return 0.0
        limit = math.inf if timeout is None else max(0.0, timeout)
        grant = await self.backend.reserve_async(self._key(which), cost, self._shapes[which], limit)
        return self._granted(operation_id, which, cost, grant.wait, grant.granted, timeout)

    def acquire(self, operation_id: str, items: int = 1, *, timeout: float | None = None) -> float:
        """Block (thread-safe) until the request may be sent; return the seconds waited."""
        delay = self.reserve(operation_id, items, timeout=timeout)
        if delay > 0:
            self._sleep(delay)
        return delay

    async def acquire_async(
        self, operation_id: str, items: int = 1, *, timeout: float | None = None
    ) -> float:
        """Wait (without blocking the event loop) until the request may be sent; return the seconds waited."""
        delay = await self.reserve_async(operation_id, items, timeout=timeout)
        if delay > 0:
            await self._async_sleep(delay)
        return delay

    def rate_limited(self, operation_id: str) -> None:
        """The server answered 429: empty the operation's bucket and slow it down for everyone sharing it."""
        if not self.enabled:
            return
        which, _ = self.cost_of(operation_id)
        self._count_429(which)
        self.backend.penalise(self._key(which), self._shapes[which])

    async def rate_limited_async(self, operation_id: str) -> None:
        if not self.enabled:
            return
        which, _ = self.cost_of(operation_id)
        self._count_429(which)
        await self.backend.penalise_async(self._key(which), self._shapes[which])

    def _count_429(self, which: Bucket) -> None:
        with self._lock:
            self._stats[which].rate_limited += 1
        logger.debug("kalshi-orders rate limiter: 429 on the %s bucket; slowing it down", which.value)

    def state(self, which: Bucket) -> BucketState | None:
        """The bucket's stored state (tokens, rate factor after 429s), where the backend can show it."""
        return self.backend.state(self._key(which))

    def stats(self, which: Bucket) -> LimiterStats:
        """A copy of this process's counters for one bucket."""
        with self._lock:
            found = self._stats[which]
            return LimiterStats(found.requests, found.tokens, found.waited, found.rate_limited)

    # ---- live limits (driven by the client's runner) ------------------------------------------------------
    def wants_live_limits(self) -> bool:
        """Whether the live limits are due (never loaded, or stale): a float comparison, cheap per request."""
        return self._live_due <= self._clock()

    @property
    def first_load_pending(self) -> bool:
        """A runner is loading the live limits for the first time (others wait for it)."""
        return self._loading and not self._loaded_once

    def claim_live_load(self) -> bool:
        """True for exactly one caller while the live limits are due: that caller loads them."""
        with self._lock:
            if self._loading or self._live_due > self._clock():
                return False
            self._loading = True
            return True

    def finish_live_load(self, found: LiveLimits | None) -> None:
        """Apply what a load found (None: it was interrupted) and schedule the next one."""
        if found is None:
            found = LiveLimits(problems=("the load was interrupted",), transient=True)
        have_limits = found.read is not None and found.write is not None
        if have_limits or found.default_cost is not None:
            self._configure(found)
            if have_limits:
                self.usage_tier = found.usage_tier or self.usage_tier
                self.source = "live" if found.default_cost is not None else "live (published costs)"
            else:
                self.source = "tier table (live costs)"
        now = self._clock()
        with self._lock:
            self._loading = False
            self._loaded_once = True
            if found.problems and found.transient:
                self._live_due = now + min(RETRY_FAILED_LOAD, self.refresh_after)
            else:
                self._live_due = now + self.refresh_after
        self._report(found)

    def _report(self, found: LiveLimits) -> None:
        if not found.problems:
            if self._failing:
                logger.info(
                    "kalshi-orders rate limits: the account's live limits loaded (%s)", self._summary()
                )
            self._failing = False
            logger.debug("kalshi-orders rate limits: %s", self._summary())
            return
        level = logging.DEBUG if self._failing else logging.WARNING
        self._failing = True
        logger.log(
            level, "kalshi-orders rate limits: %s; using %s", "; ".join(found.problems), self._summary()
        )

    def _summary(self) -> str:
        read, write = self._limits[Bucket.READ], self._limits[Bucket.WRITE]
        if self.source.startswith("tier table"):
            origin = f"the published {self.tier.value} tier"
            if self.source != "tier table":
                origin += " with the live costs"
        else:
            origin = f"the live {self.usage_tier} limits" + (
                " with the published costs" if "published" in self.source else ""
            )
        return (
            f"{origin}: read {read.rate:g} tokens/s (bucket {read.capacity:g}), "
            f"write {write.rate:g} tokens/s (bucket {write.capacity:g})"
        )

    # ---- lifecycle ---------------------------------------------------------------------------------------
    def close(self) -> None:
        self.backend.close()

    async def aclose(self) -> None:
        await self.backend.aclose()

    def __repr__(self) -> str:
        read, write = self._limits[Bucket.READ], self._limits[Bucket.WRITE]
        state = "" if self.enabled else ", disabled"
        return (
            f"RateLimiter({self.usage_tier!r} from {self.source}, read {read.rate:g}/s, "
            f"write {write.rate:g}/s, {self.backend.describe()}{state})"
        )
