"""Sans-I/O request plans and the two runners that execute them.

Every policy (retries, pagination, create reconciliation) is written once as a *plan*: a generator that
yields effects (:class:`Send` one HTTP request, :class:`Sleep`) and receives their results. The sync runner
performs them with blocking calls, the async runner with awaits; nothing else differs between
``KalshiClient`` and ``AsyncKalshiClient``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar
from urllib.parse import quote

import httpx

from kalshi_orders_api.client import Client
from kalshi_orders_api.errors import ResponseParseError
from kalshi_orders_api.models.error_detail import ErrorDetail
from kalshi_orders_api.types import UNSET, Response, Unset

from ._body import (
    ACCEPT_ENCODING,
    DEFAULT_MAX_RESPONSE_BYTES,
    Answer,
    BodyReader,
    BodyTooLargeError,
    UnreadableBodyError,
    check_max_response_bytes,
)
from ._checks import check_path_segment
from ._deadline import Deadline, DeadlineExpiredError, capped_timeouts, current_deadline
from ._endpoints import Endpoint, endpoint_of
from ._logging import logger
from ._ratelimit.limiter import RateLimiter
from ._response import RawResponse
from ._retry import Failure, RetryPolicy, RetryState, classify, should_retry
from ._transports.direct import AsyncDirect, SyncDirect
from ._transports.prepared import PreparedRequest
from ._worker import StillRunningError, call_within
from .errors import (
    APITimeoutError,
    BatchItemError,
    KalshiError,
    RateLimitTimeoutError,
    ResponseTooLargeError,
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
    "Wire",
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
    ``partial(get_order.sync_detailed, order_id="...")`` (path parameters by keyword): mypy checks the
    arguments against the operation, and the runners hand them to the same module's request builder and
    response parser (they stream the exchange themselves, see ``_body``). ``deadline`` is the call's.
    """

    call: GeneratedCall
    items: int = 1  # batch size, for per-item rate-limit costs
    attempt: int = 1
    deadline: Deadline | None = None
    endpoint: Endpoint = field(init=False, repr=False)
    # The request path (below the base URL), path parameters escaped as the generated client does.
    path: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        endpoint = endpoint_of(self.call.func)
        object.__setattr__(self, "endpoint", endpoint)
        path = endpoint.path
        if endpoint.path_params:
            keywords = self.call.keywords
            for name in endpoint.path_params:  # the last guard before any request is built: every plan passes
                check_path_segment(name, keywords.get(name, ""), endpoint.method, path)
            path = path.format(
                **{name: quote(str(keywords.get(name, "")), safe="") for name in endpoint.path_params}
            )
        object.__setattr__(self, "path", path)

    def again(self, attempt: int, deadline: Deadline | None) -> Send:
        """This request as attempt number ``attempt`` (``dataclasses.replace`` would check and escape it
        all again)."""
        copy = object.__new__(Send)
        for name, value in (
            ("call", self.call),
            ("items", self.items),
            ("attempt", attempt),
            ("deadline", deadline),
            ("endpoint", self.endpoint),
            ("path", self.path),
        ):
            object.__setattr__(copy, name, value)
        return copy


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
        """The status of the answer; None when there was none (also for a success whose body could not be
        used: see :attr:`unreadable`)."""
        return None if self.response is None else int(self.response.status_code)

    @property
    def unreadable(self) -> bool:
        """A success answer whose body could not be used (too large, undecodable, not the spec's shape): the
        server acted, but what it said is unknown."""
        return isinstance(self.error, ResponseParseError | UnreadableBodyError)

    @property
    def failure(self) -> Failure | None:
        return classify(self.status_code, self.error)

    @property
    def _headers(self) -> Mapping[str, str] | None:
        if self.response is not None:
            return self.response.headers
        if isinstance(self.error, UnreadableBodyError):
            return self.error.headers
        return None

    @property
    def retry_after(self) -> float | None:
        headers = self._headers
        return None if headers is None else parse_retry_after(headers)

    @property
    def request_id(self) -> str | None:
        headers = self._headers
        return None if headers is None else request_id_from_headers(headers)


def raw_response(attempt: Attempt, attempts: int, parse: Callable[[], T]) -> RawResponse[T]:
    status_code: int
    headers: Mapping[str, str]
    if attempt.response is not None:
        status_code, headers = int(attempt.response.status_code), attempt.response.headers
        content = attempt.response.content
    elif isinstance(attempt.error, UnreadableBodyError):
        error = attempt.error
        status_code, headers, content = error.status_code, error.headers, error.content
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
    elif isinstance(exc, BodyTooLargeError):
        error = ResponseTooLargeError(
            limit=exc.limit,
            received=exc.received,
            encoding=exc.encoding,
            method=method,
            path=path,
            status_code=exc.status_code,
            request_id=attempt.request_id,
        )
    elif isinstance(exc, UnreadableBodyError):
        error = ResponseValidationError(
            exc.reason,
            method=method,
            path=path,
            status_code=exc.status_code,
            body=exc.content,
            request_id=attempt.request_id,
        )
    elif isinstance(exc, DeadlineExpiredError):
        error = _deadline_error(exc, method, path)
    elif isinstance(exc, httpx.TimeoutException):
        host = _origin(exc)
        limit = _TIMEOUT_LIMITS.get(type(exc), "read")
        seconds = _configured(exc, limit)
        within = f" of {seconds:g}s" if seconds is not None else ""
        error = APITimeoutError(
            f"{type(exc).__name__} from {host}: the {limit} timeout{within} ran out "
            f"({_TIMEOUT_MEANS[limit]}; set with timeout=)",
            method=method,
            path=path,
            host=host,
            limit=limit,
            seconds=seconds,
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


_TIMEOUT_LIMITS: dict[type[BaseException], str] = {
    httpx.ConnectTimeout: "connect",
    httpx.ReadTimeout: "read",
    httpx.WriteTimeout: "write",
    httpx.PoolTimeout: "pool",
}
_TIMEOUT_MEANS = {
    "connect": "no connection to the server in time",
    "read": "no bytes of the answer came for that long",
    "write": "the request could not be written in time",
    "pool": "no free connection in the pool in time",
}


def _configured(exc: httpx.TimeoutException, limit: str) -> float | None:
    try:
        timeouts = exc.request.extensions.get("timeout", {})
    except RuntimeError:
        return None
    value = timeouts.get(limit) if isinstance(timeouts, dict) else None
    return float(value) if isinstance(value, int | float) else None


def _deadline_error(exc: DeadlineExpiredError, method: str, path: str) -> APITimeoutError:
    seconds = exc.deadline.seconds
    cause = exc.__cause__
    if isinstance(cause, RateLimitTimeoutError):
        return RateLimitTimeoutError(
            f"the rate limiter would hold this call {cause.wait:.3f}s, past its {seconds:g}s deadline; "
            "nothing was sent and no tokens were taken (a longer deadline: RetryPolicy(deadline=...) or "
            "client.with_options(deadline=...))",
            wait=cause.wait,
            method=method,
            path=path,
            seconds=seconds,
        )
    sent = "" if exc.sent else "; nothing was sent"
    return APITimeoutError(
        f"the call's {seconds:g}s deadline passed {exc.phase}{sent} (it bounds the whole call, retries and "
        "lookups included: raise it with RetryPolicy(deadline=...) or client.with_options(deadline=...))",
        method=method,
        path=path,
        host=_origin(cause) if cause is not None else None,
        limit="deadline",
        seconds=seconds,
    )


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
        attempt: Attempt = yield send.again(state.attempts, state.deadline)
        failure = attempt.failure
        state.failures.append(failure)
        if failure is None or not should_retry(failure, send.endpoint.idempotency):
            return attempt
        if isinstance(attempt.error, DeadlineExpiredError):
            return attempt  # the call's time is up (or a rate-limit wait would outlast it): no retry helps
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


def call(
    send: Send, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[tuple[Attempt, int]]:
    """Send with retries; return the successful attempt and the number of attempts, or raise its error."""
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    if attempt.failure is not None:
        raise error_for(attempt)
    return attempt, state.attempts


def call_and_read(
    send: Send,
    policy: RetryPolicy,
    clock: Callable[[], float],
    read: Callable[[Attempt], T],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[T]]:
    """Send with retries, then read the successful answer into the call's result (eagerly: a body that does
    not fit fails the call, not a later ``parsed()``)."""
    attempt, attempts = yield from call(send, policy, clock, deadline)
    result = read(attempt)
    return raw_response(attempt, attempts, lambda: result)


_CAUGHT = (httpx.RequestError, ResponseParseError, UnreadableBodyError, DeadlineExpiredError)
# A timeout that fires this close to the deadline was the deadline's (the runners cap every timeout at it).
_DEADLINE_SLACK = 0.05
# Timeouts httpx raises before a byte of the request went out, and the phase each one ends.
_BEFORE_SENDING: dict[type[BaseException], str] = {
    httpx.ConnectTimeout: "connecting to the server",
    httpx.PoolTimeout: "waiting for a free connection in the pool",
}


@dataclass(frozen=True, slots=True)
class Wire:
    """How the runners send: each attempt's httpx timeouts and the largest response body they read."""

    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(10.0))
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    def __post_init__(self) -> None:
        check_max_response_bytes(self.max_response_bytes)


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
        if logger.isEnabledFor(logging.DEBUG):  # the escaped path is built only for a line that is kept
            logger.debug(
                "kalshi %s %s -> %s in %.3fs (attempt %d)",
                self.send.endpoint.method,
                self.send.path,
                _describe(attempt),
                attempt.elapsed,
                self.send.attempt,
            )
        return attempt


def _absolute(base_url: httpx.URL, url: str) -> str:
    """``url`` (the path the generated module passes, relative to the client's base URL) made absolute the way
    httpx merges it (its base URL always ends in "/"; the path's leading slashes go), so that httpx parses
    the URL once instead of parsing the path, then copying the base URL with the merged path (~15-30 us a
    request). Anything but a plain relative path is left to httpx."""
    if url[:1] != "/" or url[1:2] == "/" or "#" in url or base_url.query:  # the rarer forms: httpx's way
        return url
    base = str(base_url)  # "http://host:port" when the base has no path: httpx's path is then "/"
    return f"{base}{url[1:]}" if base.endswith("/") else f"{base}/{url[1:]}"


class _RunnerBase:
    """What both runners share: building each request, and the limits on waiting and reading."""

    def __init__(
        self, client: Client, limiter: RateLimiter | None, clock: Callable[[], float], wire: Wire | None
    ) -> None:
        self.client = client
        self.limiter = limiter
        self.wire = wire if wire is not None else Wire()
        self._clock = clock

    def _left(self, send: Send, phase: str) -> float | None:
        """Seconds the call has left (None: no deadline); DeadlineExpiredError when none."""
        deadline = send.deadline
        if deadline is None:
            return None
        left = deadline.remaining()
        if left <= 0:
            raise DeadlineExpiredError(deadline, phase, sent=False)
        return left

    def _request_parts(self, send: Send) -> tuple[dict[str, Any], dict[str, float | None], float | None]:
        """The operation's request as the generated module describes it (method, URL below the base URL,
        query, body), its timeouts cut to the deadline (httpx's ``timeout`` extension), and the seconds the
        call has left."""
        left = self._left(send, "before sending")
        call = send.call
        kwargs = send.endpoint.request_kwargs(*call.args, **call.keywords)
        return kwargs, capped_timeouts(self.wire.timeout, left), left

    @staticmethod
    def _build(
        http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], timeouts: dict[str, float | None]
    ) -> httpx.Request:
        kwargs["url"] = _absolute(http.base_url, kwargs["url"])
        request = http.build_request(**kwargs, extensions={"timeout": timeouts})
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING  # only what BodyReader inflates within its limit
        return request

    def _limit_expired(self, send: Send, exc: RateLimitTimeoutError) -> DeadlineExpiredError:
        assert send.deadline is not None
        expired = DeadlineExpiredError(
            send.deadline, f"waiting {exc.wait:.3f}s for the rate limiter", sent=False
        )
        expired.__cause__ = exc
        return expired

    @staticmethod
    def _timed_out(send: Send, exc: httpx.TimeoutException, phase: str) -> BaseException:
        """A timeout capped by the deadline is the deadline's: say so, and whether the request may have left
        (a connect or pool timeout means it never did: a write is then known not applied, not unknown)."""
        deadline = send.deadline
        if deadline is not None and deadline.remaining() <= _DEADLINE_SLACK:
            before = _BEFORE_SENDING.get(type(exc))
            if before is not None:
                return DeadlineExpiredError(deadline, before, sent=False)
            return DeadlineExpiredError(deadline, phase, sent=True)
        return exc

    def _reader(self, response: httpx.Response, send: Send) -> BodyReader:
        return BodyReader(response.status_code, response.headers, self.wire.max_response_bytes, send.deadline)

    def _parse(self, send: Send, answer: Answer) -> Response[Any]:
        parsed: Response[Any] = send.endpoint.read_response(client=self.client, response=answer)
        return parsed


class SyncRunner(_RunnerBase):
    """Performs a plan's effects with blocking I/O."""

    def __init__(
        self,
        client: Client,
        limiter: RateLimiter | None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        limits_loader: LimitsLoader | None = None,
        wire: Wire | None = None,
        *,
        reads_bounded: bool = False,
        direct: SyncDirect | None = None,
    ) -> None:
        super().__init__(client, limiter, clock, wire)
        self._sleep = sleep
        self._limits_loader = limits_loader
        # True when the transport cuts every socket read to the deadline (DeadlineHTTPTransport): attempts
        # then run inline; any other transport's run in a worker the runner stops waiting for at the deadline.
        self._reads_bounded = reads_bounded
        # Set when the httpx client is the wrapper's own, with nothing for Client.send to do: requests go
        # straight to its transport (see _transports.direct).
        self._direct = direct

    def with_wire(self, wire: Wire) -> SyncRunner:
        """The same runner (client, pool, limiter) sending with other timeouts and size limit."""
        return SyncRunner(
            self.client,
            self.limiter,
            self._clock,
            self._sleep,
            self._limits_loader,
            wire,
            reads_bounded=self._reads_bounded,
            direct=self._direct,
        )

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
        limiter, loader = self.limiter, self._limits_loader
        if limiter is not None and load_limits and loader is not None and limiter.wants_live_limits():
            self.run(loader(limiter), load_limits=False)
        with _Exchange(send, self._clock) as exchange:
            self._acquire(send)
            exchange.response = self._exchange(send)
        attempt = exchange.attempt()
        if limiter is not None and attempt.status_code == 429:
            limiter.rate_limited(send.endpoint.operation_id)
        return attempt

    def _acquire(self, send: Send) -> None:
        if self.limiter is None:
            return
        left = self._left(send, "before sending")
        try:
            self.limiter.acquire(send.endpoint.operation_id, send.items, timeout=left)
        except RateLimitTimeoutError as exc:
            raise self._limit_expired(send, exc) from exc

    def _exchange(self, send: Send) -> Response[Any]:
        deadline = send.deadline
        if deadline is None or self._reads_bounded:
            return self._parse(send, self._stream(send, ["waiting for the answer"]))
        # A transport that bounds each read only by its own timeout would let trickled headers hold the call:
        # the attempt runs in a worker, waited for until the deadline (see _worker).
        phase = ["waiting for the answer"]
        try:
            complete = call_within(lambda: self._stream(send, phase), deadline.remaining() + _DEADLINE_SLACK)
        except StillRunningError:
            raise DeadlineExpiredError(deadline, phase[0], sent=True) from None
        return self._parse(send, complete)

    def _stream(self, send: Send, phase: list[str]) -> Answer:
        """Send the request and read its body within the limits; the response with its body read."""
        http = self.client.get_httpx_client()
        kwargs, timeouts, _ = self._request_parts(send)
        request = self._build(http, kwargs, timeouts)
        direct = self._direct
        bounding = current_deadline.set(send.deadline)  # for the sockets of DeadlineHTTPTransport
        try:
            response = http.send(request, stream=True) if direct is None else direct.send(http, request)
            phase[0] = "reading the response body"
            try:
                reader = self._reader(response, send)
                if response.is_stream_consumed:  # the transport read the body itself
                    reader.feed_decoded(response.content)
                else:
                    for chunk in response.iter_raw():
                        if not reader.feed(chunk):
                            break
                complete = reader.finish()
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            expired = self._timed_out(send, exc, phase[0])
            if expired is exc:
                raise
            raise expired from exc
        finally:
            current_deadline.reset(bounding)
        return complete


class AsyncRunner(_RunnerBase):
    """Performs a plan's effects with asyncio. The call's deadline also bounds each attempt as a whole
    (``asyncio.timeout``), whatever the transport."""

    def __init__(
        self,
        client: Client,
        limiter: RateLimiter | None,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        limits_loader: LimitsLoader | None = None,
        wire: Wire | None = None,
        *,
        direct: AsyncDirect | None = None,
    ) -> None:
        super().__init__(client, limiter, clock, wire)
        self._sleep = sleep
        self._limits_loader = limits_loader
        self._direct = direct  # as in SyncRunner

    def with_wire(self, wire: Wire) -> AsyncRunner:
        """The same runner (client, pool, limiter) sending with other timeouts and size limit."""
        return AsyncRunner(
            self.client,
            self.limiter,
            self._clock,
            self._sleep,
            self._limits_loader,
            wire,
            direct=self._direct,
        )

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
        limiter, loader = self.limiter, self._limits_loader
        if limiter is not None and load_limits and loader is not None and limiter.wants_live_limits():
            await self.run(loader(limiter), load_limits=False)
        with _Exchange(send, self._clock) as exchange:
            await self._acquire(send)
            exchange.response = await self._exchange(send)
        attempt = exchange.attempt()
        if limiter is not None and attempt.status_code == 429:
            await limiter.rate_limited_async(send.endpoint.operation_id)
        return attempt

    async def _acquire(self, send: Send) -> None:
        if self.limiter is None:
            return
        left = self._left(send, "before sending")
        try:
            await self.limiter.acquire_async(send.endpoint.operation_id, send.items, timeout=left)
        except RateLimitTimeoutError as exc:
            raise self._limit_expired(send, exc) from exc

    async def _exchange(self, send: Send) -> Response[Any]:
        http = self.client.get_async_httpx_client()
        kwargs, timeouts, left = self._request_parts(send)
        direct = self._direct
        # The wrapper's own transport takes most requests without an httpx.Request (.prepared).
        prepared = None if direct is None else direct.prepare(http, kwargs, timeouts)
        phase = ["waiting for the answer"]
        if direct is not None and prepared is not None:
            streaming = self._stream_prepared(direct, http, prepared, send, phase)
        else:
            streaming = self._stream(http, self._build(http, kwargs, timeouts), send, phase)
        # A little past the deadline: the request's own timeouts (cut to it) fire first and say which phase
        # ran out (a connect that did not finish sent nothing); the scope catches a transport ignoring them.
        scope = asyncio.timeout(None if left is None else left + _DEADLINE_SLACK)
        try:
            async with scope:
                complete = await streaming
        except TimeoutError:
            if not scope.expired():
                raise
            assert send.deadline is not None
            raise DeadlineExpiredError(send.deadline, phase[0], sent=True) from None
        except httpx.TimeoutException as exc:
            expired = self._timed_out(send, exc, phase[0])
            if expired is exc:
                raise
            raise expired from exc
        return self._parse(send, complete)

    async def _stream(
        self, http: httpx.AsyncClient, request: httpx.Request, send: Send, phase: list[str]
    ) -> Answer:
        direct = self._direct
        response = await (http.send(request, stream=True) if direct is None else direct.send(http, request))
        phase[0] = "reading the response body"
        try:
            reader = self._reader(response, send)
            if response.is_stream_consumed:  # the transport read the body itself
                reader.feed_decoded(response.content)
            else:
                async for chunk in response.aiter_raw():
                    if not reader.feed(chunk):
                        break
            return reader.finish()
        finally:
            await response.aclose()

    async def _stream_prepared(
        self,
        direct: AsyncDirect,
        http: httpx.AsyncClient,
        prepared: PreparedRequest,
        send: Send,
        phase: list[str],
    ) -> Answer:
        opened = await direct.open(http, prepared)
        phase[0] = "reading the response body"
        try:
            reader = BodyReader(
                opened.status_code,
                opened.headers,
                self.wire.max_response_bytes,
                send.deadline,
                opened.lookup,
            )
            async for chunk in opened.chunks():
                if not reader.feed(chunk):
                    break
            return reader.finish()
        finally:
            opened.release()
