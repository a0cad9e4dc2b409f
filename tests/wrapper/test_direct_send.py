"""The runners' direct send (``_transports.direct``) against httpx's ``Client.send``, on the wire.

A client on its own default transport with nothing for httpx's pipeline to do hands each request straight to
the transport; with ``event_hooks`` (even none) it goes through ``Client.send`` on the same transport. Every
scenario here runs both ways, sync and async, against the same scripted loopback server and must come out
the same: the request bytes (line, headers in order, body; the signer's clock is fixed and Ed25519 is
deterministic, so the signatures match too), the results or the errors (type, message, cause), the cookies
kept, and the log lines of ``httpx`` and ``kalshi_orders``.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from kalshi_orders import AsyncKalshiClient, KalshiClient, KalshiSigner, RetryPolicy, load_private_key
from kalshi_orders._transports import default
from kalshi_orders._transports.default import sends_direct
from kalshi_orders._transports.direct import AsyncDirect, SyncDirect

from .conftest import KEY_ID, KEY_PEM, FakeClock, FakeKalshi
from .rawserver import Conn, RawServer

TICKER = "KXSANDBOX-26DEC31-T50"
PATHS = ("direct", "httpx")
# The async client runs over its default transport (httptools) and over aiohttp's, the same interface.
KINDS = ["sync", "async", "async-aiohttp"]
VIA_HTTPX = {"event_hooks": {"request": [], "response": []}}  # no hooks, but Client.send runs

Outcome = tuple[str, ...]


@pytest.fixture(autouse=True)
def _async_transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("kind") == "async-aiohttp":
        monkeypatch.setattr(default, "_ASYNC_DEFAULT", "aiohttp")


def _signer() -> KalshiSigner:
    return KalshiSigner(KEY_ID, load_private_key(pem=KEY_PEM), clock=lambda: 1_790_000_000.0)


def _options(url: str, path: str, httpx_args: dict[str, Any] | None = None, **more: Any) -> Any:
    args = dict(httpx_args or {})
    if path == "httpx":
        args.update(VIA_HTTPX)
    options: dict[str, Any] = {
        "base_url": url + "/trade-api/v2",
        "signer": _signer(),
        "rate_limit": False,
        "market_checks": False,
        "retry": RetryPolicy(max_attempts=1),
        "httpx_args": args,
    }
    options.update(more)
    return options


def sync_client(server: RawServer, path: str, httpx_args: dict[str, Any] | None = None, **more: Any) -> Any:
    client = KalshiClient(**_options(server.url, path, httpx_args, **more))
    assert (client._runner._direct is not None) == (path == "direct")
    return client


def async_client(server: RawServer, path: str, httpx_args: dict[str, Any] | None = None, **more: Any) -> Any:
    client = AsyncKalshiClient(**_options(server.url, path, httpx_args, **more))
    assert (client._runner._direct is not None) == (path == "direct")
    transport = client._setup.generated.get_async_httpx_client()._transport
    assert (
        type(transport).__name__
        == {"httptools": "HttptoolsTransport", "aiohttp": "AiohttpTransport"}[default._ASYNC_DEFAULT]
    )
    return client


def outcome(fn: Callable[[], Any]) -> Outcome:
    try:
        return ("ok", repr(fn()))
    except Exception as exc:  # the error as a caller sees it
        return _error(exc)


async def aoutcome(fn: Callable[[], Awaitable[Any]]) -> Outcome:
    try:
        return ("ok", repr(await fn()))
    except Exception as exc:
        return _error(exc)


def _error(exc: BaseException) -> Outcome:
    cause = exc.__cause__
    named = ""
    if isinstance(cause, httpx.RequestError):
        named = str(cause.request.url)  # the request httpx names on its errors (RuntimeError if none)
    return ("error", type(exc).__name__, str(exc), type(cause).__name__, str(cause), named)


@dataclass
class Run:
    heads: list[bytes]
    bodies: list[bytes]
    outcomes: list[Outcome]
    logs: list[tuple[str, str, str]]


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(r" in \d+\.\d+s ", " in Ts ", record.getMessage())  # the attempt's time varies
        self.records.append((record.name, record.levelname, message))


def record(run: Callable[[], list[Outcome]], server: RawServer) -> Run:
    """Run a scenario with the httpx and kalshi_orders loggers at DEBUG; what the server and the logs saw."""
    recorder = Recorder()
    loggers = [logging.getLogger(name) for name in ("httpx", "kalshi_orders")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(recorder)
        lg.setLevel(logging.DEBUG)
    start = len(server.requests)
    try:
        outcomes = run()
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(recorder)
            lg.setLevel(level)
    seen = server.requests[start:]
    return Run([r.head for r in seen], [r.body for r in seen], outcomes, recorder.records)


def both(scenario: Callable[[str], Run]) -> Run:
    """The scenario's run on each path; they must be equal."""
    direct, via_httpx = (scenario(path) for path in PATHS)
    assert direct == via_httpx
    return direct


# ------------------------------------------------------------------------------------- a scripted server
class Fake:
    """FakeKalshi behind the raw server; ``extra`` headers go on every answer (a CDN's cookie, say)."""

    def __init__(
        self, extra: list[tuple[str, str]] | None = None, gzipped: bool = False, pad: int = 0
    ) -> None:
        self.extra = extra or []
        self.gzipped = gzipped
        self.pad = pad  # trailing whitespace after the JSON: a body that inflates far past its wire size
        self.reset()

    def reset(self) -> None:
        self.kalshi = FakeKalshi(FakeClock())
        self.seeded = self.kalshi.seed(3)

    async def __call__(self, conn: Conn) -> None:
        while (req := await conn.request()) is not None:
            url = f"http://{dict((k.lower(), v) for k, v in req.headers)['host']}{req.target}"
            answer = self.kalshi.handler(
                httpx.Request(req.method, url, headers=req.headers, content=req.body)
            )
            body = answer.content + b" " * self.pad
            headers = [("Content-Type", "application/json"), *self.extra]
            if self.gzipped:
                body = gzip.compress(body, mtime=0)
                headers.append(("Content-Encoding", "gzip"))
            await conn.respond(answer.status_code, body, headers=headers, reason="OK")


def _sync_calls(client: KalshiClient, fake: Fake) -> list[Outcome]:
    order_id = fake.seeded[0]["order_id"]
    out = [
        outcome(lambda: client.orders.get(order_id)),
        outcome(lambda: client.orders.get("odd id/é?#")),  # escaped path, signed as sent (404 here)
        outcome(lambda: [o.order_id for o in client.orders.list(status="resting", limit=2)]),
    ]
    created = client.orders.create(
        ticker=TICKER, book_side="bid", price="0.30", count=5, client_order_id="coid-direct-1"
    )
    out.append(("ok", repr(created)))
    out.append(outcome(lambda: client.orders.cancel(created.order_id)))
    out.append(outcome(lambda: client.with_options(timeout=3.0).orders.get(order_id)))
    return out


async def _alist(walk: AsyncIterator[Any]) -> list[str]:
    return [o.order_id async for o in walk]


async def _async_calls(client: AsyncKalshiClient, fake: Fake) -> list[Outcome]:
    order_id = fake.seeded[0]["order_id"]
    out = [
        await aoutcome(lambda: client.orders.get(order_id)),
        await aoutcome(lambda: client.orders.get("odd id/é?#")),
        await aoutcome(lambda: _alist(client.orders.list(status="resting", limit=2))),
    ]
    created = await client.orders.create(
        ticker=TICKER, book_side="bid", price="0.30", count=5, client_order_id="coid-direct-1"
    )
    out.append(("ok", repr(created)))
    out.append(await aoutcome(lambda: client.orders.cancel(created.order_id)))
    out.append(await aoutcome(lambda: client.with_options(timeout=3.0).orders.get(order_id)))
    return out


def _scenario(kind: str, fake: Fake, server: RawServer, **client_options: Any) -> Callable[[str], Run]:
    def scenario(path: str) -> Run:
        fake.reset()
        if kind == "sync":

            def run() -> list[Outcome]:
                with sync_client(server, path, **client_options) as client:
                    return _sync_calls(client, fake)

        else:

            def run() -> list[Outcome]:
                async def go() -> list[Outcome]:
                    async with async_client(server, path, **client_options) as client:
                        return await _async_calls(client, fake)

                return asyncio.run(go())

        return record(run, server)

    return scenario


# ------------------------------------------------------------------------------------------ the exchanges
@pytest.mark.parametrize("kind", KINDS)
def test_reads_writes_and_walks_are_the_same_on_the_wire(kind: str) -> None:
    fake = Fake()
    with RawServer(fake) as server:
        run = both(_scenario(kind, fake, server))
    assert len(run.heads) == 7  # get, get (404), two pages, create, cancel, get
    statuses = [o[0] for o in run.outcomes]
    assert statuses == ["ok", "error", "ok", "ok", "ok", "ok"]
    first = run.heads[0].decode("latin-1").lower()
    for header in ("user-agent: python-httpx/", "accept-encoding: gzip, deflate", "host: 127.0.0.1:"):
        assert header in first
    assert b"/trade-api/v2/portfolio/orders/odd%20id%2F%C3%A9%3F%23 HTTP/1.1" in run.heads[1]
    assert b"content-length: " in run.heads[4].lower() and run.bodies[4].startswith(b"{")
    httpx_lines = [message for name, _, message in run.logs if name == "httpx"]
    assert len(httpx_lines) == 7 and httpx_lines[0].startswith("HTTP Request: GET http://127.0.0.1:")
    assert httpx_lines[0].endswith('"HTTP/1.1 200 OK"')
    assert any(name == "kalshi_orders" and "-> 200" in message for name, _, message in run.logs)


@pytest.mark.parametrize("kind", KINDS)
def test_the_callers_headers_cookies_and_server_cookies_go_out_the_same(kind: str) -> None:
    fake = Fake(extra=[("Set-Cookie", "__cf_bm=abc123; Path=/; HttpOnly")])
    args = {"headers": {"X-Trace": "t-1"}, "cookies": {"session": "s-1"}}
    with RawServer(fake) as server:
        run = both(_scenario(kind, fake, server, httpx_args=args))
    assert b"x-trace: t-1" in run.heads[0].lower() and b"session=s-1" in run.heads[0]
    assert b"__cf_bm" not in run.heads[0]
    assert all(b"__cf_bm=abc123" in head for head in run.heads[1:])  # the server's cookie, kept and resent


@pytest.mark.parametrize("kind", KINDS)
def test_gzip_bodies_and_the_size_limit_are_the_same(kind: str) -> None:
    fake = Fake(gzipped=True, pad=100_000)
    with RawServer(fake) as server:
        run = both(_scenario(kind, fake, server))
        assert [o[0] for o in run.outcomes] == ["ok", "error", "ok", "ok", "ok", "ok"]
        order_id = fake.seeded[0]["order_id"]
        bounded = both(_one_get(kind, server, order_id, max_response_bytes=50_000))
    assert all(len(body) < 2_000 for body in run.bodies)
    got = bounded.outcomes[0]
    assert got[:2] == ("error", "ResponseTooLargeError") and "gzip" in got[2], got


# ------------------------------------------------------------------------------------------------- failures
def _one_get(
    kind: str, server: RawServer, order_id: str = "o-1", **client_options: Any
) -> Callable[[str], Run]:
    def scenario(path: str) -> Run:
        if kind == "sync":

            def run() -> list[Outcome]:
                with sync_client(server, path, **client_options) as client:
                    return [outcome(lambda: client.orders.get(order_id))]

        else:

            def run() -> list[Outcome]:
                async def go() -> list[Outcome]:
                    async with async_client(server, path, **client_options) as client:
                        return [await aoutcome(lambda: client.orders.get(order_id))]

                return asyncio.run(go())

        return record(run, server)

    return scenario


async def _stall(conn: Conn) -> None:
    while await conn.request() is not None:
        await asyncio.sleep(2)


async def _cut_body(conn: Conn) -> None:
    if await conn.request() is not None:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        conn.close()


def _redirect(location: str) -> Callable[[Conn], Awaitable[None]]:
    async def handler(conn: Conn) -> None:
        while await conn.request() is not None:
            await conn.respond(302, b"", headers=[("Location", location)], reason="Found")

    return handler


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("handler", "options", "error", "cause"),
    [
        (_stall, {"timeout": 0.2}, "APITimeoutError", "ReadTimeout"),  # "of 0.2s": the request's timeouts
        (_cut_body, {}, "TransportError", "RemoteProtocolError"),
        (_redirect("https://elsewhere.example/x"), {}, "UnexpectedStatusError", "NoneType"),
        (_redirect("http://[::1"), {}, "TransportError", "RemoteProtocolError"),  # not a URL: httpx refuses
    ],
    ids=["read-timeout", "cut-body", "redirect", "bad-location"],
)
def test_failures_surface_the_same(kind: str, handler: Any, options: Any, error: str, cause: str) -> None:
    with RawServer(handler) as server:
        run = both(_one_get(kind, server, **options))
    assert len(run.outcomes) == 1
    got = run.outcomes[0]
    assert got[0] == "error" and got[3] == cause, got
    if error != "UnexpectedStatusError":  # whatever the wrapper calls an unlisted 302, it is the same
        assert got[1] == error, got
    if cause == "ReadTimeout":
        assert "of 0.2s" in got[2]
    if cause != "NoneType":
        assert got[5].endswith("/trade-api/v2/portfolio/orders/o-1")  # the request named on httpx's error
    assert len(server.requests) == 2  # one each way: not followed, not resent


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("kind", KINDS)
def test_a_refused_connection_is_the_same_error(kind: str) -> None:
    port = _closed_port()
    results = []
    for path in PATHS:
        options = _options(f"http://127.0.0.1:{port}", path)
        if kind == "sync":
            with KalshiClient(**options) as client:
                results.append(outcome(lambda client=client: client.orders.get("o-1")))
        else:

            async def go(options: Any = options) -> Outcome:
                async with AsyncKalshiClient(**options) as client:
                    return await aoutcome(lambda: client.orders.get("o-1"))

            results.append(asyncio.run(go()))
    assert results[0] == results[1]
    assert results[0][1] == "TransportError" and results[0][3] == "ConnectError"
    assert f"127.0.0.1:{port}" in results[0][2]


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_client_refuses_the_same_way(kind: str) -> None:
    fake = Fake()
    messages = []
    with RawServer(fake) as server:
        for path in PATHS:
            if kind == "sync":
                client = sync_client(server, path)
                client.orders.get(fake.seeded[0]["order_id"])
                client.close()
                with pytest.raises(RuntimeError) as caught:
                    client.orders.get(fake.seeded[0]["order_id"])
            else:

                async def go(path: str = path) -> None:
                    client = async_client(server, path)
                    await client.orders.get(fake.seeded[0]["order_id"])
                    await client.aclose()
                    await client.orders.get(fake.seeded[0]["order_id"])

                with pytest.raises(RuntimeError) as caught:
                    asyncio.run(go())
            messages.append(str(caught.value))
    assert messages[0] == messages[1] == "Cannot send a request, as the client has been closed."
    assert len(server.requests) == 2  # nothing sent after closing


# --------------------------------------------------------------------------------------------- the choice
@pytest.mark.parametrize(
    ("httpx_args", "direct"),
    [
        ({}, True),
        ({"verify": False, "limits": httpx.Limits(max_connections=5), "trust_env": False}, True),
        ({"headers": {"X-A": "1"}, "cookies": {"a": "b"}, "params": {"p": "1"}, "cert": None}, True),
        ({"event_hooks": {"request": [], "response": []}}, False),
        ({"max_redirects": 3}, False),
        ({"default_encoding": "latin-1"}, False),  # not known to be the transport's or build_request's
    ],
)
def test_only_options_the_pipeline_has_nothing_to_do_for_send_direct(
    httpx_args: dict[str, Any], direct: bool
) -> None:
    assert sends_direct(httpx_args) is direct
    options = {"base_url": "http://127.0.0.1:9/trade-api/v2", "signer": _signer(), "rate_limit": False}
    with KalshiClient(**options, httpx_args=httpx_args) as client:
        assert isinstance(client._runner._direct, SyncDirect) is direct

    async def check() -> None:
        async with AsyncKalshiClient(**options, httpx_args=httpx_args) as client:
            assert isinstance(client._runner._direct, AsyncDirect) is direct

    asyncio.run(check())


def test_a_callers_transport_or_a_proxy_keeps_httpx_send(monkeypatch: pytest.MonkeyPatch) -> None:
    options = {"base_url": "http://127.0.0.1:9/trade-api/v2", "signer": _signer(), "rate_limit": False}
    assert KalshiClient(**options, transport=httpx.HTTPTransport())._runner._direct is None
    assert AsyncKalshiClient(**options, transport=httpx.AsyncHTTPTransport())._runner._direct is None
    assert KalshiClient(**options, httpx_args={"proxy": "http://127.0.0.1:3128"})._runner._direct is None
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    assert KalshiClient(**options)._runner._direct is None
    assert AsyncKalshiClient(**options)._runner._direct is None
    assert KalshiClient(**options, httpx_args={"trust_env": False})._runner._direct is not None


def test_with_options_clients_share_the_direct_send_and_the_pool() -> None:
    fake = Fake()
    with RawServer(fake) as server, sync_client(server, "direct") as client:
        order_id = fake.seeded[0]["order_id"]
        clone = client.with_options(timeout=2.0, max_retries=0)
        assert clone._runner._direct is client._runner._direct
        client.orders.get(order_id)
        clone.orders.get(order_id)
        assert {r.connection for r in server.requests} == {0}  # one kept-alive connection for both
