"""Template customisations as patches against the pinned generator's stock templates (scripts/_codegen.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from .test_codegen import codegen


@pytest.fixture
def stock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the installed stock templates that the code under test reads instead."""
    copy = tmp_path / "stock"
    shutil.copytree(codegen.stock_templates(), copy)
    monkeypatch.setattr(codegen, "stock_templates", lambda: copy)
    return copy


@pytest.fixture
def patches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of openapi/templates/ (patches and the editing area) for tests that write."""
    copy = tmp_path / "templates"
    shutil.copytree(codegen.PATCHES, copy, ignore=shutil.ignore_patterns("editing"))
    monkeypatch.setattr(codegen, "PATCHES", copy)
    monkeypatch.setattr(codegen, "EDITING", copy / "editing")
    return copy


def test_every_customised_template_is_a_patch_with_its_base_recorded() -> None:
    found = codegen.template_patches()
    assert {p.template for p in found} >= {"model.py.jinja", "endpoint_module.py.jinja", "str_enum.py.jinja"}
    assert not [p for p in codegen.PATCHES.rglob("*.jinja") if "editing" not in p.parts], "whole templates"
    stock_dir = codegen.stock_templates()
    for patch in found:
        stock_text = (stock_dir / patch.template).read_text(encoding="utf-8")
        assert patch.base_version == codegen.generator_version()
        assert patch.base_sha256 == hashlib.sha256(stock_text.encode()).hexdigest()
        assert patch.why and patch.why[0].startswith("Why:"), patch.template
        assert patch.apply(stock_dir) != stock_text


def test_a_changed_stock_template_fails_generation_loudly(stock: Path, tmp_path: Path) -> None:
    model = stock / "model.py.jinja"
    model.write_text(model.read_text(encoding="utf-8") + "{# upstream changed this #}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        codegen.generate(tmp_path / "out")
    message = str(info.value)
    assert "model.py.jinja.patch was made against openapi-python-client 0.29.1" in message
    assert "ships a different one" in message
    assert "scripts/template rebase model.py.jinja" in message
    assert not (tmp_path / "out").exists()


def test_a_stock_template_that_is_gone_fails_loudly(stock: Path) -> None:
    (stock / "str_enum.py.jinja").unlink()
    with pytest.raises(codegen.TemplateError, match="no longer ships"):
        codegen.patched_templates(stock.parent / "out")


def test_a_hand_edited_patch_is_refused(patches: Path, stock: Path) -> None:
    path = patches / "str_enum.py.jinja.patch"
    path.write_text(path.read_text(encoding="utf-8").replace(" from enum import StrEnum", " import enum"))
    with pytest.raises(codegen.TemplateError, match="edited by hand"):
        codegen.patched_templates(stock.parent / "out")


def test_a_header_without_its_base_is_refused(patches: Path) -> None:
    path = patches / "types.py.jinja.patch"
    path.write_text("".join(line for line in path.open() if not line.startswith("# base-sha256")))
    with pytest.raises(codegen.TemplateError, match="header lacks base-sha256"):
        codegen.template_patches()


def test_edit_then_save_without_changes_reproduces_the_patch(patches: Path, stock: Path) -> None:
    before = {p: p.read_bytes() for p in patches.rglob("*.patch")}
    codegen.template_edit(["model.py.jinja", "property_templates/union_property.py.jinja"])
    assert (patches / "editing" / "model.py.jinja").read_text() == codegen.TemplatePatch.read(
        patches / "model.py.jinja.patch"
    ).apply(stock)
    codegen.template_save(["model.py.jinja", "property_templates/union_property.py.jinja"])
    assert {p: p.read_bytes() for p in patches.rglob("*.patch")} == before
    assert not (patches / "editing").exists()


def test_an_edit_becomes_the_patch_and_generation_waits_for_it(patches: Path, stock: Path) -> None:
    (edited,) = codegen.template_edit(["str_enum.py.jinja"])
    edited.write_text(edited.read_text().replace("Open enum:", "An open enum:"), encoding="utf-8")
    with pytest.raises(codegen.TemplateError, match=r"unsaved template edits .*str_enum\.py\.jinja"):
        codegen.patched_templates(stock.parent / "out")
    with pytest.raises(codegen.TemplateError, match="unsaved edits"):
        codegen.template_edit(["str_enum.py.jinja"])  # would overwrite them
    codegen.template_save(["str_enum.py.jinja"])
    patch = codegen.TemplatePatch.read(patches / "str_enum.py.jinja.patch")
    assert '+    """An open enum:' in patch.diff
    assert patch.why[0].startswith("Why: open enums")  # the reason survives a save
    assert (
        "An open enum:"
        in (codegen.patched_templates(stock.parent / "out") and "")
        + (stock.parent / "out" / "str_enum.py.jinja").read_text()
    )


def test_a_new_patch_needs_a_reason_and_an_edit_back_to_stock_removes_it(patches: Path, stock: Path) -> None:
    (edited,) = codegen.template_edit(["int_enum.py.jinja"])  # not patched so far: the stock template
    assert edited.read_text() == (stock / "int_enum.py.jinja").read_text()
    edited.write_text(edited.read_text() + "\n# extra\n")
    with pytest.raises(codegen.TemplateError, match="--why"):
        codegen.template_save(["int_enum.py.jinja"])
    codegen.template_save(["int_enum.py.jinja"], why="Why: a test.", keep=True)
    assert (patches / "int_enum.py.jinja.patch").is_file()
    edited.write_text((stock / "int_enum.py.jinja").read_text())
    assert codegen.template_save(["int_enum.py.jinja"]) == ["int_enum.py.jinja: same as stock, patch removed"]
    assert not (patches / "int_enum.py.jinja.patch").exists()


def test_status_names_a_changed_stock_template(patches: Path, stock: Path) -> None:
    (stock / "types.py.jinja").write_text("changed\n")
    lines = codegen.template_status()
    assert any("types.py.jinja" in line and "STOCK CHANGED" in line for line in lines)
    assert any("model.py.jinja" in line and "stock unchanged" in line for line in lines)


def test_rebase_replays_a_patch_onto_a_changed_stock_template() -> None:
    base = "a\nb\nc\nd\ne\nf\ng\n"
    ours = "a\nb (ours)\nc\nd\ne\nf\ng\n"
    theirs = "a\nb\nc\nd\ne\nf\ng (upstream)\n"
    merged, conflicts = codegen.three_way(ours, base, theirs)
    assert (merged, conflicts) == ("a\nb (ours)\nc\nd\ne\nf\ng (upstream)\n", 0)
    merged, conflicts = codegen.three_way(ours, base, "a\nb (upstream)\nc\nd\ne\nf\ng\n")
    assert conflicts == 1 and "<<<<<<< patched" in merged and ">>>>>>> new stock" in merged
