"""Opaque, tamper-evident GetOrders cursors: base64url(version + position) + HMAC tag; no filters inside."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct

from kalshi_sandbox.exchange.errors import ExchangeError

_VERSION = 1
_BODY = struct.Struct(">BQ")  # version, sequence number of the last order returned
_TAG_LEN = 16


class CursorCodec:
    """Encodes the walk position (a sequence number) and rejects any cursor it did not issue."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _tag(self, body: bytes) -> bytes:
        return hmac.new(self._secret, body, hashlib.sha256).digest()[:_TAG_LEN]

    def encode(self, position: int) -> str:
        body = _BODY.pack(_VERSION, position)
        return base64.urlsafe_b64encode(body + self._tag(body)).rstrip(b"=").decode("ascii")

    def decode(self, cursor: str) -> int:
        """The position inside ``cursor``; ExchangeError 400 ``invalid_cursor`` if it is not one of ours."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        body, tag = raw[: _BODY.size], raw[_BODY.size :]
        if len(raw) != _BODY.size + _TAG_LEN or not hmac.compare_digest(tag, self._tag(body)):
            raise ExchangeError(
                400,
                "invalid_cursor",
                "cursor is not valid: pass back the cursor string from the previous response unchanged, "
                "or omit it for the first page",
            )
        version, position = _BODY.unpack(body)
        if version != _VERSION:
            raise ExchangeError(400, "invalid_cursor", "cursor version is not supported; restart the walk")
        return int(position)
