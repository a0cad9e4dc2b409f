"""One function per spec operation: validated input in, (status, JSON payload) out, via the exchange.

Handlers run under the core lock. A payload is JSON-able data, or ``bytes`` already encoded (GetOrders
pages). A key locked to a subaccount may only act on that subaccount: an omitted subaccount means the
locked one, a different one is 403.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

from kalshi_sandbox import breakages as broken
from kalshi_sandbox.core import SandboxCore
from kalshi_sandbox.errors import ApiError
from kalshi_sandbox.exchange import ExchangeError
from kalshi_sandbox.keys import ApiKey
from kalshi_sandbox.spec import DEFAULT_COST

Payload = Any
# The key is None only for an anonymous request to a public operation (spec `security: []`).
Handler = Callable[[SandboxCore, Any, dict[str, str], dict[str, Any], Any], tuple[int, Payload]]


def _subaccount(key: ApiKey, requested: int | None, default: int | None) -> int | None:
    if key.subaccount is None:
        return default if requested is None else requested
    if requested is not None and requested != key.subaccount:
        raise ApiError(
            403,
            "forbidden",
            f"this API key is locked to subaccount {key.subaccount}",
            f"the request names subaccount {requested}",
        )
    return key.subaccount


def _check_order_visible(key: ApiKey, order: dict[str, Any]) -> None:
    if key.subaccount is not None and order.get("subaccount_number", 0) != key.subaccount:
        raise ApiError(404, "not_found", "order not found")


def get_orders(core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any) -> Any:
    events = query.get("event_ticker")
    cursor = query.get("cursor") or None
    breakages = core.faults.breakages
    limit = query.get("limit", 100)
    if "accept_limit_1001" in breakages:
        # Accepted on the wire; the engine still pages at most the spec's maximum.
        limit = min(limit, core.spec.components["parameters"]["LimitQuery"]["schema"]["maximum"])
    account = core.account(key)
    if "executed_filter_500" in breakages and query.get("status") == "executed":
        raise ApiError(500, "internal_server_error", "internal server error")
    subaccount = _subaccount(key, query.get("subaccount"), None)
    if "accept_subaccount_64" in breakages and subaccount is not None and subaccount > 63:
        return 200, {"orders": [], "cursor": ""}  # accepted on the wire; no such subaccount holds orders
    filters: dict[str, Any] = {
        "ticker": query.get("ticker"),
        "event_tickers": events.split(",") if events else None,
        "min_ts": query.get("min_ts"),
        "max_ts": query.get("max_ts"),
        "status": query.get("status"),
        "subaccount": subaccount,
        "exchange_index": query.get("exchange_index"),
        "limit": limit,
        "cursor": cursor,
    }
    if not breakages:
        # The common case: the page is the orders' cached JSON joined (same bytes orjson.dumps would give).
        encoded, next_cursor = core.exchange.list_orders_json(account, **filters)
        end = b'],"cursor":' + orjson.dumps(next_cursor) + b"}"
        return 200, b"".join((b'{"orders":[', b",".join(encoded), end))  # one copy of the page, not two
    orders, next_cursor = core.exchange.list_orders(account, **broken.list_filters(filters, breakages))
    orders = broken.page(orders, breakages, filters["status"])
    if "repeat_across_pages" in breakages:
        tail = core.page_tails.get(cursor) if cursor else None
        if orders and next_cursor:
            core.remember_page_tail(next_cursor, orders[-1])
        if tail is not None:
            orders = [tail, *orders]
    return 200, {"orders": orders, "cursor": next_cursor}


def get_order(core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any) -> Any:
    order = core.exchange.get_order(core.account(key), path["order_id"])
    _check_order_visible(key, order)
    if core.faults.breakages:
        order = broken.order_read(order, core.faults.breakages)
    return 200, {"order": order}


def get_queue_position(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    position = core.exchange.queue_position(core.account(key), path["order_id"], subaccount=key.subaccount)
    if "queue_always_zero" in core.faults.breakages:
        position = "0.00"
    return 200, {"queue_position_fp": position}


def get_queue_positions(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    tickers = query.get("market_tickers")
    positions = core.exchange.queue_positions(
        core.account(key),
        market_tickers=tickers.split(",") if tickers is not None else None,
        event_ticker=query.get("event_ticker"),
        subaccount=_subaccount(key, query.get("subaccount"), 0) or 0,
    )
    if "queue_always_zero" in core.faults.breakages:
        positions = [{**position, "queue_position_fp": "0.00"} for position in positions]
    return 200, {"queue_positions": positions}


def get_market(
    core: SandboxCore, key: ApiKey | None, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    return 200, {"market": core.exchange.market_data(path["ticker"])}


def get_account_limits(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    return 200, core.limiter.limits()


def get_endpoint_costs(
    core: SandboxCore, key: ApiKey | None, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    # The costs the pipeline charges (each operation's x-kalshi-rate-limit), less those at the default.
    costs = [
        {"method": op.method, "path": op.path, "cost": op.cost}
        for op in core.spec.operations.values()
        if op.cost != DEFAULT_COST
    ]
    return 200, {"default_cost": DEFAULT_COST, "endpoint_costs": costs}


def create_order(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    if "reject_post_only" in core.faults.breakages and body.get("post_only") is True:
        raise ApiError(400, "invalid_order", "post_only orders are not accepted")
    body = _order_body(key, body, core)
    return broken.create_answer(
        201, core.exchange.create_order(core.account(key), body), core.faults.breakages
    )


def cancel_all(core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any) -> Any:
    core.exchange.cancel_all(core.account(key), subaccount=_subaccount(key, query.get("subaccount"), None))
    return 204, None


def cancel_order(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    subaccount = _subaccount(key, query.get("subaccount"), 0)
    try:
        return 200, core.exchange.cancel_order(
            core.account(key),
            path["order_id"],
            subaccount=subaccount or 0,
            exchange_index=query.get("exchange_index"),
            market_ticker=query.get("market_ticker"),
        )
    except ExchangeError as exc:
        if exc.code == "order_not_resting" and "cancel_not_resting_200" in core.faults.breakages:
            order = core.exchange.get_order(core.account(key), path["order_id"])
            answer = {"order_id": order["order_id"], "client_order_id": order.get("client_order_id", "")}
            return 200, {**answer, "reduced_by": "0.00", "ts_ms": int(time.time() * 1000)}
        raise


def amend_order(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    subaccount = _subaccount(key, query.get("subaccount"), 0)
    body = _strip_legacy_prices(body, core)
    before = _before(core, key, path["order_id"], "amend_echo_stale")
    answer = core.exchange.amend_order(core.account(key), path["order_id"], body, subaccount=subaccount or 0)
    return 200, (broken.stale_remaining(answer, before) if before else answer)


def decrease_order(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    subaccount = _subaccount(key, query.get("subaccount"), 0)
    before = _before(core, key, path["order_id"], "decrease_echo_stale", "decrease_not_applied")
    if before and before.get("status") == "resting" and "decrease_not_applied" in core.faults.breakages:
        # Acknowledged with the right count, never applied.
        remaining = Decimal(before["remaining_count_fp"])
        if body.get("reduce_by") is not None:
            left = max(Decimal(0), remaining - Decimal(str(body["reduce_by"])))
        else:
            left = Decimal(str(body.get("reduce_to", remaining)))
        answer = {"order_id": before["order_id"], "client_order_id": before.get("client_order_id", "")}
        return 200, {**answer, "remaining_count": f"{left:.2f}", "ts_ms": int(time.time() * 1000)}
    answer = core.exchange.decrease_order(
        core.account(key), path["order_id"], body, subaccount=subaccount or 0
    )
    if before and "decrease_echo_stale" in core.faults.breakages:
        return 200, broken.stale_remaining(answer, before)
    return 200, answer


def batch_create(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    bodies = [_order_body(key, item, core) for item in body["orders"]]
    return 201, broken.batch_answer(
        core.exchange.batch_create(core.account(key), bodies), core.faults.breakages
    )


def batch_cancel(
    core: SandboxCore, key: ApiKey, path: dict[str, str], query: dict[str, Any], body: Any
) -> Any:
    items = []
    for item in body["orders"]:
        subaccount = _subaccount(key, item.get("subaccount"), None)
        items.append(item if subaccount is None else {**item, "subaccount": subaccount})
    return 200, core.exchange.batch_cancel(core.account(key), items)


HANDLERS: dict[str, Handler] = {
    "GetOrders": get_orders,
    "GetOrder": get_order,
    "GetOrderQueuePosition": get_queue_position,
    "GetOrderQueuePositions": get_queue_positions,
    "GetMarket": get_market,
    "GetAccountApiLimits": get_account_limits,
    "GetAccountEndpointCosts": get_endpoint_costs,
    "CreateOrderV2": create_order,
    "CancelAllOrders": cancel_all,
    "CancelOrderV2": cancel_order,
    "AmendOrderV2": amend_order,
    "DecreaseOrderV2": decrease_order,
    "BatchCreateOrdersV2": batch_create,
    "BatchCancelOrdersV2": batch_cancel,
}


# ---------------------------------------------------------------------- helpers
_LEGACY_PRICES = ("yes_price", "no_price", "yes_price_dollars", "no_price_dollars")


def _strip_legacy_prices(body: dict[str, Any], core: SandboxCore) -> dict[str, Any]:
    # Only reachable with the accept_both_prices breakage: the engine sees the YES `price` alone.
    if "accept_both_prices" in core.faults.breakages:
        return {k: v for k, v in body.items() if k not in _LEGACY_PRICES}
    return body


def _order_body(key: ApiKey, body: dict[str, Any], core: SandboxCore) -> dict[str, Any]:
    body = _strip_legacy_prices(body, core)
    subaccount = _subaccount(key, body.get("subaccount"), None)
    if subaccount is not None and body.get("subaccount") != subaccount:
        body = {**body, "subaccount": subaccount}
    return body


def _before(core: SandboxCore, key: ApiKey, order_id: str, *breakages: str) -> dict[str, Any] | None:
    """The order before a write, when one of `breakages` needs it (None otherwise or if unknown)."""
    if not core.faults.breakages & set(breakages):
        return None
    try:
        return core.exchange.get_order(core.account(key), order_id)
    except ExchangeError:
        return None
