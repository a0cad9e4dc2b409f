"""From what the API sent to a spec change: ``kalshi-orders spec propose --from EVIDENCE``.

Every recorded response is walked against the response schema its operation and status document. What does
not fit becomes either a proposal (an edit of the curated spec, carrying its evidence in ``x-observed``) or a
decision left to a human, never a guess:

* an enum value the spec does not list: added, with its count;
* a field the spec does not list: added, its type, format, pattern and nullability inferred from every sample;
* a required field found missing: made optional, with how often it was missing;
* ``null`` where the spec does not allow it: made nullable;
* a string outside its pattern: the pattern widened to take the observed shape, with samples;
* an undocumented error status: documented (the response the spec uses for that status elsewhere);
* an error code ``x-kalshi-error-codes`` does not list: listed.

Decisions: a value of another JSON type (widening a type changes the generated types the wrapper relies on;
a number in a money field is a defect to report, not to encode), an undocumented success status, samples of
mixed types, and anything whose schema requests share: response evidence never widens a request schema.
An enum shared with a request (``OrderStatus`` is also GetOrders' ``status`` filter) gains the value for
responses while every request use keeps its old values with a ``not`` guard (which validators honour and the
generator ignores); whether the filter takes the new value too is listed as a decision.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .evidence import DriftRecord, Evidence, Observation
from .yamledit import Edit

__all__ = ["Decision", "Proposal", "ProposeResult", "propose"]

Pointer = tuple[str | int, ...]
_SAMPLES: Final = 3
_SAMPLE_CHARS: Final = 60
_DATE_TIME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_DECIMAL: Final = re.compile(r"^-?\d+\.(\d+)$")
_JSON_TYPES: Final = {"string": str, "boolean": bool, "object": dict, "array": list}


@dataclass(frozen=True)
class Proposal:
    kind: str
    where: str
    summary: str
    edits: tuple[Edit, ...]
    count: int


@dataclass(frozen=True)
class Decision:
    kind: str
    where: str
    summary: str
    count: int
    samples: tuple[Any, ...] = ()


@dataclass
class ProposeResult:
    proposals: list[Proposal] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    responses: int = 0  # responses read
    checked: int = 0  # responses walked against a documented schema
    retired: int = 0  # answers of the retired V1 writes (x-retired-operations), not judged here
    unmatched: Counter[str] = field(default_factory=Counter)  # "METHOD path" with no operation

    @property
    def edits(self) -> list[Edit]:
        return [edit for proposal in self.proposals for edit in proposal.edits]

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "checked": self.checked,
            "retired": self.retired,
            "proposals": [
                {"kind": p.kind, "where": p.where, "summary": p.summary, "count": p.count}
                for p in self.proposals
            ],
            "decisions": [
                {
                    "kind": d.kind,
                    "where": d.where,
                    "summary": d.summary,
                    "count": d.count,
                    "samples": list(d.samples),
                }
                for d in self.decisions
            ],
            "unmatched": dict(self.unmatched),
        }


def _sample(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _SAMPLE_CHARS:
        return value[: _SAMPLE_CHARS - 1] + "…"
    if isinstance(value, (dict, list)):
        return f"<{type(value).__name__} of {len(value)}>"
    return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    for name, kind in _JSON_TYPES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _fits(expected: str, actual: str) -> bool:
    return expected == actual or (expected == "number" and actual == "integer")


# --------------------------------------------------------------------------- the spec as layers


class _Spec:
    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.doc = spec
        self.ops: dict[str, tuple[str, str, Mapping[str, Any]]] = {}
        for path, item in (spec.get("paths") or {}).items():
            if isinstance(item, Mapping):
                for method, op in item.items():
                    if isinstance(op, Mapping) and op.get("operationId"):
                        self.ops[str(op["operationId"])] = (str(path), str(method), op)
        self.request_nodes = self._request_reachable()
        self.retired = {
            str(r.get("operationId"))
            for r in spec.get("x-retired-operations") or ()
            if isinstance(r, Mapping)
        }

    def at(self, pointer: Pointer) -> Any:
        node: Any = self.doc
        for part in pointer:
            node = node[part]
        return node

    @staticmethod
    def ref_pointer(ref: str) -> Pointer:
        return tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))

    def layers(self, pointer: Pointer) -> list[tuple[Pointer, Mapping[str, Any]]]:
        """The node at ``pointer`` and the components it refers to (``$ref``, ``allOf``), use site first."""
        out: list[tuple[Pointer, Mapping[str, Any]]] = []
        todo = [pointer]
        while todo and len(out) < 32:
            ptr = todo.pop(0)
            node = self.at(ptr)
            if not isinstance(node, Mapping):
                continue
            out.append((ptr, node))
            if isinstance(node.get("$ref"), str):
                todo.append(self.ref_pointer(node["$ref"]))
            for i, _ in enumerate(node.get("allOf") or ()):
                todo.append((*ptr, "allOf", i))
        return out

    def _request_reachable(self) -> set[Pointer]:
        seen: set[Pointer] = set()
        todo: list[Pointer] = []
        for path, method, _ in self.ops.values():
            op_ptr: Pointer = ("paths", path, method)
            op = self.at(op_ptr)
            for i, param in enumerate(op.get("parameters") or ()):
                p_ptr: Pointer = (*op_ptr, "parameters", i)
                if isinstance(param, Mapping) and isinstance(param.get("$ref"), str):
                    p_ptr = self.ref_pointer(param["$ref"])
                if isinstance(self.at(p_ptr), Mapping) and "schema" in self.at(p_ptr):
                    todo.append((*p_ptr, "schema"))
            body = op.get("requestBody")
            if isinstance(body, Mapping):
                b_ptr: Pointer = (*op_ptr, "requestBody")
                if isinstance(body.get("$ref"), str):
                    b_ptr = self.ref_pointer(body["$ref"])
                for media in self.at(b_ptr).get("content") or {}:
                    todo.append((*b_ptr, "content", media, "schema"))
        while todo:
            ptr = todo.pop()
            if ptr in seen:
                continue
            seen.add(ptr)
            try:
                node = self.at(ptr)
            except (KeyError, IndexError, TypeError):
                continue
            if not isinstance(node, Mapping):
                continue
            if isinstance(node.get("$ref"), str):
                todo.append(self.ref_pointer(node["$ref"]))
            for key in ("allOf", "oneOf", "anyOf"):
                todo += [(*ptr, key, i) for i, _ in enumerate(node.get(key) or ())]
            for name in node.get("properties") or {}:
                todo.append((*ptr, "properties", name))
            if isinstance(node.get("items"), Mapping):
                todo.append((*ptr, "items"))
        return seen

    def name(self, pointer: Pointer) -> str:
        if pointer[:2] == ("components", "schemas") and len(pointer) >= 3:
            rest = [
                str(p)
                for p in pointer[3:]
                if p not in ("properties", "items", "allOf") and not isinstance(p, int)
            ]
            return ".".join([str(pointer[2]), *rest])
        if pointer and pointer[0] == "paths":
            op = self.at(pointer[:3]).get("operationId", f"{pointer[2]} {pointer[1]}")
            if len(pointer) >= 5 and pointer[3] == "parameters":
                param = self.at(pointer[:5])
                if isinstance(param, Mapping) and "name" in param:
                    return f"{op} {param.get('in', 'query')} parameter {param['name']}"
            return f"{op} " + "/".join(str(p) for p in pointer[3:])
        return "/".join(str(p) for p in pointer)

    def response_schema(self, operation: str, status: int) -> tuple[Pointer | None, bool]:
        """``(pointer of the JSON schema, status documented)`` for a response of ``operation``."""
        path, method, op = self.ops[operation]
        responses = op.get("responses") or {}
        key = str(status) if str(status) in responses else ("default" if "default" in responses else None)
        if key is None:
            return None, False
        ptr: Pointer = ("paths", path, method, "responses", key)
        resp = self.at(ptr)
        if isinstance(resp, Mapping) and isinstance(resp.get("$ref"), str):
            ptr = self.ref_pointer(resp["$ref"])
            resp = self.at(ptr)
        for media in (resp.get("content") or {}) if isinstance(resp, Mapping) else ():
            if "json" in str(media):
                return (*ptr, "content", media, "schema"), True
        return None, True


# --------------------------------------------------------------------------- what did not fit


@dataclass
class _Findings:
    enum: dict[Pointer, Counter[Any]] = field(default_factory=lambda: defaultdict(Counter))
    enum_where: dict[Pointer, str] = field(default_factory=dict)
    new_fields: dict[tuple[Pointer, str], list[Any]] = field(default_factory=lambda: defaultdict(list))
    field_counts: Counter[tuple[Pointer, str]] = field(default_factory=Counter)
    objects_seen: Counter[Pointer] = field(default_factory=Counter)
    missing: dict[tuple[Pointer, str], int] = field(default_factory=lambda: defaultdict(int))
    nulls: dict[Pointer, int] = field(default_factory=lambda: defaultdict(int))
    patterns: dict[Pointer, list[str]] = field(default_factory=lambda: defaultdict(list))
    types: dict[Pointer, list[Any]] = field(default_factory=lambda: defaultdict(list))
    where: dict[Pointer, str] = field(default_factory=dict)
    statuses: dict[tuple[str, int], list[Observation]] = field(default_factory=lambda: defaultdict(list))
    codes: dict[tuple[str, int], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    bad_errors: dict[tuple[str, int], list[Observation]] = field(default_factory=lambda: defaultdict(list))


class _Walker:
    def __init__(self, spec: _Spec, found: _Findings) -> None:
        self.spec = spec
        self.found = found

    def first(self, layers: list[tuple[Pointer, Mapping[str, Any]]], key: str) -> tuple[Pointer, Any] | None:
        for ptr, node in layers:
            if key in node:
                return ptr, node[key]
        return None

    def walk(self, value: Any, pointer: Pointer, label: str, depth: int = 0) -> None:
        if depth > 32:
            return
        layers = self.spec.layers(pointer)
        if not layers:
            return
        if value is None:
            nullable = any(node.get("nullable") for _, node in layers)
            enum = self.first(layers, "enum")
            if not nullable and not (enum and None in (enum[1] or ())):
                self.found.nulls[pointer] += 1
                self.found.where[pointer] = label
            return
        variants = self.first(layers, "oneOf") or self.first(layers, "anyOf")
        if variants is not None:
            vptr, options = variants
            key = "oneOf" if vptr and "oneOf" in self.spec.at(vptr) else "anyOf"
            for i, _ in enumerate(options or ()):
                sub = (*vptr, key, i)
                declared = self._type(self.spec.layers(sub))
                if declared is None or _fits(declared, _json_type(value)):
                    self.walk(value, sub, label, depth + 1)
                    return
            self.found.types[pointer].append(value)
            self.found.where[pointer] = label
            return
        declared = self._type(layers)
        actual = _json_type(value)
        if declared is not None and not _fits(declared, actual):
            owner = self.first(layers, "type")
            ptr = owner[0] if owner else pointer
            self.found.types[ptr].append(value)
            self.found.where[ptr] = label
            return
        enum = self.first(layers, "enum")
        if enum is not None and isinstance(enum[1], list) and value not in enum[1]:
            self.found.enum[enum[0]][value] += 1
            self.found.enum_where.setdefault(enum[0], label)
        if isinstance(value, str):
            pattern = self.first(layers, "pattern")
            if pattern is not None and isinstance(pattern[1], str):
                try:
                    matches = re.search(pattern[1], value) is not None
                except re.error:
                    matches = True  # a pattern Python cannot read is not evidence either way
                if not matches:
                    self.found.patterns[pattern[0]].append(value)
                    self.found.where[pattern[0]] = label
        elif isinstance(value, dict):
            self._object(value, layers, label, depth)
        elif isinstance(value, list):
            items = self.first(layers, "items")
            if items is not None:
                for element in value:
                    self.walk(element, (*items[0], "items"), f"{label}[]", depth + 1)

    @staticmethod
    def _type(layers: list[tuple[Pointer, Mapping[str, Any]]]) -> str | None:
        for _, node in layers:
            if isinstance(node.get("type"), str):
                return str(node["type"])
        for _, node in layers:
            if "properties" in node:
                return "object"
            if "items" in node:
                return "array"
        return None

    def _object(
        self, value: dict[str, Any], layers: list[tuple[Pointer, Mapping[str, Any]]], label: str, depth: int
    ) -> None:
        props: dict[str, Pointer] = {}
        owner: Pointer | None = None
        for ptr, node in layers:
            if isinstance(node.get("properties"), Mapping):
                owner = owner or ptr
                for name in node["properties"]:
                    props.setdefault(str(name), (*ptr, "properties", name))
        required: dict[str, Pointer] = {}
        for ptr, node in layers:
            for name in node.get("required") or ():
                required.setdefault(str(name), ptr)
        if owner is None:
            return  # a free-form object: nothing to compare
        self.found.objects_seen[owner] += 1
        self.found.where[owner] = label
        for name, ptr in required.items():
            if name not in value:
                self.found.missing[(ptr, name)] += 1
        for name, item in value.items():
            if name in props:
                self.walk(item, props[name], f"{label}.{name}", depth + 1)
            else:
                self.found.new_fields[(owner, name)].append(item)
                self.found.field_counts[(owner, name)] += 1


# --------------------------------------------------------------------------- inference


def _infer(samples: list[Any]) -> tuple[dict[str, Any] | None, str | None]:
    """A schema for a new field from every sample, or ``(None, why)`` when the samples do not agree."""
    present = [s for s in samples if s is not None]
    schema: dict[str, Any] = {}
    if not present:
        return None, "only null was seen: its type cannot be told"
    kinds = {_json_type(s) for s in present}
    if kinds == {"integer", "number"}:
        kinds = {"number"}
    if len(kinds) > 1:
        return None, f"samples of several types ({', '.join(sorted(kinds))})"
    kind = kinds.pop()
    schema["type"] = kind
    if kind == "string":
        if all(_DATE_TIME.match(s) for s in present):
            schema["format"] = "date-time"
        else:
            decimals = [_DECIMAL.match(s) for s in present]
            if all(decimals):
                places = {len(m.group(1)) for m in decimals if m}
                negative = any(s.startswith("-") for s in present)
                sign = "-?" if negative else ""
                if len(places) == 1:
                    schema["pattern"] = f"^{sign}[0-9]+\\.[0-9]{{{places.pop()}}}$"
                else:
                    schema["pattern"] = f"^{sign}[0-9]+\\.[0-9]{{{min(places)},{max(places)}}}$"
    elif kind == "array":
        inner = [element for sample in present for element in sample]
        item_schema, _ = _infer(inner) if inner else (None, None)
        schema["items"] = item_schema or {}
    if len(present) < len(samples):
        schema["nullable"] = True
    return schema, None


def _shape(value: str) -> str:
    """A pattern for one observed string: digit and letter runs generalised, everything else literal."""
    out = []
    for run in re.finditer(r"\d+|[A-Za-z]+|[^\dA-Za-z]", value):
        text = run.group(0)
        if text.isdigit():
            out.append("[0-9]+")
        elif text.isalpha():
            out.append("[A-Za-z]+")
        else:
            out.append(re.escape(text))
    return "^" + "".join(out) + "$"


def _observed(
    count: int, of: int | None = None, samples: list[Any] | None = None, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"count": count}
    if of is not None:
        out["of"] = of
    out.update(extra)
    if samples:
        unique: list[Any] = []
        for s in samples:
            if _sample(s) not in unique:
                unique.append(_sample(s))
            if len(unique) == _SAMPLES:
                break
        out["samples"] = unique
    return out


# --------------------------------------------------------------------------- proposals


class _Proposer:
    def __init__(self, spec: _Spec, source: str) -> None:
        self.spec = spec
        self.source = source
        self.result = ProposeResult()

    def shared(self, pointer: Pointer) -> bool:
        return pointer in self.spec.request_nodes

    def decide(
        self, kind: str, where: str, summary: str, count: int, samples: list[Any] | None = None
    ) -> None:
        shown = tuple(_sample(s) for s in (samples or [])[:_SAMPLES])
        self.result.decisions.append(Decision(kind, where, summary, count, shown))

    def propose(self, kind: str, where: str, summary: str, edits: list[Edit], count: int) -> None:
        self.result.proposals.append(Proposal(kind, where, summary, tuple(edits), count))

    def evidence(self, pointer: Pointer, key: str, value: Any) -> Edit:
        """``x-observed.<key>`` on a schema node, keeping what an earlier proposal recorded there."""
        node = self.spec.at(pointer)
        current = dict(node.get("x-observed") or {}) if isinstance(node, Mapping) else {}
        current[key] = value
        current["source"] = self.source
        return Edit("set", pointer, "x-observed", current)

    # -- each finding
    def enums(self, found: _Findings) -> None:
        for ptr, values in found.enum.items():
            where = self.spec.name(ptr)
            new = [v for v, _ in values.most_common()]
            total = sum(values.values())
            counts = ", ".join(f"{v!r} ×{n}" for v, n in values.most_common())
            edits = [Edit("extend", ptr, "enum", new)]
            node = self.spec.at(ptr)
            evidence: dict[str, Any] = dict((node.get("x-observed") or {}).get("enum-values") or {})
            evidence.update({str(v): n for v, n in values.items()})
            edits.append(self.evidence(ptr, "enum-values", evidence))
            guards = self._request_uses(ptr)
            if guards is None:
                self.decide(
                    "enum-value",
                    where,
                    f"new value(s) {counts} in an enum written inline in a request schema: adding them would "
                    "widen the request",
                    total,
                    new,
                )
                continue
            for use in guards:
                edits += self._guard(use, new)
            self.propose(
                "enum-value", where, f"new value(s) {counts} (seen at {found.enum_where[ptr]})", edits, total
            )
            if guards:
                names = ", ".join(sorted(self.spec.name(u) for u in guards))
                self.decide(
                    "enum-value-in-requests",
                    where,
                    f"{where} is also a request schema ({names}); the patch keeps requests to the old values "
                    "with a `not` guard. If the API accepts the new value(s) there too, drop the guard.",
                    total,
                    new,
                )

    def _request_uses(self, component: Pointer) -> list[Pointer] | None:
        """Request nodes that refer to ``component`` (parameter schemas, request properties); None when the
        enum is itself part of a request schema (no use site to guard)."""
        ref = "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in component)
        uses = []
        for ptr in sorted(self.spec.request_nodes, key=str):
            try:
                node = self.spec.at(ptr)
            except (KeyError, IndexError, TypeError):
                continue
            if isinstance(node, Mapping) and node.get("$ref") == ref:
                uses.append(ptr)
        if component in self.spec.request_nodes and not uses:
            return None
        return uses

    def _guard(self, use: Pointer, values: list[Any]) -> list[Edit]:
        node = self.spec.at(use)
        parent, key = use[:-1], use[-1]
        if isinstance(node, Mapping) and set(node) == {"$ref"}:
            # $ref takes no siblings in OpenAPI 3.0: wrap it so the guard applies.
            return [
                Edit("set", parent, str(key), {"allOf": [{"$ref": node["$ref"]}], "not": {"enum": values}})
            ]
        existing = (node.get("not") or {}).get("enum") if isinstance(node, Mapping) else None
        return [Edit("set", use, "not", {"enum": [*(existing or []), *values]})]

    def new_fields(self, found: _Findings) -> None:
        for (owner, name), samples in found.new_fields.items():
            where = f"{self.spec.name(owner)}.{name}"
            count = found.field_counts[(owner, name)]
            of = max(found.objects_seen[owner], count)
            if self.shared(owner):
                self.decide("new-field", where, "a new field in a schema requests share", count, samples)
                continue
            schema, why = _infer(samples)
            if schema is None:
                self.decide("new-field", where, f"new field, but {why}", count, samples)
                continue
            schema["x-observed"] = _observed(count, of, samples, source=self.source)
            desc = f"{schema['type']}" + (f" ({schema['format']})" if "format" in schema else "")
            desc += f", pattern {schema['pattern']}" if "pattern" in schema else ""
            desc += ", nullable" if schema.get("nullable") else ""
            self.propose(
                "new-field",
                where,
                f"new field, in {count} of {of} objects: {desc}",
                [Edit("set", (*owner, "properties"), name, schema)],
                count,
            )

    def missing(self, found: _Findings) -> None:
        by_owner: dict[Pointer, dict[str, int]] = defaultdict(dict)
        for (owner, name), count in found.missing.items():
            by_owner[owner][name] = count
        for owner, names in by_owner.items():
            of = found.objects_seen.get(owner) or max(names.values())
            base = self.spec.name(owner)
            if self.shared(owner):
                for name, count in names.items():
                    self.decide(
                        "required-missing", f"{base}.{name}", "missing, in a schema requests share", count
                    )
                continue
            node = self.spec.at(owner)
            record = dict((node.get("x-observed") or {}).get("missing") or {})
            record.update({name: f"{count} of {of}" for name, count in names.items()})
            edits = [
                Edit("remove", owner, "required", sorted(names)),
                self.evidence(owner, "missing", record),
            ]
            listed = ", ".join(f"{n} (missing in {c} of {of})" for n, c in sorted(names.items()))
            self.propose(
                "required-missing",
                base,
                f"required field(s) not always sent: {listed}",
                edits,
                sum(names.values()),
            )

    def nulls(self, found: _Findings) -> None:
        for ptr, count in found.nulls.items():
            where = found.where.get(ptr) or self.spec.name(ptr)
            if self.shared(ptr):
                self.decide("nullable", where, "null sent, in a schema requests share", count)
                continue
            node = self.spec.at(ptr)
            observed = _observed(count, source=self.source)
            if isinstance(node, Mapping) and set(node) == {"$ref"}:
                edit = Edit(
                    "set",
                    ptr[:-1],
                    str(ptr[-1]),
                    {"allOf": [{"$ref": node["$ref"]}], "nullable": True, "x-observed": {"nulls": observed}},
                )
                edits = [edit]
            else:
                edits = [Edit("set", ptr, "nullable", True), self.evidence(ptr, "nulls", observed)]
            self.propose("nullable", where, f"null sent {count} time(s)", edits, count)

    def patterns(self, found: _Findings) -> None:
        for ptr, samples in found.patterns.items():
            where = self.spec.name(ptr)
            if self.shared(ptr):
                self.decide(
                    "pattern",
                    where,
                    "values outside the pattern, which requests share: widening it would widen requests",
                    len(samples),
                    samples,
                )
                continue
            old = str(self.spec.at(ptr)["pattern"])
            shapes = sorted({_shape(s) for s in samples})
            widened = "|".join([f"(?:{old})", *(f"(?:{s})" for s in shapes)])
            edits = [
                Edit("set", ptr, "pattern", widened),
                self.evidence(ptr, "outside-pattern", _observed(len(samples), samples=samples, was=old)),
            ]
            self.propose(
                "pattern",
                where,
                f"{len(samples)} value(s) outside {old}, e.g. {_sample(samples[0])!r}",
                edits,
                len(samples),
            )

    def types(self, found: _Findings) -> None:
        for ptr, samples in found.types.items():
            where = found.where.get(ptr) or self.spec.name(ptr)
            node = self.spec.at(ptr)
            declared = node.get("type") if isinstance(node, Mapping) else None
            kinds = sorted({_json_type(s) for s in samples})
            self.decide(
                "type",
                where,
                f"declared {declared or 'a schema'}, sent {', '.join(kinds)}: widening the type changes the "
                "generated types the wrapper relies on; report it to Kalshi or widen it by hand",
                len(samples),
                samples,
            )

    def statuses(self, found: _Findings) -> None:
        for (operation, status), seen in sorted(found.statuses.items()):
            path, method, op = self.spec.ops[operation]
            where = f"{operation} {status}"
            if status < 400:
                documented = ", ".join(
                    sorted(str(k) for k in (op.get("responses") or {}) if str(k).startswith("2"))
                )
                self.decide(
                    "status",
                    where,
                    f"answered {status}, which the spec does not document (it documents "
                    f"{documented or 'none'}): a changed success status breaks clients; confirm it is an API "
                    "change before documenting it",
                    len(seen),
                    [o.source for o in seen],
                )
                continue
            ref = self._response_for(status)
            if ref is None:
                self.decide(
                    "status",
                    where,
                    f"answered {status}, undocumented; no shared response to refer to",
                    len(seen),
                )
                continue
            self.propose(
                "status",
                where,
                f"answered {status} {len(seen)} time(s), undocumented: documented as "
                f"{ref.rsplit('/', 1)[-1]}",
                [Edit("set", ("paths", path, method, "responses"), str(status), {"$ref": ref})],
                len(seen),
            )

    def _response_for(self, status: int) -> str | None:
        """The response component the spec uses most for ``status``."""
        uses: Counter[str] = Counter()
        for _, _, op in self.spec.ops.values():
            resp = (op.get("responses") or {}).get(str(status))
            if isinstance(resp, Mapping) and isinstance(resp.get("$ref"), str):
                uses[resp["$ref"]] += 1
        if uses:
            return uses.most_common(1)[0][0]
        if 500 <= status < 600 and "InternalServerError" in (self.spec.doc.get("components") or {}).get(
            "responses", {}
        ):
            return "#/components/responses/InternalServerError"
        return None

    def codes(self, found: _Findings) -> None:
        root = self.spec.doc.get("x-kalshi-error-codes") or {}
        for (operation, status), codes in sorted(found.codes.items()):
            path, method, op = self.spec.ops[operation]
            op_codes = op.get("x-kalshi-error-codes") or {}
            key = str(status)
            listed = list(op_codes.get(key) or op_codes.get(status) or [])
            common = list(root.get(key) or root.get(status) or [])
            if not listed and not common:
                continue  # the spec does not restrict the codes of this status: any code passes
            new = [c for c, _ in codes.most_common() if c not in listed and c not in common]
            if not new:
                continue
            op_ptr: Pointer = ("paths", path, method)
            counts = ", ".join(f"{c} ×{codes[c]}" for c in new)
            if "x-kalshi-error-codes" not in op:
                edit = Edit("set", op_ptr, "x-kalshi-error-codes", {key: [*common, *new]})
            elif key in op_codes:
                edit = Edit("extend", (*op_ptr, "x-kalshi-error-codes"), key, new)
            else:
                edit = Edit("set", (*op_ptr, "x-kalshi-error-codes"), key, [*common, *new])
            self.propose(
                "error-code",
                f"{operation} {status}",
                f"undocumented error code(s): {counts}",
                [edit],
                sum(codes[c] for c in new),
            )


def _error_code(body: Any) -> str | None:
    if not isinstance(body, Mapping):
        return None
    inner = body.get("error")
    if isinstance(inner, Mapping) and isinstance(inner.get("code"), str):
        return str(inner["code"])
    return str(body["code"]) if isinstance(body.get("code"), str) else None


def _drift_findings(spec: _Spec, records: list[DriftRecord], found: _Findings) -> list[str]:
    """client.drift() counts as findings; the names it gives that the spec does not have."""
    unknown = []
    schemas = (spec.doc.get("components") or {}).get("schemas") or {}
    for record in records:
        if record.model not in schemas:
            unknown.append(record.model)
            continue
        owner: Pointer = ("components", "schemas", record.model)
        if record.kind == "field":
            samples = list(record.samples) or [record.value]
            found.new_fields[(owner, record.field)] += samples
            found.field_counts[(owner, record.field)] += record.count
            found.objects_seen[owner] = max(found.objects_seen[owner], record.count)
            continue
        prop = (*owner, "properties", record.field)
        try:
            spec.at(prop)
        except (KeyError, TypeError):
            unknown.append(f"{record.model}.{record.field}")
            continue
        layers = spec.layers(prop)
        for ptr, node in layers:
            if isinstance(node.get("items"), Mapping):  # a list of enum values
                layers = spec.layers((*ptr, "items"))
                break
        enum = next(((ptr, node["enum"]) for ptr, node in layers if "enum" in node), None)
        if enum is None:
            unknown.append(f"{record.model}.{record.field}")
            continue
        if record.value not in enum[1]:
            found.enum[enum[0]][record.value] += record.count
            found.enum_where.setdefault(enum[0], f"{record.model}.{record.field}")
    return unknown


def propose(spec: Mapping[str, Any], evidence: Evidence, source: str) -> ProposeResult:
    """Everything in ``evidence`` the curated ``spec`` does not explain, as proposals and decisions."""
    view = _Spec(spec)
    found = _Findings()
    walker = _Walker(view, found)
    proposer = _Proposer(view, source)
    result = proposer.result
    for obs in evidence.observations:
        result.responses += 1
        if obs.operation in view.retired:
            result.retired += 1  # the contract suite's `retired` rule judges these
            continue
        if not obs.operation or obs.operation not in view.ops:
            result.unmatched[f"{obs.method} {obs.path}"] += 1
            continue
        pointer, documented = view.response_schema(obs.operation, obs.status)
        if not documented:
            found.statuses[(obs.operation, obs.status)].append(obs)
        if obs.status >= 400 and obs.status != 429:
            code = _error_code(obs.body) if obs.is_json else None
            if code is not None:
                found.codes[(obs.operation, obs.status)][code] += 1
            else:
                found.bad_errors[(obs.operation, obs.status)].append(obs)
        if pointer is None and not documented and obs.status >= 400:
            pointer = _error_schema(view)
        if pointer is not None and obs.is_json:
            result.checked += 1
            walker.walk(obs.body, pointer, obs.operation)
    for name in _drift_findings(view, evidence.drift, found):
        proposer.decide("drift", name, "client.drift() names a schema or field this spec does not have", 1)
    proposer.enums(found)
    proposer.new_fields(found)
    proposer.missing(found)
    proposer.nulls(found)
    proposer.patterns(found)
    proposer.types(found)
    proposer.statuses(found)
    proposer.codes(found)
    for (operation, status), seen in sorted(found.bad_errors.items()):
        kinds = {"not JSON" if not o.is_json else "no code" for o in seen}
        proposer.decide(
            "error-body",
            f"{operation} {status}",
            f"error answer(s) with {' or '.join(sorted(kinds))}: the spec cannot describe a broken error "
            "envelope away; the API (or a proxy in front of it) needs fixing",
            len(seen),
            [(o.text or "")[:60] for o in seen],
        )
    return result


def _error_schema(view: _Spec) -> Pointer | None:
    if "ErrorResponse" in ((view.doc.get("components") or {}).get("schemas") or {}):
        return ("components", "schemas", "ErrorResponse")
    return None
