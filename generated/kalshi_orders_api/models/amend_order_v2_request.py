from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..models.book_side import BookSide
from ..types import UNSET, Unset
from ..types import unknown_enum as _unknown_enum
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="AmendOrderV2Request")


_REQUIRED_KEYS = frozenset(
    {
        "ticker",
        "side",
        "price",
        "count",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "ticker",
        "side",
        "price",
        "count",
        "client_order_id",
        "updated_client_order_id",
        "expiration_time",
        "exchange_index",
    }
)
_BookSide_member = BookSide._value2member_map_.get


@_attrs_define
class AmendOrderV2Request:
    """The amended order. `count` is the new total (filled + desired remaining). No legacy price field beside `price`.

    Attributes:
        ticker (str):
        side (BookSide): The YES book side. `bid` buys YES (= sells NO); `ask` sells YES (= buys NO).
        price (str): A YES price in dollars, strictly between 0 and 1, with 1 to 4 decimals ("0.56", "0.5600"). The
            price must
            also lie on the market's tick grid (`price_level_structure`: linear_cent = 0.01 everywhere; deci_cent =
            0.001; tapered_deci_cent = 0.001 below 0.10 and above 0.90, 0.01 between); off-grid prices get 400.
             Example: 0.56.
        count (str): A positive contract count with 0 to 2 decimals ("10", "10.0", "10.50"); the granularity is 0.01.
            Example: 10.
        client_order_id (str | Unset): The order's current client_order_id.
        updated_client_order_id (str | Unset): A new client_order_id for the order.
        expiration_time (int | Unset): Unix seconds; omit to keep the expiry, 0 to remove it.
        exchange_index (int | Unset):
    """

    ticker: str
    side: BookSide
    price: str
    count: str
    client_order_id: str | Unset = UNSET
    updated_client_order_id: str | Unset = UNSET
    expiration_time: int | Unset = UNSET
    exchange_index: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ticker = self.ticker

        side = self.side.value

        price = self.price

        count = self.count

        client_order_id = self.client_order_id

        updated_client_order_id = self.updated_client_order_id

        expiration_time = self.expiration_time

        exchange_index = self.exchange_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ticker": ticker,
                "side": side,
                "price": price,
                "count": count,
            }
        )
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id
        if updated_client_order_id is not UNSET:
            field_dict["updated_client_order_id"] = updated_client_order_id
        if expiration_time is not UNSET:
            field_dict["expiration_time"] = expiration_time
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
                "AmendOrderV2Request",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 4
        _field = ""
        try:
            _raw = d["ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "AmendOrderV2Request",
                    "ticker",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.ticker = _raw

            _raw = d["side"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "AmendOrderV2Request",
                    "side",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.side = _BookSide_member(_raw) or _unknown_enum(
                BookSide, _raw, "AmendOrderV2Request", "side"
            )

            _raw = d["price"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "AmendOrderV2Request",
                    "price",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.price = _raw

            _raw = d["count"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "AmendOrderV2Request",
                    "count",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.count = _raw

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Request",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            _raw = _get("updated_client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Request",
                        "updated_client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.updated_client_order_id = _raw

            _raw = _get("expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "AmendOrderV2Request",
                        "expiration_time",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.expiration_time = _raw

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "AmendOrderV2Request",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("AmendOrderV2Request", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "AmendOrderV2Request",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "AmendOrderV2Request":
                raise
            raise exc.nested("AmendOrderV2Request", _field) from None

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
