from __future__ import annotations

import email.utils
import pickle

import httpx
import pytest

from kalshi_orders import errors
from kalshi_orders.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    GoneError,
    KalshiError,
    NotFoundError,
    OrderOutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
    error_from_response,
    parse_retry_after,
)

CREATE = "/trade-api/v2/portfolio/events/orders"


def test_hierarchy() -> None:
    assert issubclass(errors.KeyLoadError, errors.ConfigurationError)
    assert issubclass(errors.ConfigurationError, KalshiError)
    assert issubclass(errors.OrderValidationError, ValueError)
    assert issubclass(errors.OrderValidationError, KalshiError)
    assert issubclass(errors.APITimeoutError, errors.TransportError)
    assert issubclass(errors.ResponseValidationError, KalshiError)
    for cls in (BadRequestError, AuthenticationError, RateLimitError, ServerError, UnexpectedStatusError):
        assert issubclass(cls, APIError)


def test_flat_shape() -> None:
    body = b'{"code": "invalid_order", "message": "price is off the grid", "details": "tick 0.01"}'
    err = error_from_response("post", CREATE, 400, {"X-Request-Id": "req-1"}, body)
    assert type(err) is BadRequestError
    assert (err.code, err.message, err.details, err.request_id) == (
        "invalid_order",
        "price is off the grid",
        "tick 0.01",
        "req-1",
    )
    assert err.body == body
    assert err.method == "POST" and err.path == CREATE and err.status_code == 400


def test_nested_shape() -> None:
    body = (
        b'{"error": {"code": "order_already_exists", "message": "client_order_id in use",'
        b' "details": "see order abc", "service": "exchange"}}'
    )
    err = error_from_response("POST", CREATE, 409, {"request-id": "r-9"}, body)
    assert type(err) is ConflictError
    assert (err.code, err.message, err.details) == (
        "order_already_exists",
        "client_order_id in use",
        "see order abc",
    )
    text = str(err)
    assert text.startswith(
        "POST /trade-api/v2/portfolio/events/orders → 409 conflict (code=order_already_exists): "
        "client_order_id in use"
    )
    assert "[request_id=r-9]" in text
    assert "instead of resending" in text  # the code-specific hint


def test_bare_string_shape_429_with_retry_after() -> None:
    err = error_from_response(
        "GET", "/trade-api/v2/portfolio/orders", 429, {"Retry-After": "2"}, b'{"error": "too many requests"}'
    )
    assert isinstance(err, RateLimitError)
    assert err.code is None
    assert err.message == "too many requests"
    assert err.retry_after == 2.0
    assert "429 too many requests: too many requests" in str(err)
    assert "[retry_after=2s]" in str(err) and "Retry-After" in str(err)


def test_non_json_body_is_kept_and_truncated() -> None:
    html = b"<html><body>" + b"Bad gateway " * 100 + b"</body></html>"
    err = error_from_response("GET", "/trade-api/v2/portfolio/orders", 502, {"cf-ray": "abc-LHR"}, html)
    assert isinstance(err, ServerError)
    assert err.body == html
    assert err.message.startswith("<html><body>Bad gateway")
    assert len(err.message) <= 300 and err.message.endswith("…")
    assert err.request_id == "abc-LHR"


@pytest.mark.parametrize("content", [b"", None, b"   ", b"[1, 2]", b'"just a string"', "text body"])
def test_odd_bodies(content: bytes | str | None) -> None:
    err = error_from_response("GET", "/p", 500, None, content)
    assert isinstance(err, ServerError)
    assert err.code is None
    expected_body = content.encode() if isinstance(content, str) else (content or b"")
    assert err.body == expected_body


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (410, GoneError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, UnexpectedStatusError),
        (302, UnexpectedStatusError),
    ],
)
def test_status_classes(status: int, cls: type[APIError]) -> None:
    err = error_from_response("GET", "/p", status, {}, b'{"message": "m"}')
    assert type(err) is cls
    assert err.what_to_do in str(err)


def test_401_hint_points_at_keys_check() -> None:
    err = error_from_response(
        "GET", "/p", 401, {}, b'{"error": {"code": "authentication_error", "message": "bad"}}'
    )
    assert "check the key id, the private key and the clock" in str(err)
    assert "kalshi-orders keys check --explain" in str(err)


@pytest.mark.parametrize("status", [410, 200, 400])
def test_deprecated_v1_code_is_gone_whatever_the_status(status: int) -> None:
    body = (
        b'{"error": {"code": "deprecated_v1_order_endpoint", "message": "Please switch to the V2 endpoints",'
        b' "details": "https://docs.kalshi.com/api-reference/orders/create-order-v2"}}'
    )
    err = error_from_response("POST", "/trade-api/v2/portfolio/orders", status, {}, body)
    assert type(err) is GoneError
    assert "use the V2 endpoints" in str(err)


def test_request_id_header_precedence_and_kept_headers() -> None:
    headers = httpx.Headers(
        {"x-amzn-requestid": "amzn", "Request-Id": "plain", "Set-Cookie": "s=1", "KALSHI-ACCESS-KEY": "k"}
    )
    err = error_from_response("GET", "/p", 404, headers, b"{}")
    assert err.request_id == "plain"
    assert "set-cookie" not in err.headers
    assert not any(name.startswith("kalshi-access") for name in err.headers)
    assert err.headers["x-amzn-requestid"] == "amzn"


def test_retry_after_forms() -> None:
    assert parse_retry_after({"retry-after-ms": "1500", "Retry-After": "9"}) == 1.5
    assert parse_retry_after({"Retry-After": "0.25"}) == 0.25
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after({"Retry-After": date}, now=1_000_000) == 30.0
    assert parse_retry_after({"Retry-After": date}, now=2_000_000) == 0.0
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({"Retry-After": "-3"}) is None
    assert parse_retry_after({"Retry-After": "nan"}) is None
    assert parse_retry_after({"retry-after-ms": "x"}) is None
    assert parse_retry_after(None) is None


def test_error_holds_no_request_secrets() -> None:
    # error_from_response only ever sees the response; the request's signature never reaches it.
    err = error_from_response("GET", "/p", 401, {"WWW-Authenticate": "x"}, b'{"message": "unauthorized"}')
    assert not hasattr(err, "request")
    assert "KALSHI-ACCESS-SIGNATURE" not in repr(err.__dict__).upper()


def test_order_outcome_unknown_names_the_id_and_the_fix() -> None:
    err = OrderOutcomeUnknownError("cid-123", "connection dropped after send")
    assert err.client_order_id == "cid-123"
    assert "cid-123" in str(err) and "connection dropped" in str(err) and "look the order up" in str(err)


def test_errors_survive_pickling() -> None:
    originals: list[KalshiError] = [
        error_from_response(
            "GET", "/p", 429, {"Retry-After": "3", "x-request-id": "r"}, b'{"error": "slow"}'
        ),
        errors.APITimeoutError("timed out", method="GET", path="/p"),
        errors.ResponseValidationError("bad", method="GET", path="/p", status_code=200, body=b"{}"),
        OrderOutcomeUnknownError("cid-1", "dropped"),
        OrderOutcomeUnknownError(None, "lost", operation="batch_cancel", order_ids=("o-1", "o-2")),
        errors.OrderValidationError("count must be more than zero"),
        errors.KeyLoadError("not a PEM"),
        errors.PaginationError("c3", 4, request_id="r-4"),
        errors.BatchItemError("market_closed", "closed", None, method="POST", path="/b", status_code=201),
    ]
    for original in originals:
        copy = pickle.loads(pickle.dumps(original))
        assert type(copy) is type(original)
        assert str(copy) == str(original)
        assert copy.__dict__ == original.__dict__


def test_transport_and_validation_messages() -> None:
    assert str(errors.APITimeoutError("timed out", method="GET", path="/p")) == "GET /p: timed out"
    err = errors.ResponseValidationError(
        "missing order_id", method="POST", path="/p", status_code=201, body=b"{}"
    )
    assert "POST /p → 201" in str(err) and "missing order_id" in str(err)


def test_a_conflict_on_a_finished_order_says_to_read_it_not_to_look_up_a_client_order_id() -> None:
    from kalshi_orders.errors import ConflictError, error_from_response

    body = b'{"error": {"code": "order_not_resting", "message": "order is executed, not resting"}}'
    error = error_from_response("DELETE", "/trade-api/v2/portfolio/events/orders/x", 409, {}, body)
    assert isinstance(error, ConflictError)
    assert "no longer resting" in str(error)
    assert "client_order_id" not in error.what_to_do


def test_every_error_says_which_request_it_concerns() -> None:
    """The base class carries method, path and request id; errors raised before any request carry None."""
    cases: list[tuple[KalshiError, tuple[str | None, str | None, str | None]]] = [
        (
            error_from_response("get", "/p", 404, {"x-request-id": "r-1"}, b"no such order"),
            ("GET", "/p", "r-1"),
        ),
        (errors.TransportError("refused", method="GET", path="/p"), ("GET", "/p", None)),
        (
            errors.ResponseValidationError(
                "bad", method="POST", path="/p", status_code=201, request_id="r-2"
            ),
            ("POST", "/p", "r-2"),
        ),
        (
            OrderOutcomeUnknownError("cid", "lost", method="POST", path="/o", request_id="r-3"),
            ("POST", "/o", "r-3"),
        ),
        (errors.PaginationError("c", 2), ("GET", "/portfolio/orders", None)),
        (
            errors.BatchItemError("x", "no", None, method="DELETE", path="/b", request_id="r-5"),
            ("DELETE", "/b", "r-5"),
        ),
        (errors.OrderValidationError("count must be more than zero"), (None, None, None)),
        (errors.ConfigurationError("no key"), (None, None, None)),
    ]
    for error, where in cases:
        assert (error.method, error.path, error.request_id) == where, error
        assert error.message, error


def test_a_batch_item_error_is_not_an_http_status_error() -> None:
    error = errors.BatchItemError(
        "order_not_resting",
        "not resting",
        "executed",
        method="DELETE",
        path="/b",
        request_id="r",
        status_code=200,
    )
    assert not isinstance(error, APIError)
    text = str(error)
    assert text.startswith("DELETE /b: batch item refused (code=order_not_resting): not resting (executed)")
    assert "[request_id=r]" in text and "no longer resting" in text  # the code's hint
    assert repr(error).startswith("BatchItemError(method='DELETE', path='/b', code='order_not_resting'")
