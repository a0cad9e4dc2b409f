"""Bad input refused before sending, in words that lead somewhere: past expirations, floats out of range,
a whole-dollar price, and the base URL from the environment (issue 11: failures 1, 7, 8, 10)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import httpx
import pytest

from kalshi_orders import (
    AsyncKalshiClient,
    ConfigurationError,
    KalshiClient,
    NotFoundError,
    OrderValidationError,
    RetryPolicy,
    TransportError,
    build_amend_order,
    build_create_order,
)
from kalshi_orders._order_entry import EXPIRATION_CLOCK_SKEW_SECONDS

from .conftest import KEY_ID, KEY_PEM, TICKER, ClientFactory, FakeKalshi

ORDER: dict[str, Any] = {"ticker": TICKER, "side": "yes", "action": "buy", "yes_price": "0.30", "count": 1}


# ---------------------------------------------------------------------------------------- expiration
@pytest.mark.parametrize("ago", [EXPIRATION_CLOCK_SKEW_SECONDS + 2, 60, 3600, 86400 * 30])
def test_create_with_an_expiration_in_the_past_is_refused(ago: int) -> None:
    with pytest.raises(OrderValidationError) as info:
        build_create_order(**ORDER, expiration_time=int(time.time()) - ago)
    message = str(info.value)
    assert "in the past" in message and "future time" in message
    assert f"{EXPIRATION_CLOCK_SKEW_SECONDS} s" in message  # the allowance is stated


def test_a_past_aware_datetime_is_refused_too() -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with pytest.raises(OrderValidationError, match="10 min in the past"):
        build_create_order(**ORDER, expiration_time=past)


def test_within_the_stated_clock_skew_and_in_the_future_are_accepted() -> None:
    now = int(time.time())
    assert build_create_order(**ORDER, expiration_time=now - 1).expiration_time == now - 1
    assert build_create_order(**ORDER, expiration_time=now + 3600).expiration_time == now + 3600


def test_amend_refuses_a_past_expiration_but_zero_still_removes_it() -> None:
    amend: dict[str, Any] = {"ticker": TICKER, "book_side": "bid", "price": "0.30", "count": "1"}
    with pytest.raises(OrderValidationError, match="in the past"):
        build_amend_order(**amend, expiration_time=int(time.time()) - 600)
    assert build_amend_order(**amend, expiration_time=0).expiration_time == 0


def test_the_client_sends_nothing_for_a_past_expiration(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    client = make_client()
    with pytest.raises(OrderValidationError):
        client.orders.create(**ORDER, expiration_time=int(time.time()) - 3600)
    assert kalshi.requests == []


# ---------------------------------------------------------------------------------------- wording
def test_a_huge_float_count_is_refused_for_its_size_not_sent_round_to_a_decimal() -> None:
    with pytest.raises(OrderValidationError) as info:
        build_create_order(**{**ORDER, "count": 1e12})
    message = str(info.value)
    assert "too large" in message and "999999999.99" in message
    assert "Decimal(" not in message  # no suggestion that would be refused in turn
    assert "float" in message


def test_a_float_count_in_range_suggests_the_exact_value() -> None:
    with pytest.raises(OrderValidationError, match=r'pass Decimal\("2.5"\) or the string "2.5"'):
        build_create_order(**{**ORDER, "count": 2.5})


@pytest.mark.parametrize(("price", "unit"), [("1", "1 cent?"), ("2", "2 cents?"), ("56", "56 cents?")])
def test_a_whole_dollar_string_price_asks_about_cents_in_good_english(price: str, unit: str) -> None:
    with pytest.raises(OrderValidationError) as info:
        build_create_order(**{**ORDER, "yes_price": price})
    assert f"did you mean {unit}" in str(info.value)
    assert "1 cents" not in str(info.value)


# ---------------------------------------------------------------------------------------- base URL
def _no_server(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def kalshi_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("KALSHI_BASE_URL", "KALSHI_ENV", "KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KALSHI_API_KEY_ID", KEY_ID)
    monkeypatch.setenv("KALSHI_PRIVATE_KEY", KEY_PEM)
    return monkeypatch


def test_kalshi_base_url_is_honoured_by_the_sync_client(kalshi_env: pytest.MonkeyPatch) -> None:
    kalshi_env.setenv("KALSHI_BASE_URL", "http://127.0.0.1:8080/trade-api/v2/")
    with KalshiClient() as client:
        assert client.base_url == "http://127.0.0.1:8080/trade-api/v2"
        assert client.environment is None


def test_kalshi_base_url_is_honoured_by_the_async_client(kalshi_env: pytest.MonkeyPatch) -> None:
    kalshi_env.setenv("KALSHI_BASE_URL", "http://127.0.0.1:8080/trade-api/v2/")

    async def build() -> tuple[str, object]:
        async with AsyncKalshiClient() as client:
            return client.base_url, client.environment

    assert asyncio.run(build()) == ("http://127.0.0.1:8080/trade-api/v2", None)


def test_precedence_is_the_clis(kalshi_env: pytest.MonkeyPatch) -> None:
    kalshi_env.setenv("KALSHI_BASE_URL", "http://127.0.0.1:8080/trade-api/v2")
    with KalshiClient(base_url="http://127.0.0.1:9999/trade-api/v2") as client:  # the argument wins
        assert client.base_url == "http://127.0.0.1:9999/trade-api/v2"
    kalshi_env.delenv("KALSHI_BASE_URL")
    kalshi_env.setenv("KALSHI_ENV", "production")
    with KalshiClient() as client:  # KALSHI_ENV names production, as --env does for the CLI
        assert client.environment is not None and client.environment.value == "production"
    with KalshiClient(environment="demo") as client:  # the argument wins over the variable
        assert client.environment is not None and client.environment.value == "demo"


def test_a_bad_kalshi_base_url_names_the_variable(kalshi_env: pytest.MonkeyPatch) -> None:
    kalshi_env.setenv("KALSHI_BASE_URL", "external-api.kalshi.com/trade-api/v2")
    with pytest.raises(ConfigurationError, match="KALSHI_BASE_URL"):
        KalshiClient()
    kalshi_env.setenv("KALSHI_BASE_URL", "https://external-api.kalshi.com/trade-api/v2")
    with pytest.raises(ConfigurationError, match=r"production host.*KALSHI_BASE_URL"):
        KalshiClient()  # production is never reached by a variable alone


def test_a_transport_error_names_the_host(kalshi_env: pytest.MonkeyPatch) -> None:
    kalshi_env.setenv("KALSHI_BASE_URL", "http://127.0.0.1:8080/trade-api/v2")
    client = KalshiClient(transport=httpx.MockTransport(_no_server), retry=RetryPolicy.never())
    with client, pytest.raises(TransportError) as info:
        client.orders.get("0b7a1e8c")
    assert info.value.host == "http://127.0.0.1:8080"
    assert "http://127.0.0.1:8080" in str(info.value) and "KALSHI_BASE_URL" in str(info.value)


# ---------------------------------------------------------------------------------------- path segments
# "." or ".." as an id is resolved away by the URL: DELETE /portfolio/events/orders/. is CancelAllOrders.
AMEND: dict[str, Any] = {"ticker": TICKER, "book_side": "bid", "price": "0.30", "count": "1"}
PATH_CALLS: list[tuple[str, Any]] = [
    ("cancel", lambda c, v: c.orders.cancel(v)),
    ("get", lambda c, v: c.orders.get(v)),
    ("queue_position", lambda c, v: c.orders.queue_position(v)),
    ("amend", lambda c, v: c.orders.amend(v, **AMEND)),
    ("decrease", lambda c, v: c.orders.decrease(v, reduce_by="1")),
    ("market", lambda c, v: c.markets.get(v)),
]


@pytest.mark.parametrize("segment", [".", ".."])
@pytest.mark.parametrize(("name", "call"), PATH_CALLS, ids=[name for name, _ in PATH_CALLS])
def test_a_dot_segment_id_is_refused_before_sending(
    kalshi: FakeKalshi, make_client: ClientFactory, name: str, call: Any, segment: str
) -> None:
    kalshi.seed(2)
    client = make_client(market_checks=False)
    with pytest.raises(OrderValidationError) as info:
        call(client, segment)
    message = str(info.value)
    assert repr(segment) in message and "another endpoint" in message
    assert kalshi.requests == []  # nothing sent: in particular no CancelAllOrders
    assert [o["status"] for o in kalshi.orders] == ["resting", "resting"]


@pytest.mark.parametrize("segment", [".", ".."])
@pytest.mark.parametrize(("name", "call"), PATH_CALLS, ids=[name for name, _ in PATH_CALLS])
def test_the_async_client_refuses_a_dot_segment_id_too(
    kalshi: FakeKalshi, make_async_client: Any, name: str, call: Any, segment: str
) -> None:
    kalshi.seed(2)

    async def go() -> None:
        async with make_async_client(market_checks=False) as client:
            with pytest.raises(OrderValidationError, match="another endpoint"):
                await call(client, segment)

    asyncio.run(go())
    assert kalshi.requests == []
    assert [o["status"] for o in kalshi.orders] == ["resting", "resting"]


def test_ids_with_dots_inside_are_still_sent_escaped_as_one_segment(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    client = make_client()
    for odd in ("...", "a.b", "./x"):
        with pytest.raises(NotFoundError):
            client.orders.get(odd)
    paths = [r.url.raw_path.decode() for r in kalshi.requests]
    assert paths == [f"/trade-api/v2/portfolio/orders/{p}" for p in ("...", "a.b", ".%2Fx")]
