"""The public methods of client.orders: defined on their classes, introspectable, alike in all flavours."""

from __future__ import annotations

import inspect

import pytest

from kalshi_orders import OrderPager, OrderValidationError
from kalshi_orders.resources.orders import (
    AsyncOrders,
    AsyncOrdersWithRawResponse,
    Orders,
    OrdersPlans,
    OrdersWithRawResponse,
)

from .conftest import TICKER, ClientFactory, FakeKalshi

FLAVOURS = (Orders, OrdersWithRawResponse, AsyncOrders, AsyncOrdersWithRawResponse)
METHODS = (
    "list",
    "get",
    "queue_position",
    "queue_positions",
    "create",
    "batch_create",
    "cancel",
    "amend",
    "decrease",
    "batch_cancel",
    "cancel_all",
)


@pytest.mark.parametrize("cls", FLAVOURS, ids=lambda c: c.__name__)
def test_every_method_is_defined_on_the_class(cls: type) -> None:
    public = sorted(name for name in vars(cls) if not name.startswith("_") and name != "with_raw_response")
    assert public == sorted(METHODS)
    for name in METHODS:
        method = vars(cls)[name]
        assert inspect.isfunction(method)
        assert (method.__name__, method.__qualname__) == (name, f"{cls.__name__}.{name}")
        assert method.__doc__, f"{cls.__name__}.{name} has no docstring"
    assert "iter" not in vars(cls)


@pytest.mark.parametrize("name", METHODS)
def test_flavours_share_the_plan_parameters(name: str) -> None:
    plan = inspect.signature(getattr(OrdersPlans, name))
    for cls in FLAVOURS:
        assert list(inspect.signature(getattr(cls, name)).parameters) == list(plan.parameters), cls


def test_signatures_show_explicit_keywords_and_the_flavours_result() -> None:
    create = inspect.signature(Orders.create)
    params = create.parameters
    assert params["request"].kind is inspect.Parameter.POSITIONAL_ONLY
    for keyword in ("ticker", "side", "action", "yes_price", "book_side", "time_in_force", "count"):
        assert params[keyword].kind is inspect.Parameter.KEYWORD_ONLY
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    assert params["side"].annotation == "SideInput | None"
    assert create.return_annotation == "CreateResult"
    assert inspect.signature(OrdersWithRawResponse.create).return_annotation == "RawResponse[CreateResult]"
    assert inspect.signature(AsyncOrders.create).return_annotation == "CreateResult"
    assert inspect.iscoroutinefunction(AsyncOrders.create)
    assert inspect.signature(Orders.list).return_annotation == "OrderPager"
    assert inspect.signature(AsyncOrders.list).return_annotation == "AsyncOrderPager"
    assert not inspect.iscoroutinefunction(AsyncOrders.list)  # a pager is made at once; iterating awaits
    assert inspect.signature(OrdersWithRawResponse.list).return_annotation == "RawResponse[OrderPage]"
    decrease = inspect.signature(Orders.decrease).parameters
    assert {"reduce_by", "reduce_to", "subaccount"} <= decrease.keys()


def test_bound_methods_hide_self(make_client: ClientFactory) -> None:
    client = make_client()
    assert next(iter(inspect.signature(client.orders.create).parameters)) == "request"
    assert client.orders.list.__name__ == "list"
    assert isinstance(client.orders.list(limit=5), OrderPager)
    assert client.orders.with_raw_response is client.orders.with_raw_response  # made once


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda o: o.create(ticker=TICKER, side="yes", action="buy", yes_prce="0.5", count=1), "'yes_price'"),
        (lambda o: o.batch_create([{"ticker": TICKER, "sied": "yes"}]), "'side'"),
        (lambda o: o.amend("ord-1", ticker=TICKER, book_side="bid", price="0.5", cuont=2), "'count'"),
        (lambda o: o.decrease("ord-1", reduce_bye=1), "'reduce_by'"),
        (lambda o: o.batch_cancel([{"order_id": "ord-1", "subacount": 1}]), "'subaccount'"),
    ],
)
def test_a_misspelt_field_is_named_with_the_likely_one(
    kalshi: FakeKalshi, make_client: ClientFactory, call: object, needle: str
) -> None:
    orders = make_client().orders
    with pytest.raises(
        OrderValidationError, match=rf"unknown .* field\(s\): .*did you mean {needle}"
    ) as info:
        call(orders)  # type: ignore[operator]
    assert isinstance(info.value, ValueError)
    assert kalshi.requests == []


def test_a_request_and_fields_together_are_refused(make_client: ClientFactory) -> None:
    from kalshi_orders import build_create_order

    request = build_create_order(ticker=TICKER, book_side="bid", price="0.5", count=1)
    with pytest.raises(OrderValidationError, match="not both"):
        make_client().orders.create(request, ticker=TICKER)  # type: ignore[call-overload]
