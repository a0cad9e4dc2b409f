"""The token-bucket arithmetic every backend runs (the Redis backend runs the same steps in Lua).

Kalshi's bucket (docs.kalshi.com/getting_started/rate_limits, /account/limits): it refills continuously at
``refill_rate`` up to ``bucket_capacity``, starts full, and admits a request only if it holds the whole cost.
A client that spends exactly that shape gets 429s: its requests reach the server later than it reserved them,
by a delay that varies (network, the GIL, a thread that loses the CPU), so two requests reserved 50 ms apart
can arrive 40 ms apart, and after the start-of-life burst both buckets are empty: any such squeeze is a 429.

So the client's bucket is a smaller copy (:meth:`Headroom.shape`): it refills at ``utilisation`` of the rate
(95%: the server's bucket gains 5% of the rate every second the client runs flat out, which absorbs ever
longer stalls) and holds ``jitter`` seconds of budget less than the server's (its start-of-life burst leaves
the server that much in hand from the first second). A client whose requests are delayed by at most
``jitter`` seconds more than others can never overdraw the server's bucket.

The client's bucket lends: a reservation may drive it negative and returns how long to wait until its tokens
exist, so callers queue in order (FIFO) without polling. A 429 (someone else spends the same budget, or the
server shrank it) empties the bucket and cuts its rate for everyone who shares it (:class:`Backoff`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "NEVER",
    "Backoff",
    "BucketState",
    "Grant",
    "Headroom",
    "ServerLimit",
    "Shape",
    "penalise",
    "reserve",
]

NEVER = -1e300  # cut_at of a bucket that was never cut (finite, so every store can hold it)
# A clock that steps back further than this was reset (NTP, a restored state file): start counting afresh
# instead of freezing the refill until it catches up. A smaller step back only pauses the refill.
CLOCK_RESET = 5.0


@dataclass(frozen=True, slots=True)
class ServerLimit:
    """One of the server's buckets: tokens per second and the most it holds."""

    rate: float
    capacity: float


@dataclass(frozen=True, slots=True)
class Backoff:
    """How a 429 slows a bucket down: the rate is multiplied by ``cut`` (never below ``floor`` of it) and
    regains ``recovery`` of the full rate per second without a 429. 429s within ``cooldown`` seconds of the
    last cut are the same overdraft (requests already in flight) and cut only once."""

    cut: float = 0.5
    floor: float = 0.1
    recovery: float = 0.1
    cooldown: float = 1.0

    def __post_init__(self) -> None:
        if not (0 < self.floor <= self.cut <= 1 and self.recovery >= 0 and self.cooldown >= 0):
            raise ValueError(
                f"invalid backoff {self}: need 0 < floor <= cut <= 1, recovery and cooldown >= 0"
            )


@dataclass(frozen=True, slots=True)
class Shape:
    """The client-side bucket: refill ``rate`` (at factor 1), ``capacity``, and the 429 backoff."""

    rate: float
    capacity: float
    backoff: Backoff = Backoff()


@dataclass(frozen=True, slots=True)
class Headroom:
    """How far the client's bucket stays inside the server's (see the module docstring)."""

    utilisation: float = 0.95
    jitter: float = 0.25

    def __post_init__(self) -> None:
        if not (0 < self.utilisation <= 1 and self.jitter >= 0):
            raise ValueError(f"invalid headroom {self}: need 0 < utilisation <= 1 and jitter >= 0")

    def shape(self, limit: ServerLimit, backoff: Backoff) -> Shape:
        rate = limit.rate * self.utilisation
        # Never less than half the server's capacity: a tiny bucket would serialise every burst.
        capacity = max(limit.capacity - rate * self.jitter, limit.capacity / 2)
        return Shape(rate, capacity, backoff)


@dataclass(slots=True)
class BucketState:
    """A bucket's balance as of ``stamp``; ``factor`` is the share of the rate after 429s."""

    tokens: float
    stamp: float
    factor: float = 1.0
    cut_at: float = NEVER

    @classmethod
    def full(cls, shape: Shape, now: float) -> BucketState:
        return cls(shape.capacity, now)

    @classmethod
    def cautious(cls, shape: Shape, now: float) -> BucketState:
        """Empty and at the cut rate: for a process that lost its shared bucket and cannot know how much of
        the budget its peers are spending."""
        return cls(0.0, now, shape.backoff.cut, now)


class Grant(NamedTuple):
    """A reservation's outcome: ``granted`` (tokens taken) and the seconds to wait before sending. When not
    granted, ``wait`` is what it would have taken (longer than the caller allowed) and nothing was taken."""

    granted: bool
    wait: float


def _advance(state: BucketState, shape: Shape, now: float) -> None:
    elapsed = now - state.stamp
    if elapsed <= 0:
        if elapsed < -CLOCK_RESET:
            state.stamp = now
        return
    backoff = shape.backoff
    before = state.factor
    after = min(1.0, before + backoff.recovery * elapsed)
    # The factor ramps linearly; the trapezoid never over-credits (it under-credits when the ramp tops out).
    state.tokens = min(shape.capacity, state.tokens + shape.rate * (before + after) / 2 * elapsed)
    state.factor = after
    state.stamp = now


def reserve(state: BucketState, cost: float, shape: Shape, now: float, max_wait: float = math.inf) -> Grant:
    """Take ``cost`` tokens if they exist within ``max_wait`` seconds; say how long to wait for them."""
    _advance(state, shape, now)
    deficit = cost - state.tokens
    wait = 0.0 if deficit <= 0 else deficit / (shape.rate * state.factor)
    wait += max(0.0, state.stamp - now)  # a clock a little behind the bucket's: the balance is as of stamp
    if wait > max_wait:
        return Grant(False, wait)
    state.tokens -= cost
    return Grant(True, wait)


def penalise(state: BucketState, shape: Shape, now: float) -> None:
    """The server answered 429: its bucket is empty, so ours is too, and it refills slower for a while."""
    _advance(state, shape, now)
    backoff = shape.backoff
    if now - state.cut_at >= backoff.cooldown:
        state.factor = max(backoff.floor, state.factor * backoff.cut)
        state.cut_at = now
    state.tokens = min(state.tokens, 0.0)
