from __future__ import annotations

import asyncio
import base64
import itertools
import logging

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kalshi_orders import KalshiAuth, KalshiSigner, PrivateKey
from kalshi_orders._auth import HEADER_KEY, HEADER_SIGNATURE, HEADER_TIMESTAMP, signed_path
from kalshi_orders._logging import logger, redact_headers

from .keyfactory import ed25519_key, rsa_key

PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
DOCS_MESSAGE = "1703123456789GET/trade-api/v2/portfolio/balance"


def _verify_rsa(signature_b64: str, message: str) -> None:
    signature = base64.b64decode(signature_b64, validate=True)
    rsa_key().public_key().verify(signature, message.encode(), PSS, hashes.SHA256())


def _verify(kind: str, signature_b64: str, message: str) -> None:
    if kind == "rsa":
        _verify_rsa(signature_b64, message)
    else:
        ed25519_key().public_key().verify(base64.b64decode(signature_b64, validate=True), message.encode())


@pytest.fixture(params=["rsa", "ed25519"])
def signer(request: pytest.FixtureRequest) -> KalshiSigner:
    key = PrivateKey(rsa_key() if request.param == "rsa" else ed25519_key())
    return KalshiSigner("key-id-0123456789abcd", key, clock=lambda: 1703123456.789)


def test_docs_worked_message() -> None:
    assert KalshiSigner.message(1703123456789, "get", "/trade-api/v2/portfolio/balance") == DOCS_MESSAGE
    assert KalshiSigner.message(1703123456789, "GET", "/trade-api/v2/portfolio/balance?x=1") == DOCS_MESSAGE
    full_url = "https://external-api.demo.kalshi.co/trade-api/v2/portfolio/balance?limit=5"
    assert KalshiSigner.message(1703123456789, "GET", full_url) == DOCS_MESSAGE


def test_message_rejects_a_non_int_timestamp_and_a_relative_path() -> None:
    with pytest.raises(TypeError, match="milliseconds"):
        KalshiSigner.message(1703123456.789, "GET", "/x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="from the host root"):
        KalshiSigner.message(1, "GET", "portfolio/orders")


def test_headers_sign_the_docs_message(signer: KalshiSigner) -> None:
    headers = signer.headers("GET", "/trade-api/v2/portfolio/balance")
    assert set(headers) == {HEADER_KEY, HEADER_TIMESTAMP, HEADER_SIGNATURE}
    assert headers[HEADER_KEY] == "key-id-0123456789abcd"
    # The clock is in seconds; the header in milliseconds (a float clock must not lose the last ms).
    assert headers[HEADER_TIMESTAMP] == "1703123456789"
    _verify(signer.key_kind, headers[HEADER_SIGNATURE], DOCS_MESSAGE)


def test_rsa_signature_is_pss_with_digest_length_salt_and_padded_base64() -> None:
    signer = KalshiSigner("k", PrivateKey(rsa_key()), clock=lambda: 1703123456.789)
    signature = signer.headers("GET", "/trade-api/v2/portfolio/balance")[HEADER_SIGNATURE]
    # 256 signature bytes → 344 base64 characters ending in "==" (standard alphabet, padded).
    assert len(signature) == 344 and signature.endswith("==")
    assert len(base64.b64decode(signature, validate=True)) == 256
    _verify_rsa(signature, DOCS_MESSAGE)
    wrong_salt = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=64)
    with pytest.raises(InvalidSignature):
        rsa_key().public_key().verify(
            base64.b64decode(signature), DOCS_MESSAGE.encode(), wrong_salt, hashes.SHA256()
        )
    with pytest.raises(InvalidSignature):
        _verify_rsa(signature, DOCS_MESSAGE.replace("GET", "POST"))


def test_fresh_timestamp_and_signature_on_every_call() -> None:
    ticks = itertools.count(1_700_000_000_000)
    signer = KalshiSigner("k", PrivateKey(ed25519_key()), clock=lambda: next(ticks) / 1000)
    first = signer.headers("GET", "/trade-api/v2/portfolio/orders")
    second = signer.headers("GET", "/trade-api/v2/portfolio/orders")
    assert first[HEADER_TIMESTAMP] == "1700000000000"
    assert second[HEADER_TIMESTAMP] == "1700000000001"
    assert first[HEADER_SIGNATURE] != second[HEADER_SIGNATURE]
    _verify("ed25519", second[HEADER_SIGNATURE], "1700000000001GET/trade-api/v2/portfolio/orders")


def test_default_clock_is_wall_time_in_ms() -> None:
    import time

    signer = KalshiSigner("k", PrivateKey(ed25519_key()))
    before = int(time.time() * 1000)
    ts = int(signer.headers("GET", "/x")[HEADER_TIMESTAMP])
    after = int(time.time() * 1000) + 1
    assert before <= ts <= after


def _signed(auth: KalshiAuth, request: httpx.Request) -> httpx.Request:
    flow = auth.sync_auth_flow(request)
    sent = next(flow)
    with pytest.raises(StopIteration):
        flow.send(httpx.Response(200))
    return sent


def test_auth_host_and_query_do_not_change_the_message(signer: KalshiSigner) -> None:
    auth = KalshiAuth(signer)
    demo = _signed(
        auth, httpx.Request("GET", "https://external-api.demo.kalshi.co/trade-api/v2/portfolio/orders")
    )
    local = _signed(
        auth, httpx.Request("GET", "http://127.0.0.1:8123/trade-api/v2/portfolio/orders?limit=5&x=a%2Cb")
    )
    message = "1703123456789GET/trade-api/v2/portfolio/orders"
    for request in (demo, local):
        assert request.headers[HEADER_TIMESTAMP] == "1703123456789"
        _verify(signer.key_kind, request.headers[HEADER_SIGNATURE], message)


def test_auth_method_and_path_do_change_the_message(signer: KalshiSigner) -> None:
    auth = KalshiAuth(signer)
    base = "https://external-api.demo.kalshi.co/trade-api/v2"
    delete = _signed(auth, httpx.Request("DELETE", f"{base}/portfolio/events/orders/abc"))
    post = _signed(auth, httpx.Request("post", f"{base}/portfolio/events/orders", json={"a": 1}))
    _verify(
        signer.key_kind,
        delete.headers[HEADER_SIGNATURE],
        "1703123456789DELETE/trade-api/v2/portfolio/events/orders/abc",
    )
    _verify(
        signer.key_kind,
        post.headers[HEADER_SIGNATURE],
        "1703123456789POST/trade-api/v2/portfolio/events/orders",
    )
    with pytest.raises(InvalidSignature):
        _verify(
            signer.key_kind,
            post.headers[HEADER_SIGNATURE],
            "1703123456789GET/trade-api/v2/portfolio/events/orders",
        )
    with pytest.raises(InvalidSignature):
        _verify(
            signer.key_kind,
            delete.headers[HEADER_SIGNATURE],
            "1703123456789DELETE/trade-api/v2/portfolio/events/orders/abd",
        )


def test_auth_signs_the_path_as_sent_on_the_wire() -> None:
    url = httpx.URL("https://h/trade-api/v2/portfolio/orders/a%2Fb%20c?cursor=x%3D")
    assert signed_path(url) == "/trade-api/v2/portfolio/orders/a%2Fb%20c"
    assert signed_path(httpx.URL("https://h/trade-api/v2/x%3Fy")) == "/trade-api/v2/x%3Fy"  # no query
    signer = KalshiSigner("k", PrivateKey(ed25519_key()), clock=lambda: 1.0)
    sent = _signed(KalshiAuth(signer), httpx.Request("GET", url))
    _verify("ed25519", sent.headers[HEADER_SIGNATURE], "1000GET/trade-api/v2/portfolio/orders/a%2Fb%20c")


def test_every_attempt_through_a_client_is_signed_afresh_sync_and_async() -> None:
    ticks = itertools.count(5_000)
    signer = KalshiSigner("k", PrivateKey(ed25519_key()), clock=lambda: next(ticks) / 1000)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    with httpx.Client(auth=KalshiAuth(signer), transport=httpx.MockTransport(handler)) as client:
        client.get("http://127.0.0.1/trade-api/v2/portfolio/orders", params={"limit": 2})
        client.get("http://127.0.0.1/trade-api/v2/portfolio/orders", params={"limit": 2})

    async def run() -> None:
        async with httpx.AsyncClient(
            auth=KalshiAuth(signer), transport=httpx.MockTransport(handler)
        ) as client:
            await client.delete("http://127.0.0.1/trade-api/v2/portfolio/events/orders/o1")

    asyncio.run(run())
    stamps = [r.headers[HEADER_TIMESTAMP] for r in seen]
    assert stamps == ["5000", "5001", "5002"]
    _verify("ed25519", seen[1].headers[HEADER_SIGNATURE], "5001GET/trade-api/v2/portfolio/orders")
    _verify(
        "ed25519", seen[2].headers[HEADER_SIGNATURE], "5002DELETE/trade-api/v2/portfolio/events/orders/o1"
    )


# Stale KALSHI-ACCESS-* headers in other cases, one of them twice: each must end up set exactly once.
STALE_HEADERS = [
    ("kalshi-access-signature", "stale-signature"),
    ("X-Other", "kept"),
    ("KALSHI-ACCESS-TIMESTAMP", "1"),
    ("Kalshi-Access-Signature", "another-stale-signature"),
]


async def _async_attempt(auth: KalshiAuth, request: httpx.Request) -> httpx.Request:
    flow = auth.async_auth_flow(request)
    sent = await flow.__anext__()
    with pytest.raises(StopAsyncIteration):
        await flow.asend(httpx.Response(200))
    return sent


@pytest.mark.parametrize("flow", ["auth_flow", "sync_auth_flow", "async_auth_flow"])
def test_every_flow_replaces_existing_headers_and_re_signs_each_attempt(flow: str) -> None:
    ticks = itertools.count(7_000)
    signer = KalshiSigner("k", PrivateKey(ed25519_key()), clock=lambda: next(ticks) / 1000)
    auth = KalshiAuth(signer)
    request = httpx.Request(
        "GET", "https://h/trade-api/v2/portfolio/orders/a%3Fb?cursor=c", headers=STALE_HEADERS
    )

    def attempt() -> httpx.Request:
        if flow == "async_auth_flow":
            return asyncio.run(_async_attempt(auth, request))
        generator = getattr(auth, flow)(request)
        sent: httpx.Request = next(generator)
        with pytest.raises(StopIteration):  # one request per attempt; the response is not looked at
            generator.send(httpx.Response(401))
        return sent

    for stamp in ("7000", "7001"):  # the same request again (a retry) is signed afresh, in place
        sent = attempt()
        assert sent is request
        # Replaced where they stood (the duplicate dropped), the missing one appended: as Headers.__setitem__.
        names = [name.decode().lower() for name, _ in sent.headers.raw]
        assert names == [
            "host",
            HEADER_SIGNATURE.lower(),
            "x-other",
            HEADER_TIMESTAMP.lower(),
            HEADER_KEY.lower(),
        ]
        assert sent.headers.get_list(HEADER_KEY) == ["k"]
        assert sent.headers.get_list(HEADER_TIMESTAMP) == [stamp]
        assert len(sent.headers.get_list(HEADER_SIGNATURE)) == 1
        assert sent.headers["X-Other"] == "kept"
        _verify("ed25519", sent.headers[HEADER_SIGNATURE], f"{stamp}GET/trade-api/v2/portfolio/orders/a%3Fb")


def test_clients_replace_stale_headers_sync_and_async() -> None:
    signer = KalshiSigner("k", PrivateKey(ed25519_key()), clock=lambda: 1.0)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    stale_client = {HEADER_SIGNATURE: "stale", HEADER_KEY: "other-key"}
    url = "http://127.0.0.1/trade-api/v2/portfolio/orders"
    with httpx.Client(
        auth=KalshiAuth(signer), transport=httpx.MockTransport(handler), headers=stale_client
    ) as client:
        client.get(url, headers=STALE_HEADERS)

    async def run() -> None:
        async with httpx.AsyncClient(
            auth=KalshiAuth(signer), transport=httpx.MockTransport(handler), headers=stale_client
        ) as client:
            await client.get(url, headers=STALE_HEADERS)

    asyncio.run(run())
    assert len(seen) == 2
    for request in seen:
        assert request.headers.get_list(HEADER_KEY) == ["k"]
        assert request.headers.get_list(HEADER_TIMESTAMP) == ["1000"]
        assert len(request.headers.get_list(HEADER_SIGNATURE)) == 1
        _verify("ed25519", request.headers[HEADER_SIGNATURE], "1000GET/trade-api/v2/portfolio/orders")


def test_signer_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="key_id"):
        KalshiSigner("  ", PrivateKey(ed25519_key()))
    with pytest.raises(TypeError, match="load_private_key"):
        KalshiSigner("k", ed25519_key())  # type: ignore[arg-type]


def test_no_secret_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    signer = KalshiSigner("key-id-0123456789abcd", PrivateKey(rsa_key()), clock=lambda: 1703123456.789)
    auth = KalshiAuth(signer)
    sent = _signed(auth, httpx.Request("GET", "https://h/trade-api/v2/portfolio/orders"))
    signature = sent.headers[HEADER_SIGNATURE]
    for shown in (repr(signer), repr(auth), str(signer)):
        assert signature not in shown
        assert "key-id-0123456789abcd" not in shown
        assert "…abcd" in shown and "fingerprint='SHA256:" in shown
    with caplog.at_level(logging.DEBUG, logger="kalshi_orders"):
        logger.debug("request headers %s", redact_headers(sent.headers))
    assert signature not in caplog.text
    assert signature[:16] not in caplog.text
    assert "key-id-0123456789abcd" not in caplog.text
    assert "[REDACTED]" in caplog.text and "…abcd" in caplog.text


def test_redact_headers_shapes() -> None:
    redacted = redact_headers(
        [
            ("KALSHI-ACCESS-KEY", "abc"),
            ("kalshi-access-signature", "c2ln"),
            ("Content-Type", "application/json"),
        ]
    )
    assert redacted == {
        "KALSHI-ACCESS-KEY": "****",
        "kalshi-access-signature": "[REDACTED]",
        "Content-Type": "application/json",
    }
    assert redact_headers({"Authorization": "Bearer x", "KALSHI-ACCESS-TIMESTAMP": "1"}) == {
        "Authorization": "[REDACTED]",
        "KALSHI-ACCESS-TIMESTAMP": "1",
    }


def test_auth_uses_a_signer_subclass_headers() -> None:
    class ProxySigner(KalshiSigner):  # e.g. a signer that adds a header its gateway wants
        def headers(self, method: str, path: str) -> dict[str, str]:
            return {**super().headers(method, path), "X-Gateway": f"{method} {path}"}

    signer = ProxySigner("k", PrivateKey(ed25519_key()), clock=lambda: 2.0)
    sent = _signed(KalshiAuth(signer), httpx.Request("GET", "https://h/trade-api/v2/portfolio/orders?x=1"))
    assert sent.headers["X-Gateway"] == "GET /trade-api/v2/portfolio/orders"
    _verify("ed25519", sent.headers[HEADER_SIGNATURE], "2000GET/trade-api/v2/portfolio/orders")
