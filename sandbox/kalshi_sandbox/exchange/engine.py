"""The exchange engine: V2 order writes, price-time matching, GetOrder/GetOrders and bulk seeding."""

from __future__ import annotations

import functools
import heapq
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from kalshi_sandbox.exchange import validation as v
from kalshi_sandbox.exchange.book import Book, crosses, opposite
from kalshi_sandbox.exchange.cursor import CursorCodec
from kalshi_sandbox.exchange.errors import ExchangeError
from kalshi_sandbox.exchange.fixed_point import ZERO, fee, fmt_count, fmt_dollars, parse_count
from kalshi_sandbox.exchange.ledger import Ledger
from kalshi_sandbox.exchange.liquidity import LP_USER_ID, LiquidityProvider
from kalshi_sandbox.exchange.market_data import MarketStats, market_wire
from kalshi_sandbox.exchange.markets import DEFAULT_MARKETS, MarketConfig, on_grid
from kalshi_sandbox.exchange.orders import EXECUTED, RESTING, STATUSES, Order
from kalshi_sandbox.exchange.pagination import order_filter, select_page
from kalshi_sandbox.exchange.seeding import SeedSpec, build_seed_orders

MAX_PAGE = 1000
MAX_EVENT_TICKERS = 10

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _locked(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Serialise public calls: the server may call the engine from several threads."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with args[0]._lock:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


@dataclass(frozen=True)
class Account:
    """A member; its subaccounts 0..63 live inside it."""

    user_id: str


def _result(order: Order, now: float, **fields: str) -> dict[str, Any]:
    """A V2 write response: order_id, client_order_id (when set), ``fields``, ts_ms (engine time, ms)."""
    out: dict[str, Any] = {"order_id": order.order_id}
    if order.client_order_id:
        out["client_order_id"] = order.client_order_id
    out.update(fields)
    out["ts_ms"] = int(now * 1000)
    return out


def _not_found(order_id: str) -> ExchangeError:
    return ExchangeError(404, "order_not_found", f"order {order_id} was not found for this member/subaccount")


class Exchange:
    """In-memory exchange: one YES book per market, price-time matching, soft cancels, cursor pagination.

    The behaviour choices and error codes are listed in the package docstring (``kalshi_sandbox.exchange``).
    """

    def __init__(
        self,
        markets: Iterable[MarketConfig] = DEFAULT_MARKETS,
        *,
        clock: Callable[[], float] = time.time,
        cursor_secret: bytes | None = None,
    ) -> None:
        self._markets: dict[str, MarketConfig] = {m.ticker: m for m in markets}
        for market in self._markets.values():
            on_grid(market.price_level_structure, Decimal("0.5"))  # fail fast on an unknown structure
        self._clock = clock
        self._cursors = CursorCodec(cursor_secret if cursor_secret is not None else os.urandom(32))
        self._lock = threading.RLock()
        self._seq = 0  # never reset, so a cursor from before reset() cannot alias newer orders
        self.reset()

    # ------------------------------------------------------------------ admin
    @_locked
    def reset(self) -> None:
        """Drop every order, position and client_order_id; reseed the liquidity providers."""
        self._books: dict[str, Book] = {ticker: Book() for ticker in self._markets}
        self._orders: dict[str, Order] = {}
        self._ledgers: dict[str, Ledger] = {}
        self._positions: dict[tuple[str, int, str], Decimal] = {}
        self._expiries: list[tuple[int, int, Order]] = []
        self._lps = {ticker: LiquidityProvider(m, self._books[ticker]) for ticker, m in self._markets.items()}
        self._stats = {ticker: MarketStats() for ticker in self._markets}
        now = self._clock()
        for ticker in self._markets:
            self._lps[ticker].replenish(now, initial=True)

    def markets(self) -> list[MarketConfig]:
        """The configured markets."""
        return list(self._markets.values())

    def market(self, ticker: str) -> MarketConfig:
        """One market; ExchangeError 404 ``market_not_found`` if unknown."""
        market = self._markets.get(ticker) if isinstance(ticker, str) else None
        if market is None:
            raise ExchangeError(404, "market_not_found", f"market {ticker!r} does not exist in the sandbox")
        return market

    @_locked
    def market_data(self, ticker: str) -> dict[str, Any]:
        """The spec's Market object: grid, quotes from the book, volume and open interest from fills."""
        market = self.market(ticker)
        now = self._clock()
        self._expire_due(now)
        return market_wire(market, self._books[ticker], self._stats[ticker], now)

    @_locked
    def orderbook(self, ticker: str) -> dict[str, list[tuple[str, str]]]:
        """Aggregated YES book ``{"bids": [(price, qty)], "asks": [...]}`` best first, as wire strings."""
        self.market(ticker)
        self._expire_due(self._clock())
        book = self._books[ticker]
        return {
            f"{side}s": [(fmt_dollars(p), fmt_count(q)) for p, q in book.depth(side)]
            for side in ("bid", "ask")
        }

    @_locked
    def position(self, account: Account, ticker: str, subaccount: int = 0) -> Decimal:
        """Net YES contracts held (negative = NO exposure) from fills in this engine."""
        return self._positions.get((account.user_id, subaccount, ticker), ZERO)

    @_locked
    def order_count(self, account: Account) -> int:
        """How many orders the member has (all statuses, all subaccounts)."""
        ledger = self._ledgers.get(account.user_id)
        return 0 if ledger is None else len(ledger.all.orders)

    # ------------------------------------------------------------------ writes
    @_locked
    def create_order(self, account: Account, body: dict[str, Any]) -> dict[str, Any]:
        """Place a CreateOrderV2Request; returns the CreateOrderV2Response dict (HTTP 201)."""
        now = self._clock()
        self._expire_due(now)
        order = self._place(account, body, now)
        counts = {"fill_count": fmt_count(order.filled), "remaining_count": fmt_count(order.remaining)}
        return _result(order, now, **counts, **order.averages())

    @_locked
    def batch_create(self, account: Account, bodies: list[dict[str, Any]]) -> dict[str, Any]:
        """Create each order on its own; ``{"orders": [...]}`` in request order, ``error`` on failed items."""
        items: list[dict[str, Any]] = []
        for body in bodies:
            try:
                items.append(self.create_order(account, body))
            except ExchangeError as exc:
                item: dict[str, Any] = {"error": exc.to_dict()}
                coid = body.get("client_order_id") if isinstance(body, dict) else None
                if isinstance(coid, str):
                    item["client_order_id"] = coid
                items.append(item)
        return {"orders": items}

    @_locked
    def cancel_order(
        self,
        account: Account,
        order_id: str,
        *,
        subaccount: int = 0,
        exchange_index: int | None = None,
        market_ticker: str | None = None,
    ) -> dict[str, Any]:
        """Soft-cancel a resting order; returns CancelOrderV2Response. 404 unknown, 409 not resting."""
        now = self._clock()
        self._expire_due(now)
        order = self._own(account, order_id, subaccount, exchange_index, market_ticker)
        if order.status != RESTING:
            raise ExchangeError(409, "order_not_resting", f"order {order_id} is {order.status}, not resting")
        reduced = order.cancel(now, "Canceled")
        self._lps[order.ticker].replenish(now)
        return _result(order, now, reduced_by=fmt_count(reduced))

    @_locked
    def batch_cancel(self, account: Account, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Cancel each ``{order_id, subaccount?, exchange_index?, market_ticker?}`` on its own."""
        results: list[dict[str, Any]] = []
        for item in items:
            order_id = item.get("order_id") if isinstance(item, dict) else None
            try:
                item = v.require_dict(item, "each batch cancel item")
                if not isinstance(order_id, str) or not order_id:
                    raise v.invalid("order_id is required in every batch cancel item")
                results.append(
                    self.cancel_order(
                        account,
                        order_id,
                        subaccount=v.subaccount(item.get("subaccount", 0)),
                        exchange_index=item.get("exchange_index"),
                        market_ticker=item.get("market_ticker"),
                    )
                )
            except ExchangeError as exc:
                results.append(
                    {
                        "order_id": order_id if isinstance(order_id, str) else "",
                        "reduced_by": "0.00",
                        "error": exc.to_dict(),
                    }
                )
        return {"orders": results}

    @_locked
    def cancel_all(self, account: Account, *, subaccount: int | None = None) -> None:
        """Cancel every resting order of the member (all subaccounts, or only ``subaccount``)."""
        if subaccount is not None:
            v.subaccount(subaccount)
        now = self._clock()
        self._expire_due(now)
        ledger = self._ledgers.get(account.user_id)
        if ledger is None:
            return
        touched: set[str] = set()
        for order in ledger.resting_orders():
            if subaccount is None or order.subaccount == subaccount:
                order.cancel(now, "Canceled")
                touched.add(order.ticker)
        for ticker in touched:
            self._lps[ticker].replenish(now)

    @_locked
    def amend_order(
        self, account: Account, order_id: str, body: dict[str, Any], *, subaccount: int = 0
    ) -> dict[str, Any]:
        """Apply an AmendOrderV2Request (``count`` = new total: filled + remaining); AmendOrderV2Response.

        The amended total becomes the order's ``initial_count``. A price change or a size increase loses the
        queue position and may cross and fill (taker fills); an expiry-only amend or a size decrease keeps it.
        """
        now = self._clock()
        self._expire_due(now)
        body = v.require_dict(body, "the amend body")
        # -1 (auto-route) is always satisfiable here: the amend body's required ticker routes it.
        shard = body.get("exchange_index")
        order = self._own(account, order_id, subaccount, None if shard == -1 else shard, None)
        v.check_no_legacy_price(body)
        market = self._markets[order.ticker]
        if body.get("ticker") != order.ticker:
            raise v.invalid(f"ticker must be the order's market {order.ticker} (got {body.get('ticker')!r})")
        if body.get("side") != order.book_side:
            raise v.invalid(
                f"side must be the order's book side {order.book_side} (got {body.get('side')!r})"
            )
        price = v.grid_price(body.get("price"), market)
        count = parse_count(body.get("count"), "count")
        current = body.get("client_order_id")
        if current is not None and current != order.client_order_id:
            raise v.invalid("client_order_id does not match the order's current client_order_id")
        if order.status != RESTING:
            raise ExchangeError(409, "order_not_resting", f"order {order_id} is {order.status}, not resting")
        new_client_id = v.client_order_id(body.get("updated_client_order_id"), "updated_client_order_id")
        ledger = self._ledger(account)
        if new_client_id and new_client_id != order.client_order_id and new_client_id in ledger.by_client_id:
            raise self._duplicate(new_client_id, ledger.by_client_id[new_client_id])
        if count < order.filled:
            raise v.invalid(
                "count is the new total (filled + remaining) and cannot be below the "
                f"{fmt_count(order.filled)} already filled",
                "invalid_count",
            )
        expiration = order.expiration_ts
        if "expiration_time" in body:
            expiration = self._amend_expiry(body["expiration_time"], now)

        if new_client_id and new_client_id != order.client_order_id:
            ledger.by_client_id.pop(order.client_order_id, None)
            order.client_order_id = new_client_id
            ledger.by_client_id[new_client_id] = order
        new_remaining = count - order.filled
        requeue = price != order.price or new_remaining > order.remaining
        order.initial = count
        order.remaining = new_remaining
        order.price = price
        if expiration != order.expiration_ts:
            order.expiration_ts = expiration
            self._schedule_expiry(order)
        order.touch(now, "Amended")
        if new_remaining == ZERO:
            order.status = EXECUTED  # the new total is exactly what has already filled
            order.book_token = 0
        elif requeue:
            order.book_token = 0  # leave the queue; the old book entry is now dead
            self._take_then_rest(order, market, now)
        self._lps[order.ticker].replenish(now)
        counts = {"remaining_count": fmt_count(order.remaining), "fill_count": fmt_count(order.filled)}
        return _result(order, now, **counts, **order.averages())

    @_locked
    def decrease_order(
        self, account: Account, order_id: str, body: dict[str, Any], *, subaccount: int = 0
    ) -> dict[str, Any]:
        """Apply a DecreaseOrderV2Request; returns DecreaseOrderV2Response. Keeps the queue position.

        ``reduce_by`` larger than the remaining count cancels the order; ``reduce_to`` above it is a 400.
        Reaching zero remaining cancels the order.
        """
        now = self._clock()
        self._expire_due(now)
        body = v.require_dict(body, "the decrease body")
        order = self._own(
            account, order_id, subaccount, body.get("exchange_index"), body.get("market_ticker")
        )
        has_by, has_to = body.get("reduce_by") is not None, body.get("reduce_to") is not None
        if has_by == has_to:
            raise v.invalid(
                "send exactly one of reduce_by (contracts to remove) and reduce_to (contracts to leave)"
            )
        if order.status != RESTING:
            raise ExchangeError(409, "order_not_resting", f"order {order_id} is {order.status}, not resting")
        if has_by:
            new_remaining = max(ZERO, order.remaining - parse_count(body["reduce_by"], "reduce_by"))
        else:
            new_remaining = parse_count(body["reduce_to"], "reduce_to", allow_zero=True)
            if new_remaining > order.remaining:
                raise v.invalid(
                    f"reduce_to {fmt_count(new_remaining)} is above the remaining "
                    f"{fmt_count(order.remaining)}; use amend to increase an order",
                    "invalid_count",
                )
        if new_remaining == ZERO:
            order.cancel(now, "Decreased")
            self._lps[order.ticker].replenish(now)
        else:
            order.remaining = new_remaining
            order.touch(now, "Decreased")
        return _result(order, now, remaining_count=fmt_count(order.remaining))

    # ------------------------------------------------------------------ reads
    @_locked
    def get_order(self, account: Account, order_id: str) -> dict[str, Any]:
        """The Order dict (any subaccount); ExchangeError 404 ``order_not_found`` if not this member's."""
        self._expire_due(self._clock())
        order = self._orders.get(order_id)
        if order is None or order.user_id != account.user_id:
            raise _not_found(order_id)
        return order.to_wire()

    @_locked
    def queue_position(self, account: Account, order_id: str, *, subaccount: int | None = None) -> str:
        """The order's queue position as a count string: contracts ahead of it at its price level.

        ExchangeError 404 ``order_not_found`` for another member's order, another subaccount (when
        ``subaccount`` is given) or an order that is no longer resting (only resting orders have a queue).
        """
        self._expire_due(self._clock())
        order = self._orders.get(order_id)
        if order is None or order.user_id != account.user_id:
            raise _not_found(order_id)
        if subaccount is not None and order.subaccount != subaccount:
            raise _not_found(order_id)
        if order.status != RESTING:
            raise ExchangeError(
                404,
                "order_not_found",
                f"order {order_id} is {order.status}: only resting orders have a queue position",
            )
        return fmt_count(self._books[order.ticker].ahead_of(order))

    @_locked
    def queue_positions(
        self,
        account: Account,
        *,
        market_tickers: list[str] | None = None,
        event_ticker: str | None = None,
        subaccount: int = 0,
    ) -> list[dict[str, str]]:
        """``OrderQueuePosition`` dicts for the member's resting orders in ``subaccount``, oldest first.

        ``market_tickers`` and ``event_ticker`` narrow the set (both apply when both are given); unknown
        tickers match nothing.
        """
        v.subaccount(subaccount)
        self._expire_due(self._clock())
        ledger = self._ledgers.get(account.user_id)
        if ledger is None:
            return []
        wanted = set(market_tickers) if market_tickers is not None else None
        out = []
        for order in ledger.resting_orders():
            if order.subaccount != subaccount:
                continue
            if wanted is not None and order.ticker not in wanted:
                continue
            if event_ticker is not None and order.event_ticker != event_ticker:
                continue
            ahead = self._books[order.ticker].ahead_of(order)
            out.append(
                {
                    "order_id": order.order_id,
                    "market_ticker": order.ticker,
                    "queue_position_fp": fmt_count(ahead),
                }
            )
        return out

    @_locked
    def list_orders(
        self,
        account: Account,
        *,
        ticker: str | None = None,
        event_tickers: list[str] | None = None,
        min_ts: int | None = None,
        max_ts: int | None = None,
        status: str | None = None,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> tuple[list[dict[str, Any]], str]:
        """One GetOrders page, newest first (by creation sequence): ``(orders, next_cursor)``.

        ``next_cursor`` is ``""`` on the last page. The cursor holds only the walk position (the sequence of
        the last order returned) under an HMAC, so orders created during a walk (higher sequences) never
        shift it. ``min_ts``/``max_ts`` bound ``created_time`` inclusively (Unix seconds).
        """
        page, next_cursor = self._page(
            account,
            ticker=ticker,
            event_tickers=event_tickers,
            min_ts=min_ts,
            max_ts=max_ts,
            status=status,
            subaccount=subaccount,
            exchange_index=exchange_index,
            limit=limit,
            cursor=cursor,
        )
        return [order.to_wire() for order in page], next_cursor

    @_locked
    def list_orders_json(self, account: Account, **filters: Any) -> tuple[list[bytes], str]:
        """:meth:`list_orders` with every order as its cached JSON bytes, for a server that joins them."""
        page, next_cursor = self._page(account, **filters)
        return [order.to_json() for order in page], next_cursor

    def _page(
        self,
        account: Account,
        *,
        ticker: str | None = None,
        event_tickers: list[str] | None = None,
        min_ts: int | None = None,
        max_ts: int | None = None,
        status: str | None = None,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> tuple[list[Order], str]:
        if not v.is_int(limit) or not 1 <= limit <= MAX_PAGE:
            raise v.invalid(f"limit must be an integer 1–{MAX_PAGE} (got {limit!r})", "invalid_limit")
        if status is not None and status not in STATUSES:
            raise v.invalid(f"status must be one of {', '.join(STATUSES)} (got {status!r})", "invalid_status")
        if subaccount is not None:
            v.subaccount(subaccount)
        if exchange_index is not None and (not v.is_int(exchange_index) or exchange_index < 0):
            raise v.invalid("exchange_index must be an integer ≥ 0", "invalid_exchange_index")
        for name, bound in (("min_ts", min_ts), ("max_ts", max_ts)):
            if bound is not None and (not v.is_int(bound) or bound < 0):
                raise v.invalid(f"{name} must be Unix seconds (an integer ≥ 0)", "invalid_timestamp")
        if event_tickers is not None and not 1 <= len(event_tickers) <= MAX_EVENT_TICKERS:
            raise v.invalid(f"event_ticker takes 1–{MAX_EVENT_TICKERS} event tickers", "invalid_event_ticker")
        position = self._cursors.decode(cursor) if cursor else None
        self._expire_due(self._clock())
        ledger = self._ledgers.get(account.user_id)
        if ledger is None:
            return [], ""
        keep = order_filter(event_tickers, min_ts, max_ts, status, subaccount, exchange_index)
        page, more = select_page(ledger.index(ticker), position, limit, keep)
        # The next page holds the orders with a sequence below the last one returned.
        next_cursor = self._cursors.encode(page[-1].seq) if more and page else ""
        return page, next_cursor

    @_locked
    def seed_orders(
        self,
        account: Account,
        count: int,
        *,
        ticker: str | None = None,
        statuses: list[str] | None = None,
        seed: int = 0,
    ) -> None:
        """Bulk-insert ``count`` orders with mixed statuses and created_time spread over the past 30 days.

        Resting seeded orders sit on the book far from the liquidity provider (YES bids ≤ 0.30, asks ≥ 0.70),
        so they can be read, canceled and amended like any other. Reproducible for a given ``seed`` on a
        fresh exchange.
        """
        if not v.is_int(count) or count < 0:
            raise v.invalid("count must be a non-negative integer")
        markets = [self.market(ticker)] if ticker is not None else list(self._markets.values())
        chosen = list(statuses) if statuses else None
        if chosen is not None and any(s not in STATUSES for s in chosen):
            raise v.invalid(f"statuses must be drawn from {', '.join(STATUSES)}", "invalid_status")
        ledger = self._ledger(account)
        newest = max((o.created for o in self._orders.values() if o.user_id == account.user_id), default=None)
        spec = SeedSpec(account.user_id, markets, chosen, seed, self._seq, self._clock(), newest)
        for order in build_seed_orders(spec, count):
            self._seq = order.seq
            if order.client_order_id in ledger.by_client_id:
                order.client_order_id = ""  # never break client_order_id uniqueness
            self._orders[order.order_id] = order
            ledger.add(order)
            if order.status == RESTING:
                ledger.resting[order.order_id] = order
                self._books[order.ticker].add(order)

    # ------------------------------------------------------------------ internals: placing and matching
    def _place(self, account: Account, body: dict[str, Any], now: float) -> Order:
        body = v.require_dict(body, "the order body")
        v.check_no_legacy_price(body)
        ticker = body.get("ticker")
        if not isinstance(ticker, str) or not ticker:
            raise v.invalid("ticker is required: the market ticker, e.g. KXSANDBOX-26DEC31-T50")
        market = self.market(ticker)
        side = v.choice(body, "side", v.BOOK_SIDES)
        count = parse_count(body.get("count"), "count")
        price = v.grid_price(body.get("price"), market)
        tif = v.choice(body, "time_in_force", v.TIMES_IN_FORCE)
        stp = v.choice(body, "self_trade_prevention_type", v.STP_TYPES)
        client_id = v.client_order_id(body.get("client_order_id"))
        subaccount = v.subaccount(body.get("subaccount", 0))
        v.route(body.get("exchange_index"), market)
        post_only = v.optional_bool(body, "post_only")
        reduce_only = v.optional_bool(body, "reduce_only")
        cancel_on_pause = v.optional_bool(body, "cancel_order_on_pause")
        group = body.get("order_group_id")
        if group is not None and not isinstance(group, str):
            raise v.invalid("order_group_id must be a string")
        if reduce_only and tif != "immediate_or_cancel":
            raise v.invalid("reduce_only is only accepted with time_in_force immediate_or_cancel")
        expiration = body.get("expiration_time")
        if expiration is not None:
            if tif != "good_till_canceled":
                raise v.invalid("expiration_time is only accepted with time_in_force good_till_canceled")
            if not v.is_int(expiration) or expiration <= now:
                raise v.invalid(
                    "expiration_time must be a future Unix time in seconds", "invalid_expiration_time"
                )
        ledger = self._ledger(account)
        if client_id and client_id in ledger.by_client_id:
            raise self._duplicate(client_id, ledger.by_client_id[client_id])
        book = self._books[market.ticker]
        if tif == "fill_or_kill":
            available = self._available(book, side, price, account.user_id, stp, count)
            if available < count:
                raise ExchangeError(
                    409,
                    "fill_or_kill_insufficient_resting_volume",
                    f"fill or kill insufficient resting volume: {fmt_count(available)} of {fmt_count(count)} "
                    f"contracts available at {fmt_dollars(price)} or better",
                )
        self._seq += 1
        order = Order(
            seq=self._seq,
            order_id=str(uuid.uuid4()),
            user_id=account.user_id,
            client_order_id=client_id,
            ticker=market.ticker,
            event_ticker=market.event_ticker,
            exchange_index=market.exchange_index,
            subaccount=subaccount,
            book_side=side,
            price=price,
            initial=count,
            remaining=count,
            time_in_force=tif,
            stp=stp,
            created=now,
            last_update=now,
            expiration_ts=expiration,
            post_only=post_only,
            cancel_order_on_pause=cancel_on_pause,
            order_group_id=group,
        )
        self._orders[order.order_id] = order
        ledger.add(order)
        max_fill = None
        if reduce_only:
            held = self._positions.get((account.user_id, subaccount, market.ticker), ZERO)
            max_fill = max(ZERO, -held if side == "bid" else held)
        self._take_then_rest(order, market, now, max_fill=max_fill)
        if order.status == RESTING:
            ledger.resting[order.order_id] = order
            if order.expiration_ts is not None:
                self._schedule_expiry(order)
        self._lps[market.ticker].replenish(now)
        return order

    def _take_then_rest(
        self, order: Order, market: MarketConfig, now: float, *, max_fill: Decimal | None = None
    ) -> None:
        """Match ``order`` as taker, then rest its remainder (GTC) or cancel it (IoC/FoK)."""
        book = self._books[market.ticker]
        best = book.best(opposite(order.book_side))
        if order.post_only and best is not None and crosses(order.book_side, order.price, best.price):
            order.cancel(now, "PostOnlyCrossCancel")
            return
        self._match(order, market, now, max_fill)
        if order.status != RESTING:
            return
        if order.time_in_force == "good_till_canceled":
            book.add(order)
        else:
            order.cancel(now, "ImmediateOrCancel" if max_fill is None else "ReduceOnly")

    def _match(self, taker: Order, market: MarketConfig, now: float, max_fill: Decimal | None) -> None:
        book = self._books[market.ticker]
        budget = taker.remaining if max_fill is None else min(max_fill, taker.remaining)
        per_level: dict[Decimal, Decimal] = {}
        while budget > ZERO:
            maker = book.best(opposite(taker.book_side))
            if maker is None or not crosses(taker.book_side, taker.price, maker.price):
                break
            if maker.user_id == taker.user_id:  # self-trade prevention (member-wide, across subaccounts)
                if taker.stp == "maker":
                    maker.cancel(now, "SelfTradeCancel")
                    continue
                taker.cancel(now, "SelfTradeCancel")
                break
            qty = min(budget, maker.remaining)
            price = maker.price  # the resting order sets the price; the taker gets any improvement
            maker.record_fill(qty, price, fee(market.maker_fee_rate, qty, price), taker=False, now=now)
            taker.record_fill(qty, price, ZERO, taker=True, now=now)
            self._move_position(maker, qty)
            self._move_position(taker, qty)
            buyer, seller = (taker, maker) if taker.book_side == "bid" else (maker, taker)
            self._stats[market.ticker].record(
                now, price, qty, (buyer.user_id, buyer.subaccount), (seller.user_id, seller.subaccount)
            )
            per_level[price] = per_level.get(price, ZERO) + qty
            budget -= qty
        # The taker fee is rounded up once per price level of this pass, not once per resting order hit.
        for price, qty in per_level.items():
            taker.add_fee(fee(market.taker_fee_rate, qty, price), taker=True)

    def _available(
        self, book: Book, side: str, price: Decimal, user_id: str, stp: str, wanted: Decimal
    ) -> Decimal:
        """Volume a taker could fill now, honouring self-trade prevention (for fill-or-kill)."""
        total = ZERO
        for resting in book.iter_live(opposite(side)):
            if total >= wanted or not crosses(side, price, resting.price):
                break
            if resting.user_id == user_id:
                if stp == "taker_at_cross":
                    break
                continue
            total += resting.remaining
        return total

    def _move_position(self, order: Order, qty: Decimal) -> None:
        if order.user_id == LP_USER_ID:
            return
        key = (order.user_id, order.subaccount, order.ticker)
        delta = qty if order.book_side == "bid" else -qty
        self._positions[key] = self._positions.get(key, ZERO) + delta

    # ------------------------------------------------------------------ internals: helpers
    def _ledger(self, account: Account) -> Ledger:
        ledger = self._ledgers.get(account.user_id)
        if ledger is None:
            ledger = self._ledgers[account.user_id] = Ledger()
        return ledger

    def _own(
        self,
        account: Account,
        order_id: str,
        subaccount: int,
        exchange_index: Any,
        market_ticker: Any,
    ) -> Order:
        """The member's order in ``subaccount``; a shard or ticker that does not hold it → 404.

        ``exchange_index`` -1 asks Kalshi to route to the market's shard, which needs a ticker: without
        ``market_ticker`` (cancel and decrease have no other) it is a 400.
        """
        v.subaccount(subaccount)
        if exchange_index == -1 and market_ticker is None:
            raise v.invalid(
                "exchange_index -1 asks for auto-routing by ticker: pass market_ticker too, "
                "or omit exchange_index",
                "invalid_exchange_index",
            )
        order = self._orders.get(order_id)
        if order is None or order.user_id != account.user_id or order.subaccount != subaccount:
            raise _not_found(order_id)
        if exchange_index not in (None, -1) and exchange_index != order.exchange_index:
            raise _not_found(order_id)
        if market_ticker is not None and market_ticker != order.ticker:
            raise _not_found(order_id)
        return order

    @staticmethod
    def _duplicate(client_id: str, existing: Order) -> ExchangeError:
        return ExchangeError(
            409,
            "order_already_exists",
            f"client_order_id {client_id!r} is already used by another order of this member; "
            "look that order up instead of resending, or use a new client_order_id",
            f"order_id={existing.order_id}",
        )

    def _amend_expiry(self, value: Any, now: float) -> int | None:
        if not v.is_int(value) or value < 0:
            raise v.invalid(
                "expiration_time must be Unix seconds (0 removes the expiry)", "invalid_expiration_time"
            )
        if value == 0:
            return None
        if value <= now:
            raise v.invalid("expiration_time must be in the future", "invalid_expiration_time")
        return int(value)

    def _schedule_expiry(self, order: Order) -> None:
        if order.expiration_ts is not None:
            heapq.heappush(self._expiries, (order.expiration_ts, order.seq, order))

    def _expire_due(self, now: float) -> None:
        """Cancel good-till-time orders whose expiry has passed (lazily, before every call)."""
        heap = self._expiries
        touched: set[str] = set()
        while heap and heap[0][0] <= now:
            expiry, _, order = heapq.heappop(heap)
            if order.status == RESTING and order.expiration_ts == expiry:
                order.cancel(float(expiry), "Expired")
                touched.add(order.ticker)
        for ticker in touched:
            self._lps[ticker].replenish(now)
