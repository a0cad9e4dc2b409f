"""Kalshi request authentication: the three KALSHI-ACCESS-* headers, checked like the live API.

The signed message is ``timestamp_ms + METHOD + path`` where the path includes ``/trade-api/v2`` and excludes
the query string; the body is not signed. RSA keys sign with RSA-PSS (SHA-256, MGF1-SHA-256, salt length 32),
Ed25519 keys with plain Ed25519. Messages never echo the signature.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kalshi_sandbox.errors import ApiError
from kalshi_sandbox.keys import ApiKey, KeyRegistry

KEY_HEADER = b"kalshi-access-key"
TIMESTAMP_HEADER = b"kalshi-access-timestamp"
SIGNATURE_HEADER = b"kalshi-access-signature"

_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
_SHA256 = hashes.SHA256()


def _unauthorized(message: str, details: str = "") -> ApiError:
    return ApiError(401, "authentication_error", message, details)


def verify_signature(key: ApiKey, signature: bytes, message: bytes) -> bool:
    public_key: Any = key.public_key
    try:
        # key.kind, not isinstance(): ABC instance checks cost more than they should on every request.
        if key.kind == "rsa":
            public_key.verify(signature, message, _PSS, _SHA256)
        else:
            public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


class Authenticator:
    """Checks the KALSHI-ACCESS-* headers of a request against the key registry."""

    def __init__(
        self,
        registry: KeyRegistry,
        *,
        timestamp_window: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.registry = registry
        self.timestamp_window_ms = int(timestamp_window * 1000)
        self.clock = clock
        self.verify_signatures = True  # off only for the ``accept_bad_signature`` breakage

    def authenticate(
        self, method: str, path: str, raw_path: str | None, headers: dict[bytes, bytes]
    ) -> ApiKey:
        """The key that signed this request, or ApiError(401) naming what is wrong."""
        key_id = headers.get(KEY_HEADER)
        timestamp = headers.get(TIMESTAMP_HEADER)
        signature = headers.get(SIGNATURE_HEADER)
        missing = [
            name.decode().upper()
            for name, value in (
                (KEY_HEADER, key_id),
                (TIMESTAMP_HEADER, timestamp),
                (SIGNATURE_HEADER, signature),
            )
            if not value
        ]
        if missing:
            raise _unauthorized(
                f"missing authentication header(s): {', '.join(missing)}",
                "send all three KALSHI-ACCESS-* headers (key id, timestamp, signature) with every request",
            )
        assert key_id is not None
        assert timestamp is not None
        assert signature is not None
        key = self.registry.get(key_id.decode("latin-1"))
        if key is None:
            raise _unauthorized("unknown API key id", "KALSHI-ACCESS-KEY does not name a registered key")
        ts_text = timestamp.decode("latin-1")
        # Bounded length: int() of a header of thousands of digits raises (a 500), and no clock needs them.
        if not ts_text.isdigit() or not ts_text.isascii() or len(ts_text) > 16:
            raise _unauthorized(
                "malformed KALSHI-ACCESS-TIMESTAMP: expected Unix time in milliseconds (digits only)"
            )
        ts_ms = int(ts_text)
        now_ms = int(self.clock() * 1000)
        if abs(now_ms - ts_ms) > self.timestamp_window_ms:
            hint = " (it looks like seconds; send milliseconds)" if len(ts_text) <= 10 else ""
            direction = "in the future" if ts_ms > now_ms else "stale"
            raise _unauthorized(
                f"KALSHI-ACCESS-TIMESTAMP is {direction}{hint}",
                f"the timestamp must be within {self.timestamp_window_ms} ms of the server clock",
            )
        if not self.verify_signatures:
            return key
        try:
            raw_signature = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise _unauthorized("KALSHI-ACCESS-SIGNATURE is not valid base64") from None
        prefix = ts_text + method
        if verify_signature(key, raw_signature, (prefix + path).encode()):
            return key
        # Clients differ on percent-encoding the path they sign; accept the raw form too.
        if (
            raw_path
            and raw_path != path
            and verify_signature(key, raw_signature, (prefix + raw_path).encode())
        ):
            return key
        raise _unauthorized(
            "signature does not verify",
            f"sign timestamp + METHOD + path without the query, i.e. {prefix + path!r}, "
            + (
                "with RSA-PSS (SHA-256, MGF1-SHA-256, salt length 32)"
                if key.kind == "rsa"
                else "with Ed25519"
            )
            + ", then base64-encode it",
        )
