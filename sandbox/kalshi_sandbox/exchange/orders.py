"""The order record and its wire form (the spec's Order schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import orjson

from kalshi_sandbox.exchange.fixed_point import ONE, ZERO, fmt_count, fmt_dollars, fmt_price_pair

RESTING = "resting"
CANCELED = "canceled"
EXECUTED = "executed"
STATUSES = (RESTING, CANCELED, EXECUTED)


_DATES: dict[int, str] = {}
_CLOCKS: dict[int, str] = {}  # second of the day → 'THH:MM:SS'


def iso_z(ts: float) -> str:
    """Unix seconds → ISO-8601 UTC with a ``Z`` suffix (microseconds kept when present).

    Hand-rolled with a per-day cache: datetime.isoformat dominated the first read of 100,000 seeded orders.
    """
    sec = int(ts // 1)
    micros = round((ts - sec) * 1_000_000)
    if micros >= 1_000_000:
        sec, micros = sec + 1, 0
    day, rest = divmod(sec, 86_400)
    date = _DATES.get(day)
    if date is None:
        date = _DATES[day] = datetime.fromtimestamp(day * 86_400, UTC).strftime("%Y-%m-%d")
    clock = _CLOCKS.get(rest)
    if clock is None:
        hours, minutes = divmod(rest // 60, 60)
        clock = _CLOCKS[rest] = f"T{hours:02d}:{minutes:02d}:{rest % 60:02d}"
    if micros:
        return f"{date}{clock}.{micros:06d}Z"
    return f"{date}{clock}Z"


@dataclass(slots=True, eq=False)
class Order:
    """One order. Mutate it only through the methods below so the cached wire JSON stays correct."""

    seq: int  # global creation sequence: GetOrders order and cursor position
    order_id: str
    user_id: str
    client_order_id: str
    ticker: str
    event_ticker: str
    exchange_index: int
    subaccount: int
    book_side: str  # "bid" buys YES, "ask" sells YES
    price: Decimal  # YES price
    initial: Decimal
    time_in_force: str
    stp: str
    created: float
    remaining: Decimal = ZERO
    filled: Decimal = ZERO
    status: str = RESTING
    taker_fees: Decimal = ZERO
    maker_fees: Decimal = ZERO
    taker_cost: Decimal = ZERO
    maker_cost: Decimal = ZERO
    yes_notional: Decimal = ZERO  # Σ YES price × count over fills, for average_fill_price
    expiration_ts: int | None = None
    last_update: float = 0.0
    last_update_reason: str | None = None
    post_only: bool = False
    cancel_order_on_pause: bool = False
    order_group_id: str | None = None
    book_token: int = 0  # identifies the live book entry; 0 = not on the book
    # The wire form, cached as JSON bytes: a 1,000-order page is then one bytes.join (bench/bench_sandbox.py),
    # and 100,000 cached orders take ~1 KB each, half of what cached dicts did.
    _json: bytes | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ mutations
    def touch(self, now: float, reason: str | None) -> None:
        """Record a change: last update time/reason, and drop the cached wire JSON."""
        self.last_update = now
        self.last_update_reason = reason
        self._json = None

    def record_fill(self, count: Decimal, price: Decimal, fee: Decimal, *, taker: bool, now: float) -> None:
        """Apply a fill of ``count`` at YES ``price``; cost is what this order's side pays per contract."""
        cost = count * (price if self.book_side == "bid" else ONE - price)
        if taker:
            self.taker_cost += cost
            self.taker_fees += fee
        else:
            self.maker_cost += cost
            self.maker_fees += fee
        self.filled += count
        self.remaining -= count
        self.yes_notional += count * price
        if self.remaining == ZERO:
            self.status = EXECUTED
            self.book_token = 0
        self.touch(now, "Fill")

    def add_fee(self, amount: Decimal, *, taker: bool) -> None:
        """Add a fee computed after the fills it covers (taker fees are charged per price level)."""
        if taker:
            self.taker_fees += amount
        else:
            self.maker_fees += amount
        self._json = None

    def cancel(self, now: float, reason: str) -> Decimal:
        """Soft cancel: remaining → 0, status canceled. Returns the count removed."""
        removed = self.remaining
        self.remaining = ZERO
        self.status = CANCELED
        self.book_token = 0
        self.touch(now, reason)
        return removed

    # ------------------------------------------------------------------ reads
    @property
    def total_fees(self) -> Decimal:
        return self.taker_fees + self.maker_fees

    def averages(self) -> dict[str, str]:
        """``average_fill_price`` / ``average_fee_paid`` for write responses (only when something filled)."""
        if self.filled == ZERO:
            return {}
        return {
            "average_fill_price": fmt_dollars(self.yes_notional / self.filled),
            "average_fee_paid": fmt_dollars(self.total_fees / self.filled),
        }

    def to_wire(self) -> dict[str, Any]:
        """The Order wire dict (a fresh one, so callers may mutate it)."""
        wire: dict[str, Any] = orjson.loads(self.to_json())
        return wire

    def to_json(self) -> bytes:
        """The Order wire dict as compact JSON (cached until the order changes)."""
        encoded = self._json
        if encoded is None:
            # Copied once to an exact-size object: orjson's own result keeps its over-allocated buffer, which
            # cost ~8 KB an order in RSS over 100,000 cached orders.
            encoded = self._json = bytes(memoryview(orjson.dumps(self._build_wire())))
        return encoded

    def _build_wire(self) -> dict[str, Any]:
        bid = self.book_side == "bid"
        yes_price, no_price = fmt_price_pair(self.price)
        return {
            "order_id": self.order_id,
            "user_id": self.user_id,
            "client_order_id": self.client_order_id,
            "ticker": self.ticker,
            "outcome_side": "yes" if bid else "no",
            "book_side": self.book_side,
            # Deprecated pair, consistent with the YES book side: bid = buy YES, ask = sell YES.
            "side": "yes",
            "action": "buy" if bid else "sell",
            "type": "limit",
            "status": self.status,
            "yes_price_dollars": yes_price,
            "no_price_dollars": no_price,
            "fill_count_fp": fmt_count(self.filled),
            "remaining_count_fp": fmt_count(self.remaining),
            "initial_count_fp": fmt_count(self.initial),
            "taker_fill_cost_dollars": fmt_dollars(self.taker_cost),
            "maker_fill_cost_dollars": fmt_dollars(self.maker_cost),
            "taker_fees_dollars": fmt_dollars(self.taker_fees),
            "maker_fees_dollars": fmt_dollars(self.maker_fees),
            "expiration_time": None if self.expiration_ts is None else iso_z(self.expiration_ts),
            "created_time": iso_z(self.created),
            "last_update_time": iso_z(self.last_update or self.created),
            "last_update_reason": self.last_update_reason,
            "self_trade_prevention_type": self.stp,
            "order_group_id": self.order_group_id,
            "cancel_order_on_pause": self.cancel_order_on_pause,
            "subaccount_number": self.subaccount,
            "exchange_index": self.exchange_index,
        }
