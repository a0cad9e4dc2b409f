"""The amend and decrease rules (``_reconcile.change``) on a scripted exchange: fills arriving meanwhile, a
gateway's 502, an order changed by someone else, answers that cannot be read; and cancels out of attempts."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from kalshi_orders import OrderOutcomeUnknownError, RetryPolicy, ServerError

from .conftest import TICKER, ClientFactory, FakeKalshi

QUICK = RetryPolicy(max_attempts=4, rng=lambda: 0.0, lookup_polls=3, lookup_interval=0.1)


def _fill(order: dict[str, Any], contracts: str) -> None:
    """A fill of ``contracts`` on a resting order, as the exchange would record it."""
    order["fill_count_fp"] = f"{Decimal(order['fill_count_fp']) + Decimal(contracts):.2f}"
    order["remaining_count_fp"] = f"{Decimal(order['remaining_count_fp']) - Decimal(contracts):.2f}"


def _with_fill_before(kalshi: FakeKalshi, order: dict[str, Any], operation: str, contracts: str) -> Any:
    """A transport on which ``contracts`` fill just before the first ``operation`` request arrives."""
    done: list[bool] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if not done and kalshi._operation(request) == operation:
            done.append(True)
            _fill(order, contracts)
        return kalshi.handler(request)

    return httpx.MockTransport(handler)


def _bodies(kalshi: FakeKalshi, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.content) for r in kalshi.requests_for(operation)]


def test_a_reduce_by_applied_before_its_500_is_recognised_despite_a_fill(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("DecreaseOrderV2", "500_after_commit")
    client = make_client(retry=QUICK, transport=_with_fill_before(kalshi, order, "DecreaseOrderV2", "2"))
    result = client.orders.decrease(order["order_id"], reduce_by=3)
    assert result.reconciled and result.remaining_count == Decimal(5)  # 10 - 2 filled - 3
    assert _bodies(kalshi, "DecreaseOrderV2") == [{"reduce_by": "3"}]  # applied once, never resent


def test_a_reduce_by_refused_with_503_is_resent_as_a_target_from_the_order_as_it_is(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("DecreaseOrderV2", "503_retry_after")
    client = make_client(retry=QUICK, transport=_with_fill_before(kalshi, order, "DecreaseOrderV2", "2"))
    result = client.orders.decrease(order["order_id"], reduce_by=3)
    assert not result.reconciled and result.remaining_count == Decimal(5)
    # The resend says how many to leave: sent twice, it still leaves 5.
    assert _bodies(kalshi, "DecreaseOrderV2") == [{"reduce_by": "3"}, {"reduce_to": "5"}]
    assert len(kalshi.requests_for("GetOrder")) == 1 + QUICK.lookup_polls  # read first, then polled


def test_a_reduce_by_after_a_gateway_error_is_not_resent(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("DecreaseOrderV2", "502_html")  # the gateway answered; the exchange may still be at it
    with pytest.raises(OrderOutcomeUnknownError) as info:
        make_client(retry=QUICK).orders.decrease(order["order_id"], reduce_by=3)
    assert len(kalshi.requests_for("DecreaseOrderV2")) == 1
    error = info.value
    assert error.order is not None and error.order.remaining_count == Decimal(10)
    assert "reduce_to=7" in str(error) and isinstance(error.__cause__, ServerError)


def test_an_order_changed_otherwise_meanwhile_is_an_unknown_outcome(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("DecreaseOrderV2", "500")

    def amended_meanwhile(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if kalshi._operation(request) == "DecreaseOrderV2":
            order["initial_count_fp"], order["remaining_count_fp"] = "20.00", "20.00"  # someone amended it
        return response

    client = make_client(retry=QUICK, transport=httpx.MockTransport(amended_meanwhile))
    with pytest.raises(OrderOutcomeUnknownError, match="changed in another way"):
        client.orders.decrease(order["order_id"], reduce_by=3)
    assert len(kalshi.requests_for("DecreaseOrderV2")) == 1


def test_reduce_to_is_resent_while_the_order_has_more_left(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("DecreaseOrderV2", "read_timeout")  # not applied, no answer: a target is safe to resend
    result = make_client(retry=QUICK).orders.decrease(order["order_id"], reduce_to=4)
    assert result.remaining_count == Decimal(4)
    assert _bodies(kalshi, "DecreaseOrderV2") == [{"reduce_to": "4"}, {"reduce_to": "4"}]
    assert len(kalshi.requests_for("GetOrder")) == 1  # no read first: a target needs none


def test_an_amend_whose_success_answer_cannot_be_read_is_settled_by_the_order(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]

    def garbled(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if kalshi._operation(request) == "AmendOrderV2":
            return httpx.Response(200, content=b"<html>upstream hiccup</html>")
        return response

    client = make_client(retry=QUICK, transport=httpx.MockTransport(garbled))
    result = client.orders.amend(order["order_id"], ticker=TICKER, book_side="bid", price="0.40", count=12)
    assert result.reconciled and result.order is not None and result.order.yes_price == Decimal("0.40")
    assert len(kalshi.requests_for("AmendOrderV2")) == 1


def test_an_amend_not_applied_on_an_order_no_longer_resting_is_not_resent(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("AmendOrderV2", "500")
    order["status"] = "canceled"
    with pytest.raises(ServerError):
        make_client(retry=QUICK).orders.amend(
            order["order_id"], ticker=TICKER, book_side="bid", price="0.40", count=12
        )
    assert len(kalshi.requests_for("AmendOrderV2")) == 1


def test_a_cancel_out_of_attempts_is_settled_by_the_order(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    order = kalshi.seed(1)[0]
    kalshi.fail("CancelOrderV2", "read_timeout_after_commit", times=5)
    result = make_client(retry=RetryPolicy(max_attempts=1)).orders.cancel(order["order_id"])
    assert result.reconciled and result.order is not None


def test_a_batch_cancel_out_of_attempts_reads_every_order_back(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    first, second = kalshi.seed(2)
    kalshi.fail("BatchCancelOrdersV2", "500_after_commit", times=5)
    kalshi.fail("GetOrder", "500", times=3, on_call=2)  # the second order cannot be read back
    result = make_client(retry=RetryPolicy(max_attempts=1)).orders.batch_cancel(
        [first["order_id"], second["order_id"]]
    )
    one, two = result
    assert one.reconciled and one.ok and one.order_id == first["order_id"] and one.reduced_by is None
    assert (
        not two.ok and isinstance(two.error, OrderOutcomeUnknownError) and two.order_id == second["order_id"]
    )


WRITES_ON_AN_ORDER: dict[str, tuple[str, Any]] = {
    "amend": (
        "AmendOrderV2",
        lambda c, oid: c.orders.amend(oid, ticker=TICKER, book_side="bid", price="0.40", count=12),
    ),
    "decrease": ("DecreaseOrderV2", lambda c, oid: c.orders.decrease(oid, reduce_to=4)),
    "cancel": ("CancelOrderV2", lambda c, oid: c.orders.cancel(oid)),
}


@pytest.mark.parametrize("name", list(WRITES_ON_AN_ORDER))
def test_a_write_whose_answer_is_lost_and_order_unreadable_says_what_to_look_up(
    kalshi: FakeKalshi, make_client: ClientFactory, name: str
) -> None:
    """Applied, answer lost, and the order cannot be read back: neither success nor an ordinary error, but
    OrderOutcomeUnknownError naming the order and the read to make."""
    order = kalshi.seed(1)[0]
    operation, call = WRITES_ON_AN_ORDER[name]
    kalshi.fail(operation, "500_after_commit", times=10)
    kalshi.fail("GetOrder", "500", times=1000)
    with pytest.raises(OrderOutcomeUnknownError) as info:
        call(make_client(retry=RetryPolicy(max_attempts=1, rng=lambda: 0.0)), order["order_id"])
    error = info.value
    assert (error.operation, error.order_id, error.client_order_id) == (name, order["order_id"], None)
    assert f"orders.get({order['order_id']!r})" in str(error) and "could not be read back" in str(error)
    assert error.method is not None and error.path is not None and order["order_id"] in error.path


def test_a_batch_cancel_with_no_answer_and_no_order_readable_is_an_unknown_outcome(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    """Canceled by the server, answer lost, and not one order can be read: not an ordinary ServerError
    (which says nothing was canceled) but OrderOutcomeUnknownError naming every order."""
    first, second = kalshi.seed(2)
    kalshi.fail("BatchCancelOrdersV2", "500_after_commit", times=5)
    kalshi.fail("GetOrder", "500", times=1000)
    ids = [first["order_id"], second["order_id"]]
    with pytest.raises(OrderOutcomeUnknownError) as info:
        make_client(retry=RetryPolicy(max_attempts=1, rng=lambda: 0.0)).orders.batch_cancel(ids)
    error = info.value
    assert (error.operation, error.order_id, error.order_ids) == ("batch_cancel", None, tuple(ids))
    assert all(order_id in str(error) for order_id in ids) and "orders.get(order_id)" in str(error)
    assert isinstance(error.__cause__, ServerError)
    assert all(o["status"] == "canceled" for o in kalshi.orders)  # it was applied: the error must not say no


@pytest.mark.parametrize("then", ["429", "connect"])
def test_a_cancel_whose_last_attempts_were_not_sent_is_settled_by_the_order(
    kalshi: FakeKalshi, make_client: ClientFactory, then: str
) -> None:
    """The first attempt canceled the order and lost its answer; the resends were refused (429) or never
    left (connect errors) until the attempts ran out. The last attempt says nothing about the first: the
    order does, and it is canceled, so the call must not raise an error that says it was not."""
    order = kalshi.seed(1)[0]
    kalshi.fail("CancelOrderV2", "read_timeout_after_commit", on_call=1)
    kalshi.fail("CancelOrderV2", then, times=5)
    result = make_client(retry=RetryPolicy(max_attempts=3, rng=lambda: 0.0)).orders.cancel(order["order_id"])
    assert result.reconciled and result.order is not None and result.order.status.value == "canceled"
    assert len(kalshi.requests_for("CancelOrderV2")) == 3


@pytest.mark.parametrize("then", ["429", "connect"])
def test_a_batch_cancel_whose_last_attempts_were_not_sent_reads_every_order_back(
    kalshi: FakeKalshi, make_client: ClientFactory, then: str
) -> None:
    first, second = kalshi.seed(2)
    kalshi.fail("BatchCancelOrdersV2", "drop_after_commit", on_call=1)
    kalshi.fail("BatchCancelOrdersV2", then, times=5)
    result = make_client(retry=RetryPolicy(max_attempts=3, rng=lambda: 0.0)).orders.batch_cancel(
        [first["order_id"], second["order_id"]]
    )
    assert [(item.order_id, item.ok, item.reconciled) for item in result] == [
        (first["order_id"], True, True),
        (second["order_id"], True, True),
    ]


@pytest.mark.parametrize("write", ["amend", "decrease_to"])
def test_a_resend_refused_after_a_lost_first_copy_waits_for_a_lagging_read(
    kalshi: FakeKalshi, make_client: ClientFactory, write: str
) -> None:
    """The first copy applied (answer lost: 500), and reads of the order trail it; the resend is refused (the
    order filled meanwhile, so it no longer rests / has fewer left than the target). A refusal after an
    unclear attempt is checked against the order over the lookup polls, as a reduce_by is, before it is
    believed: the write was applied."""
    order = kalshi.seed(1)[0]
    stale = dict(order)  # the order as reads keep showing it for a while
    stale_reads = [2]
    operation = "AmendOrderV2" if write == "amend" else "DecreaseOrderV2"

    def lagging(request: httpx.Request) -> httpx.Response:
        name = kalshi._operation(request)
        if name == "GetOrder" and stale_reads[0] > 0:
            stale_reads[0] -= 1
            return httpx.Response(200, json={"order": kalshi._public(stale)})
        if name == operation and kalshi.calls.get(operation, 0) >= 1:
            kalshi.requests.append(request)
            return httpx.Response(409, json={"error": {"code": "order_not_resting", "message": "executed"}})
        return kalshi.handler(request)

    kalshi.fail(operation, "500_after_commit")
    client = make_client(retry=QUICK, transport=httpx.MockTransport(lagging))
    result: Any
    if write == "amend":
        result = client.orders.amend(
            order["order_id"], ticker=TICKER, book_side="bid", price="0.40", count=12
        )
        assert result.order is not None and result.order.yes_price == Decimal("0.40")
    else:
        result = client.orders.decrease(order["order_id"], reduce_to=4)
        assert result.order is not None and result.order.remaining_count == Decimal(4)
    assert result.reconciled
    assert len(kalshi.requests_for(operation)) == 2
