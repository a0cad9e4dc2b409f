"""JSON Schema validators for the curated spec's component schemas (reusable by any sandbox test).

The spec is OpenAPI 3.0: ``nullable: true`` becomes a union with null and ``#/components/schemas/X`` refs
point at ``$defs``. Load it from the generated package, as the sandbox does at run time.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import jsonschema_rs
import yaml

_OPENAPI_ONLY = {"nullable", "example", "deprecated", "discriminator", "xml", "externalDocs"}


@functools.cache
def load_spec() -> dict[str, Any]:
    text = resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    return spec


def to_json_schema(node: Any) -> Any:
    """One OpenAPI 3.0 schema node → JSON Schema 2020-12."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: to_json_schema(value)
        for key, value in node.items()
        if key not in _OPENAPI_ONLY and not key.startswith("x-")
    }
    ref = out.get("$ref")
    if isinstance(ref, str):
        out["$ref"] = ref.replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable") is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _document() -> dict[str, Any]:
    schemas = load_spec()["components"]["schemas"]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": to_json_schema(schemas)}


@functools.cache
def validator(name: str) -> Any:
    """A jsonschema_rs validator for ``components/schemas/<name>`` (formats not asserted)."""
    return jsonschema_rs.Draft202012Validator({**_document(), "$ref": f"#/$defs/{name}"})


def errors(name: str, instance: Any) -> list[str]:
    """Every violation of schema ``name`` by ``instance`` (empty when it fits)."""
    return [f"{err.instance_path}: {err.message}" for err in validator(name).iter_errors(instance)]


def assert_valid(name: str, instance: Any) -> None:
    problems = errors(name, instance)
    assert not problems, f"{name} does not fit the spec: {problems} in {instance}"
