from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="BatchCreateOrdersV2ResponseItem")


_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "client_order_id",
        "fill_count",
        "remaining_count",
        "average_fill_price",
        "average_fee_paid",
        "ts_ms",
        "error",
    }
)


@_attrs_define
class BatchCreateOrdersV2ResponseItem:
    """The outcome of one item; `error` is set (and `ts_ms` absent) when the item failed.

    Attributes:
        order_id (str | Unset):
        client_order_id (str | Unset):
        fill_count (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
            "10.00"). Example: 10.00.
        remaining_count (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
            (e.g. "10.00"). Example: 10.00.
        average_fill_price (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
            (e.g. "0.5600"). Example: 0.5600.
        average_fee_paid (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
            (e.g. "0.5600"). Example: 0.5600.
        ts_ms (int | Unset):
        error (ErrorDetail | Unset): The error object, flat or inside the live `error` envelope. The key set varies.
    """

    order_id: str | Unset = UNSET
    client_order_id: str | Unset = UNSET
    fill_count: str | Unset = UNSET
    remaining_count: str | Unset = UNSET
    average_fill_price: str | Unset = UNSET
    average_fee_paid: str | Unset = UNSET
    ts_ms: int | Unset = UNSET
    error: ErrorDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        client_order_id = self.client_order_id

        fill_count = self.fill_count

        remaining_count = self.remaining_count

        average_fill_price = self.average_fill_price

        average_fee_paid = self.average_fee_paid

        ts_ms = self.ts_ms

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id
        if fill_count is not UNSET:
            field_dict["fill_count"] = fill_count
        if remaining_count is not UNSET:
            field_dict["remaining_count"] = remaining_count
        if average_fill_price is not UNSET:
            field_dict["average_fill_price"] = average_fill_price
        if average_fee_paid is not UNSET:
            field_dict["average_fee_paid"] = average_fee_paid
        if ts_ms is not UNSET:
            field_dict["ts_ms"] = ts_ms
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_detail import ErrorDetail

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "BatchCreateOrdersV2ResponseItem",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 0
        _field = ""
        try:
            _raw = _get("order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.order_id = _raw

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            _raw = _get("fill_count", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "fill_count",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.fill_count = _raw

            _raw = _get("remaining_count", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "remaining_count",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.remaining_count = _raw

            _raw = _get("average_fill_price", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "average_fill_price",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.average_fill_price = _raw

            _raw = _get("average_fee_paid", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "average_fee_paid",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.average_fee_paid = _raw

            _raw = _get("ts_ms", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "ts_ms",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.ts_ms = _raw

            _field = "error"
            _raw = _get("error", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not dict:
                    raise ModelParseError(
                        "BatchCreateOrdersV2ResponseItem",
                        "error",
                        f"expected dict, got {type(_raw).__name__}",
                    )

            _error = _raw
            error: ErrorDetail | Unset
            if isinstance(_error, Unset):
                error = UNSET
            else:
                error = ErrorDetail.from_dict(_error)

            _obj.error = error

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("BatchCreateOrdersV2ResponseItem", _extra)
        except ModelParseError as exc:
            if exc.model == "BatchCreateOrdersV2ResponseItem":
                raise
            raise exc.nested("BatchCreateOrdersV2ResponseItem", _field) from None

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
