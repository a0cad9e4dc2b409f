"""A backend other processes share, and what it does when its store fails."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from ...errors import RateLimiterUnavailableError
from .base import Backend, OnError
from .local import LocalBackend

__all__ = ["SharedBackend"]

logger = logging.getLogger("kalshi_orders")


class SharedBackend(Backend):
    """A backend other processes share. When its store fails (a dead Redis, an unwritable file), either
    every call raises :class:`RateLimiterUnavailableError` (``on_error="raise"``: fail closed) or the process
    falls back to an in-process bucket (``on_error="local"``, the default: trading goes on) that starts
    empty and at the cut rate, since its peers keep spending; one WARNING says so, the store is tried again
    every ``retry_interval`` seconds, and one INFO line says when it answers again."""

    def __init__(
        self, *, on_error: OnError, retry_interval: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        if on_error not in ("local", "raise"):
            raise ValueError(f"on_error must be 'local' or 'raise', got {on_error!r}")
        self.on_error: OnError = on_error
        self.retry_interval = retry_interval
        self._monotonic = monotonic
        self._fallback = LocalBackend(clock=monotonic, cautious=True)
        self._retry_at: float | None = None  # set while the store is down

    @property
    def degraded(self) -> bool:
        """True while the process runs on its in-process fallback bucket."""
        return self._retry_at is not None

    def _use_fallback(self) -> bool:
        """Whether to skip the store for now (it failed less than ``retry_interval`` ago)."""
        return self._retry_at is not None and self._monotonic() < self._retry_at

    def _failed(self, exc: BaseException) -> None:
        """The store failed: raise, or switch to (or stay on) the fallback bucket."""
        if self.on_error == "raise":
            raise RateLimiterUnavailableError(
                f"the shared rate limiter at {self.describe()} is unavailable ({type(exc).__name__}: {exc}); "
                "check that it runs, or build the backend with on_error='local' to fall back to an "
                "in-process bucket"
            ) from exc
        if self._retry_at is None:
            logger.warning(
                "kalshi-orders rate limiter: %s is unavailable (%s: %s); using an in-process bucket "
                "(starting empty and slowed as after a 429) until it answers again (tried every %gs)",
                self.describe(),
                type(exc).__name__,
                exc,
                self.retry_interval,
            )
        self._retry_at = self._monotonic() + self.retry_interval

    def _recovered(self) -> None:
        if self._retry_at is not None:
            self._retry_at = None
            self._fallback.clear()
            logger.info("kalshi-orders rate limiter: %s answers again; sharing its buckets", self.describe())
