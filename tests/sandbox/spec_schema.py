"""JSON Schema validators for the curated spec's component schemas (reusable by any sandbox test)."""

from __future__ import annotations

import functools
from typing import Any

import jsonschema_rs

from kalshi_sandbox.validation import component_schema


@functools.cache
def validator(name: str) -> Any:
    """A jsonschema_rs validator for ``components/schemas/<name>`` (formats not asserted)."""
    return jsonschema_rs.Draft202012Validator(component_schema(name))


def errors(name: str, instance: Any) -> list[str]:
    """Every violation of schema ``name`` by ``instance`` (empty when it fits)."""
    return [f"{err.instance_path}: {err.message}" for err in validator(name).iter_errors(instance)]


def assert_valid(name: str, instance: Any) -> None:
    problems = errors(name, instance)
    assert not problems, f"{name} does not fit the spec: {problems} in {instance}"
