"""KalshiClient's default transport (DeadlineHTTPTransport): httpx's sync transport whose socket reads stop
at the call's deadline, so the deadline holds with no worker thread, over HTTP and HTTPS; when it is used and
when the runner falls back to a worker; httpcore's errors named as httpx names them."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import os
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import kalshi_orders._plan as plan_module
from kalshi_orders import APITimeoutError, KalshiClient, OrderOutcomeUnknownError, RetryPolicy, TransportError
from kalshi_orders._deadline import current_deadline
from kalshi_orders._transports.default import default_sync_transport
from kalshi_orders._transports.httpcore import DeadlineHTTPTransport, _httpx_error

from .conftest import KEY_ID, KEY_PEM, FakeClock, FakeKalshi
from .rawserver import Conn, RawServer

LOOPBACK = "127.0.0.1"
_SEEDED = FakeKalshi(FakeClock()).seed(1)[0]
ORDER_ID = _SEEDED["order_id"]
ORDER = json.dumps({"order": _SEEDED}).encode()


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    """A server context with a self-signed certificate for 127.0.0.1, and the certificate's path."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


def _trusting(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cert)


def _client(server: RawServer, **options: Any) -> KalshiClient:
    return KalshiClient(
        base_url=server.url + "/trade-api/v2", key_id=KEY_ID, private_key=KEY_PEM, rate_limit=False, **options
    )


async def _answer(conn: Conn) -> None:
    while await conn.request() is not None:
        await conn.respond(200, ORDER)


async def _trickled_headers(conn: Conn) -> None:
    await conn.request()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"
    for byte in head[:40]:  # 4 s of headers, never complete
        await asyncio.sleep(0.1)
        await conn.send(bytes([byte]))
    conn.close()


# ----------------------------------------------------------------------------------- when it is used
def test_the_sync_client_sends_through_it_unless_something_routes_around_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(default_sync_transport({}), DeadlineHTTPTransport)
    assert isinstance(
        default_sync_transport({"verify": False, "limits": httpx.Limits()}), DeadlineHTTPTransport
    )
    for routed in ({"proxy": "http://127.0.0.1:3128"}, {"mounts": {}}, {"transport": httpx.HTTPTransport()}):
        assert default_sync_transport(routed) is None, routed
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    assert default_sync_transport({}) is None  # httpx mounts the environment's proxy itself
    assert isinstance(default_sync_transport({"trust_env": False}), DeadlineHTTPTransport)


def test_attempts_run_inline_on_it_and_in_a_worker_on_any_other_transport(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handed: list[float] = []
    real = plan_module.call_within

    def spy(fn: Any, timeout: float) -> Any:
        handed.append(timeout)
        return real(fn, timeout)

    monkeypatch.setattr(plan_module, "call_within", spy)
    with RawServer(_answer) as server:
        with _client(server) as client:
            assert client.orders.get(ORDER_ID).order_id == ORDER_ID
        assert handed == []  # no thread hand-off on the default transport
        with _client(server, transport=httpx.HTTPTransport()) as client:
            assert client.with_options(deadline=3.0).orders.get(ORDER_ID).order_id == ORDER_ID
        assert handed and 0 < handed[0] <= 3.0 + 0.1


def test_the_deadline_is_visible_only_while_an_exchange_runs() -> None:
    seen: list[Any] = []

    async def answer_and_note(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(200, ORDER)

    with RawServer(answer_and_note) as server, _client(server) as client:
        assert client._runner._direct is not None
        transport = client._runner._direct.transport
        real = transport.handle_request

        def handle(request: httpx.Request) -> httpx.Response:
            seen.append(current_deadline.get())
            return real(request)

        transport.handle_request = handle  # type: ignore[method-assign]
        client.with_options(deadline=4.0).orders.get(ORDER_ID)
    assert len(seen) == 1 and seen[0] is not None and seen[0].seconds == 4.0
    assert current_deadline.get() is None  # reset once the call is over


# ------------------------------------------------------------------------------- the deadline on the wire
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_trickled_headers_stop_at_the_deadline_with_no_thread(
    scheme: str, tls: tuple[ssl.SSLContext, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_module, "call_within", None)  # the worker is never reached
    context, cert = tls
    with RawServer(_trickled_headers, tls=context if scheme == "https" else None) as server:
        options: dict[str, Any] = {"httpx_args": {"verify": _trusting(cert)}} if scheme == "https" else {}
        with _client(
            server, retry=RetryPolicy(max_attempts=1, deadline=1.0), timeout=5.0, **options
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as info:
                client.orders.get(ORDER_ID)
            took = time.monotonic() - started
    assert info.value.limit == "deadline" and took < 1.8, (info.value, took)


def test_https_with_the_callers_verify_option(tls: tuple[ssl.SSLContext, Path]) -> None:
    context, cert = tls
    with RawServer(_answer, tls=context) as server:
        with _client(server, httpx_args={"verify": _trusting(cert)}) as client:
            assert client.orders.get(ORDER_ID).order_id == ORDER_ID  # verify= reaches the transport
        with _client(server, retry=RetryPolicy.never()) as client, pytest.raises(TransportError) as info:
            client.orders.get(ORDER_ID)  # the default (certifi) does not trust a self-signed certificate
        assert "127.0.0.1" in str(info.value)


def test_the_callers_limits_reach_the_pool() -> None:
    with RawServer(_answer) as server:
        with _client(server) as client:
            client.orders.get(ORDER_ID)
            client.orders.get(ORDER_ID)
        assert server.connections == 1  # kept alive and reused
        no_keepalive = {"limits": httpx.Limits(max_keepalive_connections=0)}
        with _client(server, httpx_args=no_keepalive) as client:
            client.orders.get(ORDER_ID)
            client.orders.get(ORDER_ID)
        assert server.connections == 1 + 2  # one connection per request


def test_a_refused_connection_is_httpx_connect_error() -> None:
    transport = DeadlineHTTPTransport()
    with httpx.Client(transport=transport) as http, pytest.raises(httpx.ConnectError) as info:
        http.get("http://127.0.0.1:9/")  # discard port: nothing listens
    assert info.value.request.url.host == "127.0.0.1"


def _every_httpcore_error() -> Iterator[type[Exception]]:
    yield from (
        httpcore.ConnectTimeout,
        httpcore.ReadTimeout,
        httpcore.WriteTimeout,
        httpcore.PoolTimeout,
        httpcore.ConnectError,
        httpcore.ReadError,
        httpcore.WriteError,
        httpcore.ProxyError,
        httpcore.UnsupportedProtocol,
        httpcore.LocalProtocolError,
        httpcore.RemoteProtocolError,
    )


@pytest.mark.parametrize("error", list(_every_httpcore_error()), ids=lambda e: e.__name__)
def test_httpcore_errors_become_the_httpx_error_of_the_same_name(error: type[Exception]) -> None:
    mapped = _httpx_error(error("boom"))
    assert mapped is not None and type(mapped).__name__ == error.__name__ and str(mapped) == "boom"
    assert type(mapped).__module__.startswith("httpx")


def test_other_exceptions_are_not_mapped() -> None:
    assert _httpx_error(ValueError("x")) is None


async def _silent_tls(conn: Conn) -> None:
    await asyncio.sleep(4)  # accepts the connection, never answers the TLS ClientHello


@pytest.mark.parametrize("transport", ["default", "httpx"])
def test_a_handshake_that_outlasts_the_deadline_means_nothing_was_sent(transport: str) -> None:
    # The deadline cut the TLS handshake (a ConnectTimeout): the request never left, so a create is not an
    # OrderOutcomeUnknownError with a lookup, and the message does not say "waiting for the answer".
    options: dict[str, Any] = {} if transport == "default" else {"transport": httpx.HTTPTransport()}
    with RawServer(_silent_tls) as server:
        https = server.url.replace("http://", "https://") + "/trade-api/v2"
        with (
            KalshiClient(
                base_url=https,
                key_id=KEY_ID,
                private_key=KEY_PEM,
                rate_limit=False,
                market_checks=False,
                retry=RetryPolicy(max_attempts=1, deadline=0.6),
                timeout=5.0,
                **options,
            ) as client,
            pytest.raises(APITimeoutError) as info,
        ):
            client.orders.create(
                ticker="KXTEST-26DEC31-B1", side="yes", action="buy", yes_price="0.50", count=1
            )
    error = info.value
    assert not isinstance(error, OrderOutcomeUnknownError)
    assert error.limit == "deadline" and "nothing was sent" in str(error), str(error)
    assert "connecting" in str(error) and "waiting for the answer" not in str(error), str(error)
    assert server.requests == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_a_forked_child_never_sends_on_its_parents_connections() -> None:
    # A pooled keep-alive socket inherited through fork is one TCP stream for two processes: their requests
    # and answers would interleave (one process reading the other's order). The child starts with no pool.
    with RawServer(_answer) as server, _client(server) as client:
        client.orders.get(ORDER_ID)  # the parent's connection, kept alive in the pool
        pid = os.fork()
        if pid == 0:  # the child: report by exit status only, never return into pytest
            code = 1
            try:
                code = 0 if client.orders.get(ORDER_ID).order_id == ORDER_ID else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        client.orders.get(ORDER_ID)  # the parent's connection still serves the parent
    assert os.waitstatus_to_exitcode(status) == 0
    assert [request.connection for request in server.requests] == [0, 1, 0]


def test_a_body_cut_at_the_deadline_never_leaves_its_connection_in_the_pool() -> None:
    # Were the half-read connection pooled, the next call on it would read the rest of the old body as its
    # own answer; it must get its own, on a new connection.
    async def slow_then_whole(conn: Conn) -> None:
        while await conn.request() is not None:
            if conn.index == 0:
                await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(ORDER) + ORDER[:10])
                await asyncio.sleep(1.5)
                await conn.send(ORDER[10:])
            else:
                await conn.respond(200, ORDER)

    with RawServer(slow_then_whole) as server, _client(server) as client:
        with pytest.raises(APITimeoutError) as info:
            client.with_options(deadline=0.5, max_retries=0).orders.get(ORDER_ID)
        assert info.value.limit == "deadline"
        assert client.orders.get(ORDER_ID).order_id == ORDER_ID
    assert [request.connection for request in server.requests] == [0, 1]
