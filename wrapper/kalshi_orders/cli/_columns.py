"""The columns each command can show (``--columns``), most important first.

A table keeps columns in ``priority`` order until the terminal is full (1 is kept first; 0 means only when
asked for with ``--columns``): at 80 columns an order shows its id, status, side, price and remaining count,
and the ticker and the rest join as the terminal widens. TSV, CSV and JSON get the default columns (or the
chosen ones) with the exact wire values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ._output import Column

__all__ = ["BATCH_CANCEL_COLUMNS", "BATCH_CREATE_COLUMNS", "ORDER_COLUMNS", "QUEUE_COLUMNS", "count", "money"]


def money(wire: Any) -> str:
    """``"0.5600"`` -> ``0.56``, ``"0.5650"`` -> ``0.565`` (never through float)."""
    if not isinstance(wire, str) or not wire:
        return "" if wire is None else str(wire)
    value = Decimal(wire).normalize()
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return format(value.quantize(Decimal(1).scaleb(min(-2, exponent))), "f")


def count(wire: Any) -> str:
    """``"10.00"`` -> ``10``, ``"2.50"`` -> ``2.5``."""
    if not isinstance(wire, str) or not wire:
        return "" if wire is None else str(wire)
    value = Decimal(wire)
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def _time(wire: Any) -> str:
    """``2026-11-23T15:00:00.123Z`` -> ``2026-11-23 15:00:00`` (UTC as sent)."""
    if not isinstance(wire, str):
        return ""
    return wire.replace("T", " ")[:19]


def _value(wire: Any) -> str:
    return "" if wire is None else getattr(wire, "value", str(wire))


def _field(name: str) -> Any:
    return lambda order: getattr(order.raw, name)


def _text(name: str) -> Any:
    return lambda order: _value(getattr(order.raw, name))


def _opt(value: Any) -> Any:
    return None if type(value).__name__ == "Unset" else value


def _order(
    key: str, header: str, priority: int, show: Any, wire: Any, **kw: Any
) -> Column:  # the Order view's raw model carries the wire values
    return Column(key, header, show, wire, priority, **kw)


ORDER_COLUMNS: tuple[Column, ...] = (
    _order("order_id", "ORDER ID", 1, _text("order_id"), _field("order_id"), ident=True),
    _order("ticker", "TICKER", 6, _text("ticker"), _field("ticker"), ident=True),
    _order("status", "STATUS", 2, _text("status"), lambda o: _value(o.raw.status)),
    _order("book_side", "SIDE", 3, _text("book_side"), lambda o: _value(o.raw.book_side)),
    _order(
        "yes_price",
        "YES",
        4,
        lambda o: money(o.raw.yes_price_dollars),
        _field("yes_price_dollars"),
        right=True,
    ),
    _order(
        "remaining",
        "LEFT",
        5,
        lambda o: count(o.raw.remaining_count_fp),
        _field("remaining_count_fp"),
        right=True,
    ),
    _order(
        "filled",
        "FILLED",
        7,
        lambda o: f"{count(o.raw.fill_count_fp)}/{count(o.raw.initial_count_fp)}",
        _field("fill_count_fp"),
        right=True,
    ),
    _order(
        "created",
        "CREATED (UTC)",
        8,
        lambda o: _time(_opt(o.raw.created_time)),
        lambda o: _opt(o.raw.created_time),
    ),
    _order("outcome_side", "OUTCOME", 9, _text("outcome_side"), lambda o: _value(o.raw.outcome_side)),
    _order(
        "no_price", "NO", 10, lambda o: money(o.raw.no_price_dollars), _field("no_price_dollars"), right=True
    ),
    _order(
        "client_order_id",
        "CLIENT ORDER ID",
        11,
        _text("client_order_id"),
        _field("client_order_id"),
        ident=True,
    ),
    _order(
        "initial",
        "INITIAL",
        0,
        lambda o: count(o.raw.initial_count_fp),
        _field("initial_count_fp"),
        right=True,
    ),
    _order("type", "TYPE", 0, _text("type_"), lambda o: _value(o.raw.type_)),
    _order(
        "expiration",
        "EXPIRES (UTC)",
        0,
        lambda o: _time(_opt(o.raw.expiration_time)),
        lambda o: _opt(o.raw.expiration_time),
    ),
    _order(
        "updated",
        "UPDATED (UTC)",
        0,
        lambda o: _time(_opt(o.raw.last_update_time)),
        lambda o: _opt(o.raw.last_update_time),
    ),
    _order(
        "subaccount",
        "SUB",
        0,
        lambda o: _value(_opt(o.raw.subaccount_number)),
        lambda o: _opt(o.raw.subaccount_number),
    ),
    _order(
        "exchange_index",
        "SHARD",
        0,
        lambda o: _value(_opt(o.raw.exchange_index)),
        lambda o: _opt(o.raw.exchange_index),
    ),
)

QUEUE_COLUMNS: tuple[Column, ...] = (
    Column("order_id", "ORDER ID", lambda p: p.order_id, lambda p: p.order_id, 1, ident=True),
    Column("market_ticker", "TICKER", lambda p: p.market_ticker, lambda p: p.market_ticker, 3, ident=True),
    Column(
        "queue_position",
        "AHEAD",
        lambda p: count(p.raw.queue_position_fp),
        lambda p: p.raw.queue_position_fp,
        2,
        right=True,
    ),
)


def _item_error(item: Any) -> str:
    error = item.error
    if error is None:
        return ""
    code = getattr(error, "code", None)
    return f"{code}: {error.message}" if code else str(error.message)


BATCH_CREATE_COLUMNS: tuple[Column, ...] = (
    Column("item", "#", lambda r: str(r[0]), lambda r: r[0], 1, right=True),
    Column("ok", "OK", lambda r: "ok" if r[1].ok else "FAILED", lambda r: r[1].ok, 2),
    Column("order_id", "ORDER ID", lambda r: r[1].order_id or "", lambda r: r[1].order_id, 3, ident=True),
    Column(
        "remaining",
        "LEFT",
        lambda r: "" if r[1].remaining_count is None else count(str(r[1].remaining_count)),
        lambda r: None if r[1].remaining_count is None else str(r[1].remaining_count),
        5,
        right=True,
    ),
    Column(
        "error", "ERROR", lambda r: _item_error(r[1]), lambda r: _item_error(r[1]) or None, 4, max_width=60
    ),
    Column(
        "client_order_id",
        "CLIENT ORDER ID",
        lambda r: r[1].client_order_id,
        lambda r: r[1].client_order_id,
        6,
        ident=True,
    ),
)

BATCH_CANCEL_COLUMNS: tuple[Column, ...] = (
    Column("item", "#", lambda r: str(r[0]), lambda r: r[0], 1, right=True),
    Column("ok", "OK", lambda r: "ok" if r[1].ok else "FAILED", lambda r: r[1].ok, 2),
    Column("order_id", "ORDER ID", lambda r: r[1].order_id, lambda r: r[1].order_id, 3, ident=True),
    Column(
        "reduced_by",
        "CANCELED",
        lambda r: count(r[1].raw.reduced_by) if r[1].ok and r[1].raw is not None else "",
        lambda r: None if r[1].raw is None else r[1].raw.reduced_by,
        5,
        right=True,
    ),
    Column(
        "error", "ERROR", lambda r: _item_error(r[1]), lambda r: _item_error(r[1]) or None, 4, max_width=60
    ),
)
