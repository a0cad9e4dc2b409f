from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="ErrorDetail")


_KNOWN_KEYS = frozenset(
    {
        "code",
        "message",
        "details",
        "service",
    }
)


@_attrs_define
class ErrorDetail:
    """The error object, flat or inside the live `error` envelope. The key set varies.

    Attributes:
        code (str | Unset): Machine-readable error code, e.g. `invalid_order`, `deprecated_v1_order_endpoint`.
        message (str | Unset): Human-readable error message.
        details (str | Unset): Additional details about the error, if available.
        service (str | Unset): Name of the service that produced the error; deprecated 28 Jul 2026, removed 6 Aug 2026.
    """

    code: str | Unset = UNSET
    message: str | Unset = UNSET
    details: str | Unset = UNSET
    service: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        details = self.details

        service = self.service

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if details is not UNSET:
            field_dict["details"] = details
        if service is not UNSET:
            field_dict["service"] = service

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
                "ErrorDetail", "", f"expected an object, got {type(src_dict).__name__}"
            )
        _get = d.get
        _seen = 0
        _field = ""
        try:
            _raw = _get("code", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorDetail",
                        "code",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.code = _raw

            _raw = _get("message", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorDetail",
                        "message",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.message = _raw

            _raw = _get("details", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorDetail",
                        "details",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.details = _raw

            _raw = _get("service", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorDetail",
                        "service",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.service = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("ErrorDetail", _extra)
        except ModelParseError as exc:
            if exc.model == "ErrorDetail":
                raise
            raise exc.nested("ErrorDetail", _field) from None

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
