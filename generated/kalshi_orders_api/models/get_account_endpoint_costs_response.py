from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.endpoint_token_cost import EndpointTokenCost


T = TypeVar("T", bound="GetAccountEndpointCostsResponse")


_REQUIRED_KEYS = frozenset(
    {
        "default_cost",
        "endpoint_costs",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "default_cost",
        "endpoint_costs",
    }
)


@_attrs_define
class GetAccountEndpointCostsResponse:
    """
    Example:
        {'default_cost': 10, 'endpoint_costs': [{'method': 'GET', 'path': '/portfolio/orders/{order_id}', 'cost': 2},
            {'method': 'DELETE', 'path': '/portfolio/events/orders/{order_id}', 'cost': 2}]}

    Attributes:
        default_cost (int): What every endpoint not listed costs (10 today).
        endpoint_costs (list[EndpointTokenCost]): Only the endpoints whose cost differs from default_cost.
    """

    default_cost: int
    endpoint_costs: list[EndpointTokenCost]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        default_cost = self.default_cost

        endpoint_costs = []
        for endpoint_costs_item_data in self.endpoint_costs:
            endpoint_costs_item = endpoint_costs_item_data.to_dict()
            endpoint_costs.append(endpoint_costs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "default_cost": default_cost,
                "endpoint_costs": endpoint_costs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_token_cost import EndpointTokenCost

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "GetAccountEndpointCostsResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 2
        _field = ""
        try:
            _raw = d["default_cost"]
            if type(_raw) is not int:
                raise ModelParseError(
                    "GetAccountEndpointCostsResponse",
                    "default_cost",
                    f"expected int, got {type(_raw).__name__}",
                )

            _obj.default_cost = _raw

            _field = "endpoint_costs"
            _raw = d["endpoint_costs"]
            if type(_raw) is not list:
                raise ModelParseError(
                    "GetAccountEndpointCostsResponse",
                    "endpoint_costs",
                    f"expected list, got {type(_raw).__name__}",
                )

            endpoint_costs = []
            _endpoint_costs = _raw
            for endpoint_costs_item_data in _endpoint_costs:
                endpoint_costs_item = EndpointTokenCost.from_dict(
                    endpoint_costs_item_data
                )

                endpoint_costs.append(endpoint_costs_item)

            _obj.endpoint_costs = endpoint_costs

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetAccountEndpointCostsResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetAccountEndpointCostsResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetAccountEndpointCostsResponse":
                raise
            raise exc.nested("GetAccountEndpointCostsResponse", _field) from None

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
