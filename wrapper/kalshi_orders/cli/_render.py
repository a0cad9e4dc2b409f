"""How orders look on a terminal and in files. Money and counts come from the wire strings or from Decimal,
never through float."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from .._models import Order

__all__ = ["CSV_COLUMNS", "csv_header", "csv_rows", "jsonl", "order_details", "orders_table"]

# The Order fields of the curated spec, in reading order; any other key goes to the `extra` column as JSON.
CSV_COLUMNS = (
    "order_id",
    "client_order_id",
    "user_id",
    "ticker",
    "status",
    "type",
    "book_side",
    "outcome_side",
    "yes_price_dollars",
    "no_price_dollars",
    "initial_count_fp",
    "fill_count_fp",
    "remaining_count_fp",
    "taker_fill_cost_dollars",
    "maker_fill_cost_dollars",
    "taker_fees_dollars",
    "maker_fees_dollars",
    "created_time",
    "last_update_time",
    "expiration_time",
    "last_update_reason",
    "self_trade_prevention_type",
    "order_group_id",
    "cancel_order_on_pause",
    "subaccount_number",
    "exchange_index",
    "extra",
)
_KNOWN = frozenset(CSV_COLUMNS[:-1])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_header() -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    return buf.getvalue().encode("utf-8")


def csv_rows(orders: Iterable[Order]) -> bytes:
    """One CSV row per order, wire strings kept exact; unknown keys kept as JSON in `extra`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for order in orders:
        data = order.to_dict()
        extra = {k: v for k, v in data.items() if k not in _KNOWN}
        row = [_cell(data.get(name)) for name in CSV_COLUMNS[:-1]]
        row.append(orjson.dumps(extra, option=orjson.OPT_SORT_KEYS).decode() if extra else "")
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def jsonl(orders: Iterable[Order]) -> bytes:
    """One JSON object per line, exactly the keys and strings the API sent."""
    return b"".join(orjson.dumps(order.to_dict()) + b"\n" for order in orders)


def _fill(order: Order) -> str:
    return f"{order.fill_count}/{order.initial_count}"


def orders_table(orders: Iterable[Order]) -> Table:
    table = Table(show_lines=False)
    table.add_column("Order ID", no_wrap=True, overflow="fold")
    table.add_column("Ticker", no_wrap=True)
    table.add_column("Status")
    table.add_column("Book")
    table.add_column("Outcome")
    table.add_column("YES $", justify="right")
    table.add_column("NO $", justify="right")
    table.add_column("Filled/Initial", justify="right")
    table.add_column("Remaining", justify="right")
    table.add_column("Created (UTC)", no_wrap=True)
    for order in orders:
        created = order.created_time
        table.add_row(
            Text(order.order_id),
            Text(order.ticker),
            order.status.value,
            order.book_side.value,
            order.outcome_side.value,
            str(order.yes_price),
            str(order.no_price),
            _fill(order),
            str(order.remaining_count),
            created.strftime("%Y-%m-%d %H:%M:%S") if created is not None else "",
        )
    return table


def order_details(order: Order) -> Table:
    """Every field of one order as label/value rows (wire values, so nothing is rounded)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in order.to_dict().items():
        shown = orjson.dumps(value).decode() if isinstance(value, dict | list) else _cell(value)
        grid.add_row(key, Text(shown))
    return grid
