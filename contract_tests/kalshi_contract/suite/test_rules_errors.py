"""Error envelope: every error the suite provokes answers the documented envelope
(`{"error": {"code", "message"}}`, or the flat `{code, message}`) with a non-empty code, and where the spec
documents the codes of a status (`x-kalshi-error-codes`, e.g. 404 `order_not_found`) one of those. The
run-wide sweep checks every other 4xx/5xx the run provoked (schemathesis's negative cases included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kalshi_contract import judge
from kalshi_contract.client import EVENT_ORDERS, ORDERS, ContractClient
from kalshi_contract.expect import exchange_of, expect_status, fail_with
from kalshi_contract.lifecycle import UNKNOWN_ORDER_ID, UNKNOWN_TICKER
from kalshi_contract.safe_data import SafeOrders

pytestmark = [pytest.mark.rule("errors")]

Provoke = Callable[[ContractClient, SafeOrders], httpx.Response]

# case -> (operation, statuses the spec documents for it, how to provoke it, writes?)
CASES: dict[str, tuple[str, tuple[int, ...], Provoke, bool]] = {
    "get-unknown-order": ("GetOrder", (404,), lambda c, s: c.get_order(UNKNOWN_ORDER_ID), False),
    "cancel-unknown-order": (
        "CancelOrderV2",
        (404,),
        lambda c, s: c.request("DELETE", f"{EVENT_ORDERS}/{UNKNOWN_ORDER_ID}", operation="CancelOrderV2"),
        True,
    ),
    "amend-unknown-order": (
        "AmendOrderV2",
        (404,),
        lambda c, s: c.amend_order(UNKNOWN_ORDER_ID, s.amend_body(side="bid", price="0.02", count="1")),
        True,
    ),
    "decrease-unknown-order": (
        "DecreaseOrderV2",
        (404,),
        lambda c, s: c.decrease_order(UNKNOWN_ORDER_ID, {"reduce_by": "1"}),
        True,
    ),
    "create-on-unknown-market": (
        "CreateOrderV2",
        (404, 400),
        lambda c, s: c.create_order(
            {**s.create_body(side="bid", price="0.01", count="1"), "ticker": UNKNOWN_TICKER}
        ),
        True,
    ),
    "limit-out-of-range": ("GetOrders", (400,), lambda c, s: c.get_orders(limit=0), False),
    "bad-status-filter": ("GetOrders", (400,), lambda c, s: c.get_orders(status="pending", limit=1), False),
    "unsigned-read": (
        "GetOrders",
        (401,),
        lambda c, s: c.request("GET", ORDERS, params={"limit": 1}, sign=False, operation="GetOrders"),
        False,
    ),
}


def _params() -> list[Any]:
    return [
        pytest.param(
            name,
            marks=[pytest.mark.operation(CASES[name][0]), *([pytest.mark.writes] if CASES[name][3] else [])],
            id=name,
        )
        for name in sorted(CASES)
    ]


@pytest.mark.parametrize("case", _params())
def test_provoked_error_has_the_documented_envelope_and_code(
    case: str, client: ContractClient, safe: SafeOrders
) -> None:
    operation, statuses, provoke, _ = CASES[case]
    response = provoke(client, safe)
    expect_status(response, *statuses, rule=f"{operation} ({case.replace('-', ' ')})")
    fail_with(judge.envelope_findings(exchange_of(response, operation)), response)
