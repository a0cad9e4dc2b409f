from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="DecreaseOrderV2Request")


_KNOWN_KEYS = frozenset(
    {
        "reduce_by",
        "reduce_to",
        "exchange_index",
        "market_ticker",
    }
)


@_attrs_define
class DecreaseOrderV2Request:
    """Exactly one of `reduce_by` (contracts to remove) and `reduce_to` (contracts to leave); both or neither → 400.

    Attributes:
        reduce_by (str | Unset): A positive contract count with 0 to 2 decimals ("10", "10.0", "10.50"); the granularity
            is 0.01. Example: 10.
        reduce_to (str | Unset): A non-negative contract count with 0 to 2 decimals ("0", "2.5"). Example: 0.
        exchange_index (int | Unset):
        market_ticker (str | Unset):
    """

    reduce_by: str | Unset = UNSET
    reduce_to: str | Unset = UNSET
    exchange_index: int | Unset = UNSET
    market_ticker: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reduce_by = self.reduce_by

        reduce_to = self.reduce_to

        exchange_index = self.exchange_index

        market_ticker = self.market_ticker

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reduce_by is not UNSET:
            field_dict["reduce_by"] = reduce_by
        if reduce_to is not UNSET:
            field_dict["reduce_to"] = reduce_to
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
                "DecreaseOrderV2Request",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 0
        _field = ""
        try:
            _raw = _get("reduce_by", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "DecreaseOrderV2Request",
                        "reduce_by",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.reduce_by = _raw

            _raw = _get("reduce_to", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "DecreaseOrderV2Request",
                        "reduce_to",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.reduce_to = _raw

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "DecreaseOrderV2Request",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            _raw = _get("market_ticker", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "DecreaseOrderV2Request",
                        "market_ticker",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.market_ticker = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("DecreaseOrderV2Request", _extra)
        except ModelParseError as exc:
            if exc.model == "DecreaseOrderV2Request":
                raise
            raise exc.nested("DecreaseOrderV2Request", _field) from None

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
