"""Blocking calls that the caller can stop waiting for: the sync client's attempts run here when its transport
is not its own (a transport the caller passed in, a proxy, mounts), so its deadline holds even while a server
trickles its response *headers* a byte at a time.

A blocking socket read can only be bounded per read (httpx's read timeout): a server that sends one byte
every half second never trips it, and until the headers are complete the response body loop, which checks the
deadline, has not even started. The client's own transport (``_transports.httpcore``) cuts every read to the
deadline instead, at no cost; on any other, the sync runner hands each attempt to a worker thread and waits
for it at most until the deadline; if it is still blocked then, the caller moves on (the attempt fails with
the deadline) and the worker finishes on its own: its body loop stops at the deadline, and its connection is
closed as the response is.

Workers are daemon threads, reused while idle (a handful are kept), so an attempt costs a queue hand-off,
not a thread start; a worker stuck on a hostile server never holds up the interpreter's exit. The caller's
context variables go with the call.
"""

from __future__ import annotations

import contextvars
import os
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["StillRunningError", "call_within"]

T = TypeVar("T")
_KEEP_IDLE = 8


class _Job(Generic[T]):
    def __init__(self, fn: Callable[[], T]) -> None:
        self.fn = fn
        self.context = contextvars.copy_context()
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.context.run(self.fn)
        except BaseException as exc:  # handed to the caller, whatever it is
            self.error = exc
        finally:
            self.done.set()


class _Worker(threading.Thread):
    def __init__(self) -> None:
        super().__init__(name="kalshi-orders-worker", daemon=True)
        self.inbox: queue.SimpleQueue[_Job[object]] = queue.SimpleQueue()

    def run(self) -> None:
        while True:
            job = self.inbox.get()
            job.run()
            del job
            if not _park(self):
                return


_idle: list[_Worker] = []
_lock = threading.Lock()


def _forget_workers() -> None:
    # A forked child has none of its parent's threads: handing a call to one would wait for nothing.
    global _lock
    _idle.clear()
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_workers)


def _park(worker: _Worker) -> bool:
    with _lock:
        if len(_idle) >= _KEEP_IDLE:
            return False
        _idle.append(worker)
        return True


def _worker() -> _Worker:
    with _lock:
        if _idle:
            return _idle.pop()
    worker = _Worker()
    worker.start()
    return worker


class StillRunningError(Exception):
    """Internal: the call did not finish within the time it was given (it goes on in its worker)."""


def call_within(fn: Callable[[], T], timeout: float) -> T:
    """``fn()`` in a worker thread; its result or exception, or :class:`StillRunningError` once ``timeout``
    seconds passed without it finishing."""
    job: _Job[T] = _Job(fn)
    _worker().inbox.put(job)  # type: ignore[arg-type]
    if not job.done.wait(max(0.0, timeout)):
        raise StillRunningError
    if job.error is not None:
        raise job.error
    return job.result  # type: ignore[return-value]
