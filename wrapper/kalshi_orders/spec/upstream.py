"""Kalshi's published OpenAPI document against the curated spec: what is new upstream, told apart from what
the curated spec already accounts for.

The surface compared is every operation the curated spec covers, plus any upstream operation under the orders
prefixes (``/portfolio/orders*``, ``/portfolio/events/orders*``), with every schema they reach. The comparison
is :func:`kalshi_orders.spec.diff.diff_specs` with the curated spec as OLD (the client) and upstream as NEW.

A difference is *accounted for* when the curated spec documents it:

* ``x-kalshi-removed: true`` on a property: a legacy field upstream dropped (the curated spec keeps it so old
  recordings still parse);
* ``x-retired-operations``: the V1 writes, which upstream may still list;
* ``x-upstream`` on any node: what upstream says there, where the curated spec deliberately differs, e.g.
  ``x-upstream: {required: [cursor], why: ...}`` on an object, ``{pattern: null, why: ...}`` on a scalar,
  ``{absent: true, why: ...}`` on a field, response or parameter upstream does not document. Keys:
  ``absent``; ``required`` (a parameter's flag, or on an object the names upstream requires and the curated
  spec does not: a list, or ``{name: bool}``); ``fields``, ``parameters``, ``responses`` (names upstream has
  and the curated spec leaves out); ``enum``, ``type``, ``format``, ``pattern``, ``nullable``, ``deprecated``,
  ``minimum``, ``maximum``, ``minLength``, ``maxLength``, ``operationId`` (upstream's value, ``null`` = none);
  ``why`` (required: the reason, shown in every report).

A marker accounts for a change only when upstream still says exactly what the marker records, so a second
change at the same place is reported as new. A marker that accounts for nothing is reported as *stale*:
upstream may have come round to what the curated spec says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from . import DEFAULT_URL
from .diff import (
    BREAKING,
    ORDERS_SCOPE,
    Change,
    Scope,
    diff_specs,
    normalise_path,
    orders_operations,
)

__all__ = [
    "DEFAULT_URL",
    "MARKER",
    "Accounted",
    "StaleMarker",
    "UpstreamReport",
    "compare_upstream",
    "extract_surface",
    "upstream_scope",
]

MARKER: Final = "x-upstream"

Verdict = Literal["breaking", "compatible", "nothing new"]
_METHODS: Final = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Marker keys naming upstream's value of one JSON Schema keyword.
_VALUE_KEYS: Final = {
    "format-changed": "format",
    "pattern-changed": "pattern",
    "nullable-changed": "nullable",
    "deprecated-changed": "deprecated",
    "type-changed": "type",
    "operation-renamed": "operationId",
}
_LISTED: Final = {"field-added": "fields", "parameter-added": "parameters", "response-added": "responses"}
_LIST_KEYS: Final = frozenset({"fields", "parameters", "responses", "required", "undocumented", "unstated"})
_ABSENT_KINDS: Final = frozenset(
    {
        "operation-removed",
        "parameter-removed",
        "response-removed",
        "field-removed",
        "request-body-removed",
        "response-body-removed",
    }
)


@dataclass(frozen=True)
class Accounted:
    """A difference the curated spec documents, and where it says so."""

    change: Change
    why: str
    by: str  # "x-upstream", "x-kalshi-removed" or "x-retired-operations"

    def to_dict(self) -> dict[str, Any]:
        return {**self.change.to_dict(), "accounted_by": self.by, "why": self.why}


@dataclass(frozen=True)
class StaleMarker:
    """A deviation marker that matched no difference: upstream now agrees with the curated spec there."""

    pointer: str  # JSON pointer into the curated spec
    key: str
    value: Any
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"pointer": self.pointer, "key": self.key, "value": self.value, "why": self.why}


@dataclass(frozen=True)
class UpstreamReport:
    curated_version: str
    reconciled_version: str | None  # the curated spec's info.x-upstream-version
    upstream_version: str
    operations: int  # upstream operations in the compared surface
    new: tuple[Change, ...]
    accounted: tuple[Accounted, ...]
    stale: tuple[StaleMarker, ...]

    @property
    def verdict(self) -> Verdict:
        if any(c.severity == BREAKING for c in self.new):
            return "breaking"
        return "compatible" if self.new else "nothing new"

    @property
    def age(self) -> Literal["older", "same", "newer", "unknown"]:
        """Upstream's version against the one the curated spec was last reconciled with."""
        a, b = _version_key(self.upstream_version), _version_key(self.reconciled_version or "")
        if a is None or b is None:
            return "unknown"
        return "older" if a < b else "newer" if a > b else "same"

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "curated_version": self.curated_version,
            "reconciled_version": self.reconciled_version,
            "upstream_version": self.upstream_version,
            "upstream_age": self.age,
            "operations": self.operations,
            "new": [c.to_dict() for c in self.new],
            "accounted": [a.to_dict() for a in self.accounted],
            "stale_markers": [s.to_dict() for s in self.stale],
        }


def _version_key(version: str) -> tuple[int, ...] | None:
    parts = re.findall(r"\d+", version)
    return tuple(int(p) for p in parts) if parts else None


# --------------------------------------------------------------------------- the surface


def upstream_scope(curated: Mapping[str, Any]) -> Scope:
    """Every operation of the curated spec, and anything under the orders prefixes."""
    exact = {
        (method.upper(), normalise_path(path))
        for path, item in (curated.get("paths") or {}).items()
        if isinstance(path, str) and isinstance(item, Mapping)
        for method in item
        if method in _METHODS
    }
    return Scope(prefixes=ORDERS_SCOPE.prefixes, exact=frozenset(exact))


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def extract_surface(spec: Mapping[str, Any], scope: Scope) -> dict[str, Any]:
    """A standalone document of ``spec``'s operations in ``scope`` and the components they reach (for
    review, and for comparing one fetch with the next)."""
    paths: dict[str, Any] = {}
    for (method, _), (path, op, shared) in orders_operations(spec, scope).items():
        item = paths.setdefault(path, {})
        if shared:
            item["parameters"] = shared
        item[method.lower()] = op
    doc: dict[str, Any] = {
        "openapi": spec.get("openapi", "3.0.0"),
        "info": dict(spec.get("info") or {}),
        "paths": paths,
    }
    if "servers" in spec:
        doc["servers"] = spec["servers"]
    components: dict[str, dict[str, Any]] = {}
    todo = list(_refs(paths))
    seen: set[str] = set()
    while todo:
        ref = todo.pop()
        if ref in seen or not ref.startswith("#/components/"):
            continue
        seen.add(ref)
        parts = [p.replace("~1", "/").replace("~0", "~") for p in ref[len("#/components/") :].split("/")]
        if len(parts) != 2:
            continue
        section, name = parts
        target = (spec.get("components") or {}).get(section, {}).get(name)
        if target is None:
            continue
        components.setdefault(section, {})[name] = target
        todo.extend(_refs(target))
    # Security schemes are named, not $ref'd; keep them so the document stays valid.
    schemes = (spec.get("components") or {}).get("securitySchemes")
    if schemes:
        components["securitySchemes"] = schemes
    if components:
        doc["components"] = {k: dict(sorted(v.items())) for k, v in sorted(components.items())}
    return doc


# --------------------------------------------------------------------------- deviation markers


class _Ledger:
    """Which marker keys (and which names of a list-valued key) accounted for something."""

    def __init__(self) -> None:
        self.used: set[tuple[int, str, str]] = set()

    def mark(self, marker: Mapping[str, Any], key: str, name: str = "") -> None:
        self.used.add((id(marker), key, name))


def _marker(node: Any) -> Mapping[str, Any] | None:
    found = node.get(MARKER) if isinstance(node, Mapping) else None
    return found if isinstance(found, Mapping) else None


def _why(marker: Mapping[str, Any]) -> str:
    why = marker.get("why")
    return str(why).strip() if why else "a documented deviation (the marker gives no reason)"


def _is_parameter(node: Any) -> bool:
    return isinstance(node, Mapping) and "in" in node and "name" in node


def _required_map(value: Any) -> dict[str, bool] | None:
    if isinstance(value, list):
        return {str(v): True for v in value}
    if isinstance(value, Mapping):
        return {str(k): bool(v) for k, v in value.items()}
    return None


class _Accountant:
    def __init__(self, curated: Mapping[str, Any]) -> None:
        self.ledger = _Ledger()
        self.root = _marker(curated)
        self.retired = {
            (str(r.get("method", "")).upper(), normalise_path(str(r.get("path", "")))): r
            for r in curated.get("x-retired-operations") or ()
            if isinstance(r, Mapping)
        }

    def explain(self, change: Change) -> Accounted | None:
        ctx = change.context
        inner = ctx[0] if ctx else None
        kind = change.kind
        if kind == "operation-added" and isinstance(change.new, str):
            method, _, path = change.new.partition(" ")
            retired = self.retired.get((method, normalise_path(path)))
            if retired is not None:
                repl = retired.get("replacement")
                why = "a retired V1 operation (the live API answers 410)" + (f"; use {repl}" if repl else "")
                return Accounted(change, why, "x-retired-operations")
        if kind == "field-removed" and isinstance(inner, Mapping) and inner.get("x-kalshi-removed"):
            why = str(inner.get("description") or "a legacy field the live API no longer sends")
            return Accounted(change, why, "x-kalshi-removed")
        if kind in _ABSENT_KINDS:
            found = self._value(change, inner, "absent", lambda v: v is True)
            if found is None and kind == "response-removed" and len(ctx) > 1 and change.attribute:
                found = self._listed(change, ctx[1], "undocumented", change.attribute)
            return found
        if kind in _LISTED and change.attribute is not None:
            return self._listed(change, inner, _LISTED[kind], change.attribute)
        if kind == "required-changed":
            return self._required(change, inner)
        for node in self._schema_nodes(ctx):
            found = self._schema_change(change, node)
            if found is not None:
                return found
        if kind in ("bound-changed", "pattern-changed") and change.new is None and change.attribute:
            # The document-wide policy: a bound or pattern upstream does not state at all.
            return self._listed(
                change, {MARKER: self.root} if self.root else None, "unstated", change.attribute
            )
        return None

    @staticmethod
    def _schema_nodes(ctx: tuple[Any, ...]) -> list[Any]:
        # The schema itself, and the parameter it is the schema of (a parameter's marker describes both).
        nodes = list(ctx[:1])
        if len(ctx) > 1 and _is_parameter(ctx[1]):
            nodes.append(ctx[1])
        return nodes

    def _value(self, change: Change, node: Any, key: str, matches: Any) -> Accounted | None:
        marker = _marker(node)
        if marker is None or key not in marker or not matches(marker[key]):
            return None
        self.ledger.mark(marker, key)
        return Accounted(change, _why(marker), MARKER)

    def _listed(self, change: Change, node: Any, key: str, name: str) -> Accounted | None:
        marker = _marker(node)
        values = marker.get(key) if marker else None
        if marker is None or not isinstance(values, list) or name not in [str(v) for v in values]:
            return None
        self.ledger.mark(marker, key, name)
        return Accounted(change, _why(marker), MARKER)

    def _required(self, change: Change, node: Any) -> Accounted | None:
        marker = _marker(node)
        if marker is None or "required" not in marker:
            return None
        value = marker["required"]
        if isinstance(value, bool):  # a parameter's or request body's own flag
            return self._value(change, node, "required", lambda v: v == change.new)
        names = _required_map(value)
        name = change.attribute or ""
        if names is None or name not in names or names[name] != change.new:
            return None
        self.ledger.mark(marker, "required", name)
        return Accounted(change, _why(marker), MARKER)

    def _schema_change(self, change: Change, node: Any) -> Accounted | None:
        kind = change.kind
        if kind in _VALUE_KEYS:
            key = _VALUE_KEYS[kind]
            return self._value(change, node, key, lambda v: v == change.new)
        if kind == "bound-changed" and change.attribute:
            return self._value(change, node, change.attribute, lambda v: v == change.new)
        if kind == "enum-removed":
            return self._value(change, node, "enum", lambda v: v is None)
        if kind == "enum-added":
            return self._value(change, node, "enum", lambda v: isinstance(v, list) and v == change.new)
        if kind == "enum-value-added":
            added = change.new or []
            return self._value(
                change, node, "enum", lambda v: isinstance(v, list) and all(a in v for a in added)
            )
        if kind == "enum-value-removed":
            gone = change.old or []
            return self._value(
                change, node, "enum", lambda v: isinstance(v, list) and not any(g in v for g in gone)
            )
        return None

    def stale(self, curated: Mapping[str, Any]) -> list[StaleMarker]:
        out: list[StaleMarker] = []
        for pointer, marker in _markers(curated):
            for key, value in marker.items():
                if key == "why":
                    continue
                if key in _LIST_KEYS and not isinstance(value, bool):
                    names = _required_map(value) if key == "required" else {str(v): True for v in value or ()}
                    unused = [n for n in (names or {}) if (id(marker), key, n) not in self.ledger.used]
                    if unused:
                        out.append(StaleMarker(pointer, key, unused, _why(marker)))
                elif (id(marker), key, "") not in self.ledger.used:
                    out.append(StaleMarker(pointer, key, value, _why(marker)))
        return out


def _markers(node: Any, pointer: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        marker = _marker(node)
        if marker is not None:
            yield pointer or "/", marker
        for key, value in node.items():
            if key != MARKER:
                yield from _markers(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _markers(value, f"{pointer}/{index}")


# --------------------------------------------------------------------------- the comparison


def compare_upstream(curated: Mapping[str, Any], upstream: Mapping[str, Any]) -> UpstreamReport:
    """What upstream says that the curated spec does not, split into new and accounted-for differences."""
    scope = upstream_scope(curated)
    diff = diff_specs(curated, upstream, scope)
    accountant = _Accountant(curated)
    new: list[Change] = []
    accounted: list[Accounted] = []
    for change in diff.changes:
        found = accountant.explain(change)
        if found is None:
            new.append(change)
        else:
            accounted.append(found)
    info = curated.get("info") if isinstance(curated.get("info"), Mapping) else {}
    reconciled = info.get("x-upstream-version") if isinstance(info, Mapping) else None
    return UpstreamReport(
        curated_version=diff.old_version,
        reconciled_version=str(reconciled) if reconciled is not None else None,
        upstream_version=diff.new_version,
        operations=len(orders_operations(upstream, scope)),
        new=tuple(new),
        accounted=tuple(accounted),
        stale=tuple(accountant.stale(curated)),
    )
