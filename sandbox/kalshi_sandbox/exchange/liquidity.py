"""The simulated market maker: fixed YES quotes around the spread, topped back up after they trade."""

from __future__ import annotations

import uuid
from decimal import Decimal

from kalshi_sandbox.exchange.book import Book, crosses, opposite
from kalshi_sandbox.exchange.fixed_point import ZERO
from kalshi_sandbox.exchange.markets import MarketConfig, on_grid
from kalshi_sandbox.exchange.orders import RESTING, Order

LP_USER_ID = "sandbox-liquidity-provider"


class LiquidityProvider:
    """Quotes ``lp.levels`` bids below ``best_bid`` and asks above ``best_ask`` in one market's book."""

    def __init__(self, market: MarketConfig, book: Book) -> None:
        self._market = market
        self._book = book
        self._quotes: dict[tuple[str, Decimal], list[Order]] = {}

    def replenish(self, now: float, *, initial: bool = False) -> None:
        """Top every level back up to ``size`` (new orders at the back of the queue), never crossing a
        resting order: a level that would cross waits until the next call."""
        lp = self._market.lp
        if lp is None or not (initial or lp.replenish):
            return
        for side, start, sign in (("bid", lp.best_bid, -1), ("ask", lp.best_ask, 1)):
            for level in range(lp.levels):
                price = start + sign * level * lp.step
                if not on_grid(self._market.price_level_structure, price):
                    continue
                live = [o for o in self._quotes.get((side, price), []) if o.status == RESTING]
                missing = lp.size - sum((o.remaining for o in live), ZERO)
                best = self._book.best(opposite(side))
                if missing > ZERO and (best is None or not crosses(side, price, best.price)):
                    live.append(self._quote(side, price, missing, now))
                self._quotes[side, price] = live

    def _quote(self, side: str, price: Decimal, count: Decimal, now: float) -> Order:
        market = self._market
        order = Order(
            seq=0,
            order_id=f"lp-{uuid.uuid4()}",
            user_id=LP_USER_ID,
            client_order_id="",
            ticker=market.ticker,
            event_ticker=market.event_ticker,
            exchange_index=market.exchange_index,
            subaccount=0,
            book_side=side,
            price=price,
            initial=count,
            remaining=count,
            time_in_force="good_till_canceled",
            stp="maker",
            created=now,
            last_update=now,
        )
        self._book.add(order)
        return order
