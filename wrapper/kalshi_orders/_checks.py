"""Argument checks shared by every call, and the account limits they enforce (one home for each number).

Each check raises :class:`OrderValidationError` (nothing is sent) with a message that names the argument,
the accepted range and the value given.
"""

from __future__ import annotations

from .errors import OrderValidationError

__all__ = ["MAX_SUBACCOUNT", "check_int", "check_order_id", "check_subaccount"]

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


def check_order_id(order_id: object) -> str:
    if not isinstance(order_id, str) or not order_id.strip():
        raise OrderValidationError(f"order_id must be a non-empty string, got {order_id!r}")
    return order_id
