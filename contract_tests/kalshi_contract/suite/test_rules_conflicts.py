"""State conflicts: cancel, amend and decrease of an order that is no longer resting (canceled, or
executed) answer 409 with the documented code (`x-kalshi-error-codes`: order_not_resting).

An executed order needs a fill: on a live account the suite never crosses the market (its orders rest far
from it), so the executed cases run only against the sandbox and are reported "not applicable on this
target" elsewhere."""

from __future__ import annotations

import httpx
import pytest

from kalshi_contract import judge
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import exchange_of, expect_status, fail_with
from kalshi_contract.lifecycle import cancel, place, read_until
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("conflicts"), pytest.mark.writes]

NOT_APPLICABLE = (
    "not applicable on this target: an executed order needs a fill, and on a live account the suite never "
    "crosses the market"
)


@pytest.fixture(scope="module")
def closed(client: ContractClient, safe: SafeOrders, target: Target) -> dict[str, str]:
    """A canceled order and (sandbox only) an executed one: a bid above the sandbox's liquidity asks."""
    canceled = place(client, safe, price="0.02", count="1")
    cancel(client, canceled)
    read_until(client, canceled, status="canceled")
    found = {"canceled": canceled}
    if target.kind == "sandbox":
        response = client.create_order(safe.create_body(side="bid", price="0.70", count="1"))
        expect_status(response, 201, rule="a bid crossing the sandbox's liquidity provider")
        executed = str(json_of(response)["order_id"])
        read_until(client, executed, status="executed")
        found["executed"] = executed
    return found


def _send(action: str, order_id: str, client: ContractClient, safe: SafeOrders) -> httpx.Response:
    if action == "cancel":
        return client.cancel_order(order_id)
    if action == "amend":  # a valid, safe amend of the same bid: only the order's state forbids it
        return client.amend_order(order_id, safe.amend_body(side="bid", price="0.02", count="1"))
    return client.decrease_order(order_id, {"reduce_by": "1"})


OPERATIONS = {"cancel": "CancelOrderV2", "amend": "AmendOrderV2", "decrease": "DecreaseOrderV2"}


CASES = [
    pytest.param(action, state, marks=pytest.mark.operation(OPERATIONS[action]), id=f"{action}-{state}")
    for action in sorted(OPERATIONS)
    for state in ("canceled", "executed")
]


@pytest.mark.parametrize(("action", "state"), CASES)
def test_write_to_an_order_no_longer_resting_is_409(
    action: str, state: str, closed: dict[str, str], client: ContractClient, safe: SafeOrders
) -> None:
    if state not in closed:
        pytest.skip(NOT_APPLICABLE)
    order_id = closed[state]
    response = _send(action, order_id, client, safe)
    if response.status_code < 300 and action == "amend":
        # Accepted anyway: whatever it re-opened must not outlive the run.
        client.registry.add(str(json_of(response).get("order_id") or order_id), safe.ticker)
    expect_status(response, 409, rule=f"{action} of a {state} order")
    fail_with(judge.envelope_findings(exchange_of(response, OPERATIONS[action])), response)
