from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self, TypeVar

import orjson
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import FieldTable as _FieldTable
from ..types import LazyModelList as _LazyModelList
from ..types import TypedBody as _TypedBody
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.order import Order


T = TypeVar("T", bound="GetOrdersResponse")


_REQUIRED_KEYS = frozenset(
    {
        "orders",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "orders",
        "cursor",
    }
)
_FIELDS = _FieldTable(
    {
        "orders": frozenset(
            (
                list,
                type(None),
            )
        ),
        "cursor": frozenset(
            (
                str,
                type(None),
                Unset,
            )
        ),
    },
    _REQUIRED_KEYS,
    {},
    _KNOWN_KEYS,
    "GetOrdersResponse",
)


def _typed_tables() -> tuple[
    _FieldTable, dict[str, tuple[_FieldTable | None, Callable[[Any], Any]]]
]:
    from ..models.order import Order

    return _FIELDS, {
        "orders": (Order._fields, Order.from_dict),
    }


_typed_body = _TypedBody(_typed_tables)


@_attrs_define
class GetOrdersResponse:
    """
    Attributes:
        orders (list[Order] | None): The page's orders, newest first. The demo environment has been seen to send null
            for an empty page; read null as [].
        cursor (None | str | Unset): Pass it back as `cursor` for the next page. Empty means there is no next page; the
            live API
            always sends it, and null or a missing key also mean the last page.
    """

    orders: Sequence[Order] | None
    cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders: Any
        if self.orders is None or isinstance(self.orders, Unset):
            orders = self.orders
        else:
            orders = [item.to_dict() for item in self.orders]

        cursor: None | str | Unset
        if isinstance(self.cursor, Unset):
            cursor = UNSET
        else:
            cursor = self.cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
            }
        )
        if cursor is not UNSET:
            field_dict["cursor"] = cursor

        return field_dict

    @classmethod
    def from_json(cls, content: bytes) -> Self:
        """The model of a JSON body: decoded and checked in C (``types.TypedBody``) when every value is
        valid (drift, an unknown key or enum value, reported as from_dict reports it), its lazy lists holding
        the decoded items; else (anything to raise) the orjson decode and ``from_dict``, as for any model."""
        values = _typed_body.decode(content)
        if values is not None:
            _obj = cls.__new__(cls)
            _obj.orders, _obj.cursor, _obj.additional_properties = values
            return _obj
        return cls.from_dict(orjson.loads(content))

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.order import Order

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "GetOrdersResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 1
        _field = ""
        try:
            _field = "orders"
            _raw = d["orders"]
            if _raw is not None and type(_raw) is not list:
                raise ModelParseError(
                    "GetOrdersResponse",
                    "orders",
                    f"expected list or None, got {type(_raw).__name__}",
                )

            _obj.orders = (
                _raw
                if _raw is None or _raw is UNSET
                else _LazyModelList(
                    _raw, Order.from_dict, Order._is_plain, Order._drifted
                )
            )

            _raw = _get("cursor", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "GetOrdersResponse",
                        "cursor",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.cursor = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetOrdersResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetOrdersResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetOrdersResponse":
                raise
            raise exc.nested("GetOrdersResponse", _field) from None

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
