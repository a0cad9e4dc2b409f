"""client.orders.queue_position / queue_positions: what is sent, how answers are read, and true positions
from the sandbox's book (sync, async and with_raw_response)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from kalshi_orders import (
    AsyncKalshiClient,
    KalshiClient,
    NotFoundError,
    OrderValidationError,
    QueuePosition,
    QueuePositions,
    ResponseValidationError,
    RetryPolicy,
)
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_shared_server  # noqa: F401

from .conftest import KEY_ID, KEY_PEM

BASE = "https://kalshi.test/trade-api/v2"
T50 = "KXSANDBOX-26DEC31-T50"
T60 = "KXSANDBOX-26DEC31-T60"
FAST = RetryPolicy(max_attempts=3, backoff_base=0.001, backoff_cap=0.005)


class Recorder:
    """A MockTransport that records requests and answers with a fixed response."""

    def __init__(self, status: int, body: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status
        self.body = body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)


def _client(recorder: Recorder) -> KalshiClient:
    return KalshiClient(
        key_id=KEY_ID,
        private_key=KEY_PEM,
        base_url=BASE,
        rate_limit=False,
        retry=FAST,
        transport=httpx.MockTransport(recorder),
    )


def test_queue_position_reads_a_decimal() -> None:
    recorder = Recorder(200, {"queue_position_fp": "250.50"})
    with _client(recorder) as client:
        position = client.orders.queue_position("ord-1")
        raw = client.orders.with_raw_response.queue_position("ord/2")
    assert position == Decimal("250.50") and isinstance(position, Decimal)
    assert raw.status_code == 200 and raw.parsed() == Decimal("250.50")
    paths = [r.url.raw_path.decode() for r in recorder.requests]
    assert paths == [
        "/trade-api/v2/portfolio/orders/ord-1/queue_position",
        "/trade-api/v2/portfolio/orders/ord%2F2/queue_position",
    ]


def test_queue_positions_send_every_filter_and_omit_subaccount_unless_given() -> None:
    body = {"queue_positions": [{"order_id": "a", "market_ticker": T50, "queue_position_fp": "3.00", "x": 1}]}
    recorder = Recorder(200, body)
    with _client(recorder) as client:
        client.orders.queue_positions()
        client.orders.queue_positions(market_tickers=[T50, f" {T60} "], event_ticker="KXSANDBOX-26DEC31")
        client.orders.queue_positions(market_tickers=f"{T50},{T60}", subaccount=0)
        positions = client.orders.queue_positions(subaccount=7)
    params = [dict(r.url.params) for r in recorder.requests]
    # No subaccount unless asked: a key locked to a subaccount is refused for any other, 0 included.
    assert params == [
        {},
        {"market_tickers": f"{T50},{T60}", "event_ticker": "KXSANDBOX-26DEC31"},
        {"market_tickers": f"{T50},{T60}", "subaccount": "0"},
        {"subaccount": "7"},
    ]
    assert isinstance(positions, QueuePositions) and len(positions) == 1
    item = positions[0]
    assert isinstance(item, QueuePosition)
    assert (item.order_id, item.market_ticker, item.queue_position) == ("a", T50, Decimal("3.00"))
    assert item.extra == {"x": 1} and item.to_dict()["x"] == 1
    assert positions.by_order_id["a"] is not None and list(positions) == [item]


def test_a_null_list_reads_as_empty() -> None:
    with _client(Recorder(200, {"queue_positions": None})) as client:
        assert list(client.orders.queue_positions()) == []


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"market_tickers": ""}, "market_tickers must be market tickers"),
        ({"market_tickers": "A,,B"}, "market_tickers must be market tickers"),
        ({"market_tickers": ["A", "B,C"]}, "market_tickers must be market tickers"),
        ({"market_tickers": []}, "market_tickers must be market tickers"),
        ({"market_tickers": 5}, "must be a ticker or a list"),
        ({"event_ticker": ""}, "event_ticker must be one ticker"),
        ({"event_ticker": "A,B"}, "event_ticker must be one ticker"),
        ({"subaccount": 64}, "subaccount must be an int from 0 to 63"),
    ],
)
def test_bad_filters_are_refused_before_sending(kwargs: dict[str, Any], needle: str) -> None:
    recorder = Recorder(200, {"queue_positions": []})
    with _client(recorder) as client, pytest.raises(OrderValidationError, match=needle):
        client.orders.queue_positions(**kwargs)
    assert recorder.requests == []


def test_a_body_that_does_not_fit_fails_the_call() -> None:
    with _client(Recorder(200, {"queue_position_fp": 12})) as client, pytest.raises(ResponseValidationError):
        client.orders.queue_position("ord-1")


# ---------------------------------------------------------------------------------------- the real book


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[KalshiClient]:  # noqa: F811
    with KalshiClient(
        base_url=sandbox.base_url, key_id=sandbox.key_id, private_key=sandbox.private_key_path, retry=FAST
    ) as made:
        yield made


def _bid(client: KalshiClient, price: str, count: str, ticker: str = T50) -> str:
    return client.orders.create(ticker=ticker, book_side="bid", price=price, count=count).order_id


def test_positions_follow_price_time_priority(client: KalshiClient) -> None:
    lone = _bid(client, "0.21", "4")
    first = _bid(client, "0.22", "3.5")
    second = _bid(client, "0.22", "2")
    behind_the_maker = _bid(client, "0.40", "1")  # the simulated market maker rests 100 at 0.40
    assert client.orders.queue_position(lone) == 0
    assert client.orders.queue_position(first) == 0
    assert client.orders.queue_position(second) == Decimal("3.5")
    assert client.orders.queue_position(behind_the_maker) == 100
    positions = client.orders.queue_positions(market_tickers=[T50])
    assert {p.order_id: p.queue_position for p in positions} == {
        lone: 0,
        first: 0,
        second: Decimal("3.5"),
        behind_the_maker: 100,
    }
    client.orders.cancel(first)
    assert client.orders.queue_position(second) == 0  # the order ahead left the queue
    with pytest.raises(NotFoundError):
        client.orders.queue_position(first)  # only resting orders have a position


def test_filters_select_markets_and_events(client: KalshiClient) -> None:
    t50 = _bid(client, "0.20", "1")
    t60 = _bid(client, "0.20", "1", ticker=T60)
    every = {p.order_id for p in client.orders.queue_positions()}
    assert every == {t50, t60}
    assert [p.order_id for p in client.orders.queue_positions(market_tickers=T60)] == [t60]
    assert {p.order_id for p in client.orders.queue_positions(event_ticker="KXSANDBOX-26DEC31")} == every
    assert list(client.orders.queue_positions(event_ticker="KXNOSUCH-EVENT")) == []


def test_a_key_locked_to_a_subaccount_reads_its_positions(sandbox: SandboxServer) -> None:  # noqa: F811
    key_id, path = sandbox.admin.add_account("locked", subaccount=5)
    with KalshiClient(base_url=sandbox.base_url, key_id=key_id, private_key=path, retry=FAST) as locked:
        order_id = locked.orders.create(
            ticker=T50, book_side="bid", price="0.25", count="2", subaccount=5
        ).order_id
        # Sending the spec's default (0) would be refused for this key: nothing is sent unless given.
        assert [p.order_id for p in locked.orders.queue_positions()] == [order_id]
        assert locked.orders.queue_position(order_id) == 0


def test_async_and_raw_flavours_agree(sandbox: SandboxServer, client: KalshiClient) -> None:  # noqa: F811
    first = _bid(client, "0.23", "5")
    second = _bid(client, "0.23", "1")

    async def read() -> tuple[Decimal, QueuePositions, Any]:
        async with AsyncKalshiClient(
            base_url=sandbox.base_url, key_id=sandbox.key_id, private_key=sandbox.private_key_path, retry=FAST
        ) as aclient:
            one = await aclient.orders.queue_position(second)
            many = await aclient.orders.queue_positions(market_tickers=[T50])
            raw = await aclient.orders.with_raw_response.queue_positions()
            return one, many, raw

    one, many, raw = asyncio.run(read())
    assert one == 5
    assert {p.order_id: p.queue_position for p in many} == {first: 0, second: 5}
    assert raw.status_code == 200 and raw.method == "GET" and raw.path == "/portfolio/orders/queue_positions"
    assert json.loads(raw.content)["queue_positions"][1]["queue_position_fp"] == "5.00"
