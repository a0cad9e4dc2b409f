from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from kalshi_orders import BatchCreateItem, CreateResult, Order, OrderPage
from kalshi_orders._models import _OrderViews
from kalshi_orders_api.models.batch_create_orders_v2_response_item import BatchCreateOrdersV2ResponseItem
from kalshi_orders_api.models.create_order_v2_response import CreateOrderV2Response
from kalshi_orders_api.models.order import Order as RawOrder
from kalshi_orders_api.models.order_status import OrderStatus


def _wire(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "order_id": "o-1",
        "user_id": "u-1",
        "client_order_id": "c-1",
        "ticker": "KX-1",
        "outcome_side": "yes",
        "book_side": "bid",
        "type": "limit",
        "status": "resting",
        "yes_price_dollars": "0.565000",
        "no_price_dollars": "0.435000",
        "fill_count_fp": "2.50",
        "remaining_count_fp": "7.50",
        "initial_count_fp": "10.00",
        "taker_fill_cost_dollars": "1.4125",
        "maker_fill_cost_dollars": "0.0000",
        "taker_fees_dollars": "0.0300",
        "maker_fees_dollars": "0.0000",
        "created_time": "2026-11-23T15:00:00Z",
        "last_update_time": "2026-11-23T15:00:01.250+00:00",
        "expiration_time": None,
    }
    base.update(overrides)
    return base


def test_order_money_is_exact_decimal() -> None:
    order = Order(RawOrder.from_dict(_wire()))
    assert order.yes_price == Decimal("0.565000") and order.yes_price + order.no_price == 1
    assert order.fill_count + order.remaining_count == order.initial_count
    assert order.taker_fill_cost == Decimal("1.4125") and order.taker_fees == Decimal("0.0300")
    assert order.maker_fees == 0 and order.maker_fill_cost == 0
    values = [order.yes_price, order.no_price, order.fill_count, order.taker_fees, order.maker_fill_cost]
    assert all(type(v) is Decimal for v in values)


def test_timestamps_parse_z_and_offsets() -> None:
    order = Order(RawOrder.from_dict(_wire()))
    assert order.created_time == dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
    assert order.last_update_time == dt.datetime(2026, 11, 23, 15, 0, 1, 250000, tzinfo=dt.UTC)
    assert order.expiration_time is None
    assert (
        Order(RawOrder.from_dict({k: v for k, v in _wire().items() if k != "created_time"})).created_time
        is None
    )


def test_unknown_enum_and_extra_keys_kept() -> None:
    order = Order(RawOrder.from_dict(_wire(status="partially_filled", last_update_reason="X", new_field=[1])))
    assert order.status.is_unknown and order.status.value == "partially_filled"
    assert order.extra == {"new_field": [1]}
    assert order.last_update_reason == "X"
    assert order.to_dict()["status"] == "partially_filled"
    assert Order(RawOrder.from_dict(_wire())).status is OrderStatus.RESTING


def test_optional_fields_none_when_absent() -> None:
    order = Order(RawOrder.from_dict(_wire()))
    assert order.subaccount_number is None and order.exchange_index is None and order.order_group_id is None
    assert "0.565000" in repr(order) and "o-1" in repr(order)


def test_page_is_a_sequence() -> None:
    orders = [Order(RawOrder.from_dict(_wire(order_id=f"o-{i}"))) for i in range(3)]
    page = OrderPage(orders, "next")
    assert (
        len(page) == 3 and page[1].order_id == "o-1" and [o.order_id for o in page] == ["o-0", "o-1", "o-2"]
    )


def test_walked_page_makes_views_on_read() -> None:
    # What pagination builds: the page keeps the generated models, and views are made when read.
    raws = [RawOrder.from_dict(_wire(order_id=f"o-{i}")) for i in range(3)]
    page = OrderPage(_OrderViews(raws), "next")
    assert len(page) == 3 and page[-1].order_id == "o-2" and page[0] == Order(raws[0])
    assert [o.order_id for o in page[1:]] == ["o-1", "o-2"]
    assert [o.raw for o in page] == raws
    assert page.orders == [Order(raw) for raw in raws] and page.orders == _OrderViews(list(raws))
    assert page.orders != _OrderViews(raws[:2]) and page.orders != "abc"
    assert page == OrderPage(_OrderViews(list(raws)), "next")
    assert "o-1" in repr(page.orders)
    with pytest.raises(IndexError):
        page[3]


def test_views_of_a_lazily_parsed_page_build_their_model_when_first_read() -> None:
    # What pagination builds from a GetOrders page: checked JSON objects, their models built on first read.
    from kalshi_orders_api.models.get_orders_response import GetOrdersResponse
    from kalshi_orders_api.types import LazyModelList

    body = GetOrdersResponse.from_dict({"orders": [_wire(order_id=f"o-{i}") for i in range(2)]})
    assert isinstance(body.orders, LazyModelList)
    sources = body.orders.built_or_payloads()
    page = OrderPage(_OrderViews(sources), None)
    view = page[0]
    assert type(view._source) is dict  # nothing built by making the view
    assert view.order_id == "o-0" and view.yes_price == Decimal("0.565000")
    assert type(view._source) is RawOrder and view.raw == RawOrder.from_dict(_wire(order_id="o-0"))
    assert view.raw is view.raw  # built once
    assert page[1] == Order(RawOrder.from_dict(_wire(order_id="o-1"))) and page[0] != page[1]
    assert page[1].to_dict() == _wire(order_id="o-1") and page[1].extra == {}
    with pytest.raises(AttributeError):
        view.order_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(view)


def test_views_of_a_typed_decoded_page_build_their_model_when_first_read() -> None:
    # What the client's GetOrders parse gives (from_json): msgspec structs, their models built on first read.
    import orjson

    from kalshi_orders._models import order_id_of
    from kalshi_orders_api.models.get_orders_response import GetOrdersResponse
    from kalshi_orders_api.types import LazyModelList

    wire = [_wire(order_id=f"o-{i}") for i in range(2)]
    body = GetOrdersResponse.from_json(orjson.dumps({"orders": wire, "cursor": ""}))
    assert isinstance(body.orders, LazyModelList)
    sources = body.orders.built_or_payloads()
    assert not any(isinstance(s, (dict, RawOrder)) for s in sources)  # decoded structs, nothing built
    assert [order_id_of(s) for s in sources] == ["o-0", "o-1"]
    page = OrderPage(_OrderViews(sources), None)
    view = page[0]
    assert view.order_id == "o-0" and view.yes_price == Decimal("0.565000")
    assert type(view._source) is RawOrder and view.raw == RawOrder.from_dict(wire[0])
    assert view.raw is view.raw  # built once
    assert page[1].to_dict() == wire[1] and page[1].extra == {}


def test_create_result_from_response_and_from_lookup() -> None:
    response = CreateOrderV2Response.from_dict(
        {
            "order_id": "o-9",
            "fill_count": "1.00",
            "remaining_count": "9.00",
            "ts_ms": 5,
            "average_fill_price": "0.5",
        }
    )
    direct = CreateResult(raw=response, client_order_id="c-9")
    assert direct.fill_count == Decimal("1.00") and direct.average_fill_price == Decimal("0.5")
    assert direct.ts_ms == 5 and not direct.reconciled
    found = CreateResult(
        raw=None, client_order_id="c-1", order=Order(RawOrder.from_dict(_wire())), reconciled=True
    )
    assert found.order_id == "o-1" and found.remaining_count == Decimal("7.50") and found.ts_ms is None


def test_malformed_money_raises_clearly() -> None:
    order = Order(RawOrder.from_dict(_wire(yes_price_dollars="1e-2")))
    with pytest.raises(ValueError, match="1e-2"):
        _ = order.yes_price


def test_batch_item_views() -> None:
    item = BatchCreateItem(
        client_order_id="c",
        raw=BatchCreateOrdersV2ResponseItem.from_dict({"order_id": "o", "fill_count": "0.00", "ts_ms": 3}),
    )
    assert (
        item.ok
        and item.order_id == "o"
        and item.fill_count == Decimal("0.00")
        and item.remaining_count is None
    )
