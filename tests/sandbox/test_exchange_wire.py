"""Wire formats: fixed-point strings, timestamps, and the spec-schema helper the sandbox tests rely on."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from kalshi_sandbox.exchange import Exchange
from kalshi_sandbox.exchange.fixed_point import fee, fmt_count, fmt_dollars, fmt_price_pair
from kalshi_sandbox.exchange.orders import iso_z

from .exchange_support import ALICE, Clock, body
from .spec_schema import errors


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0", "0.0000"),
        ("0.56", "0.5600"),
        ("6", "6.0000"),
        ("0.56055", "0.560550"),
        ("0.1234567", "0.123457"),
    ],
)
def test_dollars_have_four_decimals_or_six_when_needed(value: str, text: str) -> None:
    assert fmt_dollars(Decimal(value)) == text


def test_counts_have_exactly_two_decimals() -> None:
    assert [fmt_count(Decimal(v)) for v in ("10", "2.5", "0.01", "0")] == ["10.00", "2.50", "0.01", "0.00"]


def test_price_pair_always_sums_to_one() -> None:
    for milli in range(1, 1000):
        yes, no = fmt_price_pair(Decimal(milli) / 1000)
        assert Decimal(yes) + Decimal(no) == 1


def test_fee_formula() -> None:
    assert fee(Decimal("0.07"), Decimal(10), Decimal("0.50")) == Decimal("0.18")
    assert fee(Decimal("0.07"), Decimal(1), Decimal("0.01")) == Decimal(
        "0.01"
    )  # any positive fee is ≥ 1 cent
    assert fee(Decimal(0), Decimal(100), Decimal("0.50")) == 0


@pytest.mark.parametrize("ts", [0.0, 1_800_000_000.0, 1_800_000_000.25, 1_700_000_000.9999999, 86_399.5])
def test_timestamps_are_iso_utc_with_z(ts: float) -> None:
    text = iso_z(ts)
    assert text.endswith("Z")
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert abs(parsed - datetime.fromtimestamp(ts, UTC)).total_seconds() < 1e-6


def test_order_has_every_field_and_no_float() -> None:
    ex = Exchange(clock=Clock(1_800_000_000.5))
    order = ex.get_order(ALICE, ex.create_order(ALICE, body(expiration_time=1_800_000_100))["order_id"])
    assert not errors("Order", order)
    assert order["created_time"] == "2027-01-15T08:00:00.500000Z"
    assert order["expiration_time"] == "2027-01-15T08:01:40Z"
    assert not [key for key, value in order.items() if isinstance(value, float)]
    assert {"self_trade_prevention_type", "subaccount_number", "exchange_index", "last_update_reason"} <= set(
        order
    )
    copy = ex.get_order(ALICE, order["order_id"])
    copy["status"] = "mangled"  # callers may mutate what they get back
    assert ex.get_order(ALICE, order["order_id"])["status"] == "resting"


def test_spec_schema_helper_catches_broken_orders() -> None:
    ex = Exchange(clock=Clock())
    order = ex.get_order(ALICE, ex.create_order(ALICE, body())["order_id"])
    assert errors("Order", order) == []
    assert errors("Order", {**order, "self_trade_prevention_type": None}) == []  # nullable
    for broken in (
        {k: v for k, v in order.items() if k != "user_id"},
        {**order, "status": "pending"},
        {**order, "yes_price_dollars": 0.5},
        {**order, "fill_count_fp": "1.0"},
        {**order, "ticker": None},
        {**order, "subaccount_number": 64},
    ):
        assert errors("Order", broken)
