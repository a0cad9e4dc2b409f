from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import ModelParseError
from ..models.market_status import MarketStatus
from ..models.market_type import MarketType
from ..models.price_level_structure import PriceLevelStructure
from ..models.settlement_bounds_type import SettlementBoundsType
from ..types import UNSET, Unset
from ..types import unknown_enum as _unknown_enum
from ..types import unknown_fields as _unknown_fields

if TYPE_CHECKING:
    from ..models.price_range import PriceRange


T = TypeVar("T", bound="Market")


_REMOVED_KEYS_1 = frozenset(
    {
        "tick_size",
        "response_price_units",
        "liquidity_dollars",
    }
)
_REQUIRED_KEYS = frozenset(
    {
        "ticker",
        "event_ticker",
        "market_type",
        "status",
        "price_level_structure",
        "price_ranges",
    }
)
_KNOWN_KEYS = frozenset(
    {
        "ticker",
        "event_ticker",
        "market_type",
        "status",
        "price_level_structure",
        "price_ranges",
        "exchange_index",
        "yes_sub_title",
        "no_sub_title",
        "created_time",
        "updated_time",
        "open_time",
        "close_time",
        "expected_expiration_time",
        "latest_expiration_time",
        "settlement_timer_seconds",
        "yes_bid_dollars",
        "yes_bid_size_fp",
        "yes_ask_dollars",
        "yes_ask_size_fp",
        "no_bid_dollars",
        "no_ask_dollars",
        "last_price_dollars",
        "previous_yes_bid_dollars",
        "previous_yes_ask_dollars",
        "previous_price_dollars",
        "volume_fp",
        "volume_24h_fp",
        "open_interest_fp",
        "notional_value_dollars",
        "result",
        "can_close_early",
        "expiration_value",
        "settlement_bounds_type",
        "settlement_floor_dollars",
        "settlement_value_dollars",
        "settlement_ts",
        "occurrence_datetime",
        "fee_waiver_expiration_time",
        "early_close_condition",
        "rules_primary",
        "rules_secondary",
        "is_provisional",
        "fractional_trading_enabled",
        "tick_size",
        "response_price_units",
        "liquidity_dollars",
        "title",
        "subtitle",
    }
)
_MarketType_member = MarketType._value2member_map_.get
_MarketStatus_member = MarketStatus._value2member_map_.get
_PriceLevelStructure_member = PriceLevelStructure._value2member_map_.get
_SettlementBoundsType_member = SettlementBoundsType._value2member_map_.get


@_attrs_define
class Market:
    """A market as GetMarket returns it. Keys not listed here are kept (the object carries many more).

    Upstream (SDK 3.34) marks 34 of these fields required. The curated spec requires only those order
    entry depends on, so that a market answer lacking a descriptive field still parses; the live API and
    the sandbox send all of: ticker, event_ticker, market_type, yes_sub_title, no_sub_title,
    created_time, updated_time, open_time, close_time, latest_expiration_time, settlement_timer_seconds,
    status, the quote, size, volume and open-interest fields, result, can_close_early,
    settlement_bounds_type, expiration_value, rules_primary, rules_secondary, price_level_structure and
    price_ranges.

        Example:
            {'ticker': 'KXTAPER-26DEC31-C1', 'event_ticker': 'KXTAPER-26DEC31', 'market_type': 'binary', 'status': 'active',
                'price_level_structure': 'tapered_deci_cent', 'price_ranges': [{'start': '0.0000', 'end': '0.1000', 'step':
                '0.0010'}, {'start': '0.1000', 'end': '0.9000', 'step': '0.0100'}, {'start': '0.9000', 'end': '1.0000', 'step':
                '0.0010'}], 'exchange_index': 1, 'yes_sub_title': 'Yes', 'no_sub_title': 'No', 'created_time':
                '2026-01-01T00:00:00Z', 'updated_time': '2026-01-01T00:00:00Z', 'open_time': '2026-01-01T00:00:00Z',
                'close_time': '2026-12-31T23:59:59Z', 'expected_expiration_time': '2026-12-31T23:59:59Z',
                'latest_expiration_time': '2026-12-31T23:59:59Z', 'settlement_timer_seconds': 300, 'yes_bid_dollars': '0.4000',
                'yes_bid_size_fp': '100.00', 'yes_ask_dollars': '0.6000', 'yes_ask_size_fp': '100.00', 'no_bid_dollars':
                '0.4000', 'no_ask_dollars': '0.6000', 'last_price_dollars': '0.0000', 'previous_yes_bid_dollars': '0.4000',
                'previous_yes_ask_dollars': '0.6000', 'previous_price_dollars': '0.0000', 'volume_fp': '0.00', 'volume_24h_fp':
                '0.00', 'open_interest_fp': '0.00', 'notional_value_dollars': '1.0000', 'result': '', 'can_close_early': True,
                'expiration_value': '', 'settlement_bounds_type': 'default', 'settlement_floor_dollars': None, 'rules_primary':
                'If the sandbox says so, the market resolves to Yes.', 'rules_secondary': ''}

        Attributes:
            ticker (str): The market ticker.
            event_ticker (str): The event the market belongs to.
            market_type (MarketType):
            status (MarketStatus): Where the market is in its lifecycle; orders are accepted only while it is `active`. (The
                GetMarkets
                `status` filter uses other words: unopened, open, paused, closed, settled.)
            price_level_structure (PriceLevelStructure): The named tick grid. `linear_cent`: 0.01 everywhere. `deci_cent`:
                0.001 everywhere.
                `tapered_deci_cent`: 0.001 below 0.10 and above 0.90, 0.01 between. `price_ranges` spells the grid
                out and is what to check prices against, including under a structure this list does not know yet.
            price_ranges (list[PriceRange]): The tick grid as bands, in ascending price order.
            exchange_index (int | Unset): Exchange shard of the market (orders auto-route to it by ticker).
            yes_sub_title (str | Unset): Short title of the YES side.
            no_sub_title (str | Unset): Short title of the NO side.
            created_time (str | Unset):
            updated_time (str | Unset): Last non-trading metadata update.
            open_time (str | Unset): When trading opens.
            close_time (str | Unset): When trading closes.
            expected_expiration_time (None | str | Unset):
            latest_expiration_time (str | Unset): The latest time the market can expire.
            settlement_timer_seconds (int | Unset): Seconds from determination to settlement.
            yes_bid_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            yes_bid_size_fp (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
                (e.g. "10.00"). Example: 10.00.
            yes_ask_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            yes_ask_size_fp (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
                (e.g. "10.00"). Example: 10.00.
            no_bid_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            no_ask_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            last_price_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            previous_yes_bid_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6
                decimals (e.g. "0.5600"). Example: 0.5600.
            previous_yes_ask_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6
                decimals (e.g. "0.5600"). Example: 0.5600.
            previous_price_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6
                decimals (e.g. "0.5600"). Example: 0.5600.
            volume_fp (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals (e.g.
                "10.00"). Example: 10.00.
            volume_24h_fp (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
                (e.g. "10.00"). Example: 10.00.
            open_interest_fp (str | Unset): A contract count as a decimal string; responses always emit exactly 2 decimals
                (e.g. "10.00"). Example: 10.00.
            notional_value_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6
                decimals (e.g. "0.5600"). Example: 0.5600.
            result (str | Unset): `yes`, `no` or `scalar` once determined; empty before.
            can_close_early (bool | Unset):
            expiration_value (str | Unset): The value the settlement was based on (empty before).
            settlement_bounds_type (SettlementBoundsType | Unset): `default`: no settlement floor ever applies. `floor`:
                `settlement_floor_dollars` is the minimum YES payout.
            settlement_floor_dollars (None | str | Unset): Minimum YES payout of a `floor` market.
            settlement_value_dollars (None | str | Unset): YES settlement value, once determined.
            settlement_ts (None | str | Unset):
            occurrence_datetime (None | str | Unset):
            fee_waiver_expiration_time (None | str | Unset):
            early_close_condition (None | str | Unset):
            rules_primary (str | Unset):
            rules_secondary (str | Unset):
            is_provisional (bool | Unset): The market may be removed after determination if nothing traded.
            fractional_trading_enabled (bool | Unset): Deprecated 17 Apr 2026, when every market started to take counts in
                steps of 0.01; read absent as true. Replaced by nothing.
            tick_size (int | Unset): Removed: the tick in cents. Replaced by price_level_structure and price_ranges.
            response_price_units (str | Unset): Removed: always usd_cent. Replaced by price_level_structure and
                price_ranges.
            liquidity_dollars (str | Unset): A non-negative USD amount as a decimal string; responses emit up to 6 decimals
                (e.g. "0.5600"). Example: 0.5600.
            title (str | Unset): Deprecated; use the event's title and yes_sub_title / no_sub_title.
            subtitle (str | Unset): Deprecated; use yes_sub_title / no_sub_title.
    """

    ticker: str
    event_ticker: str
    market_type: MarketType
    status: MarketStatus
    price_level_structure: PriceLevelStructure
    price_ranges: list[PriceRange]
    exchange_index: int | Unset = UNSET
    yes_sub_title: str | Unset = UNSET
    no_sub_title: str | Unset = UNSET
    created_time: str | Unset = UNSET
    updated_time: str | Unset = UNSET
    open_time: str | Unset = UNSET
    close_time: str | Unset = UNSET
    expected_expiration_time: None | str | Unset = UNSET
    latest_expiration_time: str | Unset = UNSET
    settlement_timer_seconds: int | Unset = UNSET
    yes_bid_dollars: str | Unset = UNSET
    yes_bid_size_fp: str | Unset = UNSET
    yes_ask_dollars: str | Unset = UNSET
    yes_ask_size_fp: str | Unset = UNSET
    no_bid_dollars: str | Unset = UNSET
    no_ask_dollars: str | Unset = UNSET
    last_price_dollars: str | Unset = UNSET
    previous_yes_bid_dollars: str | Unset = UNSET
    previous_yes_ask_dollars: str | Unset = UNSET
    previous_price_dollars: str | Unset = UNSET
    volume_fp: str | Unset = UNSET
    volume_24h_fp: str | Unset = UNSET
    open_interest_fp: str | Unset = UNSET
    notional_value_dollars: str | Unset = UNSET
    result: str | Unset = UNSET
    can_close_early: bool | Unset = UNSET
    expiration_value: str | Unset = UNSET
    settlement_bounds_type: SettlementBoundsType | Unset = UNSET
    settlement_floor_dollars: None | str | Unset = UNSET
    settlement_value_dollars: None | str | Unset = UNSET
    settlement_ts: None | str | Unset = UNSET
    occurrence_datetime: None | str | Unset = UNSET
    fee_waiver_expiration_time: None | str | Unset = UNSET
    early_close_condition: None | str | Unset = UNSET
    rules_primary: str | Unset = UNSET
    rules_secondary: str | Unset = UNSET
    is_provisional: bool | Unset = UNSET
    fractional_trading_enabled: bool | Unset = UNSET
    tick_size: int | Unset = UNSET
    response_price_units: str | Unset = UNSET
    liquidity_dollars: str | Unset = UNSET
    title: str | Unset = UNSET
    subtitle: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ticker = self.ticker

        event_ticker = self.event_ticker

        market_type = self.market_type.value

        status = self.status.value

        price_level_structure = self.price_level_structure.value

        price_ranges = []
        for price_ranges_item_data in self.price_ranges:
            price_ranges_item = price_ranges_item_data.to_dict()
            price_ranges.append(price_ranges_item)

        exchange_index = self.exchange_index

        yes_sub_title = self.yes_sub_title

        no_sub_title = self.no_sub_title

        created_time = self.created_time

        updated_time = self.updated_time

        open_time = self.open_time

        close_time = self.close_time

        expected_expiration_time: None | str | Unset
        if isinstance(self.expected_expiration_time, Unset):
            expected_expiration_time = UNSET
        else:
            expected_expiration_time = self.expected_expiration_time

        latest_expiration_time = self.latest_expiration_time

        settlement_timer_seconds = self.settlement_timer_seconds

        yes_bid_dollars = self.yes_bid_dollars

        yes_bid_size_fp = self.yes_bid_size_fp

        yes_ask_dollars = self.yes_ask_dollars

        yes_ask_size_fp = self.yes_ask_size_fp

        no_bid_dollars = self.no_bid_dollars

        no_ask_dollars = self.no_ask_dollars

        last_price_dollars = self.last_price_dollars

        previous_yes_bid_dollars = self.previous_yes_bid_dollars

        previous_yes_ask_dollars = self.previous_yes_ask_dollars

        previous_price_dollars = self.previous_price_dollars

        volume_fp = self.volume_fp

        volume_24h_fp = self.volume_24h_fp

        open_interest_fp = self.open_interest_fp

        notional_value_dollars = self.notional_value_dollars

        result = self.result

        can_close_early = self.can_close_early

        expiration_value = self.expiration_value

        settlement_bounds_type: str | Unset = UNSET
        if not isinstance(self.settlement_bounds_type, Unset):
            settlement_bounds_type = self.settlement_bounds_type.value

        settlement_floor_dollars: None | str | Unset
        if isinstance(self.settlement_floor_dollars, Unset):
            settlement_floor_dollars = UNSET
        else:
            settlement_floor_dollars = self.settlement_floor_dollars

        settlement_value_dollars: None | str | Unset
        if isinstance(self.settlement_value_dollars, Unset):
            settlement_value_dollars = UNSET
        else:
            settlement_value_dollars = self.settlement_value_dollars

        settlement_ts: None | str | Unset
        if isinstance(self.settlement_ts, Unset):
            settlement_ts = UNSET
        else:
            settlement_ts = self.settlement_ts

        occurrence_datetime: None | str | Unset
        if isinstance(self.occurrence_datetime, Unset):
            occurrence_datetime = UNSET
        else:
            occurrence_datetime = self.occurrence_datetime

        fee_waiver_expiration_time: None | str | Unset
        if isinstance(self.fee_waiver_expiration_time, Unset):
            fee_waiver_expiration_time = UNSET
        else:
            fee_waiver_expiration_time = self.fee_waiver_expiration_time

        early_close_condition: None | str | Unset
        if isinstance(self.early_close_condition, Unset):
            early_close_condition = UNSET
        else:
            early_close_condition = self.early_close_condition

        rules_primary = self.rules_primary

        rules_secondary = self.rules_secondary

        is_provisional = self.is_provisional

        fractional_trading_enabled = self.fractional_trading_enabled

        tick_size = self.tick_size

        response_price_units = self.response_price_units

        liquidity_dollars = self.liquidity_dollars

        title = self.title

        subtitle = self.subtitle

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ticker": ticker,
                "event_ticker": event_ticker,
                "market_type": market_type,
                "status": status,
                "price_level_structure": price_level_structure,
                "price_ranges": price_ranges,
            }
        )
        if exchange_index is not UNSET:
            field_dict["exchange_index"] = exchange_index
        if yes_sub_title is not UNSET:
            field_dict["yes_sub_title"] = yes_sub_title
        if no_sub_title is not UNSET:
            field_dict["no_sub_title"] = no_sub_title
        if created_time is not UNSET:
            field_dict["created_time"] = created_time
        if updated_time is not UNSET:
            field_dict["updated_time"] = updated_time
        if open_time is not UNSET:
            field_dict["open_time"] = open_time
        if close_time is not UNSET:
            field_dict["close_time"] = close_time
        if expected_expiration_time is not UNSET:
            field_dict["expected_expiration_time"] = expected_expiration_time
        if latest_expiration_time is not UNSET:
            field_dict["latest_expiration_time"] = latest_expiration_time
        if settlement_timer_seconds is not UNSET:
            field_dict["settlement_timer_seconds"] = settlement_timer_seconds
        if yes_bid_dollars is not UNSET:
            field_dict["yes_bid_dollars"] = yes_bid_dollars
        if yes_bid_size_fp is not UNSET:
            field_dict["yes_bid_size_fp"] = yes_bid_size_fp
        if yes_ask_dollars is not UNSET:
            field_dict["yes_ask_dollars"] = yes_ask_dollars
        if yes_ask_size_fp is not UNSET:
            field_dict["yes_ask_size_fp"] = yes_ask_size_fp
        if no_bid_dollars is not UNSET:
            field_dict["no_bid_dollars"] = no_bid_dollars
        if no_ask_dollars is not UNSET:
            field_dict["no_ask_dollars"] = no_ask_dollars
        if last_price_dollars is not UNSET:
            field_dict["last_price_dollars"] = last_price_dollars
        if previous_yes_bid_dollars is not UNSET:
            field_dict["previous_yes_bid_dollars"] = previous_yes_bid_dollars
        if previous_yes_ask_dollars is not UNSET:
            field_dict["previous_yes_ask_dollars"] = previous_yes_ask_dollars
        if previous_price_dollars is not UNSET:
            field_dict["previous_price_dollars"] = previous_price_dollars
        if volume_fp is not UNSET:
            field_dict["volume_fp"] = volume_fp
        if volume_24h_fp is not UNSET:
            field_dict["volume_24h_fp"] = volume_24h_fp
        if open_interest_fp is not UNSET:
            field_dict["open_interest_fp"] = open_interest_fp
        if notional_value_dollars is not UNSET:
            field_dict["notional_value_dollars"] = notional_value_dollars
        if result is not UNSET:
            field_dict["result"] = result
        if can_close_early is not UNSET:
            field_dict["can_close_early"] = can_close_early
        if expiration_value is not UNSET:
            field_dict["expiration_value"] = expiration_value
        if settlement_bounds_type is not UNSET:
            field_dict["settlement_bounds_type"] = settlement_bounds_type
        if settlement_floor_dollars is not UNSET:
            field_dict["settlement_floor_dollars"] = settlement_floor_dollars
        if settlement_value_dollars is not UNSET:
            field_dict["settlement_value_dollars"] = settlement_value_dollars
        if settlement_ts is not UNSET:
            field_dict["settlement_ts"] = settlement_ts
        if occurrence_datetime is not UNSET:
            field_dict["occurrence_datetime"] = occurrence_datetime
        if fee_waiver_expiration_time is not UNSET:
            field_dict["fee_waiver_expiration_time"] = fee_waiver_expiration_time
        if early_close_condition is not UNSET:
            field_dict["early_close_condition"] = early_close_condition
        if rules_primary is not UNSET:
            field_dict["rules_primary"] = rules_primary
        if rules_secondary is not UNSET:
            field_dict["rules_secondary"] = rules_secondary
        if is_provisional is not UNSET:
            field_dict["is_provisional"] = is_provisional
        if fractional_trading_enabled is not UNSET:
            field_dict["fractional_trading_enabled"] = fractional_trading_enabled
        if tick_size is not UNSET:
            field_dict["tick_size"] = tick_size
        if response_price_units is not UNSET:
            field_dict["response_price_units"] = response_price_units
        if liquidity_dollars is not UNSET:
            field_dict["liquidity_dollars"] = liquidity_dollars
        if title is not UNSET:
            field_dict["title"] = title
        if subtitle is not UNSET:
            field_dict["subtitle"] = subtitle

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.price_range import PriceRange

        _obj = cls.__new__(cls)
        if type(src_dict) is dict:
            d = src_dict
        elif isinstance(src_dict, Mapping):
            # A plain copy: a mapping's own __missing__ (a defaultdict's) must not answer for a missing key.
            d = dict(src_dict)
        else:
            raise ModelParseError(
                "Market", "", f"expected an object, got {type(src_dict).__name__}"
            )
        _get = d.get
        _seen = 6
        _field = ""
        try:
            _raw = d["ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Market", "ticker", f"expected str, got {type(_raw).__name__}"
                )

            _obj.ticker = _raw

            _raw = d["event_ticker"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Market", "event_ticker", f"expected str, got {type(_raw).__name__}"
                )

            _obj.event_ticker = _raw

            _raw = d["market_type"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Market", "market_type", f"expected str, got {type(_raw).__name__}"
                )

            _obj.market_type = _MarketType_member(_raw) or _unknown_enum(
                MarketType, _raw, "Market", "market_type"
            )

            _raw = d["status"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Market", "status", f"expected str, got {type(_raw).__name__}"
                )

            _obj.status = _MarketStatus_member(_raw) or _unknown_enum(
                MarketStatus, _raw, "Market", "status"
            )

            _raw = d["price_level_structure"]
            if type(_raw) is not str:
                raise ModelParseError(
                    "Market",
                    "price_level_structure",
                    f"expected str, got {type(_raw).__name__}",
                )

            _obj.price_level_structure = _PriceLevelStructure_member(
                _raw
            ) or _unknown_enum(
                PriceLevelStructure, _raw, "Market", "price_level_structure"
            )

            _field = "price_ranges"
            _raw = d["price_ranges"]
            if type(_raw) is not list:
                raise ModelParseError(
                    "Market",
                    "price_ranges",
                    f"expected list, got {type(_raw).__name__}",
                )

            price_ranges = []
            _price_ranges = _raw
            for price_ranges_item_data in _price_ranges:
                price_ranges_item = PriceRange.from_dict(price_ranges_item_data)

                price_ranges.append(price_ranges_item)

            _obj.price_ranges = price_ranges

            _raw = _get("exchange_index", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "Market",
                        "exchange_index",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.exchange_index = _raw

            _raw = _get("yes_sub_title", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "yes_sub_title",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.yes_sub_title = _raw

            _raw = _get("no_sub_title", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "no_sub_title",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.no_sub_title = _raw

            _raw = _get("created_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "created_time",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.created_time = _raw

            _raw = _get("updated_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "updated_time",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.updated_time = _raw

            _raw = _get("open_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "open_time",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.open_time = _raw

            _raw = _get("close_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "close_time",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.close_time = _raw

            _raw = _get("expected_expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "expected_expiration_time",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.expected_expiration_time = _raw

            _raw = _get("latest_expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "latest_expiration_time",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.latest_expiration_time = _raw

            _raw = _get("settlement_timer_seconds", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not int:
                    raise ModelParseError(
                        "Market",
                        "settlement_timer_seconds",
                        f"expected int, got {type(_raw).__name__}",
                    )

            _obj.settlement_timer_seconds = _raw

            _raw = _get("yes_bid_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "yes_bid_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.yes_bid_dollars = _raw

            _raw = _get("yes_bid_size_fp", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "yes_bid_size_fp",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.yes_bid_size_fp = _raw

            _raw = _get("yes_ask_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "yes_ask_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.yes_ask_dollars = _raw

            _raw = _get("yes_ask_size_fp", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "yes_ask_size_fp",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.yes_ask_size_fp = _raw

            _raw = _get("no_bid_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "no_bid_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.no_bid_dollars = _raw

            _raw = _get("no_ask_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "no_ask_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.no_ask_dollars = _raw

            _raw = _get("last_price_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "last_price_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.last_price_dollars = _raw

            _raw = _get("previous_yes_bid_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "previous_yes_bid_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.previous_yes_bid_dollars = _raw

            _raw = _get("previous_yes_ask_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "previous_yes_ask_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.previous_yes_ask_dollars = _raw

            _raw = _get("previous_price_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "previous_price_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.previous_price_dollars = _raw

            _raw = _get("volume_fp", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "volume_fp",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.volume_fp = _raw

            _raw = _get("volume_24h_fp", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "volume_24h_fp",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.volume_24h_fp = _raw

            _raw = _get("open_interest_fp", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "open_interest_fp",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.open_interest_fp = _raw

            _raw = _get("notional_value_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "notional_value_dollars",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.notional_value_dollars = _raw

            _raw = _get("result", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market", "result", f"expected str, got {type(_raw).__name__}"
                    )

            _obj.result = _raw

            _raw = _get("can_close_early", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "Market",
                        "can_close_early",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.can_close_early = _raw

            _raw = _get("expiration_value", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "expiration_value",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.expiration_value = _raw

            _raw = _get("settlement_bounds_type", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "settlement_bounds_type",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.settlement_bounds_type = (
                UNSET
                if _raw is UNSET
                else (
                    _SettlementBoundsType_member(_raw)
                    or _unknown_enum(
                        SettlementBoundsType, _raw, "Market", "settlement_bounds_type"
                    )
                )
            )

            _raw = _get("settlement_floor_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "settlement_floor_dollars",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.settlement_floor_dollars = _raw

            _raw = _get("settlement_value_dollars", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "settlement_value_dollars",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.settlement_value_dollars = _raw

            _raw = _get("settlement_ts", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "settlement_ts",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.settlement_ts = _raw

            _raw = _get("occurrence_datetime", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "occurrence_datetime",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.occurrence_datetime = _raw

            _raw = _get("fee_waiver_expiration_time", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "fee_waiver_expiration_time",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.fee_waiver_expiration_time = _raw

            _raw = _get("early_close_condition", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if _raw is not None and type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "early_close_condition",
                        f"expected str or None, got {type(_raw).__name__}",
                    )

            _obj.early_close_condition = _raw

            _raw = _get("rules_primary", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "rules_primary",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.rules_primary = _raw

            _raw = _get("rules_secondary", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market",
                        "rules_secondary",
                        f"expected str, got {type(_raw).__name__}",
                    )

            _obj.rules_secondary = _raw

            _raw = _get("is_provisional", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "Market",
                        "is_provisional",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.is_provisional = _raw

            _raw = _get("fractional_trading_enabled", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not bool:
                    raise ModelParseError(
                        "Market",
                        "fractional_trading_enabled",
                        f"expected bool, got {type(_raw).__name__}",
                    )

            _obj.fractional_trading_enabled = _raw

            _raw = _get("title", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market", "title", f"expected str, got {type(_raw).__name__}"
                    )

            _obj.title = _raw

            _raw = _get("subtitle", UNSET)
            if _raw is not UNSET:
                _seen += 1
                if type(_raw) is not str:
                    raise ModelParseError(
                        "Market", "subtitle", f"expected str, got {type(_raw).__name__}"
                    )

            _obj.subtitle = _raw

            if len(d) == _seen:
                _obj.tick_size = _obj.response_price_units = _obj.liquidity_dollars = (
                    UNSET
                )
                _extra = {}
            else:
                if d.keys().isdisjoint(_REMOVED_KEYS_1):
                    _obj.tick_size = _obj.response_price_units = (
                        _obj.liquidity_dollars
                    ) = UNSET
                else:
                    _raw = _get("tick_size", UNSET)
                    if _raw is not UNSET and type(_raw) is not int:
                        raise ModelParseError(
                            "Market",
                            "tick_size",
                            f"expected int, got {type(_raw).__name__}",
                        )

                    _obj.tick_size = _raw

                    _raw = _get("response_price_units", UNSET)
                    if _raw is not UNSET and type(_raw) is not str:
                        raise ModelParseError(
                            "Market",
                            "response_price_units",
                            f"expected str, got {type(_raw).__name__}",
                        )

                    _obj.response_price_units = _raw

                    _raw = _get("liquidity_dollars", UNSET)
                    if _raw is not UNSET and type(_raw) is not str:
                        raise ModelParseError(
                            "Market",
                            "liquidity_dollars",
                            f"expected str, got {type(_raw).__name__}",
                        )

                    _obj.liquidity_dollars = _raw

                _extra = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
                if _extra:
                    _unknown_fields("Market", _extra)
        except KeyError:
            _missing = sorted(_REQUIRED_KEYS.difference(d))
            if not _missing:
                raise
            raise ModelParseError(
                "Market",
                _missing[0],
                "required field is missing"
                + (
                    f" (also missing: {', '.join(_missing[1:])})"
                    if len(_missing) > 1
                    else ""
                ),
            ) from None
        except ModelParseError as exc:
            if exc.model == "Market":
                raise
            raise exc.nested("Market", _field) from None

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
