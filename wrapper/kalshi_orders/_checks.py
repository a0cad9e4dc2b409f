"""Argument checks shared by every call, and the account limits they enforce (one home for each number).

Each check raises :class:`OrderValidationError` (nothing is sent) with a message that names the argument,
the accepted range and the value given.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import OrderValidationError

__all__ = [
    "MAX_SUBACCOUNT",
    "check_int",
    "check_order_id",
    "check_path_segment",
    "check_subaccount",
    "check_ticker",
    "check_ticker_list",
]

# Subaccounts of one member: 0 is the primary account, 1-63 are subaccounts (the spec's `maximum: 63`).
MAX_SUBACCOUNT = 63


def check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    """An int (not a bool) from ``low`` to ``high`` (inclusive; no upper bound when None)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        bounds = f"{low} to {high}" if high is not None else f"{low} or more"
        raise OrderValidationError(f"{name} must be an int from {bounds}, not {value!r}")
    return value


def check_subaccount(value: int | None) -> int | None:
    """0 = primary, 1-63 = subaccounts; None = not sent (the server's default applies)."""
    if value is None:
        return None
    return check_int("subaccount", value, 0, MAX_SUBACCOUNT)


# A URL path resolves these segments away (RFC 3986 5.2.4, which httpx applies): an order id of "." would
# turn DELETE /portfolio/events/orders/{order_id} into DELETE /portfolio/events/orders, CancelAllOrders.
_DOT_SEGMENTS = frozenset({".", ".."})


def check_path_segment(name: str, value: object, method: str, path: str) -> None:
    """A path parameter must stay one segment of ``path``: never empty, ``.`` or ``..``."""
    if str(value) in _DOT_SEGMENTS or str(value) == "":
        raise OrderValidationError(
            f"{name} {value!r} cannot be sent: as a segment of {method} {path} it would be resolved away "
            "and the request would reach another endpoint; pass the id or ticker the API gave"
        )


def check_order_id(order_id: object) -> str:
    if not isinstance(order_id, str) or not order_id.strip():
        raise OrderValidationError(f"order_id must be a non-empty string, got {order_id!r}")
    return order_id


def check_ticker(name: str, value: object) -> str:
    """One market or event ticker: a non-empty string without commas or surrounding spaces."""
    if not isinstance(value, str) or not value.strip() or value != value.strip() or "," in value:
        raise OrderValidationError(
            f"{name} must be one ticker such as 'KXSANDBOX-26DEC31-T50', not {value!r}"
        )
    return value


def check_ticker_list(name: str, value: str | Sequence[str]) -> str:
    """Tickers as the API's comma-separated list, from ``"A,B"`` or ``["A", "B"]`` (spaces around names
    dropped; an empty name, as in ``"A,,B"``, refused)."""
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",")]
    elif isinstance(value, Sequence) and not isinstance(value, bytes):
        names = [part.strip() if isinstance(part, str) else part for part in value]
    else:
        raise OrderValidationError(f"{name} must be a ticker or a list of tickers, not {value!r}")
    if not names or any(not isinstance(part, str) or not part or "," in part for part in names):
        raise OrderValidationError(
            f"{name} must be market tickers such as 'KXSANDBOX-26DEC31-T50' (a list, or one string separated "
            f"by commas), not {value!r}"
        )
    return ",".join(names)
