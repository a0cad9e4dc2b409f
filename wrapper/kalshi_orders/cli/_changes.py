"""``kalshi-orders orders amend`` and ``orders decrease``: change a resting order."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

import orjson
import typer
from rich.console import Console

from .._checks import MAX_SUBACCOUNT
from .._environments import Environment
from ._errors import EXIT_ERROR, CliError
from ._orders import orders_app
from ._state import CliState, state

if TYPE_CHECKING:
    from .._models import Order

__all__: list[str] = []

_Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
_Json = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]
_Subaccount = Annotated[
    int | None,
    typer.Option(
        "--subaccount",
        min=0,
        max=MAX_SUBACCOUNT,
        help=f"The order's subaccount, 0–{MAX_SUBACCOUNT} (default: the key's).",
        show_default=False,
    ),
]


def _out() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _confirm_production(st: CliState, what: str, yes: bool) -> None:
    url, env = st.resolve_url()
    if env is not Environment.PRODUCTION or yes:
        return
    try:
        confirmed = typer.confirm(f"PRODUCTION ({url}), real money: {what}?", default=False, err=True)
    except typer.Abort:
        confirmed = False
    if not confirmed:
        raise CliError("Not confirmed: nothing was sent.", 1)


def _yes_price(order: Order, price: str | None, yes_price: str | None, no_price: str | None) -> str:
    given = [
        name
        for name, value in (("--price", price), ("--yes-price", yes_price), ("--no-price", no_price))
        if value
    ]
    if len(given) > 1:
        raise CliError(f"{' and '.join(given)} say the same thing: pass one (--price is the YES price).")
    if no_price is not None:
        from .._money import dollars_to_wire, parse_price

        try:
            return dollars_to_wire(Decimal(1) - parse_price(no_price, what="--no-price"))
        except ValueError as exc:
            raise CliError(f"Invalid order (nothing was sent): {exc}.") from None
    chosen = price if price is not None else yes_price
    return chosen if chosen is not None else order.raw.yes_price_dollars


@orders_app.command("amend")
def amend_command(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The resting order's id.", show_default=False)],
    price: Annotated[
        str | None, typer.Option("--price", help="New YES price in dollars (0.57).", show_default=False)
    ] = None,
    yes_price: Annotated[
        str | None, typer.Option("--yes-price", help="The same as --price.", show_default=False)
    ] = None,
    no_price: Annotated[
        str | None,
        typer.Option(
            "--no-price", help="New NO price in dollars (the YES price is 1 − it).", show_default=False
        ),
    ] = None,
    count: Annotated[
        str | None,
        typer.Option(
            "--count",
            help="New TOTAL count, filled contracts included (default: unchanged). To only shrink what is "
            "left, `orders decrease` keeps the queue position.",
            show_default=False,
        ),
    ] = None,
    expiration: Annotated[
        str | None,
        typer.Option(
            "--expiration",
            help="New expiry (Unix seconds or ISO 8601); 0 removes it (default: unchanged).",
            show_default=False,
        ),
    ] = None,
    updated_client_order_id: Annotated[
        str | None,
        typer.Option(
            "--updated-client-order-id", help="A new client order id for the order.", show_default=False
        ),
    ] = None,
    subaccount: _Subaccount = None,
    tick: Annotated[
        Literal["linear_cent", "deci_cent", "tapered_deci_cent"] | None,
        typer.Option(
            "--tick",
            help="Check the price against this grid instead of the market's own (read from the API).",
            show_default=False,
        ),
    ] = None,
    yes: _Yes = False,
    as_json: _Json = False,
) -> None:
    """Change a resting order's price, total count or expiry (AmendOrderV2).

    The order is read first (its market, side, price and count): pass only what changes. A new price or a
    larger count puts the order at the back of the queue at its price. On production a confirmation is
    asked unless --yes."""
    from ._orders import _unix_seconds

    if price is None and yes_price is None and no_price is None and count is None and expiration is None:
        raise CliError("say what to change: --price, --count and/or --expiration (see --help).")
    st = state(ctx)
    expires = None
    if expiration is not None:
        expires = 0 if expiration.strip() == "0" else _unix_seconds(expiration, "--expiration")
    with st.client() as client:
        order = client.orders.get(order_id)
        if order.status.value != "resting":
            raise CliError(
                f"order {order_id} is {order.status.value}: only a resting order can be amended (see it with "
                f"`kalshi-orders orders get {order_id}`). Nothing was sent.",
                EXIT_ERROR,
            )
        fields: dict[str, Any] = {
            "ticker": order.ticker,
            "book_side": order.book_side.value,
            "price": _yes_price(order, price, yes_price, no_price),
            # The API's count is the new total: filled plus what is left.
            "count": count if count is not None else str(order.fill_count + order.remaining_count),
            "expiration_time": expires,
            "updated_client_order_id": updated_client_order_id,
            "tick": tick,
        }
        what = (
            f"amend {order_id} on {order.ticker} to {fields['book_side']} {fields['count']} @ "
            f"{fields['price']} (YES price)"
        )
        _confirm_production(st, what, yes)
        result = client.orders.amend(order_id, subaccount=subaccount, **fields)
    if as_json:
        data = {
            "order_id": result.order_id,
            "client_order_id": result.client_order_id,
            "remaining_count": None if result.remaining_count is None else str(result.remaining_count),
            "fill_count": None if result.fill_count is None else str(result.fill_count),
            "ts_ms": result.ts_ms,
        }
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    left = "" if result.remaining_count is None else f"; {result.remaining_count} left"
    filled = "" if not result.fill_count else f", {result.fill_count} filled"
    _out().print(
        f"Amended {result.order_id}: {fields['book_side']} @ {fields['price']}{left}{filled}.", markup=False
    )


@orders_app.command("decrease")
def decrease_command(
    ctx: typer.Context,
    order_id: Annotated[str, typer.Argument(help="The resting order's id.", show_default=False)],
    by: Annotated[
        str | None, typer.Option("--by", help="Contracts to remove from what is left.", show_default=False)
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Contracts to leave (0 cancels the rest).", show_default=False),
    ] = None,
    market_ticker: Annotated[
        str | None,
        typer.Option(
            "--market-ticker", help="The order's market, to route to its shard.", show_default=False
        ),
    ] = None,
    subaccount: _Subaccount = None,
    yes: _Yes = False,
    as_json: _Json = False,
) -> None:
    """Shrink a resting order (DecreaseOrderV2), keeping its place in the queue.

    Exactly one of --by and --to. On production a confirmation is asked unless --yes."""
    if (by is None) == (to is None):
        raise CliError("pass exactly one of --by (contracts to remove) and --to (contracts to leave).")
    st = state(ctx)
    _confirm_production(st, f"decrease {order_id} " + (f"by {by}" if by is not None else f"to {to}"), yes)
    with st.client() as client:
        result = client.orders.decrease(
            order_id, subaccount=subaccount, reduce_by=by, reduce_to=to, market_ticker=market_ticker
        )
    if as_json:
        data = {
            "order_id": result.order_id,
            "remaining_count": str(result.remaining_count),
            "ts_ms": result.ts_ms,
        }
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    _out().print(f"Decreased {result.order_id}: {result.remaining_count} contracts left.", markup=False)
