"""``client.markets``: the market reads order code needs (GetMarket), written once as plans and exposed the
same four ways as ``client.orders``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from .._markets import Market, MarketGrids, get_market_plan
from .._plan import Plan
from .._response import RawResponse
from .._retry import RetryPolicy
from ._methods import AsyncResource, SyncResource, async_parsed, async_raw, sync_parsed, sync_raw

__all__ = ["AsyncMarkets", "AsyncMarketsWithRawResponse", "Markets", "MarketsPlans", "MarketsWithRawResponse"]


class MarketsPlans:
    """The one implementation of every markets call, as I/O-free plans."""

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float], grids: MarketGrids | None) -> None:
        self.policy = policy
        self.clock = clock
        self.grids = grids

    def get(self, ticker: str) -> Plan[RawResponse[Market]]:
        """One market by ticker (GetMarket): status, quotes, and the price grid (``.grid``) that orders are
        checked against. The answer also refreshes the grid the client keeps for this market."""
        plan = get_market_plan(ticker, self.policy, self.clock)
        return self._remember(plan)

    def _remember(self, plan: Plan[RawResponse[Market]]) -> Plan[RawResponse[Market]]:
        raw = yield from plan
        if self.grids is not None:
            market = raw.parsed()
            try:
                self.grids.store(market.ticker, market.grid)
            except ValueError:  # bands that make no grid: the next order reads the market again
                self.grids.forget(market.ticker)
        return raw


class MarketsWithRawResponse(SyncResource[MarketsPlans]):
    """``client.markets.with_raw_response``: each call returns a :class:`RawResponse`."""

    get = sync_raw(MarketsPlans.get)


class Markets(SyncResource[MarketsPlans]):
    """``client.markets``: ``get(ticker)``. ``with_raw_response`` has the same methods."""

    get = sync_parsed(MarketsPlans.get)

    @cached_property
    def with_raw_response(self) -> MarketsWithRawResponse:
        return MarketsWithRawResponse(self._plans, self._runner)


class AsyncMarketsWithRawResponse(AsyncResource[MarketsPlans]):
    """The async ``with_raw_response``, awaited."""

    get = async_raw(MarketsPlans.get)


class AsyncMarkets(AsyncResource[MarketsPlans]):
    """``async_client.markets``: awaited ``get(ticker)``."""

    get = async_parsed(MarketsPlans.get)

    @cached_property
    def with_raw_response(self) -> AsyncMarketsWithRawResponse:
        return AsyncMarketsWithRawResponse(self._plans, self._runner)
