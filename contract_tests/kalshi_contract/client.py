"""The suite's own HTTP client for hand-built cases: signs each request explicitly (so tests can also send
unsigned or badly signed ones), throttles to the run's rate, records every exchange and registers created
orders.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx
import orjson

from .recorder import INTERACTION_KEY, Recorder, interaction_of
from .safe_data import CLIENT_ID_PREFIX

if TYPE_CHECKING:
    from kalshi_orders import KalshiSigner

    from .cleanup import OrderRegistry
    from .target import Target

ORDERS = "/portfolio/orders"
EVENT_ORDERS = "/portfolio/events/orders"


class ReadOnlyTargetError(RuntimeError):
    """A write was about to be sent to a read-only target."""


class RateLimiter:
    """At most `rate` requests per second, spaced evenly (the demo's token buckets refill continuously)."""

    def __init__(self, rate: float | None) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            time.sleep(delay)


class ContractClient:
    def __init__(
        self,
        target: Target,
        recorder: Recorder,
        registry: OrderRegistry,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.target = target
        self.recorder = recorder
        self.registry = registry
        self.limiter = limiter or RateLimiter(target.rate_limit)
        self._http = httpx.Client(base_url=target.base_url, timeout=20.0)

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------------------------------------ raw

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        sign: bool = True,
        signer: KalshiSigner | None = None,
        operation: str = "",
        retries: int = 3,
        note: str = "",
        public_headers: tuple[str, ...] = (),
    ) -> httpx.Response:
        """Send one request. `sign=False` sends only `headers`; otherwise fresh signed headers, then `headers`
        on top (so a test can replace one). 429s are retried with backoff (the demo's budget is shared)."""
        self.registry.raise_if_interrupted()
        if self.target.read_only and method != "GET":
            # Last line of defence if a writing test lacks its `writes` marker: production stays read-only.
            raise ReadOnlyTargetError(f"{method} {path} refused: the target is read-only (production)")
        content = orjson.dumps(json) if json is not None else None
        attempt = 0
        while True:
            attempt += 1
            all_headers = {"Accept": "application/json"}
            if content is not None:
                all_headers["Content-Type"] = "application/json"
            if sign:
                all_headers.update(
                    (signer or self.target.signer).headers(method, self.target.path_prefix + path)
                )
            all_headers.update(headers or {})
            self.limiter.wait()
            request = self._http.build_request(
                method, path, params=_query(params), content=content, headers=all_headers
            )
            sent_at = time.perf_counter()
            try:
                response = self._http.send(request)
            except httpx.HTTPError as exc:
                self.recorder.add(
                    operation=operation,
                    method=method,
                    url=str(request.url),
                    request_headers=request.headers,
                    request_body=content,
                    status=None,
                    error=f"{type(exc).__name__}: {exc}",
                    note=note,
                    public_headers=public_headers,
                )
                raise
            interaction = self.recorder.add(
                operation=operation,
                method=method,
                url=str(request.url),
                request_headers=request.headers,
                request_body=content,
                status=response.status_code,
                response_headers=response.headers,
                response_body=response.content,
                duration_ms=(time.perf_counter() - sent_at) * 1000,
                note=note,
                public_headers=public_headers,
            )
            # Rules that find a fault in this response report this exact exchange.
            response.extensions[INTERACTION_KEY] = interaction
            if response.status_code == 429 and attempt <= retries:
                time.sleep(min(8.0, 0.5 * 2**attempt))
                continue
            if (
                response.status_code >= 500
                and method == "GET"
                and self.target.kind == "demo"
                and attempt <= 2
            ):
                # The demo answers intermittent 500s mid-paging (seen by public clients): retry the same page.
                time.sleep(0.5 * attempt)
                continue
            return response

    # ------------------------------------------------------------------------------------------ operations

    def get_orders(self, **params: Any) -> httpx.Response:
        return self.request("GET", ORDERS, params=params, operation="GetOrders")

    def get_order(self, order_id: str) -> httpx.Response:
        return self.request("GET", f"{ORDERS}/{order_id}", operation="GetOrder")

    def create_order(self, body: Mapping[str, Any]) -> httpx.Response:
        response = self.request("POST", EVENT_ORDERS, json=dict(body), operation="CreateOrderV2")
        self._register_created(response, body.get("ticker"))
        return response

    def batch_create(self, orders: list[dict[str, Any]]) -> httpx.Response:
        response = self.request(
            "POST", f"{EVENT_ORDERS}/batched", json={"orders": orders}, operation="BatchCreateOrdersV2"
        )
        if response.status_code < 300:
            for item, sent in zip(_json(response).get("orders") or [], orders, strict=False):
                if isinstance(item, dict) and item.get("order_id") and not item.get("error"):
                    self.registry.add(str(item["order_id"]), str(sent.get("ticker", "")))
        return response

    def cancel_order(self, order_id: str) -> httpx.Response:
        response = self.request("DELETE", f"{EVENT_ORDERS}/{order_id}", operation="CancelOrderV2")
        if response.status_code == 200:
            self.registry.forget(order_id)
        return response

    def batch_cancel(self, order_ids: list[str]) -> httpx.Response:
        body = {"orders": [{"order_id": order_id} for order_id in order_ids]}
        return self.request("DELETE", f"{EVENT_ORDERS}/batched", json=body, operation="BatchCancelOrdersV2")

    def amend_order(self, order_id: str, body: Mapping[str, Any]) -> httpx.Response:
        response = self.request(
            "POST", f"{EVENT_ORDERS}/{order_id}/amend", json=dict(body), operation="AmendOrderV2"
        )
        new_id = _json(response).get("order_id") if response.status_code == 200 else None
        if new_id and new_id != order_id:  # an amend that replaces the order: track the new id instead
            self.registry.forget(order_id)
            self.registry.add(str(new_id), str(body.get("ticker", "")))
        return response

    def decrease_order(self, order_id: str, body: Mapping[str, Any]) -> httpx.Response:
        return self.request(
            "POST", f"{EVENT_ORDERS}/{order_id}/decrease", json=dict(body), operation="DecreaseOrderV2"
        )

    def cancel_for_cleanup(self, order_id: str, ticker: str) -> bool:
        params = {"market_ticker": ticker} if ticker else None
        response = self.request(
            "DELETE", f"{EVENT_ORDERS}/{order_id}", params=params, operation="CancelOrderV2", note="cleanup"
        )
        return response.status_code in (200, 404, 409)  # cancelled now, or no longer resting

    def sweep(self, ticker: str) -> dict[str, str]:
        """Cancel every resting order on `ticker` that the suite placed (by client id prefix), including any
        whose create response never arrived; returns the ones that could not be cancelled."""
        left: dict[str, str] = {}
        for order in self.walk_order_list(ticker=ticker, status="resting", limit=1000):
            ours = str(order.get("client_order_id") or "").startswith(CLIENT_ID_PREFIX)
            if ours and not self.cancel_for_cleanup(str(order["order_id"]), ticker):
                left[str(order["order_id"])] = "cancel was refused"
        return left

    def _register_created(self, response: httpx.Response, ticker: Any) -> None:
        if response.status_code < 300:
            order_id = _json(response).get("order_id")
            if order_id:
                self.registry.add(str(order_id), str(ticker or ""))

    # ----------------------------------------------------------------------------------------- pagination

    def walk_orders(
        self, *, limit: int | None = None, max_pages: int = 500, **filters: Any
    ) -> list[dict[str, Any]]:
        """Every page of GetOrders with the same filters (and limit) each time; returns the pages' bodies.

        Raises AssertionError on a non-200 page or a cursor that repeats (a loop)."""
        return [_json(r) for r in self.walk_responses(limit=limit, max_pages=max_pages, **filters)]

    def walk_responses(
        self, *, limit: int | None = None, max_pages: int = 500, **filters: Any
    ) -> list[httpx.Response]:
        """The responses of a whole cursor walk (see walk_orders)."""
        from .expect import violation

        pages: list[httpx.Response] = []
        cursor: str | None = None
        seen_cursors: set[str] = set()
        for _ in range(max_pages):
            params = dict(filters)
            if limit is not None:
                params["limit"] = limit
            if cursor:
                params["cursor"] = cursor
            response = self.get_orders(**params)
            if response.status_code != 200:
                raise violation(
                    f"GetOrders page {len(pages) + 1} of a cursor walk must answer 200",
                    response,
                    path="status",
                    value=response.status_code,
                    expected="200",
                )
            pages.append(response)
            cursor = _json(response).get("cursor") or None
            if cursor is None:
                return pages
            if cursor in seen_cursors:
                raise violation(
                    "a cursor walk must not loop: GetOrders returned a cursor it had returned before",
                    response,
                    path="$.cursor",
                    value=cursor,
                    expected="a new cursor, or an empty one on the last page",
                )
            seen_cursors.add(cursor)
        raise AssertionError(f"GetOrders did not reach the last page within {max_pages} pages")

    def walk_order_list(self, **kwargs: Any) -> list[dict[str, Any]]:
        return [order for page in self.walk_orders(**kwargs) for order in (page.get("orders") or [])]

    def eventually(self, check: Callable[[], Any], *, timeout: float | None = None) -> Any:
        """Run `check` until it stops raising AssertionError (the demo lags ~0.5 s behind a write)."""
        timeout = timeout if timeout is not None else (4.0 if self.target.kind != "sandbox" else 0.0)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return check()
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.5)


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if params is None:
        return None
    return {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items() if v is not None}


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def json_of(response: httpx.Response) -> dict[str, Any]:
    return _json(response)


__all__ = ["ContractClient", "ReadOnlyTargetError", "interaction_of", "json_of"]
