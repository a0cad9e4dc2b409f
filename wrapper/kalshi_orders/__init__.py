"""kalshi-orders: a thin, safe wrapper over the generated Kalshi orders client (``kalshi_orders_api``).

The public names are imported on first use (PEP 562), so ``import kalshi_orders`` and the ``kalshi-orders``
CLI do not pay for httpx, aiohttp or the generated models until a client or model is asked for
(bench/bench_startup.py). Type checkers read the imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kalshi_orders_api.models import (
        BookSide,
        OrderStatus,
        OutcomeSide,
        SelfTradePreventionType,
        TimeInForce,
    )

    from ._auth import KalshiAuth, KalshiSigner
    from ._client import AsyncKalshiClient, KalshiClient
    from ._credentials import Credentials
    from ._environments import (
        DEMO_BASE_URL,
        PRODUCTION_BASE_URL,
        Environment,
        classify_url,
        is_production_url,
        resolve_base_url,
    )
    from ._filters import OrderFilters
    from ._grid import PriceBand, PriceGrid
    from ._keys import PrivateKey, load_private_key
    from ._logging import redact_headers
    from ._markets import Market
    from ._models import (
        AmendResult,
        BatchCancelItem,
        BatchCancelResult,
        BatchCreateItem,
        BatchCreateResult,
        CancelResult,
        CreateResult,
        DecreaseResult,
        Order,
        OrderPage,
        QueuePosition,
        QueuePositions,
    )
    from ._money import (
        PriceLevelStructure,
        check_tick,
        count_to_wire,
        dollars_to_wire,
        parse_count,
        parse_price,
        to_decimal,
    )
    from ._order_entry import (
        AmendOrderFields,
        CreateOrderFields,
        DecreaseOrderFields,
        build_amend_order,
        build_create_order,
        build_decrease_order,
        new_client_order_id,
    )
    from ._pagination import AsyncOrderPager, OrderPager
    from ._ratelimit import (
        DEFAULT_COSTS,
        TIER_RATES,
        Backend,
        Backoff,
        Bucket,
        FileBackend,
        Headroom,
        LimiterStats,
        LocalBackend,
        OperationCost,
        RateLimiter,
        RedisBackend,
        ServerLimit,
        Tier,
    )
    from ._response import RawResponse
    from ._retry import RetryPolicy
    from ._transports.aiohttp import AiohttpTransport
    from ._transports.httptools import HttptoolsTransport
    from ._types import (
        ActionInput,
        BookSideInput,
        CancelFields,
        OrderStatusInput,
        SelfTradePreventionInput,
        SideInput,
        TickInput,
        TimeInForceInput,
    )
    from ._version import __version__
    from .errors import (
        APIError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BatchItemError,
        ConfigurationError,
        ConflictError,
        GoneError,
        KalshiError,
        KeyLoadError,
        NotFoundError,
        OrderOutcomeUnknownError,
        OrderValidationError,
        PaginationError,
        PermissionDeniedError,
        RateLimitError,
        RateLimiterUnavailableError,
        RateLimitTimeoutError,
        ResponseTooLargeError,
        ResponseValidationError,
        ServerError,
        TransportError,
        UnexpectedStatusError,
        error_from_response,
    )

# The module that defines each public name (tests/wrapper/test_exports.py keeps it in step with the imports).
_EXPORTS: dict[str, str] = {
    name: module
    for module, names in {
        "kalshi_orders_api.models": "BookSide OrderStatus OutcomeSide SelfTradePreventionType TimeInForce",
        "._auth": "KalshiAuth KalshiSigner",
        "._client": "AsyncKalshiClient KalshiClient",
        "._credentials": "Credentials",
        "._environments": (
            "DEMO_BASE_URL PRODUCTION_BASE_URL Environment classify_url is_production_url resolve_base_url"
        ),
        "._filters": "OrderFilters",
        "._keys": "PrivateKey load_private_key",
        "._grid": "PriceBand PriceGrid",
        "._logging": "redact_headers",
        "._markets": "Market",
        "._models": (
            "AmendResult BatchCancelItem BatchCancelResult BatchCreateItem BatchCreateResult CancelResult "
            "CreateResult DecreaseResult Order OrderPage QueuePosition QueuePositions"
        ),
        "._money": (
            "PriceLevelStructure check_tick count_to_wire dollars_to_wire parse_count parse_price to_decimal"
        ),
        "._order_entry": (
            "AmendOrderFields CreateOrderFields DecreaseOrderFields build_amend_order build_create_order "
            "build_decrease_order new_client_order_id"
        ),
        "._pagination": "AsyncOrderPager OrderPager",
        "._ratelimit": (
            "DEFAULT_COSTS TIER_RATES Backend Backoff Bucket FileBackend Headroom LimiterStats LocalBackend "
            "OperationCost RateLimiter RedisBackend ServerLimit Tier"
        ),
        "._response": "RawResponse",
        "._retry": "RetryPolicy",
        "._types": (
            "ActionInput BookSideInput CancelFields OrderStatusInput SelfTradePreventionInput SideInput "
            "TickInput TimeInForceInput"
        ),
        "._version": "__version__",
        ".errors": (
            "APIError APITimeoutError AuthenticationError BadRequestError BatchItemError ConfigurationError "
            "ConflictError GoneError KalshiError KeyLoadError NotFoundError OrderOutcomeUnknownError "
            "OrderValidationError PaginationError PermissionDeniedError RateLimitError "
            "RateLimitTimeoutError RateLimiterUnavailableError ResponseTooLargeError ResponseValidationError "
            "ServerError TransportError UnexpectedStatusError error_from_response"
        ),
        "._transports.aiohttp": "AiohttpTransport",
        "._transports.httptools": "HttptoolsTransport",
    }.items()
    for name in names.split()
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "DEFAULT_COSTS",
    "DEMO_BASE_URL",
    "PRODUCTION_BASE_URL",
    "TIER_RATES",
    "APIError",
    "APITimeoutError",
    "ActionInput",
    "AiohttpTransport",
    "AmendOrderFields",
    "AmendResult",
    "AsyncKalshiClient",
    "AsyncOrderPager",
    "AuthenticationError",
    "Backend",
    "Backoff",
    "BadRequestError",
    "BatchCancelItem",
    "BatchCancelResult",
    "BatchCreateItem",
    "BatchCreateResult",
    "BatchItemError",
    "BookSide",
    "BookSideInput",
    "Bucket",
    "CancelFields",
    "CancelResult",
    "ConfigurationError",
    "ConflictError",
    "CreateOrderFields",
    "CreateResult",
    "Credentials",
    "DecreaseOrderFields",
    "DecreaseResult",
    "Environment",
    "FileBackend",
    "GoneError",
    "Headroom",
    "HttptoolsTransport",
    "KalshiAuth",
    "KalshiClient",
    "KalshiError",
    "KalshiSigner",
    "KeyLoadError",
    "LimiterStats",
    "LocalBackend",
    "Market",
    "NotFoundError",
    "OperationCost",
    "Order",
    "OrderFilters",
    "OrderOutcomeUnknownError",
    "OrderPage",
    "OrderPager",
    "OrderStatus",
    "OrderStatusInput",
    "OrderValidationError",
    "OutcomeSide",
    "PaginationError",
    "PermissionDeniedError",
    "PriceBand",
    "PriceGrid",
    "PriceLevelStructure",
    "PrivateKey",
    "QueuePosition",
    "QueuePositions",
    "RateLimitError",
    "RateLimitTimeoutError",
    "RateLimiter",
    "RateLimiterUnavailableError",
    "RawResponse",
    "RedisBackend",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SelfTradePreventionInput",
    "SelfTradePreventionType",
    "ServerError",
    "ServerLimit",
    "SideInput",
    "TickInput",
    "Tier",
    "TimeInForce",
    "TimeInForceInput",
    "TransportError",
    "UnexpectedStatusError",
    "__version__",
    "build_amend_order",
    "build_create_order",
    "build_decrease_order",
    "check_tick",
    "classify_url",
    "count_to_wire",
    "dollars_to_wire",
    "error_from_response",
    "is_production_url",
    "load_private_key",
    "new_client_order_id",
    "parse_count",
    "parse_price",
    "redact_headers",
    "resolve_base_url",
    "to_decimal",
]
