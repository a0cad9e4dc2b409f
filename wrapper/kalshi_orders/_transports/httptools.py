"""A lean asyncio HTTP/1.1 transport: ``asyncio.Protocol`` connections, responses parsed by httptools.

With 100 requests in flight, aiohttp's own exchange costs ~85-100 us of client CPU a request on the
benchmarks' 2-core machine, more than the wrapper's whole layer; this transport does the same exchange for
~50 us less (bench/README.md, fourth round): one ``transport.write`` of the request's bytes, the response
parsed by httptools (the C parser uvicorn uses), a pool of kept-alive connections, and nothing else. It
keeps every semantic of :class:`~kalshi_orders._transports.aiohttp.AiohttpTransport`, which it replaces as
``AsyncKalshiClient``'s default, behind the same interface (``open(prepared)`` for the runner's prepared
requests, ``handle_async_request`` for httpx):

* **Exceptions are httpx's**, mapped so the retry classification is unchanged: ``ConnectError`` /
  ``ConnectTimeout`` only while connecting or waiting for a connection, when nothing can have been sent;
  ``ReadTimeout``, ``RemoteProtocolError``, ``ReadError``, ``WriteError`` once the request may have gone out.
* **Nothing is ever resent.** A request written to a kept-alive connection that the server had closed
  surfaces as ``RemoteProtocolError`` (maybe sent): the caller's retry policy decides, as with httpcore. A
  pooled connection the server closed while it was idle is seen closed before use and not used.
* **Redirects are never followed** (httpx decides, and the wrapper tells it not to).
* **Timeouts**: httpx's ``connect`` bounds the TCP/TLS connect, ``pool`` the wait for a free connection
  when ``limits.max_connections`` are all busy (``ConnectTimeout`` either way, as aiohttp's mapping gives),
  ``read`` every wait for response bytes (headers and each body chunk). ``write`` has no counterpart: the
  request is handed to the socket in one write and a stalled send is caught by the read timeout.
* **The body streams**: the response is returned once its headers are in; its body is handed out chunk by
  chunk as it arrives (reading pauses while more than 256 KiB wait unread), still compressed: the caller
  decodes and bounds its size. Content-Length, chunked and read-until-close bodies; a response the server
  marks ``Connection: close`` (or an HTTP/1.0 one, or one to a request that said ``Connection: close``)
  closes its connection once read, as does one followed by stray bytes (never read as the next answer).
  A head, or the chunk framing and trailers after the last body bytes, past 100 KiB is
  ``RemoteProtocolError`` (llhttp bounds neither).
* **The wire bytes are the caller's**: the request target is the URL's path and query as given (never
  re-quoted, so the signed path is the path sent), the headers exactly as given, in order.
* **Pool**: ``limits.max_connections`` caps open connections over all origins (``None``: no cap), at most
  ``max_keepalive_connections`` idle ones are kept, each for ``keepalive_expiry`` seconds; a response read
  to the end returns its connection to the pool, one abandoned early (or cancelled) closes it. Requests
  waiting for the pool are served first come, first served.
* **TLS** uses ``httpx.create_ssl_context`` (certifi, ``SSL_CERT_FILE``/``SSL_CERT_DIR``), like httpx.

A transport belongs to the event loop of its first request; a request from a later loop (after the first one
was closed), or from a forked child process, starts afresh with new connections.
"""

from __future__ import annotations

import asyncio
import collections
import math
import os
import ssl
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import httptools
import httpx

from .prepared import PreparedRequest

__all__ = ["HttptoolsTransport", "Opened"]

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=5.0)

_Origin = tuple[str, str, int]  # scheme, host, port
_MAX_BUFFERED = 256 * 1024  # unread body bytes at which reading pauses
# llhttp bounds neither a head nor a trailer section: past this many bytes (httpcore's bound) the answer
# is refused rather than kept growing in memory
_MAX_HEAD = 100 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NO_BODY_STATUSES = frozenset({204, 304})
_forks = [0]  # bumped in a forked child: its parent's connections are not its own


def _forked() -> None:
    _forks[0] += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


class _StrayBytesError(Exception):
    """Raised from a parser callback to stop at the end of the response."""


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection and the state of the exchange on it (one at a time: no pipelining)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, origin: _Origin, epoch: int) -> None:
        self.loop = loop
        self.origin = origin
        self.epoch = epoch  # the transport's aclose count when it was opened
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.idle_since = 0.0
        self.busy = False  # an exchange is under way (from the write until the response is released)
        self.head_only = False  # a HEAD request: the response has no body whatever its headers say
        self.close_after = False
        self.status = 0
        self.reason = b""
        self.raw_headers: list[tuple[bytes, bytes]] = []
        self.framed = False  # Content-Length or Transfer-Encoding given (else: the body runs to the close)
        self.headers_done = False
        self.head_bytes = 0  # bytes received before the head was complete (interim answers included)
        self.trailer_bytes = 0  # bytes received since the last body bytes (chunk framing, trailers)
        self.received = 0  # body bytes received
        self.informational = False
        self.complete = False
        self.keep_alive = False
        self.chunks: list[bytes] = []
        self.buffered = 0
        self.paused = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.read_timeout = 0.0
        self.last_read = 0.0  # when bytes last arrived, while a read timeout runs

    # ----------------------------------------------------------------------------- exchange state
    def start(self, head_only: bool, close: bool) -> None:
        self.busy = True
        self.head_only = head_only
        self.close_after = close  # the request said "Connection: close": the server may close after it
        self.reason = b""
        self.raw_headers = []
        self.framed = self.headers_done = self.informational = self.complete = False
        self.head_bytes = self.trailer_bytes = self.received = 0
        self.chunks = []
        self.buffered = 0

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def reusable(self, now: float, expiry: float) -> bool:
        """Idle, open and not closing: asyncio closes a transport on the peer's FIN and tells the protocol
        one loop turn later, when what was written meanwhile is dropped unsent."""
        transport = self.transport
        return (
            not self.closed
            and transport is not None
            and not transport.is_closing()
            and now - self.idle_since < expiry
        )

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            # On a closed loop the socket cannot be closed through it; it is dead, and closed when collected.
            if self.transport is not None and not self.loop.is_closed():
                self.transport.close()

    # ----------------------------------------------------------------------------- asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.busy or self.complete:  # bytes nobody asked for (a 408 on an idle connection...)
            self.close()
            return
        if self.timer is not None:
            self.last_read = self.loop.time()
        headers_done, received = self.headers_done, self.received
        try:
            self.parser.feed_data(data)
            if not self.headers_done:
                self.head_bytes += len(data)
                if self.head_bytes > _MAX_HEAD:
                    raise httptools.HttpParserError(f"the response head exceeds {_MAX_HEAD} bytes")
            elif self.received != received:
                self.trailer_bytes = 0
            elif headers_done and not self.complete:
                self.trailer_bytes += len(data)  # no body in it: chunk framing or trailers, bounded too
                if self.trailer_bytes > _MAX_HEAD:
                    raise httptools.HttpParserError(f"the response trailers exceed {_MAX_HEAD} bytes")
        except httptools.HttpParserError as exc:
            self.error = httpx.RemoteProtocolError(f"malformed response: {exc}")
            self.close()
            self._wake()
        except httptools.HttpParserUpgrade:  # a 101: complete, what follows is another protocol's
            self.keep_alive = False
            self.close()
            self._wake()

    def eof_received(self) -> bool:
        return False  # close our side too; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.busy and not self.complete and self.error is None:
            if exc is not None:
                self.error = httpx.ReadError(str(exc) or type(exc).__name__)
            elif self.headers_done and not self.framed and not self.head_only:
                self.complete = True  # a body delimited by the end of the connection (HTTP/1.0 style)
                self.keep_alive = False
            elif self.headers_done:
                self.error = httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )
            else:
                self.error = httpx.RemoteProtocolError("Server disconnected without sending a response.")
        self._wake()

    # ----------------------------------------------------------------------------- httptools callbacks
    def on_message_begin(self) -> None:
        if self.complete:  # bytes past the end of the answer (more than its Content-Length): not this
            raise _StrayBytesError  # exchange's; parsing stops here and the connection is not reused

    def on_status(self, reason: bytes) -> None:
        self.reason += reason

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.headers_done:  # a trailer of a chunked body: not kept (bounded in data_received)
            return
        self.raw_headers.append((name, value))
        if len(name) in (14, 17) and name.lower() in (b"content-length", b"transfer-encoding"):
            self.framed = True

    def on_headers_complete(self) -> None:
        status = self.parser.get_status_code()
        if 100 <= status < 200 and status != 101:  # an interim answer (100 Continue): the real one follows
            self.informational = True
            self.raw_headers = []
            self.reason = b""
            self.framed = False
            return
        self.status = status
        self.headers_done = True
        if self.head_only or status in _NO_BODY_STATUSES:
            self.framed = True
        if self.head_only:
            # httptools cannot be told that a HEAD answer has no body: it is complete now, and its
            # connection is not reused (the parser would take the next answer for this one's body).
            self.complete = True
            self.keep_alive = False
        self._wake()

    def on_body(self, body: bytes) -> None:
        if self.head_only:
            return
        self.chunks.append(body)
        self.buffered += len(body)
        self.received += len(body)
        if self.buffered > _MAX_BUFFERED and not self.paused and self.transport is not None:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        if self.informational:
            self.informational = False
            return
        if self.complete:  # a HEAD answer, completed at its headers
            return
        self.complete = True
        # 101 Switching Protocols hands the connection to another protocol: never back to the pool.
        self.keep_alive = self.parser.should_keep_alive() and self.status != 101 and not self.close_after
        self._wake()

    # ----------------------------------------------------------------------------- waiting
    async def wait(self, read_timeout: float | None) -> None:
        """Until the next event on the connection (headers, a chunk, the end, an error); ``TimeoutError``
        once no bytes at all have arrived for ``read_timeout`` seconds (a head trickling in slowly is no
        timeout, as with httpcore's per-read timeout)."""
        waiter = self.waiter = self.loop.create_future()
        if read_timeout is not None:
            self.read_timeout = read_timeout
            self.last_read = self.loop.time()
            self.timer = self.loop.call_at(self.last_read + read_timeout, self._check_timeout)
        try:
            await waiter
        finally:
            self.waiter = None
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

    def _check_timeout(self) -> None:
        self.timer = None
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        due = self.last_read + self.read_timeout
        if due > self.loop.time():  # bytes came in meanwhile: wait on from the last of them
            self.timer = self.loop.call_at(due, self._check_timeout)
        else:
            waiter.set_exception(TimeoutError())

    def take(self) -> list[bytes]:
        chunks = self.chunks
        self.chunks = []
        self.buffered = 0
        if self.paused and self.transport is not None and not self.closed:
            self.paused = False
            self.transport.resume_reading()
        return chunks


async def _chunks(
    transport: HttptoolsTransport,
    conn: _Connection,
    read_timeout: float | None,
    request: Callable[[], httpx.Request],
) -> AsyncIterator[bytes]:
    """The body's raw chunks as they arrive; errors as httpx's."""
    while True:
        if conn.chunks:
            for chunk in conn.take():
                yield chunk
            continue
        if conn.complete:
            return
        error = conn.error
        if error is not None:
            raise _named(error, request())
        try:
            await conn.wait(read_timeout)
        except TimeoutError:
            conn.close()
            raise httpx.ReadTimeout("timed out reading the response body", request=request()) from None


def _named(error: BaseException, request: httpx.Request) -> httpx.TransportError:
    """A fresh copy of a connection's error naming ``request`` (the stored one may be raised once only)."""
    assert isinstance(error, httpx.TransportError)
    return type(error)(str(error), request=request)


class Opened:
    """A response whose headers are in, for a request sent without an ``httpx.Request``
    (:meth:`HttptoolsTransport.open`): its status, headers and raw body chunks; :meth:`release` when done."""

    __slots__ = (
        "_conn",
        "_lookup",
        "_raw",
        "_read",
        "_reason",
        "_request",
        "_transport",
        "_version",
        "headers",
        "status_code",
    )

    def __init__(
        self,
        transport: HttptoolsTransport,
        conn: _Connection,
        read_timeout: float | None,
        request: Callable[[], httpx.Request],
    ) -> None:
        self._transport = transport
        self._conn: _Connection | None = conn
        self._read = read_timeout
        self._request = request
        self.status_code = conn.status
        self._raw = conn.raw_headers
        self.headers = httpx.Headers(self._raw)
        self._lookup: dict[str, str] | None = None
        self._version = conn.parser.get_http_version()
        self._reason = conn.reason

    @property
    def lookup(self) -> Mapping[str, str]:
        """The headers as a plain dict by lower-cased name (repeated ones joined with ", ", as
        ``httpx.Headers.get`` gives them): cheaper lookups than ``httpx.Headers``, which scans its list."""
        lookup = self._lookup
        if lookup is None:
            lookup = self._lookup = {}
            for name, value in self._raw:
                key, text = name.decode("latin-1").lower(), value.decode("latin-1")
                lookup[key] = f"{lookup[key]}, {text}" if key in lookup else text
        return lookup

    @property
    def http_version(self) -> str:
        return f"HTTP/{self._version}"

    @property
    def reason_phrase(self) -> str:
        # What httpx.Response.reason_phrase gives for the extension handle_async_request sets.
        return self._reason.decode("ascii", errors="ignore")

    def chunks(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            raise RuntimeError("the response was released")
        return _chunks(self._transport, conn, self._read, self._request)

    def as_httpx(self, request: httpx.Request) -> httpx.Response:
        """The status and headers as an ``httpx.Response`` (no body), for httpx's cookie and redirect
        helpers."""
        return httpx.Response(
            self.status_code,
            headers=self.headers,
            request=request,
            extensions={"http_version": self.http_version.encode(), "reason_phrase": self._reason},
        )

    def release(self) -> None:
        """Back to the pool when the body was read to the end; otherwise the connection closes."""
        conn, self._conn = self._conn, None
        if conn is not None:
            self._transport._release(conn)


class _ResponseStream(httpx.AsyncByteStream):
    """The response body for httpx; closing it releases or closes the connection."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._opened.chunks()

    async def aclose(self) -> None:
        self._opened.release()


class HttptoolsTransport(httpx.AsyncBaseTransport):
    """Send requests over a pool of asyncio HTTP/1.1 connections (responses parsed by httptools).

    ``verify``, ``cert`` and ``trust_env`` mean what they mean to httpx (``trust_env`` here only for
    ``SSL_CERT_FILE``/``SSL_CERT_DIR``: with proxy variables set, :class:`AsyncKalshiClient` keeps httpx's
    own transport, which honours them); ``limits`` as httpx's (see the module's docstring)."""

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
        self._max_open = limits.max_connections
        self._max_idle = limits.max_keepalive_connections
        # None: idle connections are kept until the server closes them
        self._expiry = math.inf if limits.keepalive_expiry is None else limits.keepalive_expiry
        self._loop: asyncio.AbstractEventLoop | None = None
        self._generation = _forks[0]
        self._idle: dict[_Origin, list[_Connection]] = {}
        self._idle_count = 0
        self._open = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._sweeper: asyncio.TimerHandle | None = None
        self._origins: dict[str, _Origin] = {}
        self._woken = 0  # waiters woken that have not run yet
        self._epoch = 0  # bumped by aclose: a connection opened before it closes once released

    # ----------------------------------------------------------------------------- the loop
    def _adopt(self, loop: asyncio.AbstractEventLoop) -> None:
        """Make ``loop`` this transport's, forgetting the connections of a closed loop or a parent process."""
        if self._loop is not None and self._generation == _forks[0] and not self._loop.is_closed():
            raise RuntimeError(
                "this client's connections belong to another running event loop: "
                "use one AsyncKalshiClient per event loop"
            )
        # The sockets of a closed loop are dead with it; a forked child must not touch its parent's.
        self._idle = {}
        self._idle_count = self._open = 0
        self._waiters = collections.deque()
        self._woken = 0
        self._sweeper = None
        self._loop = loop
        self._generation = _forks[0]

    # ----------------------------------------------------------------------------- the pool
    def _origin(self, prefix: str) -> _Origin:
        origin = self._origins.get(prefix)
        if origin is None:
            url = httpx.URL(prefix)
            scheme = url.scheme
            if scheme not in _DEFAULT_PORTS:
                raise httpx.UnsupportedProtocol(f"Request URL has an unsupported protocol '{scheme}://'.")
            if not url.host:
                raise httpx.UnsupportedProtocol("Request URL is missing a host.")
            origin = (scheme, url.host, url.port or _DEFAULT_PORTS[scheme])
            if len(self._origins) >= 64:
                self._origins.clear()
            self._origins[prefix] = origin
        return origin

    async def _acquire(self, origin: _Origin, timeouts: dict[str, float | None]) -> _Connection:
        loop = self._loop
        assert loop is not None
        idle = self._idle.get(origin)
        queued = bool(self._waiters) or self._woken > 0  # what is freed is theirs first (FIFO)
        if idle and not queued:
            now = loop.time()
            while idle:
                conn = idle.pop()  # the most recently used: the likeliest to be alive
                self._idle_count -= 1
                if conn.reusable(now, self._expiry):
                    return conn
                self._discard(conn)
        if self._max_open is not None and (self._open >= self._max_open or queued):
            await self._wait_for_slot(origin, timeouts.get("pool"), queued)
            idle = self._idle.get(origin)
            while idle:  # a connection released to this origin's pool while we waited
                conn = idle.pop()
                self._idle_count -= 1
                if conn.reusable(loop.time(), self._expiry):
                    self._pass_on()
                    return conn
                self._discard(conn)
            self._open += 1
            self._pass_on()
        else:
            self._open += 1
        try:
            return await self._connect(loop, origin, timeouts.get("connect"))
        except BaseException:
            self._open -= 1
            self._wake_waiter()
            raise

    async def _wait_for_slot(self, origin: _Origin, timeout: float | None, queued: bool) -> None:
        """Until a connection to ``origin`` is idle or one may be opened, at most ``timeout`` seconds;
        behind the requests already waiting (``queued``), in the order they came."""
        loop = self._loop
        assert loop is not None
        assert self._max_open is not None
        deadline = None if timeout is None else loop.time() + timeout
        epoch = self._epoch
        first = True
        while True:
            if self._epoch != epoch:  # aclose ran while we waited: nothing is opened after it
                self._wake_waiter()
                raise httpx.ConnectError("the transport was closed while waiting for a connection")
            if not (first and queued):
                if self._idle.get(origin):
                    return
                if self._open < self._max_open:
                    return
                if self._idle_count:  # all slots taken, some by idle connections to other origins
                    for conns in self._idle.values():
                        if conns:
                            self._idle_count -= 1
                            conns.pop(0).close()  # its slot is ours: nobody else is woken for it
                            self._open -= 1
                            return
            waiter: asyncio.Future[None] = loop.create_future()
            if first:
                self._waiters.append(waiter)
            else:  # woken, and what was freed went elsewhere: wait on at the head of the line
                self._waiters.appendleft(waiter)
            first = False
            left = None if deadline is None else deadline - loop.time()
            try:
                async with asyncio.timeout(left):
                    await waiter
            except BaseException as exc:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                elif waiter.done() and not waiter.cancelled():
                    self._woken -= 1
                    self._wake_waiter()  # woken, but leaving: the freed slot goes to the next in line
                if isinstance(exc, TimeoutError):
                    raise httpx.ConnectTimeout("timed out waiting for a connection from the pool") from None
                raise
            self._woken -= 1

    def _pass_on(self) -> None:
        """After a waiter got its connection: wake the next ones while more is free than the woken ones
        will take (a newcomer queued behind a woken waiter must not be left waiting beside an idle
        connection)."""
        assert self._max_open is not None
        while self._waiters and self._idle_count + self._max_open - self._open > self._woken:
            self._wake_waiter()

    def _wake_waiter(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                self._woken += 1  # until it runs, what was freed is kept for it
                return

    async def _connect(
        self, loop: asyncio.AbstractEventLoop, origin: _Origin, timeout: float | None
    ) -> _Connection:
        scheme, host, port = origin
        tls = self._ssl if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    lambda: _Connection(loop, origin, self._epoch),
                    host,
                    port,
                    ssl=tls,
                    server_hostname=host if tls is not None else None,
                    ssl_handshake_timeout=None if tls is None else timeout or None,
                )
        except TimeoutError:
            raise httpx.ConnectTimeout(f"timed out connecting to {host}:{port}") from None
        except OSError as exc:  # refused, unreachable, DNS, TLS handshake or certificate (ssl.SSLError)
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        return conn

    def _discard(self, conn: _Connection) -> None:
        """Close a connection and give its slot to a waiting request."""
        conn.close()
        self._open -= 1
        self._wake_waiter()

    def _release(self, conn: _Connection) -> None:
        conn.busy = False
        if conn.loop is not self._loop or conn.loop.is_closed():
            conn.closed = True  # of a loop or process this transport has let go of: not counted any more
            return
        if (
            not conn.complete
            or not conn.keep_alive
            or conn.closed
            or conn.chunks
            or conn.epoch != self._epoch
        ):
            self._discard(conn)
            return
        if self._max_idle is not None and self._idle_count >= self._max_idle:
            self._discard(conn)
            return
        conn.idle_since = conn.loop.time()
        self._idle.setdefault(conn.origin, []).append(conn)
        self._idle_count += 1
        if self._sweeper is None and self._expiry != math.inf:
            self._sweeper = conn.loop.call_later(self._expiry, self._sweep)
        self._wake_waiter()

    def _sweep(self) -> None:
        """Close the connections idle for longer than ``keepalive_expiry``."""
        self._sweeper = None
        loop = self._loop
        if loop is None:
            return
        now = loop.time()
        for conns in self._idle.values():
            while conns and (conns[0].closed or now - conns[0].idle_since >= self._expiry):
                self._idle_count -= 1
                self._discard(conns.pop(0))  # the oldest first
        # Next when the oldest idle connection left expires (a full expiry from now would keep one idle for
        # up to twice keepalive_expiry); each origin's list is oldest first.
        oldest = [conns[0].idle_since for conns in self._idle.values() if conns]
        if oldest:
            self._sweeper = loop.call_at(min(oldest) + self._expiry, self._sweep)

    # ----------------------------------------------------------------------------- the exchange
    async def _exchange(
        self,
        method: str,
        origin: _Origin,
        target: str,
        head: bytes,
        body: bytes | None,
        timeouts: dict[str, float | None],
        request: Callable[[], httpx.Request],
        close: bool,
    ) -> Opened:
        try:
            conn = await self._acquire(origin, timeouts)
        except httpx.TransportError as exc:
            exc.request = request()
            raise
        read = timeouts.get("read")
        conn.start(method == "HEAD", close)
        assert conn.transport is not None
        try:
            conn.transport.write(head + body if body else head)
        except (OSError, RuntimeError) as exc:  # a transport already closing; part may have gone out
            self._release(conn)
            raise httpx.WriteError(str(exc) or type(exc).__name__, request=request()) from exc
        try:
            while not conn.headers_done:
                if conn.error is not None:
                    raise _named(conn.error, request())
                await conn.wait(read)
        except TimeoutError:
            self._release(conn)
            raise httpx.ReadTimeout("timed out waiting for the response", request=request()) from None
        except BaseException:  # an error, or the caller cancelled: the connection's state is unknown
            self._release(conn)
            raise
        return Opened(self, conn, read, request)

    def _loop_check(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._generation != _forks[0]:
            self._adopt(loop)

    async def open(self, prepared: PreparedRequest) -> Opened:
        """Send a prepared request (``_transports.prepared``); the response once its headers are in. Errors
        are httpx's, naming ``prepared.to_httpx()``, as :meth:`handle_async_request` raises them."""
        self._loop_check()
        url = prepared.url
        cut = url.find("/", url.find("://") + 3)
        if cut < 0:
            prefix, target = url, "/"
        else:
            prefix, target = url[:cut], url[cut:]
        try:
            origin = self._origin(prefix)
        except httpx.TransportError as exc:
            exc.request = prepared.to_httpx()
            raise
        headers = prepared.headers
        text = f"{prepared.method} {target} HTTP/1.1\r\n" + "".join(
            [f"{name}: {value}\r\n" for name, value in headers]
        )
        lines = len(headers) + 1  # a CR or LF inside a name or value would split the head; NUL as h11
        if text.count("\n") != lines or text.count("\r") != lines or "\x00" in text:
            raise httpx.LocalProtocolError("Illegal header value", request=prepared.to_httpx())
        return await self._exchange(
            prepared.method,
            origin,
            target,
            text.encode("utf-8") + b"\r\n",
            prepared.body,
            prepared.timeouts,
            prepared.to_httpx,
            "onnection:" in text  # a substring test first: cheaper than a scan of every request
            and any(name.lower() == "connection" and "close" in value.lower() for name, value in headers),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._loop_check()
        url = request.url
        scheme = url.scheme
        if scheme not in _DEFAULT_PORTS:
            raise httpx.UnsupportedProtocol(
                f"Request URL has an unsupported protocol '{scheme}://'.", request=request
            )
        if not url.host:
            raise httpx.UnsupportedProtocol("Request URL is missing a host.", request=request)
        origin = (scheme, url.host, url.port or _DEFAULT_PORTS[scheme])
        raw = request.headers.raw
        parts = [request.method.encode("ascii"), b" ", url.raw_path, b" HTTP/1.1\r\n"]
        for name, value in raw:  # names lower-cased, as a prepared request's (and aiohttp's) go out
            parts += (name.lower(), b": ", value, b"\r\n")
        head = b"".join(parts)
        lines = len(raw) + 1
        if head.count(b"\n") != lines or head.count(b"\r") != lines or b"\x00" in head:
            raise httpx.LocalProtocolError("Illegal header value", request=request)
        try:
            body: bytes | None = request.content
        except httpx.RequestNotRead:
            body = await request.aread()
        if any(name.lower() == b"transfer-encoding" for name, _ in raw):
            # httpx sends a streamed body chunked: it is read whole here, so it goes out as one chunk
            body = (b"%x\r\n%b\r\n0\r\n\r\n" % (len(body), body)) if body else b"0\r\n\r\n"
        opened = await self._exchange(
            request.method,
            origin,
            url.raw_path.decode("ascii"),
            head + b"\r\n",
            body,
            request.extensions.get("timeout", {}),
            lambda: request,
            any(name.lower() == b"connection" and b"close" in value.lower() for name, value in raw),
        )
        return httpx.Response(
            opened.status_code,
            headers=opened.headers,
            stream=_ResponseStream(opened),
            request=request,
            extensions={"http_version": opened.http_version.encode(), "reason_phrase": opened._reason},
        )

    async def aclose(self) -> None:
        self._epoch += 1  # the requests still in flight close their connections when done
        self._wake_waiter()  # and those waiting for the pool fail, one waking the next
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._open -= self._idle_count
        self._idle = {}
        self._idle_count = 0
