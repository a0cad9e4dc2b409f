"""Sans-I/O request plans and the two runners that execute them.

Every policy (retries, pagination, create reconciliation) is written once as a *plan*: a generator that
yields effects (:class:`Send` one HTTP request, :class:`Sleep`) and receives their results. The sync runner
performs them with blocking calls, the async runner with awaits; nothing else differs between
``KalshiClient`` and ``AsyncKalshiClient``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias, TypeVar
from urllib.parse import quote

import httpx

from kalshi_orders_api.client import Client
from kalshi_orders_api.errors import ResponseParseError
from kalshi_orders_api.models.error_detail import ErrorDetail
from kalshi_orders_api.types import UNSET, Response, Unset

from ._endpoints import Endpoint, endpoint_of
from ._logging import logger
from ._ratelimit.limiter import RateLimiter
from ._response import RawResponse
from ._retry import Failure, RetryPolicy, RetryState, classify, should_retry
from .errors import (
    APITimeoutError,
    BatchItemError,
    KalshiError,
    ResponseValidationError,
    TransportError,
    error_from_response,
    parse_retry_after,
    request_id_from_headers,
)

__all__ = [
    "AsyncRunner",
    "Attempt",
    "LimitsLoader",
    "Plan",
    "Send",
    "Sleep",
    "SyncRunner",
    "batch_item_error",
    "call",
    "call_and_read",
    "error_for",
    "expect_body",
    "raw_response",
    "send_with_retries",
    "unset",
]

T = TypeVar("T")
M = TypeVar("M")

GeneratedCall: TypeAlias = functools.partial[Response[Any]]


def unset(value: T | None) -> T | Unset:
    """A wrapper-side None as the generated functions' "not sent" (UNSET)."""
    return UNSET if value is None else value


@dataclass(frozen=True, slots=True)
class Send:
    """Effect: send one request through a generated operation (rate-limited, timed, logged).

    ``call`` is the generated ``sync_detailed`` with every argument but ``client`` bound, e.g.
    ``partial(get_order.sync_detailed, order_id="...")`` (path parameters by keyword); the async runner calls
    the operation's ``asyncio_detailed`` with the same arguments.
    """

    call: GeneratedCall
    items: int = 1  # batch size, for per-item rate-limit costs
    attempt: int = 1
    endpoint: Endpoint = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "endpoint", endpoint_of(self.call.func))

    @property
    def path(self) -> str:
        """The request path (below the base URL), path parameters escaped as the generated client does."""
        endpoint = self.endpoint
        if not endpoint.path_params:
            return endpoint.path
        keywords = self.call.keywords
        return endpoint.path.format(
            **{name: quote(str(keywords.get(name, "")), safe="") for name in endpoint.path_params}
        )


@dataclass(frozen=True, slots=True)
class Sleep:
    """Effect: wait (time.sleep or asyncio.sleep)."""

    seconds: float


Effect: TypeAlias = Send | Sleep
Plan: TypeAlias = Generator[Effect, Any, T]
# Loads the account's live limits into a limiter (kalshi_orders._ratelimit.loading); its requests are charged
# but do not trigger another load.
LimitsLoader: TypeAlias = Callable[[RateLimiter], "Plan[None]"]


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one Send produced: a response, or the exception that took its place."""

    send: Send
    response: Response[Any] | None
    error: BaseException | None
    elapsed: float

    @property
    def status_code(self) -> int | None:
        return None if self.response is None else int(self.response.status_code)

    @property
    def failure(self) -> Failure | None:
        return classify(self.status_code, self.error)

    @property
    def retry_after(self) -> float | None:
        if self.response is None:
            return None
        return parse_retry_after(self.response.headers)

    @property
    def request_id(self) -> str | None:
        return None if self.response is None else request_id_from_headers(self.response.headers)


def raw_response(attempt: Attempt, attempts: int, parse: Callable[[], T]) -> RawResponse[T]:
    status_code: int
    headers: Mapping[str, str]
    if attempt.response is not None:
        status_code, headers = int(attempt.response.status_code), attempt.response.headers
        content = attempt.response.content
    else:  # a body the generated model refused but the caller could still read (see _pagination)
        assert isinstance(attempt.error, ResponseParseError)
        status_code, headers, content = attempt.error.status_code, {}, attempt.error.content
    return RawResponse(
        method=attempt.send.endpoint.method,
        path=attempt.send.path,
        status_code=status_code,
        headers=headers,
        content=content,
        elapsed=dt.timedelta(seconds=attempt.elapsed),
        attempts=attempts,
        _parse=parse,
    )


def expect_body(attempt: Attempt, model: type[M]) -> M:
    """The parsed body of a successful attempt, which must be the documented success model (an undocumented
    2xx parses to None)."""
    assert attempt.response is not None
    parsed = attempt.response.parsed
    if not isinstance(parsed, model):
        raise ResponseValidationError(
            f"expected a {model.__name__} body, got status {int(attempt.response.status_code)} with "
            f"{type(parsed).__name__}",
            method=attempt.send.endpoint.method,
            path=attempt.send.path,
            status_code=int(attempt.response.status_code),
            body=attempt.response.content,
            request_id=attempt.request_id,
        )
    return parsed


def error_for(attempt: Attempt) -> KalshiError:
    """The wrapper exception for a failed attempt (chained to the transport exception, if any)."""
    method, path = attempt.send.endpoint.method, attempt.send.path
    exc = attempt.error
    error: KalshiError
    if isinstance(exc, ResponseParseError):
        error = ResponseValidationError(
            str(exc.reason), method=method, path=path, status_code=exc.status_code, body=exc.content
        )  # the generated parser keeps status and body only: no headers, so no request id
    elif isinstance(exc, httpx.TimeoutException):
        host = _origin(exc)
        error = APITimeoutError(
            f"{type(exc).__name__} from {host}: {exc or 'timed out'}", method=method, path=path, host=host
        )
    elif isinstance(exc, httpx.ConnectError):
        host = _origin(exc)
        error = TransportError(
            f"cannot connect to {host} ({type(exc).__name__}: {exc or 'refused'}); check the base URL "
            "(base_url= or KALSHI_BASE_URL) and the network",
            method=method,
            path=path,
            host=host,
        )
    elif exc is not None:
        host = _origin(exc)
        error = TransportError(
            f"{type(exc).__name__} from {host}: {exc or 'no response'}", method=method, path=path, host=host
        )
    else:
        assert attempt.response is not None
        response = attempt.response
        error = error_from_response(
            method, path, int(response.status_code), response.headers, response.content
        )
    error.__cause__ = exc
    return error


def _origin(exc: BaseException) -> str:
    """``scheme://host:port`` of the request an httpx exception is about (``"the server"`` if unknown)."""
    try:
        url = exc.request.url if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:  # an httpx exception raised without its request
        url = None
    if url is None:
        return "the server"
    port = f":{url.port}" if url.port is not None else ""
    return f"{url.scheme}://{url.host}{port}"


def batch_item_error(attempt: Attempt, detail: ErrorDetail) -> BatchItemError:
    """The error of one refused item inside a successful batch answer."""
    assert attempt.response is not None
    return BatchItemError(
        detail.code if isinstance(detail.code, str) and detail.code else None,
        detail.message if isinstance(detail.message, str) else "",
        detail.details if isinstance(detail.details, str) and detail.details else None,
        method=attempt.send.endpoint.method,
        path=attempt.send.path,
        request_id=attempt.request_id,
        status_code=int(attempt.response.status_code),
    )


def _describe(attempt: Attempt) -> str:
    if attempt.error is not None:
        return type(attempt.error).__name__
    return str(attempt.status_code)


def send_with_retries(send: Send, state: RetryState) -> Plan[Attempt]:
    """Send, resending while the endpoint's idempotency allows it; return the last attempt (maybe failed)."""
    while True:
        state.attempts += 1
        attempt: Attempt = yield replace(send, attempt=state.attempts)
        failure = attempt.failure
        state.failures.append(failure)
        if failure is None or not should_retry(failure, send.endpoint.idempotency):
            return attempt
        delay = state.next_delay(attempt.retry_after)
        if delay is None:
            return attempt
        level = logging.INFO if failure is Failure.RATE_LIMITED else logging.WARNING
        logger.log(
            level,
            "kalshi %s %s failed (%s, attempt %d/%d); retrying in %.3fs",
            send.endpoint.method,
            attempt.send.path,
            _describe(attempt),
            state.attempts,
            state.policy.max_attempts,
            delay,
        )
        yield Sleep(delay)


def call(send: Send, policy: RetryPolicy, clock: Callable[[], float]) -> Plan[tuple[Attempt, int]]:
    """Send with retries; return the successful attempt and the number of attempts, or raise its error."""
    state = RetryState(policy, clock)
    attempt = yield from send_with_retries(send, state)
    if attempt.failure is not None:
        raise error_for(attempt)
    return attempt, state.attempts


def call_and_read(
    send: Send, policy: RetryPolicy, clock: Callable[[], float], read: Callable[[Attempt], T]
) -> Plan[RawResponse[T]]:
    """Send with retries, then read the successful answer into the call's result (eagerly: a body that does
    not fit fails the call, not a later ``parsed()``)."""
    attempt, attempts = yield from call(send, policy, clock)
    result = read(attempt)
    return raw_response(attempt, attempts, lambda: result)


_CAUGHT = (httpx.RequestError, ResponseParseError)


class _Exchange:
    """One request's bookkeeping, shared by both runners: timing, the errors that become
    an :class:`Attempt` (``with _Exchange(send, clock) as ex: ex.response = <call>``), and the DEBUG line."""

    def __init__(self, send: Send, clock: Callable[[], float]) -> None:
        self.send = send
        self.clock = clock
        self.response: Response[Any] | None = None
        self.error: BaseException | None = None

    def __enter__(self) -> _Exchange:
        self.started = self.clock()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, _CAUGHT):
            self.error = exc
            return True
        return False

    def attempt(self) -> Attempt:
        attempt = Attempt(self.send, self.response, self.error, self.clock() - self.started)
        logger.debug(
            "kalshi %s %s -> %s in %.3fs (attempt %d)",
            self.send.endpoint.method,
            self.send.path,
            _describe(attempt),
            attempt.elapsed,
            self.send.attempt,
        )
        return attempt


class SyncRunner:
    """Performs a plan's effects with blocking I/O."""

    def __init__(
        self,
        client: Client,
        limiter: RateLimiter | None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        limits_loader: LimitsLoader | None = None,
    ) -> None:
        self.client = client
        self.limiter = limiter
        self._clock = clock
        self._sleep = sleep
        self._limits_loader = limits_loader

    def run(self, plan: Plan[T], *, load_limits: bool = True) -> T:
        result: Any = None
        try:
            while True:
                effect = plan.send(result)
                if isinstance(effect, Sleep):
                    self._sleep(effect.seconds)
                    result = None
                else:
                    result = self._send(effect, load_limits)
        except StopIteration as stop:
            value: T = stop.value
            return value
        finally:
            plan.close()

    def _send(self, send: Send, load_limits: bool = True) -> Attempt:
        limiter = self.limiter
        if limiter is not None:
            if load_limits and self._limits_loader is not None and limiter.wants_live_limits():
                self.run(self._limits_loader(limiter), load_limits=False)
            limiter.acquire(send.endpoint.operation_id, send.items)
        with _Exchange(send, self._clock) as exchange:
            exchange.response = send.call(client=self.client)
        attempt = exchange.attempt()
        if limiter is not None and attempt.status_code == 429:
            limiter.rate_limited(send.endpoint.operation_id)
        return attempt


class AsyncRunner:
    """Performs a plan's effects with asyncio."""

    def __init__(
        self,
        client: Client,
        limiter: RateLimiter | None,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        limits_loader: LimitsLoader | None = None,
    ) -> None:
        self.client = client
        self.limiter = limiter
        self._clock = clock
        self._sleep = sleep
        self._limits_loader = limits_loader

    async def run(self, plan: Plan[T], *, load_limits: bool = True) -> T:
        result: Any = None
        try:
            while True:
                effect = plan.send(result)
                if isinstance(effect, Sleep):
                    await self._sleep(effect.seconds)
                    result = None
                else:
                    result = await self._send(effect, load_limits)
        except StopIteration as stop:
            value: T = stop.value
            return value
        finally:
            plan.close()

    async def _send(self, send: Send, load_limits: bool = True) -> Attempt:
        limiter = self.limiter
        if limiter is not None:
            if load_limits and self._limits_loader is not None and limiter.wants_live_limits():
                await self.run(self._limits_loader(limiter), load_limits=False)
            await limiter.acquire_async(send.endpoint.operation_id, send.items)
        call = send.call
        with _Exchange(send, self._clock) as exchange:
            exchange.response = await send.endpoint.asyncio_detailed(
                *call.args, client=self.client, **call.keywords
            )
        attempt = exchange.attempt()
        if limiter is not None and attempt.status_code == 429:
            await limiter.rate_limited_async(send.endpoint.operation_id)
        return attempt
