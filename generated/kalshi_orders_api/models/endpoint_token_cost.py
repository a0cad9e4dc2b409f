from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="EndpointTokenCost")


_REQUIRED_KEYS = frozenset(
    {
        "method",
        "path",
        "cost",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "method",
        "path",
        "cost",
    }
)


@_attrs_define
class EndpointTokenCost:
    """
    Example:
        {'method': 'GET', 'path': '/portfolio/orders/{order_id}', 'cost': 2}

    Attributes:
        method (str): The HTTP method, upper case (e.g. DELETE).
        path (str): The route template, e.g. /portfolio/events/orders/{order_id}.
        cost (int): Tokens one request (or one batch item) costs.
    """

    method: str
    path: str
    cost: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method = self.method

        path = self.path

        cost = self.cost

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "path": path,
                "cost": cost,
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
                "EndpointTokenCost",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 3
        _field = ""
        try:
            _raw = d["method"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "EndpointTokenCost",
                    "method",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.method = _raw

            _raw = d["path"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "EndpointTokenCost",
                    "path",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.path = _raw

            _raw = d["cost"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "EndpointTokenCost",
                    "cost",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.cost = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("EndpointTokenCost", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "EndpointTokenCost",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "EndpointTokenCost":
                raise
            raise exc.nested("EndpointTokenCost", _field) from None

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
