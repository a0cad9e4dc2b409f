"""Server start/stop, host safety, the admin API's loopback rule and the debug response validator."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kalshi_sandbox import SandboxConfig, SandboxServer
from kalshi_sandbox.admin import handle_admin_request
from kalshi_sandbox.handlers import HANDLERS

from .conftest import GTC_ORDER, ClientFactory


def test_start_stop_and_urls(tmp_path: Path) -> None:
    server = SandboxServer(SandboxConfig(key_dir=tmp_path))
    with server.start() as sb:
        assert sb.base_url == f"http://127.0.0.1:{sb.port}/trade-api/v2"
        assert sb.admin_url == f"http://127.0.0.1:{sb.port}/_sandbox"
        assert sb.private_key_path.parent == tmp_path
        assert sb.env()["KALSHI_API_KEY_ID"] == sb.key_id
        assert httpx.get(sb.admin_url + "/health").json()["status"] == "ok"
        port = sb.port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/_sandbox/health")


def test_listener_is_tcp_so_responses_are_not_delayed(sandbox: SandboxServer) -> None:
    # asyncio sets TCP_NODELAY on accepted sockets only when the listener is IPPROTO_TCP; without it Nagle and
    # delayed ACKs stall every response by ~40 ms.
    server = sandbox._server
    assert server is not None
    listeners = [sock for srv in server.servers for sock in srv.sockets]
    assert listeners
    assert all(sock.proto == socket.IPPROTO_TCP for sock in listeners)


def test_two_servers_on_free_ports(tmp_path: Path) -> None:
    with (
        SandboxServer(SandboxConfig(key_dir=tmp_path / "a")) as one,
        SandboxServer(SandboxConfig(key_dir=tmp_path / "b")) as two,
    ):
        assert one.port != two.port
        assert one.key_id != two.key_id


def test_non_loopback_host_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="allow_remote"):
        SandboxServer(SandboxConfig(host="0.0.0.0", key_dir=tmp_path))  # noqa: S104
    with pytest.warns(UserWarning, match="anyone who can reach it"):
        SandboxServer(SandboxConfig(host="0.0.0.0", key_dir=tmp_path, allow_remote=True))  # noqa: S104


def test_admin_http_answers_loopback_only(sandbox: SandboxServer) -> None:
    scope: dict[str, Any] = {"client": ("10.1.2.3", 5000), "path": "/_sandbox/state", "method": "GET"}
    status, payload = handle_admin_request(sandbox.core, scope, b"")
    assert status == 403
    assert payload["error"]["code"] == "forbidden"
    status, _ = handle_admin_request(sandbox.core, {**scope, "client": ("127.0.0.1", 5000)}, b"")
    assert status == 200
    assert httpx.get(sandbox.admin_url + "/nothing").status_code == 404


def test_admin_http_seed_reset_state_markets(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert httpx.post(sandbox.admin_url + "/seed", json={"count": 12, "seed": 4}).json() == {
        "order_count": 12
    }
    assert len(client.get("/portfolio/orders", params={"limit": 100}).json()["orders"]) == 12
    state = httpx.get(sandbox.admin_url + "/state").json()
    assert state["accounts"][0]["order_count"] == 12
    assert state["default_key_id"] == sandbox.key_id
    markets = httpx.get(sandbox.admin_url + "/markets").json()["markets"]
    assert "KXSANDBOX-26DEC31-T50" in {m["ticker"] for m in markets}
    httpx.post(sandbox.admin_url + "/reset")
    assert client.get("/portfolio/orders").json()["orders"] == []


@pytest.fixture
def validating(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, validate_responses=True, rate_limits=False)) as server:
        yield server


def test_response_validator_fails_loudly(
    validating: SandboxServer, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client(validating)
    order_id = client.post("/portfolio/events/orders", json=GTC_ORDER).json()["order_id"]
    assert client.get(f"/portfolio/orders/{order_id}").status_code == 200
    assert validating.admin.response_failures() == []

    def broken(*args: Any) -> tuple[int, Any]:
        return 200, {"order": {"order_id": order_id}}

    monkeypatch.setitem(HANDLERS, "GetOrder", broken)
    response = client.get(f"/portfolio/orders/{order_id}")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "sandbox_response_invalid"
    failures = validating.admin.response_failures()
    assert len(failures) == 1
    assert "user_id" in failures[0]


def test_unhandled_exception_is_500_and_recorded(
    validating: SandboxServer, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any) -> tuple[int, Any]:
        raise RuntimeError("boom")

    monkeypatch.setitem(HANDLERS, "GetOrders", crash)
    response = make_client(validating).get("/portfolio/orders")
    assert response.status_code == 500
    assert "boom" in validating.admin.response_failures()[0]


def _serve(
    key_dir: Path, *extra: str, sigint_ignored: bool = False
) -> tuple[subprocess.Popen[str], list[str]]:
    """Start ``sandbox serve`` and read its banner; ``sigint_ignored``: as a shell's background job (``&``
    without job control) starts it."""
    command = [
        sys.executable,
        "-c",
        "from kalshi_sandbox.cli import app; app()",
        "serve",
        "--key-dir",
        str(key_dir),
    ]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [*command, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl-C"):
            break
    return process, lines


def _stop(process: subprocess.Popen[str], how: signal.Signals = signal.SIGINT) -> int:
    if process.poll() is None:
        process.send_signal(how)
        try:
            return process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def test_cli_serve_prints_a_labelled_block_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    process, lines = _serve(tmp_path, "--no-rate-limits", "--seed-orders", "3", "--add-account", "bob")
    try:
        text = "\n".join(lines)
        exports = dict(
            line.strip().removeprefix("export ").split("=", 1)
            for line in lines
            if line.strip().startswith("export ")
        )
        assert set(exports) == {"KALSHI_BASE_URL", "KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH"}
        assert f"private key path  {exports['KALSHI_PRIVATE_KEY_PATH']}" in text
        assert "account 'bob'" in text
        assert "rate limits       off" in text
        admin = exports["KALSHI_BASE_URL"].replace("/trade-api/v2", "/_sandbox")
        state = httpx.get(admin + "/state").json()
        assert {a["name"] for a in state["accounts"]} == {"default-rsa", "bob"}
        assert state["accounts"][0]["order_count"] == 3
    finally:
        assert _stop(process) == 0
    # A second run reuses the key dir: the same default key and the same "bob".
    again, lines_again = _serve(tmp_path, "--add-account", "bob")
    try:

        def keys(banner: list[str]) -> list[str]:
            return [line for line in banner if "API key id" in line or "'bob'" in line]

        assert keys(lines_again) == keys(lines)
        assert len(keys(lines)) == 2
    finally:
        assert _stop(again) == 0


def test_cli_refuses_a_remote_host_without_the_flag(tmp_path: Path) -> None:
    process, _ = _serve(tmp_path, "--host", "0.0.0.0")  # noqa: S104
    assert process.wait(timeout=30) == 2
    assert process.stderr is not None
    assert "allow_remote" in process.stderr.read()


def test_cli_serve_takes_start_up_faults(tmp_path: Path) -> None:
    process, lines = _serve(tmp_path, "--fault", "burst_429=2", "--fault", "latency_ms=1.5", "--seed", "7")
    try:
        base = next(line.split("=", 1)[1] for line in lines if "export KALSHI_BASE_URL=" in line)
        faults = httpx.get(base.strip("'").replace("/trade-api/v2", "/_sandbox") + "/faults").json()
        assert faults["burst_429"] == 2
        assert faults["latency_ms"] == 1.5
    finally:
        assert _stop(process) == 0


def test_cli_rejects_an_unknown_fault(tmp_path: Path) -> None:
    process, _ = _serve(tmp_path, "--fault", "explode=1")
    assert process.wait(timeout=30) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"host": "evil.example:8000"},  # DNS rebinding: the browser connects to 127.0.0.1 with a foreign Host
        {"origin": "https://evil.example"},  # a cross-site form post from a page on this machine
        {"origin": "null"},
    ],
)
def test_admin_http_refuses_browser_requests_from_other_sites(
    sandbox: SandboxServer, headers: dict[str, str]
) -> None:
    response = httpx.post(sandbox.admin_url + "/faults", json={"burst_429": 5}, headers=headers)
    assert response.status_code == 403
    assert sandbox.admin.faults()["burst_429"] == 0
    assert (
        httpx.get(sandbox.admin_url + "/state", headers={"origin": "http://localhost:3000"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"count": -1}, 400, "invalid_order"),
        ({"count": 5, "statuses": ["pending"]}, 400, "invalid_status"),
        ({"count": 5, "ticker": "KXNOPE"}, 404, "market_not_found"),
    ],
)
def test_admin_http_seed_rejections_are_client_errors(
    sandbox: SandboxServer, body: dict[str, Any], status: int, code: str
) -> None:
    # These were unhandled engine exceptions: a bare 500 from uvicorn.
    response = httpx.post(sandbox.admin_url + "/seed", json=body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("how", "sigint_ignored"),
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["ctrl-c-in-a-background-job", "kill"],
)
def test_cli_serve_stops_cleanly_on_sigint_even_if_ignored_and_on_sigterm(
    tmp_path: Path, how: signal.Signals, sigint_ignored: bool
) -> None:
    process, _ = _serve(tmp_path, "--no-rate-limits", sigint_ignored=sigint_ignored)
    try:
        assert _stop(process, how) == 0  # not killed after the wait: it stopped by itself
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stdout is not None
    assert "stopping the sandbox" in process.stdout.read()
