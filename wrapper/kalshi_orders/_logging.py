"""The package logger and header redaction for request logs."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

__all__ = ["logger", "mask_key_id", "redact_headers"]

logger = logging.getLogger("kalshi_orders")

_REDACTED = "[REDACTED]"
_FULLY_MASKED = frozenset(
    {"kalshi-access-signature", "authorization", "cookie", "set-cookie", "proxy-authorization"}
)


def mask_key_id(key_id: str) -> str:
    """The key id cut to its last 4 characters (enough to tell keys apart in a log)."""
    return "…" + key_id[-4:] if len(key_id) > 4 else "****"


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """A copy of ``headers`` that is safe to log: the signature fully masked, the key id cut to its last 4
    characters."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in items:
        lowered = name.lower()
        if lowered in _FULLY_MASKED:
            out[name] = _REDACTED
        elif lowered == "kalshi-access-key":
            out[name] = mask_key_id(value)
        else:
            out[name] = value
    return out
