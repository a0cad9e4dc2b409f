"""Kalshi request signing and an ``httpx.Auth`` that signs every attempt afresh.

Kalshi's rule (docs.kalshi.com/getting_started/api_keys): sign ``timestamp_ms + METHOD + path`` (the path with
``/trade-api/v2``, without the query string) with the API key's private key, RSA-PSS/SHA-256 or Ed25519, and
send ``KALSHI-ACCESS-KEY``, ``KALSHI-ACCESS-TIMESTAMP`` and ``KALSHI-ACCESS-SIGNATURE``.
"""

from __future__ import annotations

import binascii
import time
from collections.abc import AsyncGenerator, Callable, Generator
from urllib.parse import urlsplit

import httpx

from ._keys import PrivateKey
from ._logging import mask_key_id

__all__ = [
    "HEADER_KEY",
    "HEADER_SIGNATURE",
    "HEADER_TIMESTAMP",
    "KalshiAuth",
    "KalshiSigner",
    "signed_path",
]

HEADER_KEY = "KALSHI-ACCESS-KEY"
HEADER_TIMESTAMP = "KALSHI-ACCESS-TIMESTAMP"
HEADER_SIGNATURE = "KALSHI-ACCESS-SIGNATURE"
_MAX_SUFFIXES = 1024


def _strip_query(path: str) -> str:
    if "://" in path:  # a full URL: only its path is signed, never the host
        path = urlsplit(path).path
    if "?" in path or "#" in path:  # checked first: splitting costs more than the test, on every request
        path = path.split("?", 1)[0].split("#", 1)[0]
    return path


def _message(timestamp_ms: int, method: str, path: str) -> str:
    signed = _strip_query(path)
    if not signed.startswith("/"):
        raise ValueError(
            f"path {signed!r} must be the URL path from the host root, e.g. /trade-api/v2/portfolio/orders"
        )
    return f"{timestamp_ms}{method.upper()}{signed}"


class KalshiSigner:
    """Builds the three ``KALSHI-ACCESS-*`` headers for a request.

    The signed message is ``str(timestamp_ms) + METHOD + path`` where ``path`` includes the ``/trade-api/v2``
    prefix and excludes the query string; the host and the body are not signed.
    """

    def __init__(self, key_id: str, private_key: PrivateKey, clock: Callable[[], float] = time.time) -> None:
        if not isinstance(key_id, str) or not key_id.strip():
            raise ValueError("key_id must be the non-empty API key id (KALSHI_API_KEY_ID)")
        if not isinstance(private_key, PrivateKey):
            raise TypeError(
                "private_key must be a PrivateKey: load it with kalshi_orders.load_private_key(...)"
            )
        self._key_id = key_id.strip()
        self._private_key = private_key
        self._clock = clock
        # (method, path) -> the message after the timestamp: checking and stripping the path again for every
        # request of a walk was ~2% of an Ed25519 sign (bench/bench_sign.py). Bounded: cleared when full.
        self._suffixes: dict[tuple[str, str], str] = {}

    @property
    def key_id(self) -> str:
        return self._key_id

    @property
    def key_kind(self) -> str:
        return self._private_key.kind

    @property
    def fingerprint(self) -> str:
        return self._private_key.fingerprint

    def timestamp_ms(self) -> int:
        # round, not int(): clock() * 1000 is a float and may land a hair below the whole millisecond.
        return round(self._clock() * 1000)

    @staticmethod
    def message(timestamp_ms: int, method: str, path: str) -> str:
        """The exact string that is signed, e.g. ``1703123456789GET/trade-api/v2/portfolio/balance``."""
        if isinstance(timestamp_ms, bool) or not isinstance(timestamp_ms, int):
            raise TypeError("timestamp_ms must be an int (Unix milliseconds)")
        return _message(timestamp_ms, method, path)

    def sign_message(self, message: str) -> str:
        """Standard base64 (with padding) of the signature over the UTF-8 message."""
        return binascii.b2a_base64(self._private_key.sign(message.encode()), newline=False).decode("ascii")

    def headers(self, method: str, path: str) -> dict[str, str]:
        """Fresh timestamp and signature for one attempt of ``method path``."""
        ts, signature = self._stamp(method, path)
        return {HEADER_KEY: self._key_id, HEADER_TIMESTAMP: ts, HEADER_SIGNATURE: signature}

    def _stamp(self, method: str, path: str) -> tuple[str, str]:
        """The timestamp and signature header values (``KalshiAuth`` sets them without an interim dict)."""
        ts = str(self.timestamp_ms())
        suffix = self._suffixes.get((method, path))
        if suffix is None:
            if len(self._suffixes) >= _MAX_SUFFIXES:
                self._suffixes.clear()
            suffix = self._suffixes[method, path] = _message(0, method, path)[1:]  # drop the "0"
        return ts, self.sign_message(ts + suffix)

    def __repr__(self) -> str:
        return f"KalshiSigner(key_id={mask_key_id(self._key_id)!r}, key={self._private_key!r})"


def signed_path(url: httpx.URL) -> str:
    """The path exactly as sent on the wire (percent-escapes kept), without the query."""
    return url.raw_path.partition(b"?")[0].decode("ascii")


class KalshiAuth(httpx.Auth):
    """Signs each request when it is sent, so every retry carries a fresh timestamp and signature."""

    requires_request_body = False
    requires_response_body = False

    def __init__(self, signer: KalshiSigner) -> None:
        self.signer = signer

    def sign_request(self, request: httpx.Request) -> httpx.Request:
        """Set the three ``KALSHI-ACCESS-*`` headers on ``request``, replacing any already there."""
        # One __setitem__ per header: Headers.update() costs about 4x as much (bench/bench_sign.py).
        headers = request.headers
        for name, value in self.signed_headers(request.method, signed_path(request.url)):
            headers[name] = value
        return request

    def signed_headers(self, method: str, path: str) -> tuple[tuple[str, str], ...]:
        """The ``KALSHI-ACCESS-*`` headers of one attempt of ``method path`` (the path as sent), in the
        order they go out."""
        signer = self.signer
        if type(signer).headers is KalshiSigner.headers:  # skip the interim dict (~1 us, 2% of Ed25519)
            ts, signature = signer._stamp(method, path)
            return ((HEADER_KEY, signer.key_id), (HEADER_TIMESTAMP, ts), (HEADER_SIGNATURE, signature))
        return tuple(signer.headers(method, path).items())  # a subclass that overrides headers() is honoured

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign_request(request)

    # The clients call these two; httpx's defaults wrap auth_flow in a second generator (+1.1 us a request).
    # Both yield once and ignore the response, as auth_flow does; no request or response body is read.
    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign_request(request)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        yield self.sign_request(request)

    def __repr__(self) -> str:
        return f"KalshiAuth({self.signer!r})"
