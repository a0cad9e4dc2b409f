from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..models.book_side import BookSide
from ..models.legacy_action import LegacyAction
from ..models.legacy_side import LegacySide
from ..models.order_status import OrderStatus
from ..models.order_type import OrderType
from ..models.outcome_side import OutcomeSide
from ..models.self_trade_prevention_type import SelfTradePreventionType
from ..types import UNSET, Unset
from ..types import FieldTable as _FieldTable
from ..types import drift_check as _drift_check
from ..types import plain_check as _plain_check
from ..types import unknown_enum as _unknown_enum
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="Order")


_REMOVED_KEYS_1 = frozenset(
    {
        "yes_price",
        "no_price",
        "fill_count",
        "remaining_count",
        "initial_count",
        "taker_fees",
        "maker_fees",
        "taker_fill_cost",
    }
)
_REMOVED_KEYS_2 = frozenset(
    {
        "maker_fill_cost",
        "queue_position",
        "place_count",
        "decrease_count",
        "amend_count",
        "amend_taker_fill_count",
        "maker_fill_count",
        "taker_fill_count",
    }
)
_REMOVED_KEYS_3 = frozenset(
    {
        "fcc_cancel_count",
        "close_cancel_count",
        "taker_self_trade_cancel_count",
    }
)
_REQUIRED_KEYS = frozenset(
    {
        "order_id",
        "user_id",
        "client_order_id",
        "ticker",
        "outcome_side",
        "book_side",
        "type",
        "status",
        "yes_price_dollars",
        "no_price_dollars",
        "fill_count_fp",
        "remaining_count_fp",
        "initial_count_fp",
        "taker_fill_cost_dollars",
        "maker_fill_cost_dollars",
        "taker_fees_dollars",
        "maker_fees_dollars",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "user_id",
        "client_order_id",
        "ticker",
        "outcome_side",
        "book_side",
        "type",
        "status",
        "yes_price_dollars",
        "no_price_dollars",
        "fill_count_fp",
        "remaining_count_fp",
        "initial_count_fp",
        "taker_fill_cost_dollars",
        "maker_fill_cost_dollars",
        "taker_fees_dollars",
        "maker_fees_dollars",
        "expiration_time",
        "created_time",
        "last_update_time",
        "last_update_reason",
        "self_trade_prevention_type",
        "order_group_id",
        "cancel_order_on_pause",
        "subaccount_number",
        "exchange_index",
        "side",
        "action",
        "yes_price",
        "no_price",
        "fill_count",
        "remaining_count",
        "initial_count",
        "taker_fees",
        "maker_fees",
        "taker_fill_cost",
        "maker_fill_cost",
        "queue_position",
        "place_count",
        "decrease_count",
        "amend_count",
        "amend_taker_fill_count",
        "maker_fill_count",
        "taker_fill_count",
        "fcc_cancel_count",
        "close_cancel_count",
        "taker_self_trade_cancel_count",
    }
)
_OutcomeSide_member = OutcomeSide._value2member_map_.get
_BookSide_member = BookSide._value2member_map_.get
_OrderType_member = OrderType._value2member_map_.get
_OrderStatus_member = OrderStatus._value2member_map_.get
_SelfTradePreventionType_member = SelfTradePreventionType._value2member_map_.get
_LegacySide_member = LegacySide._value2member_map_.get
_LegacyAction_member = LegacyAction._value2member_map_.get
_FIELDS = _FieldTable(
    {
        "order_id": frozenset((str,)),
        "user_id": frozenset((str,)),
        "client_order_id": frozenset((str,)),
        "ticker": frozenset((str,)),
        "outcome_side": frozenset((str,)),
        "book_side": frozenset((str,)),
        "type": frozenset((str,)),
        "status": frozenset((str,)),
        "yes_price_dollars": frozenset((str,)),
        "no_price_dollars": frozenset((str,)),
        "fill_count_fp": frozenset((str,)),
        "remaining_count_fp": frozenset((str,)),
        "initial_count_fp": frozenset((str,)),
        "taker_fill_cost_dollars": frozenset((str,)),
        "maker_fill_cost_dollars": frozenset((str,)),
        "taker_fees_dollars": frozenset((str,)),
        "maker_fees_dollars": frozenset((str,)),
        "expiration_time": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
        "created_time": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
        "last_update_time": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
        "last_update_reason": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
        "self_trade_prevention_type": frozenset(
            (
                type(None),
                str,
                Unset,
            )
        ),
        "order_group_id": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
        "cancel_order_on_pause": frozenset(
            (
                bool,
                Unset,
            )
        ),
        "subaccount_number": frozenset(
            (
                int,
                type(None),
                Unset,
            )
        ),
        "exchange_index": frozenset(
            (
                int,
                Unset,
            )
        ),
        "side": frozenset(
            (
                str,
                Unset,
            )
        ),
        "action": frozenset(
            (
                str,
                Unset,
            )
        ),
    },
    _REQUIRED_KEYS,
    {
        "outcome_side": frozenset((*OutcomeSide._value2member_map_,)),
        "book_side": frozenset((*BookSide._value2member_map_,)),
        "type": frozenset((*OrderType._value2member_map_,)),
        "status": frozenset((*OrderStatus._value2member_map_,)),
        "self_trade_prevention_type": frozenset(
            (
                *SelfTradePreventionType._value2member_map_,
                None,
                UNSET,
            )
        ),
        "side": frozenset(
            (
                *LegacySide._value2member_map_,
                UNSET,
            )
        ),
        "action": frozenset(
            (
                *LegacyAction._value2member_map_,
                UNSET,
            )
        ),
    },
    _KNOWN_KEYS,
    "Order",
)
_is_plain = _plain_check(_FIELDS)
_drifted_check = _drift_check(_FIELDS)


@_attrs_define
class Order:
    """An order as GetOrders and GetOrder return it. Invariant: `yes_price_dollars + no_price_dollars = 1`.
    Keys not listed here may appear (the API adds fields often); clients keep them.

    Legacy keys of the older GetOrders page (integer cents and counts, `queue_position`, the
    amend/decrease/close/fcc/place counters) are listed as deprecated optional properties, each naming its
    replacement: the live API stopped sending them on 12 Mar 2026 (or earlier), but old recordings and
    lagging gateways may still carry them. `x-kalshi-removed: true` marks them (and tells the generator
    they are usually absent); `side` and `action` are deprecated but still sent.

        Example:
            {'order_id': '0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b', 'user_id': '7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d',
                'client_order_id': '3d0c7c3e-8f7e-4c2b-9a51-2a7f0d4c1b66', 'ticker': 'KXSANDBOX-26DEC31-T50', 'outcome_side':
                'yes', 'book_side': 'bid', 'type': 'limit', 'status': 'resting', 'yes_price_dollars': '0.5600',
                'no_price_dollars': '0.4400', 'fill_count_fp': '0.00', 'remaining_count_fp': '10.00', 'initial_count_fp':
                '10.00', 'taker_fill_cost_dollars': '0.0000', 'maker_fill_cost_dollars': '0.0000', 'taker_fees_dollars':
                '0.0000', 'maker_fees_dollars': '0.0000', 'expiration_time': None, 'created_time': '2026-11-23T15:00:00Z',
                'last_update_time': '2026-11-23T15:00:00Z', 'self_trade_prevention_type': 'taker_at_cross', 'order_group_id':
                None, 'cancel_order_on_pause': False, 'subaccount_number': 0, 'exchange_index': 0}

        Attributes:
            order_id (str): Unique identifier of the order.
            user_id (str): Unique identifier of the member. (Optional on the older page.)
            client_order_id (str): The member's own id for the order (may be empty for orders placed without one).
            ticker (str): The market ticker.
            outcome_side (OutcomeSide): The exposure the order gives. Buy-yes and sell-no give `yes`; buy-no and sell-yes
                give `no`.
            book_side (BookSide): The YES book side. `bid` buys YES (= sells NO); `ask` sells YES (= buys NO).
            type_ (OrderType): Order type. Only `limit` orders can be created today; `market` stays for old orders.
            status (OrderStatus): resting: on the book. canceled: canceled (in full or after a partial fill). executed:
                fully filled.
                The legacy value `pending` (older doc page, spec 2.0.0) is gone from the live API.
            yes_price_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g.
                "0.5600"). Example: 0.5600.
            no_price_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g.
                "0.5600"). Example: 0.5600.
            fill_count_fp (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
                "10.00"). Example: 10.00.
            remaining_count_fp (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
                "10.00"). Example: 10.00.
            initial_count_fp (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
                "10.00"). Example: 10.00.
            taker_fill_cost_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            maker_fill_cost_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            taker_fees_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g.
                "0.5600"). Example: 0.5600.
            maker_fees_dollars (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g.
                "0.5600"). Example: 0.5600.
            expiration_time (None | str | Unset): When a good-till-time order expires; null otherwise.
            created_time (None | str | Unset): When the order was placed (always sent; may be null).
            last_update_time (None | str | Unset): Last modify, cancel or fill.
            last_update_reason (None | str | Unset): Why the order last changed, e.g. `PostOnlyCrossCancel`. Sent live since
                4 Jun 2026; not in the upstream spec.
            self_trade_prevention_type (None | SelfTradePreventionType | Unset):
            order_group_id (None | str | Unset): The order group the order belongs to.
            cancel_order_on_pause (bool | Unset): Cancel the order if the exchange pauses trading.
            subaccount_number (int | None | Unset): 0 = primary, 1–63 = subaccounts.
            exchange_index (int | Unset): Exchange shard of the order.
            side (LegacySide | Unset): Deprecated (6 May 2026) order direction; replaced by `outcome_side` and `book_side`.
            action (LegacyAction | Unset): Deprecated (6 May 2026) order action; replaced by `book_side`.
            yes_price (int | Unset): Removed 12 Mar 2026: YES price in cents. Replaced by yes_price_dollars.
            no_price (int | Unset): Removed 12 Mar 2026: NO price in cents. Replaced by no_price_dollars.
            fill_count (int | Unset): Removed 12 Mar 2026. Replaced by fill_count_fp.
            remaining_count (int | Unset): Removed 12 Mar 2026. Replaced by remaining_count_fp.
            initial_count (int | Unset): Removed 12 Mar 2026. Replaced by initial_count_fp.
            taker_fees (int | Unset): Removed 12 Mar 2026: cents. Replaced by taker_fees_dollars.
            maker_fees (int | Unset): Removed 12 Mar 2026: cents. Replaced by maker_fees_dollars.
            taker_fill_cost (int | Unset): Removed 12 Mar 2026: cents. Replaced by taker_fill_cost_dollars.
            maker_fill_cost (int | Unset): Removed 12 Mar 2026: cents. Replaced by maker_fill_cost_dollars.
            queue_position (int | Unset): Always 0 since 2025, then removed. Replaced by GET
                /portfolio/orders/{order_id}/queue_position (queue_position_fp).
            place_count (int | Unset): Older page only: size of placed maker orders. No replacement; derive from
                initial_count_fp.
            decrease_count (int | Unset): Older page only: contracts removed by decreases. No replacement.
            amend_count (int | Unset): Older page only: the amendment delta. No replacement.
            amend_taker_fill_count (int | Unset): Older page only: taker fills caused by an amend. No replacement.
            maker_fill_count (int | Unset): Older page only: maker fills. No replacement; see fill_count_fp and
                maker_fill_cost_dollars.
            taker_fill_count (int | Unset): Older page only: taker fills. No replacement; see fill_count_fp and
                taker_fill_cost_dollars.
            fcc_cancel_count (int | Unset): Older page only: contracts canceled by exchange operations. No replacement.
            close_cancel_count (int | Unset): Older page only: contracts canceled at market close. No replacement.
            taker_self_trade_cancel_count (int | Unset): Older page only: taker size canceled by self-trade prevention. No
                replacement.
    """

    order_id: str
    user_id: str
    client_order_id: str
    ticker: str
    outcome_side: OutcomeSide
    book_side: BookSide
    type_: OrderType
    status: OrderStatus
    yes_price_dollars: str
    no_price_dollars: str
    fill_count_fp: str
    remaining_count_fp: str
    initial_count_fp: str
    taker_fill_cost_dollars: str
    maker_fill_cost_dollars: str
    taker_fees_dollars: str
    maker_fees_dollars: str
    expiration_time: None | str | Unset = UNSET
    created_time: None | str | Unset = UNSET
    last_update_time: None | str | Unset = UNSET
    last_update_reason: None | str | Unset = UNSET
    self_trade_prevention_type: None | SelfTradePreventionType | Unset = UNSET
    order_group_id: None | str | Unset = UNSET
    cancel_order_on_pause: bool | Unset = UNSET
    subaccount_number: int | None | Unset = UNSET
    exchange_index: int | Unset = UNSET
    side: LegacySide | Unset = UNSET
    action: LegacyAction | Unset = UNSET
    yes_price: int | Unset = UNSET
    no_price: int | Unset = UNSET
    fill_count: int | Unset = UNSET
    remaining_count: int | Unset = UNSET
    initial_count: int | Unset = UNSET
    taker_fees: int | Unset = UNSET
    maker_fees: int | Unset = UNSET
    taker_fill_cost: int | Unset = UNSET
    maker_fill_cost: int | Unset = UNSET
    queue_position: int | Unset = UNSET
    place_count: int | Unset = UNSET
    decrease_count: int | Unset = UNSET
    amend_count: int | Unset = UNSET
    amend_taker_fill_count: int | Unset = UNSET
    maker_fill_count: int | Unset = UNSET
    taker_fill_count: int | Unset = UNSET
    fcc_cancel_count: int | Unset = UNSET
    close_cancel_count: int | Unset = UNSET
    taker_self_trade_cancel_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _is_plain = staticmethod(_is_plain)
    _drifted = _drifted_check  # read from the class only: a plain function, or None
    _fields = _FIELDS

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        user_id = self.user_id

        client_order_id = self.client_order_id

        ticker = self.ticker

        outcome_side = self.outcome_side.value

        book_side = self.book_side.value

        type_ = self.type_.value

        status = self.status.value

        yes_price_dollars = self.yes_price_dollars

        no_price_dollars = self.no_price_dollars

        fill_count_fp = self.fill_count_fp

        remaining_count_fp = self.remaining_count_fp

        initial_count_fp = self.initial_count_fp

        taker_fill_cost_dollars = self.taker_fill_cost_dollars

        maker_fill_cost_dollars = self.maker_fill_cost_dollars

        taker_fees_dollars = self.taker_fees_dollars

        maker_fees_dollars = self.maker_fees_dollars

        expiration_time: None | str | Unset
        if isinstance(self.expiration_time, Unset):
            expiration_time = UNSET
        else:
            expiration_time = self.expiration_time

        created_time: None | str | Unset
        if isinstance(self.created_time, Unset):
            created_time = UNSET
        else:
            created_time = self.created_time

        last_update_time: None | str | Unset
        if isinstance(self.last_update_time, Unset):
            last_update_time = UNSET
        else:
            last_update_time = self.last_update_time

        last_update_reason: None | str | Unset
        if isinstance(self.last_update_reason, Unset):
            last_update_reason = UNSET
        else:
            last_update_reason = self.last_update_reason

        self_trade_prevention_type: None | str | Unset
        if isinstance(self.self_trade_prevention_type, Unset):
            self_trade_prevention_type = UNSET
        elif isinstance(self.self_trade_prevention_type, SelfTradePreventionType):
            self_trade_prevention_type = self.self_trade_prevention_type.value
        else:
            self_trade_prevention_type = self.self_trade_prevention_type

        order_group_id: None | str | Unset
        if isinstance(self.order_group_id, Unset):
            order_group_id = UNSET
        else:
            order_group_id = self.order_group_id

        cancel_order_on_pause = self.cancel_order_on_pause

        subaccount_number: int | None | Unset
        if isinstance(self.subaccount_number, Unset):
            subaccount_number = UNSET
        else:
            subaccount_number = self.subaccount_number

        exchange_index = self.exchange_index

        side: str | Unset = UNSET
        if not isinstance(self.side, Unset):
            side = self.side.value

        action: str | Unset = UNSET
        if not isinstance(self.action, Unset):
            action = self.action.value

        yes_price = self.yes_price

        no_price = self.no_price

        fill_count = self.fill_count

        remaining_count = self.remaining_count

        initial_count = self.initial_count

        taker_fees = self.taker_fees

        maker_fees = self.maker_fees

        taker_fill_cost = self.taker_fill_cost

        maker_fill_cost = self.maker_fill_cost

        queue_position = self.queue_position

        place_count = self.place_count

        decrease_count = self.decrease_count

        amend_count = self.amend_count

        amend_taker_fill_count = self.amend_taker_fill_count

        maker_fill_count = self.maker_fill_count

        taker_fill_count = self.taker_fill_count

        fcc_cancel_count = self.fcc_cancel_count

        close_cancel_count = self.close_cancel_count

        taker_self_trade_cancel_count = self.taker_self_trade_cancel_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "user_id": user_id,
                "client_order_id": client_order_id,
                "ticker": ticker,
                "outcome_side": outcome_side,
                "book_side": book_side,
                "type": type_,
                "status": status,
                "yes_price_dollars": yes_price_dollars,
                "no_price_dollars": no_price_dollars,
                "fill_count_fp": fill_count_fp,
                "remaining_count_fp": remaining_count_fp,
                "initial_count_fp": initial_count_fp,
                "taker_fill_cost_dollars": taker_fill_cost_dollars,
                "maker_fill_cost_dollars": maker_fill_cost_dollars,
                "taker_fees_dollars": taker_fees_dollars,
                "maker_fees_dollars": maker_fees_dollars,
            }
        )
        if expiration_time is not UNSET:
            field_dict["expiration_time"] = expiration_time
        if created_time is not UNSET:
            field_dict["created_time"] = created_time
        if last_update_time is not UNSET:
            field_dict["last_update_time"] = last_update_time
        if last_update_reason is not UNSET:
            field_dict["last_update_reason"] = last_update_reason
        if self_trade_prevention_type is not UNSET:
            field_dict["self_trade_prevention_type"] = self_trade_prevention_type
        if order_group_id is not UNSET:
            field_dict["order_group_id"] = order_group_id
        if cancel_order_on_pause is not UNSET:
            field_dict["cancel_order_on_pause"] = cancel_order_on_pause
        if subaccount_number is not UNSET:
            field_dict["subaccount_number"] = subaccount_number
        if exchange_index is not UNSET:
            field_dict["exchange_index"] = exchange_index
        if side is not UNSET:
            field_dict["side"] = side
        if action is not UNSET:
            field_dict["action"] = action
        if yes_price is not UNSET:
            field_dict["yes_price"] = yes_price
        if no_price is not UNSET:
            field_dict["no_price"] = no_price
        if fill_count is not UNSET:
            field_dict["fill_count"] = fill_count
        if remaining_count is not UNSET:
            field_dict["remaining_count"] = remaining_count
        if initial_count is not UNSET:
            field_dict["initial_count"] = initial_count
        if taker_fees is not UNSET:
            field_dict["taker_fees"] = taker_fees
        if maker_fees is not UNSET:
            field_dict["maker_fees"] = maker_fees
        if taker_fill_cost is not UNSET:
            field_dict["taker_fill_cost"] = taker_fill_cost
        if maker_fill_cost is not UNSET:
            field_dict["maker_fill_cost"] = maker_fill_cost
        if queue_position is not UNSET:
            field_dict["queue_position"] = queue_position
        if place_count is not UNSET:
            field_dict["place_count"] = place_count
        if decrease_count is not UNSET:
            field_dict["decrease_count"] = decrease_count
        if amend_count is not UNSET:
            field_dict["amend_count"] = amend_count
        if amend_taker_fill_count is not UNSET:
            field_dict["amend_taker_fill_count"] = amend_taker_fill_count
        if maker_fill_count is not UNSET:
            field_dict["maker_fill_count"] = maker_fill_count
        if taker_fill_count is not UNSET:
            field_dict["taker_fill_count"] = taker_fill_count
        if fcc_cancel_count is not UNSET:
            field_dict["fcc_cancel_count"] = fcc_cancel_count
        if close_cancel_count is not UNSET:
            field_dict["close_cancel_count"] = close_cancel_count
        if taker_self_trade_cancel_count is not UNSET:
            field_dict["taker_self_trade_cancel_count"] = taker_self_trade_cancel_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "Order", "", f"expected an object, got {type(src_dict).__name__}"
            )
        _get = d.get
        _seen = 17
        _field = ""
        try:
            _raw = d["order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "order_id", f"expected str, got {type(_raw).__name__}"
                )

            _obj.order_id = _raw

            _raw = d["user_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "user_id", f"expected str, got {type(_raw).__name__}"
                )

            _obj.user_id = _raw

            _raw = d["client_order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "client_order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.client_order_id = _raw

            _raw = d["ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "ticker", f"expected str, got {type(_raw).__name__}"
                )

            _obj.ticker = _raw

            _raw = d["outcome_side"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "outcome_side", f"expected str, got {type(_raw).__name__}"
                )

            _obj.outcome_side = _OutcomeSide_member(_raw) or _unknown_enum(
                OutcomeSide, _raw, "Order", "outcome_side"
            )

            _raw = d["book_side"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "book_side", f"expected str, got {type(_raw).__name__}"
                )

            _obj.book_side = _BookSide_member(_raw) or _unknown_enum(
                BookSide, _raw, "Order", "book_side"
            )

            _raw = d["type"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "type", f"expected str, got {type(_raw).__name__}"
                )

            _obj.type_ = _OrderType_member(_raw) or _unknown_enum(
                OrderType, _raw, "Order", "type"
            )

            _raw = d["status"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "status", f"expected str, got {type(_raw).__name__}"
                )

            _obj.status = _OrderStatus_member(_raw) or _unknown_enum(
                OrderStatus, _raw, "Order", "status"
            )

            _raw = d["yes_price_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "yes_price_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.yes_price_dollars = _raw

            _raw = d["no_price_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "no_price_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.no_price_dollars = _raw

            _raw = d["fill_count_fp"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order", "fill_count_fp", f"expected str, got {type(_raw).__name__}"
                )

            _obj.fill_count_fp = _raw

            _raw = d["remaining_count_fp"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "remaining_count_fp",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.remaining_count_fp = _raw

            _raw = d["initial_count_fp"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "initial_count_fp",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.initial_count_fp = _raw

            _raw = d["taker_fill_cost_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "taker_fill_cost_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.taker_fill_cost_dollars = _raw

            _raw = d["maker_fill_cost_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "maker_fill_cost_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.maker_fill_cost_dollars = _raw

            _raw = d["taker_fees_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "taker_fees_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.taker_fees_dollars = _raw

            _raw = d["maker_fees_dollars"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Order",
                    "maker_fees_dollars",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.maker_fees_dollars = _raw

            _raw = _get("expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "expiration_time",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.expiration_time = _raw

            _raw = _get("created_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "created_time",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.created_time = _raw

            _raw = _get("last_update_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "last_update_time",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.last_update_time = _raw

            _raw = _get("last_update_reason", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "last_update_reason",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.last_update_reason = _raw

            _raw = _get("self_trade_prevention_type", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "self_trade_prevention_type",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.self_trade_prevention_type = (
                _raw
                if _raw is None or _raw is UNSET
                else (
                    _SelfTradePreventionType_member(_raw)
                    or _unknown_enum(
                        SelfTradePreventionType,
                        _raw,
                        "Order",
                        "self_trade_prevention_type",
                    )
                )
            )

            _raw = _get("order_group_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Order",
                        "order_group_id",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.order_group_id = _raw

            _raw = _get("cancel_order_on_pause", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "Order",
                        "cancel_order_on_pause",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.cancel_order_on_pause = _raw

            _raw = _get("subaccount_number", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not int:
                    raise ModelParseError(
                        "Order",
                        "subaccount_number",
                        f"expected int or None, got {type(_raw).__name__}",
                    )

            _obj.subaccount_number = _raw

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "Order",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            _raw = _get("side", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Order", "side", f"expected str, got {type(_raw).__name__}"
                    )

            _obj.side = (
                UNSET
                if _raw is UNSET
                else (
                    _LegacySide_member(_raw)
                    or _unknown_enum(LegacySide, _raw, "Order", "side")
                )
            )

            _raw = _get("action", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Order", "action", f"expected str, got {type(_raw).__name__}"
                    )

            _obj.action = (
                UNSET
                if _raw is UNSET
                else (
                    _LegacyAction_member(_raw)
                    or _unknown_enum(LegacyAction, _raw, "Order", "action")
                )
            )

            if len(d) == _seen:
                _obj.yes_price = _obj.no_price = _obj.fill_count = (
                    _obj.remaining_count
                ) = _obj.initial_count = _obj.taker_fees = _obj.maker_fees = (
                    _obj.taker_fill_cost
                ) = _obj.maker_fill_cost = _obj.queue_position = _obj.place_count = (
                    _obj.decrease_count
                ) = _obj.amend_count = _obj.amend_taker_fill_count = (
                    _obj.maker_fill_count
                ) = _obj.taker_fill_count = _obj.fcc_cancel_count = (
                    _obj.close_cancel_count
                ) = _obj.taker_self_trade_cancel_count = UNSET
                _extra = {}
            else:
                if d.keys().isdisjoint(_REMOVED_KEYS_1):
                    _obj.yes_price = _obj.no_price = _obj.fill_count = (
                        _obj.remaining_count
                    ) = _obj.initial_count = _obj.taker_fees = _obj.maker_fees = (
                        _obj.taker_fill_cost
                    ) = UNSET
                else:
                    _raw = _get("yes_price", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "yes_price",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.yes_price = _raw

                    _raw = _get("no_price", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "no_price",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.no_price = _raw

                    _raw = _get("fill_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "fill_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.fill_count = _raw

                    _raw = _get("remaining_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "remaining_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.remaining_count = _raw

                    _raw = _get("initial_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "initial_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.initial_count = _raw

                    _raw = _get("taker_fees", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "taker_fees",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.taker_fees = _raw

                    _raw = _get("maker_fees", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "maker_fees",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.maker_fees = _raw

                    _raw = _get("taker_fill_cost", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "taker_fill_cost",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.taker_fill_cost = _raw

                if d.keys().isdisjoint(_REMOVED_KEYS_2):
                    _obj.maker_fill_cost = _obj.queue_position = _obj.place_count = (
                        _obj.decrease_count
                    ) = _obj.amend_count = _obj.amend_taker_fill_count = (
                        _obj.maker_fill_count
                    ) = _obj.taker_fill_count = UNSET
                else:
                    _raw = _get("maker_fill_cost", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "maker_fill_cost",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.maker_fill_cost = _raw

                    _raw = _get("queue_position", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "queue_position",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.queue_position = _raw

                    _raw = _get("place_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "place_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.place_count = _raw

                    _raw = _get("decrease_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "decrease_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.decrease_count = _raw

                    _raw = _get("amend_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "amend_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.amend_count = _raw

                    _raw = _get("amend_taker_fill_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "amend_taker_fill_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.amend_taker_fill_count = _raw

                    _raw = _get("maker_fill_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "maker_fill_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.maker_fill_count = _raw

                    _raw = _get("taker_fill_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "taker_fill_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.taker_fill_count = _raw

                if d.keys().isdisjoint(_REMOVED_KEYS_3):
                    _obj.fcc_cancel_count = _obj.close_cancel_count = (
                        _obj.taker_self_trade_cancel_count
                    ) = UNSET
                else:
                    _raw = _get("fcc_cancel_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "fcc_cancel_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.fcc_cancel_count = _raw

                    _raw = _get("close_cancel_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "close_cancel_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.close_cancel_count = _raw

                    _raw = _get("taker_self_trade_cancel_count", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Order",
                            "taker_self_trade_cancel_count",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.taker_self_trade_cancel_count = _raw

                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("Order", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "Order",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "Order":
                raise
            raise exc.nested("Order", _field) from None

        _obj.additional_properties = _extra
        return _obj

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
