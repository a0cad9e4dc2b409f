"""The account's live limits: loaded on first use, matched to operations, and every way they can fail."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from kalshi_orders import Bucket, ConfigurationError, KalshiClient, RateLimiter, ServerLimit
from kalshi_orders._ratelimit.live import route_key

from .conftest import PREFIX, AsyncClientFactory, ClientFactory, FakeClock, FakeKalshi, _common

LIMITS = {
    "usage_tier": "prestige",  # a tier the published table does not know
    "read": {"refill_rate": 1000, "bucket_capacity": 1500},
    "write": {"refill_rate": 400, "bucket_capacity": 800},
    "grants": [{"exchange_instance": "event_contract", "level": "prestige", "source": "manual"}],
}
COSTS = {
    "default_cost": 12,
    "endpoint_costs": [
        # The path form is not documented: the full route, the spec template, another parameter spelling.
        {"method": "GET", "path": "/trade-api/v2/portfolio/orders/{order_id}", "cost": 3},
        {"method": "delete", "path": "/portfolio/events/orders/:id", "cost": 4},
        {"method": "POST", "path": "/portfolio/events/orders/batched/", "cost": 7},
        {"method": "GET", "path": "/some/endpoint/we/never/call", "cost": 1},
    ],
}


@dataclass
class Answer:
    status: int = 200
    body: Any = None
    raw: bytes | None = None
    error: type[Exception] | None = None


@dataclass
class AccountFake:
    """FakeKalshi plus the two account reads, each answering what the test says."""

    kalshi: FakeKalshi
    limits: Answer = field(default_factory=lambda: Answer(body=LIMITS))
    costs: Answer = field(default_factory=lambda: Answer(body=COSTS))
    calls: list[str] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(PREFIX)
        answer = {"/account/limits": self.limits, "/account/endpoint_costs": self.costs}.get(path)
        if answer is None:
            return self.kalshi.handler(request)
        self.calls.append(path)
        assert request.headers.get("KALSHI-ACCESS-SIGNATURE"), "the limits reads are signed like the rest"
        if answer.error is not None:
            raise answer.error("refused", request=request)  # type: ignore[call-arg]
        if answer.raw is not None:
            return httpx.Response(answer.status, content=answer.raw)
        return httpx.Response(answer.status, json=answer.body)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    def count(self, path: str) -> int:
        return self.calls.count(path)


@pytest.fixture
def account(kalshi: FakeKalshi) -> AccountFake:
    return AccountFake(kalshi)


def _auto(make_client: ClientFactory, account: AccountFake, **kw: Any) -> Any:
    return make_client(rate_limit="auto", transport=account.transport(), **kw)


def test_loaded_on_first_use_and_matched_in_every_path_form(
    account: AccountFake, make_client: ClientFactory, kalshi: FakeKalshi, caplog: pytest.LogCaptureFixture
) -> None:
    client = _auto(make_client, account)
    limiter = client.rate_limiter
    assert account.calls == []  # nothing is sent before the first use
    order = kalshi.seed(1)[0]
    with caplog.at_level(logging.DEBUG, logger="kalshi_orders"):
        client.orders.get(order["order_id"])
        client.orders.get(order["order_id"])
    assert account.calls == ["/account/limits", "/account/endpoint_costs"]  # once
    assert limiter.source == "live" and limiter.usage_tier == "prestige"
    assert limiter.limit(Bucket.READ) == ServerLimit(1000, 1500)
    assert limiter.limit(Bucket.WRITE) == ServerLimit(400, 800)
    assert limiter.cost_of("GetOrder") == (Bucket.READ, 3)
    assert limiter.cost_of("CancelOrderV2") == (Bucket.WRITE, 4)
    assert limiter.cost_of("BatchCreateOrdersV2", 5) == (Bucket.WRITE, 35)  # per item, live cost
    assert limiter.cost_of("GetOrders") == (Bucket.READ, 12)  # not listed: the live default
    assert limiter.cost_of("SomethingNew") == (Bucket.READ, 12)
    assert limiter.max_items("BatchCreateOrdersV2") == 800 // 7
    # Both loads were charged like any request, and the two GetOrder too.
    read = limiter.stats(Bucket.READ)
    assert read.requests == 4 and read.tokens == 10 + 10 + 3 + 3
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_refreshed_after_an_hour(
    account: AccountFake, make_client: ClientFactory, kalshi: FakeKalshi, clock: FakeClock
) -> None:
    client = _auto(make_client, account)
    order = kalshi.seed(1)[0]
    client.orders.get(order["order_id"])
    account.limits = Answer(body={**LIMITS, "read": {"refill_rate": 2000, "bucket_capacity": 2000}})
    clock.advance(3599)
    client.orders.get(order["order_id"])
    assert account.count("/account/limits") == 1
    clock.advance(2)
    client.orders.get(order["order_id"])
    assert account.count("/account/limits") == 2
    assert client.rate_limiter.limit(Bucket.READ) == ServerLimit(2000, 2000)


FAILURES = {
    "403 (a key locked to a subaccount)": (
        Answer(403, {"error": {"code": "forbidden", "message": "key is restricted"}}),
        False,
        "answered 403 (forbidden)",
    ),
    "401": (Answer(401, {"error": {"code": "authentication_error", "message": "x"}}), False, "answered 401"),
    "404 (an older API)": (
        Answer(404, {"error": {"code": "not_found", "message": "x"}}),
        False,
        "answered 404",
    ),
    "500": (Answer(500, {"error": {"code": "internal_error", "message": "boom"}}), True, "answered 500"),
    "429": (Answer(429, {"error": "too many requests"}), True, "answered 429"),
    "no connection": (Answer(error=httpx.ConnectError), True, "failed (ConnectError)"),
    "HTML": (Answer(200, raw=b"<html>hello</html>"), False, "does not fit"),
    "a list": (Answer(200, [1, 2]), False, "does not fit"),
    "fields missing": (Answer(200, {"usage_tier": "basic"}), False, "does not fit"),
    "wrong types": (
        Answer(200, {**LIMITS, "read": {"refill_rate": "fast", "bucket_capacity": 1}}),
        False,
        "does not fit",
    ),
    "a zero rate": (
        Answer(200, {**LIMITS, "read": {"refill_rate": 0, "bucket_capacity": 200}}),
        False,
        "is not a usable budget",
    ),
    "a bucket smaller than one request": (
        Answer(200, {**LIMITS, "write": {"refill_rate": 100, "bucket_capacity": 5}}),
        False,
        "is not a usable budget",
    ),
    "the old requests-per-second shape": (
        Answer(200, {"usage_tier": "basic", "read_limit": 20, "write_limit": 10}),
        False,
        "does not fit",
    ),
}


@pytest.mark.parametrize("name", list(FAILURES))
def test_limits_that_cannot_be_read_fall_back_to_the_tier_table_with_one_log_line(
    name: str,
    account: AccountFake,
    make_client: ClientFactory,
    kalshi: FakeKalshi,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer, transient, words = FAILURES[name]
    account.limits = answer
    client = _auto(make_client, account, tier="advanced")
    order = kalshi.seed(1)[0]
    with caplog.at_level(logging.INFO, logger="kalshi_orders"):
        for _ in range(3):
            assert client.orders.get(order["order_id"]).order_id == order["order_id"]  # trading goes on
    limiter = client.rate_limiter
    assert limiter.limit(Bucket.READ) == ServerLimit(300, 300)  # the published advanced tier
    assert limiter.cost_of("GetOrder") == (Bucket.READ, 3)  # the costs half did load
    assert limiter.source == "tier table (live costs)"
    lines = [
        r.getMessage() for r in caplog.records if r.name == "kalshi_orders" and r.levelno >= logging.WARNING
    ]
    assert len(lines) == 1, lines
    assert words in lines[0] and "GET /account/limits" in lines[0] and "published advanced tier" in lines[0]
    assert account.count("/account/limits") == 1
    # A failure that may pass is tried again after a minute; one that will not, at the hourly refresh.
    clock.advance(61)
    client.orders.get(order["order_id"])
    assert account.count("/account/limits") == (2 if transient else 1)
    with caplog.at_level(logging.INFO, logger="kalshi_orders"):
        clock.advance(3600)
        client.orders.get(order["order_id"])
    lines = [
        r.getMessage() for r in caplog.records if r.name == "kalshi_orders" and r.levelno >= logging.WARNING
    ]
    assert len(lines) == 1  # failing again is not news


def test_costs_that_cannot_be_read_keep_the_published_costs(
    account: AccountFake, make_client: ClientFactory, kalshi: FakeKalshi, caplog: pytest.LogCaptureFixture
) -> None:
    account.costs = Answer(200, {"default_cost": 0, "endpoint_costs": []})
    client = _auto(make_client, account)
    with caplog.at_level(logging.WARNING, logger="kalshi_orders"):
        client.orders.get(kalshi.seed(1)[0]["order_id"])
    limiter = client.rate_limiter
    assert limiter.source == "live (published costs)"
    assert limiter.limit(Bucket.READ) == ServerLimit(1000, 1500)
    assert limiter.cost_of("GetOrder") == (Bucket.READ, 2) and limiter.cost_of("GetOrders") == (
        Bucket.READ,
        10,
    )
    (line,) = [r.getMessage() for r in caplog.records]
    assert "default_cost=0 is not a usable cost" in line and "with the published costs" in line


def test_recovery_after_a_failed_load_is_logged(
    account: AccountFake,
    make_client: ClientFactory,
    kalshi: FakeKalshi,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    account.limits = Answer(503, {"error": {"code": "unavailable", "message": "x"}})
    client = _auto(make_client, account)
    order = kalshi.seed(1)[0]
    with caplog.at_level(logging.INFO, logger="kalshi_orders"):
        client.orders.get(order["order_id"])
        account.limits = Answer(body=LIMITS)
        clock.advance(61)
        client.orders.get(order["order_id"])
    assert client.rate_limiter.source == "live"
    assert [r.levelname for r in caplog.records if "rate limits" in r.getMessage()] == ["WARNING", "INFO"]


def test_one_load_however_many_threads_start_at_once(
    account: AccountFake, clock: FakeClock, kalshi: FakeKalshi
) -> None:
    order = kalshi.seed(1)[0]
    start = threading.Barrier(8)
    gate = threading.Event()
    original = account.handler

    def slow_limits(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/account/limits"):
            gate.wait(5)  # hold the first load until every thread is waiting on it
        return original(request)

    # Really sleeping: the others poll until the first load is done.
    options = _common(clock, kalshi, {"rate_limit": "auto", "transport": httpx.MockTransport(slow_limits)})
    client = KalshiClient(sleep=time.sleep, **options)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait(5)
            client.orders.get(order["order_id"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    threading.Timer(0.2, gate.set).start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert account.count("/account/limits") == 1 and account.count("/account/endpoint_costs") == 1
    # Everyone waited for the load: all eight reads were charged at the live cost.
    assert client.rate_limiter.stats(Bucket.READ).tokens == 10 + 10 + 8 * 3


def test_the_async_client_loads_them_too(
    account: AccountFake, make_async_client: AsyncClientFactory, kalshi: FakeKalshi
) -> None:
    order = kalshi.seed(1)[0]

    async def go() -> RateLimiter:
        client = make_async_client(rate_limit="auto", transport=account.transport())
        async with client:
            await asyncio.gather(*(client.orders.get(order["order_id"]) for _ in range(5)))
        return client.rate_limiter

    limiter = asyncio.run(go())
    assert account.calls == ["/account/limits", "/account/endpoint_costs"]
    assert limiter.source == "live" and limiter.stats(Bucket.READ).tokens == 20 + 5 * 3


def test_static_and_off_never_ask(
    account: AccountFake, make_client: ClientFactory, kalshi: FakeKalshi
) -> None:
    order = kalshi.seed(1)[0]
    for mode in ("static", "off", False):
        client = make_client(rate_limit=mode, transport=account.transport())
        client.orders.get(order["order_id"])
        assert client.rate_limiter.source == "tier table"
    assert account.calls == []
    assert make_client(rate_limit="off").rate_limiter.enabled is False
    assert make_client(rate_limit=True, transport=account.transport()).rate_limiter.wants_live_limits()
    with pytest.raises(ConfigurationError, match="rate_limit='fast' is not an option"):
        make_client(rate_limit="fast")


def test_each_key_and_host_gets_its_own_budget_name(make_client: ClientFactory) -> None:
    a = make_client().rate_limiter
    b = make_client(base_url="https://other.test/trade-api/v2").rate_limiter
    assert a.name is not None and b.name is not None and a.name != b.name
    assert len(a.name) == 16 and "key" not in a.name  # a hash: never the key id itself
    shared = RateLimiter(name="team-budget")
    assert make_client(rate_limit=shared).rate_limiter.name == "team-budget"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/portfolio/orders/{order_id}"),
        ("get", "/trade-api/v2/portfolio/orders/{order_id}"),
        ("GET", "https://api.elections.kalshi.com/trade-api/v2/portfolio/orders/{id}/"),
        ("GET", "portfolio/orders/:order_id?x=1"),
        ("GET", "/trade-api/v2/portfolio/orders/<order_id>"),
    ],
)
def test_route_key_reads_every_path_form(method: str, path: str) -> None:
    assert route_key(method, path) == ("GET", "/portfolio/orders/{}")


def test_route_key_keeps_literal_segments() -> None:
    assert route_key("GET", "/portfolio/orders/queue_positions") != route_key("GET", "/portfolio/orders/{x}")
