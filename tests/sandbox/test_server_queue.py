"""Queue positions over HTTP: routing, auth, subaccount locks, error bodies, and the rate cost."""

from __future__ import annotations

from pathlib import Path

import httpx

from kalshi_sandbox import RateTier, SandboxConfig, SandboxServer

from .conftest import GTC_ORDER, ClientFactory
from .spec_schema import assert_valid


def _rest(client: httpx.Client, **overrides: object) -> str:
    response = client.post("/portfolio/events/orders", json={**GTC_ORDER, **overrides})
    assert response.status_code == 201, response.text
    order_id: str = response.json()["order_id"]
    return order_id


def test_queue_positions_is_its_own_route_not_an_order_id(client: httpx.Client) -> None:
    first = _rest(client, count="10")
    second = _rest(client, count="2.5")
    response = client.get("/portfolio/orders/queue_positions")
    assert response.status_code == 200, response.text
    assert_valid("GetOrderQueuePositionsResponse", response.json())
    assert response.json() == {
        "queue_positions": [
            {"order_id": first, "market_ticker": GTC_ORDER["ticker"], "queue_position_fp": "0.00"},
            {"order_id": second, "market_ticker": GTC_ORDER["ticker"], "queue_position_fp": "10.00"},
        ]
    }
    single = client.get(f"/portfolio/orders/{second}/queue_position")
    assert single.status_code == 200
    assert single.json() == {"queue_position_fp": "10.00"}


def test_filters_travel_as_query_parameters(client: httpx.Client) -> None:
    t50 = _rest(client)
    t60 = _rest(client, ticker="KXSANDBOX-26DEC31-T60")
    deci = _rest(client, ticker="KXDECI-26DEC31-B1", price="0.305")

    def ids(**params: object) -> list[str]:
        response = client.get("/portfolio/orders/queue_positions", params=params)
        assert response.status_code == 200, response.text
        return [item["order_id"] for item in response.json()["queue_positions"]]

    assert ids(market_tickers="KXSANDBOX-26DEC31-T60,KXDECI-26DEC31-B1") == [t60, deci]
    assert ids(event_ticker="KXSANDBOX-26DEC31") == [t50, t60]
    assert ids(subaccount=0) == [t50, t60, deci]
    assert ids(subaccount=5) == []


def test_bad_filters_are_400(client: httpx.Client) -> None:
    for params in (
        {"market_tickers": ""},
        {"market_tickers": "A,,B"},
        {"subaccount": 64},
        {"subaccount": "x"},
    ):
        response = client.get("/portfolio/orders/queue_positions", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "invalid_parameters"


def test_an_order_that_stopped_resting_has_no_queue_position(client: httpx.Client) -> None:
    order_id = _rest(client)
    assert client.delete(f"/portfolio/events/orders/{order_id}").status_code == 200
    response = client.get(f"/portfolio/orders/{order_id}/queue_position")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "order_not_found"
    unknown = client.get("/portfolio/orders/00000000-0000-0000-0000-000000000000/queue_position")
    assert unknown.status_code == 404


def test_both_reads_need_credentials(sandbox: SandboxServer) -> None:
    for path in ("/portfolio/orders/queue_positions", "/portfolio/orders/some-order/queue_position"):
        response = httpx.get(sandbox.base_url + path)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_error"


def test_a_key_locked_to_a_subaccount_sees_only_that_subaccount(
    sandbox: SandboxServer, client: httpx.Client, make_client: ClientFactory
) -> None:
    primary = _rest(client)
    key_id, path = sandbox.admin.add_account("locked", subaccount=2)
    locked = make_client(sandbox, key_id, path)
    mine = _rest(locked, subaccount=2)
    assert locked.get(f"/portfolio/orders/{mine}/queue_position").status_code == 200
    listed = locked.get("/portfolio/orders/queue_positions", params={"subaccount": 2}).json()
    assert [item["order_id"] for item in listed["queue_positions"]] == [mine]
    # Omitting `subaccount` means the key's own subaccount for a locked key (not the primary default).
    omitted = locked.get("/portfolio/orders/queue_positions").json()
    assert [item["order_id"] for item in omitted["queue_positions"]] == [mine]
    decreased = locked.post(f"/portfolio/events/orders/{mine}/decrease", json={"reduce_by": "1"})
    assert decreased.status_code == 200, decreased.text
    forbidden = locked.get("/portfolio/orders/queue_positions", params={"subaccount": 0})
    assert forbidden.status_code == 403
    # Another member's order is invisible, whatever the key.
    assert locked.get(f"/portfolio/orders/{primary}/queue_position").status_code == 404


def test_each_read_costs_the_default_ten_read_tokens(tmp_path: Path, make_client: ClientFactory) -> None:
    tier = RateTier("tiny", read_rate=0.001, write_rate=0.001, read_capacity=30, write_capacity=20)
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=tier, validate_responses=True)) as server:
        client = make_client(server)
        order_id = _rest(client)
        statuses = [client.get("/portfolio/orders/queue_positions").status_code for _ in range(2)]
        statuses.append(client.get(f"/portfolio/orders/{order_id}/queue_position").status_code)
        statuses.append(client.get(f"/portfolio/orders/{order_id}/queue_position").status_code)
        assert statuses == [200, 200, 200, 429]
        assert server.admin.response_failures() == []
