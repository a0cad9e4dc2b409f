"""Request validation from the spec: each rule class gives 400 with a Kalshi code and a message naming the
field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kalshi_sandbox import SandboxConfig, SandboxServer
from kalshi_sandbox.spec import load_spec
from kalshi_sandbox.validation import SpecValidators, to_json_schema

from .conftest import GTC_ORDER, ClientFactory


def _error(response: httpx.Response, status: int = 400) -> dict[str, str]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) <= {"code", "message", "details"}
    return error


@pytest.mark.parametrize(
    ("params", "code", "fragment"),
    [
        ({"limit": "abc"}, "invalid_parameters", "`limit` must be an integer"),
        ({"limit": "5\n"}, "invalid_parameters", "`limit` must be an integer"),  # `$` let a newline in
        ({"limit": "\uff15"}, "invalid_parameters", "`limit` must be an integer"),  # a non-ASCII digit
        ({"limit": "1" * 5000}, "invalid_parameters", "`limit` must be an integer"),  # was a 500 from int()
        ({"limit": "0"}, "invalid_parameters", "`limit` must be >= 1"),
        ({"limit": "1001"}, "invalid_parameters", "`limit` must be <= 1000"),
        ({"status": "pending"}, "invalid_parameters", "`status` must be one of: resting, canceled, executed"),
        ({"status": ""}, "invalid_parameters", "`status` must be one of"),
        ({"subaccount": "64"}, "invalid_parameters", "`subaccount` must be <= 63"),
        ({"min_ts": "-5"}, "invalid_parameters", "`min_ts` must be >= 0"),
        (
            {"event_ticker": ",".join(f"E{i}" for i in range(11))},
            "invalid_parameters",
            "`event_ticker` does not match",
        ),
        ({"ticker": ""}, "invalid_parameters", "`ticker` must have at least 1 characters"),
    ],
)
def test_get_orders_query_rules(
    client: httpx.Client, params: dict[str, str], code: str, fragment: str
) -> None:
    error = _error(client.get("/portfolio/orders", params=params))
    assert error["code"] == code
    assert fragment in error["message"]


@pytest.mark.parametrize("limit", ["1", "1000"])
def test_limit_bounds_are_inclusive(client: httpx.Client, limit: str) -> None:
    assert client.get("/portfolio/orders", params={"limit": limit}).status_code == 200


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in GTC_ORDER.items() if k != key}


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({**GTC_ORDER, "side": "buy"}, "invalid_order", "`side` must be one of: bid, ask"),
        ({**GTC_ORDER, "time_in_force": "GTC"}, "invalid_order", "`time_in_force` must be one of"),
        ({**GTC_ORDER, "price": "1.00"}, "invalid_order", "`price` does not match"),
        ({**GTC_ORDER, "price": 0.5}, "invalid_order", "`price` must be of type"),
        ({**GTC_ORDER, "count": "0"}, "invalid_order", "`count` does not match"),
        ({**GTC_ORDER, "subaccount": 64}, "invalid_order", "`subaccount` must be <= 63"),
        (
            {**GTC_ORDER, "client_order_id": "x" * 65},
            "invalid_order",
            "`client_order_id` must have at most 64",
        ),
        (_without("price"), "missing_parameters", "`price` is required"),
        (
            _without("self_trade_prevention_type"),
            "missing_parameters",
            "`self_trade_prevention_type` is required",
        ),
        ({**GTC_ORDER, "yes_price": 30}, "invalid_order", "`yes_price` must not be sent"),
        ({**GTC_ORDER, "no_price_dollars": "0.70"}, "invalid_order", "`no_price_dollars` must not be sent"),
        (
            {**GTC_ORDER, "time_in_force": "fill_or_kill", "expiration_time": 1900000000},
            "invalid_order",
            "`expiration_time` is only allowed when `time_in_force` is good_till_canceled",
        ),
        (
            {**GTC_ORDER, "reduce_only": True},
            "invalid_order",
            "`reduce_only`=true is only allowed when `time_in_force` is immediate_or_cancel",
        ),
    ],
)
def test_create_order_body_rules(
    client: httpx.Client, body: dict[str, Any], code: str, fragment: str
) -> None:
    error = _error(client.post("/portfolio/events/orders", json=body))
    assert error["code"] == code
    assert fragment in error["message"]


def test_legacy_price_beside_price_in_amend_and_batch(client: httpx.Client) -> None:
    amend = {"ticker": GTC_ORDER["ticker"], "side": "bid", "price": "0.31", "count": "5", "yes_price": 31}
    assert (
        "`yes_price` must not be sent"
        in _error(client.post("/portfolio/events/orders/x/amend", json=amend))["message"]
    )
    batch = {"orders": [GTC_ORDER, {**GTC_ORDER, "no_price": 70}]}
    error = _error(client.post("/portfolio/events/orders/batched", json=batch))
    assert error["code"] == "invalid_order"
    assert "in `orders[1]`" in error["message"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "one of `reduce_by`, `reduce_to` is required"),
        ({"reduce_by": "1", "reduce_to": "2"}, "`reduce_by` and `reduce_to` cannot be sent together"),
        ({"reduce_by": "0"}, "`reduce_by` does not match"),
    ],
)
def test_decrease_needs_exactly_one_of_reduce_by_and_reduce_to(
    client: httpx.Client, body: dict[str, Any], fragment: str
) -> None:
    error = _error(client.post("/portfolio/events/orders/some-id/decrease", json=body))
    assert error["code"] == "invalid_parameters"
    assert fragment in error["message"]


def test_decrease_with_one_of_them_passes_validation(client: httpx.Client) -> None:
    created = client.post("/portfolio/events/orders", json=GTC_ORDER).json()
    for body in ({"reduce_by": "1"}, {"reduce_to": "5"}):
        response = client.post(f"/portfolio/events/orders/{created['order_id']}/decrease", json=body)
        assert response.status_code == 200, response.text


def test_malformed_and_missing_bodies(client: httpx.Client) -> None:
    bad_json = client.post(
        "/portfolio/events/orders", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert "not valid JSON" in _error(bad_json)["message"]
    assert _error(client.post("/portfolio/events/orders"))["code"] == "missing_parameters"
    assert "must be of type object" in _error(client.post("/portfolio/events/orders", json=[1]))["message"]
    assert (
        "`orders` must have at least 1 items"
        in _error(client.post("/portfolio/events/orders/batched", json={"orders": []}))["message"]
    )
    batch_cancel = client.request("DELETE", "/portfolio/events/orders/batched", json={"orders": [{}]})
    assert _error(batch_cancel)["message"].endswith("`orders[0].order_id` is required")


def test_query_integer_on_write_endpoints(client: httpx.Client) -> None:
    error = _error(client.delete("/portfolio/events/orders", params={"subaccount": "x"}))
    assert "`subaccount` must be an integer" in error["message"]


def test_unknown_query_parameters_are_ignored_by_default(client: httpx.Client) -> None:
    response = client.get("/portfolio/orders", params={"x-schemathesis-unknown-property": "1"})
    assert response.status_code == 200


def test_strict_mode_rejects_unknown_query_parameters(tmp_path: Path, make_client: ClientFactory) -> None:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, strict_query_params=True)) as sb:
        response = make_client(sb).get("/portfolio/orders", params={"bogus": "1", "limit": "5"})
        error = _error(response)
        assert "unknown query parameter `bogus`" in error["message"]
        assert make_client(sb).get("/portfolio/orders", params={"limit": "5"}).status_code == 200


# ---------------------------------------------------------------------- the converter


def test_nullable_becomes_a_type_union() -> None:
    assert to_json_schema({"type": "string", "nullable": True}) == {"type": ["string", "null"]}
    assert to_json_schema({"type": "string", "enum": ["a"], "nullable": True}) == {
        "type": ["string", "null"],
        "enum": ["a", None],
    }
    wrapped = to_json_schema({"allOf": [{"$ref": "#/components/schemas/X"}], "nullable": True})
    assert wrapped == {"anyOf": [{"allOf": [{"$ref": "#/$defs/X"}]}, {"type": "null"}]}


def test_openapi_only_keywords_are_dropped_and_rules_kept() -> None:
    schema = {
        "type": "object",
        "example": {"a": 1},
        "x-thing": 1,
        "properties": {"example": {"type": "integer", "minimum": 1, "deprecated": True}},
        "not": {"required": ["b"]},
    }
    assert to_json_schema(schema) == {
        "type": "object",
        "properties": {"example": {"type": "integer", "minimum": 1}},
        "not": {"required": ["b"]},
    }
    assert to_json_schema({"type": "number", "minimum": 0, "exclusiveMinimum": True}) == {
        "type": "number",
        "exclusiveMinimum": 0,
    }


def test_response_validators_accept_the_spec_examples_and_reject_a_bad_order() -> None:
    spec = load_spec()
    validators = SpecValidators(spec)
    example = spec.components["schemas"]["Order"]["example"]
    assert validators["GetOrder"].response_errors(200, {"order": example}) == []
    bad = {**example, "status": "pending"}
    assert any("status" in e for e in validators["GetOrder"].response_errors(200, {"order": bad}))
    nullable_list = {"orders": None, "cursor": None}
    assert validators["GetOrders"].response_errors(200, nullable_list) == []
    assert validators["CancelAllOrders"].response_errors(204, None) == []
    assert validators["GetOrders"].response_errors(418, None) == [
        "status 418 is not documented for GetOrders"
    ]
