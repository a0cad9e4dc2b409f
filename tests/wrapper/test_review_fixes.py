"""Regression tests for bugs found in review: odd statuses on creates and reads, key text passed as a path,
batch responses out of order, and the pager's raw response."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from kalshi_orders import (
    ConfigurationError,
    KalshiClient,
    KeyLoadError,
    OrderOutcomeUnknownError,
    ServerError,
    UnexpectedStatusError,
    load_private_key,
)
from kalshi_orders._retry import Failure, classify

from .conftest import KEY_PEM, TICKER, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi

ORDER = {"ticker": TICKER, "side": "yes", "action": "buy", "yes_price": "0.56", "count": 10}


def test_create_answered_with_undocumented_2xx_is_looked_up_not_crashed(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if request.method == "POST":  # placed, but answered 200 instead of the documented 201
            return httpx.Response(200, content=response.content, headers=response.headers)
        return response

    result = make_client(transport=httpx.MockTransport(handler)).orders.create(**ORDER)
    assert result.reconciled and len(kalshi.orders) == 1
    assert len(kalshi.requests_for("CreateOrderV2")) == 1


def test_redirect_is_an_error_not_a_success(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    assert classify(302, None) is Failure.FATAL

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(307, headers={"location": "https://elsewhere.test/"})
        return kalshi.handler(request)

    with pytest.raises(UnexpectedStatusError) as info:
        make_client(transport=httpx.MockTransport(handler)).orders.create(**ORDER)
    assert info.value.status_code == 307
    assert kalshi.orders == []


@pytest.mark.parametrize("status", [520, 522, 599])
def test_status_outside_httpstatus_is_a_server_error_and_reconciled(
    status: int, kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if request.method == "POST":  # a CDN's 52x after the origin placed the order
            return httpx.Response(status, text="origin error")
        return response

    result = make_client(transport=httpx.MockTransport(handler)).orders.create(**ORDER)
    assert result.reconciled and len(kalshi.orders) == 1

    def always(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="origin error")

    with pytest.raises(ServerError) as info:
        make_client(transport=httpx.MockTransport(always)).orders.get("abc")
    assert info.value.status_code == status
    assert info.value.body == b"origin error"


def test_create_with_only_52x_ends_unknown_not_valueerror(make_client: ClientFactory) -> None:
    def always(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"orders": [], "cursor": ""})
        return httpx.Response(522, text="timeout")

    with pytest.raises(OrderOutcomeUnknownError):
        make_client(transport=httpx.MockTransport(always)).orders.create(**ORDER)


@pytest.mark.parametrize("as_bytes", [False, True])
def test_pem_text_given_where_a_path_is_expected_is_never_echoed(tmp_path: Path, as_bytes: bool) -> None:
    quoted = '"' + KEY_PEM.replace("\n", "\\n") + '"'  # as copied from a .env file, quotes and all
    body = KEY_PEM.splitlines()[1]
    with pytest.raises(KeyLoadError) as info:
        load_private_key(path=quoted)
    assert body not in str(info.value) and "BEGIN" not in str(info.value)
    # The client recognises PEM text (quoted, bytes) and loads it as a key instead.
    key = quoted.encode() if as_bytes else quoted
    client = KalshiClient(key_id="k", private_key=key, base_url="http://127.0.0.1:9/trade-api/v2")
    assert client.key_id == "k"
    client.close()


def test_batch_create_items_matched_by_client_order_id_not_position(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    import orjson

    def handler(request: httpx.Request) -> httpx.Response:
        response = kalshi.handler(request)
        if request.method == "POST" and request.url.path.endswith("/batched"):
            body = orjson.loads(response.content)
            body["orders"].reverse()
            return httpx.Response(response.status_code, json=body)
        return response

    orders = [dict(ORDER, client_order_id=f"coid-{i}") for i in range(3)]
    result = make_client(transport=httpx.MockTransport(handler)).orders.batch_create(orders)
    assert [item.client_order_id for item in result] == ["coid-0", "coid-1", "coid-2"]
    by_coid = {o["client_order_id"]: o["order_id"] for o in kalshi.orders}
    assert [item.order_id for item in result] == [by_coid[f"coid-{i}"] for i in range(3)]


def test_pager_exposes_the_last_raw_response(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(5)
    pager = make_client().orders.list(limit=2)
    assert pager.last_response is None
    assert len(list(pager)) == 5
    raw = pager.last_response
    assert raw is not None and raw.status_code == 200 and raw.method == "GET"
    assert len(raw.parsed()) == 1 and raw.parsed().cursor is None


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


def test_environment_is_demo_by_default_and_none_for_a_local_sandbox() -> None:
    options = {"key_id": "k", "private_key": KEY_PEM}
    with KalshiClient(**options) as demo:
        assert demo.environment is not None and demo.environment.value == "demo"
    with KalshiClient(base_url="http://127.0.0.1:9/trade-api/v2", **options) as local:
        assert local.environment is None and "custom" in repr(local)


def test_async_status_outside_httpstatus_is_a_server_error(make_async_client: AsyncClientFactory) -> None:
    async def always(request: httpx.Request) -> httpx.Response:
        return httpx.Response(524, text="a timeout occurred")

    async def go() -> ServerError:
        async with make_async_client(transport=httpx.MockTransport(always)) as client:
            with pytest.raises(ServerError) as info:
                await client.orders.get("abc")
            return info.value

    error = asyncio.run(go())
    assert error.status_code == 524 and error.body == b"a timeout occurred"


def test_httpx_args_the_generated_client_also_sets_are_handed_over(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.seed(1)
    client = make_client(httpx_args={"headers": {"User-Agent": "my-bot/1.0"}, "verify": True})
    assert len(list(client.orders.list())) == 1
    assert kalshi.requests[-1].headers["User-Agent"] == "my-bot/1.0"
    with pytest.raises(ConfigurationError, match="follow_redirects"):
        make_client(httpx_args={"follow_redirects": True})


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
