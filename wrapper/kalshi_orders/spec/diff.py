"""What changed in the orders surface between two OpenAPI documents, classified for a client.

Pure logic: specs in (already-parsed mappings), a :class:`SpecDiff` out; the CLI renders it
(``kalshi-orders spec diff``). Scope: by default the operations under ``/portfolio/orders*`` and
``/portfolio/events/orders*`` and every schema they reach (``spec upstream`` widens it with a :class:`Scope`).
Each change keeps the OLD nodes around it (``Change.context``) so that a caller can read the annotations
there, e.g. the curated spec's documented deviations from upstream. ``$ref`` (with OpenAPI 3.0 sibling keys),
``allOf`` merges, 3.0 ``nullable`` and 3.1 ``type: [.., "null"]`` are resolved before comparing.

Classification is from the point of view of a client built from OLD talking to a server that follows NEW:

* request side (parameters, request bodies): anything the server may now reject is breaking (new required
  field, removed field, removed enum value, added pattern, tighter bound, ...);
* response side: anything the client may now fail to read is breaking (a required field gone or made optional,
  a type change, null now allowed, ...). New enum values in a response would break a closed enum; this
  project's enums are open, so they are "compatible (open enums)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

__all__ = [
    "BREAKING",
    "NON_BREAKING",
    "OPEN_ENUM",
    "ORDERS_SCOPE",
    "Change",
    "Scope",
    "SpecDiff",
    "SpecLoadError",
    "diff_specs",
    "load_spec",
    "normalise_path",
    "orders_operations",
    "parse_spec",
]

Severity = Literal["breaking", "compatible (open enums)", "non-breaking"]
Direction = Literal["request", "response", "operation"]

BREAKING: Final = "breaking"
OPEN_ENUM: Final = "compatible (open enums)"
NON_BREAKING: Final = "non-breaking"

_SEVERITY_ORDER: Final = {BREAKING: 0, OPEN_ENUM: 1, NON_BREAKING: 2}
_API_PREFIX: Final = "/trade-api/v2"
_METHODS: Final = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_BOUNDS: Final = (("minimum", "lower"), ("maximum", "upper"), ("minLength", "lower"), ("maxLength", "upper"))
_MAX_DEPTH: Final = 64
_DOC_KEYS: Final = frozenset({"$ref", "allOf", "description", "title", "example", "examples", "externalDocs"})


class SpecLoadError(ValueError):
    """A spec file could not be read or is not an OpenAPI document."""


@dataclass(frozen=True)
class Scope:
    """Which operations are compared: every path under one of ``prefixes``, plus the ``exact``
    ``(METHOD, normalised path)`` keys (paths with the API prefix dropped and ``{param}`` written ``{}``)."""

    prefixes: tuple[str, ...] = ()
    exact: frozenset[tuple[str, str]] = frozenset()

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        method, norm = key
        return (method, norm) in self.exact or (isinstance(norm, str) and norm.startswith(self.prefixes))


# ``spec diff``'s surface: the order reads and the V2 writes, with every schema they reach.
ORDERS_SCOPE: Final = Scope(prefixes=("/portfolio/orders", "/portfolio/events/orders"))


@dataclass(frozen=True)
class Change:
    """One difference, where it is, and what it means for a client."""

    severity: Severity
    kind: str
    location: str
    message: str
    direction: Direction
    operations: tuple[str, ...] = ()
    old: Any = None
    new: Any = None
    # The OLD document's nodes around the change, innermost first (the schema, its parent object, the
    # parameter or response, the operation): where a tool looks for annotations such as `x-upstream`.
    context: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    # The keyword a bound or flag change is about (`minimum`, `maxLength`, ...), when the kind leaves it open.
    attribute: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "location": self.location,
            "direction": self.direction,
            "message": self.message,
            "operations": list(self.operations),
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class SpecDiff:
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> bool:
        return any(c.severity == BREAKING for c in self.changes)

    def counts(self) -> dict[str, int]:
        out = {BREAKING: 0, OPEN_ENUM: 0, NON_BREAKING: 0}
        for c in self.changes:
            out[c.severity] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "breaking": self.breaking,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }


def load_spec(path: str | Path) -> dict[str, Any]:
    """Read a YAML or JSON OpenAPI file; a clear :class:`SpecLoadError` for anything else."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecLoadError(f"cannot read {p}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SpecLoadError(f"{p} is not a text file ({exc.reason})") from exc
    return parse_spec(text, str(p))


def parse_spec(text: str, source: str) -> dict[str, Any]:
    """Parse an OpenAPI document's text (YAML or JSON); ``source`` names it in errors."""
    import yaml  # here: the CLI's start-up (and `--help`) need no YAML parser

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: specs run to 250 kB
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise SpecLoadError(f"{source} is not valid YAML or JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        raise SpecLoadError(f"{source} is not an OpenAPI document (no 'paths' object)")
    return data


# --------------------------------------------------------------------------- resolution


def _deref(spec: Mapping[str, Any], ref: str) -> tuple[Any, str]:
    if not ref.startswith("#/"):
        raise SpecLoadError(f"only local $refs are supported, got {ref!r}")
    node: Any = spec
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            raise SpecLoadError(f"unresolvable $ref {ref!r}")
        node = node[part]
    return node, ref.rsplit("/", 1)[-1]


def _resolve_object(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow $ref chains for parameters, responses and request bodies (not schemas)."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise SpecLoadError(f"$ref cycle at {ref!r}")
        seen.add(ref)
        node, _ = _deref(spec, ref)
    return node


@dataclass
class _Schema:
    """A schema with $ref/allOf merged away; ``name`` is the component it came from, if any."""

    name: str | None
    raw: dict[str, Any]
    nullable: bool
    types: tuple[str, ...]


def _flatten(spec: Mapping[str, Any], node: Any, depth: int = 0) -> _Schema:
    if depth > _MAX_DEPTH:
        raise SpecLoadError("schema nesting too deep (a $ref/allOf cycle?)")
    if not isinstance(node, Mapping):
        return _Schema(None, {}, False, ())
    name: str | None = None
    merged: dict[str, Any] = {}
    if isinstance(node.get("$ref"), str):
        target, name = _deref(spec, node["$ref"])
        base = _flatten(spec, target, depth + 1)
        merged = dict(base.raw)
        if base.nullable:
            merged["nullable"] = True
    for part in node.get("allOf") or ():
        sub = _flatten(spec, part, depth + 1)
        if name is None and sub.name is not None and len(node.get("allOf") or ()) == 1:
            name = sub.name
        _merge_into(merged, sub.raw)
    for key, value in node.items():
        if key in ("$ref", "allOf"):
            continue
        if key == "properties" and isinstance(value, Mapping):
            merged["properties"] = {**merged.get("properties", {}), **value}
        elif key == "required":
            merged["required"] = sorted({*merged.get("required", ()), *value})
        else:
            merged[key] = value
    raw_type = merged.get("type")
    nullable = bool(merged.get("nullable"))
    types: tuple[str, ...]
    if isinstance(raw_type, list):
        nullable = nullable or "null" in raw_type
        types = tuple(sorted(t for t in raw_type if t != "null"))
    elif isinstance(raw_type, str):
        types = (raw_type,)
    elif "properties" in merged:
        types = ("object",)
    elif "items" in merged:
        types = ("array",)
    else:
        types = ()
    if "enum" in merged and None in merged["enum"]:
        nullable = True
    return _Schema(name, merged, nullable, types)


def _split_site(node: Any) -> tuple[Any, bool]:
    """``($ref-only core, True)`` when a reference carries use-site siblings (nullable, deprecated, ...)."""
    if not isinstance(node, Mapping):
        return node, False
    if isinstance(node.get("$ref"), str):
        core: Any = {"$ref": node["$ref"]}
    elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        core = node["allOf"][0]
    else:
        return node, False
    site = any(k not in _DOC_KEYS and not str(k).startswith("x-") for k in node)
    return (core, True) if site else (node, False)


def _merge_into(merged: dict[str, Any], raw: Mapping[str, Any]) -> None:
    for key, value in raw.items():
        if key == "properties":
            props = dict(merged.get("properties", {}))
            for pname, pschema in value.items():
                props[pname] = {"allOf": [props[pname], pschema]} if pname in props else pschema
            merged["properties"] = props
        elif key == "required":
            merged["required"] = sorted({*merged.get("required", ()), *value})
        elif key == "nullable":
            merged["nullable"] = bool(merged.get("nullable")) or bool(value)
        else:
            merged.setdefault(key, value)


# --------------------------------------------------------------------------- operations


def normalise_path(path: str) -> str:
    """``/trade-api/v2/portfolio/orders/{order_id}`` -> ``/portfolio/orders/{}``: how operations match."""
    if path.startswith(_API_PREFIX + "/"):
        path = path[len(_API_PREFIX) :]
    return re.sub(r"\{[^}]*\}", "{}", path)


def orders_operations(
    spec: Mapping[str, Any], scope: Scope = ORDERS_SCOPE
) -> dict[tuple[str, str], tuple[str, dict[str, Any], list[Any]]]:
    """The surface: ``(METHOD, normalised path) -> (path, operation, path-level parameters)``."""
    out: dict[tuple[str, str], tuple[str, dict[str, Any], list[Any]]] = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(path, str) or not isinstance(item, Mapping):
            continue
        norm = normalise_path(path)
        if not any((m.upper(), norm) in scope for m in _METHODS):
            continue
        item = _resolve_object(spec, item)
        shared = list(item.get("parameters") or ())
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, Mapping) and (method.upper(), norm) in scope:
                out[(method.upper(), norm)] = (path, dict(op), shared)
    return out


def _op_label(method: str, path: str, op: Mapping[str, Any]) -> str:
    op_id = op.get("operationId")
    return f"{op_id} ({method} {path})" if op_id else f"{method} {path}"


# --------------------------------------------------------------------------- the differ


_CKey = tuple[str, str, str, str]
_SchemaKey = tuple[str | None, str | None, str]


@dataclass
class _Collector:
    items: dict[_CKey, tuple[Change, list[str]]] = field(default_factory=dict)

    def add(self, change: Change) -> _CKey:
        key = (change.kind, change.location, change.direction, change.message)
        if key not in self.items:
            self.items[key] = (change, [])
        return key

    def result(self) -> tuple[Change, ...]:
        out = [
            Change(
                severity=c.severity,
                kind=c.kind,
                location=c.location,
                message=c.message,
                direction=c.direction,
                operations=tuple(ops),
                old=c.old,
                new=c.new,
                context=c.context,
                attribute=c.attribute,
            )
            for c, ops in self.items.values()
        ]
        return tuple(sorted(out, key=lambda c: (_SEVERITY_ORDER[c.severity], c.location, c.kind)))


class _Differ:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any], scope: Scope = ORDERS_SCOPE) -> None:
        self.old = old
        self.new = new
        self.scope = scope
        self.out = _Collector()
        # The OLD nodes the walk is inside, outermost first (see Change.context).
        self._ctx: list[Any] = []
        # (old name, new name, direction) -> the changes found inside; each pair is compared once.
        self._seen: dict[_SchemaKey, list[_CKey]] = {}
        self._stack: list[_SchemaKey] = []
        self._op = ""

    # -- helpers
    def emit(
        self,
        severity: Severity,
        kind: str,
        location: str,
        message: str,
        direction: Direction,
        old: Any = None,
        new: Any = None,
        *,
        node: Any = None,
        attribute: str | None = None,
    ) -> None:
        """Record a change; ``node`` is the OLD node it is about when that is not the one being walked."""
        context = tuple(reversed(self._ctx))
        if node is not None:
            context = (node, *context)
        change = Change(severity, kind, location, message, direction, (), old, new, context, attribute)
        self._touch(self.out.add(change))

    def _inside(self, node: Any) -> _Frame:
        return _Frame(self._ctx, node)

    def run(self) -> tuple[Change, ...]:
        old_ops = orders_operations(self.old, self.scope)
        new_ops = orders_operations(self.new, self.scope)
        retired = {
            (str(r.get("method", "")).upper(), normalise_path(str(r.get("path", "")))): r
            for r in self.new.get("x-retired-operations") or ()
            if isinstance(r, Mapping)
        }
        for key in sorted(old_ops.keys() | new_ops.keys(), key=lambda k: (k[1], k[0])):
            method = key[0]
            if key not in new_ops:
                path, op, _ = old_ops[key]
                self._op = _op_label(method, path, op)
                note = ""
                if key in retired:
                    repl = retired[key].get("replacement")
                    note = " (listed as retired" + (f"; use {repl}" if repl else "") + ")"
                self.emit(
                    BREAKING,
                    "operation-removed",
                    self._op,
                    f"operation removed{note}; calls to it will fail",
                    "operation",
                    f"{method} {path}",
                    None,
                    node=op,
                )
                continue
            if key not in old_ops:
                path, op, _ = new_ops[key]
                self._op = _op_label(method, path, op)
                self.emit(
                    NON_BREAKING,
                    "operation-added",
                    self._op,
                    "operation added",
                    "operation",
                    None,
                    f"{method} {path}",
                )
                continue
            with self._inside(old_ops[key][1]):
                self._diff_operation(method, old_ops[key], new_ops[key])
        return self.out.result()

    def _diff_operation(
        self,
        method: str,
        old: tuple[str, dict[str, Any], list[Any]],
        new: tuple[str, dict[str, Any], list[Any]],
    ) -> None:
        _, old_op, old_shared = old
        new_path, new_op, new_shared = new
        self._op = _op_label(method, new_path, new_op)
        label = self._op
        if old_op.get("operationId") != new_op.get("operationId"):
            self.emit(
                NON_BREAKING,
                "operation-renamed",
                label,
                f"operationId {old_op.get('operationId')!r} → {new_op.get('operationId')!r} "
                "(generated function names change)",
                "operation",
                old_op.get("operationId"),
                new_op.get("operationId"),
                attribute="operationId",
            )
        self._flag(old_op, new_op, label, "operation")
        self._diff_parameters(label, old_op, old_shared, new_op, new_shared)
        self._diff_request_body(label, old_op.get("requestBody"), new_op.get("requestBody"))
        self._diff_responses(label, old_op.get("responses") or {}, new_op.get("responses") or {})

    def _flag(
        self, old: Mapping[str, Any], new: Mapping[str, Any], location: str, direction: Direction
    ) -> None:
        was, now = bool(old.get("deprecated")), bool(new.get("deprecated"))
        if was != now:
            self.emit(
                NON_BREAKING,
                "deprecated-changed",
                location,
                "now deprecated" if now else "no longer deprecated",
                direction,
                was,
                now,
                node=old,
                attribute="deprecated",
            )

    def _required_flag(self, old: Mapping[str, Any], new: Mapping[str, Any], where: str, what: str) -> None:
        """A parameter's or request body's own ``required``: newly required breaks callers that omit it."""
        was, now = bool(old.get("required")), bool(new.get("required"))
        if was != now:
            self.emit(
                BREAKING if now else NON_BREAKING,
                "required-changed",
                where,
                f"{what} is now {'required' if now else 'optional'}",
                "request",
                was,
                now,
                node=old,
                attribute="required",
            )

    # -- parameters
    def _params(self, spec: Mapping[str, Any], op: Mapping[str, Any], shared: list[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for raw in [*shared, *(op.get("parameters") or ())]:
            param = _resolve_object(spec, raw)
            if isinstance(param, Mapping) and "name" in param:
                out[f"{param.get('in', 'query')} {param['name']}"] = param
        return out

    def _diff_parameters(
        self,
        label: str,
        old_op: Mapping[str, Any],
        old_shared: list[Any],
        new_op: Mapping[str, Any],
        new_shared: list[Any],
    ) -> None:
        old_params = self._params(self.old, old_op, old_shared)
        new_params = self._params(self.new, new_op, new_shared)
        for key in sorted(old_params.keys() | new_params.keys()):
            where = f"{label} {key.split(' ', 1)[0]} parameter {key.split(' ', 1)[1]}"
            if key not in new_params:
                self.emit(
                    BREAKING,
                    "parameter-removed",
                    where,
                    "parameter removed; a client that sends it may be rejected or silently ignored",
                    "request",
                    node=old_params[key],
                    attribute=key.split(" ", 1)[1],
                )
                continue
            new_param = new_params[key]
            if key not in old_params:
                if new_param.get("required"):
                    self.emit(
                        BREAKING,
                        "parameter-added",
                        where,
                        "required parameter added; old clients do not send it",
                        "request",
                        attribute=key.split(" ", 1)[1],
                    )
                else:
                    self.emit(
                        NON_BREAKING,
                        "parameter-added",
                        where,
                        "optional parameter added",
                        "request",
                        attribute=key.split(" ", 1)[1],
                    )
                continue
            old_param = old_params[key]
            with self._inside(old_param):
                self._required_flag(old_param, new_param, where, "parameter")
                self._flag(old_param, new_param, where, "request")
                self._diff_schema(old_param.get("schema"), new_param.get("schema"), where, "request")

    # -- bodies
    @staticmethod
    def _json_schema(container: Any) -> tuple[bool, Any]:
        if not isinstance(container, Mapping):
            return False, None
        content = container.get("content") or {}
        for media, body in content.items():
            if "json" in str(media) and isinstance(body, Mapping):
                return True, body.get("schema")
        return bool(content), None

    def _diff_request_body(self, label: str, old_raw: Any, new_raw: Any) -> None:
        old = _resolve_object(self.old, old_raw)
        new = _resolve_object(self.new, new_raw)
        where = f"{label} request body"
        if old is None and new is None:
            return
        if new is None:
            self.emit(BREAKING, "request-body-removed", where, "request body removed", "request", node=old)
            return
        if old is None:
            required = bool(new.get("required"))
            self.emit(
                BREAKING if required else NON_BREAKING,
                "request-body-added",
                where,
                "required request body added" if required else "optional request body added",
                "request",
            )
            return
        with self._inside(old):
            self._required_flag(old, new, where, "request body")
            _, old_schema = self._json_schema(old)
            _, new_schema = self._json_schema(new)
            self._diff_schema(old_schema, new_schema, where, "request")

    def _diff_responses(self, label: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for status in sorted({str(k) for k in old} | {str(k) for k in new}):
            where = f"{label} response {status}"
            success = status.startswith("2")
            in_old = status in old or _int_key(old, status)
            in_new = status in new or _int_key(new, status)
            if not in_new:
                self.emit(
                    NON_BREAKING,
                    "response-removed",
                    where,
                    "success status no longer documented" if success else "error status no longer documented",
                    "response",
                    node=_resolve_object(self.old, _get_status(old, status)),
                    attribute=status,
                )
                continue
            if not in_old:
                self.emit(
                    BREAKING if success else NON_BREAKING,
                    "response-added",
                    where,
                    "new success status; old clients treat it as unexpected"
                    if success
                    else "error status now documented",
                    "response",
                    attribute=status,
                )
                continue
            old_resp = _resolve_object(self.old, _get_status(old, status))
            new_resp = _resolve_object(self.new, _get_status(new, status))
            old_has, old_schema = self._json_schema(old_resp)
            new_has, new_schema = self._json_schema(new_resp)
            with self._inside(old_resp):
                if success and old_has and not new_has:
                    self.emit(BREAKING, "response-body-removed", where, "response body removed", "response")
                elif success and new_has and not old_has:
                    self.emit(NON_BREAKING, "response-body-added", where, "response body added", "response")
                else:
                    self._diff_schema(old_schema, new_schema, f"{where} body", "response")

    # -- schemas
    def _diff_schema(self, old_node: Any, new_node: Any, where: str, direction: Direction) -> None:
        if old_node is None or new_node is None:
            return
        old_core, old_site = _split_site(old_node)
        new_core, new_site = _split_site(new_node)
        if old_site or new_site:
            # `$ref` + nullable/deprecated: those belong to this use of the component, reported here; the
            # component itself is compared once, under its own name.
            site = _flatten(self.old, old_node)
            with self._inside(site.raw):
                self._compare_use_site(site, _flatten(self.new, new_node), where, direction)
            old_node, new_node = old_core, new_core
        old, new = _flatten(self.old, old_node), _flatten(self.new, new_node)
        # With only one side a component, its nullable/deprecated are the use site's, compared just above.
        self._compare_schemas(old, new, where, direction, use_site=not (old_site or new_site))

    def _compare_schemas(
        self, old: _Schema, new: _Schema, where: str, direction: Direction, *, use_site: bool = True
    ) -> None:
        if not (old.name and new.name):
            self._compare(old, new, where, direction, use_site=use_site)
            return
        # A named pair is compared once per direction; later operations reaching it are added to its changes.
        key = (old.name, new.name, direction)
        if key in self._seen:
            for ckey in self._seen[key]:
                self._touch(ckey)
            return
        self._seen[key] = []
        self._stack.append(key)
        try:
            self._compare(old, new, new.name or old.name or where, direction)
        finally:
            self._stack.pop()

    def _touch(self, ckey: _CKey) -> None:
        ops = self.out.items[ckey][1]
        if self._op not in ops:
            ops.append(self._op)
        for open_key in self._stack:
            if ckey not in self._seen[open_key]:
                self._seen[open_key].append(ckey)

    def _compare(
        self, old: _Schema, new: _Schema, where: str, direction: Direction, *, use_site: bool = True
    ) -> None:
        with self._inside(old.raw):
            self._compare_inside(old, new, where, direction, use_site=use_site)

    def _compare_inside(
        self, old: _Schema, new: _Schema, where: str, direction: Direction, *, use_site: bool = True
    ) -> None:
        if old.types and new.types and old.types != new.types:
            self.emit(
                BREAKING,
                "type-changed",
                where,
                f"type {'|'.join(old.types)} → {'|'.join(new.types)}",
                direction,
                "|".join(old.types),
                "|".join(new.types),
                attribute="type",
            )
            return
        self._diff_scalar(old.raw.get("format"), new.raw.get("format"), "format", where, direction)
        self._diff_pattern(old.raw.get("pattern"), new.raw.get("pattern"), where, direction)
        if use_site:
            self._compare_use_site(old, new, where, direction)
        self._diff_enum(old.raw.get("enum"), new.raw.get("enum"), where, direction)
        self._diff_bounds(old.raw, new.raw, where, direction)
        self._diff_properties(old.raw, new.raw, where, direction)
        if "items" in old.raw and "items" in new.raw:
            self._diff_schema(old.raw["items"], new.raw["items"], f"{where}[]", direction)
        self._diff_variants(old.raw, new.raw, where, direction)

    def _compare_use_site(self, old: _Schema, new: _Schema, where: str, direction: Direction) -> None:
        req = direction == "request"
        if old.nullable != new.nullable:
            # Null allowed now: a response may carry a null the client does not expect. A request may not.
            breaking = (new.nullable and not req) or (old.nullable and req)
            self.emit(
                BREAKING if breaking else NON_BREAKING,
                "nullable-changed",
                where,
                "now nullable" if new.nullable else "no longer nullable",
                direction,
                old.nullable,
                new.nullable,
                attribute="nullable",
            )
        was_dep, now_dep = bool(old.raw.get("deprecated")), bool(new.raw.get("deprecated"))
        if was_dep != now_dep:
            self.emit(
                NON_BREAKING,
                "deprecated-changed",
                where,
                "now deprecated" if now_dep else "no longer deprecated",
                direction,
                was_dep,
                now_dep,
                attribute="deprecated",
            )

    def _diff_scalar(self, old: Any, new: Any, what: str, where: str, direction: Direction) -> None:
        if old == new:
            return
        self.emit(
            BREAKING,
            f"{what}-changed",
            where,
            f"{what} {old or 'none'} → {new or 'none'}",
            direction,
            old,
            new,
            attribute=what,
        )

    def _diff_pattern(self, old: Any, new: Any, where: str, direction: Direction) -> None:
        if old == new:
            return
        req = direction == "request"
        if old is None:
            # A new pattern restricts what a request may carry; a response that matches it is still readable.
            severity: Severity = BREAKING if req else NON_BREAKING
            message = f"pattern added: {new}"
        elif new is None:
            severity = NON_BREAKING if req else BREAKING
            message = f"pattern removed (was {old})"
        else:
            severity = BREAKING
            message = f"pattern {old} → {new}"
        self.emit(severity, "pattern-changed", where, message, direction, old, new, attribute="pattern")

    def _diff_enum(self, old: Any, new: Any, where: str, direction: Direction) -> None:
        req = direction == "request"
        if old is None and new is None:
            return
        if old is None:
            self.emit(
                BREAKING if req else NON_BREAKING,
                "enum-added",
                where,
                f"values now restricted to {_fmt_values(new)}",
                direction,
                None,
                list(new),
            )
            return
        if new is None:
            self.emit(
                NON_BREAKING if req else OPEN_ENUM,
                "enum-removed",
                where,
                "no longer restricted to a list of values",
                direction,
                list(old),
                None,
            )
            return
        # A new value breaks a closed enum in a response (ours are open); a removed one rejects old requests.
        self._members(
            list(old),
            list(new),
            "enum-value",
            "enum value(s)",
            where,
            direction,
            added_severity=NON_BREAKING if req else OPEN_ENUM,
            removed_severity=BREAKING if req else NON_BREAKING,
        )

    def _members(
        self,
        old: list[Any],
        new: list[Any],
        kind: str,
        what: str,
        where: str,
        direction: Direction,
        *,
        added_severity: Severity,
        removed_severity: Severity,
    ) -> None:
        """Members added to / removed from a set (enum values, oneOf variants), one change each way."""
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        if added:
            message = f"{what} added: {_fmt_values(added)}"
            self.emit(added_severity, f"{kind}-added", where, message, direction, None, added, attribute=kind)
        if removed:
            message = f"{what} removed: {_fmt_values(removed)}"
            self.emit(
                removed_severity, f"{kind}-removed", where, message, direction, removed, None, attribute=kind
            )

    def _diff_bounds(
        self, old: Mapping[str, Any], new: Mapping[str, Any], where: str, direction: Direction
    ) -> None:
        req = direction == "request"
        for key, side in _BOUNDS:
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            tighter = b is not None if a is None or b is None else (b > a if side == "lower" else b < a)
            # Tighter request bounds reject old input; response bounds never stop a client reading a value.
            self.emit(
                BREAKING if (req and tighter) else NON_BREAKING,
                "bound-changed",
                where,
                f"{key} {a if a is not None else 'none'} → {b if b is not None else 'none'}",
                direction,
                a,
                b,
                attribute=key,
            )

    def _diff_properties(
        self, old: Mapping[str, Any], new: Mapping[str, Any], where: str, direction: Direction
    ) -> None:
        old_props: Mapping[str, Any] = old.get("properties") or {}
        new_props: Mapping[str, Any] = new.get("properties") or {}
        if not old_props and not new_props:
            return
        old_req, new_req = set(old.get("required") or ()), set(new.get("required") or ())
        req = direction == "request"
        for name in sorted(old_props.keys() | new_props.keys()):
            at = f"{where}.{name}"
            if name not in new_props:
                if req:
                    severity: Severity = BREAKING
                    message = "request field removed; a client that sends it may be rejected"
                elif name in old_req:
                    severity, message = BREAKING, "required response field removed"
                else:
                    severity, message = NON_BREAKING, "optional response field removed"
                removed = _flatten(self.old, old_props[name]).raw
                self.emit(severity, "field-removed", at, message, direction, node=removed, attribute=name)
                continue
            if name not in old_props:
                required = name in new_req
                if req and required:
                    severity, message = BREAKING, "required request field added; old clients do not send it"
                else:
                    severity = NON_BREAKING
                    message = f"{'required' if required else 'optional'} {direction} field added"
                self.emit(severity, "field-added", at, message, direction, attribute=name)
                continue
            was, now = name in old_req, name in new_req
            if was != now:
                # Request: newly required breaks old callers. Response: newly optional breaks old readers.
                breaking = now if req else not now
                self.emit(
                    BREAKING if breaking else NON_BREAKING,
                    "required-changed",
                    at,
                    "now required" if now else "no longer required",
                    direction,
                    was,
                    now,
                    attribute=name,
                )
            self._diff_schema(old_props[name], new_props[name], at, direction)

    def _diff_variants(
        self, old: Mapping[str, Any], new: Mapping[str, Any], where: str, direction: Direction
    ) -> None:
        for key in ("oneOf", "anyOf"):
            old_v = [_flatten(self.old, v) for v in old.get(key) or ()]
            new_v = [_flatten(self.new, v) for v in new.get(key) or ()]
            old_sig = {_signature(v): v for v in old_v}
            new_sig = {_signature(v): v for v in new_v}
            req = direction == "request"
            # A response may now take a shape old clients cannot read; a request may no longer take one.
            self._members(
                list(old_sig),
                list(new_sig),
                "variant",
                f"{key} variant(s)",
                where,
                direction,
                added_severity=NON_BREAKING if req else BREAKING,
                removed_severity=BREAKING if req else NON_BREAKING,
            )
            for sig in sorted(old_sig.keys() & new_sig.keys()):
                self._compare_schemas(old_sig[sig], new_sig[sig], f"{where}<{sig}>", direction)


def _signature(schema: _Schema) -> str:
    return schema.name or "|".join(schema.types) or "any"


def _fmt_values(values: Iterable[Any]) -> str:
    return ", ".join(repr(v) if not isinstance(v, str) else v for v in values)


def _int_key(responses: Mapping[Any, Any], status: str) -> bool:
    return status.isdigit() and int(status) in responses


def _get_status(responses: Mapping[Any, Any], status: str) -> Any:
    if status in responses:
        return responses[status]
    return responses.get(int(status)) if status.isdigit() else None


def _version(spec: Mapping[str, Any]) -> str:
    info = spec.get("info")
    return str(info.get("version", "?")) if isinstance(info, Mapping) else "?"


def diff_specs(old: Mapping[str, Any], new: Mapping[str, Any], scope: Scope = ORDERS_SCOPE) -> SpecDiff:
    """Compare the operations in ``scope`` (by default the orders surface) of two parsed OpenAPI documents."""
    return SpecDiff(_version(old), _version(new), _Differ(old, new, scope).run())


class _Frame:
    """``with differ._inside(node):`` — the walk is inside ``node`` for the changes emitted meanwhile."""

    __slots__ = ("_node", "_stack")

    def __init__(self, stack: list[Any], node: Any) -> None:
        self._stack, self._node = stack, node

    def __enter__(self) -> None:
        self._stack.append(self._node)

    def __exit__(self, *exc: object) -> None:
        self._stack.pop()
