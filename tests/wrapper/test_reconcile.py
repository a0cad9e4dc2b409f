"""Creates never double-place and never get lost (client_order_id reuse + lookup before resend)."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from kalshi_orders import (
    BadRequestError,
    ConflictError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    RetryPolicy,
    build_create_order,
)

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeKalshi

ORDER = {"ticker": TICKER, "side": "yes", "action": "buy", "yes_price": "0.56", "count": 10}


def _sent_client_order_ids(kalshi: FakeKalshi, operation: str = "CreateOrderV2") -> list[str]:
    return [json.loads(r.content)["client_order_id"] for r in kalshi.requests_for(operation)]


@pytest.mark.parametrize("fault", ["read_timeout_after_commit", "drop_after_commit", "500_after_commit"])
def test_lost_response_after_commit_is_found_not_duplicated(
    kalshi: FakeKalshi, make_client: ClientFactory, fault: str, caplog: pytest.LogCaptureFixture
) -> None:
    kalshi.seed(250)  # the lookup walks past other orders on the same ticker
    kalshi.visibility_delay = 0.5  # Kalshi shows a new order ~0.5 s late
    kalshi.fail("CreateOrderV2", fault)
    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        result = make_client().orders.create(**ORDER)
    assert result.reconciled
    placed = kalshi.by_client_order_id(result.client_order_id)
    assert len(placed) == 1
    assert result.order_id == placed[0]["order_id"]
    assert result.order is not None and str(result.order.yes_price) == "0.5600"
    assert len(kalshi.requests_for("CreateOrderV2")) == 1  # found, so never resent
    assert any("looking up" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_5xx_without_commit_resends_same_client_order_id(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.fail("CreateOrderV2", "500")
    result = make_client().orders.create(**ORDER)
    assert not result.reconciled and result.raw is not None
    sent = _sent_client_order_ids(kalshi)
    assert len(sent) == 2 and sent[0] == sent[1] == result.client_order_id
    assert len(kalshi.by_client_order_id(result.client_order_id)) == 1
    assert kalshi.calls["GetOrders"] >= 1  # looked up before resending


def test_resend_conflict_means_it_was_placed(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    # The order commits but stays invisible longer than the lookup polls; the resend gets 409 for its id,
    # and the second lookup (time has passed) finds it.
    kalshi.visibility_delay = 1.3
    kalshi.fail("CreateOrderV2", "read_timeout_after_commit")
    policy = RetryPolicy(rng=lambda: 1.0, backoff_base=1.0, lookup_polls=2, lookup_interval=0.2)
    result = make_client(retry=policy).orders.create(**ORDER)
    assert result.reconciled
    assert len(kalshi.by_client_order_id(result.client_order_id)) == 1
    assert len(kalshi.requests_for("CreateOrderV2")) == 2


def test_unknown_outcome_after_budget(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.fail("CreateOrderV2", "read_timeout", times=10)
    request = build_create_order(**ORDER)
    with pytest.raises(OrderOutcomeUnknownError) as info:
        make_client().orders.create(request)
    assert info.value.client_order_id == request.client_order_id
    # What to look up: the id, and the market whose orders hold it (GetOrders cannot filter by the id).
    assert info.value.ticker == ORDER["ticker"]
    assert f"orders.list(ticker={ORDER['ticker']!r})" in str(info.value), str(info.value)
    assert _sent_client_order_ids(kalshi) == [request.client_order_id] * 3
    assert kalshi.orders == []


@pytest.mark.parametrize("fault", ["429", "connect"])
def test_429_and_connect_errors_are_plainly_retried(
    kalshi: FakeKalshi, make_client: ClientFactory, fault: str
) -> None:
    kalshi.fail("CreateOrderV2", fault, times=2)
    result = make_client().orders.create(**ORDER)
    assert not result.reconciled
    assert kalshi.calls.get("GetOrders", 0) == 0  # nothing ambiguous: no lookup
    assert len(set(_sent_client_order_ids(kalshi))) == 1 and len(kalshi.orders) == 1


def test_rejection_surfaces_without_lookup(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(1, client_order_id="mine-1")
    with pytest.raises(ConflictError):
        make_client().orders.create(
            **ORDER, client_order_id="mine-1"
        )  # reused by the caller: a real conflict
    assert kalshi.calls.get("GetOrders", 0) == 0


def test_bad_request_is_not_retried(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        kalshi.requests.append(request)
        return httpx.Response(400, json={"error": {"code": "invalid_order", "message": "bad price"}})

    with pytest.raises(BadRequestError, match="invalid_order"):
        make_client(transport=httpx.MockTransport(handler)).orders.create(**ORDER)
    # The market read was refused too (the order then goes out unchecked); the create was sent once.
    assert [r.method for r in kalshi.requests] == ["GET", "POST"]


def test_prebuilt_request_without_id_gets_one(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    request = build_create_order(**ORDER)
    request.client_order_id = ""
    result = make_client().orders.create(request)
    assert result.client_order_id and request.client_order_id == ""  # caller's object untouched


def test_batch_create_lost_response_found_and_missing_resent(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.fail("BatchCreateOrdersV2", "drop_after_commit")
    orders = [dict(ORDER, yes_price=f"0.{50 + i}") for i in range(3)]
    result = make_client().orders.batch_create(orders)
    assert result.ok and len(result) == 3
    assert all(item.reconciled for item in result)
    assert len(kalshi.orders) == 3  # each exactly once
    assert len(kalshi.requests_for("BatchCreateOrdersV2")) == 1


def test_batch_create_per_item_errors_surface(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(1, client_order_id="taken")
    orders = [dict(ORDER, client_order_id="fresh-1"), dict(ORDER, client_order_id="taken")]
    result = make_client().orders.batch_create(orders)
    assert not result.ok
    assert result[0].ok and result[0].order_id is not None
    assert result[1].error is not None and "order_already_exists" in str(result[1].error)
    assert [item.client_order_id for item in result.errors] == ["taken"]


def test_batch_create_needs_unique_ids(make_client: ClientFactory) -> None:
    with pytest.raises(OrderValidationError, match="unique"):
        make_client().orders.batch_create(
            [dict(ORDER, client_order_id="x"), dict(ORDER, client_order_id="x")]
        )


def test_async_lost_create_is_found(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    kalshi.fail("CreateOrderV2", "read_timeout_after_commit")

    async def go() -> bool:
        async with make_async_client() as client:
            result = await client.orders.create(**ORDER)
            return result.reconciled

    assert asyncio.run(go())
    assert len(kalshi.orders) == 1


def test_unreadable_2xx_create_is_looked_up_not_resent(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if request.method == "POST":  # placed, but the body is not what the spec promises
            return httpx.Response(201, json={"unexpected": True})
        return response

    result = make_client(transport=httpx.MockTransport(handler)).orders.create(**ORDER)
    assert result.reconciled and len(kalshi.orders) == 1
    assert len(kalshi.requests_for("CreateOrderV2")) == 1
