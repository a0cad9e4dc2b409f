"""GetOrders pages for the lazy-list and typed-decode tests, and the parse each is held to: orjson, then
``from_dict`` of every order (the parse before LazyModelList and TypedBody), with the drift it reported."""

from __future__ import annotations

import copy
from typing import Any

import orjson

from kalshi_orders_api.errors import ModelParseError
from kalshi_orders_api.models import GetOrdersResponse, Order
from kalshi_orders_api.types import add_drift_listener, remove_drift_listener
from tests.spec._jsonschema import load_spec

SPEC = load_spec()
ORDER = copy.deepcopy(SPEC["components"]["schemas"]["Order"]["example"])
ORDER_FIELDS = sorted(SPEC["components"]["schemas"]["Order"]["properties"])
DROP = object()  # a key to leave out of an order


def page_of(*orders: dict[str, Any]) -> dict[str, Any]:
    return {"orders": [copy.deepcopy(o) for o in orders], "cursor": "next"}


def order_with(i: int, **changes: Any) -> dict[str, Any]:
    made = {**ORDER, "order_id": f"order-{i}", **changes}
    return {k: v for k, v in made.items() if v is not DROP}


class Listening:
    """Records the drift reports made while it is entered."""

    def __init__(self) -> None:
        self.seen: list[tuple[Any, ...]] = []

    def __call__(self, *report: Any) -> None:
        self.seen.append(report)

    def __enter__(self) -> list[tuple[Any, ...]]:
        add_drift_listener(self)
        return self.seen

    def __exit__(self, *exc: object) -> None:
        remove_drift_listener(self)


def eager_bytes(content: bytes) -> tuple[str | None, list[Order] | None, list[Any], Any]:
    """What the parse before the typed decode gives for a body: orjson, then each order's from_dict."""
    with Listening() as seen:
        try:
            decoded = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            return f"json: {type(exc).__name__}", None, seen, None
        try:
            parsed = GetOrdersResponse.from_dict(decoded)
            return None, None if parsed.orders is None else list(parsed.orders), seen, parsed.to_dict()
        except ModelParseError as exc:
            return str(exc), None, seen, None


def typed(content: bytes) -> tuple[str | None, list[Order] | None, list[Any], Any, GetOrdersResponse | None]:
    """``from_json`` of a body: the error, the orders, the reports (checked: all made at parse time, none
    when the orders are read), the page's to_dict, the page."""
    with Listening() as seen:
        try:
            parsed = GetOrdersResponse.from_json(content)
        except orjson.JSONDecodeError as exc:
            return f"json: {type(exc).__name__}", None, seen, None, None
        except ModelParseError as exc:
            return str(exc), None, seen, None, None
        at_parse = list(seen)
        orders = None if parsed.orders is None else list(parsed.orders)
        assert seen == at_parse  # reading the orders reports nothing more
        return None, orders, seen, parsed.to_dict(), parsed


def assert_same_as_eager(content: bytes) -> GetOrdersResponse | None:
    """from_json of ``content`` raises, reports, builds and serialises exactly what the eager parse does."""
    error, orders, seen, as_dict, parsed = typed(content)
    eager_error, eager_orders, eager_seen, eager_dict = eager_bytes(content)
    assert error == eager_error
    assert seen == eager_seen
    assert orders == eager_orders
    assert [o.to_dict() for o in orders or []] == [o.to_dict() for o in eager_orders or []]
    assert [o.additional_keys for o in orders or []] == [o.additional_keys for o in eager_orders or []]
    assert as_dict == eager_dict
    if as_dict is not None:
        assert list(as_dict) == list(eager_dict)  # the page's own unknown keys in the same order
    return parsed
