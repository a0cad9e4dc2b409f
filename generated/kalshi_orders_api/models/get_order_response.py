from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.order import Order


T = TypeVar("T", bound="GetOrderResponse")


_REQUIRED_KEYS = frozenset(
    {
        "order",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order",
    }
)


@_attrs_define
class GetOrderResponse:
    """
    Attributes:
        order (Order): An order as GetOrders and GetOrder return it. Invariant: `yes_price_dollars + no_price_dollars =
            1`.
            Keys not listed here may appear (the API adds fields often); clients keep them.

            Legacy keys of the older GetOrders page (integer cents and counts, `queue_position`, the
            amend/decrease/close/fcc/place counters) are listed as deprecated optional properties, each naming its
            replacement: the live API stopped sending them on 12 Mar 2026 (or earlier), but old recordings and
            lagging gateways may still carry them. `x-kalshi-removed: true` marks them (and tells the generator
            they are usually absent); `side` and `action` are deprecated but still sent.
             Example: {'order_id': '0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b', 'user_id':
            '7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d', 'client_order_id': '3d0c7c3e-8f7e-4c2b-9a51-2a7f0d4c1b66', 'ticker':
            'KXSANDBOX-26DEC31-T50', 'outcome_side': 'yes', 'book_side': 'bid', 'type': 'limit', 'status': 'resting',
            'yes_price_dollars': '0.5600', 'no_price_dollars': '0.4400', 'fill_count_fp': '0.00', 'remaining_count_fp':
            '10.00', 'initial_count_fp': '10.00', 'taker_fill_cost_dollars': '0.0000', 'maker_fill_cost_dollars': '0.0000',
            'taker_fees_dollars': '0.0000', 'maker_fees_dollars': '0.0000', 'expiration_time': None, 'created_time':
            '2026-11-23T15:00:00Z', 'last_update_time': '2026-11-23T15:00:00Z', 'self_trade_prevention_type':
            'taker_at_cross', 'order_group_id': None, 'cancel_order_on_pause': False, 'subaccount_number': 0,
            'exchange_index': 0}.
    """

    order: Order
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order = self.order.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order": order,
            }
        )

        return field_dict

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
                "GetOrderResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 1
        _field = ""
        try:
            _field = "order"
            _raw = d["order"]
            if type(_raw) is not dict:
                raise ModelParseError(
                    "GetOrderResponse",
                    "order",
                    f"expected dict, got {type(_raw).__name__}",
                )

            order = Order.from_dict(_raw)

            _obj.order = order

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetOrderResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetOrderResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetOrderResponse":
                raise
            raise exc.nested("GetOrderResponse", _field) from None

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
