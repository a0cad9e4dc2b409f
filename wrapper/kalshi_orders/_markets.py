"""Markets as order entry sees them: the :class:`Market` view (GetMarket), and each client's cache of market
grids that creates and amends are checked against before they are sent.

The check never blocks trading on a market that cannot be read: when GetMarket fails (an outage, a timeout,
an answer that does not fit the spec) the order goes out unchecked with a WARNING on the ``kalshi_orders``
logger, and the exchange judges its price and count as it always does. A failed read is remembered for a
short while so that an outage costs one extra request per market and window, not one per order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from kalshi_orders_api.api.market import get_market
from kalshi_orders_api.models.get_market_response import GetMarketResponse
from kalshi_orders_api.models.market import Market as RawMarket
from kalshi_orders_api.models.market_status import MarketStatus
from kalshi_orders_api.models.price_level_structure import PriceLevelStructure as RawStructure
from kalshi_orders_api.types import Unset

from ._checks import check_ticker
from ._deadline import Deadline
from ._grid import PriceGrid
from ._logging import logger
from ._money import to_decimal
from ._plan import Plan, Send, call_and_read, error_for, expect_body, send_with_retries
from ._response import RawResponse
from ._retry import RetryPolicy, RetryState
from .errors import KalshiError, OrderValidationError

__all__ = [
    "DEFAULT_MARKET_TTL",
    "FAILED_READ_TTL",
    "GridCheck",
    "Market",
    "MarketGrids",
    "check_grids",
    "get_market_plan",
    "grid_plan",
]

# How long a market's grid is trusted: grids change rarely (a structure change is announced in advance).
DEFAULT_MARKET_TTL = 300.0
# How long a failed market read is remembered before the next order tries again.
FAILED_READ_TTL = 30.0


def _opt_decimal(value: str | Unset | None) -> Decimal | None:
    return None if value is None or isinstance(value, Unset) else to_decimal(value)


def _opt_time(value: str | Unset | None) -> datetime | None:
    return None if value is None or isinstance(value, Unset) else datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Market:
    """One market (GetMarket): its grid, status and quotes, with Decimal money."""

    raw: RawMarket

    @property
    def ticker(self) -> str:
        return self.raw.ticker

    @property
    def event_ticker(self) -> str:
        return self.raw.event_ticker

    @property
    def status(self) -> MarketStatus:
        """Orders are accepted only while it is ``active`` (an unknown value is kept, ``.is_unknown``)."""
        return self.raw.status

    @property
    def price_level_structure(self) -> RawStructure:
        return self.raw.price_level_structure

    @property
    def fractional_trading_enabled(self) -> bool:
        """Whether counts may have cents of a contract; absent means yes (every market since April 2026)."""
        value = self.raw.fractional_trading_enabled
        return True if isinstance(value, Unset) else value

    @property
    def grid(self) -> PriceGrid:
        """The prices and counts the market takes, from its published ``price_ranges``."""
        return PriceGrid.from_bands(
            self.raw.price_level_structure.value,
            [(to_decimal(r.start), to_decimal(r.end), to_decimal(r.step)) for r in self.raw.price_ranges],
            fractional=self.fractional_trading_enabled,
            ticker=self.raw.ticker,
        )

    @property
    def yes_bid(self) -> Decimal | None:
        return _opt_decimal(self.raw.yes_bid_dollars)

    @property
    def yes_ask(self) -> Decimal | None:
        return _opt_decimal(self.raw.yes_ask_dollars)

    @property
    def last_price(self) -> Decimal | None:
        return _opt_decimal(self.raw.last_price_dollars)

    @property
    def open_time(self) -> datetime | None:
        return _opt_time(self.raw.open_time)

    @property
    def close_time(self) -> datetime | None:
        return _opt_time(self.raw.close_time)

    @property
    def extra(self) -> Mapping[str, Any]:
        return self.raw.additional_properties

    def to_dict(self) -> dict[str, Any]:
        return self.raw.to_dict()

    def __repr__(self) -> str:
        return (
            f"Market(ticker={self.ticker!r}, status={self.status.value!r}, "
            f"price_level_structure={self.price_level_structure.value!r})"
        )


def get_market_plan(
    ticker: str, policy: RetryPolicy, clock: Callable[[], float]
) -> Plan[RawResponse[Market]]:
    """GetMarket: one market by ticker."""
    send = Send(partial(get_market.sync_detailed, ticker=check_ticker("ticker", ticker)))
    return call_and_read(send, policy, clock, lambda a: Market(expect_body(a, GetMarketResponse).market))


class MarketGrids:
    """One client's cache of market grids: a grid is kept for ``ttl`` seconds, a failed read for
    ``failed_ttl`` seconds. Shared by the client's threads or tasks."""

    def __init__(
        self, clock: Callable[[], float], ttl: float = DEFAULT_MARKET_TTL, failed_ttl: float = FAILED_READ_TTL
    ) -> None:
        if ttl < 0 or failed_ttl < 0:
            raise ValueError("market cache times must not be negative")
        self.clock = clock
        self.ttl = ttl
        self.failed_ttl = failed_ttl
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, PriceGrid | None]] = {}

    def lookup(self, ticker: str) -> tuple[bool, PriceGrid | None]:
        """(found, grid): found with None means a recent read failed."""
        with self._lock:
            entry = self._entries.get(ticker)
            if entry is None:
                return False, None
            expires, grid = entry
            if self.clock() >= expires:
                del self._entries[ticker]
                return False, None
            return True, grid

    def store(self, ticker: str, grid: PriceGrid | None) -> None:
        ttl = self.ttl if grid is not None else self.failed_ttl
        with self._lock:
            self._entries[ticker] = (self.clock() + ttl, grid)

    def forget(self, ticker: str | None = None) -> None:
        """Drop one market's entry, or every entry."""
        with self._lock:
            if ticker is None:
                self._entries.clear()
            else:
                self._entries.pop(ticker, None)


def grid_plan(
    ticker: str, grids: MarketGrids, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[PriceGrid | None]:
    """The market's grid, from the cache or one GetMarket attempt; None when it cannot be read (logged).

    One attempt only, no retries: the order waits for this read, and an unchecked order is judged by the
    exchange anyway.
    """
    found, grid = grids.lookup(ticker)
    if found:
        return grid
    send = Send(partial(get_market.sync_detailed, ticker=ticker))
    attempt = yield from send_with_retries(send, RetryState(RetryPolicy.never(), clock, deadline))
    reason: str
    if attempt.failure is None:
        try:
            grid = Market(expect_body(attempt, GetMarketResponse).market).grid
        except (KalshiError, ValueError) as exc:
            reason = str(exc)
        else:
            grids.store(ticker, grid)
            return grid
    else:
        reason = str(error_for(attempt))
    grids.store(ticker, None)
    logger.warning(
        "kalshi: could not read market %s to check the order's price and count (%s); sending it unchecked, "
        "the exchange will judge it (next try in %gs)",
        ticker,
        reason,
        grids.failed_ttl,
    )
    return None


@dataclass(frozen=True, slots=True)
class GridCheck:
    """One order's price and count (wire strings, the YES price) to check against its market's grid."""

    ticker: str
    price: str
    count: str
    label: str = ""  # e.g. "order 2: " in a batch


def check_grids(
    checks: list[GridCheck], grids: MarketGrids, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[None]:
    """Read each market's grid once (cached) and refuse an order that is off it: nothing is then sent.
    A market that cannot be read is skipped (see :func:`grid_plan`)."""
    for ticker in dict.fromkeys(check.ticker for check in checks):
        grid = yield from grid_plan(ticker, grids, clock, deadline)
        if grid is None:
            continue
        for check in checks:
            if check.ticker != ticker:
                continue
            try:
                grid.check_price(to_decimal(check.price), what=f"{check.label}the YES price")
                grid.check_count(to_decimal(check.count), what=f"{check.label}count")
            except ValueError as exc:
                raise OrderValidationError(f"{exc} (the market's grid: {grid.describe()})") from None
