"""Contract breakages: how each one (listed in ``faults.BREAKAGES``) changes what the API answers.

The exchange stays correct underneath: a breakage only rewrites a request's filters on the way in, or an
answer on the way out, the way a faulty gateway or a regression in front of a correct matching engine would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson

# GetOrders filters that a breakage drops: breakage -> (handler filter key)
_IGNORED_FILTERS = {
    "ignore_event_ticker": "event_tickers",
    "ignore_min_ts": "min_ts",
    "ignore_max_ts": "max_ts",
    "ignore_subaccount": "subaccount",
    "ignore_exchange_index": "exchange_index",
}
_COUNT_FIELDS = ("fill_count_fp", "remaining_count_fp", "initial_count_fp")
_ANSWER_COUNTS = ("fill_count", "remaining_count")


def list_filters(filters: dict[str, Any], breakages: frozenset[str]) -> dict[str, Any]:
    """The GetOrders filters the broken API really applies."""
    filters = dict(filters)
    for breakage, key in _IGNORED_FILTERS.items():
        if breakage in breakages:
            filters[key] = None
    if "event_ticker_first_only" in breakages and filters.get("event_tickers"):
        filters["event_tickers"] = filters["event_tickers"][:1]
    return filters


def page(
    orders: list[dict[str, Any]], breakages: frozenset[str], status: str | None = None
) -> list[dict[str, Any]]:
    orders = [order_read(order, breakages) for order in orders]
    if "api_change" in breakages and status is not None:
        # A status the API introduced is its own status: a filter on another one no longer lists it.
        orders = [order for order in orders if order.get("status") == status]
    if "pages_oldest_first" in breakages:
        orders.reverse()
    return orders


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def order_read(order: dict[str, Any], breakages: frozenset[str]) -> dict[str, Any]:
    """An order as the broken API reports it (a copy)."""
    order = dict(order)
    if "enum_outside_spec" in breakages:
        order["status"] = "pending"
    if "missing_required_field" in breakages:
        order.pop("user_id", None)
    if "api_change" in breakages:
        order.pop("user_id", None)
        order["order_source"] = "api"
        if order.get("status") == "canceled" and order.get("last_update_reason") == "Canceled":
            order["status"] = "user_canceled"
    if "price_sum_not_one" in breakages and "no_price_dollars" in order:
        no_price = Decimal(order["no_price_dollars"])
        order["no_price_dollars"] = str((no_price + Decimal("0.01")).quantize(no_price))
    if "counts_dont_add_up" in breakages and order.get("last_update_reason") == "Amended":
        initial = Decimal(order["initial_count_fp"])
        order["initial_count_fp"] = f"{max(initial - 1, Decimal(0)):.2f}"
    if order.get("status") == "canceled":
        if "update_before_create" in breakages and order.get("created_time"):
            created = datetime.fromisoformat(str(order["created_time"]).replace("Z", "+00:00"))
            order["last_update_time"] = _iso(created - timedelta(hours=1))
        if "canceled_keeps_remaining" in breakages:
            left = Decimal(order["initial_count_fp"]) - Decimal(order["fill_count_fp"])
            order["remaining_count_fp"] = f"{max(left, Decimal(0)):.2f}"
    if "counts_as_numbers" in breakages:
        for key in _COUNT_FIELDS:
            if isinstance(order.get(key), str):
                order[key] = float(order[key])
    return order


def create_answer(
    status: int, answer: dict[str, Any], breakages: frozenset[str]
) -> tuple[int, dict[str, Any]]:
    if "counts_as_numbers" in breakages:
        answer = {
            k: (float(v) if k in _ANSWER_COUNTS and isinstance(v, str) else v) for k, v in answer.items()
        }
    return (200 if "create_answers_200" in breakages else status), answer


def batch_answer(answer: dict[str, Any], breakages: frozenset[str]) -> dict[str, Any]:
    if "batch_reordered" in breakages and isinstance(answer.get("orders"), list):
        return {**answer, "orders": list(reversed(answer["orders"]))}
    return answer


def stale_remaining(answer: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """A write answer that echoes the remaining count the order had before the write."""
    return {**answer, "remaining_count": before.get("remaining_count_fp", answer.get("remaining_count"))}


def error_answer(status: int, code: str, body: bytes, breakages: frozenset[str]) -> tuple[int, bytes, bytes]:
    """(status, body, content type) of an error answer under the active breakages."""
    if status == 409 and code == "order_not_resting" and "conflict_as_400" in breakages:
        status, code = 400, "invalid_order"
        body = orjson.dumps({"error": {"code": code, "message": "the order cannot be changed"}})
    if status == 404 and code == "order_not_found" and "error_code_renamed" in breakages:
        body = body.replace(b'"order_not_found"', b'"not_found"', 1)
    if status == 404 and code == "order_not_found" and "api_change" in breakages:
        body = body.replace(b'"order_not_found"', b'"unknown_order"', 1)
    if "error_without_code" in breakages and status != 429:
        payload = orjson.loads(body)
        inner = payload.get("error")
        if isinstance(inner, dict):
            inner.pop("code", None)
        body = orjson.dumps(payload)
    if "error_as_text" in breakages and 400 <= status < 500 and status != 429:
        return status, b"Bad Request", b"text/plain; charset=utf-8"
    return status, body, b"application/json"
