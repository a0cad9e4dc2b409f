"""Buckets in small state files, shared by the processes of one machine with no service to run.

Each bucket is a 40-byte record (``<name>.bucket``) read and rewritten under an exclusive lock on a sibling
``.lock`` file (``filelock``: ``flock`` on POSIX, ``msvcrt`` on Windows; the OS drops the lock of a process
that dies, so a crash never wedges the others). Time is the wall clock (``time.time``), the one clock all
processes of a machine agree on; a step back of more than a few seconds restarts the count.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import struct
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import ConfigurationError
from ..bucket import BucketState, Grant, Shape, penalise, reserve
from .base import OnError
from .shared import SharedBackend

if TYPE_CHECKING:
    from filelock import BaseFileLock

__all__ = ["FileBackend", "default_directory"]

_RECORD = struct.Struct("<8s4d")
_MAGIC = b"KOBUCKT1"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_ASYNC_POLL = (0.0005, 0.005)  # first and longest pause between tries of a lock another process holds


def default_directory() -> Path:
    """A directory only this user can use: ``$XDG_RUNTIME_DIR/kalshi-orders`` or
    ``<tmp>/kalshi-orders-<uid>``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return Path(runtime) / "kalshi-orders"
    user = str(os.getuid()) if hasattr(os, "getuid") else (os.environ.get("USERNAME") or "user")
    return Path(tempfile.gettempdir()) / f"kalshi-orders-{_UNSAFE.sub('_', user)}"


def _prepare(directory: Path) -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if hasattr(os, "getuid") and directory.stat().st_uid != os.getuid():
        # Another user could rewrite the buckets (starve us) or read how busy we are.
        raise ConfigurationError(
            f"the rate-limit state directory {directory} belongs to another user; pass "
            "FileBackend(directory=...) a directory of your own"
        )
    return directory


class FileBackend(SharedBackend):
    """Buckets shared by every process on this machine that uses the same ``directory`` (and limiter name).

    ``lock_timeout`` bounds the wait for another process's lock (held for microseconds unless that process
    hangs); past it, and on any I/O error, ``on_error`` decides (see :class:`SharedBackend`).
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        on_error: OnError = "local",
        lock_timeout: float = 2.0,
        retry_interval: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(on_error=on_error, retry_interval=retry_interval)
        self.directory = Path(directory) if directory is not None else default_directory()
        self.lock_timeout = lock_timeout
        self._clock = clock
        _prepare(self.directory)
        self._locks: dict[str, BaseFileLock] = {}
        self._thread_lock = threading.Lock()  # one file-lock holder per process at a time

    def describe(self) -> str:
        return f"bucket files in {self.directory}"

    def path(self, key: str) -> Path:
        return self.directory / f"{_UNSAFE.sub('_', key)}.bucket"

    def _lock(self, key: str) -> BaseFileLock:
        found = self._locks.get(key)
        if found is None:
            from filelock import FileLock  # imported on first use: `import kalshi_orders` stays lean

            found = self._locks[key] = FileLock(str(self.path(key)) + ".lock", mode=0o600)
        return found

    # ---- the locked read-modify-write ------------------------------------------------------------------
    def _update(
        self, key: str, shape: Shape, change: Callable[[BucketState, float], Grant | None]
    ) -> Grant | None:
        path = self.path(key)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            raw = os.read(fd, _RECORD.size)
            now = self._clock()
            state = _decode(raw, shape, now)
            result = change(state, now)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, _RECORD.pack(_MAGIC, state.tokens, state.stamp, state.factor, state.cut_at))
            return result
        finally:
            os.close(fd)

    @contextmanager
    def _locked(self, key: str, timeout: float) -> Iterator[None]:
        lock = self._lock(key)
        lock.acquire(timeout=timeout)
        try:
            yield
        finally:
            lock.release()

    def _run(
        self, key: str, shape: Shape, change: Callable[[BucketState, float], Grant | None]
    ) -> Grant | None:
        with self._thread_lock, self._locked(key, self.lock_timeout):
            return self._update(key, shape, change)

    async def _run_async(
        self, key: str, shape: Shape, change: Callable[[BucketState, float], Grant | None]
    ) -> Grant | None:
        # Never block the loop on another process's lock: try it without waiting, and pause between tries.
        from filelock import Timeout

        give_up = time.monotonic() + self.lock_timeout
        pause = _ASYNC_POLL[0]
        while True:
            if self._thread_lock.acquire(blocking=False):
                try:
                    lock = self._lock(key)
                    try:
                        lock.acquire(blocking=False)
                    except Timeout:
                        pass
                    else:
                        try:
                            return self._update(key, shape, change)
                        finally:
                            lock.release()
                finally:
                    self._thread_lock.release()
            if time.monotonic() >= give_up:
                raise Timeout(str(self.path(key)) + ".lock")
            await asyncio.sleep(pause)
            pause = min(pause * 2, _ASYNC_POLL[1])

    # ---- Backend -----------------------------------------------------------------------------------------
    def reserve(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        if not self._use_fallback():
            try:
                grant = self._run(key, shape, lambda state, now: reserve(state, cost, shape, now, max_wait))
            except OSError as exc:  # filelock.Timeout is a TimeoutError, an OSError
                self._failed(exc)
            else:
                self._recovered()
                assert grant is not None
                return grant
        return self._fallback.reserve(key, cost, shape, max_wait)

    async def reserve_async(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        if not self._use_fallback():
            try:
                grant = await self._run_async(
                    key, shape, lambda state, now: reserve(state, cost, shape, now, max_wait)
                )
            except OSError as exc:
                self._failed(exc)
            else:
                self._recovered()
                assert grant is not None
                return grant
        return self._fallback.reserve(key, cost, shape, max_wait)

    def penalise(self, key: str, shape: Shape) -> None:
        if not self._use_fallback():
            try:
                self._run(key, shape, lambda state, now: penalise(state, shape, now))
            except OSError as exc:
                self._failed(exc)
            else:
                return
        self._fallback.penalise(key, shape)

    async def penalise_async(self, key: str, shape: Shape) -> None:
        if not self._use_fallback():
            try:
                await self._run_async(key, shape, lambda state, now: penalise(state, shape, now))
            except OSError as exc:
                self._failed(exc)
            else:
                return
        self._fallback.penalise(key, shape)

    def state(self, key: str) -> BucketState | None:
        """Bucket ``key`` as last stored (None if its file does not exist or holds no valid record)."""
        try:
            raw = self.path(key).read_bytes()
        except FileNotFoundError:
            return None
        if len(raw) < _RECORD.size or raw[:8] != _MAGIC:
            return None
        _, tokens, stamp, factor, cut_at = _RECORD.unpack_from(raw)
        return BucketState(tokens, stamp, factor, cut_at)


def _decode(raw: bytes, shape: Shape, now: float) -> BucketState:
    if not raw:
        return BucketState.full(shape, now)  # a new bucket starts full, as the server's does
    if len(raw) < _RECORD.size or raw[:8] != _MAGIC:
        return BucketState.cautious(shape, now)  # a torn or foreign record: assume the worst
    _, tokens, stamp, factor, cut_at = _RECORD.unpack_from(raw)
    if not all(math.isfinite(v) for v in (tokens, stamp, factor, cut_at)) or not 0 < factor <= 1:
        return BucketState.cautious(shape, now)
    # Another process may run with other limits (e.g. it fell back to the tier table): never hold more than
    # this process's capacity.
    return BucketState(min(tokens, shape.capacity), stamp, factor, cut_at)
