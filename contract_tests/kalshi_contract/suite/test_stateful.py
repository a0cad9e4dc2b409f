"""Stateful: create, amend, decrease and cancel safe resting orders; after every step GetOrders (a full
cursor walk on the safe ticker) and GetOrder must agree with a model of the account. Everything is cancelled
at the end (teardown here, and the run's cleanup registry for interrupts)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import check_price_pair, decimal, expect, expect_status
from kalshi_contract.plugin import ContractSession
from kalshi_contract.safe_data import ASK_PRICES, BID_PRICES

COUNTS = ("1", "2", "3")


@dataclass
class ModelOrder:
    """What the account must show for one order: the counts follow every write (an amend's count is the new
    total and becomes initial_count_fp; a decrease lowers remaining only; a cancel zeroes remaining)."""

    side: str
    price: str
    remaining: Decimal
    status: str = "resting"
    initial: Decimal = Decimal(0)
    fill: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not self.initial:
            self.initial = self.remaining + self.fill


def _prices(side: str) -> tuple[str, ...]:
    return BID_PRICES if side == "bid" else ASK_PRICES


def _check_against_model(
    where: str, seen: dict[str, Any], model: ModelOrder, response: Any, path: str
) -> None:
    def agree(key: str, value: Any, want: Any) -> None:
        expect(
            value == want,
            f"{where} must agree with the account's history ({_history(model)})",
            response,
            path=f"{path}.{key}",
            value=seen.get(key),
            expected=str(want),
        )

    agree("status", seen.get("status"), model.status)
    agree("book_side", seen.get("book_side"), model.side)
    for key, want in (
        ("remaining_count_fp", model.remaining),
        ("fill_count_fp", model.fill),
        ("initial_count_fp", model.initial),
    ):
        agree(key, decimal(seen.get(key), f"{path}.{key}", response), want)
    if model.status == "resting":
        agree(
            "yes_price_dollars",
            decimal(seen.get("yes_price_dollars"), "yes_price_dollars", response),
            Decimal(model.price),
        )
    check_price_pair(seen, response, path)


def _history(model: ModelOrder) -> str:
    return (
        f"{model.status} {model.side} at {model.price}: initial {model.initial}, fill {model.fill}, "
        f"remaining {model.remaining}"
    )


class OrdersMachine(RuleBasedStateMachine):
    session: ClassVar[ContractSession]

    def __init__(self) -> None:
        super().__init__()
        self.client: ContractClient = self.session.client
        self.safe = self.session.safe
        self.model: dict[str, ModelOrder] = {}

    def _resting(self) -> list[str]:
        return sorted(order_id for order_id, order in self.model.items() if order.status == "resting")

    def _has_resting(self) -> bool:
        return bool(self._resting())

    # ------------------------------------------------------------------------------------------- rules

    @rule(side=st.sampled_from(["bid", "ask"]), count=st.sampled_from(COUNTS), data=st.data())
    def create(self, side: str, count: str, data: st.DataObject) -> None:
        self.do_create(side, data.draw(st.sampled_from(_prices(side)), label="price"), count)

    def do_create(self, side: str, price: str, count: str) -> str:
        response = self.client.create_order(self.safe.create_body(side=side, price=price, count=count))
        expect_status(response, 201, rule=f"stateful: create a safe {side} at {price} x {count}")
        body = json_of(response)
        assert decimal(body.get("remaining_count"), "remaining_count") == Decimal(count), (
            f"a resting create of {count} reports remaining_count {body.get('remaining_count')}"
        )
        self.model[body["order_id"]] = ModelOrder(side, price, Decimal(count))
        return str(body["order_id"])

    @precondition(_has_resting)
    @rule(data=st.data(), count=st.sampled_from(COUNTS))
    def amend(self, data: st.DataObject, count: str) -> None:
        order_id = data.draw(st.sampled_from(self._resting()), label="order")
        price = data.draw(st.sampled_from(_prices(self.model[order_id].side)), label="price")
        self.do_amend(order_id, price, count)

    def do_amend(self, order_id: str, price: str, count: str) -> str:
        order = self.model[order_id]
        body = self.safe.amend_body(side=order.side, price=price, count=count)
        response = self.client.amend_order(order_id, body)
        expect_status(response, 200, rule=f"stateful: amend {order_id} to {price} x {count}")
        new_id = json_of(response).get("order_id") or order_id
        del self.model[order_id]
        if new_id != order_id:  # an amend that replaces the order leaves the old one canceled
            self.model[order_id] = ModelOrder(order.side, order.price, Decimal(0), "canceled")
        # count is the new total (fill + remaining) and becomes initial_count_fp; far from the market: no fill
        self.model[new_id] = ModelOrder(order.side, price, Decimal(count) - order.fill, fill=order.fill)
        return str(new_id)

    @precondition(_has_resting)
    @rule(data=st.data(), how=st.sampled_from(["reduce_by", "reduce_to"]))
    def decrease(self, data: st.DataObject, how: str) -> None:
        self.do_decrease(data.draw(st.sampled_from(self._resting()), label="order"), how)

    def do_decrease(self, order_id: str, how: str) -> None:
        order = self.model[order_id]
        if how == "reduce_by":
            body, remaining = {"reduce_by": "1"}, order.remaining - 1
        else:
            remaining = order.remaining - 1 if order.remaining > 1 else Decimal(0)
            body = {"reduce_to": str(remaining)}
        response = self.client.decrease_order(order_id, body)
        expect_status(response, 200, rule=f"stateful: decrease {order_id} with {body}")
        reported = decimal(json_of(response).get("remaining_count"), "remaining_count")
        assert reported == remaining, f"decrease {body} of {order.remaining} reports remaining {reported}"
        order.remaining = remaining
        if remaining == 0:
            order.status = "canceled"
            self.client.registry.forget(order_id)

    @precondition(_has_resting)
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        self.do_cancel(data.draw(st.sampled_from(self._resting()), label="order"))

    def do_cancel(self, order_id: str) -> None:
        response = self.client.cancel_order(order_id)
        expect_status(response, 200, rule=f"stateful: cancel {order_id}")
        self.model[order_id].status = "canceled"
        self.model[order_id].remaining = Decimal(0)

    # ------------------------------------------------------------------------------------------ checks

    @invariant()
    def reads_agree_with_the_model(self) -> None:
        self.client.eventually(self._check_reads)

    def _check_reads(self) -> None:
        pages = self.client.walk_responses(ticker=self.safe.ticker, status="resting", limit=3)
        listed: dict[str, tuple[dict[str, Any], Any, str]] = {}
        for page in pages:
            for index, order in enumerate(json_of(page).get("orders") or []):
                listed[order["order_id"]] = (order, page, f"$.orders[{index}]")
        mine = {order_id for order_id in listed if order_id in self.model}
        expected = set(self._resting())
        expect(
            mine == expected,
            "GetOrders(ticker, status=resting) must list exactly this run's resting orders",
            pages[-1] if pages else None,
            path="$.orders",
            value=sorted(mine),
            expected=str(sorted(expected)),
        )
        for order_id, model in self.model.items():
            response = self.client.get_order(order_id)
            expect_status(response, 200, rule=f"stateful: GetOrder {order_id}")
            order = json_of(response).get("order") or {}
            _check_against_model(f"GetOrder {order_id}", order, model, response, "$.order")
            if order_id in listed:
                seen, page, path = listed[order_id]
                _check_against_model(f"GetOrders listing of {order_id}", seen, model, page, path)

    def teardown(self) -> None:
        for order_id in self._resting():
            self.client.cancel_order(order_id)


@pytest.mark.rule("stateful")
@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2+AmendOrderV2+DecreaseOrderV2+CancelOrderV2")
def test_scripted_lifecycle_matches_the_model(contract: ContractSession) -> None:
    """Every kind of step once, in a fixed order (random runs below explore the rest)."""
    OrdersMachine.session = contract
    machine = OrdersMachine()
    try:
        first = machine.do_create("bid", "0.02", "2")
        machine.reads_agree_with_the_model()
        first = machine.do_amend(first, "0.03", "3")
        machine.reads_agree_with_the_model()
        machine.do_decrease(first, "reduce_by")
        machine.reads_agree_with_the_model()
        machine.do_decrease(first, "reduce_to")
        machine.reads_agree_with_the_model()
        second = machine.do_create("ask", "0.97", "1")
        machine.reads_agree_with_the_model()
        machine.do_cancel(second)
        machine.reads_agree_with_the_model()
    finally:
        machine.teardown()


@pytest.mark.rule("stateful")
@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2+AmendOrderV2+DecreaseOrderV2+CancelOrderV2")
def test_order_lifecycle_matches_the_model(contract: ContractSession) -> None:
    OrdersMachine.session = contract
    profile = contract.settings.profile_info
    # No shrinking: every shrink step replays real orders, and the first failure is the report's example.
    phases: Any = [Phase.explicit, Phase.generate]
    run_state_machine_as_test(
        OrdersMachine,
        settings=settings(
            max_examples=profile.stateful_examples,
            stateful_step_count=profile.stateful_steps,
            derandomize=profile.derandomize,
            deadline=None,
            database=None,
            phases=phases,  # no shrinking on a live API: every shrink step places real orders
            suppress_health_check=list(HealthCheck),
        ),
    )
