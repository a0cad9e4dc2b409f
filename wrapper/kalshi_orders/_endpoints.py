"""The orders operations of the generated client, with what the wrapper needs to know about each."""

from __future__ import annotations

from kalshi_orders_api.api.orders import (
    amend_order_v2,
    batch_cancel_orders_v2,
    batch_create_orders_v2,
    cancel_all_orders,
    cancel_order_v2,
    create_order_v2,
    decrease_order_v2,
    get_order,
    get_orders,
)

from ._plan import Endpoint
from ._retry import Idempotency

__all__ = [
    "AMEND_ORDER",
    "BATCH_CANCEL",
    "BATCH_CREATE",
    "CANCEL_ALL",
    "CANCEL_ORDER",
    "CREATE_ORDER",
    "DECREASE_ORDER",
    "ENDPOINTS",
    "GET_ORDER",
    "GET_ORDERS",
]

GET_ORDERS = Endpoint("GetOrders", "GET", "/portfolio/orders", get_orders, Idempotency.SAFE)
GET_ORDER = Endpoint("GetOrder", "GET", "/portfolio/orders/{order_id}", get_order, Idempotency.SAFE)
CREATE_ORDER = Endpoint(
    "CreateOrderV2", "POST", "/portfolio/events/orders", create_order_v2, Idempotency.CREATE
)
CANCEL_ORDER = Endpoint(
    "CancelOrderV2", "DELETE", "/portfolio/events/orders/{order_id}", cancel_order_v2, Idempotency.SAFE
)
AMEND_ORDER = Endpoint(
    "AmendOrderV2", "POST", "/portfolio/events/orders/{order_id}/amend", amend_order_v2, Idempotency.GUARDED
)
DECREASE_ORDER = Endpoint(
    "DecreaseOrderV2",
    "POST",
    "/portfolio/events/orders/{order_id}/decrease",
    decrease_order_v2,
    Idempotency.GUARDED,
)
BATCH_CREATE = Endpoint(
    "BatchCreateOrdersV2",
    "POST",
    "/portfolio/events/orders/batched",
    batch_create_orders_v2,
    Idempotency.CREATE,
)
BATCH_CANCEL = Endpoint(
    "BatchCancelOrdersV2",
    "DELETE",
    "/portfolio/events/orders/batched",
    batch_cancel_orders_v2,
    Idempotency.SAFE,
)
CANCEL_ALL = Endpoint(
    "CancelAllOrders", "DELETE", "/portfolio/events/orders", cancel_all_orders, Idempotency.SAFE
)

ENDPOINTS: tuple[Endpoint, ...] = (
    GET_ORDERS,
    GET_ORDER,
    CREATE_ORDER,
    CANCEL_ORDER,
    AMEND_ORDER,
    DECREASE_ORDER,
    BATCH_CREATE,
    BATCH_CANCEL,
    CANCEL_ALL,
)
