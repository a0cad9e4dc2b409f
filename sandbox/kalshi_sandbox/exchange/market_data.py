"""What GetMarket shows of a market: its grid and quotes from the book, its trading statistics from fills."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kalshi_sandbox.exchange.book import Book
from kalshi_sandbox.exchange.fixed_point import ONE, ZERO, fmt_count, fmt_dollars
from kalshi_sandbox.exchange.markets import MarketConfig, price_bands
from kalshi_sandbox.exchange.orders import iso_z

DAY = 86_400.0


@dataclass
class MarketStats:
    """One market's fills: volume, last price, holdings (for open interest; the liquidity provider's too)."""

    volume: Decimal = ZERO
    last_price: Decimal | None = None
    trades: deque[tuple[float, Decimal, Decimal]] = field(default_factory=deque)  # (time, YES price, count)
    holdings: dict[tuple[str, int], Decimal] = field(default_factory=dict)  # net YES contracts per holder

    def record(
        self, now: float, price: Decimal, count: Decimal, buyer: tuple[str, int], seller: tuple[str, int]
    ) -> None:
        """A fill of ``count`` at YES ``price``: ``buyer`` bought YES from ``seller``."""
        self.volume += count
        self.last_price = price
        self.trades.append((now, price, count))
        self.holdings[buyer] = self.holdings.get(buyer, ZERO) + count
        self.holdings[seller] = self.holdings.get(seller, ZERO) - count

    def open_interest(self) -> Decimal:
        # Every contract has one YES holder and one NO holder: the YES side's total is what is outstanding.
        return sum((held for held in self.holdings.values() if held > 0), ZERO)

    def since(self, start: float) -> tuple[Decimal, Decimal | None]:
        """Volume traded at or after ``start``, and the last price before it (None if nothing traded then)."""
        while self.trades and self.trades[0][0] < start - DAY:  # keep one extra day for "a day ago"
            self.trades.popleft()
        volume, before = ZERO, None
        for ts, price, count in self.trades:
            if ts >= start:
                volume += count
            else:
                before = price
        return volume, before


def market_wire(market: MarketConfig, book: Book, stats: MarketStats, now: float) -> dict[str, Any]:
    """The spec's Market object for ``market`` now (every field upstream marks required, and the grid)."""
    bid, ask = book.top("bid"), book.top("ask")
    yes_bid, bid_size = bid if bid is not None else (ZERO, ZERO)
    yes_ask, ask_size = ask if ask is not None else (ONE, ZERO)
    volume_24h, price_a_day_ago = stats.since(now - DAY)
    close = iso_z(market.close_time)
    return {
        "ticker": market.ticker,
        "event_ticker": market.event_ticker,
        "market_type": "binary",
        "yes_sub_title": market.yes_sub_title,
        "no_sub_title": market.no_sub_title,
        "created_time": iso_z(market.open_time),
        "updated_time": iso_z(market.open_time),
        "open_time": iso_z(market.open_time),
        "close_time": close,
        "expected_expiration_time": close,
        "latest_expiration_time": close,
        "settlement_timer_seconds": market.settlement_timer_seconds,
        "status": "active",  # the engine trades every market at any time, so each one is active
        "yes_bid_dollars": fmt_dollars(yes_bid),
        "yes_bid_size_fp": fmt_count(bid_size),
        "yes_ask_dollars": fmt_dollars(yes_ask),
        "yes_ask_size_fp": fmt_count(ask_size),
        "no_bid_dollars": fmt_dollars(ONE - yes_ask),
        "no_ask_dollars": fmt_dollars(ONE - yes_bid),
        "last_price_dollars": fmt_dollars(stats.last_price or ZERO),
        # No quote history is kept: "a day ago" shows today's quotes, and the last price before then.
        "previous_yes_bid_dollars": fmt_dollars(yes_bid),
        "previous_yes_ask_dollars": fmt_dollars(yes_ask),
        "previous_price_dollars": fmt_dollars(price_a_day_ago or ZERO),
        "volume_fp": fmt_count(stats.volume),
        "volume_24h_fp": fmt_count(volume_24h),
        "open_interest_fp": fmt_count(stats.open_interest()),
        "notional_value_dollars": "1.0000",
        "result": "",
        "can_close_early": True,
        "expiration_value": "",
        "settlement_bounds_type": "default",
        "settlement_floor_dollars": None,
        "settlement_value_dollars": None,
        "settlement_ts": None,
        "rules_primary": market.rules_primary,
        "rules_secondary": "",
        "price_level_structure": market.price_level_structure,
        "price_ranges": [
            {
                "start": fmt_dollars(start),
                "end": fmt_dollars(end),
                "step": fmt_dollars(step),
            }
            for start, end, step in price_bands(market.price_level_structure)
        ],
        "exchange_index": market.exchange_index,
        "fractional_trading_enabled": True,
        "is_provisional": False,
    }
