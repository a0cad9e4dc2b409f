"""The exactly-one-of and bound rules, as a JSON Schema validator reads them from the spec."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from tests.spec._jsonschema import json_schema

BASE = {
    "ticker": "KXSANDBOX-26DEC31-T50",
    "side": "bid",
    "count": "10",
    "price": "0.56",
    "time_in_force": "good_till_canceled",
    "self_trade_prevention_type": "taker_at_cross",
}


def _valid(schema_name: str, body: dict[str, Any]) -> bool:
    return jsonschema.Draft202012Validator(json_schema(schema_name)).is_valid(body)


def test_a_plain_v2_order_is_valid() -> None:
    assert _valid("CreateOrderV2Request", BASE)


@pytest.mark.parametrize("legacy", ["yes_price", "no_price", "yes_price_dollars", "no_price_dollars"])
def test_a_legacy_price_beside_price_is_rejected(legacy: str) -> None:
    assert not _valid("CreateOrderV2Request", {**BASE, legacy: 56 if "dollars" not in legacy else "0.56"})


def test_an_order_without_price_is_rejected() -> None:
    assert not _valid("CreateOrderV2Request", {k: v for k, v in BASE.items() if k != "price"})


@pytest.mark.parametrize("price", ["0", "1", "1.00", "0.0000", "-0.5", "0.12345", "0.5.", ".5", "56", "0,56"])
def test_prices_outside_the_open_interval_or_badly_written_are_rejected(price: str) -> None:
    assert not _valid("CreateOrderV2Request", {**BASE, "price": price})


@pytest.mark.parametrize("price", ["0.01", "0.99", "0.5600", "0.001", "0.0001", "0.9999", "0.1"])
def test_prices_in_the_open_interval_with_up_to_four_decimals_are_accepted(price: str) -> None:
    assert _valid("CreateOrderV2Request", {**BASE, "price": price})


@pytest.mark.parametrize(
    ("count", "ok"),
    [
        ("1", True),
        ("10.50", True),
        ("0.01", True),
        ("0", False),
        ("0.00", False),
        ("1.001", False),
        ("-1", False),
        ("1e3", False),
    ],
)
def test_counts_are_positive_with_at_most_two_decimals(count: str, ok: bool) -> None:
    assert _valid("CreateOrderV2Request", {**BASE, "count": count}) is ok


def test_expiration_only_with_good_till_canceled() -> None:
    assert _valid("CreateOrderV2Request", {**BASE, "expiration_time": 1893456000})
    assert not _valid(
        "CreateOrderV2Request",
        {**BASE, "time_in_force": "immediate_or_cancel", "expiration_time": 1893456000},
    )


def test_reduce_only_only_with_immediate_or_cancel() -> None:
    assert _valid(
        "CreateOrderV2Request", {**BASE, "time_in_force": "immediate_or_cancel", "reduce_only": True}
    )
    assert not _valid("CreateOrderV2Request", {**BASE, "reduce_only": True})
    assert _valid("CreateOrderV2Request", {**BASE, "reduce_only": False})


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ({"reduce_by": "2"}, True),
        ({"reduce_to": "0"}, True),
        ({"reduce_by": "2", "reduce_to": "1"}, False),
        ({}, False),
        ({"market_ticker": "KXSANDBOX-26DEC31-T50"}, False),
    ],
)
def test_decrease_takes_exactly_one_of_reduce_by_and_reduce_to(body: dict[str, Any], ok: bool) -> None:
    assert _valid("DecreaseOrderV2Request", body) is ok


def test_undocumented_enum_values_are_rejected_in_requests() -> None:
    assert not _valid("CreateOrderV2Request", {**BASE, "side": "buy"})
    assert not _valid("CreateOrderV2Request", {**BASE, "time_in_force": "GTC"})
