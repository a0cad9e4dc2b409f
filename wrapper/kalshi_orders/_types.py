"""The typed vocabulary of the public API: what each enum-like argument accepts.

Each alias takes the generated enum member or its wire string as a ``Literal``, so mypy and IDEs catch
``side="maybe"`` while the runtime checks (which also accept any letter case and explain every refusal)
stay the one authority. ``tests/wrapper/test_types.py`` checks the literals against the generated enums.
"""

from __future__ import annotations

from typing import Literal, Required, TypeAlias, TypedDict

from kalshi_orders_api.models.book_side import BookSide
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.models.outcome_side import OutcomeSide
from kalshi_orders_api.models.self_trade_prevention_type import SelfTradePreventionType
from kalshi_orders_api.models.time_in_force import TimeInForce

from ._money import PriceLevelStructure

__all__ = [
    "ActionInput",
    "BookSideInput",
    "CancelFields",
    "OrderStatusInput",
    "SelfTradePreventionInput",
    "SideInput",
    "TickInput",
    "TimeInForceInput",
]

SideInput: TypeAlias = OutcomeSide | Literal["yes", "no"]
"""The outcome traded, in the trader's vocabulary."""

ActionInput: TypeAlias = Literal["buy", "sell"]
"""Buy or sell the outcome, in the trader's vocabulary."""

BookSideInput: TypeAlias = BookSide | Literal["bid", "ask"]
"""V2's side of the YES book: bid buys YES, ask sells YES."""

TimeInForceInput: TypeAlias = (
    TimeInForce | Literal["good_till_canceled", "immediate_or_cancel", "fill_or_kill"]
)
"""V2's time in force. Good-till-time is good_till_canceled with an ``expiration_time``."""

SelfTradePreventionInput: TypeAlias = SelfTradePreventionType | Literal["taker_at_cross", "maker"]
"""What happens when an order would trade against one of your own."""

OrderStatusInput: TypeAlias = OrderStatus | Literal["resting", "canceled", "executed"]
"""An order status, as a GetOrders filter."""

TickInput: TypeAlias = PriceLevelStructure | Literal["linear_cent", "deci_cent", "tapered_deci_cent"]
"""A market's price grid (its ``price_level_structure``), for checking prices locally."""


class CancelFields(TypedDict, total=False):
    """One order of ``orders.batch_cancel`` as a mapping (an order id alone can be a plain string)."""

    order_id: Required[str]
    subaccount: int | None
    exchange_index: int | None
    market_ticker: str | None
