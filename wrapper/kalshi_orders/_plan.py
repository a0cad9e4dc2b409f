"""Sans-I/O request plans and the two runners that execute them.

Every policy (retries, pagination, create reconciliation) is written once as a *plan*: a generator that
yields effects (:class:`Send` one HTTP request, :class:`Sleep`) and receives their results. The sync runner
performs them with blocking calls, the async runner with awaits; nothing else differs between
``KalshiClient`` and ``AsyncKalshiClient``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeAlias, TypeVar
from urllib.parse import quote

import httpx
import orjson

from kalshi_orders_api.client import Client
from kalshi_orders_api.errors import ResponseParseError
from kalshi_orders_api.models.error_detail import ErrorDetail
from kalshi_orders_api.types import Response

from ._logging import logger
from ._ratelimit import RateLimiter
from ._retry import Failure, Idempotency, RetryPolicy, RetryState, classify, should_retry
from .errors import (
    APITimeoutError,
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
    "Endpoint",
    "Plan",
    "RawResponse",
    "Send",
    "Sleep",
    "SyncRunner",
    "batch_item_error",
    "call",
    "error_for",
    "send_with_retries",
]

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class Endpoint:
    operation_id: str
    method: str
    path: str  # template, e.g. "/portfolio/orders/{order_id}"
    operation: Any  # the generated module kalshi_orders_api.api.orders.<op> (sync_detailed/asyncio_detailed)
    idempotency: Idempotency


@dataclass(frozen=True, slots=True)
class Send:
    """Effect: send one request through the generated operation (rate-limited, timed, logged)."""

    endpoint: Endpoint
    kwargs: Mapping[str, Any]
    items: int = 1  # batch size, for per-item rate-limit costs
    attempt: int = 1

    @property
    def path(self) -> str:
        """The request path (below the base URL), with the order id escaped as the generated client does."""
        if "{order_id}" not in self.endpoint.path:
            return self.endpoint.path
        return self.endpoint.path.format(order_id=quote(str(self.kwargs.get("order_id", "")), safe=""))


@dataclass(frozen=True, slots=True)
class Sleep:
    """Effect: wait (time.sleep or asyncio.sleep)."""

    seconds: float


Effect: TypeAlias = Send | Sleep
Plan: TypeAlias = Generator[Effect, Any, T]


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


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The HTTP exchange behind a call (Stainless-style ``with_raw_response``).

    ``parsed()`` gives what the plain call returns. For a reconciled create the exchange is the lookup that
    found the order. ``attempts`` counts every HTTP request the call made, retries and lookups included.
    """

    method: str
    path: str
    status_code: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)  # a page can be megabytes: read it with .content / .text()
    elapsed: dt.timedelta
    attempts: int
    _parse: Callable[[], T] = field(repr=False)

    @property
    def request_id(self) -> str | None:
        return request_id_from_headers(self.headers)

    def parsed(self) -> T:
        return self._parse()

    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def with_result(self, parse: Callable[[], U], attempts: int) -> RawResponse[U]:
        """The same exchange standing for another call's result (e.g. the lookup that found an order)."""
        return RawResponse(
            method=self.method,
            path=self.path,
            status_code=self.status_code,
            headers=self.headers,
            content=self.content,
            elapsed=self.elapsed,
            attempts=attempts,
            _parse=parse,
        )


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


def error_for(attempt: Attempt) -> KalshiError:
    """The wrapper exception for a failed attempt (chained to the transport exception, if any)."""
    method, path = attempt.send.endpoint.method, attempt.send.path
    exc = attempt.error
    error: KalshiError
    if isinstance(exc, ResponseParseError):
        error = ResponseValidationError(
            str(exc.reason), method=method, path=path, status_code=exc.status_code, body=exc.content
        )
    elif isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(f"{type(exc).__name__}: {exc or 'timed out'}", method=method, path=path)
    elif exc is not None:
        error = TransportError(f"{type(exc).__name__}: {exc or 'no response'}", method=method, path=path)
    else:
        assert attempt.response is not None
        response = attempt.response
        error = error_from_response(
            method, path, int(response.status_code), response.headers, response.content
        )
    error.__cause__ = exc
    return error


def batch_item_error(attempt: Attempt, detail: ErrorDetail) -> KalshiError:
    """The error of one failed item inside a 2xx batch response. The item carries no status of its own, so
    it is an UnexpectedStatusError with the batch's status (GoneError for the retired-endpoint code); read
    ``.code`` to tell item errors apart."""
    assert attempt.response is not None
    content = orjson.dumps({"error": detail.to_dict()})
    status = int(attempt.response.status_code)
    return error_from_response(attempt.send.endpoint.method, attempt.send.path, status, {}, content)


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
    ) -> None:
        self.client = client
        self.limiter = limiter
        self._clock = clock
        self._sleep = sleep

    def run(self, plan: Plan[T]) -> T:
        result: Any = None
        try:
            while True:
                effect = plan.send(result)
                if isinstance(effect, Sleep):
                    self._sleep(effect.seconds)
                    result = None
                else:
                    result = self._send(effect)
        except StopIteration as stop:
            value: T = stop.value
            return value

    def _send(self, send: Send) -> Attempt:
        if self.limiter is not None:
            self.limiter.acquire(send.endpoint.operation_id, send.items)
        with _Exchange(send, self._clock) as exchange:
            exchange.response = send.endpoint.operation.sync_detailed(client=self.client, **send.kwargs)
        return exchange.attempt()


class AsyncRunner:
    """Performs a plan's effects with asyncio."""

    def __init__(
        self,
        client: Client,
        limiter: RateLimiter | None,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.client = client
        self.limiter = limiter
        self._clock = clock
        self._sleep = sleep

    async def run(self, plan: Plan[T]) -> T:
        result: Any = None
        try:
            while True:
                effect = plan.send(result)
                if isinstance(effect, Sleep):
                    await self._sleep(effect.seconds)
                    result = None
                else:
                    result = await self._send(effect)
        except StopIteration as stop:
            value: T = stop.value
            return value

    async def _send(self, send: Send) -> Attempt:
        if self.limiter is not None:
            await self.limiter.acquire_async(send.endpoint.operation_id, send.items)
        with _Exchange(send, self._clock) as exchange:
            exchange.response = await send.endpoint.operation.asyncio_detailed(
                client=self.client, **send.kwargs
            )
        return exchange.attempt()
