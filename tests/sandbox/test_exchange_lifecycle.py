"""Order lifecycle: soft cancel, amend, decrease, batches, expiry, client_order_id, routing, subaccounts."""

from __future__ import annotations

import pytest

from kalshi_sandbox.exchange import DEFAULT_MARKETS, Account, Exchange, ExchangeError

from .exchange_support import ALICE, BOB, START, T50, TAPER, Clock, body, checked_order
from .spec_schema import assert_valid

CAROL = Account("carol")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ex(clock: Clock) -> Exchange:
    return Exchange(clock=clock)


def _error(call: object, *args: object, **kwargs: object) -> ExchangeError:
    with pytest.raises(ExchangeError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    return info.value


def test_cancel_is_soft_and_a_second_cancel_conflicts(ex: Exchange, clock: Clock) -> None:
    order_id = ex.create_order(ALICE, body(client_order_id="c-1"))["order_id"]
    clock.advance(5)
    response = ex.cancel_order(ALICE, order_id)
    assert_valid("CancelOrderV2Response", response)
    assert response == {
        "order_id": order_id,
        "client_order_id": "c-1",
        "reduced_by": "10.00",
        "ts_ms": 1_800_000_005_000,
    }
    order = checked_order(ex, ALICE, order_id)
    assert (order["status"], order["remaining_count_fp"], order["initial_count_fp"]) == (
        "canceled",
        "0.00",
        "10.00",
    )
    assert order["last_update_time"] == "2027-01-15T08:00:05Z"
    err = _error(ex.cancel_order, ALICE, order_id)
    assert (err.status, err.code) == (409, "order_not_resting")
    assert ex.orderbook(T50)["bids"][0] == ("0.4000", "100.00")


def test_orders_of_other_members_and_subaccounts_are_not_found(ex: Exchange) -> None:
    order_id = ex.create_order(ALICE, body(subaccount=3))["order_id"]
    for call in (
        lambda: ex.get_order(BOB, order_id),
        lambda: ex.cancel_order(BOB, order_id, subaccount=3),
        lambda: ex.cancel_order(ALICE, order_id),  # default subaccount 0
        lambda: ex.cancel_order(ALICE, order_id, subaccount=3, exchange_index=1),
        lambda: ex.cancel_order(ALICE, order_id, subaccount=3, market_ticker=TAPER),
        lambda: ex.get_order(ALICE, "no-such-order"),
    ):
        err = _error(call)
        assert (err.status, err.code) == (404, "order_not_found")
    assert ex.get_order(ALICE, order_id)["subaccount_number"] == 3
    assert (
        ex.cancel_order(ALICE, order_id, subaccount=3, exchange_index=-1, market_ticker=T50)["reduced_by"]
        == "10.00"
    )
    assert _error(ex.create_order, ALICE, body(subaccount=64)).code == "invalid_subaccount"


def test_amend_price_and_size(ex: Exchange, clock: Clock) -> None:
    order_id = ex.create_order(ALICE, body(client_order_id="a-1"))["order_id"]
    clock.advance(1)
    amended = ex.amend_order(ALICE, order_id, {"ticker": T50, "side": "bid", "price": "0.52", "count": "15"})
    assert_valid("AmendOrderV2Response", amended)
    assert (amended["order_id"], amended["remaining_count"], amended["fill_count"]) == (
        order_id,
        "15.00",
        "0.00",
    )
    order = checked_order(ex, ALICE, order_id)
    assert (order["yes_price_dollars"], order["initial_count_fp"], order["status"]) == (
        "0.5200",
        "15.00",
        "resting",
    )
    assert order["last_update_reason"] == "Amended"
    # a price change that crosses fills as taker
    crossed = ex.amend_order(ALICE, order_id, {"ticker": T50, "side": "bid", "price": "0.60", "count": "15"})
    assert (crossed["fill_count"], crossed["remaining_count"]) == ("15.00", "0.00")
    order = checked_order(ex, ALICE, order_id)
    assert order["status"] == "executed"
    assert order["taker_fees_dollars"] == "0.2600"  # ceil(0.07 × 15 × 0.6 × 0.4 = 0.252)
    err = _error(
        ex.amend_order, ALICE, order_id, {"ticker": T50, "side": "bid", "price": "0.50", "count": "20"}
    )
    assert (err.status, err.code) == (409, "order_not_resting")


def test_amend_count_is_the_total_and_cannot_go_below_filled(ex: Exchange) -> None:
    maker = ex.create_order(ALICE, body(side="ask", price="0.55", count="10"))["order_id"]
    ex.create_order(BOB, body(side="bid", price="0.55", count="4"))
    err = _error(ex.amend_order, ALICE, maker, {"ticker": T50, "side": "ask", "price": "0.55", "count": "3"})
    assert (err.status, err.code) == (400, "invalid_count")
    amended = ex.amend_order(ALICE, maker, {"ticker": T50, "side": "ask", "price": "0.55", "count": "6"})
    assert (amended["fill_count"], amended["remaining_count"]) == ("4.00", "2.00")
    order = checked_order(ex, ALICE, maker)
    assert (order["initial_count_fp"], order["fill_count_fp"], order["remaining_count_fp"]) == (
        "6.00",
        "4.00",
        "2.00",
    )
    for bad in (
        {"side": "bid"},
        {"ticker": "KXSANDBOX-26DEC31-T60"},
        {"price": "0.555"},
        {"client_order_id": "x"},
    ):
        amend = {"ticker": T50, "side": "ask", "price": "0.55", "count": "6", **bad}
        assert _error(ex.amend_order, ALICE, maker, amend).status == 400


def test_size_decrease_keeps_queue_position_and_increase_loses_it(ex: Exchange) -> None:
    first = ex.create_order(ALICE, body(side="ask", price="0.55", count="10"))["order_id"]
    second = ex.create_order(BOB, body(side="ask", price="0.55", count="10"))["order_id"]
    ex.amend_order(ALICE, first, {"ticker": T50, "side": "ask", "price": "0.55", "count": "8"})
    ex.create_order(CAROL, body(price="0.55", count="1"))
    assert checked_order(ex, ALICE, first)["fill_count_fp"] == "1.00"  # still first in the queue
    ex.amend_order(ALICE, first, {"ticker": T50, "side": "ask", "price": "0.55", "count": "20"})
    ex.create_order(CAROL, body(price="0.55", count="1"))
    assert checked_order(ex, BOB, second)["fill_count_fp"] == "1.00"  # Alice went to the back


def test_amend_expiry_and_client_order_id(ex: Exchange, clock: Clock) -> None:
    first = ex.create_order(ALICE, body(client_order_id="one", expiration_time=int(START) + 60))["order_id"]
    ex.create_order(ALICE, body(client_order_id="two"))
    assert checked_order(ex, ALICE, first)["expiration_time"] == "2027-01-15T08:01:00Z"
    amend = {"ticker": T50, "side": "bid", "price": "0.50", "count": "10"}
    err = _error(ex.amend_order, ALICE, first, {**amend, "updated_client_order_id": "two"})
    assert (err.status, err.code) == (409, "order_already_exists")
    renamed = ex.amend_order(
        ALICE, first, {**amend, "updated_client_order_id": "uno", "expiration_time": int(START) + 120}
    )
    assert renamed["client_order_id"] == "uno"
    order = checked_order(ex, ALICE, first)
    assert (order["client_order_id"], order["expiration_time"]) == ("uno", "2027-01-15T08:02:00Z")
    assert (
        ex.create_order(ALICE, body(client_order_id="one"))["client_order_id"] == "one"
    )  # the old id is free
    past = _error(ex.amend_order, ALICE, first, {**amend, "expiration_time": int(START) - 1})
    assert past.code == "invalid_expiration_time"
    ex.amend_order(ALICE, first, {**amend, "expiration_time": 0})
    assert checked_order(ex, ALICE, first)["expiration_time"] is None
    clock.advance(500)
    assert checked_order(ex, ALICE, first)["status"] == "resting"  # the removed expiry no longer applies


def test_good_till_time_orders_expire_lazily(ex: Exchange, clock: Clock) -> None:
    order_id = ex.create_order(ALICE, body(expiration_time=int(START) + 30))["order_id"]
    clock.advance(29)
    assert checked_order(ex, ALICE, order_id)["status"] == "resting"
    clock.advance(1)
    order = checked_order(ex, ALICE, order_id)
    assert (order["status"], order["remaining_count_fp"]) == ("canceled", "0.00")
    assert order["last_update_time"] == "2027-01-15T08:00:30Z"
    assert order["last_update_reason"] == "Expired"
    # an expired order is no longer on the book to be matched
    taker = ex.create_order(BOB, body(side="ask", price="0.50", time_in_force="immediate_or_cancel"))
    assert taker["fill_count"] == "0.00"
    assert _error(ex.create_order, ALICE, body(expiration_time=int(START))).code == "invalid_expiration_time"
    assert (
        _error(
            ex.create_order, ALICE, body(expiration_time=int(START) + 99, time_in_force="immediate_or_cancel")
        ).code
        == "invalid_order"
    )


def test_decrease_by_and_to(ex: Exchange) -> None:
    order_id = ex.create_order(ALICE, body(count="10", client_order_id="d"))["order_id"]
    by = ex.decrease_order(ALICE, order_id, {"reduce_by": "3"})
    assert_valid("DecreaseOrderV2Response", by)
    assert (by["remaining_count"], by["client_order_id"]) == ("7.00", "d")
    to = ex.decrease_order(ALICE, order_id, {"reduce_to": "2.5"})
    assert to["remaining_count"] == "2.50"
    order = checked_order(ex, ALICE, order_id)
    assert (order["status"], order["initial_count_fp"], order["remaining_count_fp"]) == (
        "resting",
        "10.00",
        "2.50",
    )
    for bad in ({}, {"reduce_by": "1", "reduce_to": "1"}):
        assert (_error(ex.decrease_order, ALICE, order_id, bad).code) == "invalid_order"
    assert _error(ex.decrease_order, ALICE, order_id, {"reduce_to": "3"}).code == "invalid_count"
    zero = ex.decrease_order(ALICE, order_id, {"reduce_to": "0"})
    assert zero["remaining_count"] == "0.00"
    assert checked_order(ex, ALICE, order_id)["status"] == "canceled"
    assert _error(ex.decrease_order, ALICE, order_id, {"reduce_by": "1"}).status == 409
    other = ex.create_order(ALICE, body(count="4"))["order_id"]
    assert ex.decrease_order(ALICE, other, {"reduce_by": "9"})["remaining_count"] == "0.00"
    assert checked_order(ex, ALICE, other)["status"] == "canceled"


def test_client_order_id_is_unique_per_member(ex: Exchange) -> None:
    first = ex.create_order(ALICE, body(client_order_id="same"))
    err = _error(ex.create_order, ALICE, body(client_order_id="same", price="0.45"))
    assert (err.status, err.code) == (409, "order_already_exists")
    assert first["order_id"] in err.details
    ex.cancel_order(ALICE, first["order_id"])
    assert _error(ex.create_order, ALICE, body(client_order_id="same")).status == 409  # even once canceled
    assert ex.create_order(BOB, body(client_order_id="same"))["client_order_id"] == "same"
    no_id = ex.create_order(ALICE, body())
    assert "client_order_id" not in no_id
    assert checked_order(ex, ALICE, no_id["order_id"])["client_order_id"] == ""


def test_markets_and_routing(ex: Exchange) -> None:
    err = _error(ex.create_order, ALICE, body(ticker="KXNOPE-1"))
    assert (err.status, err.code) == (404, "market_not_found")
    taper = next(m for m in DEFAULT_MARKETS if m.ticker == TAPER)
    routed = ex.create_order(ALICE, body(ticker=TAPER, exchange_index=-1))["order_id"]
    assert ex.get_order(ALICE, routed)["exchange_index"] == taper.exchange_index
    assert ex.create_order(ALICE, body(ticker=TAPER, exchange_index=taper.exchange_index))
    wrong = _error(ex.create_order, ALICE, body(ticker=TAPER, exchange_index=taper.exchange_index + 1))
    assert (wrong.status, wrong.code) == (400, "invalid_exchange_index")


def test_batch_create_reports_errors_per_item(ex: Exchange) -> None:
    result = ex.batch_create(
        ALICE,
        [
            body(client_order_id="b1"),
            body(client_order_id="b2", price="0.505"),
            body(client_order_id="b1"),
            body(client_order_id="b4", ticker="KXNOPE"),
            body(client_order_id="b5", price="0.60", time_in_force="immediate_or_cancel"),
        ],
    )
    assert_valid("BatchCreateOrdersV2Response", result)
    items = result["orders"]
    assert [item.get("error", {}).get("code") for item in items] == [
        None,
        "invalid_price",
        "order_already_exists",
        "market_not_found",
        None,
    ]
    assert [item.get("client_order_id") for item in items] == ["b1", "b2", "b1", "b4", "b5"]
    assert "ts_ms" not in items[1]
    assert items[4]["fill_count"] == "10.00"
    assert ex.order_count(ALICE) == 2


def test_batch_cancel_reports_errors_per_item(ex: Exchange) -> None:
    first = ex.create_order(ALICE, body())["order_id"]
    second = ex.create_order(ALICE, body(subaccount=1))["order_id"]
    result = ex.batch_cancel(
        ALICE,
        [
            {"order_id": first},
            {"order_id": second, "subaccount": 1},
            {"order_id": first},
            {"order_id": "nope"},
        ],
    )
    assert_valid("BatchCancelOrdersV2Response", result)
    items = result["orders"]
    assert [item["reduced_by"] for item in items] == ["10.00", "10.00", "0.00", "0.00"]
    assert [item.get("error", {}).get("code") for item in items] == [
        None,
        None,
        "order_not_resting",
        "order_not_found",
    ]


def test_cancel_all_by_subaccount(ex: Exchange) -> None:
    zero = ex.create_order(ALICE, body())["order_id"]
    five = ex.create_order(ALICE, body(subaccount=5))["order_id"]
    bobs = ex.create_order(BOB, body())["order_id"]
    ex.cancel_all(ALICE, subaccount=5)
    assert ex.get_order(ALICE, five)["status"] == "canceled"
    assert ex.get_order(ALICE, zero)["status"] == "resting"
    ex.cancel_all(ALICE)
    assert ex.get_order(ALICE, zero)["status"] == "canceled"
    assert ex.get_order(BOB, bobs)["status"] == "resting"


def test_reset_forgets_orders(ex: Exchange) -> None:
    order_id = ex.create_order(ALICE, body(client_order_id="r"))["order_id"]
    ex.reset()
    assert ex.order_count(ALICE) == 0
    assert _error(ex.get_order, ALICE, order_id).status == 404
    assert ex.create_order(ALICE, body(client_order_id="r"))
    assert ex.orderbook(T50)["bids"][0] == ("0.5000", "10.00")


def test_auto_routing_on_cancel_and_decrease_needs_market_ticker(ex: Exchange) -> None:
    # exchange_index -1 means "route by ticker"; cancel and decrease only have market_ticker to route by.
    order_id = ex.create_order(ALICE, body())["order_id"]
    for call in (
        lambda: ex.cancel_order(ALICE, order_id, exchange_index=-1),
        lambda: ex.decrease_order(ALICE, order_id, {"reduce_by": "1", "exchange_index": -1}),
    ):
        err = _error(call)
        assert (err.status, err.code) == (400, "invalid_exchange_index")
    assert ex.get_order(ALICE, order_id)["remaining_count_fp"] == "10.00"
    decreased = ex.decrease_order(
        ALICE, order_id, {"reduce_by": "1", "exchange_index": -1, "market_ticker": T50}
    )
    assert decreased["remaining_count"] == "9.00"
    amended = ex.amend_order(
        ALICE, order_id, {"ticker": T50, "side": "bid", "price": "0.50", "count": "8", "exchange_index": -1}
    )
    assert amended["remaining_count"] == "8.00"
