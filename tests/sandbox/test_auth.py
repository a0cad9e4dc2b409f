"""Authentication like Kalshi: all three headers, a fresh millisecond timestamp, RSA-PSS or Ed25519
signatures."""

from __future__ import annotations

import base64
import functools
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kalshi_sandbox import SandboxConfig, SandboxServer

from .conftest import ClientFactory

ORDERS = "/trade-api/v2/portfolio/orders"


@functools.lru_cache(maxsize=8)
def _load_rsa(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def kalshi_headers(
    key_id: str, key: rsa.RSAPrivateKey, method: str, path: str, *, ts: str | None = None, salt: int = 32
) -> dict[str, str]:
    """The Kalshi starter-code recipe with nothing but cryptography: ts + METHOD + path, RSA-PSS, base64."""
    ts = ts or str(int(time.time() * 1000))
    signature = key.sign(
        (ts + method + path).encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt),
        hashes.SHA256(),
    )
    return {
        "KALSHI-ACCESS-KEY": key_id,
        "KALSHI-ACCESS-TIMESTAMP": ts,
        "KALSHI-ACCESS-SIGNATURE": base64.b64encode(signature).decode(),
    }


def _root(sandbox: SandboxServer) -> str:
    return sandbox.root_url


def test_plain_httpx_client_signed_the_kalshi_way_works(sandbox: SandboxServer) -> None:
    key = _load_rsa(sandbox.private_key_path)
    headers = kalshi_headers(sandbox.key_id, key, "GET", ORDERS)
    # The query is not signed: the same signature is valid with any query string.
    response = httpx.get(_root(sandbox) + ORDERS + "?limit=5&status=resting", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"orders": [], "cursor": ""}


def test_salt_length_digest_is_required(sandbox: SandboxServer) -> None:
    # PSS.MAX_LENGTH (a common mistake) is not what Kalshi verifies.
    key = _load_rsa(sandbox.private_key_path)
    headers = kalshi_headers(sandbox.key_id, key, "GET", ORDERS, salt=padding.PSS.MAX_LENGTH)
    response = httpx.get(_root(sandbox) + ORDERS, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "signature does not verify"


def test_signing_the_query_is_rejected(sandbox: SandboxServer) -> None:
    key = _load_rsa(sandbox.private_key_path)
    headers = kalshi_headers(sandbox.key_id, key, "GET", ORDERS + "?limit=5")
    response = httpx.get(_root(sandbox) + ORDERS + "?limit=5", headers=headers)
    assert response.status_code == 401
    assert "without the query" in response.json()["error"]["details"]


def test_ed25519_key_is_accepted(tmp_path: Path, make_client: ClientFactory) -> None:
    with SandboxServer(SandboxConfig(key_dir=tmp_path, key_type="ed25519", validate_responses=True)) as sb:
        assert b"PRIVATE KEY" in sb.private_key_path.read_bytes()
        response = make_client(sb).get("/portfolio/orders")
        assert response.status_code == 200, response.text
        assert sb.admin.response_failures() == []


def test_added_accounts_sign_with_their_own_keys(sandbox: SandboxServer, make_client: ClientFactory) -> None:
    rsa_id, rsa_path = sandbox.admin.add_account("alice")
    ed_id, ed_path = sandbox.admin.add_account("bob", key_type="ed25519")
    assert make_client(sandbox, rsa_id, rsa_path).get("/portfolio/orders").status_code == 200
    assert make_client(sandbox, ed_id, ed_path).get("/portfolio/orders").status_code == 200
    # A key signing for another key id does not verify.
    assert make_client(sandbox, rsa_id, ed_path).get("/portfolio/orders").status_code == 401


def _assert_401(response: httpx.Response, fragment: str) -> dict[str, str]:
    assert response.status_code == 401, response.text
    error = response.json()["error"]
    assert error["code"] == "authentication_error"
    assert fragment in error["message"] + " " + error.get("details", "")
    return error


@pytest.mark.parametrize("drop", ["KALSHI-ACCESS-KEY", "KALSHI-ACCESS-TIMESTAMP", "KALSHI-ACCESS-SIGNATURE"])
def test_each_missing_header_is_401(sandbox: SandboxServer, drop: str) -> None:
    headers = kalshi_headers(sandbox.key_id, _load_rsa(sandbox.private_key_path), "GET", ORDERS)
    del headers[drop]
    error = _assert_401(httpx.get(_root(sandbox) + ORDERS, headers=headers), drop)
    assert "missing" in error["message"]


def test_unknown_key_id_is_401(sandbox: SandboxServer) -> None:
    headers = kalshi_headers("not-a-key", _load_rsa(sandbox.private_key_path), "GET", ORDERS)
    _assert_401(httpx.get(_root(sandbox) + ORDERS, headers=headers), "unknown API key id")


def _now_seconds() -> str:
    return str(int(time.time()))


def _an_hour_ahead() -> str:
    return str(int(time.time() * 1000) + 3_600_000)


# Timestamps that depend on the clock are made inside the test: xdist workers must collect the same ids.
@pytest.mark.parametrize(
    ("ts", "fragment"),
    [
        ("12:00", "malformed"),
        ("-1703123456789", "malformed"),
        ("1.7e12", "malformed"),
        ("1" * 5000, "malformed"),  # int() refuses > 4300 digits: this was an unhandled 500
        (_now_seconds, "looks like seconds"),
        ("1703123456789", "stale"),
        (_an_hour_ahead, "in the future"),
    ],
)
def test_bad_timestamps_are_401(sandbox: SandboxServer, ts: str | Callable[[], str], fragment: str) -> None:
    stamp = ts() if callable(ts) else ts
    headers = kalshi_headers(sandbox.key_id, _load_rsa(sandbox.private_key_path), "GET", ORDERS, ts=stamp)
    _assert_401(httpx.get(_root(sandbox) + ORDERS, headers=headers), fragment)


def test_timestamp_window_is_configurable(tmp_path: Path) -> None:
    skew = 10.0  # the server clock runs 10 s ahead of the client
    config = SandboxConfig(key_dir=tmp_path, timestamp_window=5, clock=lambda: time.time() + skew)
    with SandboxServer(config) as sb:
        headers = kalshi_headers(sb.key_id, _load_rsa(sb.private_key_path), "GET", ORDERS)
        _assert_401(httpx.get(sb.root_url + ORDERS, headers=headers), "stale")
    with SandboxServer(SandboxConfig(key_dir=tmp_path, timestamp_window=60, clock=config.clock)) as sb:
        headers = kalshi_headers(sb.key_id, _load_rsa(sb.private_key_path), "GET", ORDERS)
        assert httpx.get(sb.root_url + ORDERS, headers=headers).status_code == 200


def test_signature_that_does_not_verify_is_401_and_not_echoed(sandbox: SandboxServer) -> None:
    key = _load_rsa(sandbox.private_key_path)
    headers = kalshi_headers(sandbox.key_id, key, "POST", ORDERS)  # signed for another method
    response = httpx.get(_root(sandbox) + ORDERS, headers=headers)
    _assert_401(response, "signature does not verify")
    assert headers["KALSHI-ACCESS-SIGNATURE"] not in response.text
    garbage = {**headers, "KALSHI-ACCESS-SIGNATURE": "%%%not base64%%%"}
    _assert_401(httpx.get(_root(sandbox) + ORDERS, headers=garbage), "not valid base64")


def test_signature_covers_the_path(sandbox: SandboxServer) -> None:
    headers = kalshi_headers(sandbox.key_id, _load_rsa(sandbox.private_key_path), "GET", ORDERS)
    response = httpx.get(_root(sandbox) + ORDERS + "/some-order", headers=headers)
    _assert_401(response, ORDERS + "/some-order")


def test_path_without_prefix_does_not_verify(sandbox: SandboxServer) -> None:
    headers = kalshi_headers(sandbox.key_id, _load_rsa(sandbox.private_key_path), "GET", "/portfolio/orders")
    _assert_401(httpx.get(_root(sandbox) + ORDERS, headers=headers), "signature does not verify")
