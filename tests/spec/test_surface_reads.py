"""The reads beside the orders (queue positions, ...): parameters as the live API takes them, real models."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import kalshi_orders_api.models as models
from kalshi_orders_api.api.account import get_account_api_limits, get_account_endpoint_costs
from kalshi_orders_api.api.market import get_market
from kalshi_orders_api.api.orders import get_order_queue_position, get_order_queue_positions
from kalshi_orders_api.errors import ModelParseError
from kalshi_orders_api.types import UNSET
from tests.spec._jsonschema import load_spec

SPEC = load_spec()


def _operation(path: str, method: str = "get") -> dict[str, Any]:
    op: dict[str, Any] = SPEC["paths"][path][method]
    return op


def _query(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for param in op.get("parameters", []):
        if "$ref" in param:
            param = SPEC["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
        if param["in"] == "query":
            out[param["name"]] = param
    return out


def _success_model(op: dict[str, Any]) -> str:
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    name: str = schema["$ref"].rsplit("/", 1)[1]
    return name


# ------------------------------------------------------------------------------------------ queue positions
def test_queue_positions_takes_every_live_filter() -> None:
    op = _operation("/portfolio/orders/queue_positions")
    assert op["operationId"] == "GetOrderQueuePositions"
    query = _query(op)
    assert set(query) == {"market_tickers", "event_ticker", "subaccount"}
    # Upstream: subaccount defaults to the primary account here (unlike GetOrders, where omitted means all).
    assert query["subaccount"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 63, "default": 0}
    assert op["x-kalshi-rate-limit"] == {"bucket": "read", "cost": 10}
    parameters = inspect.signature(get_order_queue_positions.sync_detailed).parameters
    assert {"market_tickers", "event_ticker", "subaccount"} <= set(parameters)


def test_single_queue_position_takes_the_order_id_only() -> None:
    op = _operation("/portfolio/orders/{order_id}/queue_position")
    assert op["operationId"] == "GetOrderQueuePosition"
    assert _query(op) == {}
    assert {"404", "401", "429"} <= set(op["responses"])
    assert op["x-kalshi-rate-limit"] == {"bucket": "read", "cost": 10}
    assert "order_id" in inspect.signature(get_order_queue_position.sync_detailed).parameters


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/portfolio/orders/queue_positions", "GetOrderQueuePositionsResponse"),
        ("/portfolio/orders/{order_id}/queue_position", "GetOrderQueuePositionResponse"),
    ],
)
def test_responses_have_generated_models(path: str, model: str) -> None:
    assert _success_model(_operation(path)) == model
    assert inspect.isclass(getattr(models, model))


def test_queue_counts_are_fixed_point_strings() -> None:
    schemas = SPEC["components"]["schemas"]
    for name in ("GetOrderQueuePositionResponse", "OrderQueuePosition"):
        prop = schemas[name]["properties"]["queue_position_fp"]
        assert prop["allOf"] == [{"$ref": "#/components/schemas/FixedPointCount"}]
        assert "queue_position_fp" in schemas[name]["required"]


def test_a_live_queue_positions_answer_parses_and_round_trips() -> None:
    live = {
        "queue_positions": [
            {"order_id": "a", "market_ticker": "KXA-1", "queue_position_fp": "1250.50", "shard": 3},
            {"order_id": "b", "market_ticker": "KXB-2", "queue_position_fp": "0.00"},
        ],
        "next_field": True,
    }
    parsed = models.GetOrderQueuePositionsResponse.from_dict(live)
    assert not isinstance(parsed.queue_positions, type(UNSET)) and parsed.queue_positions is not None
    first = parsed.queue_positions[0]
    assert (first.order_id, first.queue_position_fp) == ("a", "1250.50")
    assert first.additional_properties == {"shard": 3}
    assert parsed.to_dict() == live


def test_a_null_list_parses_and_a_missing_count_is_named() -> None:
    assert models.GetOrderQueuePositionsResponse.from_dict({"queue_positions": None}).queue_positions is None
    with pytest.raises(ModelParseError, match="queue_position_fp"):
        models.GetOrderQueuePositionResponse.from_dict({"queue_position": 0})
    with pytest.raises(ModelParseError, match=r"queue_positions\.market_ticker"):
        models.GetOrderQueuePositionsResponse.from_dict(
            {"queue_positions": [{"order_id": "a", "queue_position_fp": "1.00"}]}
        )


# ---------------------------------------------------------------------------------------------------- market
LIVE_MARKET: dict[str, Any] = {
    **SPEC["components"]["schemas"]["Market"]["example"],
    "status": "paused",  # a lifecycle value the spec does not list yet
    "price_level_structure": "center_deci_edge_centi_cent",
    "price_ranges": [
        {"start": "0.0000", "end": "0.0100", "step": "0.0001"},
        {"start": "0.0100", "end": "0.9900", "step": "0.0010"},
        {"start": "0.9900", "end": "1.0000", "step": "0.0001"},
    ],
    "floor_strike": 50.5,
    "custom_strike": {"Team": "A"},
    "mve_selected_legs": [{"event_ticker": "E", "market_ticker": "M", "side": "yes"}],
    "tick_size": 1,
    "fractional_trading_enabled": True,
}


def test_get_market_is_a_public_read_with_a_path_ticker() -> None:
    op = _operation("/markets/{ticker}")
    assert (op["operationId"], op["security"], op["tags"]) == ("GetMarket", [], ["market"])
    assert [p["name"] for p in op["parameters"]] == ["ticker"]
    assert _success_model(op) == "GetMarketResponse"
    assert "ticker" in inspect.signature(get_market.sync_detailed).parameters


def test_market_requires_what_order_entry_needs_and_keeps_the_rest_open() -> None:
    market = SPEC["components"]["schemas"]["Market"]
    assert set(market["required"]) == {
        "ticker",
        "event_ticker",
        "market_type",
        "status",
        "price_level_structure",
        "price_ranges",
    }
    assert market.get("additionalProperties", True) is not False
    ranges = market["properties"]["price_ranges"]
    assert ranges["items"] == {"$ref": "#/components/schemas/PriceRange"}
    band = SPEC["components"]["schemas"]["PriceRange"]
    assert band["required"] == ["start", "end", "step"]
    for name in ("start", "end", "step"):
        assert band["properties"][name]["allOf"] == [{"$ref": "#/components/schemas/FixedPointDollars"}]
    for name in ("tick_size", "response_price_units", "liquidity_dollars", "fractional_trading_enabled"):
        assert market["properties"][name]["deprecated"] is True, name


def test_a_live_market_with_new_values_and_unknown_keys_parses_and_round_trips() -> None:
    market = models.Market.from_dict(LIVE_MARKET)
    assert market.status.is_unknown and market.status == "paused"
    assert market.price_level_structure.is_unknown
    assert [(r.start, r.end, r.step) for r in market.price_ranges][1] == ("0.0100", "0.9900", "0.0010")
    assert market.tick_size == 1 and market.fractional_trading_enabled is True
    assert set(market.additional_properties) == {"floor_strike", "custom_strike", "mve_selected_legs"}
    assert market.to_dict() == LIVE_MARKET
    wrapped = models.GetMarketResponse.from_dict({"market": LIVE_MARKET})
    assert wrapped.to_dict() == {"market": LIVE_MARKET}


def test_a_market_without_its_grid_is_a_named_error() -> None:
    without = {k: v for k, v in LIVE_MARKET.items() if k != "price_ranges"}
    with pytest.raises(ModelParseError, match="price_ranges"):
        models.Market.from_dict(without)
    with pytest.raises(ModelParseError, match=r"price_ranges\.step"):
        models.Market.from_dict({**LIVE_MARKET, "price_ranges": [{"start": "0.0000", "end": "1.0000"}]})


# ------------------------------------------------------------------------------------------- rate limits
def test_limits_and_costs_are_reads_and_only_the_limits_need_credentials() -> None:
    limits, costs = _operation("/account/limits"), _operation("/account/endpoint_costs")
    assert (limits["operationId"], "security" in limits) == ("GetAccountApiLimits", False)
    assert (costs["operationId"], costs["security"]) == ("GetAccountEndpointCosts", [])
    assert _success_model(limits) == "GetAccountApiLimitsResponse"
    assert _success_model(costs) == "GetAccountEndpointCostsResponse"
    for module in (get_account_api_limits, get_account_endpoint_costs):
        assert callable(module.sync_detailed)


def test_the_live_limits_answer_parses_with_buckets_and_grants() -> None:
    live = {
        "usage_tier": "expert",
        "read": {"refill_rate": 240, "bucket_capacity": 240},
        "write": {"refill_rate": 120, "bucket_capacity": 240, "burst_seconds": 2},
        "grants": [
            {
                "exchange_instance": "event_contract",
                "level": "prestige",
                "expires_ts": 1798761599,
                "source": "volume",
            },
            {"exchange_instance": "perps", "level": "premier", "source": "manual"},
        ],
    }
    parsed = models.GetAccountApiLimitsResponse.from_dict(live)
    assert (parsed.read.refill_rate, parsed.write.bucket_capacity) == (240, 240)
    assert parsed.write.additional_properties == {"burst_seconds": 2}
    assert not isinstance(parsed.grants, type(UNSET))
    assert parsed.grants[1].exchange_instance.is_unknown and parsed.grants[1].expires_ts is UNSET
    assert parsed.to_dict() == live
    assert models.GetAccountApiLimitsResponse.from_dict({k: v for k, v in live.items() if k != "grants"})


def test_the_old_flat_limits_shape_is_a_named_error_not_a_silent_zero() -> None:
    with pytest.raises(ModelParseError, match="'read'"):
        models.GetAccountApiLimitsResponse.from_dict(
            {"usage_tier": "basic", "read_limit": 20, "write_limit": 10}
        )


def test_the_costs_answer_parses() -> None:
    live = {
        "default_cost": 10,
        "endpoint_costs": [
            {"method": "GET", "path": "/portfolio/orders/{order_id}", "cost": 2},
            {"method": "DELETE", "path": "/portfolio/events/orders/batched", "cost": 2},
        ],
    }
    parsed = models.GetAccountEndpointCostsResponse.from_dict(live)
    assert [(c.method, c.cost) for c in parsed.endpoint_costs] == [("GET", 2), ("DELETE", 2)]
    assert parsed.to_dict() == live
    with pytest.raises(ModelParseError, match="cost"):
        models.GetAccountEndpointCostsResponse.from_dict(
            {"default_cost": 10, "endpoint_costs": [{"method": "GET", "path": "/x"}]}
        )
