"""Bounded in time and memory against servers that misbehave on the wire (issue 11: failures 3, 4, 10).

A scripted loopback server trickles bodies, stalls, sends endless chunked bodies, oversized pages and gzip
bombs; every case runs on each way a client can send: httpx's own sync transport, AsyncKalshiClient's
own (httptools, its default, and aiohttp, the previous one), and a transport the caller passes in (httpx's,
sync and async). Each server stops on its
own after a few seconds, so a client without the limits fails these tests instead of hanging them.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kalshi_orders import (
    APITimeoutError,
    AsyncKalshiClient,
    KalshiClient,
    KalshiError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
)
from kalshi_orders._transports import default

from .conftest import KEY_ID, KEY_PEM
from .rawserver import Conn, RawServer

KINDS = ["sync", "sync+transport", "async", "async-aiohttp", "async+transport"]
ORDER_ID = "0b7a1e8c-1d2e-4f3a-9b8c-7d6e5f4a3b2c"
PAGE_START = b'{"orders": [], "cursor": "", "pad": "'
SERVER_GIVES_UP = 4.0  # seconds: every misbehaving answer ends by then
MIB = 1024 * 1024


def _head(status: int = 200, headers: list[tuple[str, str]] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever", "Content-Type: application/json"]
    lines += [f"{k}: {v}" for k, v in headers or []]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _gzip(pieces: Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return b"".join(packer.compress(p) for p in pieces) + packer.flush()


def _bomb(inflated_mib: int = 200) -> bytes:
    """~200 KB of gzip that inflates to a valid, empty, 200 MB GetOrders page."""
    return _gzip(iter([PAGE_START, *([b"a" * MIB] * inflated_mib), b'"}']))


def _run(kind: str, server: RawServer, what: str = "get", **options: Any) -> tuple[Any, float]:
    """One call on a fresh client of ``kind``; (its result or the KalshiError it raised, seconds taken)."""
    common: dict[str, Any] = {
        "base_url": server.url + "/trade-api/v2",
        "key_id": KEY_ID,
        "private_key": KEY_PEM,
        "rate_limit": False,
        **options,
    }
    started = time.monotonic()
    if kind.startswith("sync"):
        transport = httpx.HTTPTransport() if kind.endswith("+transport") else None
        with KalshiClient(transport=transport, **common) as client:
            try:
                result: Any = client.orders.get(ORDER_ID) if what == "get" else list(client.orders.list())
            except KalshiError as exc:
                result = exc
    else:

        async def go() -> Any:
            transport = httpx.AsyncHTTPTransport() if kind.endswith("+transport") else None
            saved = default._ASYNC_DEFAULT
            default._ASYNC_DEFAULT = "aiohttp" if kind == "async-aiohttp" else "httptools"
            try:
                client = AsyncKalshiClient(transport=transport, **common)
            finally:
                default._ASYNC_DEFAULT = saved
            async with client:
                try:
                    if what == "get":
                        return await client.orders.get(ORDER_ID)
                    return [order async for order in client.orders.list()]
                except KalshiError as exc:
                    return exc

        result = asyncio.run(go())
    return result, time.monotonic() - started


def _one_attempt(deadline: float) -> RetryPolicy:
    return RetryPolicy(max_attempts=1, deadline=deadline)


# ---------------------------------------------------------------------------------------- time
async def _trickle(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.send(_head(headers=[("Content-Length", "1000")]))
        for _ in range(int(SERVER_GIVES_UP / 0.1)):
            await asyncio.sleep(0.1)
            await conn.send(b" ")
        conn.close()
        return


async def _stall_after_headers(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.send(_head(headers=[("Content-Length", "100")]))
        await asyncio.sleep(SERVER_GIVES_UP)
        conn.close()
        return


async def _trickled_headers(conn: Conn) -> None:
    await conn.request()
    head = _head(headers=[("X-Padding", "a" * 200)])
    for byte in head[: int(SERVER_GIVES_UP / 0.1)]:
        await asyncio.sleep(0.1)
        await conn.send(bytes([byte]))
    conn.close()


async def _no_answer(conn: Conn) -> None:
    await conn.request()
    await asyncio.sleep(SERVER_GIVES_UP)
    conn.close()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "handler", [_trickle, _trickled_headers, _stall_after_headers, _no_answer], ids=lambda h: h.__name__
)
def test_the_deadline_bounds_the_whole_call_body_included(kind: str, handler: Any) -> None:
    with RawServer(handler) as server:
        error, took = _run(kind, server, timeout=5.0, retry=_one_attempt(1.0))
    assert isinstance(error, APITimeoutError), error
    assert error.limit == "deadline" and error.seconds == 1.0
    assert "1s deadline" in str(error)
    assert 0.9 <= took < 2.5, took


async def _slow_headers(conn: Conn) -> None:
    while await conn.request() is not None:
        await asyncio.sleep(1.0)
        await conn.respond(200, b'{"order": {}}')


@pytest.mark.parametrize("kind", KINDS)
def test_a_read_timeout_says_it_was_the_read_timeout(kind: str) -> None:
    with RawServer(_slow_headers) as server:
        error, took = _run(kind, server, timeout=0.2, retry=_one_attempt(10.0))
    assert isinstance(error, APITimeoutError), error
    assert (error.limit, error.seconds) == ("read", 0.2)
    assert took < 1.0


async def _always_503(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.respond(503, b'{"error": {"code": "unavailable"}}', [("Retry-After", "0.3")])


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_retries_stay_within_the_deadline(kind: str) -> None:
    with RawServer(_always_503) as server:
        error, took = _run(kind, server, retry=RetryPolicy(max_attempts=20, deadline=1.0))
        attempts = len(server.requests)
    assert isinstance(error, ServerError)  # the real failure, not a timeout: no wait went past the deadline
    assert 2 <= attempts <= 4 and took < 1.3


# ---------------------------------------------------------------------------------------- size
async def _declared_200_mb(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.send(_head(headers=[("Content-Length", str(200 * MIB))]) + PAGE_START)
        for _ in range(32):  # the client should not even read this much
            await conn.send(b"a" * MIB)
        conn.close()
        return


async def _endless_chunks(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.send(_head(headers=[("Transfer-Encoding", "chunked")]) + _chunk(PAGE_START))
        for _ in range(64):  # 64 MiB, then the body ends (not as JSON a page would)
            await conn.send(_chunk(b"a" * MIB))
        await conn.send(_chunk(b'"}') + b"0\r\n\r\n")
        return


BOMB = _bomb()


async def _gzip_bomb(conn: Conn) -> None:
    while await conn.request() is not None:
        headers = [("Content-Encoding", "gzip"), ("Content-Length", str(len(BOMB)))]
        await conn.send(_head(headers=headers) + BOMB)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("handler", [_declared_200_mb, _endless_chunks, _gzip_bomb], ids=lambda h: h.__name__)
def test_an_oversized_page_is_refused_while_it_streams(kind: str, handler: Any) -> None:
    with RawServer(handler) as server:
        error, took = _run(kind, server, what="list", retry=_one_attempt(20.0))
    assert isinstance(error, ResponseTooLargeError), error
    assert error.limit == 16 * MIB and error.received > error.limit and error.status_code == 200
    assert "16 MiB limit" in str(error) and "max_response_bytes" in str(error)
    if handler is _gzip_bomb:
        assert error.encoding == "gzip" and "after gzip decoding" in str(error)
    assert took < 3.0


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_gzip_bomb_never_inflates_past_the_limit_in_memory(kind: str) -> None:
    limit = 2 * MIB
    with RawServer(_gzip_bomb) as server:
        tracemalloc.start()
        try:
            error, _ = _run(kind, server, what="list", max_response_bytes=limit, retry=_one_attempt(20.0))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(error, ResponseTooLargeError) and error.limit == limit
    # The body is 200 MB inflated; what the call held at its peak stays near the limit.
    assert peak < limit + 8 * MIB, peak


async def _huge_503(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.send(_head(503, [("Transfer-Encoding", "chunked")]))
        for _ in range(64):
            await conn.send(_chunk(b"<html>" + b"x" * MIB))
        await conn.send(b"0\r\n\r\n")
        return


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_error_answer_with_a_huge_body_is_judged_by_its_status(kind: str) -> None:
    with RawServer(_huge_503) as server:
        error, _ = _run(kind, server, max_response_bytes=MIB, retry=_one_attempt(20.0))
    assert isinstance(error, ServerError) and error.status_code == 503
    assert len(error.body) == MIB  # the first megabyte kept for the message, the rest never read


SMALL_BOMB = _bomb(inflated_mib=3)


async def _small_gzip_page(conn: Conn) -> None:
    while await conn.request() is not None:
        headers = [("Content-Encoding", "gzip"), ("Content-Length", str(len(SMALL_BOMB)))]
        await conn.send(_head(headers=headers) + SMALL_BOMB)


def test_the_limit_is_configurable_and_checked() -> None:
    with RawServer(_small_gzip_page) as server:
        refused, _ = _run("sync", server, what="list", max_response_bytes=2 * MIB, retry=_one_attempt(20.0))
        read, _ = _run("sync", server, what="list", max_response_bytes=4 * MIB, retry=_one_attempt(20.0))
    assert isinstance(refused, ResponseTooLargeError) and "2 MiB limit" in str(refused)
    assert read == []  # the same 3 MB page fits a 4 MiB limit: read and parsed
    with pytest.raises(KalshiError, match="max_response_bytes"):
        KalshiClient(key_id=KEY_ID, private_key=KEY_PEM, max_response_bytes=10)
