"""Fixtures of the contract suite and its hypothesis profiles (`--hypothesis-profile ci|dev|demo`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.plugin import ContractSession, contract_session
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.settings import PROFILES
from kalshi_contract.target import Target

for _profile in PROFILES.values():
    settings.register_profile(
        _profile.name,
        max_examples=_profile.max_examples,
        derandomize=_profile.derandomize,
        deadline=None,  # network-bound; performance belongs in bench/
        database=None,
        print_blob=False,  # its @reproduce_failure advice cannot be followed by a user of the package
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="session")
def contract(request: pytest.FixtureRequest) -> ContractSession:
    return contract_session(request.config)


@pytest.fixture(scope="session")
def target(contract: ContractSession) -> Target:
    return contract.open()


@pytest.fixture(scope="session")
def client(contract: ContractSession) -> ContractClient:
    return contract.client


@pytest.fixture(scope="session")
def safe(contract: ContractSession) -> SafeOrders:
    return contract.safe


@pytest.fixture
def resting_order(client: ContractClient, safe: SafeOrders) -> Iterator[dict[str, Any]]:
    """A fresh safe order (a bid far below the market), cancelled afterwards. Yields the create body plus
    `order_id`."""
    body = safe.create_body(side="bid", price="0.02", count="2")
    response = client.create_order(body)
    assert response.status_code == 201, (
        f"a safe resting order was refused: {response.status_code} {response.text}"
    )
    order = {**body, "order_id": json_of(response)["order_id"]}
    client.eventually(lambda: _assert_readable(client, order["order_id"]))  # the demo lags behind writes
    yield order
    client.cancel_order(
        order["order_id"]
    )  # anything not cancelled here stays registered for the final cleanup


@pytest.fixture(scope="session")
def samples(client: ContractClient, safe: SafeOrders, target: Target) -> dict[str, list[Any]]:
    """2xx bodies of every operation that returns one (see kalshi_contract.samples)."""
    from kalshi_contract.samples import collect

    return collect(client, safe, read_only=target.read_only)


def _assert_readable(client: ContractClient, order_id: str) -> None:
    response = client.get_order(order_id)
    assert response.status_code == 200, f"GetOrder {order_id}: {response.status_code}"
