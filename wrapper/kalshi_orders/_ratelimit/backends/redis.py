"""Buckets in Redis, shared by every process (on any machine) that names the same Redis and limiter.

Each bucket is a hash updated by one Lua script, which Redis runs atomically: the same steps as
:mod:`..bucket` (the tests run both on the same inputs and compare). Time is Redis's own clock (``TIME``), so
machines whose clocks disagree still share one timeline. Needs the ``redis`` package
(``pip install 'kalshi-orders[redis]'``), imported only when the backend is first used.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ...errors import ConfigurationError
from ..bucket import NEVER, BucketState, Grant, Shape
from .base import OnError
from .shared import SharedBackend

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["BUCKET_SCRIPT", "RedisBackend"]

# KEYS[1]: the bucket's hash. ARGV: op (reserve | penalise), cost, rate, capacity, max_wait (< 0: no limit),
# now ("" for Redis's clock), cut, floor, recovery, cooldown, ttl (ms). Returns {granted (0/1), wait}; floats
# travel as strings (a Lua number in a reply is truncated to an integer).
BUCKET_SCRIPT = """
if redis.replicate_commands then redis.replicate_commands() end
local op = ARGV[1]
local cost, rate, capacity = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local max_wait, now = tonumber(ARGV[5]), tonumber(ARGV[6])
local cut, floor = tonumber(ARGV[7]), tonumber(ARGV[8])
local recovery, cooldown = tonumber(ARGV[9]), tonumber(ARGV[10])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local s = redis.call('HMGET', KEYS[1], 'tokens', 'stamp', 'factor', 'cut_at')
local tokens, stamp, factor, cut_at = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
if not s[1] and not s[2] and not s[3] and not s[4] then
  tokens, stamp, factor, cut_at = capacity, now, 1, NEVER
elseif not (tokens and stamp and factor and cut_at) or factor <= 0 or factor > 1 then
  tokens, stamp, factor, cut_at = 0, now, cut, now
end
if tokens > capacity then tokens = capacity end
local elapsed = now - stamp
if elapsed > 0 then
  local after = math.min(1, factor + recovery * elapsed)
  tokens = math.min(capacity, tokens + rate * (factor + after) / 2 * elapsed)
  factor = after
  stamp = now
elseif elapsed < -CLOCK_RESET then
  stamp = now
end
local granted, wait = 1, 0
if op == 'reserve' then
  local deficit = cost - tokens
  if deficit > 0 then wait = deficit / (rate * factor) end
  if stamp > now then wait = wait + (stamp - now) end
  if max_wait >= 0 and wait > max_wait then granted = 0 else tokens = tokens - cost end
else
  if now - cut_at >= cooldown then
    factor = math.max(floor, factor * cut)
    cut_at = now
  end
  if tokens > 0 then tokens = 0 end
end
local function f(x) return string.format('%.17g', x) end
redis.call('HSET', KEYS[1], 'tokens', f(tokens), 'stamp', f(stamp), 'factor', f(factor), 'cut_at', f(cut_at))
redis.call('PEXPIRE', KEYS[1], ARGV[11])
return {granted, f(wait)}
"""


def _script_source() -> str:
    from ..bucket import CLOCK_RESET

    return BUCKET_SCRIPT.replace("NEVER", repr(NEVER)).replace("CLOCK_RESET", repr(CLOCK_RESET))


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or parts.path or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"redis {parts.scheme}://{host}{port}{parts.path if parts.hostname else ''}"


class RedisBackend(SharedBackend):
    """Buckets in Redis under ``prefix``. Give a URL (``redis://host:6379/0``, ``rediss://``, ``unix://``) or
    ready ``client`` / ``async_client`` objects (``redis.Redis`` / ``redis.asyncio.Redis``). Calls time out
    after ``socket_timeout`` seconds; a failure is handled as ``on_error`` says (see :class:`SharedBackend`).
    ``clock`` replaces Redis's clock (tests only)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        client: redis.Redis | None = None,
        async_client: redis.asyncio.Redis | None = None,
        prefix: str = "kalshi-orders:ratelimit:",
        on_error: OnError = "local",
        retry_interval: float = 5.0,
        socket_timeout: float = 1.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(on_error=on_error, retry_interval=retry_interval)
        if url is None and client is None and async_client is None:
            raise ConfigurationError("RedisBackend needs a URL (redis://host:port/db) or a redis client")
        try:
            import redis  # noqa: F401 - fail now, with the fix, rather than at the first request
        except ImportError:
            raise ConfigurationError(
                "the Redis rate-limit backend needs the redis package: pip install 'kalshi-orders[redis]'"
            ) from None
        self.url = url
        self.prefix = prefix
        self.socket_timeout = socket_timeout
        self._clock = clock
        self._client = client
        self._async_client = async_client
        self._script: Any = None
        self._async_script: Any = None
        self._source = _script_source()

    def describe(self) -> str:
        if self.url is not None:
            return _redacted(self.url)
        client = self._client if self._client is not None else self._async_client
        kwargs: dict[str, Any] = getattr(getattr(client, "connection_pool", None), "connection_kwargs", {})
        where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
        return f"redis {where}"

    # ---- clients ------------------------------------------------------------------------------------------
    def _sync_client(self) -> Any:
        if self._client is None:
            import redis

            if self.url is None:
                raise ConfigurationError(
                    "this RedisBackend has only an async client: pass client= (a redis.Redis) or a URL to "
                    "use it from the sync client"
                )
            self._client = redis.Redis.from_url(
                self.url, socket_timeout=self.socket_timeout, socket_connect_timeout=self.socket_timeout
            )
        return self._client

    def _sync_script(self) -> Any:
        if self._script is None:
            self._script = self._sync_client().register_script(self._source)
        return self._script

    def _async_script_or_none(self) -> Any:
        if self._async_script is None:
            if self._async_client is None:
                if self.url is None:
                    return None  # only a sync client was given: run it in a thread
                import redis.asyncio

                self._async_client = redis.asyncio.Redis.from_url(
                    self.url, socket_timeout=self.socket_timeout, socket_connect_timeout=self.socket_timeout
                )
            self._async_script = self._async_client.register_script(self._source)
        return self._async_script

    def _args(self, op: str, cost: float, shape: Shape, max_wait: float) -> list[str]:
        b = shape.backoff
        ttl_ms = int(1000 * max(60.0, 10 * shape.capacity / shape.rate))
        now = "" if self._clock is None else repr(self._clock())
        wait = -1.0 if math.isinf(max_wait) else max_wait
        values = (cost, shape.rate, shape.capacity, wait)
        return [
            op,
            *map(repr, values),
            now,
            *map(repr, (b.cut, b.floor, b.recovery, b.cooldown)),
            str(ttl_ms),
        ]

    @staticmethod
    def _grant(reply: Any) -> Grant:
        granted, wait = reply
        return Grant(int(granted) == 1, float(wait))

    @staticmethod
    def _errors() -> tuple[type[BaseException], ...]:
        import redis.exceptions

        # Any Redis error (refused, timed out, loading, read-only replica, auth, a script error): the shared
        # bucket cannot be trusted now.
        return (redis.exceptions.RedisError, OSError)

    # ---- Backend -----------------------------------------------------------------------------------------
    def _call(self, op: str, key: str, cost: float, shape: Shape, max_wait: float) -> Grant | None:
        if self._use_fallback():
            return None
        try:
            reply = self._sync_script()(keys=[self.prefix + key], args=self._args(op, cost, shape, max_wait))
        except self._errors() as exc:
            self._failed(exc)
            return None
        self._recovered()
        return self._grant(reply)

    async def _call_async(
        self, op: str, key: str, cost: float, shape: Shape, max_wait: float
    ) -> Grant | None:
        if self._use_fallback():
            return None
        script = self._async_script_or_none()
        if script is None:
            return await asyncio.to_thread(self._call, op, key, cost, shape, max_wait)
        try:
            reply = await script(keys=[self.prefix + key], args=self._args(op, cost, shape, max_wait))
        except self._errors() as exc:
            self._failed(exc)
            return None
        self._recovered()
        return self._grant(reply)

    def reserve(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        grant = self._call("reserve", key, cost, shape, max_wait)
        return grant if grant is not None else self._fallback.reserve(key, cost, shape, max_wait)

    async def reserve_async(self, key: str, cost: float, shape: Shape, max_wait: float = math.inf) -> Grant:
        grant = await self._call_async("reserve", key, cost, shape, max_wait)
        return grant if grant is not None else self._fallback.reserve(key, cost, shape, max_wait)

    def penalise(self, key: str, shape: Shape) -> None:
        if self._call("penalise", key, 0.0, shape, math.inf) is None:
            self._fallback.penalise(key, shape)

    async def penalise_async(self, key: str, shape: Shape) -> None:
        if await self._call_async("penalise", key, 0.0, shape, math.inf) is None:
            self._fallback.penalise(key, shape)

    def state(self, key: str) -> BucketState | None:
        try:
            raw = self._sync_client().hmget(self.prefix + key, "tokens", "stamp", "factor", "cut_at")
        except self._errors():
            return None
        if any(v is None for v in raw):
            return None
        tokens, stamp, factor, cut_at = (float(v) for v in raw)
        return BucketState(tokens, stamp, factor, cut_at)

    def close(self) -> None:
        if self._client is not None and self.url is not None:
            self._client.close()
            self._client, self._script = None, None

    async def aclose(self) -> None:
        if self._async_client is not None and self.url is not None:
            await self._async_client.aclose()
            self._async_client, self._async_script = None, None
        self.close()
