"""Request and response validation built from the spec (the one source of truth).

OpenAPI 3.0 schemas are converted to JSON Schema 2020-12 (``nullable`` becomes a type union, ``$ref`` points
at ``$defs``, ``not``/``pattern``/bounds/enums are kept) and compiled with jsonschema_rs. Query parameters
arrive as strings and are coerced by their declared type before validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs
import orjson

from kalshi_sandbox.errors import ApiError
from kalshi_sandbox.spec import ApiSpec, Operation

# OpenAPI-only keywords that mean nothing (or something else) to a JSON Schema validator.
_DROPPED = frozenset(
    {"example", "examples", "deprecated", "discriminator", "xml", "externalDocs", "nullable"}
)
_MAP_KEYWORDS = frozenset({"properties", "patternProperties", "$defs"})
_LEGACY_PRICES = frozenset({"yes_price", "no_price", "yes_price_dollars", "no_price_dollars"})
_FORMAT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_INTEGER = re.compile(r"-?[0-9]{1,19}")  # fullmatch: no trailing newline, ASCII digits, int64-sized
_ORDER_BODIES = frozenset({"CreateOrderV2", "AmendOrderV2", "BatchCreateOrdersV2"})

# Breakages that change what the request validators accept.
RELAXATIONS = frozenset({"accept_both_prices", "accept_limit_1001", "accept_subaccount_64"})


def to_json_schema(node: Any) -> Any:
    """Convert one OpenAPI 3.0 schema node (recursively) into JSON Schema 2020-12."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-"):
            continue
        if key == "$ref":
            out["$ref"] = "#/$defs/" + value.rsplit("/", 1)[1]
        elif key in _MAP_KEYWORDS:
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and bound in node:
                out[key] = node[bound]
        else:
            out[key] = to_json_schema(value)
    if isinstance(node.get("exclusiveMinimum"), bool) and node.get("exclusiveMinimum"):
        out.pop("minimum", None)
    if isinstance(node.get("exclusiveMaximum"), bool) and node.get("exclusiveMaximum"):
        out.pop("maximum", None)
    bounds = _FORMAT_BOUNDS.get(node.get("format", "")) if node.get("type") == "integer" else None
    if bounds is not None:
        # Validators and schemathesis read int32/int64 as range limits; the sandbox enforces them too.
        if "exclusiveMinimum" not in out:
            out["minimum"] = max(out.get("minimum", bounds[0]), bounds[0])
        if "exclusiveMaximum" not in out:
            out["maximum"] = min(out.get("maximum", bounds[1]), bounds[1])
    if node.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def _definitions(spec: ApiSpec, breakages: frozenset[str]) -> dict[str, Any]:
    defs = {name: to_json_schema(schema) for name, schema in spec.components.get("schemas", {}).items()}
    if "accept_both_prices" in breakages:
        for name in ("CreateOrderV2Request", "AmendOrderV2Request"):
            rule = defs[name].get("not", {}).get("anyOf", [])
            kept = [b for b in rule if not (set(b) == {"required"} and set(b["required"]) <= _LEGACY_PRICES)]
            if kept:
                defs[name]["not"] = {"anyOf": kept}
            else:
                defs[name].pop("not", None)
    return defs


def component_schema(name: str, spec: ApiSpec | None = None) -> dict[str, Any]:
    """A self-contained JSON Schema (2020-12) for ``components/schemas/<name>`` of the curated spec.

    The one OpenAPI → JSON Schema conversion of the project: the sandbox validates with it, and tests use it
    to check payloads against the spec.
    """
    from kalshi_sandbox.spec import load_spec

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": _definitions(spec or load_spec(), frozenset()),
        "$ref": f"#/$defs/{name}",
    }


class _Compiler:
    """Compiles schemas against shared ``$defs``; identical schemas (most error responses) compile once."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs
        self._cache: dict[bytes, Any] = {}

    def __call__(self, schema: dict[str, Any]) -> Any:
        key = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
        if key not in self._cache:
            document = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                **schema,
                "$defs": self.defs,
            }
            self._cache[key] = jsonschema_rs.validator_for(document, validate_formats=True)
        return self._cache[key]


def _location(path: Iterable[Any], leaf: str | None = None) -> str:
    text = ""
    for part in [*path, *([leaf] if leaf else [])]:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


def _short(value: Any) -> str:
    try:
        text = orjson.dumps(value).decode() if not isinstance(value, str) else repr(value)
    except TypeError:  # e.g. an integer beyond 64 bits
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe_branch(branch: dict[str, Any]) -> str:
    """Say in words which forbidden combination (one branch of ``not: {anyOf: [...]}``) a body hit."""
    required = branch.get("required", [])
    if set(branch) == {"required"}:
        if len(required) == 1:
            return f"`{required[0]}` must not be sent here"
        return " and ".join(f"`{name}`" for name in required) + " cannot be sent together: send exactly one"
    if set(branch) == {"not"}:
        names = [name for alt in branch["not"].get("anyOf", []) for name in alt.get("required", [])]
        return "one of " + ", ".join(f"`{n}`" for n in names) + " is required"
    if len(required) == 1 and "properties" in branch:
        subject = f"`{required[0]}`"
        conditions = []
        for prop, rule in branch["properties"].items():
            if prop == required[0] and "enum" in rule:
                subject = f"`{prop}`={_short(rule['enum'][0])}"
            elif "not" in rule and "enum" in rule["not"]:
                conditions.append(f"`{prop}` is {' or '.join(str(v) for v in rule['not']['enum'])}")
        if conditions:
            return f"{subject} is only allowed when {' and '.join(conditions)}"
    return f"the body matches a forbidden combination {_short(branch)}"


def _message(error: Any) -> tuple[bool, str]:
    """(is_missing_field, message) for one jsonschema_rs error, naming the field and the rule."""
    kind = error.kind
    name = type(kind).__name__
    where = _location(error.instance_path)
    instance = error.instance
    if name == "Required":
        return True, f"`{_location(error.instance_path, kind.property)}` is required"
    if name == "Enum":
        options = ", ".join(str(o) for o in kind.options if o is not None)
        return False, f"`{where}` must be one of: {options} (got {_short(instance)})"
    if name == "Pattern":
        return False, f"`{where}` does not match the pattern {kind.pattern} (got {_short(instance)})"
    if name == "Type":
        types = kind.as_dict().get("types") or [kind.as_dict().get("type", "?")]
        return (
            False,
            f"`{where}` must be of type {' or '.join(str(t) for t in types)} (got {_short(instance)})",
        )
    if name in ("Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"):
        op = {"Minimum": ">=", "Maximum": "<=", "ExclusiveMinimum": ">", "ExclusiveMaximum": "<"}[name]
        return False, f"`{where}` must be {op} {kind.limit} (got {_short(instance)})"
    if name in ("MinLength", "MaxLength", "MinItems", "MaxItems"):
        what = "characters" if "Length" in name else "items"
        op = "at least" if name.startswith("Min") else "at most"
        return False, f"`{where}` must have {op} {kind.limit} {what}"
    if name == "Not":
        rule = kind.schema
        for branch in rule.get("anyOf", [rule]) if isinstance(rule, dict) else []:
            if jsonschema_rs.is_valid(branch, instance):
                return False, _describe_branch(branch) + ("" if where == "body" else f" (in `{where}`)")
    return False, f"`{where}`: {error.message}"


def _reject(errors: list[Any], *, code: str, what: str) -> ApiError:
    described = [_message(e) for e in errors[:5]]
    missing = described[0][0]
    return ApiError(
        400,
        "missing_parameters" if missing else code,
        f"invalid {what}: {described[0][1]}",
        "; ".join(message for _, message in described),
    )


@dataclass
class _Param:
    name: str
    kind: str  # JSON type of the schema: integer, number, boolean, string
    required: bool


class OperationValidator:
    """Validators for one operation: query, body and responses."""

    def __init__(
        self,
        spec: ApiSpec,
        op: Operation,
        compile_: _Compiler,
        *,
        strict_query: bool,
        breakages: frozenset[str],
    ) -> None:
        self.operation = op
        self.strict_query = strict_query
        self.body_code = "invalid_order" if op.operation_id in _ORDER_BODIES else "invalid_parameters"
        self.params: dict[str, _Param] = {}
        properties: dict[str, Any] = {}
        required: list[str] = []
        for param in op.parameters:
            if param.get("in") != "query":
                continue
            schema = to_json_schema(param.get("schema", {}))
            if param["name"] == "limit" and "accept_limit_1001" in breakages:
                schema.pop("maximum", None)
            if param["name"] == "subaccount" and "accept_subaccount_64" in breakages:
                schema.pop("maximum", None)
            properties[param["name"]] = schema
            resolved = spec.resolve(param.get("schema", {}))
            self.params[param["name"]] = _Param(
                param["name"], resolved.get("type", "string"), bool(param.get("required"))
            )
            if param.get("required"):
                required.append(param["name"])
        path_schema = {
            "type": "object",
            "properties": {
                p["name"]: to_json_schema(p.get("schema", {})) for p in op.parameters if p.get("in") == "path"
            },
        }
        self.path_validator = compile_(path_schema)
        query_schema: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
        if strict_query:
            query_schema["additionalProperties"] = False
        self.query_validator = compile_(query_schema)
        self.defaults = {
            p["name"]: p["schema"]["default"]
            for p in (dict(q, schema=spec.resolve(q.get("schema", {}))) for q in op.parameters)
            if p.get("in") == "query" and "default" in p["schema"]
        }
        self.body_validator = compile_(to_json_schema(op.body_schema)) if op.body_schema else None
        self.response_validators = {
            status: compile_(to_json_schema(schema))
            for status, schema in op.responses.items()
            if schema is not None
        }

    def query(self, raw: bytes) -> dict[str, Any]:
        """Parse, coerce and validate the query string; unknown parameters are dropped (or 400 if strict)."""
        values: dict[str, Any] = {}
        if raw:
            for name, text in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
                param = self.params.get(name)
                if param is None:
                    if self.strict_query:
                        raise ApiError(
                            400,
                            "invalid_parameters",
                            f"unknown query parameter `{name}`",
                            "accepted: " + ", ".join(sorted(self.params)),
                        )
                    continue
                values[name] = self._coerce(param, text)
        if not self.query_validator.is_valid(values):
            raise _reject(
                list(self.query_validator.iter_errors(values)), code="invalid_parameters", what="query"
            )
        return values

    def path(self, params: dict[str, str]) -> dict[str, str]:
        """Validate the path parameters (all strings)."""
        if not self.path_validator.is_valid(params):
            raise _reject(
                list(self.path_validator.iter_errors(params)), code="invalid_parameters", what="path"
            )
        return params

    @staticmethod
    def _coerce(param: _Param, text: str) -> Any:
        if param.kind == "integer":
            if not _INTEGER.fullmatch(text):
                raise ApiError(
                    400,
                    "invalid_parameters",
                    f"invalid query: `{param.name}` must be an integer (got {_short(text)})",
                )
            return int(text)
        if param.kind == "boolean":
            if text not in ("true", "false"):
                raise ApiError(
                    400, "invalid_parameters", f"invalid query: `{param.name}` must be true or false"
                )
            return text == "true"
        return text

    def body(self, raw: bytes) -> Any:
        """Parse and validate the JSON body (400 with the field and rule on failure)."""
        if self.operation.body_schema is None:
            return None
        if not raw.strip():
            if self.operation.body_required:
                raise ApiError(400, "missing_parameters", "the request body is required (JSON object)")
            return None
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ApiError(400, "invalid_parameters", f"the request body is not valid JSON: {exc}") from None
        assert self.body_validator is not None
        if not self.body_validator.is_valid(body):
            raise _reject(list(self.body_validator.iter_errors(body)), code=self.body_code, what="body")
        return body

    def response_errors(self, status: int, payload: Any) -> list[str]:
        """Why a response body does not fit the spec (empty list when it fits)."""
        if status not in self.operation.responses:
            return [f"status {status} is not documented for {self.operation.operation_id}"]
        validator = self.response_validators.get(status)
        if validator is None:
            return [] if payload is None else [f"status {status} must have no body"]
        return [f"{_location(e.instance_path)}: {e.message}" for e in validator.iter_errors(payload)]


class SpecValidators:
    """All operation validators for one spec (optionally relaxed by contract-breaking modes)."""

    def __init__(self, spec: ApiSpec, *, strict_query: bool = False, breakages: Iterable[str] = ()) -> None:
        relaxed = frozenset(breakages) & RELAXATIONS
        compile_ = _Compiler(_definitions(spec, relaxed))
        self.operations = {
            op_id: OperationValidator(spec, op, compile_, strict_query=strict_query, breakages=relaxed)
            for op_id, op in spec.operations.items()
        }

    def __getitem__(self, operation_id: str) -> OperationValidator:
        return self.operations[operation_id]
