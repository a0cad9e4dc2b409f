"""The operation table: every generated operation the wrapper calls, with what its policies need to know.

One row per operation: operationId, HTTP method and path template (as in the spec), how safe it is to resend
(:class:`Idempotency`), its rate-limit cost (kept with the limiter, in ``DEFAULT_COSTS``, keyed by the same
operationId) and the generated functions. ``tests/wrapper/test_endpoints.py`` checks every row against the
shipped spec and the generated modules, and that every operation of the spec has a row.

A plan never names a row: it builds a :class:`functools.partial` of the generated ``sync_detailed`` with the
request's arguments (which mypy checks against the generated signature), and :func:`endpoint_of` finds the
row from the function.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kalshi_orders_api.api.account import get_account_api_limits, get_account_endpoint_costs
from kalshi_orders_api.api.market import get_market
from kalshi_orders_api.api.orders import (
    amend_order_v2,
    batch_cancel_orders_v2,
    batch_create_orders_v2,
    cancel_all_orders,
    cancel_order_v2,
    create_order_v2,
    decrease_order_v2,
    get_order,
    get_order_queue_position,
    get_order_queue_positions,
    get_orders,
)
from kalshi_orders_api.types import Response

from ._ratelimit import DEFAULT_COSTS, UNLISTED_COST, OperationCost
from ._retry import Idempotency

__all__ = ["ENDPOINTS", "Endpoint", "endpoint_of"]

SyncOperation = Callable[..., Response[Any]]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation. ``sync_detailed`` identifies it (plans bind their arguments to it, which mypy checks);
    the runners stream the exchange themselves and use the same generated module for the rest:
    ``request_kwargs`` (its ``_get_kwargs``, the request's method, URL, query and body from those arguments)
    and ``read_response`` (its ``_build_response``, the status, headers and parsed body)."""

    operation_id: str
    method: str
    path: str  # template, e.g. "/portfolio/orders/{order_id}"
    idempotency: Idempotency
    sync_detailed: SyncOperation = field(repr=False)
    request_kwargs: Callable[..., dict[str, Any]] = field(repr=False)
    read_response: Callable[..., Response[Any]] = field(repr=False)
    path_params: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)
        object.__setattr__(self, "path_params", names)

    @property
    def cost(self) -> OperationCost:
        """The default rate-limit cost (a RateLimiter may be given others; unlisted reads cost Kalshi's
        default)."""
        return DEFAULT_COSTS.get(self.operation_id, UNLISTED_COST)


def _row(operation_id: str, method: str, path: str, idempotency: Idempotency, module: Any) -> Endpoint:
    # The generator names these two with a leading underscore; they are this project's generated code, the
    # very functions sync_detailed calls, and tests/wrapper/test_endpoints.py checks they keep its arguments.
    return Endpoint(
        operation_id,
        method,
        path,
        idempotency,
        module.sync_detailed,
        module._get_kwargs,
        module._build_response,
    )


SAFE, GUARDED, CREATE = Idempotency.SAFE, Idempotency.GUARDED, Idempotency.CREATE

ENDPOINTS: tuple[Endpoint, ...] = (
    _row("GetOrders", "GET", "/portfolio/orders", SAFE, get_orders),
    _row("GetOrder", "GET", "/portfolio/orders/{order_id}", SAFE, get_order),
    _row("CreateOrderV2", "POST", "/portfolio/events/orders", CREATE, create_order_v2),
    _row("CancelOrderV2", "DELETE", "/portfolio/events/orders/{order_id}", SAFE, cancel_order_v2),
    _row("AmendOrderV2", "POST", "/portfolio/events/orders/{order_id}/amend", GUARDED, amend_order_v2),
    _row(
        "DecreaseOrderV2", "POST", "/portfolio/events/orders/{order_id}/decrease", GUARDED, decrease_order_v2
    ),
    _row("BatchCreateOrdersV2", "POST", "/portfolio/events/orders/batched", CREATE, batch_create_orders_v2),
    _row("BatchCancelOrdersV2", "DELETE", "/portfolio/events/orders/batched", SAFE, batch_cancel_orders_v2),
    _row("CancelAllOrders", "DELETE", "/portfolio/events/orders", SAFE, cancel_all_orders),
    _row(
        "GetOrderQueuePositions", "GET", "/portfolio/orders/queue_positions", SAFE, get_order_queue_positions
    ),
    _row(
        "GetOrderQueuePosition",
        "GET",
        "/portfolio/orders/{order_id}/queue_position",
        SAFE,
        get_order_queue_position,
    ),
    _row("GetMarket", "GET", "/markets/{ticker}", SAFE, get_market),
    _row("GetAccountApiLimits", "GET", "/account/limits", SAFE, get_account_api_limits),
    _row("GetAccountEndpointCosts", "GET", "/account/endpoint_costs", SAFE, get_account_endpoint_costs),
)

_BY_FUNCTION: Mapping[SyncOperation, Endpoint] = {e.sync_detailed: e for e in ENDPOINTS}


def endpoint_of(operation: SyncOperation) -> Endpoint:
    """The row of a generated ``sync_detailed`` function."""
    try:
        return _BY_FUNCTION[operation]
    except KeyError:
        name = getattr(operation, "__module__", repr(operation))
        raise LookupError(f"{name} is not in the operation table (kalshi_orders._endpoints)") from None
