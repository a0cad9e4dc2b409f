from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.order_queue_position import OrderQueuePosition


T = TypeVar("T", bound="GetOrderQueuePositionsResponse")


_REQUIRED_KEYS = frozenset(
    {
        "queue_positions",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "queue_positions",
    }
)


@_attrs_define
class GetOrderQueuePositionsResponse:
    """
    Example:
        {'queue_positions': [{'order_id': '0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b', 'market_ticker':
            'KXSANDBOX-26DEC31-T50', 'queue_position_fp': '100.00'}, {'order_id': '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
            'market_ticker': 'KXSANDBOX-26DEC31-T60', 'queue_position_fp': '0.00'}]}

    Attributes:
        queue_positions (list[OrderQueuePosition] | None): One entry per matching resting order. Read null (as the demo
            environment sends for other empty lists) as [].
    """

    queue_positions: list[OrderQueuePosition] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        queue_positions: list[dict[str, Any]] | None
        if isinstance(self.queue_positions, list):
            queue_positions = []
            for queue_positions_type_0_item_data in self.queue_positions:
                queue_positions_type_0_item = queue_positions_type_0_item_data.to_dict()
                queue_positions.append(queue_positions_type_0_item)

        else:
            queue_positions = self.queue_positions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "queue_positions": queue_positions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.order_queue_position import OrderQueuePosition

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "GetOrderQueuePositionsResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 1
        _field = ""
        try:
            _field = "queue_positions"
            _raw = d["queue_positions"]
            if _raw is not None and type(_raw) is not list:
                raise ModelParseError(
                    "GetOrderQueuePositionsResponse",
                    "queue_positions",
                    f"expected list or None, got {type(_raw).__name__}",
                )

            def _parse_queue_positions(data: object) -> list[OrderQueuePosition] | None:
                if data is None:
                    return data
                if not isinstance(data, list):
                    raise TypeError()
                queue_positions_type_0 = []
                _queue_positions_type_0 = data
                for queue_positions_type_0_item_data in _queue_positions_type_0:
                    queue_positions_type_0_item = OrderQueuePosition.from_dict(
                        queue_positions_type_0_item_data
                    )

                    queue_positions_type_0.append(queue_positions_type_0_item)

                return queue_positions_type_0

            queue_positions = _parse_queue_positions(_raw)

            _obj.queue_positions = queue_positions

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetOrderQueuePositionsResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetOrderQueuePositionsResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetOrderQueuePositionsResponse":
                raise
            raise exc.nested("GetOrderQueuePositionsResponse", _field) from None

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
