"""Where the buckets live: the file and Redis backends, shared across processes, and when their store
fails."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kalshi_orders import (
    Backoff,
    Bucket,
    ConfigurationError,
    FileBackend,
    LocalBackend,
    RateLimiter,
    RateLimiterUnavailableError,
    RedisBackend,
)
from kalshi_orders._ratelimit.backends import backend_from
from kalshi_orders._ratelimit.bucket import BucketState, Grant, Shape, penalise, reserve

from .redis_server import RedisServer, running_redis

SHAPE = Shape(100.0, 150.0, Backoff())
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with running_redis() as server:
        yield server


def _expected_slots(count: int, cost: float, shape: Shape) -> list[float]:
    """The waits a frozen clock hands out: free while the burst lasts, then one slot per cost/rate."""
    free = int(shape.capacity // cost)
    left = shape.capacity - free * cost
    first = (cost - left) / shape.rate
    return [0.0] * free + [first + k * cost / shape.rate for k in range(count - free)]


# ---- across processes --------------------------------------------------------------------------------
_WORKER = textwrap.dedent(
    """
    import json, sys
    from kalshi_orders import Backoff, FileBackend, RedisBackend
    from kalshi_orders._ratelimit.bucket import Shape
    kind, where, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    frozen = lambda: 1000.0  # every process sees the same instant: the waits show the queue exactly
    backend = FileBackend(where, clock=frozen) if kind == "file" else RedisBackend(where, clock=frozen)
    shape = Shape(100.0, 150.0, Backoff())
    sys.stdin.readline()  # start together
    print(json.dumps([backend.reserve("budget:read", 10.0, shape).wait for _ in range(count)]))
    """
)


def _across_processes(kind: str, where: str, processes: int = 4, each: int = 15) -> list[float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(ROOT / p) for p in ("wrapper", "generated"))}
    procs = [
        subprocess.Popen(  # noqa: S603 - our interpreter
            [sys.executable, "-c", _WORKER, kind, where, str(each)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(processes)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    waits: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        waits += json.loads(out)
    return waits


def test_file_backend_is_one_queue_across_processes(tmp_path: Path) -> None:
    waits = _across_processes("file", str(tmp_path))
    # 60 reservations from 4 processes: each slot handed out exactly once, none lost or doubled.
    assert sorted(waits) == pytest.approx(_expected_slots(60, 10.0, SHAPE))


def test_redis_backend_is_one_queue_across_processes(redis_server: RedisServer) -> None:
    waits = _across_processes("redis", redis_server.url)
    assert sorted(waits) == pytest.approx(_expected_slots(60, 10.0, SHAPE))


# ---- the file backend ------------------------------------------------------------------------------------
class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_file_state_persists_for_the_next_process(tmp_path: Path) -> None:
    clock = Clock()
    first = FileBackend(tmp_path, clock=clock)
    for _ in range(15):
        first.reserve("k", 10.0, SHAPE)
    state = first.state("k")
    assert state is not None and state.tokens == pytest.approx(0.0)
    # A restarted bot sees what its predecessor spent, not a fresh full bucket.
    assert FileBackend(tmp_path, clock=clock).reserve("k", 10.0, SHAPE) == Grant(True, 0.1)
    assert (tmp_path / "k.bucket").stat().st_mode & 0o777 == 0o600


def test_a_torn_or_foreign_state_file_is_read_as_empty(tmp_path: Path) -> None:
    clock = Clock()
    backend = FileBackend(tmp_path, clock=clock)
    (tmp_path / "k.bucket").write_bytes(b"KOBUCK")  # cut short
    assert backend.reserve("k", 10.0, SHAPE).wait == pytest.approx(10 / 50)  # empty and at the cut rate
    (tmp_path / "j.bucket").write_bytes(b"\x00" * 40)
    assert backend.reserve("j", 10.0, SHAPE).wait > 0


def test_the_state_directory_must_be_ours(tmp_path: Path) -> None:
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.fail("this test needs to create a directory owned by another user (run as root, as CI does)")
    other = tmp_path / "other"
    other.mkdir()
    os.chown(other, 12345, 12345)
    with pytest.raises(ConfigurationError, match="belongs to another user"):
        FileBackend(other)


def test_file_backend_async_never_blocks_the_loop(tmp_path: Path) -> None:
    from filelock import FileLock

    backend = FileBackend(tmp_path, clock=Clock())
    backend.reserve("k", 10.0, SHAPE)  # creates the files
    held = FileLock(str(backend.path("k")) + ".lock")
    held.acquire()  # as another process would, between its read and its write

    async def go() -> tuple[int, Grant]:
        ticks = 0
        task = asyncio.create_task(backend.reserve_async("k", 10.0, SHAPE))

        async def release_later() -> None:
            await asyncio.sleep(0.05)
            held.release()

        releaser = asyncio.create_task(release_later())
        while not task.done():
            ticks += 1  # the loop keeps running while the reservation waits for the lock
            await asyncio.sleep(0.001)
        await releaser
        return ticks, task.result()

    ticks, grant = asyncio.run(go())
    assert ticks >= 5 and grant.granted


def test_an_unusable_state_file_falls_back_to_a_local_bucket(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backend = FileBackend(tmp_path, clock=Clock())
    (tmp_path / "k.bucket").mkdir()  # the state "file" cannot be opened
    with caplog.at_level(logging.INFO, logger="kalshi_orders"):
        grants = [backend.reserve("k", 10.0, SHAPE) for _ in range(3)]
        backend.penalise("k", SHAPE)
    assert backend.degraded
    # The fallback starts empty and at the cut rate: its peers still spend the budget.
    assert grants[0].wait == pytest.approx(10 / 50, rel=0.01)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "in-process bucket" in warnings[0] and str(tmp_path) in warnings[0]
    closed = FileBackend(tmp_path, clock=Clock(), on_error="raise")
    with pytest.raises(RateLimiterUnavailableError, match="on_error='local'"):
        closed.reserve("k", 10.0, SHAPE)


# ---- the Redis backend ------------------------------------------------------------------------------------
def test_the_lua_script_is_the_python_arithmetic(redis_server: RedisServer) -> None:
    rng = random.Random(3)
    now = [1000.0]
    backend = RedisBackend(redis_server.url, clock=lambda: now[0], prefix="equiv:")
    for round_ in range(4):
        shape = Shape(rng.choice([50.0, 200.0, 4000.0]), rng.choice([100.0, 400.0]), Backoff())
        state = BucketState.full(shape, now[0])
        key = f"k{round_}"
        for _ in range(150):
            now[0] += rng.choice([0.0, rng.uniform(0, 0.2), rng.uniform(0, 2.0), -rng.uniform(0, 0.01)])
            if rng.random() < 0.1:
                penalise(state, shape, now[0])
                backend.penalise(key, shape)
            else:
                cost, limit = rng.choice([2.0, 10.0, 35.0]), rng.choice([math.inf, 0.0, 0.3])
                expected = reserve(state, cost, shape, now[0], limit)
                got = backend.reserve(key, cost, shape, limit)
                assert got.granted == expected.granted
                assert got.wait == pytest.approx(expected.wait, abs=1e-9)
            stored = backend.state(key)
            assert stored is not None
            assert stored.tokens == pytest.approx(state.tokens, abs=1e-6)
            assert stored.factor == pytest.approx(state.factor, abs=1e-12)
            assert stored.stamp == pytest.approx(state.stamp, abs=1e-9)


def test_redis_backend_async(redis_server: RedisServer) -> None:
    backend = RedisBackend(redis_server.url, clock=Clock(), prefix="async:")

    async def go() -> list[float]:
        grants = await asyncio.gather(*(backend.reserve_async("k", 10.0, SHAPE) for _ in range(20)))
        await backend.penalise_async("k", SHAPE)
        await backend.aclose()
        return [g.wait for g in grants]

    assert sorted(asyncio.run(go())) == pytest.approx(_expected_slots(20, 10.0, SHAPE))
    state = RedisBackend(redis_server.url, prefix="async:").state("k")
    assert state is not None and state.factor == 0.5


def test_redis_uses_its_own_clock(redis_server: RedisServer) -> None:
    backend = RedisBackend(redis_server.url, prefix="time:")
    backend.reserve("k", 10.0, SHAPE)
    state = backend.state("k")
    assert state is not None and abs(state.stamp - __import__("time").time()) < 60


def test_redis_going_away_mid_run_falls_back_then_rejoins(caplog: pytest.LogCaptureFixture) -> None:
    server = RedisServer().start()
    try:
        limiter = RateLimiter(live=False, backend=RedisBackend(server.url, retry_interval=0.0), name="bot")
        with caplog.at_level(logging.INFO, logger="kalshi_orders"):
            assert limiter.reserve("GetOrders") == 0.0
            server.stop()
            # Trading goes on, on a cautious local bucket (empty, at the cut rate), with one warning.
            waits = [limiter.reserve("GetOrders") for _ in range(3)]
            assert waits[0] == pytest.approx(10 / 95, rel=0.05) and waits[-1] > waits[0]
            assert limiter.backend.degraded  # type: ignore[attr-defined]
            server.start()
            limiter.reserve("GetOrders")
            assert not limiter.backend.degraded  # type: ignore[attr-defined]
        messages = [(r.levelname, r.getMessage()) for r in caplog.records if "rate limiter" in r.getMessage()]
        assert [level for level, _ in messages] == ["WARNING", "INFO"]
        assert "redis redis://127.0.0.1" in messages[0][1] and "in-process bucket" in messages[0][1]
        state = limiter.state(Bucket.READ)
        assert state is not None and state.tokens < limiter.shape(Bucket.READ).capacity
        server.stop()
        closed = RateLimiter(live=False, backend=RedisBackend(server.url, on_error="raise"))
        with pytest.raises(RateLimiterUnavailableError, match=r"redis redis://127\.0\.0\.1"):
            closed.reserve("GetOrders")
    finally:
        server.close()


def test_redis_url_passwords_never_reach_logs() -> None:
    backend = RedisBackend("redis://user:s3cret@cache.internal:6380/2")
    assert "s3cret" not in backend.describe() and "cache.internal:6380" in backend.describe()
    assert "s3cret" not in repr(RateLimiter(live=False, backend=backend))


# ---- choosing a backend ------------------------------------------------------------------------------------
def test_backend_from_each_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(backend_from("local"), LocalBackend)
    made = backend_from(f"file:{tmp_path}")
    assert isinstance(made, FileBackend) and made.directory == tmp_path
    assert isinstance(backend_from("redis://127.0.0.1:6379/0"), RedisBackend)
    with pytest.raises(ConfigurationError, match="use 'local', 'file'"):
        backend_from("memcached://x")
    with pytest.raises(ConfigurationError, match="on this machine"):
        backend_from("file://elsewhere/dir")
    monkeypatch.setenv("KALSHI_RATE_LIMIT_BACKEND", f"file://{tmp_path}")
    limiter = RateLimiter(live=False)
    assert isinstance(limiter.backend, FileBackend) and limiter.backend.directory == tmp_path
    monkeypatch.setenv("KALSHI_RATE_LIMIT_BACKEND", "nonsense")
    with pytest.raises(ConfigurationError, match=r"\$KALSHI_RATE_LIMIT_BACKEND"):
        RateLimiter(live=False)


def test_import_kalshi_orders_loads_neither_redis_nor_filelock() -> None:
    code = "import sys, kalshi_orders; print(sorted(m for m in ('redis', 'filelock') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]"


def test_an_async_only_redis_backend_says_so_when_used_sync(redis_server: RedisServer) -> None:
    import redis.asyncio

    backend = RedisBackend(async_client=redis.asyncio.Redis.from_url(redis_server.url))
    with pytest.raises(ConfigurationError, match="only an async client"):
        backend.reserve("k", 10.0, SHAPE)
    with pytest.raises(ConfigurationError, match="needs a URL"):
        RedisBackend()
