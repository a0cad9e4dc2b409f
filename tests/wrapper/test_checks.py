"""The limits the wrapper checks locally are the spec's (one home each, checked against the shipped spec)."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kalshi_orders import OrderValidationError
from kalshi_orders._checks import MAX_SUBACCOUNT, check_int, check_subaccount
from kalshi_orders._filters import MAX_LIMIT

SPEC = yaml.safe_load((importlib.resources.files("kalshi_orders_api") / "openapi.yaml").read_text())


def _schemas_named(node: Any, names: set[str], key: str | None = None) -> Iterator[dict[str, Any]]:
    """Every schema reached under a property or parameter called one of ``names``."""
    if isinstance(node, dict):
        if node.get("name") in names and isinstance(node.get("schema"), dict):
            yield node["schema"]
        if key in names and "type" in node:
            yield node
        for k, v in node.items():
            yield from _schemas_named(v, names, k)
    elif isinstance(node, list):
        for v in node:
            yield from _schemas_named(v, names, key)


def test_the_subaccount_limit_is_the_specs() -> None:
    bounds = {s.get("maximum") for s in _schemas_named(SPEC, {"subaccount", "subaccount_number"})}
    assert bounds - {None} == {MAX_SUBACCOUNT}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_the_page_size_limit_is_the_specs() -> None:
    params = [_resolve(p) for p in SPEC["paths"]["/portfolio/orders"]["get"]["parameters"]]
    (limit,) = [p for p in params if p.get("name") == "limit"]
    assert limit["schema"]["maximum"] == MAX_LIMIT


@pytest.mark.parametrize("value", [-1, MAX_SUBACCOUNT + 1, True, "1", 1.0])
def test_a_bad_subaccount_is_refused_before_sending(value: object) -> None:
    with pytest.raises(OrderValidationError, match=f"subaccount must be an int from 0 to {MAX_SUBACCOUNT}"):
        check_subaccount(value)  # type: ignore[arg-type]


def test_int_checks_name_the_bounds() -> None:
    assert check_int("n", 5, 0) == 5
    with pytest.raises(OrderValidationError, match="n must be an int from 1 or more, not 0"):
        check_int("n", 0, 1)
