"""Invariants: every `x-invariants` entry of the spec holds on every order of a short lifecycle (create,
amend, decrease, cancel: each read back by GetOrder and GetOrders), the counts follow the writes, and the
suite has a check for every entry. The run-wide sweep (plugin.sweep_results) checks every other order the
run sees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from kalshi_contract import judge, spec
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import exchange_of, expect, expect_status, fail_with
from kalshi_contract.lifecycle import place, read_until
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("invariants")]


def test_every_spec_invariant_has_a_check() -> None:
    entries = [entry for entry in spec.invariants() if entry.get("applies-to") == "Order"]
    assert entries, "the spec lists no x-invariants for Order"
    missing = [entry["id"] for entry in entries if entry["id"] not in judge.INVARIANTS]
    assert not missing, f"x-invariants entries without a check in the suite: {missing}"


def _check(response: httpx.Response, operation: str) -> None:
    fail_with(judge.judge(exchange_of(response, operation), ("invariants",)).get("invariants", []), response)


def _counts(
    response: httpx.Response, order: dict[str, Any], *, initial: str, fill: str, remaining: str, step: str
) -> None:
    for key, want in (
        ("initial_count_fp", initial),
        ("fill_count_fp", fill),
        ("remaining_count_fp", remaining),
    ):
        seen = order.get(key)
        expect(
            isinstance(seen, str) and Decimal(seen) == Decimal(want),
            f"after {step}, GetOrder must report {key} {want}",
            response,
            path=f"$.order.{key}",
            value=seen,
            expected=want,
        )


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2+AmendOrderV2+DecreaseOrderV2+CancelOrderV2")
def test_invariants_hold_through_an_order_lifecycle(
    client: ContractClient, safe: SafeOrders, target: Target
) -> None:
    order_id = place(client, safe, side="bid", price="0.02", count="2")

    def step(name: str, **fields: Any) -> dict[str, Any]:
        response, order = read_until(client, order_id, **fields)
        _check(response, "GetOrder")
        listed = client.walk_responses(limit=100, max_pages=20, ticker=safe.ticker)
        for page in listed:
            _check(page, "GetOrders")
        return {"response": response, "order": order, "step": name}

    seen = step("create", status="resting")
    _counts(seen["response"], seen["order"], initial="2", fill="0", remaining="2", step="create 2")
    amended = client.amend_order(order_id, safe.amend_body(side="bid", price="0.03", count="3"))
    expect_status(amended, 200, rule=f"amend of the resting order {order_id}")
    order_id = str(json_of(amended).get("order_id") or order_id)
    seen = step("amend", remaining_count_fp="3.00")
    _counts(seen["response"], seen["order"], initial="3", fill="0", remaining="3", step="amend to 3")
    decreased = client.decrease_order(order_id, {"reduce_by": "1"})
    expect_status(decreased, 200, rule=f"decrease of the resting order {order_id}")
    seen = step("decrease", remaining_count_fp="2.00")
    _counts(seen["response"], seen["order"], initial="3", fill="0", remaining="2", step="decrease by 1")
    expect_status(client.cancel_order(order_id), 200, rule=f"cancel of the resting order {order_id}")
    seen = step("cancel", status="canceled")
    _counts(seen["response"], seen["order"], initial="3", fill="0", remaining="0", step="cancel")
