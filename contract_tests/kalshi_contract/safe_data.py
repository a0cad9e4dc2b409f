"""Safe order data: the configured ticker, prices far from any plausible market so orders rest, tiny counts.

`narrow_spec` gives the copy of the spec that schemathesis uses for *positive* write cases, so that every
generated order is one the exchange accepts and leaves resting (positive_data_acceptance must not trip over
business rules such as a fill-or-kill that cannot fill), and nothing it sends can trade.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Bids (buy YES) at 1–5 cents and asks (sell YES) at 95–99 cents rest unless a market sits at an extreme.
BID_PRICES = ("0.01", "0.02", "0.03", "0.04", "0.05")
ASK_PRICES = ("0.95", "0.96", "0.97", "0.98", "0.99")
COUNTS = ("1", "2")


CLIENT_ID_PREFIX = "contract-"  # every order the suite places carries it (see OrderRegistry sweep)


def new_client_order_id() -> str:
    return f"{CLIENT_ID_PREFIX}{uuid.uuid4()}"


@dataclass(frozen=True)
class SafeOrders:
    ticker: str
    tick: Decimal = Decimal("0.01")

    def create_body(
        self, *, side: str = "bid", price: str | None = None, count: str = "1", **extra: Any
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ticker": self.ticker,
            "side": side,
            "count": count,
            "price": price or (BID_PRICES[0] if side == "bid" else ASK_PRICES[-1]),
            "time_in_force": "good_till_canceled",
            "self_trade_prevention_type": "taker_at_cross",
            "client_order_id": new_client_order_id(),
        }
        body.update(extra)
        return body

    def amend_body(self, *, side: str, price: str, count: str, **extra: Any) -> dict[str, Any]:
        return {"ticker": self.ticker, "side": side, "price": price, "count": count, **extra}

    @property
    def off_tick_price(self) -> str:
        """A far-from-market bid halfway between two ticks of the grid."""
        return str(Decimal(BID_PRICES[0]) + self.tick / 2)


def _priced_variants() -> list[dict[str, Any]]:
    return [
        {"properties": {"side": {"enum": ["bid"]}, "price": {"enum": list(BID_PRICES)}}},
        {"properties": {"side": {"enum": ["ask"]}, "price": {"enum": list(ASK_PRICES)}}},
    ]


def _narrow_order(schema: dict[str, Any], ticker: str, *, keep: tuple[str, ...]) -> None:
    props = schema["properties"]
    for name in list(props):
        if name not in keep:
            del props[name]
    props["ticker"] = {"type": "string", "enum": [ticker]}
    props["count"] = {"type": "string", "enum": list(COUNTS)}
    props["side"] = {"type": "string", "enum": ["bid", "ask"]}
    props["price"] = {"type": "string", "enum": [*BID_PRICES, *ASK_PRICES]}
    if "time_in_force" in props:
        props["time_in_force"] = {"type": "string", "enum": ["good_till_canceled"]}
    schema["required"] = [name for name in schema.get("required", []) if name in props]
    schema.pop("not", None)  # its rules concern fields removed above
    schema["oneOf"] = _priced_variants()
    schema["additionalProperties"] = False


def narrow_spec(spec: dict[str, Any], ticker: str) -> dict[str, Any]:
    """A copy of the spec whose write inputs are restricted to safe values (for positive generation only)."""
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    _narrow_order(
        schemas["CreateOrderV2Request"],
        ticker,
        keep=(
            "ticker",
            "side",
            "count",
            "price",
            "time_in_force",
            "self_trade_prevention_type",
            "client_order_id",
            "post_only",
            "cancel_order_on_pause",
        ),
    )
    # Every fuzzed order carries the suite's id prefix: the final sweep finds it even if its response is lost.
    create = schemas["CreateOrderV2Request"]
    id_pattern = f"^{CLIENT_ID_PREFIX}[0-9a-f]{{16}}$"
    create["properties"]["client_order_id"] = {"type": "string", "pattern": id_pattern}
    create["required"] = [*create["required"], "client_order_id"]
    _narrow_order(schemas["AmendOrderV2Request"], ticker, keep=("ticker", "side", "count", "price"))
    schemas["BatchCreateOrdersV2Request"]["properties"]["orders"]["maxItems"] = 2
    decrease = schemas["DecreaseOrderV2Request"]
    decrease["properties"] = {
        "reduce_by": {"type": "string", "enum": ["1"]},
        "reduce_to": {"type": "string", "enum": ["0", "1"]},
        "market_ticker": {"type": "string", "enum": [ticker]},
    }
    decrease["additionalProperties"] = False
    cancel_item = schemas["BatchCancelOrdersV2RequestItem"]
    cancel_item["properties"] = {
        "order_id": cancel_item["properties"]["order_id"],
        "market_ticker": {"type": "string", "enum": [ticker]},
    }
    cancel_item["additionalProperties"] = False
    schemas["BatchCancelOrdersV2Request"]["properties"]["orders"]["maxItems"] = 3
    # Writes act on the primary account only; other subaccounts may not exist (403/404 are business answers).
    params = spec["components"]["parameters"]
    params["SubaccountDefaultPrimaryQuery"]["schema"] = {"type": "integer", "enum": [0]}
    # A cursor is an opaque token the server issued; an arbitrary string is rightly a 400 (invalid cursor).
    params["CursorQuery"]["schema"] = {"type": "string", "enum": [""]}
    params["MarketTickerQuery"]["schema"] = {"type": "string", "enum": [ticker]}
    shard_ref = "#/components/parameters/ExchangeIndexWriteQuery"
    for item in spec["paths"].values():
        for method, op in item.items():
            if method == "get" or not isinstance(op, dict):
                continue
            # Shards are routed by ticker; a guessed shard index is a business error, not a contract one.
            op["parameters"] = [p for p in op.get("parameters", []) if p.get("$ref") != shard_ref]
            for param in op["parameters"]:
                if param.get("name") == "subaccount":
                    param["schema"] = {"type": "integer", "enum": [0]}
    return spec
