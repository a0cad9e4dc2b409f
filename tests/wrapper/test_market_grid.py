"""Creates and amends checked against the market's published grid (GetMarket), cached per client; tick= as
an override; a market that cannot be read never blocks an order."""

from __future__ import annotations

import asyncio
import logging
from decimal import Decimal

import httpx
import pytest

from kalshi_orders import Market, OrderValidationError, PriceGrid, build_create_order
from kalshi_orders._grid import PriceBand

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi

D = Decimal
DECI = "KXDECI-26DEC31-B1"
TAPER = "KXTAPER-26DEC31-C1"
ODD = "KXODD-26DEC31-Q1"
TAPERED = [("0.0000", "0.1000", "0.0010"), ("0.1000", "0.9000", "0.0100"), ("0.9000", "1.0000", "0.0010")]


@pytest.fixture(autouse=True)
def _markets(kalshi: FakeKalshi) -> None:
    kalshi.markets[DECI] = ("deci_cent", [("0.0000", "1.0000", "0.0010")])
    kalshi.markets[TAPER] = ("tapered_deci_cent", TAPERED)
    # A structure this client does not know: its bands still say exactly what it takes.
    kalshi.markets[ODD] = ("quarter_cent", [("0.0000", "1.0000", "0.0025")])


def _posts(kalshi: FakeKalshi) -> int:
    return len(kalshi.requests_for("CreateOrderV2"))


# ---------------------------------------------------------------------------------------------- the grid


@pytest.mark.parametrize(
    ("structure", "on", "off"),
    [
        ("linear_cent", ["0.01", "0.99", "0.5"], {"0.565": "0.56 or 0.57", "0.005": "0.01", "0.995": "0.99"}),
        ("deci_cent", ["0.001", "0.565", "0.999"], {"0.5655": "0.565 or 0.566"}),
        ("tapered_deci_cent", ["0.095", "0.10", "0.11", "0.905"], {"0.105": "0.10 or 0.11"}),
    ],
)
def test_named_grids(structure: str, on: list[str], off: dict[str, str]) -> None:
    grid = PriceGrid.named(structure)
    for price in on:
        grid.check_price(D(price))
    for price, use in off.items():
        with pytest.raises(ValueError, match=rf"off the tick grid of a {structure} market .*: use {use}$"):
            grid.check_price(D(price))


def test_bands_from_the_api_decide_even_for_an_unknown_structure() -> None:
    grid = PriceGrid.from_bands("quarter_cent", [(D(0), D(1), D("0.0025"))], ticker=ODD)
    assert grid.takes(D("0.5025")) and not grid.takes(D("0.501"))
    with pytest.raises(
        ValueError, match=rf"{ODD}, a quarter_cent market \(tick 0.0025 here\): use 0.50 or 0.5025"
    ):
        grid.check_price(D("0.501"))
    assert grid.describe() == "0.0025 steps from 0.00 to 1.00"
    with pytest.raises(ValueError, match=r"at least one band"):
        PriceGrid.from_bands("x", [])
    with pytest.raises(ValueError, match=r"not a price band"):
        PriceBand(D("0.5"), D("0.4"), D("0.01"))
    with pytest.raises(ValueError, match=r"unknown price level structure"):
        PriceGrid.named("quarter_cent")


def test_whole_contract_markets_refuse_fractions() -> None:
    grid = PriceGrid.from_bands("linear_cent", [(D(0), D(1), D("0.01"))], fractional=False, ticker=TICKER)
    grid.check_count(D("3"))
    grid.check_count(D("3.00"))
    with pytest.raises(ValueError, match=r"count 2.5 is fractional, .* takes whole contracts: use 2 or 3"):
        grid.check_count(D("2.5"))
    with pytest.raises(ValueError, match=r"use 1$"):
        grid.check_count(D("0.5"))
    PriceGrid.named("linear_cent").check_count(D("0.01"))


# ------------------------------------------------------------------------------------- checks on send


def test_deci_cent_prices_pass_on_a_deci_cent_market(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    result = client.orders.create(ticker=DECI, book_side="bid", price="0.565", count=1)
    assert kalshi.orders[-1]["yes_price_dollars"] == "0.5650" and result.order_id
    client.orders.create(ticker=DECI, side="yes", action="buy", no_price="0.435", count=1)
    assert _posts(kalshi) == 2


def test_an_off_grid_price_is_refused_before_sending(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    with pytest.raises(OrderValidationError) as info:
        client.orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1)
    message = str(info.value)
    assert f"the YES price 0.565 is off the tick grid of {TICKER}, a linear_cent market" in message
    assert "use 0.56 or 0.57" in message and "0.01 steps from 0.00 to 1.00" in message
    with pytest.raises(OrderValidationError, match=r"0.105 is off .* use 0.10 or 0.11"):
        client.orders.create(ticker=TAPER, book_side="ask", price="0.105", count=1)
    with pytest.raises(OrderValidationError, match=r"0.501 is off"):
        client.orders.create(ticker=ODD, book_side="ask", price="0.501", count=1)
    client.orders.create(ticker=ODD, book_side="ask", price="0.5025", count=1)
    assert _posts(kalshi) == 1


def test_prebuilt_requests_are_checked_too(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    request = build_create_order(ticker=TICKER, book_side="bid", price="0.565", count=1)
    with pytest.raises(OrderValidationError, match=r"off the tick grid"):
        make_client().orders.create(request)
    assert _posts(kalshi) == 0


def test_each_market_is_read_once_per_ttl(
    kalshi: FakeKalshi, make_client: ClientFactory, clock: FakeClock
) -> None:
    client = make_client(market_cache_ttl=60)
    for price in ("0.30", "0.31", "0.32"):
        client.orders.create(ticker=TICKER, book_side="bid", price=price, count=1)
    client.orders.create(ticker=DECI, book_side="bid", price="0.301", count=1)
    assert kalshi.calls["GetMarket"] == 2
    clock.advance(61)
    client.orders.create(ticker=TICKER, book_side="bid", price="0.33", count=1)
    assert kalshi.calls["GetMarket"] == 3
    # Another client has its own cache.
    make_client().orders.create(ticker=TICKER, book_side="bid", price="0.34", count=1)
    assert kalshi.calls["GetMarket"] == 4


def test_tick_overrides_the_market(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    # Checked against the named grid instead, without reading the market (which would refuse 0.565).
    client.orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1, tick="deci_cent")
    with pytest.raises(OrderValidationError, match=r"linear_cent market"):
        client.orders.create(ticker=DECI, book_side="bid", price="0.565", count=1, tick="linear_cent")
    client.orders.batch_create(
        [{"ticker": TICKER, "book_side": "bid", "price": "0.305", "count": 1, "tick": "deci_cent"}]
    )
    assert "GetMarket" not in kalshi.calls


def test_market_checks_can_be_switched_off(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    make_client(market_checks=False).orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1)
    assert "GetMarket" not in kalshi.calls and _posts(kalshi) == 1


@pytest.mark.parametrize("fault", ["500", "connect", "read_timeout", "502_html"])
def test_a_market_that_cannot_be_read_does_not_block_the_order(
    kalshi: FakeKalshi,
    make_client: ClientFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    kalshi.fail("GetMarket", fault, times=2)
    client = make_client()
    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        client.orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1)
    # One attempt, no retries: the order does not wait for backoff; the exchange judges it.
    assert kalshi.calls["GetMarket"] == 1 and _posts(kalshi) == 1
    [record] = [r for r in caplog.records if "could not read market" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert TICKER in record.getMessage() and "sending it unchecked" in record.getMessage()
    # The failure is remembered for a while: the next order does not pay for another failing read...
    client.orders.create(ticker=TICKER, book_side="bid", price="0.30", count=1)
    assert kalshi.calls["GetMarket"] == 1
    # ...and after it, the market is read again (and this time checks the order).
    clock.advance(31)
    kalshi.faults.clear()
    with pytest.raises(OrderValidationError):
        client.orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1)
    assert kalshi.calls["GetMarket"] == 2 and _posts(kalshi) == 2


def test_a_market_answer_that_does_not_fit_is_skipped(
    kalshi: FakeKalshi, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "/markets/" in request.url.path:
            kalshi.requests.append(request)
            return httpx.Response(200, json={"market": {"ticker": TICKER, "status": "active"}})
        return kalshi.handler(request)

    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        make_client(transport=httpx.MockTransport(handler)).orders.create(
            ticker=TICKER, book_side="bid", price="0.30", count=1
        )
    assert _posts(kalshi) == 1
    assert any("response does not fit the spec" in r.getMessage() for r in caplog.records)


def test_whole_contract_markets(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.whole_contract_markets.add(TICKER)
    client = make_client()
    with pytest.raises(OrderValidationError, match=r"count 2.5 is fractional"):
        client.orders.create(ticker=TICKER, book_side="bid", price="0.30", count="2.5")
    client.orders.create(ticker=TICKER, book_side="bid", price="0.30", count="2")
    client.orders.create(ticker=DECI, book_side="bid", price="0.30", count="2.5")  # fractional market
    assert _posts(kalshi) == 2


def test_batches_name_the_item_and_send_nothing(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    orders = [
        {"ticker": DECI, "book_side": "bid", "price": "0.301", "count": 1},
        {"ticker": TICKER, "book_side": "bid", "price": "0.301", "count": 1},
    ]
    with pytest.raises(OrderValidationError, match=r"order 2: the YES price 0.301 is off"):
        make_client().orders.batch_create(orders)
    assert "BatchCreateOrdersV2" not in kalshi.calls
    assert kalshi.calls["GetMarket"] == 2  # each market once


def test_amends_are_checked(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    placed = client.orders.create(ticker=TICKER, book_side="bid", price="0.30", count=2)
    with pytest.raises(OrderValidationError, match=r"0.305 is off"):
        client.orders.amend(placed.order_id, ticker=TICKER, book_side="bid", price="0.305", count=2)
    assert "AmendOrderV2" not in kalshi.calls
    client.orders.amend(
        placed.order_id, ticker=TICKER, book_side="bid", price="0.305", count=2, tick="deci_cent"
    )
    assert kalshi.calls["AmendOrderV2"] == 1


def test_markets_get_reads_the_market_and_refreshes_the_cache(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    client = make_client()
    market = client.markets.get(TAPER)
    assert isinstance(market, Market) and market.ticker == TAPER and market.status.value == "active"
    assert market.price_level_structure.value == "tapered_deci_cent" and market.fractional_trading_enabled
    assert market.grid.takes(D("0.095")) and not market.grid.takes(D("0.105"))
    raw = client.markets.with_raw_response.get(TICKER)
    assert raw.status_code == 200 and raw.parsed().ticker == TICKER
    client.orders.create(ticker=TAPER, book_side="bid", price="0.095", count=1)
    assert kalshi.calls["GetMarket"] == 2  # the create used the grid markets.get just read
    with pytest.raises(OrderValidationError, match=r"ticker must be one ticker"):
        client.markets.get("")


def test_async_client_checks_the_same_way(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    async def run() -> None:
        async with make_async_client() as client:
            with pytest.raises(OrderValidationError, match=r"off the tick grid"):
                await client.orders.create(ticker=TICKER, book_side="bid", price="0.565", count=1)
            await client.orders.create(ticker=DECI, book_side="bid", price="0.565", count=1)
            assert (await client.markets.get(DECI)).grid.structure == "deci_cent"

    asyncio.run(run())
    assert kalshi.calls["GetMarket"] == 3 and _posts(kalshi) == 1
