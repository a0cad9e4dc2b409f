"""GetOrdersResponse.orders parses lazily (a LazyModelList): every order is checked in full when the page is
parsed, and built when first read. These tests hold it to the eager parse it replaces: the same errors at
the same moment (the page's from_dict), the same drift reports at that moment, the same models."""

from __future__ import annotations

import copy
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kalshi_orders_api.errors import ModelParseError
from kalshi_orders_api.models import GetOrdersResponse, Order, OrderStatus
from kalshi_orders_api.types import (
    FieldTable,
    LazyModelList,
    TypedBody,
    add_drift_listener,
    as_payload,
    remove_drift_listener,
)
from tests.spec._pages import (
    DROP,
    ORDER,
    ORDER_FIELDS,
    SPEC,
    assert_same_as_eager,
    order_with,
    page_of,
)
from tests.spec._strategies import payloads


def test_a_page_of_plain_orders_builds_nothing_until_read() -> None:
    page = GetOrdersResponse.from_dict(page_of(*(order_with(i) for i in range(5))))
    orders = page.orders
    assert isinstance(orders, LazyModelList)
    assert all(type(item) is dict for item in orders.built_or_payloads())  # nothing built yet
    assert len(orders) == 5
    first = orders[0]
    assert first == Order.from_dict(order_with(0))
    assert orders[0] is first  # built once, then kept
    assert orders[-1].order_id == "order-4"
    assert [o.order_id for o in orders[1:3]] == ["order-1", "order-2"]
    assert [o.order_id for o in orders] == [f"order-{i}" for i in range(5)]
    assert all(isinstance(item, Order) for item in orders.built_or_payloads())
    with pytest.raises(IndexError):
        orders[5]


def test_it_equals_the_eager_list_and_round_trips() -> None:
    body = page_of(*(order_with(i) for i in range(3)))
    page = GetOrdersResponse.from_dict(copy.deepcopy(body))
    eager = [Order.from_dict(o) for o in copy.deepcopy(body)["orders"]]
    assert page.orders == eager and eager == page.orders
    assert page == GetOrdersResponse(orders=eager, cursor="next")
    assert page.to_dict() == body
    assert GetOrdersResponse.from_dict(page.to_dict()) == page
    assert repr(page.orders) == repr(eager)
    assert GetOrdersResponse.from_dict({"orders": None}).to_dict() == {"orders": None}


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("user_id", 5, "field 'orders.user_id': expected str, got int"),  # required
        ("created_time", 5, "field 'orders.created_time': expected str or None, got int"),  # optional
        ("cancel_order_on_pause", None, "field 'orders.cancel_order_on_pause': expected bool, got NoneType"),
        ("exchange_index", True, "field 'orders.exchange_index': expected int, got bool"),
        ("subaccount_number", "0", "field 'orders.subaccount_number': expected int or None, got str"),
        ("status", None, "field 'orders.status': expected str, got NoneType"),
        ("side", 1, "field 'orders.side': expected str, got int"),
    ],
)
def test_a_bad_order_fails_the_page_when_it_is_parsed(field: str, value: Any, problem: str) -> None:
    body = page_of(order_with(0), order_with(1, **{field: value}), order_with(2))
    with pytest.raises(ModelParseError, match=problem):
        GetOrdersResponse.from_dict(body)


def test_a_missing_required_field_fails_the_page_when_it_is_parsed() -> None:
    body = page_of(order_with(0), order_with(1, ticker=DROP))
    with pytest.raises(ModelParseError, match=r"field 'orders\.ticker': required field is missing"):
        GetOrdersResponse.from_dict(body)


def test_an_item_that_is_not_an_object_fails_the_page() -> None:
    with pytest.raises(ModelParseError, match="expected an object, got list"):
        GetOrdersResponse.from_dict({"orders": [ORDER, []]})


def test_drift_is_reported_when_the_page_is_parsed_and_only_then(reports: list[Any]) -> None:
    body = page_of(
        order_with(0), order_with(1, status="queued"), order_with(2, brand_new_field=[1]), order_with(3)
    )
    page = GetOrdersResponse.from_dict(body)
    assert reports == [
        ("Order", "status", "enum", "queued"),
        ("Order", "brand_new_field", "field", [1]),
    ]
    assert page.orders is not None
    assert page.orders[1].status.is_unknown and page.orders[1].status == "queued"
    assert page.orders[2].additional_properties == {"brand_new_field": [1]}
    list(page.orders)
    assert len(reports) == 2  # reading the orders reports nothing more


def test_legacy_removed_keys_and_other_mappings_take_the_full_parse() -> None:
    legacy = order_with(1, yes_price=56, queue_position=3)
    page = GetOrdersResponse.from_dict(page_of(order_with(0), legacy))
    assert page.orders is not None
    assert page.orders[1].yes_price == 56 and page.orders[1].queue_position == 3
    assert page.orders[1].to_dict() == legacy
    assert page.orders[0].yes_price is Order.from_dict(order_with(0)).yes_price  # UNSET


def test_known_enum_members_pass_and_a_new_shape_is_judged_afresh() -> None:
    # Same keys and value types as a plain order, different enum values: each judged on its own.
    statuses = [s.value for s in OrderStatus]
    page = GetOrdersResponse.from_dict(page_of(*(order_with(i, status=s) for i, s in enumerate(statuses))))
    assert page.orders is not None
    assert all(type(item) is dict for item in page.orders.built_or_payloads())
    assert [o.status for o in page.orders] == list(OrderStatus)


JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=3),
    st.sampled_from(["resting", "canceled", "yes", "no", "bid", "ask", "limit", "queued", "taker_at_cross"]),
    st.just([]), st.just({}),
)  # fmt: skip
MUTATION = st.one_of(
    st.tuples(st.just("set"), st.sampled_from([*ORDER_FIELDS, "brand_new"]), JSON_VALUES),
    st.tuples(st.just("drop"), st.sampled_from(ORDER_FIELDS), st.none()),
)


def _mutated(order: dict[str, Any], mutations: list[tuple[str, str, Any]]) -> dict[str, Any]:
    order = dict(order)
    for kind, key, value in mutations:
        if kind == "set":
            order[key] = value
        else:
            order.pop(key, None)
    return order


def _eager(body: dict[str, Any]) -> tuple[str | None, list[Order] | None, list[Any]]:
    """What parsing the orders one by one into a list (the parse before LazyModelList) gives."""
    seen: list[Any] = []

    def listener(*report: Any) -> None:
        seen.append(report)

    add_drift_listener(listener)
    try:
        return None, [Order.from_dict(o) for o in body["orders"]], seen
    except ModelParseError as exc:
        return str(exc.nested("GetOrdersResponse", "orders")), None, seen
    finally:
        remove_drift_listener(listener)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(payloads("Order"), st.lists(MUTATION, max_size=3)), min_size=1, max_size=4))
def test_the_lazy_page_parse_is_the_eager_parse(items: list[tuple[dict[str, Any], list[Any]]]) -> None:
    """Whatever the orders hold, parsing the page lazily raises what the eager parse raised, reports the
    drift it reported, when the page is parsed, and builds the models it built."""
    body = {"orders": [_mutated(order, mutations) for order, mutations in items]}
    error, eager, eager_reports = _eager(copy.deepcopy(body))
    seen: list[Any] = []

    def listener(*report: Any) -> None:
        seen.append(report)

    add_drift_listener(listener)
    try:
        if error is not None:
            with pytest.raises(ModelParseError) as raised:
                GetOrdersResponse.from_dict(copy.deepcopy(body))
            assert str(raised.value) == error
            return
        page = GetOrdersResponse.from_dict(copy.deepcopy(body))
        assert seen == eager_reports  # reported when the page is parsed, before anything is read
        assert page.orders is not None
        built = list(page.orders)
        assert seen == eager_reports  # reading adds no report
        assert built == eager
        assert [o.to_dict() for o in built] == [o.to_dict() for o in eager or []]
    finally:
        remove_drift_listener(listener)


# ------------------------------------------------------------------ the typed decode (from_json, msgspec)
BIG_INTS = st.sampled_from([2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30])
BYTES_VALUES = st.one_of(JSON_VALUES, BIG_INTS, st.sampled_from([1.0, -0.0, 0.5, 1e300]))
BYTES_MUTATION = st.one_of(
    st.tuples(st.just("set"), st.sampled_from([*ORDER_FIELDS, "brand_new"]), BYTES_VALUES),
    st.tuples(st.just("drop"), st.sampled_from(ORDER_FIELDS), st.none()),
)
TOP_MUTATION = st.one_of(
    st.none(),
    st.tuples(st.just("cursor"), st.one_of(st.none(), st.text(max_size=3), st.integers(0, 2), st.booleans())),
    st.tuples(st.just("drop"), st.just("cursor")),
    st.tuples(st.just("extra"), st.just("page_size")),
)


def _body(items: list[tuple[dict[str, Any], list[Any]]], top: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "orders": [_mutated(order, mutations) for order, mutations in items],
        "cursor": "c",
    }
    if top is not None:
        if top[0] == "cursor":
            body["cursor"] = top[1]
        elif top[0] == "drop":
            del body["cursor"]
        else:
            body[top[1]] = 1000
    return body


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(payloads("Order"), st.lists(BYTES_MUTATION, max_size=3)), min_size=0, max_size=4),
    TOP_MUTATION,
)
def test_the_typed_page_decode_is_the_plain_parse(
    items: list[tuple[dict[str, Any], list[Any]]], top: Any
) -> None:
    """Whatever a page holds (wrong types, bool for int, float for int, integers past 64 bits, null where
    none is allowed, missing and unknown keys, unknown enum values, legacy keys, a bad cursor, an unknown
    top-level key), from_json raises what orjson + from_dict raised, with the same message, reports the same
    drift at parse time, and builds equal models with equal to_dict."""
    assert_same_as_eager(json.dumps(_body(items, top)).encode())


def _plain_body(count: int = 3) -> bytes:
    return json.dumps(page_of(*(order_with(i) for i in range(count)))).encode()


def test_a_plain_page_takes_the_typed_decode_and_builds_on_read() -> None:
    page = GetOrdersResponse.from_json(_plain_body())
    assert page.orders is not None and page.cursor == "next" and page.additional_properties == {}
    items = page.orders.built_or_payloads()  # type: ignore[attr-defined]
    assert all(type(item) is not dict and not isinstance(item, Order) for item in items)  # msgspec structs
    assert [item.order_id for item in items] == ["order-0", "order-1", "order-2"]
    assert page.orders[1] == Order.from_dict(order_with(1))
    assert page.orders[1] is page.orders[1]
    assert as_payload(items[0]) == order_with(0)  # absent optional fields left out, as on the wire
    assert page == GetOrdersResponse.from_dict(orjson.loads(_plain_body()))


def test_every_plain_order_shape_takes_the_typed_decode() -> None:
    # Optional fields absent, null where nullable, every known enum member: still the typed path.
    optional = sorted(set(ORDER_FIELDS) - set(SPEC["components"]["schemas"]["Order"]["required"]))
    current = [
        f
        for f in optional
        if not SPEC["components"]["schemas"]["Order"]["properties"][f].get("x-kalshi-removed")
    ]
    orders = [
        order_with(0, **{f: DROP for f in current}),
        order_with(1, expiration_time=None, subaccount_number=None),
    ]
    orders += [order_with(2 + i, status=s.value) for i, s in enumerate(OrderStatus)]
    page = assert_same_as_eager(json.dumps(page_of(*orders)).encode())
    assert page is not None and page.orders is not None
    assert not any(type(item) is dict for item in page.orders.built_or_payloads())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [
        # Duplicate keys: orjson keeps the last; so must the typed decode (or leave the body to orjson).
        b'{"orders": [], "cursor": "a", "cursor": "b"}',
        b'{"orders": [], "cursor": 5, "cursor": "b"}',
        b'{"orders": [], "cursor": "b", "cursor": 5}',
        b'{"orders": [], "orders": null}',
        b'{"orders": null}',
        b'{"orders": []}',
        b"[]",
        b"null",
        b'{"orders": [], "cursor": "\\u0000"}',
        b'{"orders": [], "cursor": "\\ud800"}',  # a lone surrogate: orjson refuses it
        b'{"orders": [], "cursor": "\xff"}',  # not UTF-8
        b'{"orders": []} x',
        b'\xef\xbb\xbf{"orders": []}',
        b"",
    ],
)
def test_odd_bodies_parse_as_before(body: bytes) -> None:
    assert_same_as_eager(body)


def test_duplicate_keys_inside_an_order_parse_as_before() -> None:
    order = json.dumps(order_with(0))[:-1]
    for tail in (
        ', "status": "canceled"}',
        ', "status": "queued"}',
        ', "status": 5}',
        ', "exchange_index": true}',
    ):
        assert_same_as_eager(b'{"orders": [' + (order + tail).encode() + b"]}")


def test_a_field_table_the_typed_decode_cannot_state_exactly_gets_none() -> None:
    # A float field (msgspec would take 1 for 1.0) or a nested object: every body goes the plain way.
    for kinds in (frozenset((float,)), frozenset((dict,)), frozenset((int, float))):
        table = FieldTable({"a": kinds}, frozenset({"a"}), {})
        body = TypedBody(lambda table=table: (table, {}))
        assert body.decode(b'{"a": 1}') is None
    table = FieldTable({"a": frozenset((int,))}, frozenset({"a"}), {})
    assert TypedBody(lambda: (table, {})).decode(b'{"a": 1}') == (1, {})  # values, additional_properties
    # Items whose model has no table (a field plain_check cannot judge): no typed decode for the body either.
    holder = FieldTable({"items": frozenset((list,))}, frozenset({"items"}), {})
    assert TypedBody(lambda: (holder, {"items": (None, dict)})).decode(b'{"items": []}') is None
    typed = TypedBody(lambda: (holder, {"items": (table, dict)})).decode(b'{"items": [{"a": 2}]}')
    assert typed is not None and isinstance(typed[0], LazyModelList) and list(typed[0]) == [{"a": 2}]


EDGE_VALUES = [
    None, True, False, 0, 1, -1, 2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**30,
    1.0, -0.0, 0.5, "", "x", "resting", "queued", "yes", "bid", "limit", "taker_at_cross",
    [], {}, [1], {"a": 1},
]  # fmt: skip


@pytest.mark.parametrize("field", [*ORDER_FIELDS, "brand_new"])
def test_every_field_with_every_kind_of_value_parses_as_before(field: str) -> None:
    """One field of one order set to each edge value in turn (and dropped): the typed decode must match the
    plain parse on each, e.g. bool for int, 1.0 for int, an integer past 64 bits, null where not nullable."""
    for value in EDGE_VALUES:
        assert_same_as_eager(json.dumps(page_of(order_with(0), order_with(1, **{field: value}))).encode())
    assert_same_as_eager(json.dumps(page_of(order_with(0), order_with(1, **{field: DROP}))).encode())
