"""A small in-memory Kalshi (orders surface) behind httpx.MockTransport, a fake clock and client factories."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from kalshi_orders import AsyncKalshiClient, KalshiClient, KalshiSigner, RetryPolicy, load_private_key

BASE_URL = "https://kalshi.test/trade-api/v2"
PREFIX = "/trade-api/v2"
TICKER = "KXSANDBOX-26DEC31-T50"


class FakeClock:
    """Monotonic and wall time in one; sleeping advances it (no real waiting anywhere)."""

    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@dataclass
class Fault:
    operation: str
    kind: str  # "500", "429", "connect", "read_timeout", ...; "<kind>_after_commit" acts after doing the work
    remaining: int = 1
    on_call: int | None = None  # only the n-th request (1-based) to the operation


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _count(text: str) -> str:
    return f"{Decimal(text):.2f}"


def _price(text: str) -> str:
    return f"{Decimal(text):.4f}"


@dataclass
class FakeKalshi:
    """Just enough of Kalshi's orders API to exercise the client: paging, creates (409 on a reused
    client_order_id), cancels, amends, decreases, batches; plus injectable faults and visibility lag."""

    clock: FakeClock
    orders: list[dict[str, Any]] = field(default_factory=list)  # creation order; reads are newest first
    created_at: dict[str, float] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    visibility_delay: float = 0.0  # seconds before a new order shows up in GetOrders (eventual consistency)
    latency: float = 0.001
    calls: dict[str, int] = field(default_factory=dict)
    loop_cursor: bool = False  # GetOrders answers its own cursor back (a server-side pagination loop)
    # GetMarket: ticker -> (price_level_structure, [(start, end, step)]); any other ticker is linear_cent.
    markets: dict[str, tuple[str, list[tuple[str, str, str]]]] = field(default_factory=dict)
    whole_contract_markets: set[str] = field(default_factory=set)  # fractional_trading_enabled: false

    # ---- setup helpers -------------------------------------------------------------------------------
    def seed(self, count: int, ticker: str = TICKER, **overrides: Any) -> list[dict[str, Any]]:
        made = [self._new_order(ticker=ticker, **overrides) for _ in range(count)]
        for order in made:
            self.created_at[order["order_id"]] = self.clock.wall() - 3600  # long visible
        return made

    def fail(self, operation: str, kind: str, times: int = 1, *, on_call: int | None = None) -> None:
        self.faults.append(Fault(operation, kind, times, on_call))

    def by_client_order_id(self, coid: str) -> list[dict[str, Any]]:
        return [o for o in self.orders if o["client_order_id"] == coid]

    def requests_for(self, operation: str) -> list[httpx.Request]:
        return [r for r in self.requests if self._operation(r) == operation]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

    # ---- the API -------------------------------------------------------------------------------------
    def _new_order(self, *, ticker: str, **overrides: Any) -> dict[str, Any]:
        seq = len(self.orders)
        yes = Decimal(overrides.pop("price", "0.56"))
        count = overrides.pop("count", "10")
        order = {
            "order_id": str(uuid.UUID(int=seq + 1)),
            "user_id": "user-1",
            "client_order_id": overrides.pop("client_order_id", f"seed-{seq}"),
            "ticker": ticker,
            "outcome_side": "yes" if overrides.get("book_side", "bid") == "bid" else "no",
            "book_side": overrides.pop("book_side", "bid"),
            "type": "limit",
            "status": overrides.pop("status", "resting"),
            "yes_price_dollars": _price(str(yes)),
            "no_price_dollars": _price(str(Decimal(1) - yes)),
            "fill_count_fp": "0.00",
            "remaining_count_fp": _count(count),
            "initial_count_fp": _count(count),
            "taker_fill_cost_dollars": "0.0000",
            "maker_fill_cost_dollars": "0.0000",
            "taker_fees_dollars": "0.0000",
            "maker_fees_dollars": "0.0000",
            "expiration_time": None,
            "created_time": _iso(self.clock.wall()),
            "last_update_time": _iso(self.clock.wall()),
            "self_trade_prevention_type": "taker_at_cross",
            "order_group_id": None,
            "subaccount_number": overrides.pop("subaccount", 0),
            "exchange_index": 0,
            "seq": seq,
        }
        order.update(overrides)
        self.orders.append(order)
        self.created_at[order["order_id"]] = self.clock.wall()
        return order

    @staticmethod
    def _public(order: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in order.items() if k != "seq"}

    @staticmethod
    def _operation(request: httpx.Request) -> str:
        path = request.url.path.removeprefix(PREFIX)
        method = request.method
        if path.startswith("/markets/"):
            return "GetMarket"
        if path == "/portfolio/orders":
            return "GetOrders"
        if path.startswith("/portfolio/orders/"):
            return "GetOrder"
        if path == "/portfolio/events/orders/batched":
            return "BatchCreateOrdersV2" if method == "POST" else "BatchCancelOrdersV2"
        if path == "/portfolio/events/orders":
            return "CreateOrderV2" if method == "POST" else "CancelAllOrders"
        if path.endswith("/amend"):
            return "AmendOrderV2"
        if path.endswith("/decrease"):
            return "DecreaseOrderV2"
        return "CancelOrderV2"

    def _take_fault(self, operation: str) -> Fault | None:
        for fault in self.faults:
            if fault.on_call is not None and fault.on_call != self.calls[operation]:
                continue
            if fault.operation == operation and fault.remaining > 0:
                fault.remaining -= 1
                return fault
        return None

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.clock.advance(self.latency)
        self.requests.append(request)
        operation = self._operation(request)
        self.calls[operation] = self.calls.get(operation, 0) + 1
        assert request.headers.get("KALSHI-ACCESS-SIGNATURE"), "every request must be signed"
        fault = self._take_fault(operation)
        if fault is not None and not fault.kind.endswith("_after_commit"):
            return self._fault_response(fault.kind, request)
        response = self._dispatch(operation, request)
        if fault is not None:
            return self._fault_response(fault.kind.removesuffix("_after_commit"), request)
        return response

    @staticmethod
    def _fault_response(kind: str, request: httpx.Request) -> httpx.Response:
        if kind == "500":
            return httpx.Response(500, json={"error": {"code": "internal_error", "message": "boom"}})
        if kind == "502_html":
            return httpx.Response(502, text="<html>Bad Gateway</html>")
        if kind == "503_retry_after":
            return httpx.Response(503, json={"code": "unavailable"}, headers={"Retry-After": "2"})
        if kind == "429":
            return httpx.Response(429, json={"error": "too many requests"})
        if kind == "connect":
            raise httpx.ConnectError("connection refused", request=request)
        if kind == "read_timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if kind == "drop":
            raise httpx.RemoteProtocolError("peer closed connection without response", request=request)
        raise AssertionError(f"unknown fault {kind}")

    def _visible(self, order: dict[str, Any]) -> bool:
        return self.clock.wall() >= self.created_at[order["order_id"]] + self.visibility_delay

    def _dispatch(self, operation: str, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        params = request.url.params
        if operation == "GetMarket":
            return self._get_market(request.url.path.rsplit("/", 1)[1])
        if operation == "GetOrders":
            return self._get_orders(params)
        if operation == "GetOrder":
            order_id = request.url.path.rsplit("/", 1)[1]
            found = [o for o in self.orders if o["order_id"] == order_id]
            if not found:
                return httpx.Response(404, json={"error": {"code": "not_found", "message": "no such order"}})
            return httpx.Response(200, json={"order": self._public(found[0])})
        if operation == "CreateOrderV2":
            result = self._create(body)
            status = 409 if "error" in result else 201
            return httpx.Response(status, json=result)
        if operation == "BatchCreateOrdersV2":
            return httpx.Response(201, json={"orders": [self._create(item) for item in body["orders"]]})
        if operation == "CancelOrderV2":
            order_id = request.url.path.rsplit("/", 1)[1]
            result = self._cancel(order_id)
            if "error" in result:
                return httpx.Response(result.pop("status"), json=result)
            return httpx.Response(200, json=result)
        if operation == "BatchCancelOrdersV2":
            items = []
            for item in body["orders"]:
                result = self._cancel(item["order_id"])
                if "error" in result:
                    result = {"order_id": item["order_id"], "reduced_by": "0.00", "error": result["error"]}
                items.append(result)
            return httpx.Response(200, json={"orders": items})
        if operation == "CancelAllOrders":
            for order in self.orders:
                if order["status"] == "resting":
                    self._cancel(order["order_id"])
            return httpx.Response(204)
        order_id = request.url.path.rsplit("/", 2)[1]
        matches = [o for o in self.orders if o["order_id"] == order_id]
        if not matches:
            return httpx.Response(404, json={"error": {"code": "not_found", "message": "no such order"}})
        order = matches[0]
        if operation == "AmendOrderV2":
            order["yes_price_dollars"] = _price(body["price"])
            order["no_price_dollars"] = _price(str(1 - Decimal(body["price"])))
            order["remaining_count_fp"] = _count(
                str(Decimal(body["count"]) - Decimal(order["fill_count_fp"]))
            )
            order["initial_count_fp"] = _count(body["count"])  # the amended total, as Kalshi records it
            return httpx.Response(
                200,
                json={
                    "order_id": order_id,
                    "client_order_id": order["client_order_id"],
                    "remaining_count": order["remaining_count_fp"],
                    "fill_count": order["fill_count_fp"],
                    "ts_ms": int(self.clock.wall() * 1000),
                },
            )
        remaining = Decimal(order["remaining_count_fp"])
        new = Decimal(body["reduce_to"]) if "reduce_to" in body else remaining - Decimal(body["reduce_by"])
        order["remaining_count_fp"] = _count(str(new))
        return httpx.Response(
            200,
            json={"order_id": order_id, "remaining_count": order["remaining_count_fp"], "ts_ms": 1},
        )

    def _get_market(self, ticker: str) -> httpx.Response:
        structure, bands = self.markets.get(ticker, ("linear_cent", [("0.0000", "1.0000", "0.0100")]))
        market = {
            "ticker": ticker,
            "event_ticker": ticker.rsplit("-", 1)[0],
            "market_type": "binary",
            "status": "active",
            "price_level_structure": structure,
            "price_ranges": [{"start": a, "end": b, "step": c} for a, b, c in bands],
        }
        if ticker in self.whole_contract_markets:
            market["fractional_trading_enabled"] = False
        return httpx.Response(200, json={"market": market})

    def _get_orders(self, params: httpx.QueryParams) -> httpx.Response:
        limit = int(params.get("limit", "100"))
        if not 1 <= limit <= 1000:
            return httpx.Response(400, json={"error": {"code": "invalid_parameters", "message": "limit"}})
        rows = [o for o in reversed(self.orders) if self._visible(o)]
        if "ticker" in params:
            rows = [o for o in rows if o["ticker"] == params["ticker"]]
        if "status" in params:
            rows = [o for o in rows if o["status"] == params["status"]]
        if "subaccount" in params:
            rows = [o for o in rows if o["subaccount_number"] == int(params["subaccount"])]
        if "min_ts" in params:
            rows = [o for o in rows if self.created_at[o["order_id"]] >= int(params["min_ts"])]
        start = int(params["cursor"].removeprefix("c")) if params.get("cursor") else 0
        page = rows[start : start + limit]
        end = start + limit
        cursor = f"c{end}" if end < len(rows) else ""
        if self.loop_cursor and params.get("cursor"):
            cursor = params["cursor"]
        return httpx.Response(200, json={"orders": [self._public(o) for o in page], "cursor": cursor})

    def _create(self, body: dict[str, Any]) -> dict[str, Any]:
        coid = body.get("client_order_id")
        if coid and self.by_client_order_id(coid):
            return {"error": {"code": "order_already_exists", "message": "client_order_id already used"}}
        order = self._new_order(
            ticker=body["ticker"],
            price=body["price"],
            count=body["count"],
            book_side=body["side"],
            client_order_id=coid or "",
            subaccount=body.get("subaccount", 0),
        )
        return {
            "order_id": order["order_id"],
            "client_order_id": coid,
            "fill_count": "0.00",
            "remaining_count": order["remaining_count_fp"],
            "ts_ms": int(self.clock.wall() * 1000),
        }

    def _cancel(self, order_id: str) -> dict[str, Any]:
        matches = [o for o in self.orders if o["order_id"] == order_id]
        if not matches:
            return {"status": 404, "error": {"code": "not_found", "message": "no such order"}}
        order = matches[0]
        if order["status"] != "resting":
            return {"status": 409, "error": {"code": "order_not_resting", "message": "not resting"}}
        reduced = order["remaining_count_fp"]
        order["status"] = "canceled"
        order["remaining_count_fp"] = "0.00"
        return {
            "order_id": order_id,
            "client_order_id": order["client_order_id"],
            "reduced_by": reduced,
            "ts_ms": 1,
        }


_KEY = ed25519.Ed25519PrivateKey.generate()
KEY_PEM = _KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
KEY_ID = "test-key-0123456789"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kalshi(clock: FakeClock) -> FakeKalshi:
    return FakeKalshi(clock=clock)


ClientFactory = Callable[..., KalshiClient]
AsyncClientFactory = Callable[..., AsyncKalshiClient]


def _common(clock: FakeClock, kalshi: FakeKalshi, overrides: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {
        "signer": KalshiSigner(KEY_ID, load_private_key(pem=KEY_PEM), clock=clock.wall),
        "base_url": BASE_URL,
        "environment": None,
        "rate_limit": False,
        "retry": RetryPolicy(rng=lambda: 0.5),
        "transport": kalshi.transport(),
        "clock": clock.monotonic,
        "wall_clock": clock.wall,
    }
    options.update(overrides)
    return options


@pytest.fixture
def make_client(clock: FakeClock, kalshi: FakeKalshi) -> Iterator[ClientFactory]:
    made: list[KalshiClient] = []

    def factory(**overrides: Any) -> KalshiClient:
        client = KalshiClient(sleep=clock.sleep, **_common(clock, kalshi, overrides))
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


@pytest.fixture
def make_async_client(clock: FakeClock, kalshi: FakeKalshi) -> AsyncClientFactory:
    def factory(**overrides: Any) -> AsyncKalshiClient:
        return AsyncKalshiClient(sleep=clock.async_sleep, **_common(clock, kalshi, overrides))

    return factory
