"""A cassette of every exchange the suite makes (credentials redacted) and curl lines to reproduce one."""

from __future__ import annotations

import json
import re
import shlex
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

KEY_HEADER = "KALSHI-ACCESS-KEY"
SIGNATURE_HEADER = "KALSHI-ACCESS-SIGNATURE"
TIMESTAMP_HEADER = "KALSHI-ACCESS-TIMESTAMP"
# Placeholders used in the cassette and in reproducible commands; the timestamp is kept (it is not secret).
PLACEHOLDERS = {KEY_HEADER: "$KALSHI_API_KEY_ID", SIGNATURE_HEADER: "<SIGNATURE>"}
# Quotes may be XML-escaped (junit.xml quotes failure texts): `&apos;KALSHI-ACCESS-KEY&apos;: &apos;...`.
_QUOTE = r"(?:['\"]|&apos;|&quot;|&#39;|&#34;)?"
_SECRET_HEADER = re.compile(
    rf"(KALSHI-ACCESS-(?:SIGNATURE|KEY))({_QUOTE}\s*[:=]\s*{_QUOTE})([^'\"\s,}}&<]+)", re.IGNORECASE
)
_BODY_LIMIT = 20_000


def redact_text(text: str) -> str:
    """Mask signature and key-id header values wherever they appear in free text (messages, curl lines)."""
    return _SECRET_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{PLACEHOLDERS[m.group(1).upper()]}", text)


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    redacted = {}
    for name, value in headers.items():
        placeholder = PLACEHOLDERS.get(name.upper())
        redacted[name] = placeholder if placeholder is not None else value
    return redacted


def _text(body: bytes | str | None) -> str | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    return body if len(body) <= _BODY_LIMIT else body[:_BODY_LIMIT] + "…(truncated)"


@dataclass
class Interaction:
    test: str
    operation: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    error: str | None = None
    recorded_at: float = field(default_factory=time.time)

    def curl(self) -> str:
        """A command that reproduces the request; sign it yourself (the signature is a placeholder)."""
        parts = ["curl", "-X", self.method, self.url]
        for name, value in self.request_headers.items():
            if name.lower() in (
                "content-length",
                "host",
                "accept-encoding",
                "connection",
                "user-agent",
                "accept",
            ):
                continue
            parts += ["-H", f"{name}: {value}"]
        if self.request_body:
            parts += ["-d", self.request_body]
        return " ".join(_quote(part) for part in parts)


class Recorder:
    """Thread-safe list of interactions; `current_test` is set by the pytest plugin around each test."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.interactions: list[Interaction] = []
        self.current_test = ""

    def add(
        self,
        *,
        operation: str,
        method: str,
        url: str,
        request_headers: Mapping[str, str],
        request_body: bytes | str | None,
        status: int | None,
        response_headers: Mapping[str, str] | None = None,
        response_body: bytes | str | None = None,
        error: str | None = None,
    ) -> Interaction:
        interaction = Interaction(
            test=self.current_test,
            operation=operation,
            method=method.upper(),
            url=url,
            request_headers=redact_headers(request_headers),
            request_body=_text(request_body),
            status=status,
            response_headers=dict(response_headers or {}),
            response_body=_text(response_body),
            error=error,
        )
        with self._lock:
            self.interactions.append(interaction)
        return interaction

    def for_test(self, nodeid: str) -> list[Interaction]:
        with self._lock:
            return [i for i in self.interactions if i.test == nodeid]

    def write_cassette(self, path: Path) -> Path:
        """VCR-like YAML (`http_interactions`), one entry per exchange, credentials redacted."""
        with self._lock:
            entries: list[dict[str, Any]] = []
            for index, item in enumerate(self.interactions):
                data = asdict(item)
                entries.append(
                    {
                        "id": index,
                        "test": data["test"],
                        "operation": data["operation"],
                        "recorded_at": data["recorded_at"],
                        "request": {
                            "method": data["method"],
                            "uri": data["url"],
                            "headers": data["request_headers"],
                            "body": data["request_body"],
                        },
                        "response": {
                            "status": data["status"],
                            "headers": data["response_headers"],
                            "body": data["response_body"],
                        }
                        if data["status"] is not None
                        else None,
                        "error": data["error"],
                    }
                )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.safe_dump({"http_interactions": entries}, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        return path


def _quote(part: str) -> str:
    if "$KALSHI_" in part:  # double quotes, so the shell fills in the key id from the environment
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return shlex.quote(part)


def json_body(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
