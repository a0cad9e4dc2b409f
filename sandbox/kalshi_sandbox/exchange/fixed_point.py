"""Exact fixed-point parsing and wire formatting (Decimal only, never float)."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal
from typing import Any

from kalshi_sandbox.exchange.errors import ExchangeError

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
_Q4 = Decimal("0.0001")
_Q6 = Decimal("0.000001")
_MAX_COUNT = Decimal("999999999.99")

_COUNT_RE = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_PRICE_RE = re.compile(r"^0\.\d{1,4}$")


def parse_count(value: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    """A request count: a string with 0–2 decimals (ints accepted too); 400 ``invalid_count`` otherwise."""
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _COUNT_RE.match(text):
        raise ExchangeError(
            400,
            "invalid_count",
            f"{field} must be a contract count string with at most 2 decimals, e.g. '10'",
        )
    count = Decimal(text)
    if count > _MAX_COUNT or (count == ZERO and not allow_zero):
        low = "0" if allow_zero else "0.01"
        raise ExchangeError(400, "invalid_count", f"{field} must be between {low} and {_MAX_COUNT}")
    return count


def parse_price(value: Any, field: str = "price") -> Decimal:
    """A request YES price: '0.01'..'0.9999' style string, 1–4 decimals; 400 ``invalid_price`` otherwise."""
    if not isinstance(value, str) or not _PRICE_RE.match(value) or Decimal(value) == ZERO:
        raise ExchangeError(
            400, "invalid_price", f"{field} must be a dollar string strictly between 0 and 1, e.g. '0.56'"
        )
    return Decimal(value)


_COUNT_TEXT: dict[Decimal, str] = {}


def fmt_count(value: Decimal) -> str:
    """Counts on the wire: exactly 2 decimals ('10.00'). Counts never carry more than 2 decimals."""
    text = _COUNT_TEXT.get(value)
    if text is None:
        text = f"{value:.2f}"
        if len(_COUNT_TEXT) < 100_000:  # bounded cache: a few distinct counts recur on most orders
            _COUNT_TEXT[value] = text
    return text


def fmt_dollars(value: Decimal) -> str:
    """Dollars on the wire: 4 decimals, or 6 when the amount needs them (sub-cent costs and averages)."""
    if not value:
        return "0.0000"
    if value.quantize(_Q4) == value:
        return f"{value:.4f}"
    return format(value.quantize(_Q6), "f")


_PRICE_PAIRS: dict[Decimal, tuple[str, str]] = {}


def fmt_price_pair(yes_price: Decimal) -> tuple[str, str]:
    """``(yes_price_dollars, no_price_dollars)``; they always sum to exactly 1 (cached: prices are few)."""
    pair = _PRICE_PAIRS.get(yes_price)
    if pair is None:
        pair = _PRICE_PAIRS[yes_price] = (fmt_dollars(yes_price), fmt_dollars(ONE - yes_price))
    return pair


def fee(rate: Decimal, count: Decimal, price: Decimal) -> Decimal:
    """Kalshi's trading fee: ceil(rate × C × P × (1 − P)) to the cent."""
    if rate == ZERO or count == ZERO:
        return ZERO
    return (rate * count * price * (ONE - price)).quantize(CENT, rounding=ROUND_CEILING)
