"""Every exchange the suite makes, with credentials replaced by placeholders, a verdict per check, the
cassette (documented in docs/contract-reports.md) and a command that reproduces one exchange."""

from __future__ import annotations

import shlex
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson
import yaml

from . import judge
from .redaction import (
    KEY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    TIMESTAMP_PLACEHOLDER,
    Redactor,
)
from .violations import Finding

__all__ = [
    "INTERACTION_KEY",
    "KEY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Interaction",
    "Recorder",
    "interaction_of",
    "json_body",
]

# Where a response the suite received keeps its recorded exchange (httpx.Response.extensions).
INTERACTION_KEY = "kalshi_contract.interaction"
CASSETTE_FORMAT = "kalshi-contract-cassette"
CASSETTE_VERSION = 1
# Headers a reproduction does not need (curl sets its own).
_CURL_SKIP = {"content-length", "host", "accept-encoding", "connection", "user-agent", "accept"}
_CREDENTIALS = {KEY_HEADER.lower(), TIMESTAMP_HEADER.lower(), SIGNATURE_HEADER.lower()}


def _text(body: bytes | str | None) -> str | None:
    if body is None:
        return None
    if isinstance(body, bytes):
        return body.decode("utf-8", errors="replace")
    return body


@dataclass
class Interaction:
    id: int
    test: str
    operation: str  # the spec's operationId ("" when the path is not in the spec)
    method: str
    url: str
    path: str  # relative to the base URL, e.g. /portfolio/orders
    path_prefix: str  # the base URL's path, e.g. /trade-api/v2 (part of the signed message)
    request_headers: dict[str, str]  # credentials already replaced by placeholders
    request_body: str | None
    status: int | None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    error: str | None = None
    recorded_at: float = field(default_factory=time.time)
    duration_ms: float | None = None
    note: str = ""  # why the request looks odd (a deliberately bad signature, ...)
    _findings: dict[str, list[Finding]] | None = field(default=None, repr=False, compare=False)

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.url).query, keep_blank_values=True))

    def exchange(self) -> judge.Exchange:
        body: Any = None
        if self.response_body:
            try:
                body = orjson.loads(self.response_body)
            except orjson.JSONDecodeError:
                body = None
        content_type = next((v for k, v in self.response_headers.items() if k.lower() == "content-type"), "")
        return judge.Exchange(
            operation=self.operation,
            method=self.method,
            path=self.path,
            query=self.query,
            status=self.status,
            content_type=content_type,
            body=body,
            text=self.response_body,
        )

    def findings(self) -> dict[str, list[Finding]]:
        """Check -> findings (an empty list: the check passed) for every check that applies (judged once)."""
        if self._findings is None:
            self._findings = judge.judge(self.exchange())
        return self._findings

    def verdicts(self) -> dict[str, list[dict[str, Any]]]:
        return {
            check: [
                {"what": f.what, "path": f.path, "value": f.value, "expected": f.expected} for f in findings
            ]
            for check, findings in self.findings().items()
        }

    def sign_command(self) -> str:
        """One line that sets the placeholders' variables for this request (see `kalshi-orders sign`)."""
        return f'eval "$(kalshi-orders sign {self.method} {shlex.quote(self.path_prefix + self.path)})"'

    def curl(self) -> str:
        """A command that sends exactly this request; the credentials are shell variables that
        `sign_command()` sets (the key id comes from KALSHI_API_KEY_ID)."""
        parts = ["curl", "-sS", "-i", "-X", self.method, self.url]
        for name, value in self.request_headers.items():
            lowered = name.lower()
            if lowered in _CURL_SKIP:
                continue
            if lowered == TIMESTAMP_HEADER.lower():
                value = TIMESTAMP_PLACEHOLDER  # the signature is over a fresh timestamp
            parts += ["-H", f"{name}: {value}"]
        if self.request_body:
            parts += ["--data-raw", self.request_body]
        return " ".join(_quote(part) for part in parts)

    def reproduce(self) -> str:
        signed = any(name.lower() in _CREDENTIALS for name in self.request_headers)
        return f"{self.sign_command()}\n{self.curl()}" if signed else self.curl()

    def describe_request(self) -> str:
        line = f"{self.method} {self.path}"
        query = urlsplit(self.url).query
        return line + (f"?{query}" if query else "")


class Recorder:
    """Thread-safe list of interactions; `current_test` is set by the pytest plugin around each test."""

    def __init__(self, redactor: Redactor | None = None, base_url: str = "") -> None:
        self._lock = threading.Lock()
        self.redactor = redactor or Redactor()
        self.interactions: list[Interaction] = []
        self.current_test = ""
        self.base_url = base_url.rstrip("/")

    @property
    def path_prefix(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    def _relative(self, url: str) -> str:
        path = urlsplit(url).path
        prefix = self.path_prefix
        return path[len(prefix) :] if prefix and path.startswith(prefix) else path

    def add(
        self,
        *,
        operation: str = "",
        method: str,
        url: str,
        request_headers: Mapping[str, str],
        request_body: bytes | str | None,
        status: int | None,
        response_headers: Mapping[str, str] | None = None,
        response_body: bytes | str | None = None,
        error: str | None = None,
        duration_ms: float | None = None,
        note: str = "",
        public_headers: tuple[str, ...] = (),
    ) -> Interaction:
        from . import spec

        path = self._relative(url)
        if not operation or " " in operation or "(" in operation:
            found = spec.operation_for_path(method, path)
            operation = found.operation_id if found else ""
        public = {name.lower() for name in public_headers}
        headers = {
            **self.redactor.headers({k: v for k, v in request_headers.items() if k.lower() not in public}),
            **{k: v for k, v in request_headers.items() if k.lower() in public},
        }
        with self._lock:
            interaction = Interaction(
                id=len(self.interactions),
                test=self.current_test,
                operation=operation,
                method=method.upper(),
                url=url,
                path=path,
                path_prefix=self.path_prefix,
                request_headers=headers,
                request_body=_text(request_body),
                status=status,
                response_headers={k.lower(): v for k, v in (response_headers or {}).items()},
                response_body=_text(response_body),
                error=error,
                duration_ms=duration_ms,
                note=note,
            )
            self.interactions.append(interaction)
        return interaction

    def for_test(self, nodeid: str) -> list[Interaction]:
        with self._lock:
            return [i for i in self.interactions if i.test == nodeid]

    def entries(self, *, verdicts: bool = True) -> list[dict[str, Any]]:
        """The cassette's entries as plain data (redacted)."""
        with self._lock:
            items = list(self.interactions)
        return [self.redactor.data(cassette_entry(item, verdicts=verdicts)) for item in items]

    def write_cassette(
        self,
        path: Path,
        *,
        meta: Mapping[str, Any] | None = None,
        entries: list[dict[str, Any]] | None = None,
    ) -> Path:
        document = {
            "format": CASSETTE_FORMAT,
            "version": CASSETTE_VERSION,
            "base_url": self.base_url,
            **self.redactor.data(dict(meta or {})),
            "http_interactions": self.entries() if entries is None else entries,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(
                document,
                handle,
                Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                sort_keys=False,
                allow_unicode=True,
                width=120,
            )
        return path


def cassette_entry(item: Interaction, *, verdicts: bool = True) -> dict[str, Any]:
    return {
        "id": item.id,
        "test": item.test,
        "operation": item.operation,
        "recorded_at": round(item.recorded_at, 3),
        "duration_ms": None if item.duration_ms is None else round(item.duration_ms, 1),
        "note": item.note,
        "request": {
            "method": item.method,
            "uri": item.url,
            "path": item.path,
            "query": item.query,
            "headers": item.request_headers,
            "body": item.request_body,
        },
        "response": {
            "status": item.status,
            "headers": item.response_headers,
            "body": item.response_body,
        }
        if item.status is not None
        else None,
        "error": item.error,
        "verdicts": item.verdicts() if verdicts else {},
    }


def interaction_of(response: Any) -> Interaction | None:
    """The recorded exchange of a response the suite's client received."""
    found = getattr(response, "extensions", {}).get(INTERACTION_KEY)
    return found if isinstance(found, Interaction) else None


def _quote(part: str) -> str:
    if "$KALSHI_" in part:  # double quotes, so the shell fills in the variables
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`") + '"'
    return shlex.quote(part)


def json_body(value: Any) -> str:
    return orjson.dumps(value).decode()
