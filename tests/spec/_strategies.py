"""Hypothesis strategies for payloads that fit the curated spec's schemas.

hypothesis-jsonschema does not run on this Hypothesis release, and the spec uses a small subset of
OpenAPI 3.0, so the strategy is built here directly from that subset. `not` rules are honoured by
filtering with a real JSON Schema validator.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import strategies as st

from tests.spec._jsonschema import json_schema, load_spec

SPEC = load_spec()
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
EXTRA_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12).map(lambda s: f"x_{s}")
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=10)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema_nullable = schema.get("nullable", False)
    base = _strategy(schema)
    return st.none() | base if schema_nullable else base


def _strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = _resolve(schema)
    if "allOf" in schema:
        (inner,) = schema["allOf"]
        return strategy(_resolve(inner))
    if "oneOf" in schema:
        return st.one_of([strategy(_resolve(s)) for s in schema["oneOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(min_size=schema.get("minLength", 0), max_size=schema.get("maxLength", 20))
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum", -(2**40)), max_value=schema.get("maximum", 2**40))
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(strategy(schema["items"]), min_size=schema.get("minItems", 0), max_size=3)
    if kind == "object":
        return _object(schema)
    raise NotImplementedError(f"no strategy for {schema}")


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fixed = {name: strategy(sub) for name, sub in props.items() if name in required}
    optional = {name: strategy(sub) for name, sub in props.items() if name not in required}
    # Unknown keys exercise forward compatibility: the API adds fields often.
    extra = st.dictionaries(EXTRA_KEYS, JSON_SCALARS, max_size=2)
    return st.builds(
        lambda a, b, c: {**c, **a, **b}, st.fixed_dictionaries(fixed, optional=optional), st.just({}), extra
    )


def payloads(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Values for components/schemas/<name> that a JSON Schema validator accepts (incl. `not` rules)."""
    validator = jsonschema.Draft202012Validator(json_schema(name))
    return _object(SCHEMAS[name]).filter(validator.is_valid)
