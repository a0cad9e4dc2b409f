"""Auth: a missing header, a bad signature, a stale timestamp or an unknown key → 401."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from kalshi_contract.client import EVENT_ORDERS, ORDERS, ContractClient
from kalshi_contract.expect import expect_status
from kalshi_contract.recorder import KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = pytest.mark.rule("auth")

STALE_SECONDS = 15 * 60


def _signed(target: Target, method: str, path: str) -> dict[str, str]:
    headers: dict[str, str] = target.signer.headers(method, target.path_prefix + path)
    return headers


def _missing(header: str) -> Callable[[Target, str, str], dict[str, str]]:
    def build(target: Target, method: str, path: str) -> dict[str, str]:
        headers = _signed(target, method, path)
        del headers[header]
        return headers

    return build


def _signature_of_other_path(target: Target, method: str, path: str) -> dict[str, str]:
    # A valid signature, but over another path: the server must check what was signed.
    return target.signer.headers(method, target.path_prefix + "/portfolio/balance")


def _garbage_signature(target: Target, method: str, path: str) -> dict[str, str]:
    return {**_signed(target, method, path), SIGNATURE_HEADER: base64.b64encode(b"\x00" * 256).decode()}


def _stale_timestamp(target: Target, method: str, path: str) -> dict[str, str]:
    signer = target.signer_with(clock=lambda: time.time() - STALE_SECONDS)
    headers: dict[str, str] = signer.headers(method, target.path_prefix + path)
    return headers


def _timestamp_in_seconds(target: Target, method: str, path: str) -> dict[str, str]:
    ts = int(time.time())
    message = f"{ts}{method}{target.path_prefix}{path}"
    return {
        KEY_HEADER: target.key_id,
        TIMESTAMP_HEADER: str(ts),
        SIGNATURE_HEADER: target.signer.sign_message(message),
    }


def _unknown_key(target: Target, method: str, path: str) -> dict[str, str]:
    # Correctly signed with the real key, under a key id the server has never issued.
    headers: dict[str, str] = target.signer_with(key_id=str(uuid.uuid4())).headers(
        method, target.path_prefix + path
    )
    return headers


VARIANTS: dict[str, Callable[[Target, str, str], dict[str, str]]] = {
    "missing-key": _missing(KEY_HEADER),
    "missing-timestamp": _missing(TIMESTAMP_HEADER),
    "missing-signature": _missing(SIGNATURE_HEADER),
    "signature-of-another-path": _signature_of_other_path,
    "garbage-signature": _garbage_signature,
    "stale-timestamp": _stale_timestamp,
    "timestamp-in-seconds": _timestamp_in_seconds,
    "unknown-key-id": _unknown_key,
}


def _as_sent(variant: str) -> dict[str, Any]:
    """Recording options: a garbage signature is no secret, so the reproduction keeps it as sent."""
    public = (SIGNATURE_HEADER,) if variant == "garbage-signature" else ()
    return {"note": f"deliberately bad credentials: {variant.replace('-', ' ')}", "public_headers": public}


@pytest.mark.operation("GetOrders")
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_read_with_bad_credentials_is_401(variant: str, client: ContractClient, target: Target) -> None:
    headers = VARIANTS[variant](target, "GET", ORDERS)
    response = client.request(
        "GET",
        ORDERS,
        params={"limit": 1},
        headers=headers,
        sign=False,
        operation="GetOrders",
        **_as_sent(variant),
    )
    expect_status(response, 401, rule=f"GetOrders with {variant.replace('-', ' ')}")


@pytest.mark.writes
@pytest.mark.operation("CreateOrderV2")
@pytest.mark.parametrize("variant", ["garbage-signature", "signature-of-another-path", "unknown-key-id"])
def test_write_with_bad_credentials_is_401(
    variant: str, client: ContractClient, target: Target, safe: SafeOrders
) -> None:
    headers = VARIANTS[variant](target, "POST", EVENT_ORDERS)
    body: dict[str, Any] = safe.create_body(side="bid", price="0.01")
    response = client.request(
        "POST",
        EVENT_ORDERS,
        json=body,
        headers=headers,
        sign=False,
        operation="CreateOrderV2",
        **_as_sent(variant),
    )
    if response.status_code < 300:  # accepted: make sure the order does not outlive the run
        client.registry.add(str(response.json().get("order_id")), safe.ticker)
    expect_status(response, 401, rule=f"CreateOrderV2 with {variant.replace('-', ' ')}")
