"""The wrapper's async transports on the wire (HttptoolsTransport, the default, and AiohttpTransport; every
test runs over each): the bytes httpx built go out unchanged, nothing is followed or resent, every failure
surfaces as the httpx exception httpcore would raise (so retries classify it the same), timeouts hold, and
the body streams instead of being read inside the transport."""

from __future__ import annotations

import asyncio
import base64
import gzip
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest

from kalshi_orders import (
    AiohttpTransport,
    APITimeoutError,
    AsyncKalshiClient,
    CancelResult,
    HttptoolsTransport,
    KalshiAuth,
    KalshiSigner,
    OrderOutcomeUnknownError,
    OrderStatus,
    RetryPolicy,
    load_private_key,
)
from kalshi_orders._retry import Failure, classify
from kalshi_orders._transports import aiohttp as aiohttp_transport
from kalshi_orders._transports import default
from kalshi_orders._transports.default import default_async_transport
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_shared_server  # noqa: F401

from .conftest import _KEY, KEY_PEM
from .rawserver import Conn, answer_all, raw_server

T = TypeVar("T")
RESTING = {"ticker": "KXSANDBOX-26DEC31-T50", "book_side": "bid", "price": "0.30", "count": 5}
FAST = RetryPolicy(max_attempts=4, backoff_base=0.002, backoff_cap=0.02, lookup_interval=0.02)
TRANSPORTS: dict[str, type[HttptoolsTransport | AiohttpTransport]] = {
    "httptools": HttptoolsTransport,
    "aiohttp": AiohttpTransport,
}


class Current:
    """The transport class of the running test."""

    transport: type[HttptoolsTransport | AiohttpTransport] = HttptoolsTransport


@pytest.fixture(autouse=True, params=list(TRANSPORTS))
def transport_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs over each transport, which is also the async client's default for it."""
    kind: str = request.param
    monkeypatch.setattr(default, "_ASYNC_DEFAULT", kind)
    monkeypatch.setattr(Current, "transport", TRANSPORTS[kind])
    return kind


def run(make: Callable[[httpx.AsyncClient], Awaitable[T]], **client_options: Any) -> T:
    """Run ``make(client)`` with an httpx.AsyncClient over a fresh transport of the test's, then close it."""
    transport_options = client_options.pop("transport_options", {})

    async def go() -> T:
        async with httpx.AsyncClient(
            transport=Current.transport(**transport_options), timeout=client_options.pop("timeout", 5.0)
        ) as client:
            return await make(client)

    return asyncio.run(go())


def failure_of(exc: BaseException) -> Failure | None:
    return classify(None, exc)


# ---------------------------------------------------------------------------------------------- the exchange
def test_response_status_headers_and_body_are_the_servers() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.respond(
            201,
            b'{"order_id": "x"}',
            [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
            reason="Made It",
        )

    with raw_server(handler) as server:
        response = run(lambda c: c.post(server.url + "/x", json={"a": 1}))
    assert response.status_code == 201
    assert response.json() == {"order_id": "x"}
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert response.http_version == "HTTP/1.1"
    assert response.reason_phrase == "Made It"


def test_the_request_goes_out_as_httpx_built_it() -> None:
    """Path escapes are not re-quoted (the signature covers the path as sent), headers are httpx's (no
    second User-Agent, Content-Length or Accept-Encoding from aiohttp), the body is byte for byte."""
    signer = KalshiSigner("key-id", load_private_key(pem=KEY_PEM))
    path = "/trade-api/v2/portfolio/orders/a%2Fb%20c~%7E"

    async def send(client: httpx.AsyncClient) -> httpx.Request:
        response = await client.post(
            server.url + path + "?limit=5&x=%2F", content=b'{"k":"v"}', headers={"X-Trace": "t1"}
        )
        await client.delete(server.url + path, auth=KalshiAuth(signer))
        return response.request

    with raw_server(answer_all) as server:
        sent = run(send)
    first, second = server.requests
    assert first.method == "POST" and first.target == path + "?limit=5&x=%2F"
    assert first.body == b'{"k":"v"}'
    names = [k.lower() for k, _ in first.headers]
    assert len(names) == len(set(names)), f"a header was sent twice: {first.headers}"
    assert {k.lower(): v for k, v in first.headers} == dict(sent.headers.items())
    assert second.method == "DELETE" and second.target == path
    # the signature was made over the path the server received
    timestamp = int(second.header("KALSHI-ACCESS-TIMESTAMP")[0])
    signature = base64.b64decode(second.header("KALSHI-ACCESS-SIGNATURE")[0])
    _KEY.public_key().verify(signature, KalshiSigner.message(timestamp, "DELETE", second.target).encode())


def test_redirects_are_returned_not_followed() -> None:
    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(302, b"", [("Location", "/elsewhere"), ("Content-Length", "0")])

    with raw_server(handler) as server:
        response = run(lambda c: c.post(server.url + "/orders", content=b"{}"))
    assert response.status_code == 302
    assert [r.target for r in server.requests] == ["/orders"]


def test_gzip_arrives_compressed_and_httpx_decodes_it() -> None:
    payload = b'{"orders": [' + b",".join(b'{"n": %d}' % i for i in range(2000)) + b"]}"
    packed = gzip.compress(payload)

    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(
                200, packed, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
            )

    async def both(client: httpx.AsyncClient) -> tuple[bytes, bytes]:
        decoded = (await client.get(server.url + "/")).content
        async with client.stream("GET", server.url + "/") as response:
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
        return decoded, raw

    with raw_server(handler) as server:
        decoded, raw = run(both)
    assert decoded == payload
    assert raw == packed  # the transport did not decompress: a size limit applies to what httpx hands out
    assert "gzip" in server.requests[0].header("Accept-Encoding")[0]


def test_the_body_streams_and_a_partly_read_response_closes_its_connection() -> None:
    chunk = b"x" * 65536
    closed: list[bool] = []

    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/small":
                await conn.respond(200, b"ok")
                continue
            # Half the body, and the rest never: the client has its response (and a first chunk) anyway.
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (len(chunk) * 2) + chunk)
            closed.append(await conn.reader.read() == b"")  # until the client hangs up

    async def go(client: httpx.AsyncClient) -> int:
        async with client.stream("GET", server.url + "/big") as response:
            assert response.status_code == 200
            first = await response.aiter_raw().__anext__()
        await client.get(server.url + "/small")  # the half-read connection was closed: a new one
        await client.get(server.url + "/small")  # a fully read one goes back to the pool
        return len(first)

    with raw_server(handler) as server:
        got_first = run(go)
        for _ in range(300):  # the server sees the hang-up on its own loop, a moment later under load
            if closed:
                break
            time.sleep(0.01)
        connections = server.connections
    assert 0 < got_first <= len(chunk)
    assert closed == [True]
    assert connections == 2


def test_chunked_bodies_empty_bodies_and_http_1_0_answers() -> None:
    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/chunked":
                head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                body = b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                await conn.send(head if req.method == "HEAD" else head + body)
            elif req.target == "/empty":
                await conn.send(b"HTTP/1.1 204 No Content\r\n\r\n")
            else:
                await conn.send(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
                conn.close()
                return

    async def go(client: httpx.AsyncClient) -> list[httpx.Response]:
        return [
            await client.get(server.url + "/chunked"),
            await client.head(server.url + "/chunked"),
            await client.delete(server.url + "/empty"),
            await client.get(server.url + "/old"),
        ]

    with raw_server(handler) as server:
        chunked, head, empty, old = run(go)
    assert chunked.content == b"hello world"
    assert chunked.headers["transfer-encoding"] == "chunked"
    assert head.status_code == 200 and head.content == b""
    assert empty.status_code == 204 and empty.content == b""
    assert old.http_version == "HTTP/1.0" and old.content == b"ok"
    assert [r.method for r in server.requests] == ["GET", "HEAD", "DELETE", "GET"]


def test_a_cancelled_request_leaves_the_transport_usable() -> None:
    async def handler(conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            if req.target == "/slow":
                await server.wait_released()
            await conn.respond(200, b"{}")

    async def go(client: httpx.AsyncClient) -> int:
        slow = asyncio.ensure_future(client.get(server.url + "/slow"))
        await asyncio.sleep(0.1)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        return (await client.get(server.url + "/fast")).status_code

    with raw_server(handler) as server:
        assert run(go) == 200


def test_a_transport_outlives_its_event_loop() -> None:
    transport = Current.transport()

    async def once(url: str) -> int:
        client = httpx.AsyncClient(transport=transport)
        return (await client.get(url)).status_code

    with raw_server(answer_all) as server:
        assert asyncio.run(once(server.url)) == 200
        assert asyncio.run(once(server.url)) == 200  # a second loop: fresh connections, no error
        asyncio.run(transport.aclose())


# ---------------------------------------------------------------------------------------------- failures
def _raises(make: Callable[[httpx.AsyncClient], Awaitable[Any]], **options: Any) -> BaseException:
    with pytest.raises(httpx.TransportError) as info:
        run(make, **options)
    return info.value


def test_refused_connection_is_connect_error_not_sent() -> None:
    with raw_server(answer_all) as server:
        url = server.url
    exc = _raises(lambda c: c.post(url + "/orders", content=b"{}"))  # the server is gone
    assert type(exc) is httpx.ConnectError
    assert failure_of(exc) is Failure.NOT_SENT
    assert exc.request.url == httpx.URL(url + "/orders")


def test_waiting_for_a_pooled_connection_is_a_connect_timeout() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await server.wait_released()

    async def go(client: httpx.AsyncClient) -> None:
        hung = asyncio.ensure_future(client.get(server.url + "/hang"))
        await asyncio.sleep(0.1)
        try:
            await client.get(server.url + "/next", timeout=httpx.Timeout(5.0, pool=0.2, connect=0.1))
        finally:
            server.release.set()
            hung.cancel()

    with raw_server(handler) as server:
        exc = _raises(go, transport_options={"limits": httpx.Limits(max_connections=1)})
    assert type(exc) is httpx.ConnectTimeout
    assert failure_of(exc) is Failure.NOT_SENT
    assert [r.target for r in server.requests] == ["/hang"]


def test_no_answer_is_a_read_timeout_within_the_read_timeout() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await server.wait_released()

    with raw_server(handler) as server:
        started = time.monotonic()
        exc = _raises(lambda c: c.get(server.url + "/"), timeout=httpx.Timeout(5.0, read=0.3))
        elapsed = time.monotonic() - started
    assert type(exc) is httpx.ReadTimeout
    assert failure_of(exc) is Failure.AMBIGUOUS
    assert 0.25 <= elapsed < 3.0


def test_a_head_trickling_in_slower_than_the_read_timeout_is_no_timeout() -> None:
    """The read timeout bounds each wait for bytes, not the whole head: six pieces 0.1 s apart, 0.3 s each."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"

    async def handler(conn: Conn) -> None:
        await conn.request()
        step = len(head) // 6 + 1
        for i in range(0, len(head), step):
            await conn.send(head[i : i + step])
            await asyncio.sleep(0.1)
        await conn.send(b"{}")

    with raw_server(handler) as server:
        response = run(lambda c: c.get(server.url + "/"), timeout=httpx.Timeout(5.0, read=0.3))
    assert response.status_code == 200 and response.json() == {}


def test_a_body_that_stalls_is_a_read_timeout_while_reading_it() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
        await server.wait_released()

    with raw_server(handler) as server:
        exc = _raises(lambda c: c.get(server.url + "/"), timeout=httpx.Timeout(5.0, read=0.3))
    assert type(exc) is httpx.ReadTimeout


async def _drop_the_second(conn: Conn) -> None:
    await conn.request()
    await conn.respond(200, b"{}")
    await conn.request()
    conn.close()


@pytest.mark.parametrize("method", ["GET", "DELETE", "POST"])
def test_a_dropped_connection_is_remote_protocol_error_and_never_resent(method: str) -> None:
    """The second request on a kept-alive connection is read, then the connection closes: aiohttp would
    resend a GET or DELETE on its own; the server must see each request exactly once."""

    async def go(client: httpx.AsyncClient) -> None:
        await client.request(method, server.url + "/first")
        await client.request(method, server.url + "/second")

    with raw_server(_drop_the_second) as server:
        exc = _raises(go)
    assert type(exc) is httpx.RemoteProtocolError
    assert failure_of(exc) is Failure.AMBIGUOUS
    assert [r.target for r in server.requests] == ["/first", "/second"]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_without_the_session_switch_aiohttps_resend_is_stopped_by_the_middleware(
    method: str, transport_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For an aiohttp without the session's switch (the pinned one has it), the middleware hides the drop
    from aiohttp's resend of idempotent requests."""
    assert aiohttp_transport._RESEND_SWITCH  # the pinned aiohttp has the switch
    monkeypatch.setattr(aiohttp_transport, "_RESEND_SWITCH", False)
    monkeypatch.setattr(Current, "transport", AiohttpTransport)  # the same under either parameter

    async def go(client: httpx.AsyncClient) -> None:
        await client.request(method, server.url + "/first")
        await client.request(method, server.url + "/second")

    with raw_server(_drop_the_second) as server:
        exc = _raises(go)
    assert type(exc) is httpx.RemoteProtocolError
    assert [r.target for r in server.requests] == ["/first", "/second"]


def test_a_truncated_body_is_remote_protocol_error() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
        conn.close()

    with raw_server(handler) as server:
        exc = _raises(lambda c: c.get(server.url + "/"))
    assert type(exc) is httpx.RemoteProtocolError
    assert failure_of(exc) is Failure.AMBIGUOUS


def test_a_reset_after_the_request_is_an_ambiguous_transport_error() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        conn.reset()

    with raw_server(handler) as server:
        exc = _raises(lambda c: c.post(server.url + "/orders", content=b"{}"))
    assert isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
    assert failure_of(exc) is Failure.AMBIGUOUS


def test_a_malformed_response_is_remote_protocol_error() -> None:
    async def handler(conn: Conn) -> None:
        await conn.request()
        await conn.send(b"HTTX/9 banana\r\n\r\n")
        conn.close()

    with raw_server(handler) as server:
        exc = _raises(lambda c: c.get(server.url + "/"))
    assert type(exc) is httpx.RemoteProtocolError


# ---------------------------------------------------------------------------------------------- the choice
def _transport_of(client: AsyncKalshiClient) -> object:
    return client._setup.generated.get_async_httpx_client()._transport


def _client(**options: Any) -> AsyncKalshiClient:
    return AsyncKalshiClient(
        base_url="http://127.0.0.1:9/trade-api/v2", key_id="k", private_key=KEY_PEM, **options
    )


def test_async_client_sends_through_its_own_transport_by_default(transport_kind: str) -> None:
    assert type(_transport_of(_client())) is TRANSPORTS[transport_kind]


def test_the_shipped_default_is_httptools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the default as shipped, not the parameter's
    assert default._ASYNC_DEFAULT == "httptools"
    assert type(_transport_of(_client())) is HttptoolsTransport


@pytest.mark.parametrize(
    "httpx_args",
    [{"http2": True}, {"proxy": "http://127.0.0.1:3128"}, {"mounts": {}}, {"http1": False, "http2": True}],
)
def test_options_only_httpx_implements_keep_httpx_transport(httpx_args: dict[str, Any]) -> None:
    assert default_async_transport(httpx_args) is None


def test_proxy_variables_keep_httpx_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    assert default_async_transport({}) is None
    assert isinstance(default_async_transport({"trust_env": False}), Current.transport)


def test_a_callers_transport_is_used_as_given() -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(200))
    assert _transport_of(_client(transport=mock)) is mock
    assert default_async_transport({"transport": mock}) is None


def test_verify_and_limits_reach_the_transport() -> None:
    transport = default_async_transport({"verify": False, "limits": httpx.Limits(max_connections=7)})
    assert isinstance(transport, Current.transport)
    assert transport._ssl.verify_mode is ssl.CERT_NONE
    assert transport._limits.max_connections == 7


# ---------------------------------------------------------------------------------------------- end to end
def test_a_cancel_whose_answer_is_lost_is_reconciled_by_the_wrapper_not_resent_by_the_transport(
    sandbox: SandboxServer,  # noqa: F811
) -> None:
    """The sandbox applies the cancel and drops the connection. Had aiohttp resent the DELETE itself, the
    wrapper would see a lone 404 and report the order missing; it sees the drop, retries, and the order's
    status settles it."""

    async def go() -> tuple[object, CancelResult]:
        async with AsyncKalshiClient(
            base_url=sandbox.base_url, key_id=sandbox.key_id, private_key=sandbox.private_key_path, retry=FAST
        ) as client:
            created = await client.orders.create(**RESTING)
            sandbox.admin.set_faults(commit_then_drop=1)
            return _transport_of(client), await client.orders.cancel(created.order_id)

    transport, result = asyncio.run(go())
    assert isinstance(transport, Current.transport)
    assert result.reconciled
    assert result.order is not None and result.order.status is OrderStatus.CANCELED


@pytest.mark.parametrize(("transport", "deadline"), [("own", 0.6), ("httpx", 0.6), ("own", 5.4)], ids=str)
def test_a_handshake_that_outlasts_the_deadline_means_nothing_was_sent(
    transport: str, deadline: float
) -> None:
    # The deadline ran out in the TLS handshake: the request never left, so a create is an APITimeoutError
    # that says so, not an OrderOutcomeUnknownError after a lookup with no time left. Above 5 s aiohttp
    # rounds its timeouts up to the next whole second unless told not to, which would let the deadline's
    # scope fire first and call it "sent".
    async def silent(conn: Conn) -> None:
        await asyncio.sleep(deadline + 3)  # never answers the ClientHello

    async def create(url: str) -> BaseException:
        options: dict[str, Any] = {} if transport == "own" else {"transport": httpx.AsyncHTTPTransport()}
        async with AsyncKalshiClient(
            base_url=url,
            key_id="test-key",
            private_key=KEY_PEM,
            rate_limit=False,
            market_checks=False,
            retry=RetryPolicy(max_attempts=1, deadline=deadline),
            timeout=10.0,
            **options,
        ) as client:
            try:
                await client.orders.create(
                    ticker="KXTEST-26DEC31-B1", side="yes", action="buy", yes_price="0.50", count=1
                )
            except BaseException as exc:
                return exc
        raise AssertionError("the create cannot have succeeded")

    with raw_server(silent) as server:
        error = asyncio.run(create(server.url.replace("http://", "https://") + "/trade-api/v2"))
    assert isinstance(error, APITimeoutError) and not isinstance(error, OrderOutcomeUnknownError), error
    assert error.limit == "deadline" and "nothing was sent" in str(error), str(error)
    assert "connecting" in str(error), str(error)
    assert server.requests == []
