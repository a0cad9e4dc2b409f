"""One market's YES order book: price levels in time priority, with lazy removal of dead entries.

An entry is ``(token, order)``; it is live while the order is resting, still carries that token and still
has that price. Cancels and re-queues therefore cost O(1): stale entries are dropped when they reach the
head of their level.
"""

from __future__ import annotations

import bisect
import itertools
from collections import deque
from collections.abc import Iterator
from decimal import Decimal

from kalshi_sandbox.exchange.fixed_point import ZERO
from kalshi_sandbox.exchange.orders import RESTING, Order

_Entry = tuple[int, Order]
_tokens = itertools.count(1)


def crosses(side: str, price: Decimal, resting_price: Decimal) -> bool:
    """Whether an order of ``side`` at ``price`` trades against a resting order at ``resting_price``."""
    return price >= resting_price if side == "bid" else price <= resting_price


def opposite(side: str) -> str:
    return "ask" if side == "bid" else "bid"


def _live(entry: _Entry, price: Decimal) -> bool:
    token, order = entry
    return order.book_token == token and order.status == RESTING and order.price == price


class Book:
    """Bids (buy YES) and asks (sell YES) of one market."""

    def __init__(self) -> None:
        self._levels: dict[str, dict[Decimal, deque[_Entry]]] = {"bid": {}, "ask": {}}
        self._prices: dict[str, list[Decimal]] = {"bid": [], "ask": []}  # ascending

    def add(self, order: Order) -> None:
        """Queue ``order`` at the back of its price level (new time priority)."""
        token = next(_tokens)
        order.book_token = token
        levels = self._levels[order.book_side]
        level = levels.get(order.price)
        if level is None:
            level = levels[order.price] = deque()
            bisect.insort(self._prices[order.book_side], order.price)
        level.append((token, order))

    def best(self, side: str) -> Order | None:
        """The first live order of ``side`` in price-time priority (dead heads are discarded)."""
        prices = self._prices[side]
        levels = self._levels[side]
        while prices:
            idx = -1 if side == "bid" else 0
            price = prices[idx]
            level = levels[price]
            while level and not _live(level[0], price):
                level.popleft()
            if level:
                return level[0][1]
            del levels[price]
            prices.pop(idx)
        return None

    def iter_live(self, side: str) -> Iterator[Order]:
        """Every live order of ``side`` in priority order (read-only walk)."""
        prices = self._prices[side]
        ordered = reversed(prices) if side == "bid" else iter(prices)
        for price in list(ordered):
            for entry in list(self._levels[side].get(price, ())):
                if _live(entry, price):
                    yield entry[1]

    def top(self, side: str) -> tuple[Decimal, Decimal] | None:
        """The best price of ``side`` and the contracts resting there, or None for an empty side."""
        best = self.best(side)
        if best is None:
            return None
        level = self._levels[side][best.price]
        return best.price, sum((o.remaining for t, o in level if _live((t, o), best.price)), ZERO)

    def ahead_of(self, order: Order) -> Decimal:
        """Contracts queued before ``order`` at its price level (its queue position); 0 at the head.

        Raises ValueError if ``order`` is not live on this book.
        """
        level = self._levels[order.book_side].get(order.price, ())
        ahead = ZERO
        for entry in level:
            if entry[0] == order.book_token and entry[1] is order:
                if not _live(entry, order.price):
                    break
                return ahead
            if _live(entry, order.price):
                ahead += entry[1].remaining
        raise ValueError(f"order {order.order_id} is not resting on this book")

    def depth(self, side: str) -> list[tuple[Decimal, Decimal]]:
        """Aggregated ``(price, quantity)`` levels of ``side`` in priority order."""
        out: dict[Decimal, Decimal] = {}
        for order in self.iter_live(side):
            out[order.price] = out.get(order.price, ZERO) + order.remaining
        return list(out.items())
