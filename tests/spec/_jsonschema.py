"""Turn the curated spec's OpenAPI 3.0 schemas into JSON Schema for hypothesis-jsonschema."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import yaml


def load_spec() -> dict[str, Any]:
    text = resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    spec: dict[str, Any] = yaml.safe_load(text)
    return spec


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: _convert(v)
        for k, v in node.items()
        if k not in {"example", "deprecated", "nullable"} and not k.startswith("x-")
    }
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/definitions/")
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if "type" not in out:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def json_schema(name: str, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """A self-contained JSON Schema (draft 7) for components/schemas/<name>."""
    spec = spec or load_spec()
    schemas = copy.deepcopy(spec["components"]["schemas"])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {k: _convert(v) for k, v in schemas.items()},
        "$ref": f"#/definitions/{name}",
    }
