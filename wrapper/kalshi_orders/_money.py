"""Exact money and count conversions: Decimal on the wrapper's surface, fixed-point strings on the wire.

Floats are refused everywhere: 0.56 as a float is 0.56000000000000005329..., not a price.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NoReturn

from ._grid import PriceGrid, PriceLevelStructure

__all__ = [
    "ONE",
    "PriceLevelStructure",
    "check_tick",
    "count_to_wire",
    "dollars_to_wire",
    "nearest_ticks",
    "parse_count",
    "parse_price",
    "tick_size",
    "to_decimal",
]

ONE = Decimal(1)
_MAX_PRICE_DECIMALS = 4
_MAX_COUNT_DECIMALS = 2
_MAX_COUNT = Decimal(10) ** 9  # CountRequest allows at most 9 integer digits
_WIRE_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def _float_hint(value: float, what: str, text: str | None = None) -> str:
    text = repr(value) if text is None else text
    return (
        f"{what} {text} is a float, which cannot hold decimal amounts exactly: "
        f'pass Decimal("{text}") or the string "{text}"'
    )


def to_decimal(wire: str) -> Decimal:
    """Parse a wire fixed-point string (``"0.5600"``, ``"10.00"``, ``"-1.5"``) exactly.

    Exponents, NaN, infinities, whitespace and non-strings are refused with :class:`ValueError`.
    """
    if not isinstance(wire, str):
        if isinstance(wire, float):
            raise ValueError(_float_hint(wire, "value"))
        raise ValueError(f"expected a fixed-point string such as '0.5600', got {type(wire).__name__}")
    if not _WIRE_NUMBER.fullmatch(wire):
        raise ValueError(f"{wire!r} is not a fixed-point decimal string (digits, optional '.', no exponent)")
    return Decimal(wire)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only reach here
    return max(0, -exponent)


def _require_finite_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, float):
        raise ValueError(_float_hint(value, what))
    if not isinstance(value, Decimal):
        raise ValueError(f"{what} must be a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value}")
    return value


def dollars_to_wire(value: Decimal) -> str:
    """The shortest wire form with 2 to 4 decimals: ``0.5`` → ``"0.50"``, ``0.565`` → ``"0.565"``."""
    value = _require_finite_decimal(value, "amount")
    places = _decimals(value)
    if places > _MAX_PRICE_DECIMALS:
        raise ValueError(
            f"amount {value} has more than {_MAX_PRICE_DECIMALS} decimals; the API takes at most 4"
        )
    return format(value.quantize(Decimal(1).scaleb(-max(2, places))), "f")


def count_to_wire(value: Decimal) -> str:
    """The shortest wire form of a non-negative count with 0 to 2 decimals: ``10`` → ``"10"``,
    ``2.50`` → ``"2.5"``."""
    value = _require_finite_decimal(value, "count")
    if value < 0:
        raise ValueError(f"count {value} is negative")
    places = _decimals(value)
    if places > _MAX_COUNT_DECIMALS:
        raise ValueError(f"count {value} has more than 2 decimals; the smallest step is 0.01 contracts")
    if value >= _MAX_COUNT:
        raise ValueError(f"count {value} is too large (at most 999999999.99)")
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def _to_decimal_input(value: object, what: str) -> Decimal:
    """Decimal from a Decimal or a decimal string; floats and bools refused."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not a bool")
    if isinstance(value, float):
        raise ValueError(_float_hint(value, what))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        if not _WIRE_NUMBER.fullmatch(text):
            raise ValueError(f"{what} {value!r} is not a decimal number such as '0.56'")
        result = Decimal(text)
    else:
        raise ValueError(f"{what} must be a Decimal, a decimal string or an int, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what} must be a finite number, got {result}")
    return result


def _check_price(price: Decimal, shown: object, what: str) -> Decimal:
    if not 0 < price < ONE:
        hint = ""
        if ONE <= price < 100 and price == price.to_integral_value():
            cents = int(price)
            unit = "cent" if cents == 1 else "cents"
            hint = f"; did you mean {cents} {unit}? pass the int {cents} or the dollars '0.{cents:02d}'"
        raise ValueError(f"{what} {shown} is not strictly between 0 and 1 dollar{hint}")
    if _decimals(price) > _MAX_PRICE_DECIMALS:
        raise ValueError(f"{what} {shown} has more than 4 decimals; the API takes at most 4")
    return price


def _check_count(count: Decimal, shown: object, what: str, allow_zero: bool) -> Decimal:
    if count < 0 or (count == 0 and not allow_zero):
        raise ValueError(f"{what} {shown} must be {'zero or more' if allow_zero else 'more than zero'}")
    if _decimals(count) > _MAX_COUNT_DECIMALS:
        raise ValueError(f"{what} {shown} has more than 2 decimals; the smallest step is 0.01 contracts")
    if count >= _MAX_COUNT:
        raise ValueError(f"{what} {shown} is too large (at most 999999999.99)")
    return count


def _refuse_float(value: float, what: str, check: Callable[[Decimal, object], object]) -> NoReturn:
    """A float is never taken; say first what else is wrong with the number (a float hint that suggests a
    value which is then refused for its size would only send the caller round in circles)."""
    if not math.isfinite(value):
        raise ValueError(f"{what} {value!r} is a float and not a finite number")
    exact = Decimal(repr(value))
    shown = format(exact.normalize(), "f")
    try:
        check(exact, shown)
    except ValueError as exc:
        raise ValueError(f"{exc} (and pass a Decimal, a string or an int, never a float)") from None
    raise ValueError(_float_hint(value, what, shown))


def parse_price(value: Decimal | str | int, *, what: str = "price") -> Decimal:
    """A price in dollars, strictly between 0 and 1, with at most 4 decimals.

    An ``int`` means cents (``56`` → ``0.56``); a ``str`` or ``Decimal`` means dollars (``"0.56"``).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 < value < 100:
            raise ValueError(
                f"{what} {value} (int, read as cents) must be between 1 and 99; "
                'for dollars pass a Decimal or a string such as "0.56"'
            )
        return Decimal(value) / 100
    if isinstance(value, float):
        _refuse_float(value, what, lambda exact, shown: _check_price(exact, shown, what))
    return _check_price(_to_decimal_input(value, what), value, what)


def parse_count(value: Decimal | str | int, *, what: str = "count", allow_zero: bool = False) -> Decimal:
    """A contract count: positive (or zero when allowed), at most 2 decimals (0.01 contracts)."""
    if isinstance(value, int) and not isinstance(value, bool):
        count = Decimal(value)
    elif isinstance(value, float):
        _refuse_float(value, what, lambda exact, shown: _check_count(exact, shown, what, allow_zero))
    else:
        count = _to_decimal_input(value, what)
    return _check_count(count, value, what, allow_zero)


def tick_size(price: Decimal, structure: PriceLevelStructure | str) -> Decimal:
    """The tick at ``price`` in a named structure: linear_cent 0.01; deci_cent 0.001; tapered_deci_cent 0.001
    below 0.10 and above 0.90, 0.01 between (the boundaries themselves lie on both grids)."""
    return PriceGrid.named(structure).tick_at(price)


def nearest_ticks(
    price: Decimal, structure: PriceLevelStructure | str
) -> tuple[Decimal | None, Decimal | None]:
    """The valid prices of a named structure nearest below and above ``price`` (None past 0 or 1)."""
    return PriceGrid.named(structure).neighbours(price)


def check_tick(price: Decimal, structure: PriceLevelStructure | str) -> None:
    """Raise :class:`ValueError` (naming the nearest valid prices) if ``price`` is off a named structure's
    grid. A market read from the API is checked against its published bands instead (see ``_grid``)."""
    price = _require_finite_decimal(price, "price")
    PriceGrid.named(structure).check_price(price)
