"""`--dry-run`: what a run would send — target, pacing, the operations fuzzed, the rules and example bodies —
without opening a connection (the sandbox is not even started)."""

from __future__ import annotations

import json
import os

from . import spec
from .safe_data import ASK_PRICES, BID_PRICES, SafeOrders
from .settings import DEFAULT_SANDBOX_TICKER, RULES, RunSettings
from .target import Target, check_host

RULE_TEXT = {
    "schemathesis": "every operation fuzzed (positive: safe narrowed spec; negative: published spec)",
    "enums": "response enums hold documented values; an undocumented request enum value → 400",
    "prices": "one price form; 0/1/negative/off-tick/5+ decimals → 400; yes+no = 1; rests at price",
    "required": "required response fields present; a request missing one → 400",
    "pagination": "limit 1..1000 (0/1001 → 400); cursor walk returns each order once, filters on every page",
    "filters": "every GetOrders filter (ticker, event_ticker list, min_ts, max_ts, status, subaccount, "
    "exchange_index) holds on every page; an order it excludes is excluded",
    "ordering": "GetOrders pages newest first by created_time along a whole cursor walk",
    "invariants": "every x-invariants entry on every order the run sees; counts tracked through each write",
    "errors": "every provoked 4xx/5xx has the error envelope with a code; documented codes (order_not_found)",
    "conflicts": "cancel/amend/decrease of a canceled or executed order → 409 with the documented code",
    "echoes": "amend answers the new count, decrease the right remaining; a batch answers each item in order",
    "queue": "a later order at one price queues behind the earlier; a cancel moves it up; no position once "
    "canceled",
    "auth": "missing header, bad signature, stale timestamp, unknown key → 401",
    "retired": "each x-retired-operations V1 write → 410 deprecated_v1_order_endpoint",
    "stateful": "create/amend/decrease/cancel state machine checked against GetOrders + GetOrder",
}


def plan(settings: RunSettings, target: Target | None = None) -> str:
    if target is not None:
        where, kind, read_only, ticker = target.base_url, target.kind, target.read_only, target.ticker
    elif settings.base_url:
        kind = check_host(settings.base_url, allow_production=settings.allow_production, environ=os.environ)
        where, read_only, ticker = settings.base_url, kind == "production", settings.ticker or "(not set)"
    else:
        where, kind, read_only = (
            "a local sandbox on a free loopback port (own temporary key)",
            "sandbox",
            False,
        )
        ticker = settings.ticker or DEFAULT_SANDBOX_TICKER
    profile = settings.profile_info
    rate = f"{profile.rate_limit:g} requests/s" if profile.rate_limit and kind != "sandbox" else "unthrottled"
    rules = settings.rules or RULES
    safe = SafeOrders(ticker=ticker, tick=settings.tick)
    lines = [
        "DRY RUN — nothing is sent.",
        f"Target: {where} ({kind}{', read-only: GET operations only' if read_only else ''})",
        f"Profile: {profile.name}; {settings.examples} examples per operation and mode; stateful "
        f"{profile.stateful_examples} x {profile.stateful_steps} steps; seed {settings.seed}; "
        f"rate {rate}",
        f"Safe orders: ticker {ticker}; bids at {', '.join(BID_PRICES)}; asks at {', '.join(ASK_PRICES)}; "
        "1–3 contracts per order; all cancelled at the end",
        "",
        "Operations fuzzed by schemathesis:",
    ]
    for op in spec.operations():
        skipped = (read_only and op.is_write) or (op.operation_id == "CancelAllOrders" and kind != "sandbox")
        note = "  (skipped)" if skipped else ""
        lines.append(
            f"  {op.method:6} {op.path:45} {op.operation_id:22} {op.bucket} bucket, cost {op.cost}{note}"
        )
    lines += ["", "Rules:"]
    lines += [f"  {rule:12} {RULE_TEXT[rule]}" for rule in rules]
    if not read_only:
        lines += [
            "",
            "Example bodies:",
            f"  CreateOrderV2   POST   {json.dumps(safe.create_body(side='bid', price=BID_PRICES[1]))}",
            f"  AmendOrderV2    POST   {json.dumps(safe.amend_body(side='bid', price='0.04', count='2'))}",
            f"  DecreaseOrderV2 POST   {json.dumps({'reduce_by': '1'})}",
            "  CancelOrderV2   DELETE /portfolio/events/orders/{order_id}",
        ]
    return "\n".join(lines)
