from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.batch_create_orders_v2_response_item import (
        BatchCreateOrdersV2ResponseItem,
    )


T = TypeVar("T", bound="BatchCreateOrdersV2Response")


_REQUIRED_KEYS = frozenset(
    {
        "orders",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "orders",
    }
)


@_attrs_define
class BatchCreateOrdersV2Response:
    """
    Attributes:
        orders (list[BatchCreateOrdersV2ResponseItem]):
    """

    orders: list[BatchCreateOrdersV2ResponseItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_create_orders_v2_response_item import (
            BatchCreateOrdersV2ResponseItem,
        )

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "BatchCreateOrdersV2Response",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 1
        _field = ""
        try:
            _field = "orders"
            _raw = d["orders"]
            if type(_raw) is not list:
                raise ModelParseError(
                    "BatchCreateOrdersV2Response",
                    "orders",
                    f"expected list, got {type(_raw).__name__}",
                )

            orders = []
            _orders = _raw
            for orders_item_data in _orders:
                orders_item = BatchCreateOrdersV2ResponseItem.from_dict(
                    orders_item_data
                )

                orders.append(orders_item)

            _obj.orders = orders

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("BatchCreateOrdersV2Response", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "BatchCreateOrdersV2Response",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "BatchCreateOrdersV2Response":
                raise
            raise exc.nested("BatchCreateOrdersV2Response", _field) from None

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
