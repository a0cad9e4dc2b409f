"""Price grids: which prices and counts a market takes.

A grid is a list of bands ``(start, end, step)``: a price is on it when a band holds it (both ends included)
at a whole number of steps from the band's start. GetMarket publishes each market's bands (``price_ranges``)
beside the structure's name (``price_level_structure``); the bands are what prices are checked against, so
a structure this client does not know yet is still checked exactly. The three named structures are also
known here, for a grid named by hand (``tick=``) without reading the market.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

__all__ = ["PriceBand", "PriceGrid", "PriceLevelStructure"]

_ZERO, _ONE = Decimal(0), Decimal(1)
_CENT, _DECI_CENT = Decimal("0.01"), Decimal("0.001")
_TAPER_LOW, _TAPER_HIGH = Decimal("0.10"), Decimal("0.90")


class PriceLevelStructure(enum.StrEnum):
    """A market's named price grid (its ``price_level_structure``)."""

    LINEAR_CENT = "linear_cent"
    DECI_CENT = "deci_cent"
    TAPERED_DECI_CENT = "tapered_deci_cent"


def _show(value: Decimal) -> str:
    """A price as a trader writes it: at least 2 decimals, no trailing zeros beyond (0.5 -> 0.50)."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)
    return format(normal.quantize(Decimal(1).scaleb(min(-2, exponent))), "f")


@dataclass(frozen=True, slots=True)
class PriceBand:
    """Prices from ``start`` to ``end`` (both included) in steps of ``step`` from ``start``."""

    start: Decimal
    end: Decimal
    step: Decimal

    def __post_init__(self) -> None:
        if not (self.step > 0 and self.start <= self.end):
            raise ValueError(f"not a price band: start {self.start}, end {self.end}, step {self.step}")

    def holds(self, price: Decimal) -> bool:
        return self.start <= price <= self.end

    def takes(self, price: Decimal) -> bool:
        return self.holds(price) and (price - self.start) % self.step == 0

    def below(self, price: Decimal) -> Decimal | None:
        """The band's greatest price strictly below ``price``."""
        if price <= self.start:
            return None
        steps = ((min(price, self.end) - self.start) / self.step).to_integral_value(rounding=ROUND_FLOOR)
        found = self.start + steps * self.step
        if found >= price:
            found -= self.step
        return found if found >= self.start else None

    def above(self, price: Decimal) -> Decimal | None:
        """The band's least price strictly above ``price``."""
        if price >= self.end:
            return None
        steps = ((max(price, self.start) - self.start) / self.step).to_integral_value(rounding=ROUND_CEILING)
        found = self.start + steps * self.step
        if found <= price:
            found += self.step
        return found if found <= self.end else None


_NAMED: dict[PriceLevelStructure, tuple[PriceBand, ...]] = {
    PriceLevelStructure.LINEAR_CENT: (PriceBand(_ZERO, _ONE, _CENT),),
    PriceLevelStructure.DECI_CENT: (PriceBand(_ZERO, _ONE, _DECI_CENT),),
    PriceLevelStructure.TAPERED_DECI_CENT: (
        PriceBand(_ZERO, _TAPER_LOW, _DECI_CENT),
        PriceBand(_TAPER_LOW, _TAPER_HIGH, _CENT),
        PriceBand(_TAPER_HIGH, _ONE, _DECI_CENT),
    ),
}


@dataclass(frozen=True, slots=True)
class PriceGrid:
    """The prices and counts one market takes.

    ``structure`` is the grid's name (perhaps one this client does not know), ``bands`` the grid itself,
    ``fractional`` whether counts may have cents of a contract (every market since April 2026), ``ticker``
    the market it was read from (None for a grid named by hand).
    """

    structure: str
    bands: tuple[PriceBand, ...]
    fractional: bool = True
    ticker: str | None = None

    @classmethod
    def named(cls, structure: PriceLevelStructure | str) -> PriceGrid:
        """The grid of a named structure (``ValueError`` for a name this client does not know)."""
        try:
            known = PriceLevelStructure(structure)
        except ValueError:
            names = ", ".join(s.value for s in PriceLevelStructure)
            raise ValueError(f"unknown price level structure {structure!r}: use one of {names}") from None
        return cls(known.value, _NAMED[known])

    @classmethod
    def from_bands(
        cls,
        structure: str,
        bands: Sequence[tuple[Decimal, Decimal, Decimal]],
        *,
        fractional: bool = True,
        ticker: str | None = None,
    ) -> PriceGrid:
        if not bands:
            raise ValueError("a price grid needs at least one band")
        return cls(structure, tuple(PriceBand(*band) for band in bands), fractional, ticker)

    def takes(self, price: Decimal) -> bool:
        """Whether ``price`` (strictly between 0 and 1) is on the grid."""
        return _ZERO < price < _ONE and any(band.takes(price) for band in self.bands)

    def tick_at(self, price: Decimal) -> Decimal:
        """The finest step of the bands that hold ``price`` (the first band's when none does)."""
        steps = [band.step for band in self.bands if band.holds(price)]
        return min(steps) if steps else self.bands[0].step

    def neighbours(self, price: Decimal) -> tuple[Decimal | None, Decimal | None]:
        """The grid's nearest prices strictly below and above ``price`` (None past either end)."""
        belows = [b for band in self.bands if (b := band.below(price)) is not None and b > _ZERO]
        aboves = [a for band in self.bands if (a := band.above(price)) is not None and a < _ONE]
        return (max(belows) if belows else None), (min(aboves) if aboves else None)

    def _where(self) -> str:
        market = f"{self.ticker}, a {self.structure} market" if self.ticker else f"a {self.structure} market"
        return market

    def check_price(self, price: Decimal, *, what: str = "price") -> None:
        """Raise ``ValueError`` naming the nearest valid prices if ``price`` is off the grid."""
        if self.takes(price):
            return
        below, above = self.neighbours(price)
        choices = " or ".join(_show(p) for p in (below, above) if p is not None)
        use = f": use {choices}" if choices else ""
        raise ValueError(
            f"{what} {price} is off the tick grid of {self._where()} (tick {_show(self.tick_at(price))} "
            f"here){use}"
        )

    def check_count(self, count: Decimal, *, what: str = "count") -> None:
        """Raise ``ValueError`` for a fractional count on a market that takes whole contracts only."""
        if self.fractional or count % 1 == 0:
            return
        low, high = count.to_integral_value(ROUND_FLOOR), count.to_integral_value(ROUND_CEILING)
        whole = " or ".join(str(c) for c in (low, high) if c > 0)
        raise ValueError(
            f"{what} {count} is fractional, but {self._where()} takes whole contracts: use {whole}"
        )

    def describe(self) -> str:
        """The bands in words, e.g. ``0.01 steps from 0.00 to 1.00``."""
        return "; ".join(
            f"{_show(band.step)} steps from {_show(band.start)} to {_show(band.end)}" for band in self.bands
        )
