"""Prepared requests (``_transports.prepared``) against what httpx builds and ``KalshiAuth`` signs.

The async client on its own aiohttp transport sends most requests without an ``httpx.Request``; each must be
exactly what ``httpx.AsyncClient.build_request`` + ``KalshiAuth.sign_request`` would have sent through the
same transport: method, URL, headers in order (names as the transport sends them), body. The signer's clock
is fixed and Ed25519 is deterministic, so the signatures match too. Requests httpx must build itself (cookies
in the jar, client-wide params, a header the signature would replace) are not prepared.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kalshi_orders import KalshiSigner, load_private_key
from kalshi_orders._auth import KalshiAuth
from kalshi_orders._body import ACCEPT_ENCODING
from kalshi_orders._endpoints import ENDPOINTS
from kalshi_orders._plan import _absolute
from kalshi_orders._transports.prepared import PreparedRequest, RequestPreparer, encode_json

from .keyfactory import ed25519_key, pem

BASE = "http://127.0.0.1:8765/trade-api/v2"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)


def _auth() -> KalshiAuth:
    return KalshiAuth(KalshiSigner("key-1", load_private_key(pem=pem(ed25519_key())), clock=lambda: 1.8e9))


def _client(**options: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=options.pop("base_url", BASE), follow_redirects=False, **options)


def _by_httpx(http: httpx.AsyncClient, auth: KalshiAuth, kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The request as the runner builds it through httpx (``_RunnerBase._build``), then signed."""
    kwargs = dict(kwargs, url=_absolute(http.base_url, kwargs["url"]))
    request = http.build_request(**kwargs, timeout=TIMEOUT)
    request.headers["Accept-Encoding"] = ACCEPT_ENCODING
    auth.sign_request(request)
    return (
        request.method,
        str(request.url),
        request.headers.multi_items(),
        request.content or None,
        request.extensions["timeout"],
    )


def _prepared(p: PreparedRequest | None) -> tuple[Any, ...]:
    assert p is not None
    return (p.method, p.url, p.headers, p.body, p.timeouts)


def _same(kwargs: dict[str, Any], **client: Any) -> PreparedRequest:
    http, auth = _client(**client), _auth()
    prepared = RequestPreparer(http, auth).prepare(kwargs, TIMEOUT.as_dict())
    assert _prepared(prepared) == _by_httpx(http, auth, kwargs)
    assert prepared is not None
    # The request it names in errors is the same request again.
    named = prepared.to_httpx()
    assert (named.method, str(named.url), named.headers.multi_items()) == _prepared(prepared)[:3]
    assert named.content == (prepared.body or b"") and named.extensions["timeout"] == prepared.timeouts
    return prepared


# ------------------------------------------------------------------------------------------ every operation
def _sample(endpoint: Any) -> dict[str, Any]:
    """The generated request of each operation, with a body or query where it takes one."""
    module = endpoint.sync_detailed.__module__
    path_args = {name: "ord-1" for name in endpoint.path_params}
    kwargs: dict[str, Any] = endpoint.request_kwargs(**path_args, **_BODIES.get(module.rsplit(".", 1)[1], {}))
    return kwargs


def _bodies() -> dict[str, dict[str, Any]]:
    from kalshi_orders_api.models import (
        AmendOrderV2Request,
        BatchCancelOrdersV2Request,
        BatchCreateOrdersV2Request,
        CreateOrderV2Request,
        DecreaseOrderV2Request,
    )

    order = {
        "ticker": "KXT-1",
        "side": "bid",
        "count": "1",
        "price": "0.30",
        "time_in_force": "good_till_canceled",
        "self_trade_prevention_type": "taker_at_cross",
        "client_order_id": "c-1",
    }
    return {
        "create_order_v2": {"body": CreateOrderV2Request.from_dict(order)},
        "amend_order_v2": {
            "body": AmendOrderV2Request.from_dict({**order, "updated_client_order_id": "c-2"})
        },
        "decrease_order_v2": {"body": DecreaseOrderV2Request.from_dict({"reduce_by": "1"})},
        "batch_create_orders_v2": {"body": BatchCreateOrdersV2Request.from_dict({"orders": [order, order]})},
        "batch_cancel_orders_v2": {
            "body": BatchCancelOrdersV2Request.from_dict({"orders": [{"order_id": "a"}, {"order_id": "b"}]})
        },
    }


_BODIES = _bodies()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.operation_id for e in ENDPOINTS])
def test_every_operation_is_prepared_as_httpx_builds_it(endpoint: Any) -> None:
    prepared = _same(_sample(endpoint))
    assert prepared.method == endpoint.method
    if endpoint.method in ("POST", "PUT", "PATCH"):  # httpx's own Content-Length (0 without a body)
        assert any(name == "content-length" for name, _ in prepared.headers)


def test_the_headers_come_in_httpx_order_with_the_signature_last() -> None:
    kwargs = ENDPOINTS[2].request_kwargs(body=_BODIES["create_order_v2"]["body"])
    names = [name for name, _ in _same(kwargs, headers={"X-Trace": "t-1"}).headers]
    assert names[0] == "host" and "x-trace" in names
    assert names[-3:] == ["kalshi-access-key", "kalshi-access-timestamp", "kalshi-access-signature"]


# ------------------------------------------------------------------------------------------- any values
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=150, deadline=None)
@given(order_id=_text.filter(lambda s: s not in ("", ".", "..")))
def test_any_order_id_is_escaped_as_httpx_sends_it(order_id: str) -> None:
    get_order = next(e for e in ENDPOINTS if e.operation_id == "GetOrder")
    _same(get_order.request_kwargs(order_id=order_id))


@settings(max_examples=150, deadline=None)
@given(
    cursor=_text,
    ticker=st.one_of(st.none(), _text),
    limit=st.one_of(st.none(), st.integers(1, 1000)),
)
def test_any_query_is_encoded_as_httpx_encodes_it(cursor: str, ticker: str | None, limit: int | None) -> None:
    get_orders = next(e for e in ENDPOINTS if e.operation_id == "GetOrders")
    _same(get_orders.request_kwargs(cursor=cursor or None, ticker=ticker, limit=limit))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(payload=st.dictionaries(_text, _json, max_size=4))
def test_any_json_body_is_encoded_byte_for_byte_as_httpx_encodes_it(payload: dict[str, Any]) -> None:
    kwargs = {"method": "post", "url": "/portfolio/events/orders", "json": payload}
    kwargs["headers"] = {"Content-Type": "application/json"}
    prepared = _same(kwargs)
    assert prepared.body == encode_json(payload)


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8765/trade-api/v2/", "https://demo.kalshi.test/trade-api/v2", "http://[::1]:9/x/y"],
)
def test_any_base_url_and_port_are_joined_as_httpx_merges_them(base_url: str) -> None:
    get_order = next(e for e in ENDPOINTS if e.operation_id == "GetOrder")
    _same(get_order.request_kwargs(order_id="o/1 é"), base_url=base_url)


# ---------------------------------------------------------------------------------- left to httpx
def _not_prepared(kwargs: dict[str, Any], http: httpx.AsyncClient) -> None:
    assert RequestPreparer(http, _auth()).prepare(kwargs, TIMEOUT.as_dict()) is None


def test_cookies_params_and_other_urls_are_left_to_httpx() -> None:
    get = {"method": "get", "url": "/portfolio/orders/o-1"}
    _not_prepared(get, _client(cookies={"__cf_bm": "abc"}))
    _not_prepared(get, _client(params={"debug": "1"}))
    _not_prepared(get, _client(base_url=BASE + "?tenant=1"))
    _not_prepared({**get, "url": "https://elsewhere.test/x"}, _client())
    _not_prepared({**get, "url": "//elsewhere.test/x"}, _client())
    _not_prepared({**get, "url": "/a?b=1"}, _client())
    _not_prepared({**get, "content": b"raw"}, _client())


def test_a_jar_filled_by_a_server_cookie_switches_later_requests_to_httpx() -> None:
    http, auth = _client(), _auth()
    preparer = RequestPreparer(http, auth)
    get = {"method": "get", "url": "/portfolio/orders/o-1"}
    assert preparer.prepare(get, TIMEOUT.as_dict()) is not None
    http.cookies.set("__cf_bm", "abc", domain="127.0.0.1")
    assert preparer.prepare(get, TIMEOUT.as_dict()) is None  # httpx adds the Cookie header


def test_a_callers_kalshi_access_header_is_replaced_by_httpx_not_doubled() -> None:
    http = _client(headers={"KALSHI-ACCESS-KEY": "someone-else"})
    _not_prepared({"method": "get", "url": "/portfolio/orders/o-1"}, http)


def test_its_repr_names_the_request_never_the_signature() -> None:
    get_order = next(e for e in ENDPOINTS if e.operation_id == "GetOrder")
    prepared = _same(get_order.request_kwargs(order_id="o-1"))
    signature = dict(prepared.headers)["kalshi-access-signature"]
    assert signature not in repr(prepared) and "o-1" in repr(prepared)
