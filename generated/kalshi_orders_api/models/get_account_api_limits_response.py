from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..types import UNSET, Unset
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.api_usage_level_grant import ApiUsageLevelGrant
    from ..models.bucket_limit import BucketLimit


T = TypeVar("T", bound="GetAccountApiLimitsResponse")


_REMOVED_KEYS_1 = frozenset(
    {
        "read_limit",
        "write_limit",
    }
)
_REQUIRED_KEYS = frozenset(
    {
        "usage_tier",
        "read",
        "write",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "usage_tier",
        "read",
        "write",
        "grants",
        "read_limit",
        "write_limit",
    }
)


@_attrs_define
class GetAccountApiLimitsResponse:
    """Upstream replaced the flat `read_limit` / `write_limit` (requests per second, spec 3.13) with the two
    buckets in June 2026, and added `grants` at the same time.

        Example:
            {'usage_tier': 'basic', 'read': {'refill_rate': 200, 'bucket_capacity': 200}, 'write': {'refill_rate': 100,
                'bucket_capacity': 200}, 'grants': []}

        Attributes:
            usage_tier (str): The effective tier: basic, advanced, expert, premier, paragon, prime or prestige (lower case;
                new tiers appear).
            read (BucketLimit): One token bucket: it refills at `refill_rate` tokens per second up to `bucket_capacity`; a
                request is
                admitted if the bucket holds its whole cost, and answered 429 otherwise. A capacity equal to the rate
                is one second of budget; more is burst headroom an idle client builds up.
                 Example: {'refill_rate': 100, 'bucket_capacity': 200}.
            write (BucketLimit): One token bucket: it refills at `refill_rate` tokens per second up to `bucket_capacity`; a
                request is
                admitted if the bucket holds its whole cost, and answered 429 otherwise. A capacity equal to the rate
                is one second of budget; more is burst headroom an idle client builds up.
                 Example: {'refill_rate': 100, 'bucket_capacity': 200}.
            grants (list[ApiUsageLevelGrant] | Unset): The account's active tier grants (upstream requires the key; answers
                from before June 2026 lack it).
            read_limit (int | Unset): Removed (2026): reads per second. Replaced by read.refill_rate / endpoint cost.
            write_limit (int | Unset): Removed (2026): writes per second. Replaced by write.refill_rate / endpoint cost.
    """

    usage_tier: str
    read: BucketLimit
    write: BucketLimit
    grants: list[ApiUsageLevelGrant] | Unset = UNSET
    read_limit: int | Unset = UNSET
    write_limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        usage_tier = self.usage_tier

        read = self.read.to_dict()

        write = self.write.to_dict()

        grants: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.grants, Unset):
            grants = []
            for grants_item_data in self.grants:
                grants_item = grants_item_data.to_dict()
                grants.append(grants_item)

        read_limit = self.read_limit

        write_limit = self.write_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "usage_tier": usage_tier,
                "read": read,
                "write": write,
            }
        )
        if grants is not UNSET:
            field_dict["grants"] = grants
        if read_limit is not UNSET:
            field_dict["read_limit"] = read_limit
        if write_limit is not UNSET:
            field_dict["write_limit"] = write_limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.api_usage_level_grant import ApiUsageLevelGrant
        from ..models.bucket_limit import BucketLimit

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "GetAccountApiLimitsResponse",
                "",
                f"expected an object, got {type(src_dict).__name__}",
            )
        _get = d.get
        _seen = 3
        _field = ""
        try:
            _raw = d["usage_tier"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "GetAccountApiLimitsResponse",
                    "usage_tier",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.usage_tier = _raw

            _field = "read"
            _raw = d["read"]
            if type(_raw) is not dict:
                raise ModelParseError(
                    "GetAccountApiLimitsResponse",
                    "read",
                    f"expected dict, got {type(_raw).__name__}",
                )

            read = BucketLimit.from_dict(_raw)

            _obj.read = read

            _field = "write"
            _raw = d["write"]
            if type(_raw) is not dict:
                raise ModelParseError(
                    "GetAccountApiLimitsResponse",
                    "write",
                    f"expected dict, got {type(_raw).__name__}",
                )

            write = BucketLimit.from_dict(_raw)

            _obj.write = write

            _field = "grants"
            _raw = _get("grants", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not list:
                    raise ModelParseError(
                        "GetAccountApiLimitsResponse",
                        "grants",
                        f"expected list, got {type(_raw).__name__}",
                    )

            _grants = _raw
            grants: list[ApiUsageLevelGrant] | Unset = UNSET
            if _grants is not UNSET:
                grants = []
                for grants_item_data in _grants:
                    grants_item = ApiUsageLevelGrant.from_dict(grants_item_data)

                    grants.append(grants_item)

            _obj.grants = grants

            if len(d) == _seen:
                _obj.read_limit = _obj.write_limit = UNSET
                _extra = {}
            else:
                if d.keys().isdisjoint(_REMOVED_KEYS_1):
                    _obj.read_limit = _obj.write_limit = UNSET
                else:
                    _raw = _get("read_limit", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "GetAccountApiLimitsResponse",
                            "read_limit",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.read_limit = _raw

                    _raw = _get("write_limit", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "GetAccountApiLimitsResponse",
                            "write_limit",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.write_limit = _raw

                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("GetAccountApiLimitsResponse", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "GetAccountApiLimitsResponse",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "GetAccountApiLimitsResponse":
                raise
            raise exc.nested("GetAccountApiLimitsResponse", _field) from None

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
