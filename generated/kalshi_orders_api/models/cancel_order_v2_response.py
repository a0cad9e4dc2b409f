from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="CancelOrderV2Response")


_REQUIRED_KEYS = frozenset(
    {
        "order_id",
        "reduced_by",
        "ts_ms",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "reduced_by",
        "ts_ms",
        "client_order_id",
    }
)


@_attrs_define
class CancelOrderV2Response:
    """
    Attributes:
        order_id (str):
        reduced_by (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g. "10.00").
            Example: 10.00.
        ts_ms (int):
        client_order_id (str | Unset):
    """

    order_id: str
    reduced_by: str
    ts_ms: int
    client_order_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        reduced_by = self.reduced_by

        ts_ms = self.ts_ms

        client_order_id = self.client_order_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "reduced_by": reduced_by,
                "ts_ms": ts_ms,
            }
        )
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id

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
                "CancelOrderV2Response",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 3
        _field = ""
        try:
            _raw = d["order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CancelOrderV2Response",
                    "order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.order_id = _raw

            _raw = d["reduced_by"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "CancelOrderV2Response",
                    "reduced_by",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.reduced_by = _raw

            _raw = d["ts_ms"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "CancelOrderV2Response",
                    "ts_ms",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.ts_ms = _raw

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "CancelOrderV2Response",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("CancelOrderV2Response", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "CancelOrderV2Response",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "CancelOrderV2Response":
                raise
            raise exc.nested("CancelOrderV2Response", _field) from None

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
