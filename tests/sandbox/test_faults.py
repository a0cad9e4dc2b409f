"""Injected faults: 500s on reads, 429 bursts, latency, dropped connections, commit-then-drop, seeded RNG."""

from __future__ import annotations

import time

import httpx
import pytest

from kalshi_sandbox import SandboxServer

from .conftest import GTC_ORDER

RATE_LIMIT_BODY = b'{"error":"too many requests"}'


def test_read_500_hits_reads_only(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(read_500_probability=1.0)
    response = client.get("/portfolio/orders")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_server_error"
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 201
    sandbox.admin.clear_faults()
    assert client.get("/portfolio/orders").status_code == 200


def test_burst_429_answers_the_next_n_requests_with_the_live_body(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    sandbox.admin.set_faults(burst_429=2)
    for _ in range(2):
        response = client.get("/portfolio/orders")
        assert response.status_code == 429
        assert response.content == RATE_LIMIT_BODY
        assert "retry-after" not in response.headers
    assert client.get("/portfolio/orders").status_code == 200
    assert sandbox.admin.faults()["burst_429"] == 0


def test_latency_delays_responses(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(latency_ms=150)
    started = time.monotonic()
    assert client.get("/portfolio/orders").status_code == 200
    # A lower bound only: the injected sleep guarantees it, whatever the machine's speed.
    assert time.monotonic() - started >= 0.15


def test_dropped_connection_applies_nothing(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(drop_connection_probability=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/portfolio/events/orders", json={**GTC_ORDER, "client_order_id": "dropped-1"})
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/portfolio/orders")
    sandbox.admin.clear_faults()
    assert client.get("/portfolio/orders").json()["orders"] == []


def test_commit_then_drop_applies_the_write_then_drops(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(commit_then_drop=1)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/portfolio/events/orders", json={**GTC_ORDER, "client_order_id": "lost-response"})
    # The order exists although the client never heard back: look it up, do not resend blindly.
    orders = client.get("/portfolio/orders").json()["orders"]
    assert [o["client_order_id"] for o in orders] == ["lost-response"]
    # Only the next N writes: reads and the following write are answered normally.
    assert client.post("/portfolio/events/orders", json=GTC_ORDER).status_code == 201
    assert sandbox.admin.faults()["commit_then_drop"] == 0


def test_commit_then_drop_skips_rejected_writes(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(commit_then_drop=1)
    assert client.post("/portfolio/events/orders", json={**GTC_ORDER, "side": "buy"}).status_code == 400
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/portfolio/events/orders", json=GTC_ORDER)


def _outcomes(sandbox: SandboxServer, client: httpx.Client, seed: int) -> list[int]:
    sandbox.admin.set_faults(read_500_probability=0.5, seed=seed)
    return [client.get("/portfolio/orders").status_code for _ in range(24)]


def test_seeded_faults_reproduce(sandbox: SandboxServer, client: httpx.Client) -> None:
    first = _outcomes(sandbox, client, seed=7)
    assert set(first) == {200, 500}
    assert _outcomes(sandbox, client, seed=7) == first
    assert _outcomes(sandbox, client, seed=8) != first


def test_fault_settings_are_checked(sandbox: SandboxServer) -> None:
    with pytest.raises(ValueError, match="read_500_probability must be between 0 and 1"):
        sandbox.admin.set_faults(read_500_probability=2)
    with pytest.raises(ValueError, match="unknown fault"):
        sandbox.admin.set_faults(explode=True)


def test_faults_over_the_admin_http_api(sandbox: SandboxServer, client: httpx.Client) -> None:
    response = httpx.post(sandbox.admin_url + "/faults", json={"burst_429": 1})
    assert response.status_code == 200
    assert response.json()["burst_429"] == 1
    assert client.get("/portfolio/orders").status_code == 429
    assert httpx.delete(sandbox.admin_url + "/faults").json()["burst_429"] == 0
    bad = httpx.post(sandbox.admin_url + "/faults", json={"nope": 1})
    assert bad.status_code == 400
    assert "unknown fault" in bad.json()["error"]["message"]
