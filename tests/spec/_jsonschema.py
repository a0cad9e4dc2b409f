"""The curated spec, and its schemas as JSON Schema, for the spec tests."""

from __future__ import annotations

import copy
from typing import Any

from kalshi_sandbox.spec import load_spec as _load_api_spec
from kalshi_sandbox.validation import component_schema


def load_spec() -> dict[str, Any]:
    """A private copy of the spec shipped in the generated package (tests may not mutate the shared one)."""
    return copy.deepcopy(_load_api_spec().document)


def json_schema(name: str) -> dict[str, Any]:
    """A self-contained JSON Schema (2020-12) for components/schemas/<name>."""
    return component_schema(name)
