"""(c) Signing cost per request vs a bare sign, for RSA-PSS (2048-bit) and Ed25519.

Target: the wrapper's signing (``KalshiSigner.headers``) at most 10% over the bare sign (speed ratio
>= 0.91x); the ``KalshiAuth`` flow is held to the same bar and reported. Two workloads per key:

* ``KalshiSigner.headers`` -- timestamp, message, sign, base64: the three ``KALSHI-ACCESS-*`` headers;
* ``KalshiAuth`` flow -- what ``httpx.Client`` runs per attempt (``sync_auth_flow``: next, send the
  response, close): the above plus reading the wire path from an ``httpx.Request`` and setting its
  headers. It is compared three times: with the bare sign; with the bare sign plus setting the same three
  headers on an ``httpx.Request`` (httpx's ``Headers.__setitem__`` costs ~2.5 us a header, which alone is
  ~15% of an Ed25519 sign); and with that plus the default ``httpx.Auth()`` flow, which ``httpx.Client``
  runs for every request sent without an auth (``Client._build_request_auth``), so what a client signing
  by hand pays at the least.

The baseline is what a hand-written client does at the very least: ``key.sign(message, PSS(...), SHA256())``
(padding built per call, as in Kalshi's own example) or ``key.sign(message)`` for Ed25519, on a message built
once. RSA-PSS signatures are randomised, so timings vary more than usual; the harness keeps the best round.

    .venv/bin/python bench/bench_sign.py
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Timing, compare, report

from kalshi_orders import KalshiAuth, KalshiSigner, load_private_key

TARGET = 1.10  # wrapper time / bare time at most this
URL = "https://demo-api.kalshi.co/trade-api/v2/portfolio/orders?limit=1000&cursor=abc"
PATH = "/trade-api/v2/portfolio/orders"


def _pem(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _bare(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> Callable[[], bytes]:
    message = f"1703123456789GET{PATH}".encode()
    if isinstance(key, rsa.RSAPrivateKey):
        rsa_key = key

        def sign_rsa() -> bytes:
            pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
            return rsa_key.sign(message, pss, hashes.SHA256())

        return sign_rsa
    ed_key = key
    return lambda: ed_key.sign(message)


def _auth_flow(auth: KalshiAuth, request: httpx.Request) -> Callable[[], object]:
    response = httpx.Response(200)

    def run() -> object:
        # What httpx.Client runs per attempt: sync_auth_flow (not auth_flow), send the response, close.
        flow = auth.sync_auth_flow(request)
        signed = next(flow)  # the request, signed; httpx would now send it
        try:
            flow.send(response)
        except StopIteration:
            flow.close()
            return signed
        raise AssertionError("the auth flow asked to send a second request")

    return run


def bench_key(kind: str, key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey, number: int) -> dict[str, float]:
    signer = KalshiSigner("bench-key-id", load_private_key(pem=_pem(key)))
    auth = KalshiAuth(signer)
    request = httpx.Request("GET", URL)
    bare_sign = _bare(key)
    bare = (f"bare {kind} sign", bare_sign)
    bare_request = httpx.Request("GET", URL)

    def bare_sign_and_set() -> None:
        # What any httpx client must do besides signing: put the three headers on the request.
        headers = bare_request.headers
        headers["KALSHI-ACCESS-KEY"] = "bench-key-id"
        headers["KALSHI-ACCESS-TIMESTAMP"] = "1703123456789"
        headers["KALSHI-ACCESS-SIGNATURE"] = base64.b64encode(bare_sign()).decode()

    no_auth = httpx.Auth()
    response = httpx.Response(200)

    def bare_sign_set_and_default_flow() -> None:
        # Driven as _auth_flow drives KalshiAuth, with the headers set before the request is handed over.
        bare_sign_and_set()
        flow = no_auth.sync_auth_flow(bare_request)
        next(flow)
        try:
            flow.send(response)
        except StopIteration:
            flow.close()

    results: dict[str, float] = {}
    for name, label, fn, base in (
        ("headers", "KalshiSigner.headers", lambda: signer.headers("GET", PATH), bare),
        ("auth flow", "KalshiAuth flow (httpx.Request)", _auth_flow(auth, request), bare),
        (
            "auth flow vs sign+set",
            "KalshiAuth flow (httpx.Request)",
            _auth_flow(auth, request),
            (f"bare {kind} sign + 3 headers set on the request", bare_sign_and_set),
        ),
        (
            "auth flow vs sign+set+default flow",
            "KalshiAuth flow (httpx.Request)",
            _auth_flow(auth, request),
            (
                f"bare {kind} sign + 3 headers set + httpx's default auth flow",
                bare_sign_set_and_default_flow,
            ),
        ),
    ):
        fn()
        workload, baseline = compare((label, fn), base, number=number, rounds=9)
        over = workload.seconds / baseline.seconds
        results[name] = over
        print(
            report(
                f"(c) {kind}: {label} vs {baseline.name}",
                workload,
                baseline,
                target=f"<= {TARGET:.2f}x time (>= {1 / TARGET:.2f}x speed)",
                ok=over <= TARGET,
                unit="us",
            )
        )
        overhead = Timing("overhead per request", workload.seconds - baseline.seconds)
        print(f"  {overhead.name}: {overhead.seconds * 1e6:.1f} us ({(over - 1) * 100:+.1f}%)")
    return results


def main() -> dict[str, dict[str, float]]:
    return {
        "rsa": bench_key("RSA-PSS 2048", rsa.generate_private_key(public_exponent=65537, key_size=2048), 40),
        "ed25519": bench_key("Ed25519", ed25519.Ed25519PrivateKey.generate(), 2000),
    }


if __name__ == "__main__":
    main()
