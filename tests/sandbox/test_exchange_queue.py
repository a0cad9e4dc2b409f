"""Queue positions from the engine's book: contracts ahead at the order's price level, price-time priority."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kalshi_sandbox.exchange import Account, Exchange, ExchangeError

from .exchange_support import ALICE, BOB, DECI, T50, T60, TAPER, Clock, body
from .spec_schema import assert_valid

CAROL = Account("carol")  # a taker that is neither queued member (no self-trade prevention in the way)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ex(clock: Clock) -> Exchange:
    return Exchange(clock=clock)


def place(ex: Exchange, account: Account = ALICE, **overrides: object) -> str:
    order_id: str = ex.create_order(account, body(**overrides))["order_id"]
    return order_id


def position(ex: Exchange, order_id: str, account: Account = ALICE) -> Decimal:
    return Decimal(ex.queue_position(account, order_id))


def test_first_in_line_is_zero_and_later_orders_count_everything_queued_before_them(ex: Exchange) -> None:
    first = place(ex, count="10")
    second = place(ex, BOB, count="5")
    third = place(ex, count="7.25")
    assert ex.queue_position(ALICE, first) == "0.00"
    assert ex.queue_position(BOB, second) == "10.00"
    assert ex.queue_position(ALICE, third) == "15.00"  # another member's contracts count as well


def test_the_liquidity_providers_quotes_at_the_same_price_are_ahead(ex: Exchange) -> None:
    behind_lp = place(ex, price="0.40")  # the simulated maker quotes 100 at 0.40 from the start
    assert position(ex, behind_lp) == 100
    ask = place(ex, side="ask", price="0.61")
    assert position(ex, ask) == 100


def test_better_prices_and_the_other_side_are_not_counted(ex: Exchange) -> None:
    mine = place(ex, price="0.50", count="3")
    place(ex, BOB, price="0.51", count="50")  # a better bid: it trades first, but is not in this queue
    place(ex, BOB, side="ask", price="0.55", count="50")
    place(ex, BOB, price="0.50", count="9")  # behind, not ahead
    assert position(ex, mine) == 0


def test_fills_at_the_head_move_the_queue_up(ex: Exchange) -> None:
    head = place(ex, count="10")
    middle = place(ex, BOB, count="5")
    tail = place(ex, count="7")
    ex.create_order(CAROL, body(side="ask", price="0.50", count="4", time_in_force="immediate_or_cancel"))
    assert ex.get_order(ALICE, head)["remaining_count_fp"] == "6.00"
    assert (position(ex, head), position(ex, middle, BOB), position(ex, tail)) == (0, 6, 11)
    ex.create_order(CAROL, body(side="ask", price="0.50", count="8", time_in_force="immediate_or_cancel"))
    # the head filled completely and the middle order lost 2 to the same taker: the tail is 3 from the front
    with pytest.raises(ExchangeError) as gone:
        ex.queue_position(ALICE, head)
    assert gone.value.status == 404
    assert (position(ex, middle, BOB), position(ex, tail)) == (0, 3)


def test_cancels_ahead_move_the_queue_up_and_a_canceled_order_has_no_position(ex: Exchange) -> None:
    head = place(ex, count="10")
    tail = place(ex, count="4")
    ex.cancel_order(ALICE, head)
    assert position(ex, tail) == 0
    with pytest.raises(ExchangeError) as canceled:
        ex.queue_position(ALICE, head)
    assert (canceled.value.status, canceled.value.code) == (404, "order_not_found")
    assert "only resting orders" in canceled.value.message


def test_a_decrease_keeps_the_place(ex: Exchange) -> None:
    head = place(ex, count="10")
    tail = place(ex, BOB, count="4")
    ex.decrease_order(ALICE, head, {"reduce_to": "3"})
    assert (position(ex, head), position(ex, tail, BOB)) == (0, 3)
    ex.decrease_order(ALICE, head, {"reduce_by": "1.5"})
    assert (position(ex, head), position(ex, tail, BOB)) == (0, Decimal("1.5"))


def amend(ex: Exchange, order_id: str, **fields: object) -> None:
    order = ex.get_order(ALICE, order_id)
    request = {"ticker": order["ticker"], "side": order["book_side"], "price": order["yes_price_dollars"]}
    request["count"] = order["initial_count_fp"]
    request.update(fields)
    ex.amend_order(ALICE, order_id, request)


def test_an_amend_that_lowers_the_size_keeps_the_place(ex: Exchange) -> None:
    head = place(ex, count="10")
    tail = place(ex, BOB, count="4")
    amend(ex, head, count="6")
    assert (position(ex, head), position(ex, tail, BOB)) == (0, 6)


def test_an_expiry_only_amend_keeps_the_place(ex: Exchange, clock: Clock) -> None:
    head = place(ex, count="10")
    tail = place(ex, BOB, count="4")
    amend(ex, head, expiration_time=int(clock.now) + 3600)
    assert (position(ex, head), position(ex, tail, BOB)) == (0, 10)


def test_an_amend_that_raises_the_size_goes_to_the_back(ex: Exchange) -> None:
    head = place(ex, count="10")
    tail = place(ex, BOB, count="4")
    amend(ex, head, count="11")
    assert (position(ex, tail, BOB), position(ex, head)) == (0, 4)


def test_an_amend_that_changes_the_price_goes_to_the_back_of_the_new_level_and_stays_there(
    ex: Exchange,
) -> None:
    head = place(ex, count="10", price="0.50")
    tail = place(ex, BOB, count="4", price="0.50")
    other_level = place(ex, BOB, count="2", price="0.49")
    amend(ex, head, price="0.49")
    assert (position(ex, other_level, BOB), position(ex, head)) == (0, 2)
    assert position(ex, tail, BOB) == 0
    amend(ex, head, price="0.50")  # moving back does not restore the old place
    assert position(ex, head) == 4


def test_positions_list_every_resting_order_of_the_subaccount_oldest_first(ex: Exchange) -> None:
    a = place(ex, count="10")
    b = place(ex, ticker=T60, price="0.40")
    canceled = place(ex, ticker=T60, price="0.45")
    ex.cancel_order(ALICE, canceled)
    ex.create_order(ALICE, body(count="1", price="0.45", time_in_force="immediate_or_cancel"))  # never rests
    place(ex, subaccount=2)
    place(ex, BOB)
    listed = ex.queue_positions(ALICE)
    for item in listed:
        assert_valid("OrderQueuePosition", item)
    assert listed == [
        {"order_id": a, "market_ticker": T50, "queue_position_fp": "0.00"},
        {"order_id": b, "market_ticker": T60, "queue_position_fp": "100.00"},
    ]


def test_positions_filter_by_markets_event_and_subaccount(ex: Exchange) -> None:
    t50 = place(ex)
    t60 = place(ex, ticker=T60)
    deci = place(ex, ticker=DECI, price="0.505")
    sub3 = place(ex, ticker=TAPER, subaccount=3)

    def ids(**filters: object) -> list[str]:
        return [item["order_id"] for item in ex.queue_positions(ALICE, **filters)]  # type: ignore[arg-type]

    assert ids(market_tickers=[T60, DECI]) == [t60, deci]
    assert ids(event_ticker="KXSANDBOX-26DEC31") == [t50, t60]
    assert ids(event_ticker="KXSANDBOX-26DEC31", market_tickers=[T60, DECI]) == [t60]
    assert ids(market_tickers=["NOPE-1"]) == []
    assert ids(event_ticker="NOPE") == []
    assert ids(subaccount=3) == [sub3]
    assert ids() == [t50, t60, deci]
    assert ex.queue_positions(BOB) == []
    with pytest.raises(ExchangeError) as bad:
        ex.queue_positions(ALICE, subaccount=64)
    assert bad.value.status == 400


def test_another_members_order_and_a_wrong_subaccount_are_not_found(ex: Exchange) -> None:
    mine = place(ex, subaccount=1)
    assert ex.queue_position(ALICE, mine, subaccount=1) == "0.00"
    for account, subaccount in ((BOB, None), (ALICE, 0)):
        with pytest.raises(ExchangeError) as missing:
            ex.queue_position(account, mine, subaccount=subaccount)
        assert missing.value.status == 404
    with pytest.raises(ExchangeError):
        ex.queue_position(ALICE, "no-such-order")


def test_an_expired_order_leaves_the_queue(ex: Exchange, clock: Clock) -> None:
    head = place(ex, count="10", expiration_time=int(clock.now) + 10)
    tail = place(ex, count="4")
    clock.advance(11)
    assert position(ex, tail) == 0
    with pytest.raises(ExchangeError):
        ex.queue_position(ALICE, head)


def test_seeded_resting_orders_have_positions(ex: Exchange) -> None:
    ex.seed_orders(ALICE, 300, statuses=["resting"], seed=3)
    listed = ex.queue_positions(ALICE)
    assert listed, "seeding puts resting orders on the primary subaccount"
    for item in listed:
        assert Decimal(item["queue_position_fp"]) >= 0


# ------------------------------------------------------------------------------------ invariant, random play
PRICES = [
    "0.47",
    "0.48",
    "0.49",
    "0.50",
    "0.51",
    "0.52",
    "0.53",
]  # inside the LP's spread: only members queue
ACTION = st.one_of(
    st.tuples(
        st.just("place"),
        st.sampled_from([ALICE, BOB]),
        st.sampled_from(["bid", "ask"]),
        st.sampled_from(PRICES),
        st.sampled_from(["1", "2.5", "4", "10"]),
    ),
    st.tuples(st.just("cancel"), st.integers(0, 40)),
    st.tuples(st.just("decrease"), st.integers(0, 40), st.sampled_from(["0.5", "1", "3"])),
    st.tuples(
        st.just("amend"), st.integers(0, 40), st.sampled_from(PRICES), st.sampled_from(["-1", "0", "+2"])
    ),
)


def _apply(ex: Exchange, placed: list[tuple[Account, str]], action: tuple[object, ...]) -> None:
    kind = action[0]
    if kind == "place":
        _, account, side, price, count = action
        order_id = ex.create_order(account, body(side=side, price=price, count=count))["order_id"]  # type: ignore[arg-type]
        placed.append((account, order_id))  # type: ignore[arg-type]
        return
    if not placed:
        return
    account, order_id = placed[int(action[1]) % len(placed)]  # type: ignore[call-overload]
    order = ex.get_order(account, order_id)
    if order["status"] != "resting":
        return
    if kind == "cancel":
        ex.cancel_order(account, order_id)
    elif kind == "decrease":
        reduce_by = min(Decimal(str(action[2])), Decimal(order["remaining_count_fp"]))
        ex.decrease_order(account, order_id, {"reduce_by": str(reduce_by)})
    else:
        total = Decimal(order["initial_count_fp"]) + {"-1": -1, "0": 0, "+2": 2}[str(action[3])]
        if total <= Decimal(order["fill_count_fp"]):
            return
        request = {"ticker": T50, "side": order["book_side"], "price": action[2], "count": str(total)}
        ex.amend_order(account, order_id, request)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTION, min_size=1, max_size=40))
def test_every_level_is_a_gapless_queue_that_adds_up_to_the_book(actions: list[tuple[object, ...]]) -> None:
    ex = Exchange(clock=Clock())
    placed: list[tuple[Account, str]] = []
    for action in actions:
        _apply(ex, placed, action)
    levels: dict[tuple[str, str], list[tuple[Decimal, Decimal]]] = {}
    for account in (ALICE, BOB):
        for item in ex.queue_positions(account):
            order = ex.get_order(account, item["order_id"])
            key = (order["book_side"], order["yes_price_dollars"])
            levels.setdefault(key, []).append(
                (Decimal(item["queue_position_fp"]), Decimal(order["remaining_count_fp"]))
            )
    book = ex.orderbook(T50)
    depth = {("bid", p): Decimal(q) for p, q in book["bids"]} | {
        ("ask", p): Decimal(q) for p, q in book["asks"]
    }
    for key, queue in levels.items():
        queue.sort()
        ahead = Decimal(0)
        for pos, remaining in queue:
            assert pos == ahead, (key, queue)  # each order's position is exactly what rests before it
            ahead += remaining
        assert ahead == depth[key], (key, queue, depth)
