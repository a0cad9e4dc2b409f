"""Shared helpers for the pure exchange-engine tests (no HTTP)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kalshi_sandbox.exchange import Account, Exchange

from .spec_schema import assert_valid

T50 = "KXSANDBOX-26DEC31-T50"
T60 = "KXSANDBOX-26DEC31-T60"
DECI = "KXDECI-26DEC31-B1"
TAPER = "KXTAPER-26DEC31-C1"
ALICE = Account("alice")
BOB = Account("bob")
START = 1_800_000_000.0


class Clock:
    """A settable clock for the engine (Unix seconds)."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def body(**overrides: Any) -> dict[str, Any]:
    """A CreateOrderV2Request: by default a GTC bid for 10 at 0.50 (inside the LP spread, so it rests)."""
    base: dict[str, Any] = {
        "ticker": T50,
        "side": "bid",
        "count": "10",
        "price": "0.50",
        "time_in_force": "good_till_canceled",
        "self_trade_prevention_type": "taker_at_cross",
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not None}


def checked_order(exchange: Exchange, account: Account, order_id: str) -> dict[str, Any]:
    """GetOrder plus the invariants every order must keep, and the spec's Order schema."""
    order = exchange.get_order(account, order_id)
    check_order(order)
    return order


def check_order(order: dict[str, Any]) -> None:
    assert_valid("Order", order)
    assert Decimal(order["yes_price_dollars"]) + Decimal(order["no_price_dollars"]) == 1
    filled, remaining, initial = (
        Decimal(order[key]) for key in ("fill_count_fp", "remaining_count_fp", "initial_count_fp")
    )
    assert min(filled, remaining) >= 0
    assert filled + remaining <= initial
    assert (order["status"] == "resting") == (remaining > 0)
    if order["status"] == "executed":
        assert filled > 0
