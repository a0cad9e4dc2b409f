"""Order entry in the trader's words, checked locally and turned into the generated V2 request models.

Two vocabularies are accepted (never mixed in one call):

* the trader's: ``side`` yes/no + ``action`` buy/sell + exactly one of ``yes_price`` / ``no_price``;
* V2's: ``book_side`` bid/ask + ``price`` (always the YES price).

The V2 book is YES-denominated (one book per market, priced in YES): buy YES at p → bid p; sell YES at p →
ask p; buy NO at q → ask 1−q; sell NO at q → bid 1−q. ``yes_price`` is always the YES price and ``no_price``
always the NO price, whatever ``side`` says: ``side="no", action="buy", yes_price="0.40"`` is buying NO by
selling YES at 0.40 (ask 0.40), the same order as ``no_price="0.60"``.

Prices are a ``Decimal`` or ``str`` in dollars (``"0.56"``) or an ``int`` in cents (``56``); floats are
refused. Enum-like arguments take the V2 API's values only (any letter case): an abbreviation such as
``"gtc"`` is refused with the full value to use, here and in the CLI alike.
Every rejection is an :class:`OrderValidationError` raised before anything is sent.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Required, TypedDict, TypeVar

from kalshi_orders_api.models import (
    AmendOrderV2Request,
    BookSide,
    CreateOrderV2Request,
    DecreaseOrderV2Request,
    SelfTradePreventionType,
    TimeInForce,
)
from kalshi_orders_api.types import UNSET, Unset

from ._checks import MAX_SUBACCOUNT, check_int
from ._money import (
    ONE,
    PriceLevelStructure,
    check_tick,
    count_to_wire,
    dollars_to_wire,
    parse_count,
    parse_price,
)
from ._types import (
    ActionInput,
    BookSideInput,
    SelfTradePreventionInput,
    SideInput,
    TickInput,
    TimeInForceInput,
)
from .errors import OrderValidationError

__all__ = [
    "CLI_SPELLING",
    "EXPIRATION_CLOCK_SKEW_SECONDS",
    "PYTHON_SPELLING",
    "AmendOrderFields",
    "CountInput",
    "CreateOrderFields",
    "DecreaseOrderFields",
    "ExpirationInput",
    "PriceInput",
    "Spelling",
    "build_amend_order",
    "build_create_order",
    "build_decrease_order",
    "check_direction",
    "check_not_past",
    "new_client_order_id",
]

PriceInput = Decimal | str | int
CountInput = Decimal | str | int
ExpirationInput = int | _dt.datetime

_MAX_CLIENT_ORDER_ID = 64
# Unix seconds stay below 10**11 until the year 5138; a bigger int is almost surely milliseconds.
_MAX_EXPIRATION_SECONDS = 10**11
# An expiration this far in the past by the local clock is refused before sending; less is let through, since
# the local clock may run ahead of the exchange's by a little (the exchange itself refuses a past expiry).
EXPIRATION_CLOCK_SKEW_SECONDS = 5

_E = TypeVar("_E", bound=enum.Enum)

# The one time-in-force policy (library and CLI): V2 values only; these common spellings are refused with
# what to use instead, so what is sent is exactly what the caller wrote.
TIME_IN_FORCE_HINTS = {
    "gtc": "good_till_canceled",
    "good_till_cancelled": "good_till_canceled",
    "ioc": "immediate_or_cancel",
    "fok": "fill_or_kill",
    "gtt": "good_till_canceled with expiration_time=<unix seconds>",
    "good_till_time": "good_till_canceled with expiration_time=<unix seconds>",
    "good_till_date": "good_till_canceled with expiration_time=<unix seconds>",
}


class CreateOrderFields(TypedDict, total=False):
    """The arguments of :func:`build_create_order` as a mapping (for ``orders.create(**fields)`` and the items
    of ``orders.batch_create``), so mypy checks a dict of them too."""

    ticker: Required[str]
    side: SideInput | None
    action: ActionInput | None
    yes_price: PriceInput | None
    no_price: PriceInput | None
    book_side: BookSideInput | None
    price: PriceInput | None
    count: Required[CountInput]
    time_in_force: TimeInForceInput
    self_trade_prevention_type: SelfTradePreventionInput
    client_order_id: str | None
    expiration_time: ExpirationInput | None
    post_only: bool | None
    reduce_only: bool | None
    cancel_order_on_pause: bool | None
    subaccount: int | None
    order_group_id: str | None
    exchange_index: int | None
    tick: TickInput | None


class AmendOrderFields(TypedDict, total=False):
    """The arguments of :func:`build_amend_order` as a mapping (for ``orders.amend(order_id, **fields)``)."""

    ticker: Required[str]
    side: SideInput | None
    action: ActionInput | None
    yes_price: PriceInput | None
    no_price: PriceInput | None
    book_side: BookSideInput | None
    price: PriceInput | None
    count: Required[CountInput]
    client_order_id: str | None
    updated_client_order_id: str | None
    expiration_time: ExpirationInput | None
    exchange_index: int | None
    tick: TickInput | None


class DecreaseOrderFields(TypedDict, total=False):
    """The arguments of :func:`build_decrease_order` as a mapping (for ``orders.decrease(id, **fields)``)."""

    reduce_by: CountInput | None
    reduce_to: CountInput | None
    exchange_index: int | None
    market_ticker: str | None


def new_client_order_id() -> str:
    """A fresh client order id (a UUID4): generate it once per logical order and reuse it on every retry."""
    return str(uuid.uuid4())


def _fail(message: str) -> OrderValidationError:
    return OrderValidationError(message)


@dataclass(frozen=True)
class Spelling:
    """How a message names an argument and shows a value: as Python keywords (``side='yes'``) or as command
    line options (``--side yes``), so the checks exist once and speak the caller's language."""

    name: Callable[[str], str]
    arg: Callable[[str, str], str]


PYTHON_SPELLING = Spelling(name=lambda n: n, arg=lambda n, v: f"{n}={v!r}")
CLI_SPELLING = Spelling(
    name=lambda n: "--" + n.replace("_", "-"), arg=lambda n, v: f"--{n.replace('_', '-')} {v}"
)


@functools.cache
def _known_members(cls: type[enum.Enum]) -> dict[str, enum.Enum]:
    """The known (not pseudo) members of a generated enum by value: the lookup every order entry makes,
    built once (rebuilding the list and its message on each call was most of an order's local checks)."""
    return {m.value: m for m in cls if not getattr(m, "is_unknown", False)}


def _choice(value: object, cls: type[_E], field: str, aliases: dict[str, str] | None = None) -> _E:
    """A known member of an (open) generated enum; unknown or pseudo-member values are refused."""
    known = _known_members(cls)
    text = value.strip().lower() if isinstance(value, str) else None
    if text is not None and (member := known.get(text)) is not None:
        return member  # type: ignore[return-value]  # a member of cls, looked up by its value
    shown = repr(str(value)) if isinstance(value, str) else repr(value)  # an enum member shows its raw value
    if text is not None and aliases and text in aliases:
        raise _fail(f"{field}={shown} is not a V2 API value: use {aliases[text]}")
    valid = ", ".join(repr(v) for v in known)
    raise _fail(f"{field}={shown} is not valid: use one of {valid}")


def _lower_choice(value: object, field: str, allowed: tuple[str, str], spell: Spelling) -> str:
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    shown = spell.arg(field, str(value)) if isinstance(value, str) else f"{spell.name(field)}={value!r}"
    raise _fail(f"{shown} is not valid: use {allowed[0]!r} or {allowed[1]!r}")


def _price(value: PriceInput, field: str, tick: PriceLevelStructure | None) -> Decimal:
    try:
        price = parse_price(value, what=field)
        if tick is not None:
            check_tick(price, tick)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    return price


def _count(value: CountInput, field: str, *, allow_zero: bool = False) -> str:
    try:
        return count_to_wire(parse_count(value, what=field, allow_zero=allow_zero))
    except ValueError as exc:
        raise _fail(str(exc)) from None


def check_direction(
    *,
    side: SideInput | None,
    action: ActionInput | None,
    yes_price: PriceInput | None,
    no_price: PriceInput | None,
    book_side: BookSideInput | None,
    price: PriceInput | None,
    tick: TickInput | str | None,
    spelling: Spelling = PYTHON_SPELLING,
) -> tuple[BookSide, str]:
    """(V2 book side, YES price on the wire) from either vocabulary; messages in ``spelling``. With a
    ``tick`` the price is checked against that named grid; without, only against what every market takes
    (the client then checks it against the market's own grid before sending)."""
    name, arg = spelling.name, spelling.arg
    grid: PriceLevelStructure | None = None
    if tick is not None:
        try:
            grid = PriceLevelStructure(tick)
        except ValueError:
            raise _fail(
                f"{arg('tick', str(tick))} is not a price level structure: use linear_cent, deci_cent or "
                "tapered_deci_cent"
            ) from None
    trader = [
        n
        for n, v in (("side", side), ("action", action), ("yes_price", yes_price), ("no_price", no_price))
        if v is not None
    ]
    v2 = [n for n, v in (("book_side", book_side), ("price", price)) if v is not None]
    example = (
        f"{arg('side', 'yes')}, {arg('action', 'buy')}, {arg('yes_price', '0.56')} "
        f"(or {arg('book_side', 'bid')}, {arg('price', '0.56')})"
    )
    if trader and v2:
        raise _fail(
            f"{', '.join(map(name, trader))} and {', '.join(map(name, v2))} mix two ways of saying the "
            f"direction: use either {name('side')}/{name('action')} with {name('yes_price')} or "
            f"{name('no_price')}, or {name('book_side')} with {name('price')} (the YES price), not both"
        )
    if v2:
        if book_side is None or price is None:
            raise _fail(f"{name('book_side')} and {name('price')} go together: pass both, e.g. {example}")
        book = _choice(book_side, BookSide, name("book_side"))
        return book, dollars_to_wire(_price(price, name("price"), grid))
    if not trader:
        raise _fail(f"say what to trade: {example}")
    if side is None or action is None:
        raise _fail(f"{name('side')} and {name('action')} are both needed, e.g. {example}")
    outcome = _lower_choice(side, "side", ("yes", "no"), spelling)
    verb = _lower_choice(action, "action", ("buy", "sell"), spelling)
    if (yes_price is None) == (no_price is None):
        which = "both" if yes_price is not None else "neither"
        raise _fail(
            f"pass exactly one of {name('yes_price')} and {name('no_price')} ({which} given): "
            f"{name('yes_price')} is the YES price, {name('no_price')} the NO price (= 1 − YES price)"
        )
    if yes_price is not None:
        yes = _price(yes_price, name("yes_price"), grid)
    else:
        assert no_price is not None  # exactly one is set (checked above)
        yes = ONE - _price(no_price, name("no_price"), grid)
    # Buying YES and selling NO both bid on the YES book; the other two ask.
    book = BookSide.BID if (outcome == "yes") == (verb == "buy") else BookSide.ASK
    return book, dollars_to_wire(yes)


def _client_order_id(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise _fail(f"{field} must be a string, not {type(value).__name__}")
    if not value or len(value) > _MAX_CLIENT_ORDER_ID:
        raise _fail(f"{field} must be 1 to {_MAX_CLIENT_ORDER_ID} characters long (got {len(value)})")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise _fail(
            f"{field} {value!r} contains whitespace or control characters: use letters, digits and -_"
        )
    return value


def _expiration(value: object, *, allow_zero: bool) -> int:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _fail(
                "expiration_time is a naive datetime, so its time zone is unknown: pass an aware one, e.g. "
                "datetime.now(timezone.utc) + timedelta(hours=1)"
            )
        seconds = math.ceil(value.timestamp())  # never expire earlier than asked
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = value
        if seconds >= _MAX_EXPIRATION_SECONDS:
            raise _fail(
                f"expiration_time {value} looks like milliseconds: "
                f"pass Unix seconds ({value // 1000}) or a datetime"
            )
    else:
        raise _fail(
            f"expiration_time must be Unix seconds (int) or an aware datetime, not {type(value).__name__}"
        )
    what = "0 (remove) or a future time" if allow_zero else "a future time"
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise _fail(f"expiration_time {value} is not valid: use {what} in Unix seconds")
    if seconds != 0:
        check_not_past(seconds, f"expiration_time {value}", f"use {what} in Unix seconds")
    return seconds


def check_not_past(seconds: int, shown: str, instead: str) -> None:
    """Refuse an expiry more than :data:`EXPIRATION_CLOCK_SKEW_SECONDS` before now (local clock): the order
    would be refused by the exchange, or worse read as "expire at once"."""
    now = time.time()
    if seconds < now - EXPIRATION_CLOCK_SKEW_SECONDS:
        when = _dt.datetime.fromtimestamp(seconds, _dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        raise _fail(
            f"{shown} ({when}) is {_ago(now - seconds)} in the past: {instead} (up to "
            f"{EXPIRATION_CLOCK_SKEW_SECONDS} s in the past is let through, for clock skew)"
        )


def _ago(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _optional_bool(value: object, field: str) -> bool | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, bool):
        raise _fail(f"{field} must be True or False, not {value!r}")
    return value


def _optional_int(value: object, field: str, low: int, high: int | None = None) -> int | Unset:
    return UNSET if value is None else check_int(field, value, low, high)


def _optional_text(value: object, field: str) -> str | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{field} must be a non-empty string, not {value!r}")
    return value


def _ticker(value: object, field: str = "ticker") -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise _fail(f"{field} must be a market ticker such as 'KXSANDBOX-26DEC31-T50', not {value!r}")
    return value


def build_create_order(
    *,
    ticker: str,
    side: SideInput | None = None,
    action: ActionInput | None = None,
    yes_price: PriceInput | None = None,
    no_price: PriceInput | None = None,
    book_side: BookSideInput | None = None,
    price: PriceInput | None = None,
    count: CountInput,
    time_in_force: TimeInForceInput = "good_till_canceled",
    self_trade_prevention_type: SelfTradePreventionInput = "taker_at_cross",
    client_order_id: str | None = None,
    expiration_time: ExpirationInput | None = None,
    post_only: bool | None = None,
    reduce_only: bool | None = None,
    cancel_order_on_pause: bool | None = None,
    subaccount: int | None = None,
    order_group_id: str | None = None,
    exchange_index: int | None = None,
    tick: TickInput | None = None,
) -> CreateOrderV2Request:
    """A checked :class:`CreateOrderV2Request`.

    Direction: ``side`` + ``action`` + one of ``yes_price`` / ``no_price`` (``yes_price`` is always the YES
    price, also with ``side="no"``), or ``book_side`` + ``price``. See the module docstring for the mapping.
    ``client_order_id`` defaults to a fresh UUID4; reuse the returned request (and so its id) on every retry.
    ``tick`` names the market's grid (``price_level_structure``) to check the price against here; without
    it only the rules of every market apply (0 < price < 1, at most 4 decimals) and ``orders.create``
    checks the price and count against the market's published grid before sending.
    """
    book, wire_price = check_direction(
        side=side,
        action=action,
        yes_price=yes_price,
        no_price=no_price,
        book_side=book_side,
        price=price,
        tick=tick,
    )
    tif = _choice(time_in_force, TimeInForce, "time_in_force", TIME_IN_FORCE_HINTS)
    stp = _choice(self_trade_prevention_type, SelfTradePreventionType, "self_trade_prevention_type")
    expiration: int | Unset = UNSET
    if expiration_time is not None:
        if tif is not TimeInForce.GOOD_TILL_CANCELED:
            raise _fail(
                f"expiration_time only works with time_in_force='good_till_canceled' (got {tif.value!r}): "
                "drop expiration_time or use good_till_canceled"
            )
        expiration = _expiration(expiration_time, allow_zero=False)
    reduce = _optional_bool(reduce_only, "reduce_only")
    if reduce is True and tif is not TimeInForce.IMMEDIATE_OR_CANCEL:
        raise _fail(
            f"reduce_only=True only works with time_in_force='immediate_or_cancel' (got {tif.value!r}): "
            "use immediate_or_cancel or drop reduce_only"
        )
    return CreateOrderV2Request(
        ticker=_ticker(ticker),
        side=book,
        count=_count(count, "count"),
        price=wire_price,
        time_in_force=tif,
        self_trade_prevention_type=stp,
        client_order_id=(
            new_client_order_id()
            if client_order_id is None
            else _client_order_id(client_order_id, "client_order_id")
        ),
        expiration_time=expiration,
        post_only=_optional_bool(post_only, "post_only"),
        reduce_only=reduce,
        cancel_order_on_pause=_optional_bool(cancel_order_on_pause, "cancel_order_on_pause"),
        subaccount=_optional_int(subaccount, "subaccount", 0, MAX_SUBACCOUNT),
        order_group_id=_optional_text(order_group_id, "order_group_id"),
        exchange_index=_optional_int(exchange_index, "exchange_index", -1),
    )


def build_amend_order(
    *,
    ticker: str,
    side: SideInput | None = None,
    action: ActionInput | None = None,
    yes_price: PriceInput | None = None,
    no_price: PriceInput | None = None,
    book_side: BookSideInput | None = None,
    price: PriceInput | None = None,
    count: CountInput,
    client_order_id: str | None = None,
    updated_client_order_id: str | None = None,
    expiration_time: ExpirationInput | None = None,
    exchange_index: int | None = None,
    tick: TickInput | None = None,
) -> AmendOrderV2Request:
    """A checked :class:`AmendOrderV2Request`. ``count`` is the new **total** (filled + desired remaining);
    ``expiration_time=0`` removes the expiry, omitting it keeps the current one."""
    book, wire_price = check_direction(
        side=side,
        action=action,
        yes_price=yes_price,
        no_price=no_price,
        book_side=book_side,
        price=price,
        tick=tick,
    )
    return AmendOrderV2Request(
        ticker=_ticker(ticker),
        side=book,
        price=wire_price,
        count=_count(count, "count"),
        client_order_id=(
            UNSET if client_order_id is None else _client_order_id(client_order_id, "client_order_id")
        ),
        updated_client_order_id=(
            UNSET
            if updated_client_order_id is None
            else _client_order_id(updated_client_order_id, "updated_client_order_id")
        ),
        expiration_time=UNSET if expiration_time is None else _expiration(expiration_time, allow_zero=True),
        exchange_index=_optional_int(exchange_index, "exchange_index", -1),
    )


def build_decrease_order(
    *,
    reduce_by: CountInput | None = None,
    reduce_to: CountInput | None = None,
    exchange_index: int | None = None,
    market_ticker: str | None = None,
) -> DecreaseOrderV2Request:
    """A checked :class:`DecreaseOrderV2Request`: exactly one of ``reduce_by`` (contracts to remove, > 0) and
    ``reduce_to`` (contracts to leave, ≥ 0)."""
    if (reduce_by is None) == (reduce_to is None):
        which = "both" if reduce_by is not None else "neither"
        raise _fail(
            "pass exactly one of reduce_by (contracts to remove) and reduce_to (contracts to leave); "
            f"{which} given"
        )
    return DecreaseOrderV2Request(
        reduce_by=UNSET if reduce_by is None else _count(reduce_by, "reduce_by"),
        reduce_to=UNSET if reduce_to is None else _count(reduce_to, "reduce_to", allow_zero=True),
        exchange_index=_optional_int(exchange_index, "exchange_index", -1),
        market_ticker=UNSET if market_ticker is None else _ticker(market_ticker, "market_ticker"),
    )
