"""Buckets in this process: shared by every thread and task that uses the limiter, nothing more."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from ..bucket import BucketState, Grant, Shape, penalise, reserve
from .base import Backend

__all__ = ["LocalBackend"]


class LocalBackend(Backend):
    """In-process buckets under one lock. The lock is held for a few microseconds of arithmetic and never
    while waiting, so async callers run it inline without blocking the event loop for longer than that.

    ``cautious=True`` starts every bucket empty and at the cut rate (the fallback of a shared backend).
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, cautious: bool = False) -> None:
        self._clock = clock
        self._cautious = cautious
        self._states: dict[str, BucketState] = {}
        self._lock = threading.Lock()

    def _state(self, key: str, shape: Shape, now: float) -> BucketState:
        state = self._states.get(key)
        if state is None:
            make = BucketState.cautious if self._cautious else BucketState.full
            state = self._states[key] = make(shape, now)
        return state

    def reserve(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        with self._lock:
            now = self._clock()  # read under the lock: reservations see time in the order they happen
            return reserve(self._state(key, shape, now), cost, shape, now, max_wait)

    def penalise(self, key: str, shape: Shape) -> None:
        with self._lock:
            now = self._clock()
            penalise(self._state(key, shape, now), shape, now)

    def state(self, key: str) -> BucketState | None:
        """A copy of bucket ``key``'s state as last stored (None before its first use)."""
        with self._lock:
            found = self._states.get(key)
            return (
                None if found is None else BucketState(found.tokens, found.stamp, found.factor, found.cut_at)
            )

    def clear(self) -> None:
        with self._lock:
            self._states.clear()

    def describe(self) -> str:
        return "in-process buckets"
