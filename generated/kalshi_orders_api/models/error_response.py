from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail


T = TypeVar("T", bound="ErrorResponse")


_KNOWN_KEYS = frozenset(
    {
        "code",
        "message",
        "details",
        "service",
        "error",
    }
)


@_attrs_define
class ErrorResponse:
    """Any of the three error bodies the API sends:
    the spec's flat `{code, message, details}`; the live nested `{"error": {code, message, details}}`;
    and the rate limiter's `{"error": "too many requests"}`.

        Attributes:
            code (str | Unset): Error code (flat shape).
            message (str | Unset): Human-readable message (flat shape).
            details (str | Unset): Additional details (flat shape).
            service (str | Unset): Service name (flat shape); deprecated 28 Jul 2026, removed 6 Aug 2026.
            error (ErrorDetail | str | Unset): The live envelope — an error object, or a bare string on 429.
    """

    code: str | Unset = UNSET
    message: str | Unset = UNSET
    details: str | Unset = UNSET
    service: str | Unset = UNSET
    error: ErrorDetail | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_detail import ErrorDetail

        code = self.code

        message = self.message

        details = self.details

        service = self.service

        error: dict[str, Any] | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ErrorDetail):
            error = self.error.to_dict()
        else:
            error = self.error

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
                "ErrorResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
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
                        "ErrorResponse",
                        "code",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.code = _raw

            _raw = _get("message", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorResponse",
                        "message",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.message = _raw

            _raw = _get("details", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorResponse",
                        "details",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.details = _raw

            _raw = _get("service", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "ErrorResponse",
                        "service",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.service = _raw

            _field = "error"
            _raw = _get("error", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) not in (dict, str):
                    raise ModelParseError(
                        "ErrorResponse",
                        "error",
                        f"expected dict or str, got {type(_raw).__name__}",
                    )

            def _parse_error(data: object) -> ErrorDetail | str | Unset:
                if isinstance(data, Unset):
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    error_type_0 = ErrorDetail.from_dict(data)

                    return error_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(ErrorDetail | str | Unset, data)

            error = _parse_error(_raw)

            _obj.error = error

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("ErrorResponse", _extra)
        except ModelParseError as exc:
            if exc.model == "ErrorResponse":
                raise
            raise exc.nested("ErrorResponse", _field) from None

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
