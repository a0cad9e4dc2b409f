"""``kalshi-orders orders ...``: list, export, get, place, cancel, cancel-all."""

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import orjson
import typer
from rich.console import Console

from .._checks import MAX_SUBACCOUNT
from .._environments import Environment
from ..errors import KalshiError
from ._errors import EXIT_INTERRUPTED, CliError
from ._export import ExportFormat, open_export, sidecar_path, write_pages
from ._options import AsJson, Columns, FormatOption
from ._output import RowWriter, choose_format, pick_columns
from ._render import order_details
from ._state import CliState, state

# The client, the models and rich's progress bars are imported by the commands that use them: the CLI's
# start-up (and every `--help`) needs none of them (bench/bench_startup.py).
if TYPE_CHECKING:
    from rich.progress import Progress

    from .._models import CreateResult
    from .._order_entry import CreateOrderFields

__all__ = ["orders_app"]

orders_app = typer.Typer(
    help="List, export, look up, place, amend and cancel orders; queue positions; batches.",
    no_args_is_help=True,
)

_MAX_UNIX_SECONDS = 10**11  # beyond this an integer is almost surely milliseconds


def _out() -> Console:
    # soft_wrap: a long line is left to the terminal to wrap, and never broken up in a pipe or a file.
    return Console(highlight=False, soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _expiration(value: str | None) -> int | None:
    """--expiration as Unix seconds, refused (in the option's words) when it is already past."""
    seconds = _unix_seconds(value, "--expiration")
    if seconds is not None:
        from .._order_entry import check_not_past

        check_not_past(seconds, f"--expiration {value}", "give a future time")  # exit 2, like any bad order
    return seconds


def _unix_seconds(value: str | None, option: str) -> int | None:
    """Unix seconds from an integer or an ISO 8601 date/time (a date alone means midnight UTC)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        seconds = int(text)
        if seconds >= _MAX_UNIX_SECONDS:
            raise CliError(
                f"{option} {value} looks like milliseconds: pass Unix seconds ({seconds // 1000})."
            )
        return seconds
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(
            f"{option} {value!r} is not a time: pass Unix seconds or ISO 8601 (2026-11-23 or "
            "2026-11-23T15:00:00Z)."
        ) from None
    if parsed.tzinfo is None:
        if len(text) > 10:
            raise CliError(f"{option} {value!r} has no time zone: add Z (UTC) or an offset such as +01:00.")
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


# ------------------------------------------------------------------ shared options (every GetOrders filter)

Ticker = Annotated[str | None, typer.Option("--ticker", help="Only this market.", show_default=False)]
EventTicker = Annotated[
    str | None,
    typer.Option(
        "--event-ticker", help="Only these events (comma-separated, at most 10).", show_default=False
    ),
]
MinTs = Annotated[
    str | None,
    typer.Option(
        "--min-ts",
        help="Orders after this time (Unix seconds, or ISO 8601; a date alone is midnight UTC).",
        show_default=False,
    ),
]
MaxTs = Annotated[
    str | None,
    typer.Option(
        "--max-ts",
        help="Orders before this time (Unix seconds, or ISO 8601; a date alone is midnight UTC).",
        show_default=False,
    ),
]
Status = Annotated[
    Literal["resting", "canceled", "executed"] | None,
    typer.Option("--status", help="Only this status.", show_default=False),
]
Limit = Annotated[
    int, typer.Option("--limit", min=1, max=1000, help="Page size (orders per request), 1–1000.")
]
Subaccount = Annotated[
    int | None,
    typer.Option(
        "--subaccount",
        min=0,
        max=MAX_SUBACCOUNT,
        help=f"0 = primary, 1–{MAX_SUBACCOUNT}; omitted = all subaccounts.",
        show_default=False,
    ),
]
ExchangeIndex = Annotated[
    int | None,
    typer.Option("--exchange-index", min=0, help="Only this exchange shard.", show_default=False),
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _filters(
    ticker: str | None,
    event_ticker: str | None,
    min_ts: str | None,
    max_ts: str | None,
    status: str | None,
    limit: int,
    subaccount: int | None,
    exchange_index: int | None,
) -> dict[str, Any]:
    return {
        "ticker": ticker,
        "event_ticker": event_ticker,
        "min_ts": _unix_seconds(min_ts, "--min-ts"),
        "max_ts": _unix_seconds(max_ts, "--max-ts"),
        "status": status,
        "limit": limit,
        "subaccount": subaccount,
        "exchange_index": exchange_index,
    }


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _NoProgress:
    """What a progress display does when there is no terminal to draw it on: nothing at all (a disabled
    rich Progress still writes a newline when it stops, in some rich versions)."""

    def __enter__(self) -> "_NoProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def add_task(self, description: str, **fields: Any) -> Any:
        return None

    def update(self, task: Any, **fields: Any) -> None:
        return None


def _progress(console: Console, what: str, *, quiet: bool = False) -> "Progress | _NoProgress":
    # Drawn only on a terminal: piped or captured stderr stays clean.
    if quiet or not console.is_terminal:
        return _NoProgress()
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn(what),
        TextColumn("{task.fields[orders]} orders, {task.fields[pages]} pages"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


# ------------------------------------------------------------------ list / export / get


@orders_app.command("list")
def list_command(
    ctx: typer.Context,
    ticker: Ticker = None,
    event_ticker: EventTicker = None,
    min_ts: MinTs = None,
    max_ts: MaxTs = None,
    status: Status = None,
    limit: Limit = 100,
    cursor: Annotated[
        str | None,
        typer.Option("--cursor", help="Start at this cursor (from an earlier run).", show_default=False),
    ] = None,
    subaccount: Subaccount = None,
    exchange_index: ExchangeIndex = None,
    max_pages: Annotated[
        int | None,
        typer.Option(
            "--max-pages", min=1, help="Stop after this many pages (prints the cursor to continue)."
        ),
    ] = None,
    fmt: FormatOption = None,
    columns: Columns = None,
    as_json: AsJson = False,
) -> None:
    """List orders, newest first, following every page (GetOrders); rows print as each page arrives.

    On a terminal: a table that fits its width (the columns that do not fit are named on stderr; --columns
    chooses). Piped or redirected: TSV with exact wire values. --format csv|json too. Use `orders export` for
    large, resumable dumps to a file."""
    from ._columns import ORDER_COLUMNS

    filters = _filters(ticker, event_ticker, min_ts, max_ts, status, limit, subaccount, exchange_index)
    err = _err()
    writer = RowWriter(
        choose_format(fmt, as_json, sys.stdout),
        ORDER_COLUMNS,
        chosen=pick_columns(ORDER_COLUMNS, columns),
        to_json=lambda order: order.to_dict(),
    )
    with state(ctx).client() as client:
        pager = client.orders.list(**filters, cursor=cursor, max_pages=max_pages)
        # The cursor after the last page actually printed (the pager's own may already be one page further).
        resume_at = cursor
        try:
            # Rows on a terminal are their own progress; the spinner is for a piped stdout.
            with _progress(err, "listing", quiet=_is_terminal(sys.stdout)) as progress:
                task = progress.add_task("list", orders=0, pages=0)
                for page in pager.pages():
                    writer.write(page)
                    resume_at = page.cursor
                    progress.update(task, orders=writer.rows, pages=pager.pages_fetched)
            writer.finish()
        except (KalshiError, KeyboardInterrupt):
            if writer.rows and resume_at is not None:
                # Whole pages were already printed: say where the rest starts.
                err.print(f"{writer.rows} orders printed; continue with --cursor {resume_at}", markup=False)
            raise
        note = writer.hidden_note()
        if note:
            err.print(note, markup=False)
        err.print(f"{writer.rows} order(s).", markup=False)
        if not pager.complete and pager.next_cursor is not None:
            err.print(f"More orders remain: continue with --cursor {pager.next_cursor}", markup=False)


@orders_app.command("export")
def export_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.", show_default=False)],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = "jsonl",
    ticker: Ticker = None,
    event_ticker: EventTicker = None,
    min_ts: MinTs = None,
    max_ts: MaxTs = None,
    status: Status = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1000, help="Orders per request, 1–1000.")
    ] = 1000,
    subaccount: Subaccount = None,
    exchange_index: ExchangeIndex = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted export from FILE.cursor.")
    ] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace FILE (and any resume state).")
    ] = False,
) -> None:
    """Export every matching order to a JSON-lines or CSV file, one page at a time (constant memory).

    After each page the file is flushed and FILE.cursor records where to continue; after Ctrl-C or an error
    the file ends at a record boundary and the same command with --resume picks up exactly there.
    FILE.cursor is removed when the export completes."""
    if resume and overwrite:
        raise CliError("--resume and --overwrite contradict each other: pick one.")
    filters = _filters(ticker, event_ticker, min_ts, max_ts, status, limit, subaccount, exchange_index)
    st = state(ctx)
    url, _ = st.resolve_url()
    err = _err()
    from .._filters import OrderFilters

    OrderFilters.build(**filters)  # bad filters fail here, before any file is created
    with st.client() as client:
        fh, progress_state = open_export(out, fmt, filters, url, resume=resume, overwrite=overwrite)
        start_orders = progress_state.orders_written
        pager = client.orders.list(**filters, **progress_state.resume_from())
        try:
            with fh, _progress(err, f"exporting to {out}") as progress:
                task = progress.add_task("export", orders=progress_state.orders_written, pages=0)
                done = write_pages(
                    fh,
                    progress_state,
                    sidecar_path(out),
                    pager.pages(),
                    lambda s: progress.update(task, orders=s.orders_written, pages=s.pages_written),
                    position=lambda: pager.resume_token,
                )
        except KeyboardInterrupt:
            raise CliError(
                f"Interrupted. {out} holds {progress_state.orders_written} whole orders; run the same "
                "command with --resume to continue.",
                EXIT_INTERRUPTED,
            ) from None
        except Exception:
            err.print(
                f"{out} holds {progress_state.orders_written} whole orders; after fixing the problem, "
                "run the same command with --resume to continue.",
                markup=False,
            )
            raise
    added = progress_state.orders_written - start_orders
    if done:
        err.print(
            f"Exported {progress_state.orders_written} orders to {out} ({added} in this run).", markup=False
        )


@orders_app.command("get")
def get_command(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The order id.", show_default=False)],
    fmt: FormatOption = None,
    as_json: AsJson = False,
) -> None:
    """Show one order (any status), every field as the API sent it.

    A field per line on a terminal, `field<TAB>value` lines when piped, or --format json|csv."""
    chosen = choose_format(fmt, as_json, sys.stdout)
    with state(ctx).client() as client:
        order = client.orders.get(order_id)
    data = order.to_dict()
    if chosen == "json":
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
    elif chosen == "table":
        _out().print(order_details(order))
    elif chosen == "csv":
        from ._render import csv_header, csv_rows

        sys.stdout.write((csv_header() + csv_rows([order])).decode("utf-8"))
    else:
        sys.stdout.write("".join(f"{key}\t{_tsv_cell(value)}\n" for key, value in data.items()))


def _tsv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = orjson.dumps(value).decode() if isinstance(value, dict | list) else str(value)
    return text.replace("\t", " ").replace("\n", " ")


# ------------------------------------------------------------------ writes


def _confirm(question: str) -> None:
    try:
        confirmed = typer.confirm(question, default=False, err=True)
    except typer.Abort:
        confirmed = False
    if not confirmed:
        raise CliError("Not confirmed: nothing was sent.", 1)


def _target(st: CliState) -> tuple[str, Environment | None]:
    url, env = st.resolve_url()
    return url, env


def _describe_order(body: dict[str, Any], side: str | None, action: str | None) -> str:
    v2 = f"{body['side']} {body['count']} @ {body['price']} (YES price), {body['time_in_force']}"
    if side and action:
        return f"{action} {side.upper()} ×{body['count']} on {body['ticker']} — V2: {v2}"
    return f"{body['side']} ×{body['count']} on {body['ticker']} — V2: {v2}"


def _result_dict(result: "CreateResult") -> dict[str, Any]:
    return {
        "order_id": result.order_id,
        "client_order_id": result.client_order_id,
        "fill_count": str(result.fill_count),
        "remaining_count": str(result.remaining_count),
        "average_fill_price": None if result.average_fill_price is None else str(result.average_fill_price),
        "average_fee_paid": None if result.average_fee_paid is None else str(result.average_fee_paid),
        "ts_ms": result.ts_ms,
        "reconciled": result.reconciled,
    }


@orders_app.command("place")
def place_command(
    ctx: typer.Context,
    ticker: Annotated[str, typer.Option("--ticker", help="Market ticker.", show_default=False)],
    count: Annotated[str, typer.Option("--count", help="Contracts (up to 2 decimals).", show_default=False)],
    side: Annotated[
        Literal["yes", "no"] | None, typer.Option("--side", help="Outcome to trade.", show_default=False)
    ] = None,
    action: Annotated[
        Literal["buy", "sell"] | None, typer.Option("--action", help="Buy or sell.", show_default=False)
    ] = None,
    yes_price: Annotated[
        str | None,
        typer.Option("--yes-price", help="Limit price of YES in dollars (0.56).", show_default=False),
    ] = None,
    no_price: Annotated[
        str | None,
        typer.Option("--no-price", help="Limit price of NO in dollars (0.44).", show_default=False),
    ] = None,
    book_side: Annotated[
        Literal["bid", "ask"] | None,
        typer.Option(
            "--book-side",
            help="V2 vocabulary: bid buys YES, ask sells YES (use with --price).",
            show_default=False,
        ),
    ] = None,
    price: Annotated[
        str | None,
        typer.Option("--price", help="V2 vocabulary: the YES price in dollars.", show_default=False),
    ] = None,
    tif: Annotated[
        str,
        typer.Option("--tif", help="Time in force: good_till_canceled, immediate_or_cancel or fill_or_kill."),
    ] = "good_till_canceled",
    client_order_id: Annotated[
        str | None,
        typer.Option(
            "--client-order-id",
            help="Your id for the order (default: a new UUID). Reuse it to retry safely.",
            show_default=False,
        ),
    ] = None,
    expiration: Annotated[
        str | None,
        typer.Option(
            "--expiration",
            help="Good-till-time expiry (Unix seconds or ISO 8601); needs --tif good_till_canceled.",
            show_default=False,
        ),
    ] = None,
    post_only: Annotated[
        bool, typer.Option("--post-only", help="Cancel instead of taking liquidity.")
    ] = False,
    reduce_only: Annotated[
        bool,
        typer.Option("--reduce-only", help="Only reduce the position (needs --tif immediate_or_cancel)."),
    ] = False,
    stp: Annotated[
        Literal["taker_at_cross", "maker"],
        typer.Option(
            "--self-trade-prevention",
            help="What happens when the order would trade against your own order.",
        ),
    ] = "taker_at_cross",
    subaccount: Annotated[
        int | None,
        typer.Option(
            "--subaccount", min=0, max=MAX_SUBACCOUNT, help=f"0 = primary (default), 1–{MAX_SUBACCOUNT}."
        ),
    ] = None,
    tick: Annotated[
        Literal["linear_cent", "deci_cent", "tapered_deci_cent"] | None,
        typer.Option(
            "--tick",
            help="Check the price against this grid instead of the market's own (which is read from the "
            "API before sending).",
            show_default=False,
        ),
    ] = None,
    yes: Yes = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the V2 request body and send nothing (no credentials needed)."),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Place a limit order.

    Trader vocabulary: --side yes|no --action buy|sell with exactly one of --yes-price / --no-price; or V2
    vocabulary: --book-side bid|ask --price (the YES price). Buying NO at 0.44 is the same order as selling
    YES at 0.56 (V2: ask 0.56). On production a confirmation is asked unless --yes."""
    from kalshi_orders_api.models.time_in_force import TimeInForce

    from .._order_entry import CLI_SPELLING, build_create_order, check_direction

    # The order-entry checks, worded in options (build_create_order below repeats them in Python's words).
    check_direction(
        side=side,
        action=action,
        yes_price=yes_price,
        no_price=no_price,
        book_side=book_side,
        price=price,
        tick=tick,
        spelling=CLI_SPELLING,
    )
    fields: CreateOrderFields = dict(
        ticker=ticker,
        side=side,
        action=action,
        yes_price=yes_price,
        no_price=no_price,
        book_side=book_side,
        price=price,
        count=count,
        time_in_force=TimeInForce(tif),  # an unknown value is refused there, with what to use
        self_trade_prevention_type=stp,
        client_order_id=client_order_id,
        expiration_time=_expiration(expiration),
        post_only=post_only or None,
        reduce_only=reduce_only or None,
        subaccount=subaccount,
        tick=tick,
    )
    request = build_create_order(**fields)
    body = request.to_dict()
    if dry_run:
        sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
        unchecked = (
            "" if tick is not None else " The price was not checked against the market's grid (add --tick)."
        )
        _err().print(f"Dry run: nothing was sent.{unchecked}", markup=False)
        return
    st = state(ctx)
    url, env = _target(st)
    summary = _describe_order(body, side, action)
    if env is Environment.PRODUCTION and not yes:
        _confirm(f"PRODUCTION ({url}), real money: {summary}. Place it?")
    with st.client() as client:
        # With --tick the price was checked against it and the market's grid is not read; without, the
        # client checks the market's grid before sending. The same client_order_id as the request shown.
        result = client.orders.create(**{**fields, "client_order_id": request.client_order_id})
    if as_json:
        sys.stdout.write(orjson.dumps(_result_dict(result)).decode() + "\n")
        return
    out = _out()
    line = (
        f"Order placed: {result.order_id} (client_order_id {result.client_order_id}); "
        f"filled {result.fill_count}, remaining {result.remaining_count}"
    )
    if result.average_fill_price is not None:
        line += f", average fill price {result.average_fill_price}"
    out.print(line + ".", markup=False)
    if result.reconciled:
        out.print(
            "The response was lost on the way back; the order was found afterwards by its client_order_id.",
            markup=False,
        )


@orders_app.command("cancel")
def cancel_command(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The order id.", show_default=False)],
    subaccount: Annotated[
        int | None,
        typer.Option("--subaccount", min=0, max=MAX_SUBACCOUNT, help="The order's subaccount (default 0)."),
    ] = None,
    market_ticker: Annotated[
        str | None,
        typer.Option(
            "--market-ticker", help="The order's market, to route to its shard.", show_default=False
        ),
    ] = None,
    exchange_index: Annotated[
        int | None, typer.Option("--exchange-index", min=-1, help="The order's shard.", show_default=False)
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Cancel one resting order (its remaining count drops to zero; it stays readable as canceled)."""
    with state(ctx).client() as client:
        result = client.orders.cancel(
            order_id, subaccount=subaccount, market_ticker=market_ticker, exchange_index=exchange_index
        )
    if as_json:
        data = {"order_id": result.order_id, "reduced_by": str(result.reduced_by), "ts_ms": result.ts_ms}
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
    else:
        _out().print(f"Canceled {result.order_id}: reduced by {result.reduced_by} contracts.", markup=False)


@orders_app.command("cancel-all")
def cancel_all_command(
    ctx: typer.Context,
    subaccount: Annotated[
        int | None,
        typer.Option(
            "--subaccount",
            min=0,
            max=MAX_SUBACCOUNT,
            help="Only this subaccount (default: all).",
            show_default=False,
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    """Cancel every resting order (of one subaccount, or of all).

    Asks for confirmation unless --yes. Orders placed in the minute after the call may be canceled too."""
    st = state(ctx)
    url, env = _target(st)
    scope = "all subaccounts" if subaccount is None else f"subaccount {subaccount}"
    where = f"{env.value.upper()} ({url})" if env is not None else url
    if not yes:
        _confirm(f"Cancel EVERY resting order on {where}, {scope}?")
    with st.client() as client:
        client.orders.cancel_all(subaccount=subaccount)
    _out().print(f"Canceled every resting order ({scope}).", markup=False)


# ------------------------------------------------------------------ queue positions


@orders_app.command("queue")
def queue_command(
    ctx: typer.Context,
    order_id: Annotated[
        str | None,
        typer.Argument(help="One resting order's id (omit it to list several).", show_default=False),
    ] = None,
    market: Annotated[
        list[str] | None,
        typer.Option(
            "--market",
            help="Only orders in this market (repeatable, or tickers separated by commas).",
            show_default=False,
        ),
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="Only orders in this event's markets.", show_default=False)
    ] = None,
    subaccount: Annotated[
        int | None,
        typer.Option(
            "--subaccount",
            min=0,
            max=MAX_SUBACCOUNT,
            help=f"0 = primary, 1–{MAX_SUBACCOUNT}; omitted = the primary account (or the key's own).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    columns: Columns = None,
    as_json: AsJson = False,
) -> None:
    """Queue positions: how many contracts are ahead of your resting orders at their prices.

    `orders queue ID` shows one order's position (0 means first in line at its price); without an id, every
    resting order's position, optionally only in some markets (--market) or one event (--event)."""
    if order_id is not None and (market or event is not None or subaccount is not None):
        raise CliError(
            "pass either an order id or the filters --market/--event/--subaccount, not both: "
            "`orders queue ID` reads one order, `orders queue --market TICKER` several."
        )
    with state(ctx).client() as client:
        if order_id is not None:
            ahead = client.orders.queue_position(order_id)
            chosen = choose_format(fmt, as_json, sys.stdout)
            if chosen == "json":
                line = orjson.dumps({"order_id": order_id, "queue_position_fp": str(ahead)}).decode()
                sys.stdout.write(line + "\n")
            elif chosen == "table":
                where = (
                    "first in line at its price" if ahead == 0 else f"{ahead} contracts ahead at its price"
                )
                _out().print(f"{order_id}: {where}.", markup=False)
            else:
                sep = "\t" if chosen == "tsv" else ","
                sys.stdout.write(f"order_id{sep}queue_position\n{order_id}{sep}{ahead}\n")
            return
        positions = client.orders.queue_positions(
            market_tickers=",".join(market) if market else None, event_ticker=event, subaccount=subaccount
        )
    from ._columns import QUEUE_COLUMNS

    writer = RowWriter(
        choose_format(fmt, as_json, sys.stdout),
        QUEUE_COLUMNS,
        chosen=pick_columns(QUEUE_COLUMNS, columns),
        to_json=lambda position: position.to_dict(),
    )
    writer.write(positions)
    writer.finish()
    note = writer.hidden_note()
    if note:
        _err().print(note, markup=False)
    _err().print(f"{len(positions)} resting order(s).", markup=False)
