"""The regenerate / drift-check pipeline (scripts/_codegen.py)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _codegen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_codegen", ROOT / "scripts" / "_codegen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["_codegen"] = module
    spec.loader.exec_module(module)
    return module


codegen = _codegen()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "kalshi_orders_api"
    codegen.generate(out)
    return out


def test_committed_client_matches_a_fresh_generation(fresh: Path) -> None:
    assert codegen.diff(fresh, codegen.TARGET) == []


def test_generation_is_deterministic(fresh: Path, tmp_path: Path) -> None:
    again = tmp_path / "kalshi_orders_api"
    codegen.generate(again)
    assert codegen.diff(fresh, again) == []


def test_drift_check_reports_edited_added_and_removed_files(fresh: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(fresh, edited)
    (edited / "models" / "order.py").write_text("# edited by hand\n", encoding="utf-8")
    (edited / "stray.py").write_text("", encoding="utf-8")
    (edited / "models" / "book_side.py").unlink()
    problems = codegen.diff(fresh, edited)
    assert "differs from a fresh generation: models/order.py" in problems
    assert "not produced by the generator: stray.py" in problems
    assert "missing from generated/: models/book_side.py" in problems


def test_a_spec_edit_alone_is_drift(fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        codegen.SPEC.read_text(encoding="utf-8").replace(
            "enum: [resting, canceled, executed]", "enum: [resting, canceled, executed, queued]"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(codegen, "SPEC", spec)
    out = tmp_path / "kalshi_orders_api"
    codegen.generate(out)
    problems = codegen.diff(out, codegen.TARGET)
    assert "differs from a fresh generation: models/order_status.py" in problems
    assert "differs from a fresh generation: openapi.yaml" in problems


def test_generation_keeps_date_times_as_wire_strings() -> None:
    spec = {
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "t": {"type": "string", "format": "date-time", "nullable": True},
                        "u": {"type": "string", "format": "uuid"},
                    },
                }
            }
        }
    }
    out = codegen.generation_spec(spec)
    assert "format" not in out["components"]["schemas"]["A"]["properties"]["t"]
    assert out["components"]["schemas"]["A"]["properties"]["u"]["format"] == "uuid"
    assert spec["components"]["schemas"]["A"]["properties"]["t"]["format"] == "date-time"
