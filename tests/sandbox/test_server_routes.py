"""Routing over real HTTP: every spec operation answers, plus 404, 405 + Allow, 410 and the 204 cancel-all."""

from __future__ import annotations

import httpx
import pytest

from kalshi_sandbox import SandboxServer
from kalshi_sandbox.spec import load_spec

from .conftest import GTC_ORDER

RETIRED_BODY = {
    "error": {
        "code": "deprecated_v1_order_endpoint",
        "message": "Please switch to the V2 endpoints",
        "details": "https://docs.kalshi.com/api-reference/orders/create-order-v2",
    }
}


def _create(client: httpx.Client, **overrides: object) -> dict[str, object]:
    response = client.post("/portfolio/events/orders", json={**GTC_ORDER, **overrides})
    assert response.status_code == 201, response.text
    return response.json()


def test_every_spec_operation_is_served(sandbox: SandboxServer, client: httpx.Client) -> None:
    created = _create(client, client_order_id="route-1")
    order_id = created["order_id"]
    second = _create(client, client_order_id="route-2")["order_id"]
    third = _create(client, client_order_id="route-3")["order_id"]
    calls = {
        "GetOrders": client.get("/portfolio/orders", params={"limit": 2}),
        "GetOrder": client.get(f"/portfolio/orders/{order_id}"),
        "GetOrderQueuePosition": client.get(f"/portfolio/orders/{order_id}/queue_position"),
        "GetOrderQueuePositions": client.get("/portfolio/orders/queue_positions"),
        "GetMarket": client.get(f"/markets/{GTC_ORDER['ticker']}"),
        "GetAccountApiLimits": client.get("/account/limits"),
        "GetAccountEndpointCosts": client.get("/account/endpoint_costs"),
        "AmendOrderV2": client.post(
            f"/portfolio/events/orders/{order_id}/amend",
            json={"ticker": GTC_ORDER["ticker"], "side": "bid", "price": "0.31", "count": "12"},
        ),
        "DecreaseOrderV2": client.post(
            f"/portfolio/events/orders/{order_id}/decrease", json={"reduce_by": "2"}
        ),
        "CancelOrderV2": client.delete(f"/portfolio/events/orders/{order_id}"),
        "BatchCreateOrdersV2": client.post(
            "/portfolio/events/orders/batched", json={"orders": [GTC_ORDER, {**GTC_ORDER, "price": "0.29"}]}
        ),
        "BatchCancelOrdersV2": client.request(
            "DELETE", "/portfolio/events/orders/batched", json={"orders": [{"order_id": second}]}
        ),
        "CancelAllOrders": client.delete("/portfolio/events/orders"),
    }
    expected = {"BatchCreateOrdersV2": 201, "CancelAllOrders": 204}
    for name, response in calls.items():
        assert response.status_code == expected.get(name, 200), (name, response.text)
    assert set(calls) | {"CreateOrderV2"} == set(load_spec().operations)
    assert calls["GetOrder"].json()["order"]["order_id"] == order_id
    assert calls["CancelOrderV2"].json()["order_id"] == order_id
    # Cancel-all is a bare 204 and really canceled the third order.
    assert calls["CancelAllOrders"].content == b""
    assert "content-type" not in calls["CancelAllOrders"].headers
    assert client.get(f"/portfolio/orders/{third}").json()["order"]["status"] == "canceled"


def test_unknown_path_is_404_with_a_nested_error(client: httpx.Client) -> None:
    response = client.get("/portfolio/balance")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    outside = httpx.get(str(client.base_url).replace("/trade-api/v2", "") + "/elsewhere")
    assert outside.status_code == 404
    assert set(outside.json()["error"]) >= {"code", "message"}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/portfolio/orders", "GET"),
        ("PATCH", "/portfolio/orders/abc", "GET"),
        ("GET", "/portfolio/events/orders", "DELETE, POST"),
        ("GET", "/portfolio/events/orders/batched", "DELETE, POST"),
        ("PUT", "/portfolio/events/orders/abc/amend", "POST"),
        ("OPTIONS", "/portfolio/events/orders/abc", "DELETE"),
    ],
)
def test_undeclared_method_is_405_with_allow(
    client: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "path"),
    [(r["method"].upper(), r["path"]) for r in load_spec().document["x-retired-operations"]],
)
def test_retired_v1_writes_are_410_with_the_live_body(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path.replace("{order_id}", "some-order"), json={"ticker": "X"})
    assert response.status_code == 410
    assert response.json() == RETIRED_BODY


def test_retired_v1_write_needs_auth_first(sandbox: SandboxServer) -> None:
    # Like the live API, the 410 comes after authentication.
    response = httpx.post(sandbox.base_url + "/portfolio/orders", json={})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_error"


def test_v1_reads_still_work(client: httpx.Client) -> None:
    order_id = _create(client)["order_id"]
    assert client.get("/portfolio/orders").status_code == 200
    assert client.get(f"/portfolio/orders/{order_id}").status_code == 200


def test_unknown_order_is_404(client: httpx.Client) -> None:
    response = client.get("/portfolio/orders/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert "code" in response.json()["error"]


def test_pagination_walks_every_order_once(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.seed_orders(25, seed=3)
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        page = client.get("/portfolio/orders", params={"limit": 10, "cursor": cursor}).json()
        seen += [order["order_id"] for order in page["orders"]]
        pages += 1
        cursor = page["cursor"]
        if not cursor:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 25


def test_generated_client_round_trip(sandbox: SandboxServer) -> None:
    from kalshi_orders import KalshiAuth, KalshiSigner, load_private_key
    from kalshi_orders_api.api.orders import cancel_all_orders, create_order_v2, get_order, get_orders
    from kalshi_orders_api.client import Client
    from kalshi_orders_api.models import CreateOrderV2Request, GetOrderResponse, GetOrdersResponse

    signer = KalshiSigner(sandbox.key_id, load_private_key(path=sandbox.private_key_path))
    client = Client(base_url=sandbox.base_url, httpx_args={"auth": KalshiAuth(signer)})
    created = create_order_v2.sync_detailed(
        client=client, body=CreateOrderV2Request.from_dict({**GTC_ORDER, "client_order_id": "gen-1"})
    )
    assert created.status_code == 201, created.content
    order_id = created.parsed.order_id
    one = get_order.sync_detailed(order_id, client=client)
    assert isinstance(one.parsed, GetOrderResponse)
    assert one.parsed.order.client_order_id == "gen-1"
    page = get_orders.sync_detailed(client=client, limit=5)
    assert isinstance(page.parsed, GetOrdersResponse)
    assert [o.order_id for o in page.parsed.orders] == [order_id]
    assert cancel_all_orders.sync_detailed(client=client).status_code == 204


def test_cancel_honours_market_ticker_and_exchange_index_query(client: httpx.Client) -> None:
    # The order lives on KXSANDBOX-26DEC31-T50, shard 0: naming another market or shard does not find it.
    order_id = _create(client)["order_id"]
    path = f"/portfolio/events/orders/{order_id}"
    assert client.delete(path, params={"market_ticker": "KXSANDBOX-26DEC31-T60"}).status_code == 404
    assert client.delete(path, params={"exchange_index": 1}).status_code == 404
    assert client.get(f"/portfolio/orders/{order_id}").json()["order"]["status"] == "resting"
    response = client.delete(path, params={"market_ticker": GTC_ORDER["ticker"], "exchange_index": 0})
    assert response.status_code == 200, response.text
    assert response.json()["reduced_by"] == "10.00"
