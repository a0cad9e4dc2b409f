"""Guaranteed cleanup: every order the suite creates is registered and cancelled at the end of the run.

Fixture teardown is the normal path. SIGINT (and SIGTERM, turned into the same KeyboardInterrupt) unwind
through pytest's teardown to the session's final `cancel_all`; `atexit` covers an interpreter exiting early.
"""

from __future__ import annotations

import atexit
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any


class OrderRegistry:
    """Order ids created during a run and not yet known to be cancelled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, str] = {}  # order_id -> ticker
        self.cancelled: list[str] = []
        self.failed: dict[str, str] = {}
        self._canceller: Callable[[str, str], bool] | None = None
        self._installed = False
        self._previous_handler: Any = None
        self.interrupted = False
        self._closing = False

    def add(self, order_id: str, ticker: str) -> None:
        with self._lock:
            self._open[order_id] = ticker

    def forget(self, order_id: str) -> None:
        """The order is known to be closed (cancelled or executed) by the test itself."""
        with self._lock:
            self._open.pop(order_id, None)

    @property
    def open_orders(self) -> dict[str, str]:
        with self._lock:
            return dict(self._open)

    def install(self, canceller: Callable[[str, str], bool]) -> None:
        """`canceller(order_id, ticker)` cancels one order and says whether it is now closed."""
        self._canceller = canceller
        if self._installed:
            return
        self._installed = True
        atexit.register(self.cancel_all)
        if threading.current_thread() is threading.main_thread():
            previous = self._previous_handler = signal.getsignal(signal.SIGTERM)

            def on_term(signum: int, frame: FrameType | None) -> None:
                # Unwind like Ctrl-C: pytest stops, tears fixtures down and the session cancels what is open.
                # (Cancelling right here could reuse an HTTP connection in the middle of a request.)
                signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
                # It may land in a finalizer that swallows it: the flag makes the next request stop.
                self.interrupted = True
                raise KeyboardInterrupt(f"signal {signum}")

            signal.signal(signal.SIGTERM, on_term)

    def raise_if_interrupted(self) -> None:
        """Called before each request: stop a terminated run (but never its own cleanup)."""
        if self.interrupted and not self._closing:
            raise KeyboardInterrupt("terminated: cancelling this run's orders")

    def uninstall(self) -> None:
        """After the final cleanup: restore the previous SIGTERM handler and drop the atexit hook."""
        if not self._installed:
            return
        self._installed = False
        self._canceller = None
        atexit.unregister(self.cancel_all)
        if self._previous_handler is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._previous_handler)

    def cancel_all(self) -> None:
        canceller = self._canceller
        if canceller is None:
            return
        self._closing = True
        for order_id, ticker in self.open_orders.items():
            try:
                closed = canceller(order_id, ticker)
            except Exception as exc:  # keep cancelling the others; report what was left
                self.failed[order_id] = f"{type(exc).__name__}: {exc}"
                continue
            if closed:
                self.forget(order_id)
                self.cancelled.append(order_id)
            else:
                self.failed[order_id] = "cancel was refused"
