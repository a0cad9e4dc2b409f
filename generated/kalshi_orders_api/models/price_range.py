from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="PriceRange")


_REQUIRED_KEYS = frozenset(
    {
        "start",
        "end",
        "step",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "start",
        "end",
        "step",
    }
)


@_attrs_define
class PriceRange:
    """One band of the tick grid. Prices from `start` to `end` (both included) in steps of `step` from `start`.

    Example:
        {'start': '0.0000', 'end': '1.0000', 'step': '0.0100'}

    Attributes:
        start (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g. "0.5600").
            Example: 0.5600.
        end (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g. "0.5600").
            Example: 0.5600.
        step (str): A non-negative USD amount as a decimal string; responses emit up to 6 decimals (e.g. "0.5600").
            Example: 0.5600.
    """

    start: str
    end: str
    step: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start = self.start

        end = self.end

        step = self.step

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start": start,
                "end": end,
                "step": step,
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
                "PriceRange", "", f"expected an object, got {type(src_dict).__name__}"
            )
        _seen = 3
        _field = ""
        try:
            _raw = d["start"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "PriceRange", "start", f"expected str, got {type(_raw).__name__}"
                )

            _obj.start = _raw

            _raw = d["end"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "PriceRange", "end", f"expected str, got {type(_raw).__name__}"
                )

            _obj.end = _raw

            _raw = d["step"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "PriceRange", "step", f"expected str, got {type(_raw).__name__}"
                )

            _obj.step = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("PriceRange", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "PriceRange",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "PriceRange":
                raise
            raise exc.nested("PriceRange", _field) from None

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
