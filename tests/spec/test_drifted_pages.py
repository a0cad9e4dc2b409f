"""Drifted pages: orders holding keys or enum values the spec does not list yet (the API adds them before
users regenerate). ``from_json`` decodes them on the typed path too (TypedBody's tolerant variants, learned
from msgspec's errors) and must give exactly what orjson + ``from_dict`` gives: equal models, the unknown
keys in ``additional_properties`` in the same order, the same drift reports (model, field, kind, value),
as many, in the same order, all made when the page is parsed, and the same errors."""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kalshi_orders_api.errors import ModelParseError
from kalshi_orders_api.models import GetOrdersResponse, Order
from kalshi_orders_api.types import LazyModelList, as_payload, model_of
from tests.spec._pages import (
    DROP,
    ORDER_FIELDS,
    SPEC,
    assert_same_as_eager,
    eager_bytes,
    order_with,
    page_of,
)
from tests.spec._strategies import payloads

ENUM_FIELDS = ["outcome_side", "book_side", "type", "status", "self_trade_prevention_type", "side", "action"]
NEW = "queue_position_fp"


def _bytes(body: Any) -> bytes:
    return json.dumps(body).encode()


def _items(parsed: GetOrdersResponse | None) -> list[Any]:
    assert parsed is not None and isinstance(parsed.orders, LazyModelList)
    return parsed.orders.built_or_payloads()


def _typed_path(body: bytes) -> bool:
    """Whether from_json decodes the page with msgspec (its unread orders are structs, not orjson's dicts)."""
    return any(
        type(item) is not dict and not isinstance(item, Order)
        for item in _items(GetOrdersResponse.from_json(body))
    )


def test_a_page_whose_every_order_has_a_new_field_takes_the_typed_path(reports: list[Any]) -> None:
    body = _bytes(page_of(*(order_with(i, **{NEW: f"{i}.00"}) for i in range(20))))
    parsed = GetOrdersResponse.from_json(body)
    assert not any(type(item) is dict or isinstance(item, Order) for item in _items(parsed))  # structs
    assert reports == [("Order", NEW, "field", f"{i}.00") for i in range(20)]  # when parsed, in order
    assert parsed.orders is not None
    assert parsed.orders[3].additional_properties == {NEW: "3.00"}
    assert parsed.orders[3].to_dict() == order_with(3, **{NEW: "3.00"})
    assert len(reports) == 20  # building models reports nothing again
    assert parsed == GetOrdersResponse.from_dict(orjson.loads(body))
    assert_same_as_eager(body)


def test_the_next_drifted_pages_reuse_the_learned_variant(reports: list[Any]) -> None:
    for round_ in range(3):
        body = _bytes(page_of(*(order_with(i, brand_new_counter=round_ + i) for i in range(5))))
        assert_same_as_eager(body)
        assert _typed_path(body)
    clean = _bytes(page_of(order_with(0), order_with(1)))
    assert_same_as_eager(clean)
    assert _typed_path(clean)  # a clean page after drift: the strict decode, as before


@pytest.mark.parametrize("field", ENUM_FIELDS)
def test_an_unknown_value_of_each_enum_field_takes_the_typed_path(field: str) -> None:
    body = _bytes(page_of(order_with(0), order_with(1, **{field: "zz_new_value"}), order_with(2)))
    parsed = assert_same_as_eager(body)
    assert _typed_path(body)
    assert parsed is not None and parsed.orders is not None
    built = parsed.orders[1].to_dict()
    assert built[field] == "zz_new_value"


def _reordered(order: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {**{k: order[k] for k in keys}, **{k: v for k, v in order.items() if k not in keys}}


def test_a_mixed_page_reports_in_the_eager_order() -> None:
    orders = [
        order_with(0),
        order_with(1, status="queued", brand_new={"nested": [1, {"deep": None}]}),
        order_with(2),
        _reordered(
            order_with(3, outcome_side="maybe", status="queued", book_side="mid", other_new=[]),
            ["other_new", "status"],
        ),
        order_with(4, self_trade_prevention_type=None, side=DROP, action=DROP, last_new="x"),
        order_with(5, status="later"),
    ]
    body = _bytes(page_of(*orders))
    assert_same_as_eager(body)
    assert _typed_path(body)
    assert eager_bytes(body)[2] == [
        ("Order", "status", "enum", "queued"),
        ("Order", "brand_new", "field", {"nested": [1, {"deep": None}]}),
        ("Order", "outcome_side", "enum", "maybe"),  # field order, not key order
        ("Order", "book_side", "enum", "mid"),
        ("Order", "status", "enum", "queued"),
        ("Order", "other_new", "field", []),
        ("Order", "last_new", "field", "x"),
        ("Order", "status", "enum", "later"),
    ]


@pytest.mark.parametrize("escaped", [False, True])
def test_several_new_keys_keep_each_orders_own_order(escaped: bool) -> None:
    """A struct keeps unknown keys in one order: an order holding them in another is decoded as its JSON
    object. With no backslash in the page, the order is read from the raw JSON; with one, each order
    holding several is decoded."""
    two = {"alpha_new": 1, "beta_new": "b"}
    orders = [
        order_with(0, **two),
        _reordered(order_with(1, **two), ["beta_new"]),  # beta first
        order_with(2, alpha_new=2),
        order_with(3, beta_new="only"),
        {**order_with(4, **two), "gamma_new": True},
        order_with(5, **({"ticker": "T\\u00e9"} if escaped else {})),
    ]
    body = _bytes(page_of(*orders))
    if escaped:
        body = body.replace(b"T\\\\u00e9", b"T\\u00e9")  # a real escape in the page
    parsed = assert_same_as_eager(body)
    assert _typed_path(body)
    assert parsed is not None and parsed.orders is not None
    assert parsed.orders[1].additional_keys == ["beta_new", "alpha_new"]
    assert parsed.orders[0].additional_keys == ["alpha_new", "beta_new"]


def test_a_new_keys_name_also_held_as_a_value_or_nested_key() -> None:
    # The raw JSON cannot say which occurrence is the key: those orders are decoded, and still agree.
    orders = [
        order_with(0, alpha_new=1, beta_new=2),
        order_with(1, beta_new={"alpha_new": 3}, alpha_new=4),
        order_with(2, alpha_new="beta_new", beta_new=5),
        order_with(3, client_order_id="alpha_new", alpha_new=6, beta_new=7),
        order_with(4, alpha_new=8),  # one unknown key: its struct is kept
    ]
    body = _bytes(page_of(*orders))
    assert_same_as_eager(body)
    assert _typed_path(body)


@pytest.mark.parametrize(
    "body",
    [
        {"orders": [order_with(0)], "cursor": "c", "page_size": 5},
        {"page_size": 5, "orders": [order_with(0, brand_new=1)], "cursor": "c", "server_ms": 1.5},
        {"server_ms": {"a": [1]}, "orders": [order_with(0)], "page_size": None},
        {"orders": [order_with(0, status="queued")], "cursor": "c", "page_size": 5},
    ],
)
def test_unknown_keys_of_the_page_itself(body: dict[str, Any]) -> None:
    content = _bytes(body)
    parsed = assert_same_as_eager(content)
    assert _typed_path(content)
    assert parsed is not None
    assert parsed.additional_properties == {k: v for k, v in body.items() if k not in ("orders", "cursor")}


def test_drift_before_an_error_is_reported_as_the_eager_parse_reported_it() -> None:
    # The eager parse reports order 0's drift, then raises for order 2: so must from_json (which then
    # leaves the page to that parse).
    orders = [order_with(0, brand_new=1, status="queued"), order_with(1), order_with(2, exchange_index="0")]
    body = _bytes(page_of(*orders))
    error, _, seen, _ = eager_bytes(body)
    assert error is not None and "exchange_index" in error
    assert seen == [("Order", "status", "enum", "queued"), ("Order", "brand_new", "field", 1)]
    assert_same_as_eager(body)
    with pytest.raises(ModelParseError, match=r"field 'orders\.exchange_index': expected int, got str"):
        GetOrdersResponse.from_json(body)


@pytest.mark.parametrize(
    "orders",
    [
        [order_with(0, brand_new=1), order_with(1, yes_price=56)],  # a legacy key: the plain parse
        [order_with(0, brand_new=1), order_with(1, ticker=DROP)],  # a missing key
        [order_with(0, status="queued"), order_with(1, status=5)],  # a wrong type for the opened enum
        [order_with(0, brand_new=1), order_with(1, brand_new=2, user_id=None)],
        [order_with(0, brand_new=1, created_time=1.5)],
        [order_with(0, brand_new=2**64)],  # orjson's value (a float) in additional_properties
        [order_with(0, brand_new=-(2**63) - 1, other_new=10**30)],
        [order_with(0, brand_new=1.0, other_new=-0.0)],
    ],
)
def test_drift_with_anything_else_parses_as_before(orders: list[dict[str, Any]]) -> None:
    assert_same_as_eager(_bytes(page_of(*orders)))


KEY_NAMES = [
    "", "class", "_private", "with space", "a.b", "new`tick", "extra_0_", "field_3_", "é", 'quote"d',
    "back\\slash", "x` - at `$.orders[0]", "orders", "cursor", "tab\tkey", "order_id ",
]  # fmt: skip


@pytest.mark.parametrize("key", KEY_NAMES)
def test_any_new_key_name_parses_as_before(key: str) -> None:
    assert_same_as_eager(_bytes(page_of(order_with(0, **{key: 1}), order_with(1))))
    assert_same_as_eager(_bytes({"orders": [order_with(0)], key: [1]} if key != "orders" else page_of()))
    assert_same_as_eager(_bytes(page_of(order_with(0, **{key: 1, "alpha_new": 2}))))


DEEP = 995  # near msgspec's depth limit (orjson's is 1024)


@pytest.mark.parametrize(
    "raw",
    [
        b"null", b"true", b"0", b"-0", b"1e400", b"123456789012345678901234567890", b"1.5e-7", b'"\\u00e9"',
        b'"\\ud83d\\ude00"', b'"\\ud800"', b'"\xff"', b'"a\\/b"', b"[]", b"{}", b'{"a": {"a": {"a": []}}}',
        b"[" * DEEP + b"]" * DEEP, b"[" * (DEEP + 10) + b"]" * (DEEP + 10), b'{"k": 1, "k": 2}',
        b"  [ 1 , 2 ]  ",
    ],
)  # fmt: skip
def test_any_new_value_parses_as_before(raw: bytes) -> None:
    depth = sys.getrecursionlimit()
    sys.setrecursionlimit(max(depth, 20_000))  # the test compares ~1,000-deep values
    try:
        _new_value_parses_as_before(raw)
    finally:
        sys.setrecursionlimit(depth)


def _new_value_parses_as_before(raw: bytes) -> None:
    plain = _bytes(order_with(1))
    item = plain[:-1] + b', "brand_new": ' + raw + b"}"
    assert_same_as_eager(b'{"orders": [' + _bytes(order_with(0)) + b", " + item + b'], "cursor": "c"}')
    assert_same_as_eager(b'{"orders": [], "cursor": "c", "brand_new": ' + raw + b"}")


def test_duplicate_new_keys_parse_as_before() -> None:
    plain = json.dumps(order_with(0))[:-1]
    for tail in (
        ', "brand_new": 1, "brand_new": 2}',
        ', "brand_new": 1, "other_new": 3, "brand_new": 2}',
        ', "other_new": 3, "brand_new": 1, "other_new": 4}',
        ', "status": "queued", "status": "canceled"}',
        ', "status": "canceled", "status": "queued"}',
    ):
        assert_same_as_eager(b'{"orders": [' + (plain + tail).encode() + b"]}")


def test_a_built_order_reports_nothing_again_but_a_plain_from_dict_does(reports: list[Any]) -> None:
    parsed = GetOrdersResponse.from_json(_bytes(page_of(order_with(0, status="queued", brand_new=1))))
    assert len(reports) == 2
    (item,) = _items(parsed)
    assert model_of(item, Order.from_dict) == Order.from_dict(order_with(0, status="queued", brand_new=1))
    assert len(reports) == 4  # the second from_dict (the comparison's) reports; model_of did not
    Order.from_dict(as_payload(item))
    assert len(reports) == 6  # from_dict itself reports every time: model_of silences only its own build


def test_the_dict_parse_keeps_drifted_orders_unbuilt_too(reports: list[Any]) -> None:
    body = page_of(order_with(0, brand_new=1), order_with(1), order_with(2, status="queued"))
    parsed = GetOrdersResponse.from_dict(body)
    assert reports == [("Order", "brand_new", "field", 1), ("Order", "status", "enum", "queued")]
    assert parsed.orders is not None
    assert all(type(item) is dict for item in parsed.orders.built_or_payloads())  # nothing built yet
    assert parsed.orders[0].additional_properties == {"brand_new": 1}
    assert parsed.orders[2].status.is_unknown
    assert len(reports) == 2


NAMES = st.sampled_from(["alpha_new", "beta_new", "gamma_new", "", "class", "a.b", 'quote"d', "é"])
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**65), 2**65), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4), st.sampled_from(["alpha_new", "beta_new", "resting"]),
    st.lists(st.integers(0, 3), max_size=2), st.dictionaries(NAMES, st.integers(0, 3), max_size=2),
)  # fmt: skip
ENUM_DRIFT = st.tuples(st.sampled_from(ENUM_FIELDS), st.sampled_from(["queued", "zz", "", "yes", "resting"]))
BREAK = st.tuples(st.sampled_from(ORDER_FIELDS), st.sampled_from([None, 1, "x", True, 2**64, []]))


def _drifted(
    order: dict[str, Any],
    extras: dict[str, Any],
    enums: list[tuple[str, str]],
    breaks: list[tuple[str, Any]],
    order_seed: int,
) -> dict[str, Any]:
    drifted = {**order, **dict(enums), **dict(breaks), **extras}
    keys = list(drifted)
    if order_seed and len(keys) > 1:  # move some keys to the front: other key orders, new keys first
        moved = keys[order_seed % len(keys) :: 3]
        keys = moved + [k for k in keys if k not in moved]
    return {k: drifted[k] for k in keys}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            payloads("Order"),
            st.dictionaries(NAMES, VALUES, max_size=3),
            st.lists(ENUM_DRIFT, max_size=2),
            st.lists(BREAK, max_size=1) | st.just([]),
            st.integers(0, 5),
        ),
        min_size=0,
        max_size=5,
    ),
    st.dictionaries(NAMES.filter(lambda k: k not in ("orders", "cursor")), VALUES, max_size=2),
)
def test_any_drifted_page_parses_as_the_eager_parse(items: list[Any], top: dict[str, Any]) -> None:
    """Orders with unknown keys (any name, any value, any position), unknown enum values, now and then a
    wrong type or a legacy key, and unknown keys of the page itself: from_json gives what the eager parse
    gives, reports included."""
    body = {"orders": [_drifted(*item) for item in items], "cursor": "c", **top}
    assert_same_as_eager(_bytes(body))


def test_the_equivalence_tests_exercise_the_typed_path() -> None:
    # Guard against a silent fallback (say, msgspec's messages changing): drift-only pages are typed.
    pages = [
        page_of(order_with(0, alpha_new=1, beta_new=2), order_with(1, beta_new=3, alpha_new=4)),
        page_of(order_with(0, status="queued", side="sideways", alpha_new=None)),
        {"orders": [order_with(0)], "cursor": "c", "alpha_new": 1, "beta_new": 2},
        {"beta_new": 2, "orders": [order_with(0, gamma_new=[])], "alpha_new": 1},
    ]
    for body in pages:
        assert_same_as_eager(_bytes(body))
        assert _typed_path(_bytes(body))
    spec_fields = set(SPEC["components"]["schemas"]["Order"]["properties"])
    assert NEW not in spec_fields  # still drift for this client
