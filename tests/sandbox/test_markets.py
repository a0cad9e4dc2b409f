"""GetMarket: the published grid is the grid the engine enforces; quotes follow the book, stats the fills."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from kalshi_sandbox import RateTier, SandboxConfig, SandboxServer
from kalshi_sandbox.exchange import DEFAULT_MARKETS, Exchange, ExchangeError
from kalshi_sandbox.exchange import validation as engine_rules

from .conftest import ClientFactory
from .exchange_support import ALICE, BOB, DECI, T50, TAPER, Clock, body
from .spec_schema import assert_valid

# Every field upstream (SDK 3.34) marks required: clients generated from Kalshi's spec need them all.
UPSTREAM_REQUIRED = {
    "ticker", "event_ticker", "market_type", "yes_sub_title", "no_sub_title", "created_time", "updated_time",
    "open_time", "close_time", "latest_expiration_time", "settlement_timer_seconds", "status",
    "yes_bid_dollars", "yes_bid_size_fp", "yes_ask_dollars", "yes_ask_size_fp", "no_bid_dollars",
    "no_ask_dollars", "last_price_dollars", "volume_fp", "volume_24h_fp", "result", "can_close_early",
    "open_interest_fp", "notional_value_dollars", "previous_yes_bid_dollars", "previous_yes_ask_dollars",
    "previous_price_dollars", "settlement_bounds_type", "expiration_value", "rules_primary",
    "rules_secondary", "price_level_structure", "price_ranges",
}  # fmt: skip
ALL_PRICES = [Decimal(n) / 10_000 for n in range(1, 10_000)]  # every 4-decimal price a request may carry


def _on_published_grid(ranges: list[dict[str, str]], price: Decimal) -> bool:
    # Read straight from the wire form, independently of the engine's own tables.
    for band in ranges:
        start, end, step = (Decimal(band[k]) for k in ("start", "end", "step"))
        if start <= price <= end and (price - start) % step == 0:
            return True
    return False


@pytest.mark.parametrize("market", DEFAULT_MARKETS, ids=lambda m: m.ticker)
def test_the_published_grid_is_exactly_what_the_engine_accepts(market: Any) -> None:
    published = Exchange(clock=Clock()).market_data(market.ticker)
    assert_valid("Market", published)
    accepted = []
    codes = set()
    for price in ALL_PRICES:
        try:
            engine_rules.grid_price(f"{price:f}", market)
            accepted.append(True)
        except ExchangeError as exc:
            codes.add(exc.code)
            accepted.append(False)
    assert codes <= {"invalid_price"}
    assert accepted == [_on_published_grid(published["price_ranges"], p) for p in ALL_PRICES]


@pytest.mark.parametrize(
    ("ticker", "structure", "ranges", "ticks"),
    [
        (T50, "linear_cent", [("0.0000", "1.0000", "0.0100")], 99),
        (DECI, "deci_cent", [("0.0000", "1.0000", "0.0010")], 999),
        (
            TAPER,
            "tapered_deci_cent",
            [("0.0000", "0.1000", "0.0010"), ("0.1000", "0.9000", "0.0100"), ("0.9000", "1.0000", "0.0010")],
            99 + 81 + 99,  # 0.001..0.099, then 0.10..0.90 by cents (the shared ends once), 0.901..0.999
        ),
    ],
)
def test_each_structure_publishes_its_bands(
    ticker: str, structure: str, ranges: list[tuple[str, str, str]], ticks: int
) -> None:
    market = Exchange(clock=Clock()).market_data(ticker)
    assert market["price_level_structure"] == structure
    assert [(r["start"], r["end"], r["step"]) for r in market["price_ranges"]] == ranges
    assert sum(_on_published_grid(market["price_ranges"], p) for p in ALL_PRICES) == ticks


def test_orders_through_the_engine_agree_with_the_grid() -> None:
    ex = Exchange(clock=Clock())
    ranges = ex.market_data(TAPER)["price_ranges"]
    for price in ("0.005", "0.095", "0.10", "0.15", "0.155", "0.90", "0.905", "0.9055", "0.999"):
        request = body(ticker=TAPER, price=price, count="1", time_in_force="immediate_or_cancel")
        if price in ("0.10", "0.15", "0.90") or _on_published_grid(ranges, Decimal(price)):
            ex.create_order(ALICE, request)
        else:
            with pytest.raises(ExchangeError) as off_grid:
                ex.create_order(ALICE, request)
            assert off_grid.value.code == "invalid_price"
            assert not _on_published_grid(ranges, Decimal(price))


def test_every_field_upstream_requires_is_sent() -> None:
    ex = Exchange(clock=Clock())
    for market in DEFAULT_MARKETS:
        wire = ex.market_data(market.ticker)
        assert set(wire) >= UPSTREAM_REQUIRED
        assert wire["status"] == "active"
        assert wire["exchange_index"] == market.exchange_index
        assert Decimal(wire["no_bid_dollars"]) + Decimal(wire["yes_ask_dollars"]) == 1


def test_quotes_follow_the_book_and_stats_follow_the_fills() -> None:
    clock = Clock()
    ex = Exchange(clock=clock)
    fresh = ex.market_data(T50)
    assert (fresh["yes_bid_dollars"], fresh["yes_bid_size_fp"]) == ("0.4000", "100.00")  # the LP's quotes
    assert (fresh["yes_ask_dollars"], fresh["no_ask_dollars"]) == ("0.6000", "0.6000")
    assert (fresh["volume_fp"], fresh["last_price_dollars"], fresh["open_interest_fp"]) == (
        "0.00",
        "0.0000",
        "0.00",
    )
    ex.create_order(ALICE, body(price="0.45", count="7"))
    ex.create_order(BOB, body(price="0.45", count="3.5"))
    quoted = ex.market_data(T50)
    assert (quoted["yes_bid_dollars"], quoted["yes_bid_size_fp"], quoted["no_ask_dollars"]) == (
        "0.4500",
        "10.50",
        "0.5500",
    )
    ex.create_order(BOB, body(side="ask", price="0.45", count="4", time_in_force="immediate_or_cancel"))
    traded = ex.market_data(T50)
    assert (traded["volume_fp"], traded["volume_24h_fp"], traded["last_price_dollars"]) == (
        "4.00",
        "4.00",
        "0.4500",
    )
    assert traded["open_interest_fp"] == "4.00"  # alice holds 4 YES, bob the 4 NO
    assert traded["yes_bid_size_fp"] == "6.50"
    # Bob buys back 4 YES from the LP at 0.60: his NO is closed and the LP now holds the NO side.
    ex.create_order(BOB, body(price="0.60", count="4", time_in_force="immediate_or_cancel"))
    assert ex.market_data(T50)["open_interest_fp"] == "4.00"
    clock.advance(86_401)
    later = ex.market_data(T50)
    assert (later["volume_fp"], later["volume_24h_fp"], later["previous_price_dollars"]) == (
        "8.00",
        "0.00",
        "0.6000",
    )


def test_an_unknown_ticker_is_not_found() -> None:
    with pytest.raises(ExchangeError) as missing:
        Exchange(clock=Clock()).market_data("KXNOPE-1")
    assert (missing.value.status, missing.value.code) == (404, "market_not_found")


# ---------------------------------------------------------------------------------------------------- HTTP
def test_get_market_is_public(sandbox: SandboxServer) -> None:
    response = httpx.get(f"{sandbox.base_url}/markets/{TAPER}")
    assert response.status_code == 200, response.text
    assert_valid("GetMarketResponse", response.json())
    assert response.json()["market"]["price_level_structure"] == "tapered_deci_cent"


def test_a_signed_get_market_is_checked_and_works(sandbox: SandboxServer, client: httpx.Client) -> None:
    assert client.get(f"/markets/{DECI}").json()["market"]["price_ranges"][0]["step"] == "0.0010"
    forged = httpx.get(
        f"{sandbox.base_url}/markets/{DECI}",
        headers={
            "KALSHI-ACCESS-KEY": sandbox.key_id,
            "KALSHI-ACCESS-TIMESTAMP": "1",
            "KALSHI-ACCESS-SIGNATURE": "x",
        },
    )
    assert forged.status_code == 401


def test_an_unknown_market_is_404_with_the_nested_error(client: httpx.Client) -> None:
    response = client.get("/markets/KXNOPE-26DEC31-X")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "market_not_found"


def test_signed_reads_are_charged_and_anonymous_ones_are_not(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    tier = RateTier("tiny", read_rate=0.001, write_rate=0.001, read_capacity=20, write_capacity=20)
    with SandboxServer(SandboxConfig(key_dir=tmp_path, tier=tier, validate_responses=True)) as server:
        anonymous = [httpx.get(f"{server.base_url}/markets/{T50}").status_code for _ in range(5)]
        assert anonymous == [200] * 5
        client = make_client(server)
        assert [client.get(f"/markets/{T50}").status_code for _ in range(3)] == [200, 200, 429]
        assert server.admin.response_failures() == []
