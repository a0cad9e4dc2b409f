"""Safe data: positive cases generated from the narrowed spec are always small resting orders on the safe
ticker (bids at 1–5 cents, asks at 95–99 cents, GTC, 1–2 contracts, no legacy price field)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from kalshi_contract import spec
from kalshi_contract.safe_data import ASK_PRICES, BID_PRICES, SafeOrders, narrow_spec

TICKER = "KXSAFE-1"
SCHEMA = schemathesis.openapi.from_dict(narrow_spec(spec.load_spec(), TICKER))


def _assert_safe_order(body: dict[str, Any]) -> None:
    assert body["ticker"] == TICKER
    assert body["client_order_id"].startswith("contract-")  # the final cleanup sweep recognises it
    assert body["count"] in ("1", "2")
    assert body["time_in_force"] == "good_till_canceled"
    price = Decimal(body["price"])
    assert (body["side"], price <= Decimal("0.05")) in (("bid", True), ("ask", False))
    assert body["side"] == "bid" or price >= Decimal("0.95")
    assert not {"yes_price", "no_price", "yes_price_dollars", "no_price_dollars", "reduce_only"} & set(body)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_positive_creates_are_safe(data: st.DataObject) -> None:
    case = data.draw(
        SCHEMA["/portfolio/events/orders"]["POST"].as_strategy(generation_mode=GenerationMode.POSITIVE)
    )
    _assert_safe_order(case.body)


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_positive_batch_creates_and_amends_are_safe(data: st.DataObject) -> None:
    batch = data.draw(
        SCHEMA["/portfolio/events/orders/batched"]["POST"].as_strategy(
            generation_mode=GenerationMode.POSITIVE
        )
    )
    assert 1 <= len(batch.body["orders"]) <= 2
    for order in batch.body["orders"]:
        _assert_safe_order(order)
    amend = data.draw(
        SCHEMA["/portfolio/events/orders/{order_id}/amend"]["POST"].as_strategy(
            generation_mode=GenerationMode.POSITIVE
        )
    )
    assert amend.body["ticker"] == TICKER
    assert (amend.body["side"], amend.body["price"] in BID_PRICES) in (("bid", True), ("ask", False))
    assert amend.body["side"] == "bid" or amend.body["price"] in ASK_PRICES


def test_the_published_spec_is_not_narrowed() -> None:
    original = spec.load_spec()
    narrow_spec(original, TICKER)
    assert "enum" not in original["components"]["schemas"]["CreateOrderV2Request"]["properties"]["ticker"]


def test_off_tick_price_lies_between_ticks_far_below_the_market() -> None:
    assert SafeOrders(TICKER).off_tick_price == "0.015"
    assert SafeOrders(TICKER, tick=Decimal("0.001")).off_tick_price == "0.0105"
