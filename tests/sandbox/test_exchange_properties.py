"""Property test: random order flows keep every order valid and the book consistent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kalshi_sandbox.exchange import Account, Exchange, ExchangeError

from .exchange_support import T50, TAPER, Clock, check_order

MEMBERS = [Account("p1"), Account("p2")]
TICKERS = [T50, TAPER]
PRICES = ["0.38", "0.40", "0.45", "0.49", "0.50", "0.51", "0.55", "0.60", "0.62", "0.95", "0.955"]
COUNTS = ["1", "2.5", "10", "40", "150"]

create = st.fixed_dictionaries(
    {
        "op": st.just("create"),
        "member": st.integers(0, 1),
        "ticker": st.sampled_from(TICKERS),
        "side": st.sampled_from(["bid", "ask"]),
        "price": st.sampled_from(PRICES),
        "count": st.sampled_from(COUNTS),
        "time_in_force": st.sampled_from(["good_till_canceled", "immediate_or_cancel", "fill_or_kill"]),
        "self_trade_prevention_type": st.sampled_from(["taker_at_cross", "maker"]),
        "post_only": st.booleans(),
        "subaccount": st.integers(0, 2),
        "expires_in": st.none() | st.integers(1, 30),
    }
)
touch = st.fixed_dictionaries(
    {
        "op": st.sampled_from(["cancel", "amend", "decrease", "wait", "cancel_all"]),
        "member": st.integers(0, 1),
        "pick": st.integers(0, 1000),
        "price": st.sampled_from(PRICES),
        "count": st.sampled_from(COUNTS),
    }
)


def _apply(ex: Exchange, clock: Clock, step: dict[str, Any]) -> None:
    member = MEMBERS[step["member"]]
    if step["op"] == "create":
        order = {k: step[k] for k in ("ticker", "side", "price", "count", "time_in_force", "subaccount")}
        order["self_trade_prevention_type"] = step["self_trade_prevention_type"]
        order["post_only"] = step["post_only"]
        if step["expires_in"] is not None and step["time_in_force"] == "good_till_canceled":
            order["expiration_time"] = int(clock()) + step["expires_in"]
        ex.create_order(member, order)
        return
    if step["op"] == "wait":
        clock.advance(step["pick"] % 20)
        return
    if step["op"] == "cancel_all":
        ex.cancel_all(member, subaccount=step["pick"] % 3 if step["pick"] % 2 else None)
        return
    orders, _ = ex.list_orders(member, limit=1000)
    if not orders:
        return
    target = orders[step["pick"] % len(orders)]
    oid, sub = target["order_id"], target["subaccount_number"]
    if step["op"] == "cancel":
        ex.cancel_order(member, oid, subaccount=sub)
    elif step["op"] == "amend":
        amend = {"ticker": target["ticker"], "side": target["book_side"], "price": step["price"]}
        ex.amend_order(member, oid, {**amend, "count": step["count"]}, subaccount=sub)
    else:
        ex.decrease_order(member, oid, {"reduce_by": step["count"]}, subaccount=sub)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(create | touch, min_size=1, max_size=40))
def test_random_flows_keep_invariants(steps: list[dict[str, Any]]) -> None:
    clock = Clock()
    ex = Exchange(clock=clock)
    rejections: list[int] = []
    for step in steps:
        try:
            _apply(ex, clock, step)
        except ExchangeError as exc:
            rejections.append(exc.status)
        for ticker in TICKERS:
            book = ex.orderbook(ticker)
            if book["bids"] and book["asks"]:
                assert Decimal(book["bids"][0][0]) < Decimal(book["asks"][0][0]), book  # never crossed
    assert set(rejections) <= {400, 404, 409}  # only rule rejections, never a server-side failure
    for member in MEMBERS:
        orders, cursor = ex.list_orders(member, limit=1000)
        assert cursor == ""
        net: dict[tuple[int, str], Decimal] = {}
        for order in orders:
            check_order(order)
            filled = Decimal(order["fill_count_fp"])
            key = (order["subaccount_number"], order["ticker"])
            net[key] = net.get(key, Decimal(0)) + (filled if order["book_side"] == "bid" else -filled)
            cost = Decimal(order["taker_fill_cost_dollars"]) + Decimal(order["maker_fill_cost_dollars"])
            assert cost <= filled
            if order["status"] == "resting":
                assert order["order_id"] in {
                    o["order_id"] for o in ex.list_orders(member, status="resting", limit=1000)[0]
                }
        for (sub, ticker), amount in net.items():
            assert ex.position(member, ticker, sub) == amount  # positions move only with fills
