"""The generated models: round-trips, forward compatibility, and clear errors on malformed payloads."""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kalshi_orders_api.api as api_root
import kalshi_orders_api.models as models
from kalshi_orders_api.errors import ModelParseError
from kalshi_orders_api.models import ErrorDetail, ErrorResponse, GetOrdersResponse, Order, OrderStatus
from kalshi_orders_api.types import UNSET
from tests.spec._jsonschema import load_spec
from tests.spec._strategies import payloads

SPEC = load_spec()
OBJECT_SCHEMAS = sorted(
    name for name, schema in SPEC["components"]["schemas"].items() if schema.get("type") == "object"
)
ORDER = copy.deepcopy(SPEC["components"]["schemas"]["Order"]["example"])


def test_every_object_schema_has_a_model() -> None:
    for name in OBJECT_SCHEMAS:
        assert inspect.isclass(getattr(models, name, None)), f"no generated model for {name}"


ENDPOINT_MODULES = sorted(
    f"{tag.name}.{m.name}"
    for tag in pkgutil.iter_modules(api_root.__path__)
    for m in pkgutil.iter_modules([f"{api_root.__path__[0]}/{tag.name}"])
)


def test_every_operation_has_an_endpoint_module() -> None:
    assert len(ENDPOINT_MODULES) == len([op for item in SPEC["paths"].values() for op in item.values()])


@pytest.mark.parametrize("module_name", ENDPOINT_MODULES)
def test_no_request_body_collapsed_to_any(module_name: str) -> None:
    # A sibling oneOf next to properties makes openapi-python-client type the body as Any without a warning.
    module = importlib.import_module(f"{api_root.__name__}.{module_name}")
    body = inspect.signature(module.sync_detailed).parameters.get("body")
    if body is not None:
        assert body.annotation is not Any and inspect.isclass(body.annotation), body.annotation
        assert body.annotation.__module__.startswith("kalshi_orders_api.models")


@pytest.mark.parametrize("name", OBJECT_SCHEMAS)
def test_models_round_trip_values_drawn_from_the_spec(name: str) -> None:
    model = getattr(models, name)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(payloads(name))
    def round_trip(payload: dict[str, Any]) -> None:
        assert model.from_dict(payload).to_dict() == payload

    round_trip()


@given(st.text(min_size=1).filter(lambda s: s not in {"resting", "canceled", "executed"}))
def test_unknown_enum_values_parse_and_round_trip(value: str) -> None:
    status = OrderStatus(value)
    assert status.is_unknown
    assert status.value == value == str(status)
    assert pickle.loads(pickle.dumps(status)) == value


def test_known_enum_members_are_unchanged() -> None:
    assert OrderStatus("resting") is OrderStatus.RESTING
    assert not OrderStatus.RESTING.is_unknown
    assert [m.value for m in OrderStatus] == ["canceled", "executed", "resting"]


def test_realistic_live_order_parses() -> None:
    live = {
        **ORDER,
        "yes_price_dollars": "0.563400",
        "no_price_dollars": "0.436600",
        "taker_fees_dollars": "0.012345",
        "expiration_time": None,
        "created_time": None,
        "last_update_reason": "PostOnlyCrossCancel",
        "brand_new_field": {"nested": [1, 2]},
        "status": "pending",
        "side": "yes",
        "action": "buy",
    }
    order = Order.from_dict(live)
    assert order.status.is_unknown and order.status == "pending"
    assert order.yes_price_dollars == "0.563400"
    assert order.created_time is None and order.expiration_time is None
    assert order.last_update_reason == "PostOnlyCrossCancel"
    assert order.additional_properties == {"brand_new_field": {"nested": [1, 2]}}
    assert order.to_dict() == live


def test_deprecated_keys_absent_or_present() -> None:
    without = Order.from_dict(ORDER)
    assert "yes_price" not in without.to_dict() and "side" not in without.to_dict()
    legacy = Order.from_dict({**ORDER, "yes_price": 56, "no_price": 44, "queue_position": 0, "fill_count": 0})
    assert legacy.yes_price == 56 and legacy.to_dict()["queue_position"] == 0


def test_removed_keys_are_checked_when_present() -> None:
    # Removed keys are read (in groups) only when the key count says some are there, and still type-checked.
    with pytest.raises(ModelParseError, match="field 'queue_position': expected int, got str"):
        Order.from_dict({**ORDER, "queue_position": "0"})
    both = Order.from_dict({**ORDER, "taker_self_trade_cancel_count": 2, "brand_new": 1})
    assert both.taker_self_trade_cancel_count == 2 and both.additional_properties == {"brand_new": 1}
    assert both.yes_price is UNSET and both.amend_count is UNSET


def test_from_dict_leaves_its_source_alone() -> None:
    source = {**ORDER, "brand_new": [1]}
    before = copy.deepcopy(source)
    order = Order.from_dict(source)
    order["another"] = 2  # additional_properties is the model's own dict, not the source
    assert source == before
    assert order.additional_properties == {"brand_new": [1], "another": 2}
    assert Order.from_dict(ORDER).additional_properties is not Order.from_dict(ORDER).additional_properties


def test_every_missing_required_field_is_named() -> None:
    payload = {k: v for k, v in ORDER.items() if k not in ("ticker", "user_id", "status")}
    with pytest.raises(ModelParseError) as info:
        Order.from_dict(payload)
    expected = "Order: field 'status': required field is missing (also missing: ticker, user_id)"
    assert str(info.value) == expected


def test_null_orders_page_parses() -> None:
    page = GetOrdersResponse.from_dict({"orders": None, "cursor": ""})
    assert page.orders is None and page.cursor == ""


@pytest.mark.parametrize("field", ["order_id", "ticker", "status", "yes_price_dollars", "fill_count_fp"])
def test_missing_required_field_names_it(field: str) -> None:
    payload = {k: v for k, v in ORDER.items() if k != field}
    with pytest.raises(ModelParseError, match=f"field '{field}': required field is missing"):
        Order.from_dict(payload)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("yes_price_dollars", 0.56, "expected str, got float"),
        ("status", 3, "expected str, got int"),
        ("subaccount_number", "0", "expected int or None, got str"),
        ("cancel_order_on_pause", "false", "expected bool, got str"),
        ("exchange_index", True, "expected int, got bool"),
    ],
)
def test_wrong_type_names_the_field(field: str, value: Any, expected: str) -> None:
    with pytest.raises(ModelParseError, match=f"field '{field}': {expected}"):
        Order.from_dict({**ORDER, field: value})


def test_a_malformed_order_inside_a_page_is_located() -> None:
    bad = {k: v for k, v in ORDER.items() if k != "user_id"}
    with pytest.raises(ModelParseError) as info:
        GetOrdersResponse.from_dict({"orders": [ORDER, bad], "cursor": "abc"})
    assert info.value.path == "orders.user_id"
    assert "GetOrdersResponse" in str(info.value)


def test_a_page_that_is_not_a_list_is_rejected() -> None:
    with pytest.raises(ModelParseError, match="field 'orders': expected list or None, got dict"):
        GetOrdersResponse.from_dict({"orders": {}, "cursor": ""})


@pytest.mark.parametrize(
    "body",
    [
        {"code": "invalid_order", "message": "bad", "details": "price"},
        {
            "error": {
                "code": "deprecated_v1_order_endpoint",
                "message": "Please switch to the V2 endpoints",
                "details": "https://docs.kalshi.com/api-reference/orders/create-order-v2",
                "service": "api",
            }
        },
        {"error": "too many requests"},
    ],
)
def test_all_three_error_shapes_parse_and_round_trip(body: dict[str, Any]) -> None:
    parsed = ErrorResponse.from_dict(body)
    assert parsed.to_dict() == body
    if isinstance(body.get("error"), dict):
        assert isinstance(parsed.error, ErrorDetail) and parsed.error.code == body["error"]["code"]
    elif "error" in body:
        assert parsed.error == "too many requests"


@pytest.mark.parametrize("payload", ["x", 3, None, [], [("order_id", "o")]])
def test_a_payload_that_is_not_an_object_is_named(payload: Any) -> None:
    with pytest.raises(ModelParseError) as info:
        Order.from_dict(payload)
    assert str(info.value) == f"Order: expected an object, got {type(payload).__name__}"
    with pytest.raises(ModelParseError, match="field 'orders': expected an object, got"):
        GetOrdersResponse.from_dict({"orders": [ORDER, payload], "cursor": ""})


def test_other_mappings_parse_and_their_defaults_do_not_fill_missing_keys() -> None:
    from collections import defaultdict
    from types import MappingProxyType

    assert Order.from_dict(MappingProxyType(ORDER)) == Order.from_dict(ORDER)
    source = defaultdict(str, {k: v for k, v in ORDER.items() if k != "status"})
    with pytest.raises(ModelParseError, match="field 'status': required field is missing"):
        Order.from_dict(source)
    assert "status" not in source
