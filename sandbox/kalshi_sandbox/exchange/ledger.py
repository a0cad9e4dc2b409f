"""Per-member order storage: append-only lists sorted by sequence, for O(limit) newest-first pages."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from kalshi_sandbox.exchange.orders import RESTING, Order


@dataclass
class SeqIndex:
    """Orders sorted by sequence (append-only) with their sequences alongside, for bisect."""

    seqs: list[int] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)

    def append(self, order: Order) -> None:
        self.seqs.append(order.seq)
        self.orders.append(order)

    def before(self, position: int | None) -> int:
        """Index of the newest order whose sequence is below ``position`` (-1 if none)."""
        if position is None:
            return len(self.seqs) - 1
        return bisect.bisect_left(self.seqs, position) - 1


@dataclass
class Ledger:
    """One member's orders (all subaccounts). Orders are never removed: cancels are soft."""

    all: SeqIndex = field(default_factory=SeqIndex)
    by_ticker: dict[str, SeqIndex] = field(default_factory=dict)
    by_client_id: dict[str, Order] = field(default_factory=dict)
    resting: dict[str, Order] = field(default_factory=dict)  # may hold stale entries; pruned on read

    def add(self, order: Order) -> None:
        # Sequence numbers are global and increasing, so appending keeps every index sorted.
        self.all.append(order)
        index = self.by_ticker.get(order.ticker)
        if index is None:
            index = self.by_ticker[order.ticker] = SeqIndex()
        index.append(order)
        if order.client_order_id:
            self.by_client_id[order.client_order_id] = order

    def index(self, ticker: str | None) -> SeqIndex:
        if ticker is None:
            return self.all
        return self.by_ticker.get(ticker) or SeqIndex()

    def resting_orders(self) -> list[Order]:
        """Live resting orders, oldest first; drops entries of orders that stopped resting."""
        stale = [oid for oid, order in self.resting.items() if order.status != RESTING]
        for oid in stale:
            del self.resting[oid]
        return sorted(self.resting.values(), key=lambda order: order.seq)
