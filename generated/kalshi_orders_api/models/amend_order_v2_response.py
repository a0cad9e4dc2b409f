from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="AmendOrderV2Response")


_REQUIRED_KEYS = frozenset(
    {
        "order_id",
        "ts_ms",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "ts_ms",
        "client_order_id",
        "remaining_count",
        "fill_count",
        "average_fill_price",
        "average_fee_paid",
    }
)


@_attrs_define
class AmendOrderV2Response:
    """
    Attributes:
        order_id (str):
        ts_ms (int):
        client_order_id (str | Unset):
        remaining_count (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
            (e.g. "10.00"). Example: 10.00.
        fill_count (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
            "10.00"). Example: 10.00.
        average_fill_price (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
            (e.g. "0.5600"). Example: 0.5600.
        average_fee_paid (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
            (e.g. "0.5600"). Example: 0.5600.
    """

    order_id: str
    ts_ms: int
    client_order_id: str | Unset = UNSET
    remaining_count: str | Unset = UNSET
    fill_count: str | Unset = UNSET
    average_fill_price: str | Unset = UNSET
    average_fee_paid: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        ts_ms = self.ts_ms

        client_order_id = self.client_order_id

        remaining_count = self.remaining_count

        fill_count = self.fill_count

        average_fill_price = self.average_fill_price

        average_fee_paid = self.average_fee_paid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "ts_ms": ts_ms,
            }
        )
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id
        if remaining_count is not UNSET:
            field_dict["remaining_count"] = remaining_count
        if fill_count is not UNSET:
            field_dict["fill_count"] = fill_count
        if average_fill_price is not UNSET:
            field_dict["average_fill_price"] = average_fill_price
        if average_fee_paid is not UNSET:
            field_dict["average_fee_paid"] = average_fee_paid

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
                "AmendOrderV2Response",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 2
        _field = ""
        try:
            _raw = d["order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "AmendOrderV2Response",
                    "order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.order_id = _raw

            _raw = d["ts_ms"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "AmendOrderV2Response",
                    "ts_ms",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.ts_ms = _raw

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Response",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            _raw = _get("remaining_count", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Response",
                        "remaining_count",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.remaining_count = _raw

            _raw = _get("fill_count", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Response",
                        "fill_count",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.fill_count = _raw

            _raw = _get("average_fill_price", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Response",
                        "average_fill_price",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.average_fill_price = _raw

            _raw = _get("average_fee_paid", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "AmendOrderV2Response",
                        "average_fee_paid",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.average_fee_paid = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("AmendOrderV2Response", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "AmendOrderV2Response",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "AmendOrderV2Response":
                raise
            raise exc.nested("AmendOrderV2Response", _field) from None

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
