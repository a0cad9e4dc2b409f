"""The curated spec as the suite reads it: loading, operations, and walkers for enum and required-field rules.

The spec ships inside the generated package (`kalshi_orders_api/openapi.yaml`); the suite always loads it from
there so that an installed copy tests against the spec its client was generated from.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kalshi_sandbox.spec import RetiredOperation
from kalshi_sandbox.spec import load_spec as _api_spec

__all__ = ["Operation", "RetiredOperation", "load_spec", "operation", "operations", "retired_operations"]


def load_spec() -> dict[str, Any]:
    """A fresh (mutable) copy of the curated spec."""
    return copy.deepcopy(_cached_spec())


def _cached_spec() -> dict[str, Any]:
    # One parse of the spec per process, shared with the sandbox's route table.
    return _api_spec().document


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # as in the spec, e.g. /portfolio/orders/{order_id}
    bucket: str  # read | write (x-kalshi-rate-limit)
    cost: int

    @property
    def is_write(self) -> bool:
        return self.method != "GET"

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def operations() -> list[Operation]:
    return [
        Operation(op.operation_id, op.method, op.path, op.bucket, op.cost)
        for op in _api_spec().operations.values()
    ]


def operation(operation_id: str) -> Operation:
    for op in operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(f"no operation {operation_id!r} in the spec")


def operation_for_label(method: str, path: str) -> Operation | None:
    for op in operations():
        if op.method == method.upper() and op.path == path:
            return op
    return None


def retired_operations() -> list[RetiredOperation]:
    return list(_api_spec().retired)


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s until a concrete schema."""
    spec = _cached_spec()
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def component(name: str) -> dict[str, Any]:
    return resolve({"$ref": f"#/components/schemas/{name}"})


def _operation_object(operation_id: str) -> dict[str, Any]:
    op = operation(operation_id)
    found: dict[str, Any] = _cached_spec()["paths"][op.path][op.method.lower()]
    return found


def success_schema(operation_id: str) -> tuple[int, dict[str, Any] | None]:
    """The documented 2xx status of an operation and its JSON body schema (None for 204)."""
    for status, response in _operation_object(operation_id)["responses"].items():
        if str(status).startswith("2"):
            response = resolve(response)
            content = response.get("content", {}).get("application/json")
            return int(status), (content["schema"] if content else None)
    raise KeyError(f"{operation_id} documents no 2xx response")


def request_schema(operation_id: str) -> dict[str, Any] | None:
    body = _operation_object(operation_id).get("requestBody")
    if body is None:
        return None
    return resolve(body["content"]["application/json"]["schema"])


def query_parameters(operation_id: str) -> dict[str, dict[str, Any]]:
    params = {}
    for param in _operation_object(operation_id).get("parameters", []):
        param = resolve(param)
        if param["in"] == "query":
            params[param["name"]] = resolve(param["schema"])
    return params


# ------------------------------------------------------------------------------------------- instance walkers


def _branches(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema itself plus its `allOf` parts, resolved (the spec uses allOf for described $refs)."""
    schema = resolve(schema)
    yield schema
    for part in schema.get("allOf", []):
        yield from _branches(part)


def _matching_one_of(schema: dict[str, Any], instance: Any) -> dict[str, Any] | None:
    """For `oneOf` between an object and a scalar (ErrorResponse.error), the branch whose type fits."""
    for option in schema.get("oneOf", []):
        option = resolve(option)
        kind = option.get("type", "object" if "properties" in option else None)
        if (kind == "object" and isinstance(instance, dict)) or (
            kind == "string" and isinstance(instance, str)
        ):
            return option
    return None


def _nodes(
    schema: dict[str, Any], instance: Any, where: str = "$"
) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """Every (schema part, value, JSON path) pair of `instance`, following properties, items and oneOf."""
    if instance is None:
        return  # nullability is response_schema_conformance's job
    for part in _branches(schema):
        yield part, instance, where
        chosen = _matching_one_of(part, instance)
        if chosen is not None:
            yield from _nodes(chosen, instance, where)
        if isinstance(instance, dict):
            for key, sub in part.get("properties", {}).items():
                if key in instance:
                    yield from _nodes(sub, instance[key], f"{where}.{key}")
        if isinstance(instance, list) and "items" in part:
            for index, item in enumerate(instance):
                yield from _nodes(part["items"], item, f"{where}[{index}]")


def enum_problems(schema: dict[str, Any], instance: Any) -> list[tuple[str, Any, str]]:
    """(JSON path, value, expected) wherever `instance` holds a value outside a documented `enum`."""
    return [
        (where, value, f"one of {part['enum']}")
        for part, value, where in _nodes(schema, instance)
        if "enum" in part and value not in part["enum"]
    ]


def enum_violations(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every place where `instance` holds a value outside an `enum` the spec documents for it."""
    return [
        f"{where} = {value!r} is not {expected}" for where, value, expected in enum_problems(schema, instance)
    ]


def missing_required_paths(schema: dict[str, Any], instance: Any) -> list[str]:
    """The JSON path of every required property the spec declares that `instance` (recursively) lacks."""
    return [
        f"{where}.{key}"
        for part, value, where in _nodes(schema, instance)
        if isinstance(value, dict)
        for key in part.get("required", [])
        if key not in value
    ]


def missing_required(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every required property the spec declares that `instance` (recursively) lacks."""
    return [f"{path} is missing" for path in missing_required_paths(schema, instance)]


def enum_fields(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Top-level properties of an object schema that are enums, with their documented values."""
    found: dict[str, list[str]] = {}
    for part in _branches(schema):
        for key, sub in part.get("properties", {}).items():
            for branch in _branches(sub):
                if "enum" in branch and not sub.get("deprecated"):
                    found[key] = list(branch["enum"])
    return found


# ------------------------------------------------------------------------------------------- JSON Schema

_OPENAPI_ONLY = ("nullable", "example", "examples", "deprecated", "discriminator", "xml", "externalDocs")


def _convert(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema 2020-12: `nullable` becomes a type union, refs point to $defs."""
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: _convert(value)
        for key, value in node.items()
        if key not in _OPENAPI_ONLY and not key.startswith("x-")
    }
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if "properties" in node:
        out["properties"] = {k: _convert(v) for k, v in node["properties"].items()}
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            return {"anyOf": [out, {"type": "null"}]}
    return out


_SCHEMA_CACHE: dict[str, Any] = {}


def json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A self-contained JSON Schema for an OpenAPI schema of the spec (components under $defs)."""
    if "defs" not in _SCHEMA_CACHE:
        components = _cached_spec().get("components", {}).get("schemas", {})
        _SCHEMA_CACHE["defs"] = {name: _convert(value) for name, value in components.items()}
    converted = _convert(schema)
    return {**converted, "$defs": _SCHEMA_CACHE["defs"]}


def response_schema(operation_id: str, status: int) -> dict[str, Any] | None:
    """The documented JSON body schema for `status` of an operation (None: no body or not documented)."""
    responses = _operation_object(operation_id)["responses"]
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if response is None:
        return None
    content = resolve(response).get("content", {}).get("application/json")
    return content["schema"] if content else None


def documented_statuses(operation_id: str) -> list[int]:
    return sorted(int(s) for s in _operation_object(operation_id)["responses"] if str(s).isdigit())


# -------------------------------------------------------------------------------- what the spec promises


def error_codes(operation_id: str, status: int) -> list[str]:
    """The error codes the spec documents for `status` of an operation (`x-kalshi-error-codes`, then the
    spec-wide `x-kalshi-error-codes`); empty: any code, as long as there is one."""
    if operation_id in retired_ids():
        return [RETIRED_CODE] if status == RETIRED_STATUS else []
    op = _operation_object(operation_id).get("x-kalshi-error-codes") or {}
    common = _cached_spec().get("x-kalshi-error-codes") or {}
    return list(op.get(str(status)) or common.get(str(status)) or [])


RETIRED_STATUS, RETIRED_CODE = 410, "deprecated_v1_order_endpoint"


def has_operation(operation_id: str) -> bool:
    return any(op.operation_id == operation_id for op in operations())


def retired_ids() -> set[str]:
    return {op.operation_id for op in retired_operations()}


def ordering(operation_id: str) -> dict[str, Any] | None:
    """`x-kalshi-ordering` of a list operation: {field, direction} of the items along a cursor walk."""
    found = _operation_object(operation_id).get("x-kalshi-ordering")
    return dict(found) if found else None


def invariants() -> list[dict[str, Any]]:
    """The spec's `x-invariants` entries (id, applies-to, rule)."""
    return [dict(entry) for entry in _cached_spec().get("x-invariants") or []]


def operation_for_path(method: str, path: str) -> Operation | None:
    """The operation a concrete request path (relative to the base URL) belongs to."""
    import re

    # Literal paths first: /portfolio/events/orders/batched is not an order id.
    for op in sorted(operations(), key=lambda op: op.path.count("{")):
        if op.method != method.upper():
            continue
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(op.path)) + "$"
        if re.match(pattern, path):
            return op
    return None
