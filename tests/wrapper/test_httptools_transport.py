"""What HttptoolsTransport does itself, beyond the wire tests both async transports pass
(test_aiohttp_transport.py): its pool (reuse, max_connections, max_keepalive_connections, keepalive_expiry,
connections the server closed while idle, a slot freed by a cancelled wait), the framings it parses
(chunked, split anywhere; read-until-close; HEAD; 100 Continue; ``Connection: close``), reading paused
under a large body, header injection refused, TLS, and a forked child's fresh start."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from kalshi_orders import HttptoolsTransport
from kalshi_orders._retry import Failure, classify
from kalshi_orders._transports import httptools as httptools_transport
from kalshi_orders._transports.prepared import PreparedRequest

from .rawserver import Conn, RawServer, answer_all, raw_server
from .test_sync_transport import tls  # noqa: F401 - the self-signed server context fixture

T = TypeVar("T")


def run(
    make: Callable[[httpx.AsyncClient, HttptoolsTransport], Awaitable[T]],
    timeout: float | httpx.Timeout = 5.0,
    **transport_options: Any,
) -> T:
    async def go() -> T:
        transport = HttptoolsTransport(**transport_options)
        async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
            return await make(client, transport)

    return asyncio.run(go())


def _eventually(check: Callable[[], bool]) -> bool:
    for _ in range(300):  # the server sees a hang-up on its own loop, a moment later under load
        if check():
            return True
        time.sleep(0.01)
    return False


class Hangups:
    """A keep-alive handler that counts the connections the client closed."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/slow":
                await asyncio.sleep(0.2)
            await conn.respond(200, b'{"ok": true}')
        self.count += 1


# ---------------------------------------------------------------------------------------------- the pool
def test_sequential_requests_reuse_one_connection() -> None:
    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[int]:
        return [(await client.get(f"{server.url}/{i}")).status_code for i in range(5)]

    with raw_server(answer_all) as server:
        assert run(go) == [200] * 5
    assert server.connections == 1
    assert {r.connection for r in server.requests} == {0}


def test_max_connections_caps_open_connections_and_queues_the_rest() -> None:
    hangups = Hangups()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[int]:
        answers = await asyncio.gather(*(client.get(server.url + "/slow") for _ in range(6)))
        return [a.status_code for a in answers]

    with RawServer(hangups) as server:
        assert run(go, limits=httpx.Limits(max_connections=2)) == [200] * 6
    assert server.connections == 2
    assert len(server.requests) == 6


def test_max_keepalive_connections_closes_the_surplus() -> None:
    hangups = Hangups()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> None:
        await asyncio.gather(*(client.get(server.url + "/slow") for _ in range(3)))
        assert _eventually(lambda: hangups.count == 2)  # three were open, one is kept
        await client.get(server.url + "/again")

    with RawServer(hangups) as server:
        run(go, limits=httpx.Limits(max_connections=10, max_keepalive_connections=1))
    assert server.connections == 3  # the kept one served the last request


def test_idle_connections_close_after_keepalive_expiry() -> None:
    hangups = Hangups()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> None:
        await client.get(server.url + "/a")
        await asyncio.sleep(0.5)  # the sweeper runs on the loop: the idle connection is closed
        assert hangups.count == 1
        await client.get(server.url + "/b")

    with RawServer(hangups) as server:
        run(go, limits=httpx.Limits(keepalive_expiry=0.2))
    assert server.connections == 2


def test_each_idle_connection_closes_at_its_own_expiry_not_a_sweep_later() -> None:
    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> list[int]:
        await asyncio.gather(client.get(server.url + "/a"), client.get(server.url + "/b"))  # 2 idle at ~0
        await asyncio.sleep(0.3)
        await client.get(server.url + "/c")  # one of them idle again from ~0.3
        await asyncio.sleep(0.45)  # ~0.75: the other expired at ~0.6
        counts = [transport._idle_count]
        await asyncio.sleep(0.3)  # ~1.05: this one expired at ~0.9, not at the next full sweep (~1.2)
        return [*counts, transport._idle_count]

    with raw_server(answer_all) as server:
        assert run(go, limits=httpx.Limits(keepalive_expiry=0.6)) == [1, 0]
    assert server.connections == 2


def test_a_connection_the_server_closed_while_idle_is_not_used() -> None:
    """The server hangs up after each answer without saying so: the next request goes on a new connection
    and succeeds (the close was seen while the connection was idle; nothing is resent)."""

    async def once(conn: Conn) -> None:
        if await conn.request() is not None:
            await conn.respond(200, b"{}")
        conn.close()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[int]:
        codes = []
        for _ in range(3):
            codes.append((await client.post(server.url + "/orders", content=b"{}")).status_code)
            await asyncio.sleep(0.05)
        return codes

    with raw_server(once) as server:
        assert run(go) == [200, 200, 200]
    assert server.connections == 3
    assert len(server.requests) == 3


def test_a_cancelled_wait_for_a_connection_passes_the_slot_on() -> None:
    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/hold":
                await server.wait_released()
            await conn.respond(200, b"{}")

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        held = asyncio.ensure_future(client.get(server.url + "/hold"))
        await asyncio.sleep(0.1)
        waiting = asyncio.ensure_future(client.get(server.url + "/cancelled"))
        after = asyncio.ensure_future(client.get(server.url + "/after"))
        await asyncio.sleep(0.1)
        waiting.cancel()
        server.release.set()
        assert (await held).status_code == 200
        with pytest.raises(asyncio.CancelledError):
            await waiting
        return (await asyncio.wait_for(after, 3.0)).status_code

    with raw_server(handler) as server:
        assert run(go, limits=httpx.Limits(max_connections=1)) == 200
    assert [r.target for r in server.requests] == ["/hold", "/after"]


def test_a_full_pool_closes_an_idle_connection_to_another_origin() -> None:
    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[int]:
        first = await client.get(one.url + "/a")  # idle afterwards, holding the only slot
        second = await asyncio.wait_for(client.get(two.url + "/b"), 3.0)
        return [first.status_code, second.status_code]

    with raw_server(answer_all) as one, raw_server(answer_all) as two:
        assert run(go, limits=httpx.Limits(max_connections=1)) == [200, 200]


# ---------------------------------------------------------------------------------------------- framing
def test_a_response_split_anywhere_parses_the_same() -> None:
    """Chunked, with its head and chunk sizes cut across many small writes (a trickle)."""
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'4\r\n{"a"\r\n3\r\n: 1\r\n1\r\n}\r\n0\r\n\r\n'
    )

    async def trickle(conn: Conn) -> None:
        while await conn.request() is not None:
            for i in range(0, len(response), 3):
                await conn.send(response[i : i + 3])
                await asyncio.sleep(0.001)

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[Any]:
        return [(await client.get(server.url + "/x")).json() for _ in range(2)]

    with raw_server(trickle) as server:
        assert run(go) == [{"a": 1}, {"a": 1}]
    assert server.connections == 1  # a chunked body read to its end keeps the connection


def test_connection_close_and_read_until_close_bodies_close_the_connection() -> None:
    async def handler(conn: Conn) -> None:
        req = await conn.request()
        assert req is not None
        if req.target == "/close":
            await conn.send(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        else:  # no length: the body runs until the server closes
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this")
        conn.close()

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[bytes]:
        return [(await client.get(server.url + target)).content for target in ("/close", "/eof", "/close")]

    with raw_server(handler) as server:
        assert run(go) == [b"ok", b"all of this", b"ok"]
    assert server.connections == 3


def test_head_and_interim_answers() -> None:
    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.method == "HEAD":  # the length of the body a GET would get, and no body
                await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            else:
                await conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")
                await conn.respond(201, b'{"made": true}')

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> list[httpx.Response]:
        return [await client.head(server.url + "/"), await client.post(server.url + "/", content=b"{}")]

    with raw_server(handler) as server:
        head, post = run(go)
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == "1000"
    assert post.status_code == 201 and post.json() == {"made": True}


def test_a_large_body_arrives_whole_while_read_slowly() -> None:
    """Reading pauses while 256 KiB wait unread, and resumes as they are taken."""
    body = bytes(range(256)) * 16384  # 4 MiB

    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(200, body, [("Content-Type", "application/octet-stream")])

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> bytes:
        parts = []
        async with client.stream("GET", server.url + "/big") as response:
            async for chunk in response.aiter_raw():
                parts.append(chunk)
                await asyncio.sleep(0.0005)
        assert (await client.get(server.url + "/again")).status_code == 200
        return b"".join(parts)

    with raw_server(handler) as server:
        assert run(go) == body
    assert server.connections == 1


# ---------------------------------------------------------------------------------------------- safety
def test_a_header_with_a_line_break_is_refused_before_anything_is_sent() -> None:
    async def go(client: httpx.AsyncClient, transport: HttptoolsTransport) -> BaseException:
        headers = [("host", "127.0.0.1"), ("x-evil", "a\r\nkalshi-access-key: other")]
        with pytest.raises(httpx.LocalProtocolError) as info:
            await transport.open(PreparedRequest("GET", server.url + "/x", headers, None, {}))
        return info.value

    with raw_server(answer_all) as server:
        exc = run(go)
        assert "Illegal header value" in str(exc)  # httpx's own transport (h11) refuses it the same way
        time.sleep(0.1)
    assert server.requests == []
    assert server.connections == 0


def test_tls_verifies_the_server_and_a_bad_certificate_is_connect_error(
    tls: tuple[ssl.SSLContext, Path],  # noqa: F811
) -> None:
    context, cert_path = tls

    async def get(client: httpx.AsyncClient, _: HttptoolsTransport) -> int:
        return (await client.get(server.url + "/secure")).status_code

    with RawServer(answer_all, tls=context) as server:
        assert run(get, verify=ssl.create_default_context(cafile=cert_path)) == 200
        with pytest.raises(httpx.ConnectError) as info:
            run(get)  # certifi does not trust a self-signed certificate
    assert classify(None, info.value) is Failure.NOT_SENT
    assert [r.target for r in server.requests] == ["/secure"]


def test_a_forked_child_opens_its_own_connections() -> None:
    """After a fork the parent's pooled sockets are not the child's: the next request connects afresh
    (``os.register_at_fork`` bumps the generation; simulated here, as forking a test worker is not)."""

    async def go(client: httpx.AsyncClient, _: HttptoolsTransport) -> None:
        await client.get(server.url + "/parent")
        httptools_transport._forked()  # what the child runs after a fork
        await client.get(server.url + "/child")

    with raw_server(answer_all) as server:
        run(go)
    assert [r.connection for r in server.requests] == [0, 1]


def test_an_opened_response_gives_its_headers_both_ways() -> None:
    """``open`` (prepared requests): status, ``httpx.Headers`` in order, and the plain ``lookup`` dict
    agreeing with ``Headers.get`` (repeated names joined), then the body and the connection back."""

    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(
                201,
                b'{"a": 1}',
                [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("SET-COOKIE", "b=2")],
                reason="Made",
            )

    async def go(_: httpx.AsyncClient, transport: HttptoolsTransport) -> list[Any]:
        seen = []
        for _ in range(2):
            prepared = PreparedRequest("GET", server.url + "/x", [("host", "127.0.0.1")], None, {"read": 2.0})
            opened = await transport.open(prepared)
            body = b"".join([chunk async for chunk in opened.chunks()])
            opened.release()
            opened.release()  # twice is harmless
            seen.append((opened.status_code, opened.reason_phrase, opened.http_version, body))
            assert opened.headers.get_list("set-cookie") == ["a=1", "b=2"]
            for name in ("set-cookie", "content-type", "content-length"):
                assert opened.lookup[name] == opened.headers[name]
            assert "location" not in opened.lookup
        return seen

    with raw_server(handler) as server:
        assert run(go) == [(201, "Made", "HTTP/1.1", b'{"a": 1}')] * 2
    assert server.connections == 1
