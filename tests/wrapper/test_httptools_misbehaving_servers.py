"""HttptoolsTransport on the wire against misbehaving servers, the pool under contention, and the bytes it
sends. Each test states the behaviour a trading client needs (nothing sent twice, no outcome misreported,
bounded memory, every socket closed)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from kalshi_orders import HttptoolsTransport
from kalshi_orders._retry import Failure, classify
from kalshi_orders._transports import httptools as httptools_transport
from kalshi_orders._transports.prepared import PreparedRequest

from .rawserver import Conn, RawServer, answer_all, raw_server
from .test_httptools_transport import run
from .test_sync_transport import tls  # noqa: F401 - the self-signed server context fixture


def prepared(url: str, method: str = "GET", read: float = 2.0, pool: float | None = 5.0) -> PreparedRequest:
    host = url.split("/")[2]
    return PreparedRequest(method, url, [("host", host)], None, {"read": read, "pool": pool, "connect": 2.0})


async def fetch(transport: HttptoolsTransport, url: str, **options: Any) -> tuple[int, bytes]:
    opened = await transport.open(prepared(url, **options))
    try:
        return opened.status_code, b"".join([chunk async for chunk in opened.chunks()])
    finally:
        opened.release()


def _eventually(check: Callable[[], bool]) -> bool:
    for _ in range(300):
        if check():
            return True
        time.sleep(0.01)
    return False


# ---------------------------------------------------------------------------------------------- framing
def test_bytes_after_a_complete_response_are_not_read_as_part_of_it() -> None:
    """A server answering with more than its Content-Length (here: a second, unrequested response in the
    same segment) must not change the answer to this request: status, headers and body are the first
    response's, and the connection is not reused for the stray bytes. httptools parses on past the end of
    a message, so today the second response's status and body are reported for the first request."""
    stray = b"HTTP/1.1 500 Stray\r\nContent-Length: 5\r\nX-Stray: 1\r\n\r\nstray"

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/order":
                await conn.send(b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok" + stray)
            else:
                await conn.respond(200, b"next")

    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        first = await client.post(server.url + "/order", content=b"{}")
        direct = await fetch(transport, server.url + "/order")
        after = await client.get(server.url + "/next")
        return [first.status_code, first.content, "x-stray" in first.headers, direct, after.content]

    with raw_server(handler) as server:
        assert run(go) == [201, b"ok", False, (201, b"ok"), b"next"]


# ---------------------------------------------------------------------------------------------- bounds
def _endless(prefix: bytes, unit: bytes) -> Callable[[Conn], Awaitable[None]]:
    """A handler answering ``prefix`` then ``unit`` over and over, fast, up to 16 MiB (or until the client
    hangs up); the count of bytes written goes to ``sent``."""

    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(prefix)
        block = unit * (65536 // len(unit))
        for _ in range(16 * 1024 * 1024 // len(block)):
            await conn.send(block)
            sent[0] += len(block)
        await asyncio.sleep(10)  # then silence, the connection open

    sent = [0]
    handler.sent = sent  # type: ignore[attr-defined]
    return handler


@pytest.mark.parametrize(
    ("prefix", "unit"),
    [
        (b"HTTP/1.1 200 OK\r\n", b"X-Pad: aaaaaaaaaaaaaaaaaaaaaaaa\r\n"),  # more and more header lines
        (b"HTTP/1.1 200 OK\r\nX-Pad: ", b"a"),  # one header value without end
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n", b"X-T: aaaaaaaa\r\n"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: ", b"a"),
    ],
    ids=["header-lines", "header-value", "trailers", "trailer-value"],
)
def test_an_endless_head_or_trailer_section_is_cut_off(prefix: bytes, unit: bytes) -> None:
    """httptools (llhttp) puts no bound on a head: the transport must (httpcore stops at 100 KiB, aiohttp at
    8 KiB a line). Today the headers pile up in memory for as long as the server sends them (16 MiB here;
    the read timeout never fires while bytes keep coming), and the request ends only when the server
    stops: with a read timeout, as ReadTimeout after the whole 16 MiB was taken in."""
    handler = _endless(prefix, unit)

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> BaseException:
        with pytest.raises(httpx.TransportError) as info:
            await client.get(server.url + "/x")
        return info.value

    with raw_server(handler) as server:
        exc = run(go, timeout=httpx.Timeout(5.0, read=0.5))
        sent = handler.sent[0]  # type: ignore[attr-defined]
    assert isinstance(exc, httpx.RemoteProtocolError), repr(exc)
    assert sent < 4 * 1024 * 1024, f"the client took in {sent} bytes of head before giving up"


# ---------------------------------------------------------------------------------------------- headers
@pytest.mark.parametrize("value", ["a\rkalshi-access-key: other", "a\x00b"], ids=["bare-CR", "NUL"])
def test_a_header_value_with_a_bare_cr_or_nul_is_refused_before_anything_is_sent(value: str) -> None:
    """h11 (httpx's own transport) refuses any CR, LF or NUL in a header value; the transport checks only
    for LF, so a bare CR (a line break to some servers and proxies) or a NUL goes out."""

    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[bool]:
        refused = []
        headers = [("host", "127.0.0.1"), ("x-evil", value)]
        with pytest.raises(httpx.LocalProtocolError):
            await transport.open(PreparedRequest("GET", server.url + "/x", headers, None, {}))
        refused.append(True)
        with pytest.raises(httpx.LocalProtocolError):
            await client.get(server.url + "/y", headers={"x-evil": value})
        refused.append(True)
        return refused

    with raw_server(answer_all) as server:
        try:
            run(go)
        finally:
            time.sleep(0.1)
            sent = [r.target for r in server.requests]
    assert sent == []


def test_a_streamed_request_body_is_sent_chunked_as_its_headers_say() -> None:
    """httpx gives a request with a streamed body ``Transfer-Encoding: chunked``; the transport reads the
    stream and writes the bytes raw after that header, so the server parses the body as chunk framing: a
    body that looks like framing ends the request early and the rest is taken as a second request (here a
    second POST /portfolio/orders the caller never made)."""
    smuggled = b"0\r\n\r\nPOST /portfolio/orders HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"

    async def handler(conn: Conn) -> None:
        while True:
            try:
                head = await conn.reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            seen.append(lines[0])
            if "transfer-encoding: chunked" in head.decode("latin-1").lower():
                body = b""
                while (size := int((await conn.reader.readuntil(b"\r\n"))[:-2], 16)) != 0:
                    body += await conn.reader.readexactly(size)
                    await conn.reader.readexactly(2)
                await conn.reader.readuntil(b"\r\n")  # no trailers
                bodies.append(body)
            else:
                fields = (line.partition(":") for line in lines)
                lengths = [int(v) for k, _, v in fields if k.lower() == "content-length"]
                length = lengths[0] if lengths else 0
                bodies.append(await conn.reader.readexactly(length))
            await conn.respond(200, b"{}")

    seen: list[str] = []
    bodies: list[bytes] = []

    async def stream() -> AsyncIterator[bytes]:
        yield smuggled[:10]
        yield smuggled[10:]

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        return (await client.post(server.url + "/notes", content=stream())).status_code

    with raw_server(handler) as server:
        assert run(go) == 200
        time.sleep(0.2)
    assert seen == ["POST /notes HTTP/1.1"]
    assert bodies == [smuggled]


# ---------------------------------------------------------------------------------------------- the pool
def test_a_waiter_for_the_pool_is_not_overtaken_by_a_request_made_after_it() -> None:
    """max_connections=1: a task sending requests back to back, and another waiting for the pool. A freed
    connection wakes the waiter but is not kept for it: the busy task, sending again before the waiter
    runs, takes it back each time, so the waiter starves (here until the busy task stops after 30
    requests; under steady load until its pool timeout, a ConnectTimeout)."""

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> list[str]:
        order: list[str] = []

        async def busy() -> None:
            for i in range(30):
                await fetch(transport, f"{server.url}/busy{i}")
                order.append(f"busy{i}")

        async def waiter() -> None:
            await asyncio.sleep(0.05)  # the busy task holds the connection by now
            await fetch(transport, f"{server.url}/waiter", pool=10.0)
            order.append("waiter")

        await asyncio.gather(busy(), waiter())
        return order

    async def slow(conn: Conn) -> None:
        while await conn.request() is not None:
            await asyncio.sleep(0.01)
            await conn.respond(200, b"{}")

    with raw_server(slow) as server:
        order = run(go, limits=httpx.Limits(max_connections=1))
    assert order.index("waiter") <= 8, order


def test_a_connection_whose_close_is_under_way_is_not_taken_from_the_pool() -> None:
    """The server closes an idle kept-alive connection; asyncio sees the FIN and starts closing the
    transport, and calls ``connection_lost`` one loop turn later. A request made in that turn takes the
    connection (it is not ``closed`` yet), its bytes are dropped by the closing transport, and it fails as
    RemoteProtocolError, "maybe sent", though nothing went out: a create would end as an unknown outcome.
    aiohttp checks ``transport.is_closing()`` before reuse."""

    async def once(conn: Conn) -> None:
        if await conn.request() is not None:
            await conn.respond(200, b"{}")
        await asyncio.sleep(0.1)
        conn.close()

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> tuple[int, bytes]:
        await fetch(transport, server.url + "/first")
        (conn,) = [c for conns in transport._idle.values() for c in conns]
        assert conn.transport is not None
        start = time.monotonic()
        while not conn.transport.is_closing() and time.monotonic() - start < 3:
            await asyncio.sleep(0)  # one loop turn each: the FIN is processed between two of them
        assert conn.transport.is_closing() and not conn.closed
        return await fetch(transport, server.url + "/second")

    with raw_server(once) as server:
        assert run(go) == (200, b"{}")
    assert [r.target for r in server.requests] == ["/first", "/second"]


def test_a_response_finished_after_the_transport_was_closed_closes_its_connection() -> None:
    """``aclose`` closes only the idle connections; a request still in flight finishes afterwards and
    puts its connection into the pool of the closed transport, where nobody closes it (and a request
    still waiting for the pool is then served on it, after the close)."""
    hangups = [0]

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/hold":
                await asyncio.sleep(0.2)
            await conn.respond(200, b"{}")
        hangups[0] += 1

    async def go() -> list[Any]:
        transport = HttptoolsTransport()
        held = asyncio.ensure_future(fetch(transport, server.url + "/hold"))
        await asyncio.sleep(0.05)
        await transport.aclose()
        answer = await held
        await asyncio.sleep(0.1)
        return [answer, transport._idle_count, transport._open]

    with raw_server(handler) as server:
        assert asyncio.run(go()) == [(200, b"{}"), 0, 0]
        assert _eventually(lambda: hangups[0] == 1)


# ---------------------------------------------------------------------------------------------- odd statuses
def test_a_101_answer_raises_no_error_inside_the_event_loop(caplog: pytest.LogCaptureFixture) -> None:
    """httptools raises HttpParserUpgrade (not an HttpParserError) for a 101: it escapes
    ``data_received`` and asyncio logs "Fatal error: protocol.data_received() call failed"."""

    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\nxyz")
        await asyncio.sleep(0.5)

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        try:
            return (await client.get(server.url + "/x")).status_code
        except httpx.TransportError:
            return -1

    with caplog.at_level(logging.ERROR, logger="asyncio"), raw_server(handler) as server:
        run(go)
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


# ---------------------------------------------------------------------------------------------- TLS
def test_tls_checks_the_host_name(tls: tuple[ssl.SSLContext, Path]) -> None:  # noqa: F811
    """A certificate the client trusts, for 127.0.0.1, presented to a client that asked for localhost:
    ConnectError (nothing sent)."""
    context, cert_path = tls

    async def get(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        return (await client.get(f"https://localhost:{server.port}/secure")).status_code

    with RawServer(answer_all, tls=context) as server, pytest.raises(httpx.ConnectError) as info:
        run(get, verify=ssl.create_default_context(cafile=cert_path))
    assert classify(None, info.value) is Failure.NOT_SENT
    assert server.requests == []


def test_a_request_queued_behind_a_woken_waiter_gets_a_connection_left_idle() -> None:
    """max_connections=2, both busy to one server; a request to another server waits. Both connections
    come back at once and a request to the first server is made before the waiter runs: it queues
    behind it (FIFO), and once the waiter has taken its slot it must get the idle connection left over
    rather than wait for its pool timeout."""

    async def slow(conn: Conn) -> None:
        while await conn.request() is not None:
            await asyncio.sleep(1.5)
            await conn.respond(200, b"{}")

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        held = [await transport.open(prepared(one.url + f"/held{i}")) for i in range(2)]
        for opened in held:
            assert b"".join([chunk async for chunk in opened.chunks()]) == b'{"ok": true}'
        waiter = asyncio.ensure_future(fetch(transport, two.url + "/other"))
        await asyncio.sleep(0.05)
        for opened in held:
            opened.release()
        newcomer = await fetch(transport, one.url + "/new", pool=1.0)  # before the waiter runs
        return [newcomer, await waiter]

    with raw_server(answer_all) as one, raw_server(slow) as two:
        assert run(go, limits=httpx.Limits(max_connections=2)) == [(200, b'{"ok": true}'), (200, b"{}")]


def test_200_requests_with_cancellations_keep_the_pool_within_its_cap_and_consistent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """200 concurrent requests over max_connections=10, every fifth cancelled at some await point (pool
    wait, headers, body): never more than 10 connections open at once, every other
    request succeeds, and afterwards the pool's books balance (nothing leaked, nobody left waiting)."""
    made: list[Any] = []
    most = [0]  # connections open (not closed by the client) at once, counted as each is made
    connection_made = httptools_transport._Connection.connection_made

    def counting(conn: Any, transport: asyncio.BaseTransport) -> None:
        made.append(conn)
        most[0] = max(most[0], sum(1 for c in made if not c.closed))
        connection_made(conn, transport)

    monkeypatch.setattr(httptools_transport._Connection, "connection_made", counting)

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            await asyncio.sleep(0.002 * (int(req.target[2:]) % 5))
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{")
            await asyncio.sleep(0.001)
            await conn.send(b'"":}')

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        tasks = [asyncio.ensure_future(fetch(transport, f"{server.url}/r{i}", pool=20.0)) for i in range(200)]
        for i in range(0, 200, 5):
            await asyncio.sleep(0.003)
            tasks[i].cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        ok = [r for r in results if not isinstance(r, BaseException)]
        cancelled = [r for r in results if isinstance(r, asyncio.CancelledError)]
        woken = getattr(transport, "_woken", 0)
        books = [transport._open, transport._idle_count, len(transport._waiters), woken]
        return [len(ok) + len(cancelled), all(r == (200, b'{"":}') for r in ok), books]

    with raw_server(handler) as server:
        total, good, (open_, idle, waiting, woken) = run(go, limits=httpx.Limits(max_connections=10))
    assert (total, good, waiting, woken) == (200, True, 0, 0)
    assert open_ == idle <= 10
    assert len(made) >= 10 and most[0] <= 10


def test_a_latin_1_header_value_goes_out_as_httpx_sends_it() -> None:
    """A client header given as bytes that are not UTF-8 (latin-1 ``caf\\xe9``): httpx's pipeline sends the
    bytes as given; the direct path decodes them to str for the prepared request (``Headers.multi_items``)
    and the transport encodes that as UTF-8, so the server gets ``caf\\xc3\\xa9``."""
    from kalshi_orders import AsyncKalshiClient, KalshiError

    from .conftest import KEY_ID, KEY_PEM

    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(404, b'{"error": {"code": "not_found", "message": "no such order"}}')

    sent = []
    for hooks in (False, True):
        args: dict[str, Any] = {"headers": {"x-note": b"caf\xe9"}}
        if hooks:
            args["event_hooks"] = {"request": [], "response": []}  # through httpx's Client.send

        async def go(url: str, args: dict[str, Any] = args) -> None:
            async with AsyncKalshiClient(
                base_url=url + "/trade-api/v2",
                key_id=KEY_ID,
                private_key=KEY_PEM,
                rate_limit=False,
                httpx_args=args,
            ) as client:
                with pytest.raises(KalshiError):  # the 404; only the bytes sent matter here
                    await client.orders.get("abc")

        with raw_server(handler) as server:
            asyncio.run(go(server.url))
        sent += [line for line in server.requests[0].head.split(b"\r\n") if line.startswith(b"x-note")]
    assert sent == [b"x-note: caf\xe9", b"x-note: caf\xe9"]


# ---------------------------------------------------------------------------------------- classification
async def _read_head(conn: Conn) -> None:
    await conn.reader.readuntil(b"\r\n\r\n")


async def _closes_mid_head(conn: Conn) -> None:
    await conn.request()
    await conn.send(b"HTTP/1.1 200 OK\r\nContent-Le")
    conn.close()


async def _resets_mid_head(conn: Conn) -> None:
    await conn.request()
    await conn.send(b"HTTP/1.1 200 OK\r\nContent-Le")
    await asyncio.sleep(0.05)
    conn.reset()


async def _resets_mid_body(conn: Conn) -> None:
    await conn.request()
    await conn.send(b'HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n{"a')
    await asyncio.sleep(0.05)
    conn.reset()


async def _resets_after_part_of_the_request(conn: Conn) -> None:
    await conn.reader.readexactly(10)
    conn.reset()


async def _closes_after_part_of_the_body(conn: Conn) -> None:
    await _read_head(conn)
    await conn.reader.readexactly(100)
    conn.close()


def _answers(head: bytes) -> Callable[[Conn], Awaitable[None]]:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(head)
        await asyncio.sleep(0.3)

    return handler


_BOTH = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"


@pytest.mark.parametrize(
    "handler",
    [
        _closes_mid_head,
        _resets_mid_head,
        _resets_mid_body,
        _resets_after_part_of_the_request,
        _closes_after_part_of_the_body,
        _answers(_BOTH),
        _answers(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"),
        _answers(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok"),
        _answers(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n"),
    ],
    ids=[
        "close-mid-head",
        "reset-mid-head",
        "reset-mid-body",
        "reset-mid-request",
        "close-mid-request-body",
        "length-and-chunked",
        "two-lengths",
        "negative-length",
        "bad-chunk-size",
    ],
)
def test_every_failure_after_the_first_byte_is_maybe_sent(handler: Callable[[Conn], Awaitable[None]]) -> None:
    """Whatever the server does once the request started going out, the error is one the retry policy
    treats as "may have reached the server", never as not sent; the connection is not reused."""
    body = b'{"ticker": "X", "pad": "' + b"p" * 200_000 + b'"}'

    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        with pytest.raises(httpx.TransportError) as info:
            await client.post(server.url + "/portfolio/events/orders", content=body)
        await asyncio.sleep(0.05)
        return [info.value, transport._open, transport._idle_count]

    with raw_server(handler) as server:
        exc, open_, idle = run(go, timeout=httpx.Timeout(3.0))
    assert isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError), repr(exc)
    assert classify(None, exc) is Failure.AMBIGUOUS
    assert (open_, idle) == (0, 0)
    assert server.connections == 1


def test_a_tls_handshake_the_server_drops_is_connect_error() -> None:
    """The server takes the TCP connection and closes it on the ClientHello: nothing of the request can
    have gone out."""

    async def drops(conn: Conn) -> None:
        await conn.reader.read(1)
        conn.close()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        return (await client.get(server.url.replace("http://", "https://") + "/x")).status_code

    with raw_server(drops) as server, pytest.raises(httpx.ConnectError) as info:
        run(go)
    assert classify(None, info.value) is Failure.NOT_SENT


def test_a_request_cancelled_during_the_tls_handshake_frees_its_slot() -> None:
    """max_connections=1: a request stuck in a handshake the server never answers is cancelled; the slot
    is free at once for the next request (to another server)."""

    async def silent(conn: Conn) -> None:
        await asyncio.sleep(5)

    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        stuck = asyncio.ensure_future(client.get(mute.url.replace("http://", "https://") + "/x"))
        waiting = asyncio.ensure_future(client.get(good.url + "/y"))
        await asyncio.sleep(0.2)
        stuck.cancel()
        answer = await asyncio.wait_for(waiting, 1.0)
        with pytest.raises(asyncio.CancelledError):
            await stuck
        return [answer.status_code, transport._open, len(transport._waiters)]

    with raw_server(silent) as mute, raw_server(answer_all) as good:
        assert run(go, limits=httpx.Limits(max_connections=1)) == [200, 1, 0]


# ---------------------------------------------------------------------------------------------- resources
def test_no_socket_is_left_open_on_any_path() -> None:
    """Answers read whole, abandoned, cancelled at the head and in the body, timed out, malformed, reset,
    a 101, stray bytes, the transport closed with a request in flight, then a second event loop: every
    socket the client opened is closed (no ResourceWarning once collected)."""
    import gc
    import warnings

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            kind = req.target.strip("/")
            if kind == "stall":
                await asyncio.sleep(1)
            elif kind == "half":
                await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab")
                await asyncio.sleep(1)
            elif kind == "bad":
                await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")
            elif kind == "reset":
                conn.reset()
                return
            elif kind == "upgrade":
                await conn.send(b"HTTP/1.1 101 Switching\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n")
            elif kind == "stray":
                await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n")
            else:
                await conn.respond(200, b"{}" * 1000)

    async def one(transport: HttptoolsTransport, kind: str, read: float = 0.3) -> None:
        try:
            opened = await transport.open(prepared(f"{server.url}/{kind}", read=read))
        except (httpx.TransportError, TimeoutError):
            return
        try:
            async for _ in opened.chunks():
                if kind == "abandon":
                    break
        except httpx.TransportError:
            pass
        finally:
            opened.release()

    async def first_loop() -> None:
        transport = HttptoolsTransport()
        for kind in ("ok", "abandon", "stall", "half", "bad", "reset", "upgrade", "stray", "ok"):
            await one(transport, kind)
        for kind in ("stall", "half"):  # cancelled while waiting for the head, then for the body
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.1):
                    await one(transport, kind, read=5.0)
        await one(transport, "ok")  # left idle in the pool when the loop ends: closed by aclose
        held = asyncio.ensure_future(one(transport, "half", read=0.5))
        await asyncio.sleep(0.05)
        await transport.aclose()
        await held
        transports.append(transport)

    async def second_loop() -> None:
        transport = transports[0]
        await one(transport, "ok")
        await transport.aclose()

    transports: list[HttptoolsTransport] = []
    with warnings.catch_warnings(record=True) as caught, raw_server(handler) as server:
        warnings.simplefilter("always", ResourceWarning)
        asyncio.run(first_loop())
        asyncio.run(second_loop())
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaks == []


def test_a_request_that_said_connection_close_does_not_leave_its_connection_in_the_pool() -> None:
    """The caller's ``Connection: close`` tells the server it may close after answering, and it does (a
    moment later, as servers do): the connection must not be pooled, or the next request goes out on it
    and fails as maybe sent though the server never read it (h11 tracks its own side's close)."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            await conn.respond(200, b"{}")
            if req.header("connection") == ["close"]:
                await asyncio.sleep(0.2)
                conn.close()
                return

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[int]:
        first = await client.get(server.url + "/a", headers={"Connection": "close"})
        second = await client.post(server.url + "/portfolio/events/orders", content=b"{}")
        return [first.status_code, second.status_code]

    with raw_server(handler) as server:
        assert run(go) == [200, 200]
    assert server.connections == 2


def test_an_answer_before_the_request_is_written_whole_is_the_answer_or_maybe_sent() -> None:
    """The server answers 413 after the head and closes without reading a 4 MiB body: the client gets
    the 413 or a maybe-sent error, never "not sent", and the connection is gone."""

    async def early(conn: Conn) -> None:
        await conn.reader.readuntil(b"\r\n\r\n")
        await conn.send(b"HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()

    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        try:
            outcome: Any = (await client.post(server.url + "/x", content=b"x" * (4 << 20))).status_code
        except httpx.TransportError as exc:
            outcome = classify(None, exc)
        await asyncio.sleep(0.05)
        return [outcome, transport._open]

    with raw_server(early) as server:
        outcome, open_ = run(go)
    assert outcome in (413, Failure.AMBIGUOUS)
    assert open_ == 0


def test_a_waiter_is_served_when_the_connection_ahead_of_it_fails() -> None:
    """max_connections=1: the request holding the only connection is reset by the server; the request
    waiting for the pool goes out on a new connection at once."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/reset":
                await asyncio.sleep(0.1)
                conn.reset()
                return
            await conn.respond(200, b"{}")

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        first = asyncio.ensure_future(fetch(transport, server.url + "/reset"))
        await asyncio.sleep(0.02)
        second = asyncio.ensure_future(fetch(transport, server.url + "/next", pool=1.0))
        results = await asyncio.gather(first, second, return_exceptions=True)
        return [type(results[0]).__name__, results[1]]

    with raw_server(handler) as server:
        assert run(go, limits=httpx.Limits(max_connections=1)) == ["ReadError", (200, b"{}")]


def test_a_request_waiting_for_the_pool_when_the_transport_closes_does_not_go_out() -> None:
    """max_connections=1, one request in flight, one waiting; the transport is closed. The waiting request
    must not open a connection after the close (that connection is then pooled where nobody closes it):
    it fails as not sent."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/hold":
                await asyncio.sleep(0.2)
            await conn.respond(200, b"{}")

    async def go() -> list[Any]:
        transport = HttptoolsTransport(limits=httpx.Limits(max_connections=1))
        held = asyncio.ensure_future(fetch(transport, server.url + "/hold"))
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(fetch(transport, server.url + "/late"))
        await asyncio.sleep(0.05)
        await transport.aclose()
        results = await asyncio.gather(held, waiting, return_exceptions=True)
        late = results[1]
        return [
            results[0],
            type(late).__name__,
            isinstance(late, Exception) and classify(None, late),
            transport._open,
        ]

    with raw_server(handler) as server:
        assert asyncio.run(go()) == [(200, b"{}"), "ConnectError", Failure.NOT_SENT, 0]
    assert [r.target for r in server.requests] == ["/hold"]
