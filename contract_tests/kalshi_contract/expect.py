"""Assertions that raise a `ContractViolation`: what the API did (the exchange, the field, the value) and
what the contract says it should have done, in words."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from . import judge
from .recorder import interaction_of
from .violations import ContractViolation, Finding, Violation


def describe(response: httpx.Response) -> str:
    request = response.request
    return f"{request.method} {request.url.path} → {response.status_code} {response.text[:300]!r}"


def violation(
    what: str,
    response: httpx.Response | None = None,
    *,
    path: str = "",
    value: Any = None,
    expected: str = "",
    others: Sequence[Finding] = (),
) -> ContractViolation:
    """A violation of the rule under test, with the exchange of `response` as evidence."""
    exchange = interaction_of(response) if response is not None else None
    return ContractViolation(
        Violation(
            Finding("", what, path, value, expected),
            operation=exchange.operation if exchange else "",
            exchange=exchange,
            others=list(others),
        )
    )


def fail_with(findings: Sequence[Finding], response: httpx.Response | None) -> None:
    """Raise the first of `findings` (the others are counted), if any."""
    if findings:
        first = findings[0]
        raise violation(
            first.what,
            response,
            path=first.path,
            value=first.value,
            expected=first.expected,
            others=findings[1:],
        )


def expect(condition: bool, what: str, response: httpx.Response | None = None, **where: Any) -> None:
    if not condition:
        raise violation(what, response, **where)


def expect_status(response: httpx.Response, *expected: int, rule: str) -> None:
    if response.status_code not in expected:
        raise violation(
            f"{rule} must answer {' or '.join(map(str, expected))}",
            response,
            path="status",
            value=response.status_code,
            expected=" or ".join(map(str, expected)),
        )


def error_code(response: httpx.Response) -> str | None:
    """The error code of a flat `{code}` or nested `{"error": {code}}` body."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    nested = body.get("error")
    if isinstance(nested, dict):
        return nested.get("code")
    return body.get("code")


def exchange_of(response: httpx.Response, operation: str = "") -> judge.Exchange:
    recorded = interaction_of(response)
    if recorded is not None:
        return recorded.exchange()
    return judge.Exchange(
        operation, response.request.method, response.request.url.path, status=response.status_code
    )


def decimal(value: Any, field: str, response: httpx.Response | None = None) -> Decimal:
    if not isinstance(value, str):
        raise violation(
            f"{field} must be a decimal string", response, path=field, value=value, expected="a string"
        )
    try:
        return Decimal(value)
    except InvalidOperation:
        raise violation(
            f"{field} must be a decimal", response, path=field, value=value, expected="a decimal"
        ) from None


def check_price_pair(
    order: dict[str, Any], response: httpx.Response | None = None, where: str = "$.order"
) -> None:
    fail_with(judge.price_pair(where, order), response)
