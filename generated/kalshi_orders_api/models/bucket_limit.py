from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="BucketLimit")


_REQUIRED_KEYS = frozenset(
    {
        "refill_rate",
        "bucket_capacity",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "refill_rate",
        "bucket_capacity",
    }
)


@_attrs_define
class BucketLimit:
    """One token bucket: it refills at `refill_rate` tokens per second up to `bucket_capacity`; a request is
    admitted if the bucket holds its whole cost, and answered 429 otherwise. A capacity equal to the rate
    is one second of budget; more is burst headroom an idle client builds up.

        Example:
            {'refill_rate': 100, 'bucket_capacity': 200}

        Attributes:
            refill_rate (int): Tokens added per second.
            bucket_capacity (int): The most tokens the bucket holds.
    """

    refill_rate: int
    bucket_capacity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        refill_rate = self.refill_rate

        bucket_capacity = self.bucket_capacity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refill_rate": refill_rate,
                "bucket_capacity": bucket_capacity,
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
                "BucketLimit", "", f"expected an object, got {type(src_dict).__name__}"
            )
        _seen = 2
        _field = ""
        try:
            _raw = d["refill_rate"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "BucketLimit",
                    "refill_rate",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.refill_rate = _raw

            _raw = d["bucket_capacity"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "BucketLimit",
                    "bucket_capacity",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.bucket_capacity = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("BucketLimit", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "BucketLimit",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "BucketLimit":
                raise
            raise exc.nested("BucketLimit", _field) from None

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
