"""Fast, reproducible bulk orders for GetOrders walks (100,000 orders in about a second)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kalshi_sandbox.exchange.fixed_point import CENT, ONE, ZERO, fee
from kalshi_sandbox.exchange.markets import MarketConfig, on_grid
from kalshi_sandbox.exchange.orders import CANCELED, EXECUTED, RESTING, Order

SEED_SPAN_SECONDS = 30 * 86_400
_DEFAULT_WEIGHTS = {RESTING: 2, EXECUTED: 4, CANCELED: 4}
_COUNTS = [Decimal(n) for n in ("1", "2", "3", "5", "10", "10", "25", "50", "100", "2.50", "0.75")]
_FILL_SHARES = [Decimal(n) for n in ("0", "0.25", "0.5", "0.75")]
_RESTING_BID_MAX = Decimal("0.30")  # resting seeds stay clear of the liquidity provider's quotes
_RESTING_ASK_MIN = Decimal("0.70")
_REASONS = {RESTING: "Fill", EXECUTED: "Fill", CANCELED: "Canceled"}


@dataclass(frozen=True)
class SeedSpec:
    user_id: str
    markets: list[MarketConfig]
    statuses: list[str] | None
    seed: int
    last_seq: int
    now: float
    # Seeded history comes after the newest existing order: GetOrders pages by sequence, and newest-first
    # by sequence must also be newest-first by created_time (as on the live API).
    not_before: float | None = None


def _grid(market: MarketConfig, low: str, high: str) -> list[Decimal]:
    step = Decimal("0.001")
    prices = []
    price = Decimal(low)
    while price <= Decimal(high):
        if on_grid(market.price_level_structure, price):
            prices.append(price)
        price += step
    return prices


def _id_prefix(rng: random.Random) -> str:
    """A random uuid4-shaped prefix; the order's sequence number completes the id, so ids never repeat."""
    bits = f"{rng.getrandbits(80):020x}"
    return f"{bits[:8]}-{bits[8:12]}-4{bits[12:15]}-{'89ab'[int(bits[15], 16) % 4]}{bits[16:19]}-"


def build_seed_orders(spec: SeedSpec, count: int) -> Iterator[Order]:
    """``count`` orders with sequences after ``spec.last_seq`` and created times ascending with them."""
    # Mixing the sequence into the seed keeps repeated calls from producing the same ids.
    rng = random.Random(f"{spec.seed}:{spec.last_seq}:{spec.user_id}")  # noqa: S311 — test data, not crypto
    statuses = spec.statuses or list(_DEFAULT_WEIGHTS)
    weights = [_DEFAULT_WEIGHTS[s] for s in statuses] if spec.statuses is None else None
    grids = [
        (
            m,
            _grid(m, "0.05", "0.95"),
            _grid(m, "0.01", str(_RESTING_BID_MAX)),
            _grid(m, str(_RESTING_ASK_MIN), "0.99"),
        )
        for m in spec.markets
    ]
    drawn_status = rng.choices(statuses, weights=weights, k=count)
    order_prefix, client_prefix = _id_prefix(rng), _id_prefix(rng)
    start = spec.now - SEED_SPAN_SECONDS
    if spec.not_before is not None and spec.not_before > start:
        start = min(spec.not_before, spec.now)
    step = (spec.now - start) / max(count, 1)
    rand = rng.random
    n_markets, n_counts, n_shares = len(grids), len(_COUNTS), len(_FILL_SHARES)
    for i in range(count):
        seq = spec.last_seq + 1 + i
        market, anywhere, low_bids, high_asks = grids[int(rand() * n_markets)]
        status = drawn_status[i]
        side = "bid" if rand() < 0.5 else "ask"
        # resting seeds stay off the liquidity provider's quotes; the others may have traded anywhere
        prices = (low_bids if side == "bid" else high_asks) if status == RESTING else anywhere
        price = prices[int(rand() * len(prices))]
        initial = _COUNTS[int(rand() * n_counts)]
        if status == EXECUTED:
            filled = initial
        else:
            filled = (initial * _FILL_SHARES[int(rand() * n_shares)]).quantize(CENT)
        created = start + i * step
        order = Order(
            seq=seq,
            order_id=f"{order_prefix}{seq:012x}",
            user_id=spec.user_id,
            client_order_id=f"{client_prefix}{seq:012x}" if rand() < 0.9 else "",
            ticker=market.ticker,
            event_ticker=market.event_ticker,
            exchange_index=market.exchange_index,
            subaccount=0 if rand() < 0.8 else 1 + int(rand() * 3),
            book_side=side,
            price=price,
            initial=initial,
            remaining=initial - filled if status == RESTING else ZERO,
            filled=filled,
            status=status,
            time_in_force="good_till_canceled",
            stp="taker_at_cross" if rand() < 0.7 else "maker",
            created=created,
            last_update=created if status == RESTING and not filled else created + rand() * step,
            last_update_reason=_REASONS[status] if filled or status != RESTING else None,
        )
        if filled:
            cost = filled * (price if side == "bid" else ONE - price)
            order.yes_notional = filled * price
            if rand() < 0.5:
                order.taker_cost = cost
                order.taker_fees = fee(market.taker_fee_rate, filled, price)
            else:
                order.maker_cost = cost
                order.maker_fees = fee(market.maker_fee_rate, filled, price)
        yield order
