from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="GetOrderQueuePositionResponse")


_REQUIRED_KEYS = frozenset(
    {
        "queue_position_fp",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "queue_position_fp",
    }
)


@_attrs_define
class GetOrderQueuePositionResponse:
    """
    Example:
        {'queue_position_fp': '250.00'}

    Attributes:
        queue_position_fp (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
            "10.00"). Example: 10.00.
    """

    queue_position_fp: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue_position_fp = self.queue_position_fp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queue_position_fp": queue_position_fp,
            }
        )

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
                "GetOrderQueuePositionResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 1
        _field = ""
        try:
            _raw = d["queue_position_fp"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "GetOrderQueuePositionResponse",
                    "queue_position_fp",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.queue_position_fp = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetOrderQueuePositionResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetOrderQueuePositionResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetOrderQueuePositionResponse":
                raise
            raise exc.nested("GetOrderQueuePositionResponse", _field) from None

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
