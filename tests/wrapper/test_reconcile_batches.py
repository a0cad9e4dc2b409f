"""Batches whose answer is out of order or lost: items matched by client_order_id, cancels confirmed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from .conftest import TICKER, ClientFactory, FakeClock, FakeKalshi

ORDER = {"ticker": TICKER, "side": "yes", "action": "buy", "yes_price": "0.56", "count": 10}
THREE = [dict(ORDER, client_order_id=f"coid-{i}") for i in range(3)]


def _batch_answers_edited(
    kalshi: FakeKalshi, edit: Callable[[list[dict[str, Any]]], None]
) -> httpx.MockTransport:
    """The fake exchange, with ``edit`` applied to the items of every batch create answer."""

    def handler(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if request.method == "POST" and request.url.path.endswith("/batched"):
            body = orjson.loads(response.content)
            edit(body["orders"])
            return httpx.Response(response.status_code, json=body)
        return response

    return httpx.MockTransport(handler)


def _order_ids_by_coid(kalshi: FakeKalshi) -> list[str]:
    by_coid = {o["client_order_id"]: o["order_id"] for o in kalshi.orders}
    return [by_coid[f"coid-{i}"] for i in range(3)]


def test_batch_create_items_matched_by_client_order_id_not_position(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    transport = _batch_answers_edited(kalshi, lambda items: items.reverse())
    result = make_client(transport=transport).orders.batch_create(THREE)
    assert [item.client_order_id for item in result] == ["coid-0", "coid-1", "coid-2"]
    assert [item.order_id for item in result] == _order_ids_by_coid(kalshi)


@pytest.mark.parametrize("echoed", [{0}, {2}, {0, 1}])
def test_batch_create_with_partial_echoes_out_of_order_never_swaps_results(
    kalshi: FakeKalshi, make_client: ClientFactory, echoed: set[int]
) -> None:
    """Items out of order and only some echoing their client_order_id: position says nothing, so the ones
    without an echo are found by client_order_id (a lookup), never given another order's result."""

    def edit(items: list[dict[str, Any]]) -> None:
        for item in items:
            if int(item["client_order_id"].split("-")[1]) not in echoed:
                del item["client_order_id"]
        items.reverse()

    result = make_client(transport=_batch_answers_edited(kalshi, edit)).orders.batch_create(THREE)
    assert len(kalshi.orders) == 3  # nothing resent
    assert [item.order_id for item in result] == _order_ids_by_coid(kalshi)
    # Two or more without an echo are looked up; a lone one is the lone unmatched order's.
    assert (kalshi.calls.get("GetOrders", 0) >= 1) == (len(echoed) < 2)


def test_batch_create_in_order_with_partial_echoes_trusts_position(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    def edit(items: list[dict[str, Any]]) -> None:
        del items[1]["client_order_id"]

    result = make_client(transport=_batch_answers_edited(kalshi, edit)).orders.batch_create(THREE)
    assert [item.order_id for item in result] == _order_ids_by_coid(kalshi)
    assert kalshi.calls.get("GetOrders", 0) == 0


@pytest.mark.parametrize("fault", ["500_after_commit", "drop_after_commit"])
def test_batch_cancel_whose_answer_was_lost_is_confirmed_not_failed(
    kalshi: FakeKalshi, make_client: ClientFactory, fault: str
) -> None:
    resting, executed = kalshi.seed(1)[0], kalshi.seed(1, status="executed")[0]
    kalshi.fail("BatchCancelOrdersV2", fault)
    result = make_client().orders.batch_cancel([resting["order_id"], executed["order_id"]])
    first, second = result
    assert first.ok and first.reconciled and first.order is not None
    assert first.order.status.value == "canceled"
    # The executed order was never cancelable: its refusal stands.
    assert not second.ok and not second.reconciled
    assert len(kalshi.requests_for("BatchCancelOrdersV2")) == 2
    assert len(kalshi.requests_for("GetOrder")) == 2


def test_batch_cancel_refusal_without_ambiguity_is_not_looked_up(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    executed = kalshi.seed(1, status="executed")[0]
    result = make_client().orders.batch_cancel([executed["order_id"]])
    assert not result.ok and not result[0].reconciled
    assert kalshi.calls.get("GetOrder", 0) == 0


def test_lookup_is_bounded_by_min_ts_not_by_list_order(
    kalshi: FakeKalshi, make_client: ClientFactory, clock: FakeClock
) -> None:
    kalshi.seed(450)  # an hour old: none of these can be the lost order
    since = clock.wall()
    kalshi.fail("CreateOrderV2", "drop_after_commit")
    result = make_client().orders.create(**ORDER)
    assert result.reconciled and len(kalshi.by_client_order_id(result.client_order_id)) == 1
    lookups = kalshi.requests_for("GetOrders")
    assert lookups and all(int(r.url.params["min_ts"]) == int(since) - 120 for r in lookups)
    assert len(lookups) == 1  # the old orders are filtered out by the server, not paged through
