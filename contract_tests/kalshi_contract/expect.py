"""Assertions with messages that say what the API did and what the contract says it should have done."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from .client import json_of


def describe(response: httpx.Response) -> str:
    request = response.request
    return f"{request.method} {request.url.path} → {response.status_code} {response.text[:300]!r}"


def expect_status(response: httpx.Response, *expected: int, rule: str) -> None:
    assert response.status_code in expected, (
        f"{rule}: expected {' or '.join(map(str, expected))}, got {describe(response)}"
    )


def error_code(response: httpx.Response) -> str | None:
    """The error code of a flat `{code}` or nested `{"error": {code}}` body."""
    body = json_of(response)
    nested = body.get("error")
    if isinstance(nested, dict):
        return nested.get("code")
    return body.get("code")


def decimal(value: Any, field: str) -> Decimal:
    assert isinstance(value, str), f"{field} should be a decimal string, got {value!r}"
    try:
        return Decimal(value)
    except InvalidOperation:
        raise AssertionError(f"{field} = {value!r} is not a decimal") from None


def check_price_pair(order: dict[str, Any]) -> None:
    yes = decimal(order.get("yes_price_dollars"), "yes_price_dollars")
    no = decimal(order.get("no_price_dollars"), "no_price_dollars")
    assert yes + no == 1, (
        f"order {order.get('order_id')}: yes_price_dollars {yes} + no_price_dollars {no} = {yes + no}, not 1"
    )
