"""One deadline per call: the bound on everything a call does, from the first byte to the last lookup.

A :class:`Deadline` is fixed when a call starts (``RetryPolicy.deadline`` seconds, 30 by default) and shared
by every step of it: rate-limit waits, each attempt (connect, send, headers, body), the waits between attempts
and the lookups that settle a lost write. Plans use it to decide whether another step fits; the runners
enforce it on the wire: every request's httpx timeouts are capped at the time left, and the body is read in
a loop that stops when the time is up, so a server trickling a byte at a time cannot hold a call past it.
The sync runner also sets :data:`current_deadline` around each exchange: its default transport cuts every
socket read to the time left, so even trickled headers stop at the deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

import httpx

__all__ = ["Deadline", "DeadlineExpiredError", "capped_timeouts", "current_deadline"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """The moment (on ``clock``) by which a call must be over, and the length it was given."""

    at: float
    seconds: float
    clock: Callable[[], float] = field(repr=False, compare=False)

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float]) -> Deadline:
        return cls(clock() + seconds, seconds, clock)

    def remaining(self) -> float:
        return self.at - self.clock()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0


# The deadline of the call whose exchange is running in this thread (or task), for the transport's sockets.
current_deadline: ContextVar[Deadline | None] = ContextVar("kalshi_orders_deadline", default=None)


class DeadlineExpiredError(Exception):
    """Internal: the call's deadline passed during one attempt. ``sent`` says whether the request may have
    reached the server (False while waiting for the rate limiter or before sending)."""

    def __init__(self, deadline: Deadline, phase: str, *, sent: bool) -> None:
        super().__init__(phase)
        self.deadline = deadline
        self.phase = phase
        self.sent = sent


# A timeout below this is not worth starting a request with: it could not even connect.
_MIN_TIMEOUT = 0.001


def capped_timeouts(timeout: httpx.Timeout, remaining: float | None) -> dict[str, float | None]:
    """``timeout`` as the request's ``timeout`` extension (what httpx's transports read), each limit cut to
    the time the call has left (None: no deadline, the limits as they are)."""
    limits = timeout.as_dict()
    if remaining is None:
        return limits
    left = max(_MIN_TIMEOUT, remaining)
    return {name: left if value is None else min(value, left) for name, value in limits.items()}
