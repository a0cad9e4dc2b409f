from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..models.exchange_instance import ExchangeInstance
from ..types import UNSET, Unset
from ..types import unknown_enum as _unknown_enum
from ..types import unknown_fields as _unknown_fields

T = TypeVar("T", bound="ApiUsageLevelGrant")


_REQUIRED_KEYS = frozenset(
    {
        "exchange_instance",
        "level",
        "source",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "exchange_instance",
        "level",
        "source",
        "expires_ts",
    }
)
_ExchangeInstance_member = ExchangeInstance._value2member_map_.get


@_attrs_define
class ApiUsageLevelGrant:
    """A tier the account holds on one exchange, earned from volume or assigned by Kalshi.

    Example:
        {'exchange_instance': 'event_contract', 'level': 'premier', 'expires_ts': 1798761599, 'source': 'volume'}

    Attributes:
        exchange_instance (ExchangeInstance): The exchange a grant applies to.
        level (str): The tier the grant confers, e.g. premier, paragon, prime, prestige.
        source (str): `volume` (earned from trading volume) or `manual` (assigned by Kalshi).
        expires_ts (int | None | Unset): Unix seconds when the grant ends; absent or null for a permanent grant.
    """

    exchange_instance: ExchangeInstance
    level: str
    source: str
    expires_ts: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exchange_instance = self.exchange_instance.value

        level = self.level

        source = self.source

        expires_ts: int | None | Unset
        if isinstance(self.expires_ts, Unset):
            expires_ts = UNSET
        else:
            expires_ts = self.expires_ts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exchange_instance": exchange_instance,
                "level": level,
                "source": source,
            }
        )
        if expires_ts is not UNSET:
            field_dict["expires_ts"] = expires_ts

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
                "ApiUsageLevelGrant",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 3
        _field = ""
        try:
            _raw = d["exchange_instance"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "ApiUsageLevelGrant",
                    "exchange_instance",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.exchange_instance = _ExchangeInstance_member(_raw) or _unknown_enum(
                ExchangeInstance, _raw, "ApiUsageLevelGrant", "exchange_instance"
            )

            _raw = d["level"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "ApiUsageLevelGrant",
                    "level",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.level = _raw

            _raw = d["source"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "ApiUsageLevelGrant",
                    "source",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.source = _raw

            _raw = _get("expires_ts", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not int:
                    raise ModelParseError(
                        "ApiUsageLevelGrant",
                        "expires_ts",
                        f"expected int or None, got {type(_raw).__name__}",
                    )

            _obj.expires_ts = _raw

            if len(d) == _seen:
                _extra = {}
            else:
                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("ApiUsageLevelGrant", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "ApiUsageLevelGrant",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "ApiUsageLevelGrant":
                raise
            raise exc.nested("ApiUsageLevelGrant", _field) from None

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
