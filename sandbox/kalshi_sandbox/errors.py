"""Kalshi-shaped error bodies and the exception the request pipeline raises to send one."""

from __future__ import annotations

import orjson

from kalshi_sandbox.exchange import ExchangeError

# The bodies the live API sends, byte for byte: the rate limiter's bare string, the retired V1 code.
RATE_LIMIT_BODY = b'{"error":"too many requests"}'
RETIRED_V1_ERROR = {
    "code": "deprecated_v1_order_endpoint",
    "message": "Please switch to the V2 endpoints",
    "details": "https://docs.kalshi.com/api-reference/orders/create-order-v2",
}


def error_body(code: str, message: str, details: str = "") -> bytes:
    """The live nested envelope ``{"error": {"code", "message", "details"}}``."""
    inner = {"code": code, "message": message}
    if details:
        inner["details"] = details
    return orjson.dumps({"error": inner})


class ApiError(ExchangeError):
    """Stop the pipeline and answer ``status`` with a nested Kalshi error body (same fields as the engine's
    :class:`ExchangeError`, so both are answered alike)."""
