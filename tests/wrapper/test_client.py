from __future__ import annotations

import base64
import logging
from decimal import Decimal

import httpx
import pytest

from kalshi_orders import (
    APITimeoutError,
    Bucket,
    ConfigurationError,
    ConflictError,
    KalshiClient,
    NotFoundError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    RateLimitError,
    ResponseValidationError,
)

from .conftest import BASE_URL, KEY_ID, KEY_PEM, TICKER, ClientFactory, FakeClock, FakeKalshi


def test_get_returns_decimal_view_and_raw_response(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1, price="0.56")[0]
    client = make_client()
    order = client.orders.get(seeded["order_id"])
    assert order.order_id == seeded["order_id"]
    assert order.yes_price == Decimal("0.5600") and order.no_price == Decimal("0.4400")
    assert order.remaining_count == Decimal("10.00")
    raw = client.orders.with_raw_response.get(seeded["order_id"])
    assert raw.status_code == 200 and raw.method == "GET"
    assert raw.path == f"/portfolio/orders/{seeded['order_id']}"
    assert raw.elapsed.total_seconds() > 0 and raw.attempts == 1
    assert b'"order"' in raw.content
    assert raw.parsed().order_id == seeded["order_id"]


def test_request_id_exposed(make_client: ClientFactory) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204, headers={"x-request-id": "req-42"})

    raw = make_client(transport=httpx.MockTransport(handler)).orders.with_raw_response.cancel_all()
    assert raw.request_id == "req-42" and raw.status_code == 204 and raw.parsed() is None


def test_fresh_signature_on_every_retry(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("GetOrder", "500", times=2)
    make_client().orders.get(seeded["order_id"])
    requests = kalshi.requests_for("GetOrder")
    assert len(requests) == 3
    stamps = [r.headers["KALSHI-ACCESS-TIMESTAMP"] for r in requests]
    signatures = [r.headers["KALSHI-ACCESS-SIGNATURE"] for r in requests]
    assert len(set(stamps)) == 3 and len(set(signatures)) == 3
    assert stamps == sorted(stamps, key=int)


def test_retry_after_is_honoured(kalshi: FakeKalshi, clock: FakeClock, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("GetOrder", "503_retry_after")
    make_client().orders.get(seeded["order_id"])
    assert clock.sleeps == [2.0]


def test_retries_exhausted_raise_typed_errors(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("GetOrder", "429", times=3)
    with pytest.raises(RateLimitError):
        make_client().orders.get(seeded["order_id"])
    kalshi.fail("GetOrder", "read_timeout", times=3)
    with pytest.raises(APITimeoutError):
        make_client().orders.get(seeded["order_id"])
    with pytest.raises(NotFoundError, match="not_found"):
        make_client().orders.get("no-such-order")


def test_cancel_retried_and_soft(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("CancelOrderV2", "502_html")
    result = make_client().orders.cancel(seeded["order_id"], subaccount=0)
    assert result.reduced_by == Decimal("10.00") and result.order_id == seeded["order_id"]
    assert kalshi.orders[0]["status"] == "canceled"
    assert kalshi.requests_for("CancelOrderV2")[-1].url.params["subaccount"] == "0"
    other = kalshi.seed(1)[0]
    make_client().orders.cancel(other["order_id"])
    assert "subaccount" not in kalshi.requests_for("CancelOrderV2")[-1].url.params  # omitted unless given


@pytest.mark.parametrize("operation", ["amend", "decrease"])
def test_amend_and_decrease_retry_only_when_provably_safe(
    kalshi: FakeKalshi, make_client: ClientFactory, operation: str
) -> None:
    seeded = kalshi.seed(1)[0]
    op_id = "AmendOrderV2" if operation == "amend" else "DecreaseOrderV2"
    client = make_client()
    counts = iter(range(12, 20))

    def call() -> object:
        if operation == "amend":  # a new total each time: an amend the order already shows is not sent
            return client.orders.amend(
                seeded["order_id"], ticker=TICKER, book_side="bid", price="0.55", count=next(counts)
            )
        return client.orders.decrease(seeded["order_id"], reduce_by=1)

    kalshi.fail(op_id, "429")
    kalshi.fail(op_id, "connect")
    call()
    assert len(kalshi.requests_for(op_id)) == 3  # 429 and a refused connection are retried
    # A 500 that applied nothing: the order read back shows it, so the write is resent (a decrease as a
    # reduce_to target).
    before = len(kalshi.requests_for(op_id))
    kalshi.fail(op_id, "500")
    call()
    assert len(kalshi.requests_for(op_id)) == before + 2
    for fault in ("read_timeout", "drop"):
        before = len(kalshi.requests_for(op_id))
        kalshi.fail(op_id, fault)
        if operation == "amend":
            call()  # an amend sets a target: resent once the order shows it was not applied
            assert len(kalshi.requests_for(op_id)) == before + 2
        else:
            # The first reduce_by may still be on its way: never resent, the outcome is reported unknown.
            with pytest.raises(OrderOutcomeUnknownError, match="reduce_to="):
                call()
            assert len(kalshi.requests_for(op_id)) == before + 1


def test_amend_and_decrease_results(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    seeded = kalshi.seed(1)[0]
    client = make_client()
    amended = client.orders.amend(
        seeded["order_id"], ticker=TICKER, side="yes", action="buy", yes_price=55, count=12
    )
    assert amended.remaining_count == Decimal("12.00")
    assert kalshi.orders[0]["yes_price_dollars"] == "0.5500"
    decreased = client.orders.decrease(seeded["order_id"], reduce_to="4")
    assert decreased.remaining_count == Decimal("4.00")
    with pytest.raises(OrderValidationError, match="exactly one"):
        client.orders.decrease(seeded["order_id"], reduce_to=1, reduce_by=1)


def test_batch_cancel_surfaces_item_errors(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    a, b = kalshi.seed(2)
    client = make_client()
    client.orders.cancel(b["order_id"])
    result = client.orders.batch_cancel([a["order_id"], {"order_id": b["order_id"], "subaccount": 0}])
    assert not result.ok
    assert result[0].ok and result[0].reduced_by == Decimal("10.00")
    assert result[1].error is not None and "order_not_resting" in str(result[1].error)
    with pytest.raises(OrderValidationError):
        client.orders.batch_cancel([])


def test_cancel_all(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(3)
    assert make_client().orders.cancel_all() is None
    assert {o["status"] for o in kalshi.orders} == {"canceled"}
    with pytest.raises(OrderValidationError, match="subaccount"):
        make_client().orders.cancel_all(subaccount=64)


def test_undocumented_success_body_is_a_validation_error(make_client: ClientFactory) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"order": {"order_id": "x"}})

    with pytest.raises(ResponseValidationError) as info:
        make_client(transport=httpx.MockTransport(handler)).orders.get("x")
    assert b"order_id" in info.value.body


def test_bad_arguments_rejected_before_sending(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    with pytest.raises(OrderValidationError, match="order_id"):
        client.orders.get("")
    with pytest.raises(OrderValidationError, match="subaccount"):
        client.orders.cancel("abc", subaccount=99)
    with pytest.raises(OrderValidationError):
        client.orders.create(ticker=TICKER, side="yes", action="buy", yes_price=0.5, count=1)  # float price
    assert kalshi.requests == []


def test_no_secret_in_logs(
    kalshi: FakeKalshi, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    seeded = kalshi.seed(3)[0]
    kalshi.fail("GetOrder", "500")
    kalshi.fail("CreateOrderV2", "read_timeout_after_commit")
    with caplog.at_level(logging.DEBUG, logger="kalshi_orders"):
        client = make_client()
        client.orders.get(seeded["order_id"])
        client.orders.create(ticker=TICKER, book_side="bid", price="0.5", count=1)
        list(client.orders.list(limit=2))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "GET /portfolio/orders/" in text and "(attempt 2)" in text  # one DEBUG line per request
    signatures = {r.headers["KALSHI-ACCESS-SIGNATURE"] for r in kalshi.requests}
    assert signatures and not any(sig in text for sig in signatures)
    pem_body = "".join(KEY_PEM.strip().splitlines()[1:-1])
    assert pem_body[:20] not in text and KEY_ID not in text
    assert not any(base64.b64encode(sig.encode()).decode()[:16] in text for sig in signatures)
    assert KEY_ID not in repr(client) and "PRIVATE" not in repr(client)


def test_context_manager_closes(make_client: ClientFactory) -> None:
    with make_client() as client:
        http = client._setup.generated.get_httpx_client()
    assert http.is_closed


def test_credentials_from_env_and_arguments(monkeypatch: pytest.MonkeyPatch, kalshi: FakeKalshi) -> None:
    monkeypatch.setenv("KALSHI_API_KEY_ID", KEY_ID)
    monkeypatch.setenv("KALSHI_PRIVATE_KEY", KEY_PEM)
    monkeypatch.delenv("KALSHI_PRIVATE_KEY_PATH", raising=False)
    with KalshiClient(base_url=BASE_URL, environment=None, transport=kalshi.transport()) as client:
        assert client.key_id == KEY_ID and client.environment is None
        assert list(client.orders.list()) == []
    with KalshiClient(key_id=KEY_ID, private_key=KEY_PEM) as client:
        assert client.base_url.startswith("https://external-api.demo.kalshi.co")
    with pytest.raises(ConfigurationError, match="private_key"):
        KalshiClient(key_id=KEY_ID)
    with pytest.raises(ConfigurationError, match="production"):
        KalshiClient(
            key_id=KEY_ID, private_key=KEY_PEM, base_url="https://external-api.kalshi.com/trade-api/v2"
        )
    with pytest.raises(ConfigurationError, match="timeout"):
        KalshiClient(key_id=KEY_ID, private_key=KEY_PEM, httpx_args={"timeout": 3})


def test_sync_client_shared_across_threads(
    kalshi: FakeKalshi, clock: FakeClock, make_client: ClientFactory
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from kalshi_orders import RateLimiter

    seeded = kalshi.seed(40)
    limiter = RateLimiter(live=False, clock=clock.monotonic, sleep=clock.sleep)
    client = make_client(rate_limit=limiter)
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda o: client.orders.get(o["order_id"]).order_id, seeded))
    assert got == [o["order_id"] for o in seeded]
    # 40 GetOrder at 2 tokens each fit the read burst: nobody waited, and every reservation was counted once.
    assert clock.sleeps == []
    assert limiter.stats(Bucket.READ).requests == 40 and limiter.stats(Bucket.READ).tokens == 80


@pytest.mark.parametrize("fault", ["read_timeout_after_commit", "500_after_commit"])
def test_cancel_whose_answer_was_lost_is_confirmed_not_failed(
    kalshi: FakeKalshi, make_client: ClientFactory, fault: str
) -> None:
    seeded = kalshi.seed(1)[0]
    kalshi.fail("CancelOrderV2", fault)
    result = make_client().orders.cancel(seeded["order_id"])
    assert result.reconciled and result.raw is None and result.reduced_by is None
    assert result.order is not None and result.order.status.value == "canceled"
    assert len(kalshi.requests_for("CancelOrderV2")) == 2  # the resend got 409 (no longer resting)
    assert len(kalshi.requests_for("GetOrder")) == 1


def test_cancel_of_an_order_no_longer_resting_is_a_conflict(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    seeded = kalshi.seed(1, status="executed")[0]
    with pytest.raises(ConflictError, match="order_not_resting"):
        make_client().orders.cancel(seeded["order_id"])
    assert kalshi.calls.get("GetOrder", 0) == 0  # nothing ambiguous happened: no lookup


def test_batch_item_errors_name_the_batch_request(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    from kalshi_orders import APIError, BatchItemError

    a, b = kalshi.seed(2)
    client = make_client()
    client.orders.cancel(b["order_id"])
    result = client.orders.batch_cancel([a["order_id"], b["order_id"]])
    error = result[1].error
    assert isinstance(error, BatchItemError) and not isinstance(error, APIError)
    assert (error.method, error.path, error.code) == (
        "DELETE",
        "/portfolio/events/orders/batched",
        "order_not_resting",
    )
