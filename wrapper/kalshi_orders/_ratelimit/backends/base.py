"""What a limiter backend is: the store of bucket states that one or many processes draw from."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Literal

from ..bucket import BucketState, Grant, Shape

__all__ = ["Backend", "OnError"]

OnError = Literal["local", "raise"]


class Backend(ABC):
    """Holds the state of named buckets. ``reserve`` and ``penalise`` are atomic per bucket across every
    caller of the backend (threads, tasks and, for shared backends, processes)."""

    @abstractmethod
    def reserve(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        """Take ``cost`` tokens from bucket ``key`` (created full with ``shape``) unless the wait for them
        would exceed ``max_wait``."""

    @abstractmethod
    def penalise(self, key: str, shape: Shape) -> None:
        """Bucket ``key`` drew a 429: empty it and cut its rate (see :class:`Backoff`)."""

    async def reserve_async(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        """As :meth:`reserve`, without blocking the event loop (by default inline: it never waits)."""
        return self.reserve(key, cost, shape, max_wait)

    async def penalise_async(self, key: str, shape: Shape) -> None:
        self.penalise(key, shape)

    def state(self, key: str) -> BucketState | None:
        """Bucket ``key`` as last stored, for inspection (None if unknown or never used)."""
        return None

    def describe(self) -> str:
        """Where the buckets live, for logs (never a password)."""
        return type(self).__name__

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections or files (the limiter stays usable for a fresh start)."""

    async def aclose(self) -> None:
        self.close()
