from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.market import Market


T = TypeVar("T", bound="GetMarketResponse")


_REQUIRED_KEYS = frozenset(
    {
        "market",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "market",
    }
)


@_attrs_define
class GetMarketResponse:
    """
    Attributes:
        market (Market): A market as GetMarket returns it. Keys not listed here are kept (the object carries many more).

            Upstream (SDK 3.34) marks 34 of these fields required. The curated spec requires only those order
            entry depends on, so that a market answer lacking a descriptive field still parses; the live API and
            the sandbox send all of: ticker, event_ticker, market_type, yes_sub_title, no_sub_title,
            created_time, updated_time, open_time, close_time, latest_expiration_time, settlement_timer_seconds,
            status, the quote, size, volume and open-interest fields, result, can_close_early,
            settlement_bounds_type, expiration_value, rules_primary, rules_secondary, price_level_structure and
            price_ranges.
             Example: {'ticker': 'KXTAPER-26DEC31-C1', 'event_ticker': 'KXTAPER-26DEC31', 'market_type': 'binary', 'status':
            'active', 'price_level_structure': 'tapered_deci_cent', 'price_ranges': [{'start': '0.0000', 'end': '0.1000',
            'step': '0.0010'}, {'start': '0.1000', 'end': '0.9000', 'step': '0.0100'}, {'start': '0.9000', 'end': '1.0000',
            'step': '0.0010'}], 'exchange_index': 1, 'yes_sub_title': 'Yes', 'no_sub_title': 'No', 'created_time':
            '2026-01-01T00:00:00Z', 'updated_time': '2026-01-01T00:00:00Z', 'open_time': '2026-01-01T00:00:00Z',
            'close_time': '2026-12-31T23:59:59Z', 'expected_expiration_time': '2026-12-31T23:59:59Z',
            'latest_expiration_time': '2026-12-31T23:59:59Z', 'settlement_timer_seconds': 300, 'yes_bid_dollars': '0.4000',
            'yes_bid_size_fp': '100.00', 'yes_ask_dollars': '0.6000', 'yes_ask_size_fp': '100.00', 'no_bid_dollars':
            '0.4000', 'no_ask_dollars': '0.6000', 'last_price_dollars': '0.0000', 'previous_yes_bid_dollars': '0.4000',
            'previous_yes_ask_dollars': '0.6000', 'previous_price_dollars': '0.0000', 'volume_fp': '0.00', 'volume_24h_fp':
            '0.00', 'open_interest_fp': '0.00', 'notional_value_dollars': '1.0000', 'result': '', 'can_close_early': True,
            'expiration_value': '', 'settlement_bounds_type': 'default', 'settlement_floor_dollars': None, 'rules_primary':
            'If the sandbox says so, the market resolves to Yes.', 'rules_secondary': ''}.
    """

    market: Market
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        market = self.market.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "market": market,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.market import Market

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "GetMarketResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _seen = 1
        _field = ""
        try:
            _field = "market"
            _raw = d["market"]
            if type(_raw) is not dict:
                raise ModelParseError(
                    "GetMarketResponse",
                    "market",
                    f"expected dict, got {type(_raw).__name__}",
                )

            market = Market.from_dict(_raw)

            _obj.market = market

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetMarketResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetMarketResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetMarketResponse":
                raise
            raise exc.nested("GetMarketResponse", _field) from None

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
