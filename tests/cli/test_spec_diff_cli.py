"""``kalshi-orders spec diff``: table, JSON and exit status."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from kalshi_orders.cli._errors import EXIT_BREAKING

from .conftest import Invoke
from .test_specdiff import CURATED, SPEC_3_13, base_spec, schemas


def _write(tmp_path: Path, name: str, spec: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_breaking_changes_exit_3_with_a_table(invoke: Invoke) -> None:
    result = invoke("spec", "diff", str(SPEC_3_13), str(CURATED))
    assert result.exit_code == EXIT_BREAKING, result.output
    out = result.stdout
    assert "kalshi-openapi-3.13.0.yaml (3.13.0)" in out
    assert "CreateOrder (POST /portfolio/orders)" in out
    assert "use CreateOrderV2" in out
    assert "Order.outcome_side" in out
    assert "Order.book_side" in out
    assert "Order.side" in out
    assert "no longer required" in out
    assert "Breaking changes" in out


def test_json_output(invoke: Invoke) -> None:
    result = invoke("spec", "diff", "--json", str(SPEC_3_13), str(CURATED))
    assert result.exit_code == EXIT_BREAKING
    data = json.loads(result.stdout)
    assert data["breaking"] is True
    assert data["old_version"] == "3.13.0"
    assert data["old"] == str(SPEC_3_13)
    kinds = {(c["kind"], c["location"]) for c in data["changes"]}
    assert ("field-added", "Order.outcome_side") in kinds
    assert ("required-changed", "Order.action") in kinds
    assert sum(data["counts"].values()) == len(data["changes"])


def test_identical_specs_exit_0(invoke: Invoke) -> None:
    result = invoke("spec", "diff", str(CURATED), str(CURATED))
    assert result.exit_code == 0
    assert "No changes" in result.stdout


def test_only_open_enum_changes_exit_0(invoke: Invoke, tmp_path: Path) -> None:
    old = base_spec()
    new = copy.deepcopy(old)
    schemas(new)["Status"]["enum"].append("executed")
    schemas(new)["Order"]["properties"]["exchange_index"] = {"type": "integer"}
    result = invoke(
        "spec", "diff", str(_write(tmp_path, "a.yaml", old)), str(_write(tmp_path, "b.yaml", new))
    )
    assert result.exit_code == 0, result.output
    assert "compatible (open enums)" in result.stdout
    assert "No breaking changes" in result.stdout
    data = json.loads(
        invoke("spec", "diff", "--json", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")).stdout
    )
    assert data["counts"] == {"breaking": 0, "compatible (open enums)": 1, "non-breaking": 1}


def test_json_spec_files_work(invoke: Invoke, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps(base_spec()), encoding="utf-8")
    new_spec = base_spec()
    del new_spec["paths"]["/portfolio/orders/{order_id}"]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(new_spec), encoding="utf-8")
    result = invoke("spec", "diff", str(old), str(new))
    assert result.exit_code == EXIT_BREAKING
    assert "GetOrder (GET /portfolio/orders/{order_id})" in result.stdout


def test_unreadable_spec_is_a_sentence_not_a_traceback(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("spec", "diff", str(tmp_path / "missing.yaml"), str(CURATED))
    assert result.exit_code == 2
    assert "Cannot read the spec" in result.stderr
    assert "Traceback" not in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.0\ninfo: {}\n", encoding="utf-8")
    result = invoke("spec", "diff", str(bad), str(CURATED))
    assert result.exit_code == 2
    assert "not an OpenAPI document" in result.stderr
