"""What the API actually sent, read from a contract report directory, a cassette, a HAR file, or the counts
``client.drift()`` returns (``kalshi-orders spec propose --from``).

Every reader yields :class:`Observation` (one response) or :class:`DriftRecord` (one unknown enum value or
field the client met at run time). Operations are matched against the spec by method and path, so a HAR file
recorded by a browser or a proxy works as well as the contract suite's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import orjson

from .._drift import DRIFT_FORMAT

__all__ = [
    "DRIFT_FORMAT",
    "DriftRecord",
    "Evidence",
    "EvidenceError",
    "Observation",
    "OperationMatcher",
    "read_evidence",
]

CASSETTE_FORMAT: Final = "kalshi-contract-cassette"
_NOT_JSON: Final = object()


class EvidenceError(ValueError):
    """The input is not a report directory, cassette, HAR file or drift report this tool reads."""


@dataclass(frozen=True)
class Observation:
    source: str  # "cassette.yaml#12": where a reader can find the exchange
    operation: str  # the spec's operationId ("" when no operation matches)
    method: str
    path: str  # the request path relative to the API base, e.g. /portfolio/orders/abc
    status: int
    content_type: str
    text: str | None
    body: Any = None  # the parsed JSON body; None when there is none or it is not JSON
    is_json: bool = False


@dataclass(frozen=True)
class DriftRecord:
    """One kind of value the running client met that its spec does not list (see ``client.drift()``)."""

    model: str  # the schema (component) name, e.g. Order
    field: str  # the property, e.g. status; for an unknown field, the unknown key
    kind: str  # "enum" (an unknown enum value) or "field" (an unknown key)
    value: Any  # the unknown enum value, or a sample of the unknown field's value
    count: int
    samples: tuple[Any, ...] = ()


@dataclass
class Evidence:
    observations: list[Observation] = field(default_factory=list)
    drift: list[DriftRecord] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class OperationMatcher:
    """Method + path -> operationId, from the spec's path templates (with or without the API prefix)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], str, str, int]] = []
        for template, item in (spec.get("paths") or {}).items():
            if not isinstance(item, Mapping):
                continue
            regex = "".join(
                "[^/]+" if part.startswith("{") else re.escape(part)
                for part in re.split(r"(\{[^}]*\})", template)
            )
            literal = len(re.sub(r"\{[^}]*\}", "", template))
            for method, op in item.items():
                if isinstance(op, Mapping) and op.get("operationId"):
                    self._routes.append(
                        (re.compile(regex + "$"), method.upper(), str(op["operationId"]), literal)
                    )
        # The retired V1 writes (x-retired-operations): recognised, so they are not taken for unknown paths.
        for retired in spec.get("x-retired-operations") or ():
            if isinstance(retired, Mapping) and retired.get("operationId") and retired.get("path"):
                parts = re.split(r"(\{[^}]*\})", str(retired["path"]))
                regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
                literal = len(re.sub(r"\{[^}]*\}", "", str(retired["path"])))
                method = str(retired.get("method", "")).upper()
                self._routes.append((re.compile(regex + "$"), method, str(retired["operationId"]), literal))
        # The most literal template first: /portfolio/orders/queue_positions before /portfolio/orders/{id}.
        self._routes.sort(key=lambda r: -r[3])

    def match(self, method: str, path: str) -> tuple[str, str]:
        """``(operationId, path relative to the API base)``; ``("", path)`` when nothing matches."""
        for regex, route_method, op_id, _ in self._routes:
            if route_method != method.upper():
                continue
            # Templates start with "/", so a match is whole segments; what precedes is the base URL's path.
            found = regex.search(path)
            if found:
                return op_id, path[found.start() :]
        return "", path


def _parse_body(text: str | None) -> tuple[Any, bool]:
    if not text:
        return None, False
    try:
        return orjson.loads(text), True
    except orjson.JSONDecodeError:
        return None, False


def _load_structured(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(raw.decode("utf-8", errors="replace"), Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise EvidenceError(f"{path} is neither JSON nor YAML: {exc}") from None


def _from_cassette(doc: Mapping[str, Any], name: str, matcher: OperationMatcher) -> list[Observation]:
    out = []
    for index, entry in enumerate(doc.get("http_interactions") or ()):
        if not isinstance(entry, Mapping):
            continue
        request, response = entry.get("request") or {}, entry.get("response")
        if not isinstance(response, Mapping) or response.get("status") is None:
            continue  # no answer arrived
        method = str(request.get("method") or "GET")
        op, path = matcher.match(
            method, str(request.get("path") or urlsplit(str(request.get("uri") or "")).path)
        )
        headers = {str(k).lower(): str(v) for k, v in (response.get("headers") or {}).items()}
        text = response.get("body")
        body, is_json = _parse_body(text if isinstance(text, str) else None)
        out.append(
            Observation(
                source=f"{name}#{entry.get('id', index)}",
                operation=op,
                method=method.upper(),
                path=path,
                status=int(response["status"]),
                content_type=headers.get("content-type", ""),
                text=text if isinstance(text, str) else None,
                body=body,
                is_json=is_json,
            )
        )
    return out


def _from_har(doc: Mapping[str, Any], name: str, matcher: OperationMatcher) -> list[Observation]:
    out = []
    for index, entry in enumerate((doc.get("log") or {}).get("entries") or ()):
        request, response = entry.get("request") or {}, entry.get("response") or {}
        status = int(response.get("status") or 0)
        if not status:
            continue  # HAR writes 0 for a request that got no answer
        method = str(request.get("method") or "GET")
        op, path = matcher.match(method, urlsplit(str(request.get("url") or "")).path)
        content = response.get("content") or {}
        text = content.get("text")
        if isinstance(text, str) and content.get("encoding") == "base64":
            import base64

            text = base64.b64decode(text).decode("utf-8", errors="replace")
        headers = {
            str(h.get("name", "")).lower(): str(h.get("value", "")) for h in response.get("headers") or ()
        }
        body, is_json = _parse_body(text if isinstance(text, str) else None)
        out.append(
            Observation(
                source=f"{name}#{index}",
                operation=op or str(entry.get("_operation") or ""),
                method=method.upper(),
                path=path,
                status=status,
                content_type=headers.get("content-type", str(content.get("mimeType") or "")),
                text=text if isinstance(text, str) else None,
                body=body,
                is_json=is_json,
            )
        )
    return out


def _from_drift(doc: Mapping[str, Any], name: str) -> list[DriftRecord]:
    out = []
    for item in doc.get("unknown") or ():
        if not isinstance(item, Mapping) or not item.get("model") or not item.get("field"):
            raise EvidenceError(f"{name}: every `unknown` entry needs model, field, kind and count")
        kind = str(item.get("kind") or "")
        if kind not in ("enum", "field"):
            raise EvidenceError(f"{name}: kind must be 'enum' or 'field', got {kind!r}")
        out.append(
            DriftRecord(
                model=str(item["model"]),
                field=str(item["field"]),
                kind=kind,
                value=item.get("value"),
                count=int(item.get("count") or 1),
                samples=tuple(item.get("samples") or ()),
            )
        )
    return out


def read_evidence(path: Path, spec: Mapping[str, Any]) -> Evidence:
    """Read a report directory (its cassette, else its HAR), a cassette, a HAR file or a drift report."""
    matcher = OperationMatcher(spec)
    evidence = Evidence()
    files: list[Path]
    if path.is_dir():
        files = [p for p in (path / "cassette.yaml", path / "run.har") if p.is_file()][:1]
        if not files:
            raise EvidenceError(
                f"{path} holds no cassette.yaml or run.har: point --from at a contract report directory "
                "(kalshi-orders contract --report-dir), a cassette, a HAR file or a client.drift() report"
            )
    elif path.is_file():
        files = [path]
    else:
        raise EvidenceError(f"{path} does not exist")
    for file in files:
        doc = _load_structured(file)
        name = file.name
        if isinstance(doc, Mapping) and doc.get("format") == CASSETTE_FORMAT:
            evidence.observations += _from_cassette(doc, name, matcher)
        elif isinstance(doc, Mapping) and isinstance(doc.get("log"), Mapping):
            evidence.observations += _from_har(doc, name, matcher)
        elif isinstance(doc, Mapping) and doc.get("format") == DRIFT_FORMAT:
            evidence.drift += _from_drift(doc, name)
        elif isinstance(doc, Mapping) and isinstance(doc.get("http_interactions"), list):
            evidence.observations += _from_cassette(doc, name, matcher)  # an unlabelled cassette
        else:
            raise EvidenceError(
                f"{file} is not a contract cassette, a HAR file or a client.drift() report "
                f"(format {doc.get('format')!r})"
                if isinstance(doc, Mapping)
                else f"{file} is not a contract cassette, a HAR file or a client.drift() report"
            )
        evidence.sources.append(str(file))
    return evidence
