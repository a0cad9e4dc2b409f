from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="OrderQueuePosition")


_REQUIRED_KEYS = frozenset(
    {
        "order_id",
        "market_ticker",
        "queue_position_fp",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "order_id",
        "market_ticker",
        "queue_position_fp",
    }
)


@_attrs_define
class OrderQueuePosition:
    """
    Example:
        {'order_id': '0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b', 'market_ticker': 'KXSANDBOX-26DEC31-T50',
            'queue_position_fp': '100.00'}

    Attributes:
        order_id (str): The resting order's id.
        market_ticker (str): The order's market ticker.
        queue_position_fp (str): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
            "10.00"). Example: 10.00.
    """

    order_id: str
    market_ticker: str
    queue_position_fp: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        market_ticker = self.market_ticker

        queue_position_fp = self.queue_position_fp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "market_ticker": market_ticker,
                "queue_position_fp": queue_position_fp,
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
                "OrderQueuePosition",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 3
        _field = ""
        try:
            _raw = d["order_id"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "OrderQueuePosition",
                    "order_id",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.order_id = _raw

            _raw = d["market_ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "OrderQueuePosition",
                    "market_ticker",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.market_ticker = _raw

            _raw = d["queue_position_fp"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "OrderQueuePosition",
                    "queue_position_fp",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.queue_position_fp = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("OrderQueuePosition", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "OrderQueuePosition",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "OrderQueuePosition":
                raise
            raise exc.nested("OrderQueuePosition", _field) from None

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
