"""Contract breakages: each one makes the sandbox visibly violate the spec (for the contract suite to catch),
and response validation does not block them."""

from __future__ import annotations

import base64
from decimal import Decimal

import httpx
import pytest

from kalshi_sandbox import BREAKAGES, SandboxServer
from kalshi_sandbox.spec import load_spec
from kalshi_sandbox.validation import SpecValidators

from .conftest import GTC_ORDER


@pytest.fixture
def order_id(client: httpx.Client) -> str:
    response = client.post("/portfolio/events/orders", json=GTC_ORDER)
    assert response.status_code == 201
    return str(response.json()["order_id"])


def _spec_errors(operation_id: str, payload: object) -> list[str]:
    return SpecValidators(load_spec())[operation_id].response_errors(200, payload)


def test_breakage_names_include_the_brief() -> None:
    # The contract suite's self-tests (tests/contract/test_catches_breakage.py) prove every one of them.
    assert len(BREAKAGES) >= 25
    assert set(BREAKAGES) >= {
        "enum_outside_spec",
        "missing_required_field",
        "price_sum_not_one",
        "accept_both_prices",
        "accept_limit_1001",
        "repeat_across_pages",
        "accept_bad_signature",
    }


def test_enum_outside_spec(sandbox: SandboxServer, client: httpx.Client, order_id: str) -> None:
    sandbox.admin.set_breakages("enum_outside_spec")
    body = client.get(f"/portfolio/orders/{order_id}").json()
    assert body["order"]["status"] == "pending"
    assert _spec_errors("GetOrder", body)
    assert {o["status"] for o in client.get("/portfolio/orders").json()["orders"]} == {"pending"}
    assert sandbox.admin.response_failures() == []  # the debug validator stands aside


def test_missing_required_field(sandbox: SandboxServer, client: httpx.Client, order_id: str) -> None:
    sandbox.admin.set_breakages(missing_required_field=True)
    body = client.get(f"/portfolio/orders/{order_id}").json()
    assert "user_id" not in body["order"]
    assert any("user_id" in e for e in _spec_errors("GetOrder", body))


def test_price_sum_not_one(sandbox: SandboxServer, client: httpx.Client, order_id: str) -> None:
    sandbox.admin.set_breakages("price_sum_not_one")
    order = client.get(f"/portfolio/orders/{order_id}").json()["order"]
    assert Decimal(order["yes_price_dollars"]) + Decimal(order["no_price_dollars"]) != 1
    sandbox.admin.clear_breakages()
    order = client.get(f"/portfolio/orders/{order_id}").json()["order"]
    assert Decimal(order["yes_price_dollars"]) + Decimal(order["no_price_dollars"]) == 1


def test_accept_both_prices(sandbox: SandboxServer, client: httpx.Client) -> None:
    both = {**GTC_ORDER, "yes_price": 30, "yes_price_dollars": "0.30"}
    assert client.post("/portfolio/events/orders", json=both).status_code == 400
    sandbox.admin.set_breakages("accept_both_prices")
    response = client.post("/portfolio/events/orders", json=both)
    assert response.status_code == 201, response.text
    # Other rules still hold.
    assert client.post("/portfolio/events/orders", json={**both, "side": "buy"}).status_code == 400


def test_accept_limit_1001(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert client.get("/portfolio/orders", params={"limit": 1001}).status_code == 400
    sandbox.admin.set_breakages("accept_limit_1001")
    assert client.get("/portfolio/orders", params={"limit": 1001}).status_code == 200
    assert client.get("/portfolio/orders", params={"limit": 0}).status_code == 400


def test_repeat_across_pages(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.seed_orders(6, seed=1)
    sandbox.admin.set_breakages("repeat_across_pages")
    first = client.get("/portfolio/orders", params={"limit": 3}).json()
    second = client.get("/portfolio/orders", params={"limit": 3, "cursor": first["cursor"]}).json()
    assert second["orders"][0]["order_id"] == first["orders"][-1]["order_id"]
    ids = [o["order_id"] for o in first["orders"] + second["orders"]]
    assert len(ids) != len(set(ids))


def test_accept_bad_signature(sandbox: SandboxServer) -> None:
    import time

    headers = {
        "KALSHI-ACCESS-KEY": sandbox.key_id,
        "KALSHI-ACCESS-TIMESTAMP": str(int(time.time() * 1000)),
        "KALSHI-ACCESS-SIGNATURE": base64.b64encode(b"not a signature").decode(),
    }
    url = sandbox.base_url + "/portfolio/orders"
    assert httpx.get(url, headers=headers).status_code == 401
    sandbox.admin.set_breakages("accept_bad_signature")
    assert httpx.get(url, headers=headers).status_code == 200
    # Only the signature check is off: an unknown key is still refused.
    assert httpx.get(url, headers={**headers, "KALSHI-ACCESS-KEY": "nobody"}).status_code == 401


def test_breakages_over_http_and_reset(sandbox: SandboxServer) -> None:
    response = httpx.post(sandbox.admin_url + "/breakages", json={"breakages": ["enum_outside_spec"]})
    assert response.json() == {"breakages": ["enum_outside_spec"]}
    assert httpx.get(sandbox.admin_url + "/breakages").json()["breakages"] == ["enum_outside_spec"]
    bad = httpx.post(sandbox.admin_url + "/breakages", json={"breakages": ["nope"]})
    assert bad.status_code == 400
    sandbox.admin.reset()
    assert sandbox.admin.breakages() == []
    with pytest.raises(ValueError, match="unknown breakage"):
        sandbox.admin.set_breakages("nope")
