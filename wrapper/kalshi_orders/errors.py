"""The wrapper's exception tree and the parser that turns an HTTP error response into one of them.

Every error is a :class:`KalshiError`, which says which request it concerns (``method``, ``path``,
``request_id``; None for an error raised before anything was sent). Below it:

* :class:`APIError`: the server answered with an error (an HTTP error status; or the retired-endpoint code,
  whatever the status). One subclass per status class, with a hint of what to do.
* :class:`TransportError` (and :class:`APITimeoutError`): no HTTP answer at all.
* :class:`ResponseValidationError`: a success status whose body does not fit the spec.
* :class:`BatchItemError`: one item of a batch refused inside a successful batch answer.
* :class:`OrderOutcomeUnknownError`, :class:`PaginationError`: what the wrapper's own policies concluded.
* :class:`ConfigurationError`, :class:`OrderValidationError`: refused locally; nothing was sent.

Kalshi answers errors in three shapes: the documented flat ``{code, message, details}``, the nested
``{"error": {code, message, details, service}}`` that live servers send, and the rate limiter's bare
``{"error": "too many requests"}``; all three parse here. Errors keep the raw response body and a few
response headers, never the request's signed headers.
"""

from __future__ import annotations

import email.utils
import http
import math
import time
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import orjson

__all__ = [
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchItemError",
    "ConfigurationError",
    "ConflictError",
    "GoneError",
    "KalshiError",
    "KeyLoadError",
    "NotFoundError",
    "OrderOutcomeUnknownError",
    "OrderValidationError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimitTimeoutError",
    "RateLimiterUnavailableError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "TransportError",
    "UnexpectedStatusError",
    "error_from_response",
    "parse_retry_after",
    "request_id_from_headers",
]

DEPRECATED_V1_CODE = "deprecated_v1_order_endpoint"
# Longest message kept from a non-JSON body (an HTML error page, a proxy's text): enough to recognise it.
_MAX_TEXT_MESSAGE = 300
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id", "cf-ray")
# Response headers an error never keeps (the request's signed headers are never available to it at all).
_DROPPED_HEADERS = frozenset({"set-cookie", "authorization", "cookie"})

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]


def _rebuild(cls: type[KalshiError], args: tuple[Any, ...], state: dict[str, Any]) -> KalshiError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class KalshiError(Exception):
    """Base class of every error this package raises.

    ``message`` is the reason in words; ``method``, ``path`` (below the base URL) and ``request_id`` (from the
    response headers, when there was a response) say which request it concerns. All three are None for an
    error raised before any request (bad input, configuration).
    """

    def __init__(
        self,
        message: str = "",
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.request_id = request_id

    @property
    def _where(self) -> str:
        """``"GET /portfolio/orders: "`` when the error concerns a request, else ``""``."""
        return f"{self.method} {self.path}: " if self.method and self.path else ""

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take keyword-only and extra arguments, so rebuild from the attributes, not from args
        # (errors must survive pickling, e.g. across a process pool).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class ConfigurationError(KalshiError):
    """The client is set up wrongly (missing credentials, unknown environment, ...); nothing was sent."""


class KeyLoadError(ConfigurationError):
    """The private key could not be loaded. The message never contains key material or the password."""


class OrderValidationError(KalshiError, ValueError):
    """An order was rejected locally, before anything was sent; the message says what to change."""


class TransportError(KalshiError):
    """The request did not get an HTTP response (connection refused or dropped, DNS, TLS, ...), so there is
    no status and no request id. ``host`` is the server it was meant for (``scheme://host:port``), also named
    in the message: a wrong base URL is the usual cause of a refused connection."""

    def __init__(
        self,
        message: str = "",
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        host: str | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id)
        self.host = host

    def __str__(self) -> str:
        return f"{self._where}{self.message}"


class APITimeoutError(TransportError):
    """A time limit ran out before the answer was complete. ``limit`` says which one:

    * ``"deadline"``: the call's deadline (``RetryPolicy.deadline``, ``with_options(deadline=...)``), which
      bounds the whole call: rate-limit waits, every attempt including reading the body, the waits between
      attempts and any lookups;
    * ``"connect"``, ``"read"``, ``"write"``, ``"pool"``: one attempt's httpx timeout (``timeout=``; ``read``
      is the longest wait for the next bytes of the answer).

    ``seconds`` is that limit's length. For a write the order may or may not have changed: the write methods
    settle that by lookup first and raise :class:`OrderOutcomeUnknownError` when they cannot.
    """

    def __init__(
        self,
        message: str = "",
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        host: str | None = None,
        limit: str | None = None,
        seconds: float | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id, host=host)
        self.limit = limit
        self.seconds = seconds


class RateLimitTimeoutError(APITimeoutError):
    """The rate limiter would have to wait longer than the call has left for the request's tokens. Nothing
    was sent and no tokens were taken; ``wait`` is the wait (seconds) that was refused."""

    def __init__(
        self,
        message: str,
        *,
        wait: float,
        method: str | None = None,
        path: str | None = None,
        seconds: float | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, limit="deadline", seconds=seconds)
        self.wait = wait


class RateLimiterUnavailableError(KalshiError):
    """A shared rate limiter (Redis, a state file) failed and was built to fail closed (``on_error="raise"``);
    nothing was sent."""


class ResponseValidationError(KalshiError):
    """A 2xx response whose body does not fit the spec; the raw body is kept in ``.body``."""

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        status_code: int | None = None,
        body: bytes = b"",
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id)
        self.status_code = status_code
        self.body = body

    def __str__(self) -> str:
        where = f"{self.method} {self.path} → {self.status_code}: " if self.method and self.path else ""
        return f"{where}response does not fit the spec: {self.message}"


class ResponseTooLargeError(ResponseValidationError):
    """A success answer whose body is larger than ``max_response_bytes`` (``limit``), counted while it
    streamed in and after decompression: it was not read past the limit. ``received`` is how many bytes had
    been seen when it stopped; ``encoding`` the Content-Encoding it came in, if any. A 1,000-order page is
    about 1 MB, so this is a misbehaving server or proxy, or a limit set too low."""

    def __init__(
        self,
        *,
        limit: int,
        received: int,
        encoding: str | None = None,
        method: str | None = None,
        path: str | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        after = f" after {encoding} decoding" if encoding else ""
        super().__init__(
            f"the body is larger than the {_size(limit)} limit (more than {received:,} bytes{after}): "
            "a 1,000-order page is about 1 MB, so the server (or a proxy) is misbehaving; if the answer is "
            "genuinely this big, raise max_response_bytes (KalshiClient(max_response_bytes=...) or "
            "client.with_options(max_response_bytes=...))",
            method=method,
            path=path,
            status_code=status_code,
            request_id=request_id,
        )
        self.limit = limit
        self.received = received
        self.encoding = encoding

    def __str__(self) -> str:
        where = f"{self.method} {self.path} → {self.status_code}: " if self.method and self.path else ""
        return f"{where}response too large: {self.message}"


def _size(n: int) -> str:
    if n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n:,}-byte"


class OrderOutcomeUnknownError(KalshiError):
    """A write whose outcome could not be established: it may or may not have been applied, and resending it
    blindly could apply it twice. ``method``/``path``/``request_id`` are those of the write request (the id of
    its last answer, if any).

    * a create (``operation="create"``): ``client_order_id`` is the order's; look it up by that id among the
      orders of ``ticker`` (its market, when known).
    * an amend, decrease or cancel (``operation`` says which): ``order_id`` is the order's; ``order`` is how
      it looked when last read, if it could be read; ``look_up`` says what to check before acting again.
    * a batch cancel none of whose orders could be read back (``operation="batch_cancel"``): ``order_ids``
      are the orders it asked to cancel (``order_id`` is None); ``look_up`` says what to check.
    """

    def __init__(
        self,
        client_order_id: str | None = None,
        message: str | None = None,
        *,
        order_id: str | None = None,
        operation: str = "create",
        order: Any = None,
        look_up: str | None = None,
        order_ids: tuple[str, ...] = (),
        ticker: str | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message or "", method=method, path=path, request_id=request_id)
        self.client_order_id = client_order_id
        self.ticker = ticker
        self.order_id = order_id
        self.order_ids = order_ids if order_ids else (() if order_id is None else (order_id,))
        self.operation = operation
        self.order = order
        self.look_up = look_up

    def __str__(self) -> str:
        reason = f": {self.message}" if self.message else ""
        if self.operation == "create":
            among = (
                f"among the orders of {self.ticker} (orders.list(ticker={self.ticker!r}), "
                f"GET /portfolio/orders?ticker={self.ticker})"
                if self.ticker
                else "(GET /portfolio/orders)"
            )
            return (
                f"the outcome of order client_order_id={self.client_order_id} is unknown{reason}. "
                f"Hint: look the order up by its client_order_id {among} before anything else; resending "
                "with the same client_order_id cannot create a second order (it gets 409)."
            )
        hint = self.look_up or (
            f"read the order (orders.get({self.order_id!r})) and compare it with what you asked before "
            "sending anything again"
        )
        which = (
            f"order {self.order_id}" if self.order_id is not None else "orders " + ", ".join(self.order_ids)
        )
        return f"the outcome of the {self.operation} of {which} is unknown{reason}. Hint: {hint}."


class PaginationError(KalshiError):
    """The server's pagination went wrong and the walk stopped rather than loop forever. ``reason`` says how:

    * ``"repeated_cursor"``: a cursor came back that the walk had already followed;
    * ``"empty_pages"``: too many pages in a row carried no new order but still a cursor;
    * ``"repeated_page"``: a page held exactly the orders of an earlier page, under a new cursor.

    Every order delivered before the error was delivered once; ``cursor`` is the cursor the walk refused to
    follow and ``pages_fetched`` how many pages it read.
    """

    def __init__(
        self,
        cursor: str,
        pages_fetched: int,
        *,
        reason: str = "repeated_cursor",
        detail: str | None = None,
        method: str | None = "GET",
        path: str | None = "/portfolio/orders",
        request_id: str | None = None,
    ) -> None:
        if reason == "repeated_cursor":
            what = f"GetOrders returned cursor {cursor!r} again after {pages_fetched} page(s)"
        elif reason == "empty_pages":
            what = f"GetOrders sent {detail} in a row with no new order but a cursor (latest {cursor!r})"
        else:
            what = f"GetOrders sent a page of orders already delivered ({detail}) under new cursor {cursor!r}"
        super().__init__(
            f"{what}: the server's pagination is looping, so the walk stopped after {pages_fetched} page(s); "
            "every order delivered so far was delivered once",
            method=method,
            path=path,
            request_id=request_id,
        )
        self.cursor = cursor
        self.pages_fetched = pages_fetched
        self.reason = reason


class APIError(KalshiError):
    """The server answered with an error: an HTTP status of 300 or more (redirects are never followed), or
    the retired-endpoint code ``deprecated_v1_order_endpoint`` whatever the status (always a
    :class:`GoneError`). The subclass follows the status; ``code``, ``message`` and ``details`` come from the
    body in any of its shapes, ``body`` is the raw body.

    Not an APIError: no answer at all (:class:`TransportError`), a success body that does not fit the spec
    (:class:`ResponseValidationError`), one refused item of a successful batch (:class:`BatchItemError`).
    """

    hint: ClassVar[str] = "unexpected response: check the base URL and the raw body in `.body`"

    def __init__(
        self,
        method: str,
        path: str,
        status_code: int,
        code: str | None,
        message: str,
        details: str | None,
        request_id: str | None,
        body: bytes,
        *,
        retry_after: float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id)
        self.status_code = status_code
        self.code = code
        self.details = details
        self.body = body
        self.retry_after = retry_after
        self.headers: dict[str, str] = dict(headers or {})

    @property
    def what_to_do(self) -> str:
        """A short hint for this error, specific to the error code where one is known."""
        if self.code is not None and self.code in _CODE_HINTS:
            return _CODE_HINTS[self.code]
        return self.hint

    def __str__(self) -> str:
        return self.summary()

    def summary(self, hint: str | None = None) -> str:
        """What ``str()`` says, with ``hint`` in place of :attr:`what_to_do` (e.g. in a CLI's words)."""
        try:
            phrase = http.HTTPStatus(self.status_code).phrase.lower()
        except ValueError:
            phrase = "status"
        parts = [f"{self.method} {self.path} → {self.status_code} {phrase}"]
        if self.code:
            parts.append(f" (code={self.code})")
        if self.message:
            parts.append(f": {self.message}")
        if self.details:
            parts.append(f" ({self.details})")
        if self.request_id:
            parts.append(f" [request_id={self.request_id}]")
        if self.retry_after is not None:
            parts.append(f" [retry_after={self.retry_after:g}s]")
        parts.append(f". Hint: {hint if hint is not None else self.what_to_do}")
        return "".join(parts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(method={self.method!r}, path={self.path!r}, "
            f"status_code={self.status_code}, code={self.code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r})"
        )


class BadRequestError(APIError):
    hint = "fix the request as the message says; it was not executed"


class AuthenticationError(APIError):
    hint = (
        "check the key id, the private key and the clock (the timestamp is in milliseconds); "
        "run `kalshi-orders keys check --explain`"
    )


class PermissionDeniedError(APIError):
    hint = (
        "the key may not do this: check the key's permissions, its subaccount lock and that it belongs to "
        "this environment (demo and production keys differ)"
    )


class NotFoundError(APIError):
    hint = "check the id or ticker and the environment (demo and production data differ)"


class ConflictError(APIError):
    hint = (
        "the request conflicts with an existing order (for example a reused client_order_id): "
        "look the order up instead of resending"
    )


class GoneError(APIError):
    hint = "this endpoint is retired: use the V2 endpoints under /portfolio/events/orders"


class RateLimitError(APIError):
    hint = "slow down: wait for Retry-After (or back off exponentially) before retrying"


class ServerError(APIError):
    hint = (
        "a server-side failure: retry reads with backoff; for writes, look the order up by client_order_id "
        "before resending"
    )


class UnexpectedStatusError(APIError):
    """A status the other classes do not cover (another 3xx/4xx)."""


class BatchItemError(KalshiError):
    """One item of a batch refused inside the batch's successful answer (other items may have succeeded).

    ``code``, ``message`` and ``details`` are the item's own error; ``method``, ``path``, ``request_id`` and
    ``status_code`` are those of the batch request and its answer.
    """

    def __init__(
        self,
        code: str | None,
        message: str,
        details: str | None,
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path, request_id=request_id)
        self.code = code
        self.details = details
        self.status_code = status_code

    @property
    def what_to_do(self) -> str:
        """A short hint for this item's error code, where one is known."""
        if self.code is not None and self.code in _CODE_HINTS:
            return _CODE_HINTS[self.code]
        return "fix this item as the message says and send it again; the other items are unaffected"

    def __str__(self) -> str:
        parts = [f"{self._where}batch item refused"]
        if self.code:
            parts.append(f" (code={self.code})")
        if self.message:
            parts.append(f": {self.message}")
        if self.details:
            parts.append(f" ({self.details})")
        if self.request_id:
            parts.append(f" [request_id={self.request_id}]")
        parts.append(f". Hint: {self.what_to_do}")
        return "".join(parts)

    def __repr__(self) -> str:
        return (
            f"BatchItemError(method={self.method!r}, path={self.path!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )


_CODE_HINTS: dict[str, str] = {
    DEPRECATED_V1_CODE: GoneError.hint,
    "insufficient_balance": "deposit funds or reduce the order's size or price",
    "market_closed": "the market is not open for trading; check its status and close time",
    "market_not_found": "check the market ticker and the environment",
    "fill_or_kill_insufficient_resting_volume": (
        "not enough resting volume to fill the whole order: lower the count, change the price or use "
        "immediate_or_cancel"
    ),
    "order_not_resting": (
        "the order is no longer resting (filled, canceled or expired): read it with "
        "client.orders.get(order_id)"
    ),
    "order_not_found": "check the order id, the subaccount and the environment (demo and production differ)",
    "order_already_exists": (
        "an order with this client_order_id already exists: fetch it (GET /portfolio/orders) "
        "instead of resending"
    ),
}

_STATUS_CLASSES: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    429: RateLimitError,
}


def _lower_headers(headers: HeadersLike | None) -> dict[str, str]:
    if headers is None:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else headers
    # Header names are case-insensitive; a repeated header keeps its last value.
    return {str(k).lower(): str(v) for k, v in items}


def request_id_from_headers(headers: HeadersLike | None) -> str | None:
    """The request id from the first of the usual request-id headers that is present."""
    lowered = _lower_headers(headers)
    for name in _REQUEST_ID_HEADERS:
        value = lowered.get(name, "").strip()
        if value:
            return value
    return None


def parse_retry_after(headers: HeadersLike | None, *, now: float | None = None) -> float | None:
    """Seconds to wait, from ``retry-after-ms`` or ``Retry-After`` (delta seconds or HTTP date); else None."""
    lowered = _lower_headers(headers)
    ms = lowered.get("retry-after-ms")
    if ms is not None:
        seconds = _finite_non_negative(ms)
        if seconds is not None:
            return seconds / 1000.0
    value = lowered.get("retry-after")
    if value is None:
        return None
    seconds = _finite_non_negative(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT; a naive parse means it said so loosely
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _finite_non_negative(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return value


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _truncate(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _MAX_TEXT_MESSAGE:
        return text[: _MAX_TEXT_MESSAGE - 1] + "…"
    return text


def _parse_body(content: bytes) -> tuple[str | None, str, str | None]:
    """(code, message, details) from any of the three error shapes, or the text of a non-JSON body."""
    if not content.strip():
        return None, "", None
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        return None, _truncate(content.decode("utf-8", errors="replace")), None
    if not isinstance(data, dict):
        return None, _truncate(content.decode("utf-8", errors="replace")), None
    inner = data.get("error")
    if isinstance(inner, dict):
        # Nested shape; fields missing inside fall back to any flat ones beside it.
        source: dict[str, Any] = {**{k: v for k, v in data.items() if k != "error"}, **inner}
    elif isinstance(inner, str):
        return _as_text(data.get("code")), inner, _as_text(data.get("details"))
    else:
        source = data
    code = _as_text(source.get("code"))
    message = _as_text(source.get("message")) or ""
    details = _as_text(source.get("details"))
    return (code or None), message, (details or None)


def error_from_response(
    method: str,
    path: str,
    status_code: int,
    headers: HeadersLike | None,
    content: bytes | str | None,
) -> APIError:
    """Build the right :class:`APIError` subclass for a response.

    The class follows the error ``code`` first (``deprecated_v1_order_endpoint`` is always :class:`GoneError`:
    Kalshi answers the retired V1 order endpoints with it, sometimes on a 2xx), then the status.
    """
    body = content.encode() if isinstance(content, str) else (content or b"")
    code, message, details = _parse_body(body)
    lowered = _lower_headers(headers)
    cls: type[APIError]
    if code == DEPRECATED_V1_CODE:
        cls = GoneError
    elif status_code in _STATUS_CLASSES:
        cls = _STATUS_CLASSES[status_code]
    elif 500 <= status_code <= 599:
        cls = ServerError
    else:
        cls = UnexpectedStatusError
    kept = {
        k: v for k, v in lowered.items() if k not in _DROPPED_HEADERS and not k.startswith("kalshi-access-")
    }
    return cls(
        method.upper(),
        path,
        status_code,
        code,
        message,
        details,
        request_id_from_headers(lowered),
        body,
        retry_after=parse_retry_after(lowered),
        headers=kept,
    )
