"""Matching on the YES book: rest, fills, time in force, post-only, STP, fees, reduce-only, liquidity."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kalshi_sandbox.exchange import Exchange, ExchangeError, LiquidityConfig, MarketConfig

from .exchange_support import ALICE, BOB, T50, Clock, body, checked_order
from .spec_schema import assert_valid


@pytest.fixture
def ex() -> Exchange:
    return Exchange(clock=Clock())


def test_order_inside_the_spread_rests(ex: Exchange) -> None:
    created = ex.create_order(ALICE, body(client_order_id="r1"))
    assert_valid("CreateOrderV2Response", created)
    assert created["fill_count"] == "0.00"
    assert created["remaining_count"] == "10.00"
    assert "average_fill_price" not in created
    order = checked_order(ex, ALICE, created["order_id"])
    assert order["status"] == "resting"
    assert order["client_order_id"] == "r1"
    assert order["book_side"] == "bid"
    assert order["outcome_side"] == "yes"
    assert (order["side"], order["action"]) == ("yes", "buy")
    assert order["yes_price_dollars"] == "0.5000"
    assert order["no_price_dollars"] == "0.5000"
    assert order["created_time"] == "2027-01-15T08:00:00Z"
    assert order["expiration_time"] is None
    assert order["user_id"] == "alice"
    assert order["subaccount_number"] == 0
    assert order["type"] == "limit"
    assert ex.orderbook(T50)["bids"][0] == ("0.5000", "10.00")


def test_partial_fill_against_another_member_then_full_fill(ex: Exchange) -> None:
    maker = ex.create_order(ALICE, body(side="ask", count="10", price="0.55"))
    taker = ex.create_order(
        BOB, body(side="bid", count="4", price="0.57", time_in_force="immediate_or_cancel")
    )
    assert taker["fill_count"] == "4.00"
    assert taker["average_fill_price"] == "0.5500"  # the resting price, not the taker's limit
    resting = checked_order(ex, ALICE, maker["order_id"])
    assert (resting["status"], resting["fill_count_fp"], resting["remaining_count_fp"]) == (
        "resting",
        "4.00",
        "6.00",
    )
    assert resting["maker_fill_cost_dollars"] == "1.8000"  # an ask buys NO: (1 − 0.55) × 4
    assert resting["maker_fees_dollars"] == "0.0000"
    rest = ex.create_order(BOB, body(side="bid", count="6", price="0.55"))
    assert rest["fill_count"] == "6.00"
    assert rest["remaining_count"] == "0.00"
    done = checked_order(ex, ALICE, maker["order_id"])
    assert (done["status"], done["fill_count_fp"], done["remaining_count_fp"]) == (
        "executed",
        "10.00",
        "0.00",
    )
    assert checked_order(ex, BOB, rest["order_id"])["status"] == "executed"


def test_taker_sweeps_levels_and_rests_the_remainder(ex: Exchange) -> None:
    created = ex.create_order(ALICE, body(count="150", price="0.61"))
    assert created["fill_count"] == "150.00"
    assert created["remaining_count"] == "0.00"
    assert created["average_fill_price"] == "0.603333"  # (100 × 0.60 + 50 × 0.61) / 150, 6 decimals
    order = checked_order(ex, ALICE, created["order_id"])
    assert order["taker_fill_cost_dollars"] == "90.5000"
    # fees per level: ceil(0.07*100*0.6*0.4)=1.68, ceil(0.07*50*0.61*0.39)=ceil(0.83265)=0.84
    assert order["taker_fees_dollars"] == "2.5200"
    big = ex.create_order(BOB, body(count="500", price="0.62"))
    assert Decimal(big["fill_count"]) > 0
    assert Decimal(big["remaining_count"]) > 0
    assert checked_order(ex, BOB, big["order_id"])["status"] == "resting"


def test_fee_rounds_up_to_the_cent(ex: Exchange) -> None:
    ex.create_order(ALICE, body(side="ask", price="0.50", count="10"))
    taker = ex.create_order(BOB, body(side="bid", price="0.50", count="10"))
    order = checked_order(ex, BOB, taker["order_id"])
    assert order["taker_fees_dollars"] == "0.1800"  # ceil(0.07 × 10 × 0.5 × 0.5 = 0.175)
    assert order["taker_fill_cost_dollars"] == "5.0000"
    assert taker["average_fee_paid"] == "0.0180"


def test_maker_fee_rate_is_configurable() -> None:
    market = MarketConfig("KXFEE-1", "KXFEE", maker_fee_rate=Decimal("0.0175"), lp=None)
    ex = Exchange([market], clock=Clock())
    maker = ex.create_order(ALICE, body(ticker="KXFEE-1", side="ask", price="0.40", count="100"))
    ex.create_order(BOB, body(ticker="KXFEE-1", side="bid", price="0.40", count="100"))
    order = checked_order(ex, ALICE, maker["order_id"])
    assert order["maker_fees_dollars"] == "0.4200"  # ceil(0.0175 × 100 × 0.4 × 0.6 = 0.42)
    assert order["maker_fill_cost_dollars"] == "60.0000"


def test_fill_or_kill_without_enough_volume_is_rejected_with_no_order(ex: Exchange) -> None:
    with pytest.raises(ExchangeError) as info:
        ex.create_order(
            ALICE, body(count="301", price="0.62", time_in_force="fill_or_kill", client_order_id="f")
        )
    assert (info.value.status, info.value.code) == (409, "fill_or_kill_insufficient_resting_volume")
    assert ex.order_count(ALICE) == 0
    assert ex.orderbook(T50)["asks"][0] == ("0.6000", "100.00")  # nothing was taken
    # the client_order_id was not consumed, and a fillable FoK executes in full
    filled = ex.create_order(
        ALICE, body(count="300", price="0.62", time_in_force="fill_or_kill", client_order_id="f")
    )
    assert filled["fill_count"] == "300.00"
    assert checked_order(ex, ALICE, filled["order_id"])["status"] == "executed"


def test_immediate_or_cancel_cancels_the_remainder(ex: Exchange) -> None:
    created = ex.create_order(ALICE, body(count="120", price="0.60", time_in_force="immediate_or_cancel"))
    assert (created["fill_count"], created["remaining_count"]) == ("100.00", "0.00")
    order = checked_order(ex, ALICE, created["order_id"])
    assert order["status"] == "canceled"
    assert order["initial_count_fp"] == "120.00"
    nothing = ex.create_order(ALICE, body(price="0.45", time_in_force="immediate_or_cancel"))
    assert checked_order(ex, ALICE, nothing["order_id"])["status"] == "canceled"


def test_post_only_that_would_cross_is_recorded_as_canceled(ex: Exchange) -> None:
    created = ex.create_order(ALICE, body(price="0.60", post_only=True))
    assert (created["fill_count"], created["remaining_count"]) == ("0.00", "0.00")
    order = checked_order(ex, ALICE, created["order_id"])
    assert order["status"] == "canceled"
    assert order["last_update_reason"] == "PostOnlyCrossCancel"
    assert ex.orderbook(T50)["asks"][0] == ("0.6000", "100.00")
    ok = ex.create_order(ALICE, body(price="0.59", post_only=True))
    assert checked_order(ex, ALICE, ok["order_id"])["status"] == "resting"


def test_self_trade_taker_at_cross_cancels_the_taker_remainder(ex: Exchange) -> None:
    own = ex.create_order(ALICE, body(side="ask", price="0.55", count="5"))
    other = ex.create_order(BOB, body(side="ask", price="0.54", count="3"))
    taker = ex.create_order(ALICE, body(side="bid", price="0.56", count="10"))
    assert taker["fill_count"] == "3.00"  # filled Bob's better ask, then met its own order
    order = checked_order(ex, ALICE, taker["order_id"])
    assert order["status"] == "canceled"
    assert order["last_update_reason"] == "SelfTradeCancel"
    assert checked_order(ex, ALICE, own["order_id"])["status"] == "resting"
    assert checked_order(ex, BOB, other["order_id"])["status"] == "executed"


def test_self_trade_maker_cancels_the_resting_order_and_continues(ex: Exchange) -> None:
    own = ex.create_order(ALICE, body(side="ask", price="0.55", count="5", subaccount=2))
    taker = ex.create_order(
        ALICE, body(side="bid", price="0.60", count="10", self_trade_prevention_type="maker")
    )
    assert taker["fill_count"] == "10.00"  # went on to the liquidity provider at 0.60
    assert taker["average_fill_price"] == "0.6000"
    cancelled = checked_order(ex, ALICE, own["order_id"])
    assert cancelled["status"] == "canceled"
    assert cancelled["fill_count_fp"] == "0.00"


def test_reduce_only_is_capped_at_the_position(ex: Exchange) -> None:
    none = ex.create_order(
        ALICE, body(side="ask", price="0.40", time_in_force="immediate_or_cancel", reduce_only=True)
    )
    assert none["fill_count"] == "0.00"  # no position: fills nothing, the order is canceled
    assert checked_order(ex, ALICE, none["order_id"])["last_update_reason"] == "ReduceOnly"
    ex.create_order(ALICE, body(price="0.60", count="7", time_in_force="immediate_or_cancel"))
    assert ex.position(ALICE, T50) == 7
    sell = ex.create_order(
        ALICE,
        body(side="ask", price="0.40", count="10", time_in_force="immediate_or_cancel", reduce_only=True),
    )
    assert sell["fill_count"] == "7.00"
    assert ex.position(ALICE, T50) == 0
    with pytest.raises(ExchangeError) as info:
        ex.create_order(ALICE, body(side="ask", reduce_only=True))
    assert (info.value.status, info.value.code) == (400, "invalid_order")


def test_liquidity_provider_replenishes_without_crossing(ex: Exchange) -> None:
    ex.create_order(ALICE, body(price="0.60", count="100", time_in_force="immediate_or_cancel"))
    assert ex.orderbook(T50)["asks"][0] == ("0.6000", "100.00")
    resting = ex.create_order(BOB, body(price="0.60", count="150"))  # takes 100, rests 50 at 0.60
    book = ex.orderbook(T50)
    assert book["bids"][0] == ("0.6000", "50.00")
    assert book["asks"][0] == ("0.6100", "100.00")  # the LP does not re-quote into a resting bid
    ex.cancel_order(BOB, resting["order_id"])
    assert ex.orderbook(T50)["asks"][0] == ("0.6000", "100.00")


def test_liquidity_can_be_configured_or_disabled() -> None:
    lp = LiquidityConfig(
        best_bid=Decimal("0.20"), best_ask=Decimal("0.30"), levels=1, size=Decimal(5), replenish=False
    )
    ex = Exchange(
        [MarketConfig("KXLP-1", "KXLP", lp=lp), MarketConfig("KXNOLP-1", "KXNOLP", lp=None)], clock=Clock()
    )
    assert ex.orderbook("KXLP-1") == {"bids": [("0.2000", "5.00")], "asks": [("0.3000", "5.00")]}
    assert ex.orderbook("KXNOLP-1") == {"bids": [], "asks": []}
    ex.create_order(ALICE, body(ticker="KXLP-1", price="0.30", count="5"))
    assert ex.orderbook("KXLP-1")["asks"] == []
