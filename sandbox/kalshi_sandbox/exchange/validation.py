"""Re-checks of write bodies (the server validates against the spec first; the engine never trusts it)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kalshi_sandbox.exchange.errors import ExchangeError
from kalshi_sandbox.exchange.fixed_point import parse_price
from kalshi_sandbox.exchange.markets import MarketConfig, on_grid, tick_size

BOOK_SIDES = ("bid", "ask")
TIMES_IN_FORCE = ("fill_or_kill", "good_till_canceled", "immediate_or_cancel")
STP_TYPES = ("taker_at_cross", "maker")
LEGACY_PRICE_FIELDS = ("yes_price", "no_price", "yes_price_dollars", "no_price_dollars")
MAX_SUBACCOUNT = 63


def invalid(message: str, code: str = "invalid_order") -> ExchangeError:
    return ExchangeError(400, code, message)


def require_dict(body: Any, what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid(f"{what} must be a JSON object")
    return body


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_no_legacy_price(body: dict[str, Any]) -> None:
    legacy = [key for key in LEGACY_PRICE_FIELDS if key in body]
    if legacy:
        raise invalid(
            f"exactly one price per order: send only the YES `price` and remove {', '.join(legacy)} "
            "(buy NO at q = ask at 1 − q)"
        )


def choice(body: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = body.get(key)
    if value not in allowed:
        raise invalid(f"{key} must be one of {', '.join(allowed)} (got {value!r})")
    return str(value)


def subaccount(value: Any) -> int:
    if not is_int(value) or not 0 <= value <= MAX_SUBACCOUNT:
        raise invalid(
            f"subaccount must be an integer 0–{MAX_SUBACCOUNT} (got {value!r})", "invalid_subaccount"
        )
    return int(value)


def optional_bool(body: dict[str, Any], key: str) -> bool:
    value = body.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(f"{key} must be true or false (got {value!r})")
    return value


def client_order_id(value: Any, key: str = "client_order_id") -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise invalid(f"{key} must be a string of 1–64 characters")
    return value


def grid_price(value: Any, market: MarketConfig) -> Decimal:
    price = parse_price(value)
    if not on_grid(market.price_level_structure, price):
        tick = tick_size(market.price_level_structure, price)
        raise ExchangeError(
            400,
            "invalid_price",
            f"price {value} is not on the {market.price_level_structure} tick grid of {market.ticker}: "
            f"use a multiple of {tick} at this price",
        )
    return price


def route(value: Any, market: MarketConfig) -> None:
    """Create/amend ``exchange_index``: omitted or -1 auto-route by ticker; an explicit shard must match."""
    if value is None or value == -1:
        return
    if not is_int(value) or value != market.exchange_index:
        raise invalid(
            f"exchange_index {value!r} does not match market {market.ticker} "
            f"(shard {market.exchange_index}); omit it to auto-route by ticker",
            "invalid_exchange_index",
        )
