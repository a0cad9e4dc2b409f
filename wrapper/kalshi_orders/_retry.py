"""Retry policy: which failures may be retried for which kind of operation, and how long to wait.

Pure decisions only (no I/O), shared by the sync and async clients. Creates are not decided here: an
ambiguous create is reconciled by client_order_id first (see ``_reconcile``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import httpx

from ._body import UnreadableBodyError
from ._deadline import Deadline, DeadlineExpiredError

__all__ = [
    "Failure",
    "Idempotency",
    "RetryPolicy",
    "RetryState",
    "classify",
    "should_retry",
]


class Idempotency(Enum):
    """How safe an operation is to resend."""

    SAFE = "safe"  # reads and cancels: resending cannot do harm
    # amend/decrease: resent as they are only when the first copy cannot have arrived (429, connect errors);
    # after an unclear outcome ``_reconcile.change`` reads the order back and decides
    GUARDED = "guarded"
    CREATE = "create"  # reconciled by client_order_id before any resend


class Failure(Enum):
    """What went wrong with one attempt."""

    NOT_SENT = "not_sent"  # the connection never carried the request (connect error, pool timeout)
    AMBIGUOUS = "ambiguous"  # the request may have reached the server (read timeout, dropped connection)
    RATE_LIMITED = "rate_limited"  # 429
    SERVER = "server"  # 500/502/503/504: the server may or may not have acted
    FATAL = "fatal"  # anything else: surface it


# httpx raises these before a single byte of the request went out.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# 520-599: CDN and proxy statuses (Cloudflare's 520-524 "origin error/timeout"); the origin may have acted.
_RETRYABLE_STATUS = frozenset({500, 502, 503, 504, *range(520, 600)})


def classify(status_code: int | None, exc: BaseException | None) -> Failure | None:
    """Classify an attempt; None means it succeeded (2xx). Redirects are not followed (a signed write must not
    go elsewhere), so a 3xx means nothing was done: fatal."""
    if exc is not None:
        if isinstance(exc, _NOT_SENT):
            return Failure.NOT_SENT
        if isinstance(exc, DeadlineExpiredError):
            return Failure.AMBIGUOUS if exc.sent else Failure.NOT_SENT
        if isinstance(exc, httpx.TransportError):
            return Failure.AMBIGUOUS
        if isinstance(exc, UnreadableBodyError):
            return Failure.FATAL  # a success answer that cannot be read; a resend would get the same
        return Failure.FATAL
    assert status_code is not None
    if status_code < 300:
        return None
    if status_code == 429:
        return Failure.RATE_LIMITED
    if status_code in _RETRYABLE_STATUS:
        return Failure.SERVER
    return Failure.FATAL


def should_retry(failure: Failure, idempotency: Idempotency) -> bool:
    """Whether a plain resend is allowed (for CREATE only the failures that cannot have placed the order)."""
    if failure is Failure.FATAL:
        return False
    if idempotency is Idempotency.SAFE:
        return True
    return failure in (Failure.NOT_SENT, Failure.RATE_LIMITED)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    ``max_attempts`` counts the first try; ``deadline`` (seconds) bounds the whole call including waits;
    backoff is "full jitter": ``uniform(0, min(cap, base * 2**(n-1)))``. A server-sent Retry-After replaces
    the backoff; one that would end past the deadline ends the retries at once. ``lookup_polls``,
    ``lookup_interval`` and ``lookup_max_pages`` shape the search for a create whose outcome is unknown
    (Kalshi shows a new order after ~0.5 s).
    """

    max_attempts: int = 3
    deadline: float = 30.0
    backoff_base: float = 0.25
    backoff_cap: float = 8.0
    lookup_polls: int = 3
    lookup_interval: float = 0.3
    lookup_max_pages: int = 10
    rng: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.deadline <= 0 or self.backoff_base < 0 or self.backoff_cap < 0:
            raise ValueError("deadline must be positive and backoff_base/backoff_cap non-negative")
        if self.lookup_polls < 1 or self.lookup_max_pages < 1 or self.lookup_interval < 0:
            raise ValueError("lookup_polls and lookup_max_pages must be at least 1, lookup_interval >= 0")

    def backoff(self, attempt: int) -> float:
        """The jittered wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1))
        return self.rng() * ceiling

    @classmethod
    def never(cls) -> RetryPolicy:
        """One attempt, no retries."""
        return cls(max_attempts=1)


class RetryState:
    """Attempts of one step of a call, within the call's deadline (a new one when none is given)."""

    def __init__(
        self, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
    ) -> None:
        self.policy = policy
        self._clock = clock
        self.deadline = deadline if deadline is not None else Deadline.after(policy.deadline, clock)
        self.attempts = 0
        self.failures: list[Failure | None] = []  # per attempt, None for a success

    def earlier_may_have_acted(self) -> bool:
        """Whether an attempt before the last may have reached the server (lost answer or 5xx)."""
        return any(f in (Failure.AMBIGUOUS, Failure.SERVER) for f in self.failures[:-1])

    def remaining(self) -> float:
        return self.deadline.remaining()

    def next_delay(self, retry_after: float | None = None) -> float | None:
        """Seconds to wait before the next attempt, or None when the attempts or the deadline are spent."""
        if self.attempts >= self.policy.max_attempts:
            return None
        left = self.remaining()
        if left <= 0:
            return None
        delay = retry_after if retry_after is not None else self.policy.backoff(self.attempts)
        if delay >= left:
            # A wait that ends past the deadline (a long Retry-After included) only postpones the failure.
            return None
        return delay
