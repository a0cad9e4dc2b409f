"""The engine re-checks write bodies: tick grids per price structure, counts, enums and field combinations."""

from __future__ import annotations

from typing import Any

import pytest

from kalshi_sandbox.exchange import Exchange, ExchangeError

from .exchange_support import ALICE, DECI, T50, TAPER, Clock, body


@pytest.fixture
def ex() -> Exchange:
    return Exchange(clock=Clock())


def _code(ex: Exchange, order: dict[str, Any]) -> tuple[int, str]:
    with pytest.raises(ExchangeError) as info:
        ex.create_order(ALICE, order)
    return info.value.status, info.value.code


@pytest.mark.parametrize(
    ("ticker", "on_grid", "off_grid"),
    [
        (T50, ["0.01", "0.5", "0.50", "0.5000", "0.99"], ["0.505", "0.001", "0.995", "0.5001"]),
        (DECI, ["0.001", "0.505", "0.999", "0.5050"], ["0.5005", "0.0001"]),
        (
            TAPER,
            ["0.001", "0.095", "0.10", "0.55", "0.90", "0.905", "0.999"],
            ["0.105", "0.555", "0.895", "0.9005"],
        ),
    ],
)
def test_tick_grid_per_price_level_structure(
    ex: Exchange, ticker: str, on_grid: list[str], off_grid: list[str]
) -> None:
    for price in on_grid:
        ex.create_order(
            ALICE, body(ticker=ticker, price=price, count="1", time_in_force="immediate_or_cancel")
        )
    for price in off_grid:
        assert _code(ex, body(ticker=ticker, price=price)) == (400, "invalid_price"), price


@pytest.mark.parametrize("price", ["0", "0.0", "1", "1.00", "0.12345", "-0.5", ".5", "0,5", 0.5, None, ""])
def test_prices_outside_the_format_are_rejected(ex: Exchange, price: object) -> None:
    order = body()
    order["price"] = price
    assert _code(ex, order) == (400, "invalid_price")


@pytest.mark.parametrize("count", ["0", "0.00", "-1", "1.001", "1e3", "abc", "", 1.5, True, "1000000000"])
def test_bad_counts_are_rejected(ex: Exchange, count: object) -> None:
    order = body()
    order["count"] = count
    assert _code(ex, order) == (400, "invalid_count")


def test_fractional_and_integer_counts_are_accepted(ex: Exchange) -> None:
    assert ex.create_order(ALICE, body(count="0.01"))["remaining_count"] == "0.01"
    assert ex.create_order(ALICE, body(count="2.5"))["remaining_count"] == "2.50"
    assert ex.create_order(ALICE, body(count=3))["remaining_count"] == "3.00"


@pytest.mark.parametrize(
    "overrides",
    [
        {"side": "yes"},
        {"side": None},
        {"time_in_force": "GTC"},
        {"self_trade_prevention_type": "none"},
        {"self_trade_prevention_type": None},
        {"yes_price": 50},
        {"no_price_dollars": "0.50"},
        {"reduce_only": True},
        {"post_only": "yes"},
        {"client_order_id": ""},
        {"client_order_id": "x" * 65},
        {"order_group_id": 7},
        {"expiration_time": 1_900_000_000, "time_in_force": "fill_or_kill"},
    ],
)
def test_invalid_order_bodies(ex: Exchange, overrides: dict[str, Any]) -> None:
    assert _code(ex, {**body(), **overrides}) == (400, "invalid_order")
    assert ex.order_count(ALICE) == 0


def test_non_dict_bodies_and_unknown_market(ex: Exchange) -> None:
    assert _code(ex, ["not", "a", "dict"]) == (400, "invalid_order")  # type: ignore[arg-type]
    assert _code(ex, body(ticker=None)) == (400, "invalid_order")
    assert _code(ex, body(ticker="KXNOPE-1")) == (404, "market_not_found")
    assert _code(ex, body(exchange_index="0")) == (400, "invalid_exchange_index")


def test_error_to_dict_is_an_error_detail() -> None:
    err = ExchangeError(409, "order_already_exists", "taken", "order_id=x")
    assert err.to_dict() == {"code": "order_already_exists", "message": "taken", "details": "order_id=x"}
    assert ExchangeError(400, "invalid_price", "bad").to_dict() == {"code": "invalid_price", "message": "bad"}
