"""Statuses beyond the documented ones: an undocumented 2xx, a redirect, a CDN's 52x (not in HTTPStatus)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from kalshi_orders import (
    OrderOutcomeUnknownError,
    ServerError,
    UnexpectedStatusError,
)
from kalshi_orders._retry import Failure, classify

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeKalshi

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


def test_create_with_only_52x_ends_unknown_not_valueerror(make_client: ClientFactory) -> None:
    def always(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"orders": [], "cursor": ""})
        return httpx.Response(522, text="timeout")

    with pytest.raises(OrderOutcomeUnknownError):
        make_client(transport=httpx.MockTransport(always)).orders.create(**ORDER)
