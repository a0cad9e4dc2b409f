"""Interop check (not part of CI): Kalshi's official Python SDK calls the sandbox's read operations.

The SDK (``kalshi_python_sync``, generated from Kalshi's own spec) needs Python 3.13, so it runs in its own
virtualenv, against a sandbox served from the project's environment::

    ~/.pyenv/versions/3.13.0/bin/python -m venv /tmp/sdk313
    /tmp/sdk313/bin/pip install kalshi_python_sync==3.34.0
    .venv/bin/kalshi-orders sandbox serve --port 18765 --key-dir /tmp/sdk-keys --validate-responses &
    /tmp/sdk313/bin/python scripts/official_sdk_check.py --base-url http://127.0.0.1:18765/trade-api/v2 \\
        --key-id <key id from the banner> --key-path <private key path from the banner>

It places orders through the SDK, then reads their queue positions (both operations, with every filter),
the markets' price grids and the account's limits and costs, and checks each answer against what the
orders imply. It exits non-zero on the first mismatch. Only the standard library and the SDK are used.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from decimal import Decimal
from typing import Any


def _check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--key-id", required=True)
    parser.add_argument("--key-path", required=True)
    args = parser.parse_args()

    import kalshi_python_sync as sdk  # the official SDK: only importable in its own (3.13) environment

    config = sdk.Configuration(host=args.base_url)
    with open(args.key_path, encoding="utf-8") as handle:
        config.api_key_id = args.key_id
        config.private_key_pem = handle.read()
    client = sdk.KalshiClient(config)
    orders = sdk.OrdersApi(client)
    ticker = "KXSANDBOX-26DEC31-T60"

    def place(count: str, price: str = "0.45") -> str:
        # The SDK takes the CreateOrderV2Request fields as keyword arguments.
        created: Any = orders.create_order_v2(
            ticker=ticker,
            side="bid",
            count=count,
            price=price,
            time_in_force="good_till_canceled",
            self_trade_prevention_type="taker_at_cross",
            client_order_id=f"sdk-{uuid.uuid4()}",
        )
        order_id: str = created.order_id
        return order_id

    first, second = place("10"), place("2.50")
    single = orders.get_order_queue_position(order_id=second)
    _check(single.queue_position_fp == "10.00", f"GetOrderQueuePosition: {single.queue_position_fp}")
    for filters in ({}, {"market_tickers": ticker}, {"event_ticker": "KXSANDBOX-26DEC31"}, {"subaccount": 0}):
        listed = orders.get_order_queue_positions(**filters)
        mine = {p.order_id: p.queue_position_fp for p in listed.queue_positions if p.market_ticker == ticker}
        _check(
            mine.get(first) == "0.00" and mine.get(second) == "10.00",
            f"GetOrderQueuePositions {filters or '(no filter)'}: {len(listed.queue_positions)} positions",
        )
    empty = orders.get_order_queue_positions(market_tickers="KXNOPE-1")
    _check(empty.queue_positions == [], "GetOrderQueuePositions for an unknown market is empty")
    orders.cancel_order_v2(order_id=first)
    moved = orders.get_order_queue_position(order_id=second)
    _check(moved.queue_position_fp == "0.00", "a cancel ahead moves the queue up")

    market_api = sdk.MarketApi(client)
    for market_ticker in ("KXSANDBOX-26DEC31-T50", "KXDECI-26DEC31-B1", "KXTAPER-26DEC31-C1"):
        market = market_api.get_market(ticker=market_ticker).market  # the SDK's model needs all 34 fields
        steps = [Decimal(r.step) for r in market.price_ranges]
        _check(bool(steps), f"GetMarket {market_ticker}: {market.price_level_structure} {steps}")
    account = sdk.AccountApi(client)
    limits = account.get_account_api_limits()
    _check(limits.read.refill_rate > 0, f"GetAccountApiLimits: {limits.usage_tier}")
    costs = account.get_account_endpoint_costs()
    _check(costs.default_cost == 10, f"GetAccountEndpointCosts: {len(costs.endpoint_costs)} non-default")


if __name__ == "__main__":
    main()
