from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kalshi_orders import (
    OrderValidationError,
    PriceLevelStructure,
    build_amend_order,
    build_create_order,
    build_decrease_order,
    to_decimal,
)
from kalshi_orders_api.models import (
    AmendOrderV2Request,
    BookSide,
    CreateOrderV2Request,
    DecreaseOrderV2Request,
    SelfTradePreventionType,
    TimeInForce,
)

TICKER = "KXSANDBOX-26DEC31-T50"


def create(**kwargs: Any) -> CreateOrderV2Request:
    kwargs.setdefault("ticker", TICKER)
    kwargs.setdefault("count", 10)
    return build_create_order(**kwargs)


def rejected(fn: Any = create, **kwargs: Any) -> str:
    with pytest.raises(OrderValidationError) as info:
        fn(**kwargs)
    assert isinstance(info.value, ValueError)
    return str(info.value)


@pytest.mark.parametrize(
    ("side", "action", "prices", "book", "price"),
    [
        ("yes", "buy", {"yes_price": "0.56"}, "bid", "0.56"),
        ("yes", "sell", {"yes_price": "0.56"}, "ask", "0.56"),
        ("no", "buy", {"no_price": "0.44"}, "ask", "0.56"),
        ("no", "sell", {"no_price": "0.44"}, "bid", "0.56"),
        # yes_price with side=no is the YES price directly: buying NO = selling YES at that price.
        ("no", "buy", {"yes_price": "0.56"}, "ask", "0.56"),
        ("no", "sell", {"yes_price": "0.56"}, "bid", "0.56"),
        # no_price with side=yes is the NO price: the YES price is 1 − no_price.
        ("yes", "buy", {"no_price": "0.44"}, "bid", "0.56"),
        ("YES", "Buy", {"yes_price": 56}, "bid", "0.56"),
        ("yes", "buy", {"yes_price": Decimal("0.5")}, "bid", "0.50"),
    ],
)
def test_direction_mapping_table(
    side: str, action: str, prices: dict[str, Any], book: str, price: str
) -> None:
    request = create(side=side, action=action, **prices)
    assert request.side == BookSide(book)
    assert request.price == price
    body = request.to_dict()
    assert body["side"] == book and body["price"] == price
    assert not {"yes_price", "no_price", "action"} & set(body)


def test_without_a_tick_only_the_rules_of_every_market_apply() -> None:
    # The grid is the market's: the client checks it against GetMarket before sending.
    assert create(book_side="bid", price="0.565").price == "0.565"
    assert create(book_side="bid", price="0.5655").price == "0.5655"
    assert create(side="yes", action="buy", no_price="0.435").price == "0.565"


def test_v2_vocabulary_and_defaults() -> None:
    request = create(book_side="ask", price="0.565", count="2.50", tick="deci_cent")
    body = request.to_dict()
    assert body["side"] == "ask" and body["price"] == "0.565" and body["count"] == "2.5"
    assert body["time_in_force"] == "good_till_canceled"
    assert body["self_trade_prevention_type"] == "taker_at_cross"
    assert uuid.UUID(body["client_order_id"]).version == 4
    assert set(body) == {
        "ticker",
        "side",
        "count",
        "price",
        "time_in_force",
        "self_trade_prevention_type",
        "client_order_id",
    }
    assert create(book_side=BookSide.BID, price=Decimal("0.4")).price == "0.40"


def test_client_order_id_is_fresh_per_build_and_kept_when_given() -> None:
    first = create(side="yes", action="buy", yes_price=50)
    second = create(side="yes", action="buy", yes_price=50)
    assert first.client_order_id != second.client_order_id
    assert (
        create(side="yes", action="buy", yes_price=50, client_order_id="my-id-1").client_order_id == "my-id-1"
    )


def test_all_optional_fields_pass_through() -> None:
    expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    body = create(
        book_side="bid",
        price="0.30",
        time_in_force=TimeInForce.GOOD_TILL_CANCELED,
        self_trade_prevention_type="maker",
        expiration_time=expiry,
        post_only=True,
        cancel_order_on_pause=False,
        subaccount=63,
        order_group_id="grp-1",
        exchange_index=-1,
    ).to_dict()
    assert body["expiration_time"] == int(expiry.timestamp()) == 1893456000
    assert body["post_only"] is True and body["cancel_order_on_pause"] is False
    assert (body["subaccount"], body["order_group_id"], body["exchange_index"]) == (63, "grp-1", -1)
    assert body["self_trade_prevention_type"] == SelfTradePreventionType.MAKER
    ioc = create(
        book_side="ask", price="0.3", time_in_force="immediate_or_cancel", reduce_only=True
    ).to_dict()
    assert ioc["reduce_only"] is True and ioc["time_in_force"] == "immediate_or_cancel"
    assert create(book_side="ask", price="0.3", expiration_time=1893456000).expiration_time == 1893456000


def test_expiration_datetime_with_fraction_rounds_up() -> None:
    expiry = dt.datetime(2030, 1, 1, 0, 0, 0, 500_000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert create(book_side="bid", price="0.3", expiration_time=expiry).expiration_time == 1893448801


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"side": "yes", "action": "buy", "yes_price": "0.5", "price": "0.5"}, "mix two ways"),
        ({"side": "yes", "book_side": "bid", "price": "0.5"}, "mix two ways"),
        (
            {"side": "yes", "action": "buy", "yes_price": "0.5", "no_price": "0.5"},
            "exactly one of yes_price and no_price",
        ),
        ({"side": "yes", "action": "buy"}, "neither given"),
        ({}, "say what to trade"),
        ({"yes_price": "0.5"}, "side and action are both needed"),
        ({"side": "yes", "yes_price": "0.5"}, "side and action are both needed"),
        ({"book_side": "bid"}, "book_side and price go together"),
        ({"price": "0.5"}, "book_side and price go together"),
        ({"side": "maybe", "action": "buy", "yes_price": "0.5"}, "side='maybe'"),
        ({"side": "yes", "action": "hold", "yes_price": "0.5"}, "action='hold'"),
        ({"book_side": "middle", "price": "0.5"}, "book_side='middle'"),
        (
            {"book_side": BookSide("middle"), "price": "0.5"},
            "book_side='middle'",
        ),  # open enum's unknown member
        ({"book_side": "bid", "price": "1"}, "strictly between 0 and 1"),
        ({"book_side": "bid", "price": "0"}, "strictly between 0 and 1"),
        ({"book_side": "bid", "price": 100}, "between 1 and 99"),
        ({"side": "no", "action": "buy", "no_price": "1.00"}, "no_price 1.00 is not strictly between"),
        ({"book_side": "bid", "price": "0.565", "tick": "linear_cent"}, "off the tick grid"),
        ({"side": "no", "action": "buy", "no_price": "0.435", "tick": "linear_cent"}, "off the tick grid"),
        ({"book_side": "bid", "price": "0.56555"}, "more than 4 decimals"),
        ({"book_side": "bid", "price": "0.105", "tick": "tapered_deci_cent"}, "use 0.10 or 0.11"),
        ({"book_side": "bid", "price": "0.5", "tick": "quarter"}, "tick='quarter'"),
        ({"book_side": "bid", "price": 0.56}, r'Decimal\("0.56"\)'),
        ({"side": "yes", "action": "buy", "no_price": 0.44}, r'Decimal\("0.44"\)'),
        ({"book_side": "bid", "price": "0.5", "count": 1.5}, "float"),
        ({"book_side": "bid", "price": "0.5", "count": 0}, "more than zero"),
        ({"book_side": "bid", "price": "0.5", "count": "-2"}, "more than zero"),
        ({"book_side": "bid", "price": "0.5", "count": "1.005"}, "more than 2 decimals"),
        ({"book_side": "bid", "price": "0.5", "count": True}, "bool"),
        ({"book_side": "bid", "price": "0.5", "time_in_force": "GTC"}, "use good_till_canceled"),
        (
            {"book_side": "bid", "price": "0.5", "time_in_force": "gtt"},
            "good_till_canceled with expiration_time",
        ),
        ({"book_side": "bid", "price": "0.5", "time_in_force": "day"}, "time_in_force='day' is not valid"),
        ({"book_side": "bid", "price": "0.5", "time_in_force": TimeInForce("day")}, "is not valid"),
        ({"book_side": "bid", "price": "0.5", "self_trade_prevention_type": "cancel_both"}, "not valid"),
        (
            {
                "book_side": "bid",
                "price": "0.5",
                "time_in_force": "fill_or_kill",
                "expiration_time": 1893456000,
            },
            "expiration_time only works with time_in_force='good_till_canceled'",
        ),
        ({"book_side": "bid", "price": "0.5", "reduce_only": True}, "reduce_only=True only works"),
        ({"book_side": "bid", "price": "0.5", "expiration_time": 1893456000000}, r"milliseconds.*1893456000"),
        ({"book_side": "bid", "price": "0.5", "expiration_time": dt.datetime(2030, 1, 1)}, "naive datetime"),
        ({"book_side": "bid", "price": "0.5", "expiration_time": 1893456000.5}, "not float"),
        ({"book_side": "bid", "price": "0.5", "expiration_time": 0}, "future time"),
        ({"book_side": "bid", "price": "0.5", "expiration_time": True}, "not bool"),
        ({"book_side": "bid", "price": "0.5", "post_only": "yes"}, "post_only must be True or False"),
        ({"book_side": "bid", "price": "0.5", "reduce_only": 1}, "reduce_only must be True or False"),
        ({"book_side": "bid", "price": "0.5", "subaccount": 64}, "subaccount must be an int from 0 to 63"),
        ({"book_side": "bid", "price": "0.5", "subaccount": -1}, "subaccount"),
        ({"book_side": "bid", "price": "0.5", "exchange_index": -2}, "exchange_index must be an int from -1"),
        ({"book_side": "bid", "price": "0.5", "exchange_index": False}, "exchange_index"),
        ({"book_side": "bid", "price": "0.5", "order_group_id": ""}, "order_group_id"),
        ({"book_side": "bid", "price": "0.5", "client_order_id": ""}, "1 to 64 characters"),
        ({"book_side": "bid", "price": "0.5", "client_order_id": "x" * 65}, "1 to 64 characters"),
        ({"book_side": "bid", "price": "0.5", "client_order_id": "a b"}, "whitespace"),
        ({"book_side": "bid", "price": "0.5", "client_order_id": 7}, "must be a string"),
        ({"book_side": "bid", "price": "0.5", "ticker": ""}, "market ticker"),
        ({"book_side": "bid", "price": "0.5", "ticker": " KX "}, "market ticker"),
    ],
)
def test_create_rejections(kwargs: dict[str, Any], message: str) -> None:
    assert re.search(message, rejected(**kwargs))


def test_amend() -> None:
    request = build_amend_order(
        ticker=TICKER,
        side="no",
        action="buy",
        no_price="0.45",
        count="12",
        client_order_id="old",
        updated_client_order_id="new",
        expiration_time=0,
        exchange_index=2,
    )
    assert isinstance(request, AmendOrderV2Request)
    assert request.to_dict() == {
        "ticker": TICKER,
        "side": "ask",
        "price": "0.55",
        "count": "12",
        "client_order_id": "old",
        "updated_client_order_id": "new",
        "expiration_time": 0,
        "exchange_index": 2,
    }
    minimal = build_amend_order(ticker=TICKER, book_side="bid", price=40, count=5).to_dict()
    assert minimal == {"ticker": TICKER, "side": "bid", "price": "0.40", "count": "5"}
    assert "mix two ways" in rejected(
        build_amend_order, ticker=TICKER, side="yes", book_side="bid", price=1, count=1
    )
    assert "more than zero" in rejected(build_amend_order, ticker=TICKER, book_side="bid", price=40, count=0)
    assert "expiration_time -1" in rejected(
        build_amend_order, ticker=TICKER, book_side="bid", price=40, count=1, expiration_time=-1
    )
    assert "updated_client_order_id" in rejected(
        build_amend_order, ticker=TICKER, book_side="bid", price=40, count=1, updated_client_order_id=""
    )


def test_decrease() -> None:
    assert isinstance(build_decrease_order(reduce_by=2), DecreaseOrderV2Request)
    assert build_decrease_order(reduce_by="2.50").to_dict() == {"reduce_by": "2.5"}
    assert build_decrease_order(reduce_to=0, market_ticker=TICKER, exchange_index=0).to_dict() == {
        "reduce_to": "0",
        "market_ticker": TICKER,
        "exchange_index": 0,
    }
    assert "both given" in rejected(build_decrease_order, reduce_by=1, reduce_to=1)
    assert "neither given" in rejected(build_decrease_order)
    assert "more than zero" in rejected(build_decrease_order, reduce_by=0)
    assert "zero or more" in rejected(build_decrease_order, reduce_to=-1)
    assert "float" in rejected(build_decrease_order, reduce_to=1.5)


@st.composite
def grid_prices(draw: st.DrawFn) -> tuple[PriceLevelStructure, Decimal]:
    structure = draw(st.sampled_from(list(PriceLevelStructure)))
    if structure is PriceLevelStructure.LINEAR_CENT:
        return structure, Decimal(draw(st.integers(1, 99))).scaleb(-2)
    if structure is PriceLevelStructure.DECI_CENT:
        return structure, Decimal(draw(st.integers(1, 999))).scaleb(-3)
    low = [Decimal(n).scaleb(-3) for n in range(1, 100)]
    mid = [Decimal(n).scaleb(-2) for n in range(10, 91)]
    high = [Decimal(n).scaleb(-3) for n in range(901, 1000)]
    return structure, draw(st.sampled_from(low + mid + high))


def _spec_pattern(name: str) -> re.Pattern[str]:
    spec = yaml.safe_load((importlib.resources.files("kalshi_orders_api") / "openapi.yaml").read_text())
    return re.compile(spec["components"]["schemas"][name]["pattern"])


@given(grid_prices(), st.integers(1, 99_999_999_999))
def test_wire_values_match_the_spec_patterns(
    grid: tuple[PriceLevelStructure, Decimal], hundredths: int
) -> None:
    structure, price = grid
    request = create(book_side="bid", price=price, count=Decimal(hundredths).scaleb(-2), tick=structure)
    assert PRICE_PATTERN.fullmatch(request.price), request.price
    assert COUNT_PATTERN.fullmatch(request.count), request.count


@given(grid_prices(), st.sampled_from(["buy", "sell"]))
def test_no_price_maps_to_one_minus_and_round_trips(
    grid: tuple[PriceLevelStructure, Decimal], action: str
) -> None:
    structure, q = grid
    request = create(side="no", action=action, no_price=q, tick=structure)
    assert request.side == (BookSide.ASK if action == "buy" else BookSide.BID)
    yes = to_decimal(request.price)
    assert yes == Decimal(1) - q
    assert Decimal(1) - yes == q  # exact round trip: no float anywhere
    assert type(yes) is Decimal
    # The same order in the trader's YES words and in V2 words gives the identical wire price and side.
    same = create(side="yes", action="sell" if action == "buy" else "buy", yes_price=yes, tick=structure)
    assert (same.side, same.price) == (request.side, request.price)
    v2 = create(book_side=request.side, price=request.price, tick=structure)
    assert (v2.side, v2.price) == (request.side, request.price)


PRICE_PATTERN = _spec_pattern("PriceDollarsRequest")
COUNT_PATTERN = _spec_pattern("CountRequest")
