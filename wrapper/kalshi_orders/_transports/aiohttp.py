"""An httpx async transport that sends over aiohttp.

With 100 requests in flight, httpx's own async transport (httpcore) spends most of its time assigning
requests to pooled connections and sniffing the async library on every lock it creates; aiohttp does the same
exchange in a fraction of the time (bench/bench_async.py). This transport keeps httpx as the client (auth
flow, timeouts, headers, the generated code's ``httpx.Response``) and hands only the exchange to aiohttp. It
was ``AsyncKalshiClient``'s default before :class:`~kalshi_orders._transports.httptools.HttptoolsTransport`
(~50 us cheaper an exchange); passed as ``transport=`` it serves through httpx's pipeline, and as the client's
own (the wire tests' switch) the runner also sends it requests never built as ``httpx.Request`` objects
(:meth:`AiohttpTransport.open` with a ``.prepared`` request, the same exchange). Either way with httpcore's
semantics:

* **Exceptions are httpx's**, mapped so the retry classification is unchanged: ``ConnectError`` /
  ``ConnectTimeout`` only when the request cannot have gone out; ``ReadTimeout``, ``RemoteProtocolError``,
  ``ReadError``, ``WriteError`` when it may have.
* **Nothing is resent behind the caller's back.** aiohttp resends a GET/PUT/DELETE once when a kept-alive
  connection turns out dead; a resent cancel whose first copy landed would answer 404 with no trace of the
  first attempt, so that resend is turned off (the caller's retry policy decides, as with httpcore).
* **Redirects are never followed** (httpx decides, and the wrapper tells it not to).
* **Timeouts**: httpx's ``connect`` bounds the TCP/TLS connect, ``pool`` + ``connect`` the wait for a pooled
  connection plus the connect, ``read`` every wait for response bytes (headers and each body chunk).
  ``write`` has no aiohttp counterpart: a stalled send is caught by the read timeout, which runs from the
  moment the request starts going out.
* **The body streams**: the response is returned once its headers are in; its body is read chunk by chunk
  as httpx (or a caller bounding its size) consumes it, still compressed: httpx decodes gzip/deflate/br.
* **The wire bytes are httpx's**: the URL goes to aiohttp already encoded (never re-quoted, so the signed
  path is the path sent), and headers are sent as httpx built them.
* **TLS** uses ``httpx.create_ssl_context`` (certifi, ``SSL_CERT_FILE``/``SSL_CERT_DIR``), like httpx.

A transport belongs to the event loop of its first request; a request from a later loop (after the first one
was closed) starts afresh.
"""

from __future__ import annotations

import asyncio
import math
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import httpx
import yarl

from .prepared import PreparedRequest

__all__ = ["AiohttpTransport", "Opened"]

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=5.0)

_Handler = Callable[[aiohttp.ClientRequest], Awaitable[aiohttp.ClientResponse]]
_TimeoutKey = tuple[float | None, float | None, float | None]


class _NotResent(aiohttp.ClientError):
    """Carries a dropped-connection error past aiohttp's resend of idempotent requests."""

    def __init__(self, error: aiohttp.ClientError) -> None:
        super().__init__(str(error))
        self.error = error


async def _never_resend(request: aiohttp.ClientRequest, handler: _Handler) -> aiohttp.ClientResponse:
    # aiohttp resends only on ClientOSError / ServerDisconnectedError; any other ClientError propagates.
    try:
        return await handler(request)
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
        raise _NotResent(exc) from exc


# The session's own switch for that resend (what aiohttp's test client turns off); a middleware that hides the
# error from it costs ~15 us a request (bench), so it serves only an aiohttp without the switch.
_RESEND_SWITCH = "_retry_connection" in getattr(aiohttp.ClientSession, "ATTRS", ())
_MIDDLEWARES = (_never_resend,)
# aiohttp fills these in when a request lacks them; httpx has set them, or chosen to leave them out.
_HTTPX_SETS = ("Accept", "Accept-Encoding", "User-Agent", "Content-Type")


def _httpx_error(exc: BaseException, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception httpcore would raise for the same failure."""
    if isinstance(exc, _NotResent):
        exc = exc.error
    message = str(exc) or type(exc).__name__
    error_type: type[httpx.TransportError]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):  # connect, or waiting for a pooled connection
        error_type = httpx.ConnectTimeout
    elif isinstance(exc, TimeoutError):  # sock_read (SocketTimeoutError) and any other read wait
        error_type = httpx.ReadTimeout
    elif isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ServerFingerprintMismatch):
        error_type = httpx.ConnectError  # DNS, refused, TLS handshake/certificate: nothing was sent
    elif isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        error_type = httpx.RemoteProtocolError  # closed before a complete response / a malformed body
    elif isinstance(exc, aiohttp.ClientResponseError):
        error_type = httpx.RemoteProtocolError  # an unparseable status line or headers
    elif isinstance(exc, aiohttp.ClientConnectionResetError):
        error_type = httpx.WriteError  # the connection went away while the request was being written
    elif isinstance(exc, aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError):
        error_type = httpx.UnsupportedProtocol
    else:  # ClientOSError, "Connection closed", and anything else on the wire: may have reached the server
        error_type = httpx.ReadError
    return error_type(message, request=request)


async def _chunks(
    response: aiohttp.ClientResponse, request: Callable[[], httpx.Request]
) -> AsyncIterator[bytes]:
    """The body's raw chunks as they arrive, aiohttp's errors as httpx's."""
    content = response.content
    try:
        while chunk := await content.readany():
            yield chunk
    except (aiohttp.ClientError, OSError) as exc:  # TimeoutError is an OSError
        raise _httpx_error(exc, request()) from exc


class _ResponseStream(httpx.AsyncByteStream):
    """The response body as aiohttp receives it; closing it releases or closes the connection."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _chunks(self._response, lambda: self._request)

    async def aclose(self) -> None:
        # Back to the pool when the body was read to the end; otherwise aiohttp closes the connection.
        self._response.release()


class Opened:
    """A response whose headers are in, for a request sent without an ``httpx.Request``
    (:meth:`AiohttpTransport.open`): its status, headers and raw body chunks; :meth:`release` when done."""

    __slots__ = ("_request", "_response", "headers", "lookup", "status_code")

    def __init__(self, response: aiohttp.ClientResponse, request: Callable[[], httpx.Request]) -> None:
        self._response = response
        self._request = request
        self.status_code = response.status
        self.headers = httpx.Headers(response.raw_headers)
        # The same headers, case-insensitive, looked up in C (an httpx.Headers lookup scans its list).
        self.lookup: Mapping[str, str] = response.headers

    @property
    def http_version(self) -> str:
        version = self._response.version
        return f"HTTP/{version.major}.{version.minor}" if version else "HTTP/1.1"

    @property
    def reason_phrase(self) -> str:
        # What httpx.Response.reason_phrase gives for the extension handle_async_request sets.
        return (self._response.reason or "").encode("ascii", "replace").decode("ascii", errors="ignore")

    def chunks(self) -> AsyncIterator[bytes]:
        return _chunks(self._response, self._request)

    def as_httpx(self, request: httpx.Request) -> httpx.Response:
        """The status and headers as an ``httpx.Response`` (no body), for httpx's cookie and redirect
        helpers."""
        return httpx.Response(
            self.status_code,
            headers=self.headers,
            request=request,
            extensions={
                "http_version": self.http_version.encode(),
                "reason_phrase": self.reason_phrase.encode(),
            },
        )

    def release(self) -> None:
        # Back to the pool when the body was read to the end; otherwise aiohttp closes the connection.
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send httpx requests over an aiohttp connection pool (HTTP/1.1).

    ``verify``, ``cert`` and ``trust_env`` mean what they mean to httpx (``trust_env`` here only for
    ``SSL_CERT_FILE``/``SSL_CERT_DIR``: with proxy variables set, :class:`AsyncKalshiClient` keeps httpx's
    own transport, which honours them). ``limits.max_connections`` caps open connections (``None``: no cap)
    and ``limits.keepalive_expiry`` closes idle ones; aiohttp keeps every idle connection up to that cap, so
    ``max_keepalive_connections`` has no counterpart.
    """

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        self._ssl = httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timeouts: dict[_TimeoutKey, aiohttp.ClientTimeout] = {}

    async def _new_session(self, loop: asyncio.AbstractEventLoop) -> aiohttp.ClientSession:
        if self._session is not None:
            if self._loop is not None and not self._loop.is_closed():
                raise RuntimeError(
                    "this client's connections belong to another running event loop: "
                    "use one AsyncKalshiClient per event loop"
                )
            # The first loop is closed and its connections are dead with it: let go of them.
            old = self._session.connector
            self._session.detach()
            if old is not None:
                await old.close()
        limit = self._limits.max_connections
        connector = aiohttp.TCPConnector(
            limit=0 if limit is None else limit,  # aiohttp: 0 = no cap
            limit_per_host=0,
            keepalive_timeout=self._limits.keepalive_expiry,
            ssl=self._ssl,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps the cookies (the client's own jar)
            timeout=aiohttp.ClientTimeout(total=None),  # httpx's per-request timeouts apply instead
            auto_decompress=False,  # httpx decodes, so a size limit applies to what it hands out
            skip_auto_headers=_HTTPX_SETS,  # the headers are httpx's, none added
            middlewares=() if _RESEND_SWITCH else _MIDDLEWARES,
        )
        if _RESEND_SWITCH:
            self._session._retry_connection = False
        self._loop = loop
        return self._session

    def _timeout(self, timeouts: dict[str, float | None]) -> aiohttp.ClientTimeout:
        key = (timeouts.get("connect"), timeouts.get("read"), timeouts.get("pool"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            connect, read, pool = key
            timeout = aiohttp.ClientTimeout(
                total=None,
                connect=None if connect is None or pool is None else connect + pool,
                sock_connect=connect,
                sock_read=read,
                # aiohttp rounds a timeout above this up to the next whole second: up to 1 s past the
                # call's deadline, when the runner's scope has already ended the attempt as "maybe sent".
                ceil_threshold=math.inf,
            )
            if len(self._timeouts) < 64:
                self._timeouts[key] = timeout
        return timeout

    async def _send(
        self,
        method: str,
        url: str,
        headers: Any,
        body: bytes | None,
        timeouts: dict[str, float | None],
        request: Callable[[], httpx.Request],
    ) -> aiohttp.ClientResponse:
        loop = asyncio.get_running_loop()
        session = self._session if self._loop is loop and self._session is not None else None
        if session is None:
            session = await self._new_session(loop)
        try:
            return await session.request(
                method,
                yarl.URL(url, encoded=True),
                headers=headers,
                data=body or None,
                allow_redirects=False,
                timeout=self._timeout(timeouts),
            )
        except (aiohttp.ClientError, OSError) as exc:  # TimeoutError is an OSError
            raise _httpx_error(exc, request()) from exc

    async def open(self, prepared: PreparedRequest) -> Opened:
        """Send a prepared request (``_transports.prepared``); the response once its headers are in. Errors
        are httpx's, naming ``prepared.to_httpx()``, as :meth:`handle_async_request` raises them."""
        response = await self._send(
            prepared.method,
            prepared.url,
            prepared.headers,
            prepared.body,
            prepared.timeouts,
            prepared.to_httpx,
        )
        return Opened(response, prepared.to_httpx)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            body: bytes | None = request.content
        except httpx.RequestNotRead:
            body = await request.aread()
        response = await self._send(
            request.method,
            str(request.url),
            request.headers.multi_items(),
            body,
            request.extensions.get("timeout", {}),
            lambda: request,
        )
        version = response.version
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=_ResponseStream(response, request),
            request=request,
            extensions={
                "http_version": f"HTTP/{version.major}.{version.minor}".encode() if version else b"HTTP/1.1",
                "reason_phrase": (response.reason or "").encode("ascii", "replace"),
            },
        )

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
