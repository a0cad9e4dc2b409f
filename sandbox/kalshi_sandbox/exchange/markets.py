"""Market configuration: tick grids, fee rates, shards and the simulated liquidity provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PRICE_LEVEL_STRUCTURES = ("linear_cent", "deci_cent", "tapered_deci_cent")


@dataclass(frozen=True)
class LiquidityConfig:
    """A simulated market maker: ``levels`` YES bids below ``best_bid`` and asks above ``best_ask``."""

    best_bid: Decimal = Decimal("0.40")
    best_ask: Decimal = Decimal("0.60")
    levels: int = 3
    step: Decimal = Decimal("0.01")
    size: Decimal = Decimal("100")
    replenish: bool = True  # refill a level to ``size`` after it trades so the book stays usable


@dataclass(frozen=True)
class MarketConfig:
    """One market of the sandbox exchange."""

    ticker: str
    event_ticker: str
    price_level_structure: str = "linear_cent"
    maker_fee_rate: Decimal = Decimal("0")
    taker_fee_rate: Decimal = Decimal("0.07")
    exchange_index: int = 0
    lp: LiquidityConfig | None = field(default_factory=LiquidityConfig)


DEFAULT_MARKETS: list[MarketConfig] = [
    MarketConfig("KXSANDBOX-26DEC31-T50", "KXSANDBOX-26DEC31", "linear_cent"),
    MarketConfig("KXSANDBOX-26DEC31-T60", "KXSANDBOX-26DEC31", "linear_cent"),
    MarketConfig("KXDECI-26DEC31-B1", "KXDECI-26DEC31", "deci_cent"),
    # On shard 1 so that exchange_index routing and the GetOrders shard filter have something to tell apart.
    MarketConfig("KXTAPER-26DEC31-C1", "KXTAPER-26DEC31", "tapered_deci_cent", exchange_index=1),
]

_TICK_CENT = Decimal("0.01")
_TICK_DECI = Decimal("0.001")
_TAPER_LOW = Decimal("0.10")
_TAPER_HIGH = Decimal("0.90")


def tick_size(structure: str, price: Decimal) -> Decimal:
    """The tick that applies at ``price`` under ``structure`` (see PriceDollarsRequest in the spec)."""
    if structure == "linear_cent":
        return _TICK_CENT
    if structure == "deci_cent":
        return _TICK_DECI
    if structure == "tapered_deci_cent":
        return _TICK_DECI if price < _TAPER_LOW or price > _TAPER_HIGH else _TICK_CENT
    raise ValueError(f"unknown price_level_structure {structure!r}; use one of {PRICE_LEVEL_STRUCTURES}")


def on_grid(structure: str, price: Decimal) -> bool:
    """True when ``price`` (0 < price < 1) lies on the market's tick grid."""
    return Decimal(0) < price < Decimal(1) and price % tick_size(structure, price) == 0
