"""kalshi-orders: a thin, safe wrapper over the generated Kalshi orders client (``kalshi_orders_api``)."""

from kalshi_orders_api.models import BookSide, OrderStatus, OutcomeSide, SelfTradePreventionType, TimeInForce

from ._auth import KalshiAuth, KalshiSigner
from ._client import AsyncKalshiClient, KalshiClient
from ._credentials import Credentials
from ._environments import Environment, is_production_url, resolve_base_url
from ._filters import OrderFilters
from ._keys import PrivateKey, load_private_key
from ._logging import redact_headers
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
from ._order_entry import build_amend_order, build_create_order, build_decrease_order, new_client_order_id
from ._pagination import AsyncOrderPager, OrderPager, PaginationError
from ._plan import RawResponse
from ._ratelimit import DEFAULT_COSTS, TIER_RATES, Bucket, OperationCost, RateLimiter, Tier
from ._retry import RetryPolicy
from .errors import (
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    GoneError,
    KalshiError,
    KeyLoadError,
    NotFoundError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    TransportError,
    UnexpectedStatusError,
    error_from_response,
)

__all__ = [
    "DEFAULT_COSTS",
    "TIER_RATES",
    "APIError",
    "APITimeoutError",
    "AmendResult",
    "AsyncKalshiClient",
    "AsyncOrderPager",
    "AuthenticationError",
    "BadRequestError",
    "BatchCancelItem",
    "BatchCancelResult",
    "BatchCreateItem",
    "BatchCreateResult",
    "BookSide",
    "Bucket",
    "CancelResult",
    "ConfigurationError",
    "ConflictError",
    "CreateResult",
    "Credentials",
    "DecreaseResult",
    "Environment",
    "GoneError",
    "KalshiAuth",
    "KalshiClient",
    "KalshiError",
    "KalshiSigner",
    "KeyLoadError",
    "NotFoundError",
    "OperationCost",
    "Order",
    "OrderFilters",
    "OrderOutcomeUnknownError",
    "OrderPage",
    "OrderPager",
    "OrderStatus",
    "OrderValidationError",
    "OutcomeSide",
    "PaginationError",
    "PermissionDeniedError",
    "PriceLevelStructure",
    "PrivateKey",
    "RateLimitError",
    "RateLimiter",
    "RawResponse",
    "ResponseValidationError",
    "RetryPolicy",
    "SelfTradePreventionType",
    "ServerError",
    "Tier",
    "TimeInForce",
    "TransportError",
    "UnexpectedStatusError",
    "build_amend_order",
    "build_create_order",
    "build_decrease_order",
    "check_tick",
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
