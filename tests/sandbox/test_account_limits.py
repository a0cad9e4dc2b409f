"""GetAccountApiLimits and GetAccountEndpointCosts: what the sandbox says is what its buckets enforce."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kalshi_sandbox import TIERS, RateTier, SandboxConfig, SandboxServer
from kalshi_sandbox.spec import DEFAULT_COST, load_spec

from .conftest import GTC_ORDER, ClientFactory
from .spec_schema import assert_valid

# Whole tokens, a refill too slow to matter during a test: every admitted request shows in the count.
PROBE = RateTier("probe", read_rate=0.001, write_rate=0.001, read_capacity=40, write_capacity=30)


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=PROBE, validate_responses=True)) as server:
        yield server
        assert server.admin.response_failures() == []


def _admitted(send: Callable[[], int], limit: int = 50) -> int:
    """How many requests ``send`` gets through before the first 429."""
    for count in range(limit):
        if send() == 429:
            return count
    raise AssertionError("the bucket never ran dry")


def test_the_limits_are_the_buckets_the_server_enforces(
    limited: SandboxServer, make_client: ClientFactory
) -> None:
    client = make_client(limited)
    limits = client.get("/account/limits").json()
    assert_valid("GetAccountApiLimitsResponse", limits)
    assert limits == {
        "usage_tier": "probe",
        "read": {"refill_rate": 0, "bucket_capacity": 40},
        "write": {"refill_rate": 0, "bucket_capacity": 30},
        "grants": [],
    }
    # Reading the limits cost 10 of the 40 read tokens; GetOrders costs 10; creates take 10 write tokens.
    read_left = limits["read"]["bucket_capacity"] - DEFAULT_COST
    assert _admitted(lambda: client.get("/portfolio/orders").status_code) == read_left // DEFAULT_COST
    writes = _admitted(lambda: client.post("/portfolio/events/orders", json=GTC_ORDER).status_code)
    assert writes == limits["write"]["bucket_capacity"] // DEFAULT_COST


def test_the_listed_costs_are_the_costs_charged(limited: SandboxServer, make_client: ClientFactory) -> None:
    costs = httpx.get(f"{limited.base_url}/account/endpoint_costs").json()  # public: no credentials
    assert_valid("GetAccountEndpointCostsResponse", costs)
    listed = {(c["method"], c["path"]): c["cost"] for c in costs["endpoint_costs"]}
    assert costs["default_cost"] == DEFAULT_COST
    assert listed[("GET", "/portfolio/orders/{order_id}")] == 2
    client = make_client(limited)
    admitted = _admitted(lambda: client.get("/portfolio/orders/no-such-order").status_code)
    assert admitted == 40 // listed[("GET", "/portfolio/orders/{order_id}")]
    # Cancels draw 2 from the write bucket: 30 tokens make 15 cancels (a 404 is charged too).
    cancels = _admitted(lambda: client.delete("/portfolio/events/orders/no-such-order").status_code)
    assert cancels == 30 // listed[("DELETE", "/portfolio/events/orders/{order_id}")]


def test_every_operation_is_listed_unless_it_costs_the_default(sandbox: SandboxServer) -> None:
    costs = httpx.get(f"{sandbox.base_url}/account/endpoint_costs").json()
    listed = {(c["method"], c["path"]): c["cost"] for c in costs["endpoint_costs"]}
    for op in load_spec().operations.values():
        assert listed.get((op.method, op.path), DEFAULT_COST) == op.cost, op.operation_id
    assert all(cost != DEFAULT_COST for cost in listed.values())


@pytest.mark.parametrize("tier", sorted(TIERS))
def test_each_tier_reports_its_table(tmp_path: Path, make_client: ClientFactory, tier: str) -> None:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=tier)) as server:
        limits = make_client(server).get("/account/limits").json()
    table = TIERS[tier]
    assert limits["usage_tier"] == tier
    assert limits["read"] == {"refill_rate": table.read_rate, "bucket_capacity": table.read_bucket_capacity}
    assert limits["write"] == {
        "refill_rate": table.write_rate,
        "bucket_capacity": table.write_bucket_capacity,
    }


def test_switching_the_tier_changes_the_answer(sandbox: SandboxServer, client: httpx.Client) -> None:
    sandbox.admin.set_rate_limits(True, "premier")
    assert client.get("/account/limits").json()["read"]["refill_rate"] == 1000


def test_the_limits_need_credentials_and_the_costs_do_not(sandbox: SandboxServer) -> None:
    response = httpx.get(f"{sandbox.base_url}/account/limits")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_error"
    assert httpx.get(f"{sandbox.base_url}/account/endpoint_costs").status_code == 200
