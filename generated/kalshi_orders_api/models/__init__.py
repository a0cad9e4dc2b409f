"""Contains all the data models used in inputs/outputs"""

from .amend_order_v2_request import AmendOrderV2Request
from .amend_order_v2_response import AmendOrderV2Response
from .api_usage_level_grant import ApiUsageLevelGrant
from .batch_cancel_orders_v2_request import BatchCancelOrdersV2Request
from .batch_cancel_orders_v2_request_item import BatchCancelOrdersV2RequestItem
from .batch_cancel_orders_v2_response import BatchCancelOrdersV2Response
from .batch_cancel_orders_v2_response_item import BatchCancelOrdersV2ResponseItem
from .batch_create_orders_v2_request import BatchCreateOrdersV2Request
from .batch_create_orders_v2_response import BatchCreateOrdersV2Response
from .batch_create_orders_v2_response_item import BatchCreateOrdersV2ResponseItem
from .book_side import BookSide
from .bucket_limit import BucketLimit
from .cancel_order_v2_response import CancelOrderV2Response
from .create_order_v2_request import CreateOrderV2Request
from .create_order_v2_response import CreateOrderV2Response
from .decrease_order_v2_request import DecreaseOrderV2Request
from .decrease_order_v2_response import DecreaseOrderV2Response
from .endpoint_token_cost import EndpointTokenCost
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .exchange_instance import ExchangeInstance
from .get_account_api_limits_response import GetAccountApiLimitsResponse
from .get_account_endpoint_costs_response import GetAccountEndpointCostsResponse
from .get_market_response import GetMarketResponse
from .get_order_queue_position_response import GetOrderQueuePositionResponse
from .get_order_queue_positions_response import GetOrderQueuePositionsResponse
from .get_order_response import GetOrderResponse
from .get_orders_response import GetOrdersResponse
from .legacy_action import LegacyAction
from .legacy_side import LegacySide
from .market import Market
from .market_status import MarketStatus
from .market_type import MarketType
from .order import Order
from .order_queue_position import OrderQueuePosition
from .order_status import OrderStatus
from .order_type import OrderType
from .outcome_side import OutcomeSide
from .price_level_structure import PriceLevelStructure
from .price_range import PriceRange
from .self_trade_prevention_type import SelfTradePreventionType
from .settlement_bounds_type import SettlementBoundsType
from .time_in_force import TimeInForce

__all__ = (
    "AmendOrderV2Request",
    "AmendOrderV2Response",
    "ApiUsageLevelGrant",
    "BatchCancelOrdersV2Request",
    "BatchCancelOrdersV2RequestItem",
    "BatchCancelOrdersV2Response",
    "BatchCancelOrdersV2ResponseItem",
    "BatchCreateOrdersV2Request",
    "BatchCreateOrdersV2Response",
    "BatchCreateOrdersV2ResponseItem",
    "BookSide",
    "BucketLimit",
    "CancelOrderV2Response",
    "CreateOrderV2Request",
    "CreateOrderV2Response",
    "DecreaseOrderV2Request",
    "DecreaseOrderV2Response",
    "EndpointTokenCost",
    "ErrorDetail",
    "ErrorResponse",
    "ExchangeInstance",
    "GetAccountApiLimitsResponse",
    "GetAccountEndpointCostsResponse",
    "GetMarketResponse",
    "GetOrderQueuePositionResponse",
    "GetOrderQueuePositionsResponse",
    "GetOrderResponse",
    "GetOrdersResponse",
    "LegacyAction",
    "LegacySide",
    "Market",
    "MarketStatus",
    "MarketType",
    "Order",
    "OrderQueuePosition",
    "OrderStatus",
    "OrderType",
    "OutcomeSide",
    "PriceLevelStructure",
    "PriceRange",
    "SelfTradePreventionType",
    "SettlementBoundsType",
    "TimeInForce",
)
