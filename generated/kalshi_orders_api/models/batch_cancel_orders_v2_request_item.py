from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="BatchCancelOrdersV2RequestItem")


_REQUIRED_KEYS = frozenset(
    {
        "order_id",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "subaccount",
        "exchange_index",
        "market_ticker",
    }
)


@_attrs_define
class BatchCancelOrdersV2RequestItem:
    """
    Attributes:
        order_id (str):
        subaccount (int | Unset):
        exchange_index (int | Unset):
        market_ticker (str | Unset):
    """

    order_id: str
    subaccount: int | Unset = UNSET
    exchange_index: int | Unset = UNSET
    market_ticker: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        subaccount = self.subaccount

        exchange_index = self.exchange_index

        market_ticker = self.market_ticker

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
            }
        )
        if subaccount is not UNSET:
            field_dict["subaccount"] = subaccount
        if exchange_index is not UNSET:
            field_dict["exchange_index"] = exchange_index
        if market_ticker is not UNSET:
            field_dict["market_ticker"] = market_ticker

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
                "BatchCancelOrdersV2RequestItem",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 1
        _field = ""
        try:
            _raw = d["order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "BatchCancelOrdersV2RequestItem",
                    "order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.order_id = _raw

            _raw = _get("subaccount", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "BatchCancelOrdersV2RequestItem",
                        "subaccount",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.subaccount = _raw

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "BatchCancelOrdersV2RequestItem",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            _raw = _get("market_ticker", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCancelOrdersV2RequestItem",
                        "market_ticker",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.market_ticker = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("BatchCancelOrdersV2RequestItem", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "BatchCancelOrdersV2RequestItem",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "BatchCancelOrdersV2RequestItem":
                raise
            raise exc.nested("BatchCancelOrdersV2RequestItem", _field) from None

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
