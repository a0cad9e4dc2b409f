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


def enum_violations(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every place where `instance` holds a value outside an `enum` the spec documents for it."""
    return [
        f"{where} = {value!r} is not one of {part['enum']}"
        for part, value, where in _nodes(schema, instance)
        if "enum" in part and value not in part["enum"]
    ]


def missing_required(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every required property the spec declares that `instance` (recursively) lacks."""
    return [
        f"{where}.{key} is missing"
        for part, value, where in _nodes(schema, instance)
        if isinstance(value, dict)
        for key in part.get("required", [])
        if key not in value
    ]


def enum_fields(schema: dict[str, Any]) -> dict[str, list[str]]:
    """Top-level properties of an object schema that are enums, with their documented values."""
    found: dict[str, list[str]] = {}
    for part in _branches(schema):
        for key, sub in part.get("properties", {}).items():
            for branch in _branches(sub):
                if "enum" in branch and not sub.get("deprecated"):
                    found[key] = list(branch["enum"])
    return found
