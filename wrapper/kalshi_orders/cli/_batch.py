"""``kalshi-orders orders batch place FILE`` and ``orders batch cancel``: many orders in few requests.

Every order of the file is checked (fields, prices against each market's grid) before the first request is
sent: one bad line refuses the whole file, naming the line. The orders then go out in as few batch requests
as the rate-limit tier allows, each item succeeding or failing on its own; one row per item says which.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer
from rich.console import Console

from .._environments import Environment
from ._errors import EXIT_ERROR, CliError
from ._options import AsJson, Columns, FormatOption
from ._orders import orders_app
from ._output import RowWriter, choose_format, pick_columns
from ._state import state

if TYPE_CHECKING:
    from kalshi_orders_api.models.create_order_v2_request import CreateOrderV2Request

__all__: list[str] = []

batch_app = typer.Typer(help="Place or cancel many orders in few requests.", no_args_is_help=True)
orders_app.add_typer(batch_app, name="batch")

_BOOLS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
_INTS = ("subaccount", "exchange_index", "expiration_time")


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _read_text(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror or exc}.") from None


def _from_csv(text: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        item: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or value.strip() == "":
                continue
            key, value = key.strip(), value.strip()
            if key in ("post_only", "reduce_only", "cancel_order_on_pause"):
                if value.lower() not in _BOOLS:
                    raise CliError(f"line {number}: {key} must be true or false, not {value!r}.")
                item[key] = _BOOLS[value.lower()]
            elif key in _INTS and value.lstrip("-").isdigit():
                item[key] = int(value)
            else:
                item[key] = value
        rows.append((number, item))
    return rows


def read_orders(source: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, order fields) from JSON lines, a JSON array, or CSV with a header row.

    JSON numbers are read exactly (``0.56`` is a Decimal, never a float); as in the library, an integer
    price means cents and a decimal one dollars.
    """
    text = _read_text(source)
    stripped = text.lstrip()
    if not stripped:
        raise CliError(f"{source} holds no orders.")

    def loads(chunk: str) -> Any:
        return json.loads(chunk, parse_float=Decimal)

    items: list[tuple[int, Any]]
    try:
        if stripped.startswith("["):
            items = [(0, item) for item in loads(text)]
        elif stripped.startswith("{"):
            lines = text.splitlines()
            items = [(n, loads(line)) for n, line in enumerate(lines, start=1) if line.strip()]
        else:
            items = list(_from_csv(text))
    except json.JSONDecodeError as exc:
        raise CliError(f"{source} is not valid JSON lines or a JSON array: {exc}.") from None
    for index, (number, item) in enumerate(items, start=1):
        if not isinstance(item, dict):
            where = f"line {number}" if number else f"item {index}"
            raise CliError(f"{where} of {source} is not an object of order fields.")
    return [(number or index, item) for index, (number, item) in enumerate(items, start=1)]


def _build(number: int, fields: dict[str, Any]) -> CreateOrderV2Request:
    from .._order_entry import CreateOrderFields, build_create_order
    from ..errors import OrderValidationError

    known = set(CreateOrderFields.__annotations__)
    unknown = sorted(set(fields) - known)
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, known, n=1)
            hints.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
        raise CliError(
            f"line {number}: unknown field(s) {', '.join(hints)}; the fields are {', '.join(sorted(known))}. "
            "Nothing was sent."
        )
    try:
        return build_create_order(**fields)
    except (OrderValidationError, TypeError) as exc:
        # The file uses the library's field names, so the message keeps them too.
        raise CliError(f"line {number}: {exc}. Nothing was sent.") from None


def _check_grids(client: Any, numbered: list[tuple[int, dict[str, Any]]], requests: list[Any]) -> None:
    """Each market read once; every order against its grid before anything is sent (orders with their
    own ``tick`` were checked against it already)."""
    from ..errors import KalshiError

    grids: dict[str, Any] = {}
    for (number, fields), request in zip(numbered, requests, strict=True):
        if fields.get("tick") is not None:
            continue
        if request.ticker not in grids:
            try:
                grids[request.ticker] = client.markets.get(request.ticker).grid
            except (KalshiError, ValueError):
                grids[request.ticker] = None  # the exchange will judge (the client logs why)
        grid = grids[request.ticker]
        if grid is None:
            continue
        try:
            grid.check_price(Decimal(request.price), what="the YES price")
            grid.check_count(Decimal(request.count))
        except ValueError as exc:
            raise CliError(f"line {number}: {exc}. Nothing was sent.") from None


@batch_app.command("place")
def place_command(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="Orders as JSON lines, a JSON array, or CSV with a header; - reads standard input.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every order and print the V2 bodies; send nothing.")
    ] = False,
    fmt: FormatOption = None,
    columns: Columns = None,
    as_json: AsJson = False,
) -> None:
    """Place every order of FILE (BatchCreateOrdersV2), in as few requests as the tier allows.

    Each order has the fields of `orders place` in the library's names: ticker, count, and either side +
    action + yes_price or no_price, or book_side + price (the YES price); optional time_in_force,
    client_order_id, expiration_time, post_only, reduce_only, self_trade_prevention_type, subaccount, tick.
    Example line: {"ticker": "KXSANDBOX-26DEC31-T50", "side": "yes", "action": "buy", "yes_price": "0.30",
    "count": 5}. Every order is checked first; one bad line sends nothing. Exit status 1 if any order was
    refused. On production a confirmation is asked unless --yes."""
    from ._columns import BATCH_CREATE_COLUMNS

    numbered = read_orders(file)
    requests = [_build(number, fields) for number, fields in numbered]
    seen: dict[str, int] = {}
    for (number, _), request in zip(numbered, requests, strict=True):
        first = seen.setdefault(str(request.client_order_id), number)
        if first != number:
            raise CliError(
                f"line {number}: client_order_id {request.client_order_id!r} is also on line {first}: each "
                "order needs its own. Nothing was sent."
            )
    if dry_run:
        for request in requests:
            sys.stdout.write(orjson.dumps(request.to_dict()).decode() + "\n")
        _err().print(
            f"Dry run: {len(requests)} order(s) checked, nothing was sent (prices not checked against the "
            "markets' grids: that needs the API).",
            markup=False,
        )
        return
    st = state(ctx)
    url, env = st.resolve_url()
    if env is Environment.PRODUCTION and not yes:
        try:
            confirmed = typer.confirm(
                f"PRODUCTION ({url}), real money: place {len(requests)} order(s)?", default=False, err=True
            )
        except typer.Abort:
            confirmed = False
        if not confirmed:
            raise CliError("Not confirmed: nothing was sent.", 1)
    writer = RowWriter(
        choose_format(fmt, as_json, sys.stdout),
        BATCH_CREATE_COLUMNS,
        chosen=pick_columns(BATCH_CREATE_COLUMNS, columns),
    )
    failed = 0
    with st.client() as client:
        _check_grids(client, numbered, requests)
        size = max(1, client.rate_limiter.max_items("BatchCreateOrdersV2"))
        for start in range(0, len(requests), size):
            result = client.orders.batch_create(requests[start : start + size])
            rows = [(numbered[start + i][0], item) for i, item in enumerate(result)]
            failed += sum(1 for _, item in rows if not item.ok)
            writer.write(rows)
    writer.finish()
    _err().print(f"{len(requests) - failed} order(s) placed, {failed} refused.", markup=False)
    if failed:
        raise typer.Exit(EXIT_ERROR)


def _read_ids(ids: list[str], source: str | None) -> list[str]:
    found = list(ids)
    if source is not None:
        found += [line.strip() for line in _read_text(source).splitlines() if line.strip()]
    if not found:
        raise CliError(
            "name the orders to cancel: order ids as arguments, or --file FILE (one id a line, - for stdin)."
        )
    return list(dict.fromkeys(found))  # each once, in the order given


@batch_app.command("cancel")
def cancel_command(
    ctx: typer.Context,
    order_ids: Annotated[
        list[str] | None, typer.Argument(help="Order ids.", show_default=False, metavar="[ORDER_ID]...")
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", help="Order ids, one a line (- reads standard input).", show_default=False),
    ] = None,
    fmt: FormatOption = None,
    columns: Columns = None,
    as_json: AsJson = False,
) -> None:
    """Cancel several resting orders (BatchCancelOrdersV2), in as few requests as the tier allows. One row
    per order says whether it was canceled. Exit status 1 if any cancel was refused."""
    from ._columns import BATCH_CANCEL_COLUMNS

    ids = _read_ids(order_ids or [], file)
    writer = RowWriter(
        choose_format(fmt, as_json, sys.stdout),
        BATCH_CANCEL_COLUMNS,
        chosen=pick_columns(BATCH_CANCEL_COLUMNS, columns),
    )
    failed = 0
    with state(ctx).client() as client:
        size = max(1, client.rate_limiter.max_items("BatchCancelOrdersV2"))
        for start in range(0, len(ids), size):
            result = client.orders.batch_cancel(ids[start : start + size])
            rows = [(start + i + 1, item) for i, item in enumerate(result)]
            failed += sum(1 for _, item in rows if not item.ok)
            writer.write(rows)
    writer.finish()
    _err().print(f"{len(ids) - failed} order(s) canceled, {failed} refused.", markup=False)
    if failed:
        raise typer.Exit(EXIT_ERROR)
