"""The operation table (kalshi_orders._endpoints) against the shipped spec and the generated modules."""

from __future__ import annotations

import importlib.resources
import inspect
import re
from functools import partial
from typing import Any

import pytest
import yaml

from kalshi_orders._endpoints import ENDPOINTS, Endpoint, endpoint_of
from kalshi_orders._plan import Send
from kalshi_orders._ratelimit import Bucket, OperationCost
from kalshi_orders._retry import Idempotency
from kalshi_orders_api.api.orders import cancel_order_v2, get_orders

METHODS = ("get", "put", "post", "delete", "patch")


def _spec_operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    spec = yaml.safe_load((importlib.resources.files("kalshi_orders_api") / "openapi.yaml").read_text())
    found = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found


SPEC = _spec_operations()


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", operation_id).lower()


def test_every_spec_operation_has_exactly_one_row() -> None:
    rows = [e.operation_id for e in ENDPOINTS]
    assert len(rows) == len(set(rows))
    missing = sorted(SPEC.keys() - set(rows))
    assert not missing, f"add a row to kalshi_orders/_endpoints.py for: {missing}"
    assert not set(rows) - SPEC.keys(), "a row names an operation the spec does not have"


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda e: e.operation_id)
def test_row_matches_the_spec(row: Endpoint) -> None:
    method, path, operation = SPEC[row.operation_id]
    assert (row.method, row.path) == (method, path)
    # An operation without the extension costs Kalshi's default (a read of 10 tokens).
    limit = operation.get("x-kalshi-rate-limit", {"bucket": "read", "cost": 10})
    assert row.cost == OperationCost(Bucket(limit["bucket"]), limit["cost"], bool(limit.get("per-item")))
    assert row.path_params == tuple(re.findall(r"{(\w+)}", path))


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda e: e.operation_id)
def test_row_calls_the_generated_module_of_its_operation(row: Endpoint) -> None:
    module = row.sync_detailed.__module__
    assert module.endswith(f".{_snake(row.operation_id)}"), module
    assert row.request_kwargs.__module__ == row.read_response.__module__ == module
    assert (row.sync_detailed.__name__, row.request_kwargs.__name__, row.read_response.__name__) == (
        "sync_detailed",
        "_get_kwargs",
        "_build_response",
    )
    # The runners build the request from the arguments a plan bound to sync_detailed: the builder must take
    # exactly those (everything but the client).
    call, build = inspect.signature(row.sync_detailed), inspect.signature(row.request_kwargs)
    assert [p for p in call.parameters.values() if p.name != "client"] == list(build.parameters.values())
    assert list(inspect.signature(row.read_response).parameters) == ["client", "response"]


@pytest.mark.parametrize("row", ENDPOINTS, ids=lambda e: e.operation_id)
def test_idempotency_follows_what_the_operation_does(row: Endpoint) -> None:
    _, _, operation = SPEC[row.operation_id]
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    places_orders = body.get("$ref", "").rsplit("/", 1)[-1] in {
        "CreateOrderV2Request",
        "BatchCreateOrdersV2Request",
    }
    if row.method in ("GET", "DELETE"):
        # Reads and cancels: sending twice does no harm.
        assert row.idempotency is Idempotency.SAFE
    elif places_orders:
        assert row.idempotency is Idempotency.CREATE
    else:
        # Other writes (amend, decrease) change an order: resent only when the first copy never arrived.
        assert row.idempotency is Idempotency.GUARDED


def test_a_send_finds_its_row_and_escapes_path_parameters() -> None:
    send = Send(partial(cancel_order_v2.sync_detailed, order_id="a/b c", subaccount=2))
    assert send.endpoint.operation_id == "CancelOrderV2"
    assert send.path == "/portfolio/events/orders/a%2Fb%20c"
    assert Send(partial(get_orders.sync_detailed, limit=5)).path == "/portfolio/orders"


def test_a_function_outside_the_table_is_refused() -> None:
    def rogue(**_: object) -> Any:
        raise AssertionError("never called")

    with pytest.raises(LookupError, match="not in the operation table"):
        endpoint_of(rogue)
    with pytest.raises(LookupError):
        Send(partial(rogue))
