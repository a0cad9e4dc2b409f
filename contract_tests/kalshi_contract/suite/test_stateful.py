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
from kalshi_contract.expect import check_price_pair, decimal, expect_status
from kalshi_contract.plugin import ContractSession
from kalshi_contract.safe_data import ASK_PRICES, BID_PRICES

COUNTS = ("1", "2", "3")


@dataclass
class ModelOrder:
    side: str
    price: str
    remaining: Decimal
    status: str = "resting"


def _prices(side: str) -> tuple[str, ...]:
    return BID_PRICES if side == "bid" else ASK_PRICES


def _check_against_model(where: str, seen: dict[str, Any], model: ModelOrder) -> None:
    assert seen.get("status") == model.status, (
        f"{where}: status {seen.get('status')!r}, model {model.status!r}"
    )
    assert seen.get("book_side") == model.side, (
        f"{where}: book_side {seen.get('book_side')!r}, model {model.side!r}"
    )
    remaining = decimal(seen.get("remaining_count_fp"), "remaining_count_fp")
    assert remaining == model.remaining, f"{where}: remaining {remaining}, model {model.remaining}"
    if model.status == "resting":
        price = decimal(seen.get("yes_price_dollars"), "yes_price_dollars")
        assert price == Decimal(model.price), f"{where}: yes price {price}, model {model.price}"
    check_price_pair(seen)


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
        price = data.draw(st.sampled_from(_prices(side)), label="price")
        response = self.client.create_order(self.safe.create_body(side=side, price=price, count=count))
        expect_status(response, 201, rule=f"stateful: create a safe {side} at {price} x {count}")
        body = json_of(response)
        assert decimal(body.get("remaining_count"), "remaining_count") == Decimal(count), (
            f"a resting create of {count} reports remaining_count {body.get('remaining_count')}"
        )
        self.model[body["order_id"]] = ModelOrder(side, price, Decimal(count))

    @precondition(_has_resting)
    @rule(data=st.data(), count=st.sampled_from(COUNTS))
    def amend(self, data: st.DataObject, count: str) -> None:
        order_id = data.draw(st.sampled_from(self._resting()), label="order")
        order = self.model[order_id]
        price = data.draw(st.sampled_from(_prices(order.side)), label="price")
        body = self.safe.amend_body(side=order.side, price=price, count=count)
        response = self.client.amend_order(order_id, body)
        expect_status(response, 200, rule=f"stateful: amend {order_id} to {price} x {count}")
        new_id = json_of(response).get("order_id") or order_id
        del self.model[order_id]
        if new_id != order_id:  # an amend that replaces the order leaves the old one canceled
            self.model[order_id] = ModelOrder(order.side, order.price, Decimal(0), "canceled")
        self.model[new_id] = ModelOrder(order.side, price, Decimal(count))  # count is the new total; no fills

    @precondition(_has_resting)
    @rule(data=st.data(), how=st.sampled_from(["reduce_by", "reduce_to"]))
    def decrease(self, data: st.DataObject, how: str) -> None:
        order_id = data.draw(st.sampled_from(self._resting()), label="order")
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
        order_id = data.draw(st.sampled_from(self._resting()), label="order")
        response = self.client.cancel_order(order_id)
        expect_status(response, 200, rule=f"stateful: cancel {order_id}")
        self.model[order_id].status = "canceled"
        self.model[order_id].remaining = Decimal(0)

    # ------------------------------------------------------------------------------------------ checks

    @invariant()
    def reads_agree_with_the_model(self) -> None:
        self.client.eventually(self._check_reads)

    def _check_reads(self) -> None:
        listed = {
            order["order_id"]: order
            for order in self.client.walk_order_list(ticker=self.safe.ticker, status="resting", limit=3)
        }
        mine = {order_id for order_id in listed if order_id in self.model}
        expected = set(self._resting())
        assert mine == expected, (
            f"GetOrders(ticker, status=resting) lists {sorted(mine)} of this run's orders; "
            f"the model says {sorted(expected)}"
        )
        for order_id, model in self.model.items():
            response = self.client.get_order(order_id)
            expect_status(response, 200, rule=f"stateful: GetOrder {order_id}")
            order = json_of(response).get("order") or {}
            for source, seen in (("GetOrder", order), ("GetOrders", listed.get(order_id))):
                if seen is not None:
                    _check_against_model(f"{source} {order_id}", seen, model)

    def teardown(self) -> None:
        for order_id in self._resting():
            self.client.cancel_order(order_id)


@pytest.mark.rule("stateful")
@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2+AmendOrderV2+DecreaseOrderV2+CancelOrderV2")
def test_order_lifecycle_matches_the_model(contract: ContractSession) -> None:
    OrdersMachine.session = contract
    profile = contract.settings.profile_info
    phases: Any = list(Phase) if contract.open().kind == "sandbox" else [Phase.explicit, Phase.generate]
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
