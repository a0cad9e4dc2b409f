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
    # Descriptive fields GetMarket serves (the engine does not act on them).
    yes_sub_title: str = "Yes"
    no_sub_title: str = "No"
    rules_primary: str = "If the sandbox's outcome for this market is Yes, the market resolves to Yes."
    open_time: float = 1_767_225_600.0  # 2026-01-01T00:00:00Z
    close_time: float = 1_798_761_599.0  # 2026-12-31T23:59:59Z
    settlement_timer_seconds: int = 300


DEFAULT_MARKETS: list[MarketConfig] = [
    MarketConfig("KXSANDBOX-26DEC31-T50", "KXSANDBOX-26DEC31", "linear_cent"),
    MarketConfig("KXSANDBOX-26DEC31-T60", "KXSANDBOX-26DEC31", "linear_cent"),
    MarketConfig("KXDECI-26DEC31-B1", "KXDECI-26DEC31", "deci_cent"),
    # On shard 1 so that exchange_index routing and the GetOrders shard filter have something to tell apart.
    MarketConfig("KXTAPER-26DEC31-C1", "KXTAPER-26DEC31", "tapered_deci_cent", exchange_index=1),
]

# The tick grid of each structure as GetMarket publishes it (``price_ranges``): bands of (start, end, step),
# both ends included. The matching engine checks prices against these same bands, so what the sandbox
# publishes is exactly what it enforces.
PriceBand = tuple[Decimal, Decimal, Decimal]
_ZERO, _ONE = Decimal("0"), Decimal("1")
_CENT, _DECI = Decimal("0.01"), Decimal("0.001")
_TAPER_LOW, _TAPER_HIGH = Decimal("0.10"), Decimal("0.90")
PRICE_BANDS: dict[str, tuple[PriceBand, ...]] = {
    "linear_cent": ((_ZERO, _ONE, _CENT),),
    "deci_cent": ((_ZERO, _ONE, _DECI),),
    "tapered_deci_cent": (
        (_ZERO, _TAPER_LOW, _DECI),
        (_TAPER_LOW, _TAPER_HIGH, _CENT),
        (_TAPER_HIGH, _ONE, _DECI),
    ),
}


def price_bands(structure: str) -> tuple[PriceBand, ...]:
    """The ``(start, end, step)`` bands of ``structure``, ascending."""
    try:
        return PRICE_BANDS[structure]
    except KeyError:
        raise ValueError(
            f"unknown price_level_structure {structure!r}; use one of {PRICE_LEVEL_STRUCTURES}"
        ) from None


def tick_size(structure: str, price: Decimal) -> Decimal:
    """The finest tick of the bands that contain ``price`` (see PriceDollarsRequest in the spec)."""
    steps = [step for start, end, step in price_bands(structure) if start <= price <= end]
    return min(steps) if steps else price_bands(structure)[0][2]


def on_grid(structure: str, price: Decimal) -> bool:
    """True when ``price`` (0 < price < 1) lies in a band of the grid, whole steps from the band's start."""
    if not _ZERO < price < _ONE:
        return False
    return any(
        start <= price <= end and (price - start) % step == 0 for start, end, step in price_bands(structure)
    )
