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


# ---------------------------------------------------------------------------------------- write faults
def _resting(client: httpx.Client, coid: str) -> str:
    response = client.post("/portfolio/events/orders", json={**GTC_ORDER, "client_order_id": coid})
    assert response.status_code == 201, response.text
    order_id: str = response.json()["order_id"]
    return order_id


def _remaining(client: httpx.Client, order_id: str) -> str:
    value: str = client.get(f"/portfolio/orders/{order_id}").json()["order"]["remaining_count_fp"]
    return value


@pytest.mark.parametrize(
    ("fault", "status", "applied"),
    [
        ("write_429", 429, False),
        ("write_503", 503, False),
        ("write_500_before_commit", 500, False),
        ("write_500_after_commit", 500, True),
    ],
)
def test_write_faults_answer_before_or_after_applying(
    sandbox: SandboxServer, client: httpx.Client, fault: str, status: int, applied: bool
) -> None:
    order_id = _resting(client, "w-1")
    before = _remaining(client, order_id)
    sandbox.admin.set_faults(**{fault: 1})
    response = client.post(f"/portfolio/events/orders/{order_id}/decrease", json={"reduce_by": "1"})
    assert response.status_code == status
    if status == 429:
        assert response.content == RATE_LIMIT_BODY
    else:
        assert response.json()["error"]["code"] in ("internal_server_error", "service_unavailable")
    after = _remaining(client, order_id)
    assert (after != before) is applied
    assert sandbox.admin.faults()[fault] == 0  # one write, then answered normally again
    assert client.post(f"/portfolio/events/orders/{order_id}/decrease", json={"reduce_by": "1"}).is_success


def test_commit_then_hang_applies_then_holds_the_answer_past_a_timeout(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    order_id = _resting(client, "w-2")
    sandbox.admin.set_faults(commit_then_hang=1, hang_ms=600)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        client.delete(f"/portfolio/events/orders/{order_id}", timeout=0.2)
    assert time.monotonic() - started < 0.6
    assert client.get(f"/portfolio/orders/{order_id}").json()["order"]["status"] == "canceled"


def test_after_commit_faults_count_applied_writes_only(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(commit_then_drop=1, write_500_after_commit=1)
    # Refused by the exchange (no such order): not applied, so neither fault is spent on it.
    assert client.delete("/portfolio/events/orders/00000000-0000-0000-0000-00000000dead").status_code == 404
    assert sandbox.admin.faults()["write_500_after_commit"] == 1


def test_faulty_writes_picks_the_operations(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_faults(write_503=5, faulty_writes="AmendOrderV2, DecreaseOrderV2")
    order_id = _resting(client, "w-3")  # a create: not listed, not faulted
    assert (
        client.post(f"/portfolio/events/orders/{order_id}/decrease", json={"reduce_to": "1"}).status_code
        == 503
    )
    assert client.delete(f"/portfolio/events/orders/{order_id}").status_code == 200
    with pytest.raises(ValueError, match="not write operations"):
        sandbox.admin.set_faults(write_503=1, faulty_writes="GetOrders")


def _write_statuses(sandbox: SandboxServer, client: httpx.Client, seed: int) -> list[int]:
    sandbox.admin.set_faults(write_fault_probability=0.5, faulty_writes="CreateOrderV2", hang_ms=0, seed=seed)
    statuses = []
    for n in range(16):
        try:
            response = client.post(
                "/portfolio/events/orders", json={**GTC_ORDER, "client_order_id": f"p{seed}-{n}"}
            )
            statuses.append(response.status_code)
        except (httpx.RemoteProtocolError, httpx.ReadError):
            statuses.append(0)
    return statuses


def test_random_write_faults_reproduce(sandbox: SandboxServer, client: httpx.Client) -> None:
    first = _write_statuses(sandbox, client, seed=3)
    assert 201 in first and len(set(first)) >= 3
    sandbox.admin.reset()
    assert _write_statuses(sandbox, client, seed=3) == first
