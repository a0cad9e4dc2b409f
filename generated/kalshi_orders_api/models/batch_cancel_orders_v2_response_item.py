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


T = TypeVar("T", bound="BatchCancelOrdersV2ResponseItem")


_REQUIRED_KEYS = frozenset(
    {
        "order_id",
        "reduced_by",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "reduced_by",
        "client_order_id",
        "ts_ms",
        "error",
    }
)


@_attrs_define
class BatchCancelOrdersV2ResponseItem:
    """The outcome of one cancel; `error` is set when the item failed.

    Attributes:
        order_id (str):
        reduced_by (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g. "10.00").
            Example: 10.00.
        client_order_id (str | Unset):
        ts_ms (int | Unset):
        error (ErrorDetail | Unset): The error object, flat or inside the live `error` envelope. The key set varies.
    """

    order_id: str
    reduced_by: str
    client_order_id: str | Unset = UNSET
    ts_ms: int | Unset = UNSET
    error: ErrorDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        reduced_by = self.reduced_by

        client_order_id = self.client_order_id

        ts_ms = self.ts_ms

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "reduced_by": reduced_by,
            }
        )
        if client_order_id is not UNSET:
            field_dict["client_order_id"] = client_order_id
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
                "BatchCancelOrdersV2ResponseItem",
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
                    "BatchCancelOrdersV2ResponseItem",
                    "order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.order_id = _raw

            _raw = d["reduced_by"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "BatchCancelOrdersV2ResponseItem",
                    "reduced_by",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.reduced_by = _raw

            _raw = _get("client_order_id", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "BatchCancelOrdersV2ResponseItem",
                        "client_order_id",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.client_order_id = _raw

            _raw = _get("ts_ms", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "BatchCancelOrdersV2ResponseItem",
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
                        "BatchCancelOrdersV2ResponseItem",
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
                    _unknown_fields("BatchCancelOrdersV2ResponseItem", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "BatchCancelOrdersV2ResponseItem",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "BatchCancelOrdersV2ResponseItem":
                raise
            raise exc.nested("BatchCancelOrdersV2ResponseItem", _field) from None

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
