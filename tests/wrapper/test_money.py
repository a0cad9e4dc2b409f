from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kalshi_orders import (
    PriceLevelStructure,
    check_tick,
    count_to_wire,
    dollars_to_wire,
    parse_count,
    parse_price,
    to_decimal,
)
from kalshi_orders._money import nearest_ticks, tick_size

D = Decimal


@pytest.mark.parametrize(
    ("wire", "value"),
    [
        ("0.5600", D("0.56")),
        ("10.00", D("10")),
        ("-1.5", D("-1.5")),
        ("0.123456", D("0.123456")),
        ("7", D(7)),
    ],
)
def test_to_decimal_exact(wire: str, value: Decimal) -> None:
    result = to_decimal(wire)
    assert result == value
    assert str(result) == wire  # exact: no rounding, trailing zeros kept


@pytest.mark.parametrize(
    "wire", ["1e3", "NaN", "inf", "-Infinity", " 0.5", "0.5 ", "", ".5", "5.", "0x10", "1_000"]
)
def test_to_decimal_rejects(wire: str) -> None:
    with pytest.raises(ValueError, match="fixed-point"):
        to_decimal(wire)


def test_to_decimal_rejects_float_with_hint() -> None:
    with pytest.raises(ValueError, match=r'Decimal\("0.56"\)'):
        to_decimal(0.56)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got int"):
        to_decimal(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (D("0.56"), "0.56"),
        (D("0.5600"), "0.56"),
        (D("0.5"), "0.50"),
        (D("0.565"), "0.565"),
        (D("0.0001"), "0.0001"),
        (D("1"), "1.00"),
        (D("1E+1"), "10.00"),
        (D("0.12340"), "0.1234"),
    ],
)
def test_dollars_to_wire(value: Decimal, wire: str) -> None:
    assert dollars_to_wire(value) == wire


@pytest.mark.parametrize("value", [D("0.56001"), D("NaN"), D("Infinity"), 0.56, "0.56"])
def test_dollars_to_wire_rejects(value: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (each case has its own message; the type is the contract)
        dollars_to_wire(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (D("10"), "10"),
        (D("10.00"), "10"),
        (D("2.50"), "2.5"),
        (D("0.01"), "0.01"),
        (D("0"), "0"),
        (D("1E+2"), "100"),
    ],
)
def test_count_to_wire(value: Decimal, wire: str) -> None:
    assert count_to_wire(value) == wire


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (D("0.001"), "more than 2 decimals"),
        (D("-1"), "negative"),
        (D("1000000000"), "too large"),
        (1.0, "float"),
    ],
)
def test_count_to_wire_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        count_to_wire(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "price"),
    [
        (56, D("0.56")),
        (1, D("0.01")),
        (99, D("0.99")),
        ("0.56", D("0.56")),
        (" 0.565 ", D("0.565")),
        (D("0.5"), D("0.5")),
    ],
)
def test_parse_price(value: object, price: Decimal) -> None:
    assert parse_price(value) == price  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.56, r'float.*Decimal\("0.56"\) or the string "0.56"'),
        (0, "between 1 and 99"),
        (100, "between 1 and 99"),
        (True, "bool"),
        ("56", "did you mean 56 cents"),
        ("0", "strictly between 0 and 1"),
        ("1", "strictly between 0 and 1"),
        ("1.00", "strictly between 0 and 1"),
        ("-0.5", "strictly between 0 and 1"),
        ("0.56001", "more than 4 decimals"),
        ("5.6e-1", "not a decimal number"),
        (D("NaN"), "finite"),
        (None, "not NoneType"),
    ],
)
def test_parse_price_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_price(value)  # type: ignore[arg-type]


def test_parse_count() -> None:
    assert parse_count(10) == D(10)
    assert parse_count("2.5") == D("2.5")
    assert parse_count(D("0"), allow_zero=True) == 0
    for bad, message in [
        (0, "more than zero"),
        ("-1", "more than zero"),
        ("0.005", "2 decimals"),
        (1.5, "float"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_count(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("structure", "on", "off"),
    [
        ("linear_cent", ["0.01", "0.56", "0.99", "0.10"], ["0.565", "0.001", "0.999"]),
        ("deci_cent", ["0.001", "0.565", "0.999", "0.56"], ["0.5655", "0.0001"]),
        (
            "tapered_deci_cent",
            ["0.001", "0.095", "0.10", "0.11", "0.56", "0.90", "0.905", "0.999"],
            ["0.105", "0.555", "0.895", "0.0005", "0.9995"],
        ),
    ],
)
def test_check_tick(structure: str, on: list[str], off: list[str]) -> None:
    for price in on:
        check_tick(D(price), structure)
        check_tick(D(price), PriceLevelStructure(structure))
    for price in off:
        with pytest.raises(ValueError, match="off the tick grid") as info:
            check_tick(D(price), structure)
        below, above = nearest_ticks(D(price), structure)
        # Only valid prices are suggested: never 0 or 1.
        choices = [p for p in (below, above) if p is not None]
        assert f"use {' or '.join(map(str, choices))}" in str(info.value)
        assert choices and all(D(0) < p < D(1) for p in choices)
        assert (below is None or below < D(price)) and (above is None or D(price) < above)


def test_tick_size_and_unknown_structure() -> None:
    assert tick_size(D("0.05"), "tapered_deci_cent") == D("0.001")
    assert tick_size(D("0.5"), "tapered_deci_cent") == D("0.01")
    assert tick_size(D("0.95"), "tapered_deci_cent") == D("0.001")
    with pytest.raises(ValueError, match="unknown price level structure"):
        check_tick(D("0.5"), "quarter_cent")


@given(st.integers(min_value=1, max_value=9999))
def test_dollars_wire_round_trips_exactly(ten_thousandths: int) -> None:
    price = D(ten_thousandths).scaleb(-4)
    wire = dollars_to_wire(price)
    assert to_decimal(wire) == price
    assert 2 <= len(wire.split(".")[1]) <= 4


@given(st.integers(min_value=0, max_value=99_999_999_999))
def test_count_wire_round_trips_exactly(hundredths: int) -> None:
    count = D(hundredths).scaleb(-2)
    assert to_decimal(count_to_wire(count)) == count
