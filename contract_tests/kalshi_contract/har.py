"""The run as HAR 1.2 (opens in a browser's devtools: Network → Import HAR). Credentials are already
placeholders in the recorder; the suite's own fields start with `_` as HAR allows
(`_operation`, `_test`, `_note`, `_verdicts`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .recorder import Recorder, cassette_entry

HAR_VERSION = "1.2"
_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _headers(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": str(value)} for name, value in headers.items()]


def har_entry(entry: dict[str, Any]) -> dict[str, Any]:
    request, response = entry["request"], entry.get("response") or {}
    body = request.get("body")
    request_headers = request.get("headers") or {}
    out: dict[str, Any] = {
        "startedDateTime": datetime.fromtimestamp(float(entry.get("recorded_at") or 0), UTC).isoformat(),
        "time": float(entry.get("duration_ms") or 0.0),
        "request": {
            "method": request["method"],
            "url": request["uri"],
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(request_headers),
            "queryString": [
                {"name": k, "value": v}
                for k, v in parse_qsl(urlsplit(request["uri"]).query, keep_blank_values=True)
            ],
            "headersSize": -1,
            "bodySize": len(body.encode()) if body else 0,
        },
        "response": {
            "status": int(response.get("status") or 0),
            "statusText": _REASONS.get(int(response.get("status") or 0), ""),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(response.get("headers") or {}),
            "content": {
                "size": len((response.get("body") or "").encode()),
                "mimeType": (response.get("headers") or {}).get("content-type", "application/json"),
                "text": response.get("body") or "",
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len((response.get("body") or "").encode()),
        },
        "cache": {},
        "timings": {"send": 0, "wait": float(entry.get("duration_ms") or 0.0), "receive": 0},
        "_operation": entry.get("operation", ""),
        "_test": entry.get("test", ""),
        "_note": entry.get("note", ""),
        "_verdicts": entry.get("verdicts", {}),
    }
    if body:
        content_type = next((v for k, v in request_headers.items() if k.lower() == "content-type"), "")
        out["request"]["postData"] = {"mimeType": content_type or "application/json", "text": body}
    if entry.get("error"):
        out["response"]["_error"] = entry["error"]
    return out


def har_document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "log": {
            "version": HAR_VERSION,
            "creator": {"name": "kalshi-contract", "version": "1"},
            "pages": [],
            "entries": [har_entry(entry) for entry in entries],
        }
    }


def write_har(recorder: Recorder, path: Path) -> Path:
    return write_har_from_entries(recorder.entries(), path)


def write_har_from_entries(entries: list[dict[str, Any]], path: Path) -> Path:
    path.write_text(json.dumps(har_document(entries), indent=1, default=str), encoding="utf-8")
    return path


__all__ = ["cassette_entry", "har_document", "write_har", "write_har_from_entries"]
