from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..models.book_side import BookSide
from ..models.self_trade_prevention_type import SelfTradePreventionType
from ..models.time_in_force import TimeInForce
from ..types import UNSET, Unset
from ..types import unknown_enum as _unknown_enum
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="CreateOrderV2Request")


_REQUIRED_KEYS = frozenset(
    {
        "ticker",
        "side",
        "count",
        "price",
        "time_in_force",
        "self_trade_prevention_type",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "ticker",
        "side",
        "count",
        "price",
        "time_in_force",
        "self_trade_prevention_type",
        "client_order_id",
        "expiration_time",
        "post_only",
        "reduce_only",
        "cancel_order_on_pause",
        "subaccount",
        "order_group_id",
        "exchange_index",
    }
)
_BookSide_member = BookSide._value2member_map_.get
_TimeInForce_member = TimeInForce._value2member_map_.get
_SelfTradePreventionType_member = SelfTradePreventionType._value2member_map_.get


@_attrs_define
class CreateOrderV2Request:
    """A limit order on the YES book. Rules the schema also states (in `not`, which the generator ignores and
    validators and schemathesis honour): no legacy price field beside `price`; `expiration_time` only with
    `good_till_canceled`; `reduce_only: true` only with `immediate_or_cancel`.

        Attributes:
            ticker (str): The market ticker.
            side (BookSide): The YES book side. `bid` buys YES (= sells NO); `ask` sells YES (= buys NO).
            count (str): A positive contract count with 0 to 2 decimals ("10", "10.0", "10.50"); the granularity is 0.01.
                Example: 10.
            price (str): A YES price in dollars, strictly between 0 and 1, with 1 to 4 decimals ("0.56", "0.5600"). The
                price must
                also lie on the market's tick grid (`price_level_structure`: linear_cent = 0.01 everywhere; deci_cent =
                0.001; tapered_deci_cent = 0.001 below 0.10 and above 0.90, 0.01 between); off-grid prices get 400.
                 Example: 0.56.
            time_in_force (TimeInForce): `good_till_canceled` (with `expiration_time` it is good-till-time),
                `immediate_or_cancel` (the rest is
                canceled), `fill_or_kill` (all or nothing). The 2025 values FOK/GTC/IOC are gone.
            self_trade_prevention_type (SelfTradePreventionType): What happens when the order would trade against the
                member's own resting order.
            client_order_id (str | Unset): Your id for the order, unique per member; reuse for a different order gets 409.
                Send one on every order so that a lost response can be looked up instead of resent.
            expiration_time (int | Unset): Unix seconds; only with good_till_canceled (good-till-time).
            post_only (bool | Unset): Reject (cancel) the order instead of taking liquidity.
            reduce_only (bool | Unset): Only reduce the current position; only with immediate_or_cancel.
            cancel_order_on_pause (bool | Unset): Cancel the order if the exchange pauses trading.
            subaccount (int | Unset): 0 = primary (the default), 1–63 = subaccounts.
            order_group_id (str | Unset): Order group to attach the order to.
            exchange_index (int | Unset): Exchange shard; omit to auto-route by ticker; -1 requires auto-routing.
    """

    ticker: str
    side: BookSide
    count: str
    price: str
    time_in_force: TimeInForce
    self_trade_prevention_type: SelfTradePreventionType
    client_order_id: str | Unset = UNSET
    expiration_time: int | Unset = UNSET
    post_only: bool | Unset = UNSET
    reduce_only: bool | Unset = UNSET
    cancel_order_on_pause: bool | Unset = UNSET
    subaccount: int | Unset = UNSET
    order_group_id: str | Unset = UNSET
    exchange_index: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ticker = self.ticker

        side = self.side.value

        count = self.count

        price = self.price

        time_in_force = self.time_in_force.value

        self_trade_prevention_type = self.self_trade_prevention_type.value

        client_order_id = self.client_order_id

        expiration_time = self.expiration_time

        post_only = self.post_only

        reduce_only = self.reduce_only

        cancel_order_on_pause = self.cancel_order_on_pause

        subaccount = self.subaccount

        order_group_id = self.order_group_id

        exchange_index = self.exchange_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ticker": ticker,
                "side": side,
                "count": count,
                "price": price,
                "time_in_force": time_in_force,
                "self_trade_prevention_type": self_trade_prevention_type,
            }
        )
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id
        if expiration_time is not UNSET:
            field_dict["expiration_time"] = expiration_time
        if post_only is not UNSET:
            field_dict["post_only"] = post_only
        if reduce_only is not UNSET:
            field_dict["reduce_only"] = reduce_only
        if cancel_order_on_pause is not UNSET:
            field_dict["cancel_order_on_pause"] = cancel_order_on_pause
        if subaccount is not UNSET:
            field_dict["subaccount"] = subaccount
        if order_group_id is not UNSET:
            field_dict["order_group_id"] = order_group_id
        if exchange_index is not UNSET:
            field_dict["exchange_index"] = exchange_index

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
                "CreateOrderV2Request",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 6
        _field = ""
        try:
            _raw = d["ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "ticker",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.ticker = _raw

            _raw = d["side"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "side",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.side = _BookSide_member(_raw) or _unknown_enum(
                BookSide, _raw, "CreateOrderV2Request", "side"
            )

            _raw = d["count"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "count",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.count = _raw

            _raw = d["price"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "price",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.price = _raw

            _raw = d["time_in_force"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "time_in_force",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.time_in_force = _TimeInForce_member(_raw) or _unknown_enum(
                TimeInForce, _raw, "CreateOrderV2Request", "time_in_force"
            )

            _raw = d["self_trade_prevention_type"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CreateOrderV2Request",
                    "self_trade_prevention_type",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.self_trade_prevention_type = _SelfTradePreventionType_member(
                _raw
            ) or _unknown_enum(
                SelfTradePreventionType,
                _raw,
                "CreateOrderV2Request",
                "self_trade_prevention_type",
            )

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            _raw = _get("expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "expiration_time",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.expiration_time = _raw

            _raw = _get("post_only", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "post_only",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.post_only = _raw

            _raw = _get("reduce_only", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "reduce_only",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.reduce_only = _raw

            _raw = _get("cancel_order_on_pause", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "cancel_order_on_pause",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.cancel_order_on_pause = _raw

            _raw = _get("subaccount", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "subaccount",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.subaccount = _raw

            _raw = _get("order_group_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "order_group_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.order_group_id = _raw

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "CreateOrderV2Request",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("CreateOrderV2Request", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "CreateOrderV2Request",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "CreateOrderV2Request":
                raise
            raise exc.nested("CreateOrderV2Request", _field) from None

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
