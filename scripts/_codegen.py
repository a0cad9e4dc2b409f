"""Regenerate the client from the curated spec, or check that the committed client matches it; and keep the
generator's template customisations as patches against its stock templates.

Used by scripts/regenerate, scripts/check-generated and scripts/template. Generation is deterministic: the
same spec, patches and pinned tool versions give byte-identical files wherever it runs.

Template patches. Each ``openapi/templates/<stock path>.patch`` is a unified diff against the stock template
of the pinned openapi-python-client, headed by the generator version it was made against and the SHA-256 of
that stock template. Before generating, every patch is applied (whatthepatch, which refuses a hunk whose
context does not match) to the installed stock template, after checking its hash: a generator upgrade that
changed a patched template fails loudly here instead of silently generating with stale logic. The patched
templates go to a temporary directory that the generator reads as its custom template path.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import filecmp
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import whatthepatch
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "kalshi-orders.yaml"
CONFIG = ROOT / "openapi" / "codegen.yaml"
PATCHES = ROOT / "openapi" / "templates"
# Where `scripts/template edit` puts patched templates to edit (git-ignored); `save` diffs them back.
EDITING = PATCHES / "editing"
GENERATOR = "openapi-python-client"
PACKAGE = "kalshi_orders_api"
TARGET = ROOT / "generated" / PACKAGE
PATCH_SUFFIX = ".patch"
# Formats the generator would convert into Python objects. They stay wire strings in the generated
# models (the wrapper converts), so every model round-trips byte for byte and parses cheaply; the
# curated spec keeps them for validators and schemathesis.
WIRE_STRING_FORMATS = {"date-time", "date"}


def generation_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the generator sees it: the curated spec minus the converting string formats."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: strip(v) for k, v in node.items()}
            if out.get("type") == "string" and out.get("format") in WIRE_STRING_FORMATS:
                del out["format"]
            return out
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(copy.deepcopy(spec))


class TemplateError(Exception):
    """A template patch cannot be applied as recorded; the message says what to do."""


def stock_templates() -> Path:
    """The installed generator's own templates directory."""
    found = importlib.util.find_spec("openapi_python_client")
    if found is None or found.origin is None:
        raise TemplateError(f"{GENERATOR} is not installed: run scripts/bootstrap first")
    return Path(found.origin).parent / "templates"


def generator_version() -> str:
    return importlib.metadata.version(GENERATOR)


def _rel(path: Path) -> str:
    """A path as the developer sees it: relative to the repository when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TemplatePatch:
    """One ``<template>.patch`` file: its header (why, base version, base hash) and its diff."""

    template: str  # path below the stock templates directory, e.g. "model.py.jinja"
    why: list[str]
    base_version: str
    base_sha256: str
    diff: str

    @property
    def path(self) -> Path:
        return PATCHES / f"{self.template}{PATCH_SUFFIX}"

    @classmethod
    def read(cls, path: Path) -> TemplatePatch:
        template = path.relative_to(PATCHES).as_posix()[: -len(PATCH_SUFFIX)]
        header: dict[str, str] = {}
        why: list[str] = []
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        body_start = len(lines)
        for index, line in enumerate(lines):
            if not line.startswith("#"):
                body_start = index
                break
            text = line[1:].strip()
            key, sep, value = text.partition(":")
            if sep and key in ("template", "base-version", "base-sha256"):
                header[key] = value.strip()
            elif key != "kalshi-orders template patch":
                why.append(line[1:].rstrip("\n").removeprefix(" "))
        missing = {"base-version", "base-sha256"} - header.keys()
        if missing:
            raise TemplateError(f"{_rel(path)}: header lacks {', '.join(sorted(missing))}")
        while why and not why[-1].strip():
            why.pop()
        return cls(template, why, header["base-version"], header["base-sha256"], "".join(lines[body_start:]))

    def text(self) -> str:
        head = [
            "# kalshi-orders template patch",
            f"# template: {self.template}",
            f"# base-version: {self.base_version}",
            f"# base-sha256: {self.base_sha256}",
            *(f"# {line}".rstrip() for line in self.why),
        ]
        return "\n".join(head) + "\n" + self.diff

    def apply(self, stock_dir: Path) -> str:
        """The patched template, from the stock one (which must be the recorded base)."""
        stock_file = stock_dir / self.template
        rel = _rel(self.path)
        if not stock_file.is_file():
            raise TemplateError(
                f"{rel} patches templates/{self.template}, which {GENERATOR} {generator_version()} no longer "
                "ships. Port the customisation to the template that replaced it, then delete this patch."
            )
        stock = stock_file.read_text(encoding="utf-8")
        actual = _sha256(stock)
        if actual != self.base_sha256:
            raise TemplateError(
                f"{rel} was made against {GENERATOR} {self.base_version}'s templates/{self.template} "
                f"(sha256 {self.base_sha256[:12]}), but the installed {GENERATOR} {generator_version()} "
                f"ships a different one (sha256 {actual[:12]}): its stock logic changed under the patch. "
                f"Run `scripts/template rebase {self.template}` (a three-way merge onto the new stock "
                "template), review the result, `scripts/template save`, then scripts/regenerate."
            )
        diffs = list(whatthepatch.parse_patch(self.diff))
        if len(diffs) != 1:
            raise TemplateError(f"{rel} must hold exactly one file's diff, found {len(diffs)}")
        try:
            lines = whatthepatch.apply_diff(diffs[0], stock)
        except whatthepatch.exceptions.HunkApplyException as exc:
            raise TemplateError(
                f"{rel} does not apply to its own base template ({exc}): the diff was edited by hand. "
                f"Recreate it with `scripts/template edit {self.template}` + `scripts/template save`."
            ) from None
        return "\n".join(lines) + "\n"


def make_diff(template: str, stock: str, patched: str) -> str:
    """The unified diff (3 lines of context) from the stock template to the patched one."""
    if not patched.endswith("\n"):
        patched += "\n"
    return "".join(
        difflib.unified_diff(
            stock.splitlines(keepends=True),
            patched.splitlines(keepends=True),
            f"a/{template}",
            f"b/{template}",
        )
    )


def template_patches() -> list[TemplatePatch]:
    return [TemplatePatch.read(p) for p in sorted(PATCHES.rglob(f"*{PATCH_SUFFIX}"))]


def unsaved_edits(stock_dir: Path) -> list[str]:
    """Templates being edited whose content differs from what their patch gives."""
    if not EDITING.is_dir():
        return []
    patches = {p.template: p for p in template_patches()}
    out = []
    for path in sorted(p for p in EDITING.rglob("*") if p.is_file()):
        name = path.relative_to(EDITING).as_posix()
        current = patches[name].apply(stock_dir) if name in patches else (stock_dir / name).read_text("utf-8")
        if path.read_text(encoding="utf-8") != current:
            out.append(name)
    return out


def patched_templates(out_dir: Path) -> list[str]:
    """Write every patched template into out_dir (the generator's custom template path)."""
    stock_dir = stock_templates()
    pending = unsaved_edits(stock_dir)
    if pending:
        names = ", ".join(pending)
        raise TemplateError(
            f"unsaved template edits in {_rel(EDITING)}/ ({names}): run `scripts/template save` "
            "to turn them into patches (or `scripts/template discard`), then generate"
        )
    written = []
    for patch in template_patches():
        target = out_dir / patch.template
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(patch.apply(stock_dir), encoding="utf-8")
        written.append(patch.template)
    return written


def generate(out_dir: Path) -> None:
    """Generate the package into out_dir (which must not exist)."""
    exe_dir = Path(sys.executable).parent
    generator = shutil.which(
        "openapi-python-client", path=f"{exe_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    if generator is None:
        sys.exit("openapi-python-client is not installed: run scripts/bootstrap first")
    env = dict(os.environ, PATH=f"{exe_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    if shutil.which("ruff", path=env["PATH"]) is None:
        sys.exit("ruff is not installed (the generator formats with it): run scripts/bootstrap first")
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="kalshi-codegen-") as tmp:
        templates = Path(tmp) / "templates"
        try:
            patched_templates(templates)
        except TemplateError as exc:
            sys.exit(f"template patches: {exc}")
        gen_spec = Path(tmp) / "spec.yaml"
        gen_spec.write_text(yaml.safe_dump(generation_spec(spec), sort_keys=False), encoding="utf-8")
        cmd = [
            generator,
            "generate",
            "--path",
            str(gen_spec),
            "--config",
            str(CONFIG),
            "--custom-template-path",
            str(templates),
            "--meta",
            "none",
            "--output-path",
            str(out_dir),
            "--fail-on-warning",
        ]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            sys.exit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
    # The package carries the exact spec it was generated from; the sandbox and the contract suite load it.
    shutil.copyfile(SPEC, out_dir / "openapi.yaml")
    (out_dir / "py.typed").write_text("", encoding="utf-8")
    for junk in [*out_dir.rglob(".ruff_cache"), *out_dir.rglob("__pycache__")]:
        shutil.rmtree(junk, ignore_errors=True)


def _tree(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ruff_cache" not in p.parts
    }


def diff(expected_root: Path, actual_root: Path) -> list[str]:
    expected, actual = _tree(expected_root), _tree(actual_root)
    problems = [f"missing from generated/: {name}" for name in sorted(expected.keys() - actual.keys())]
    problems += [f"not produced by the generator: {name}" for name in sorted(actual.keys() - expected.keys())]
    problems += [
        f"differs from a fresh generation: {name}"
        for name in sorted(expected.keys() & actual.keys())
        if not filecmp.cmp(expected[name], actual[name], shallow=False)
    ]
    return problems


# ---------------------------------------------------------------------------------- scripts/template commands


def _names(given: list[str], default: list[str]) -> list[str]:
    return [n.removeprefix("templates/").removesuffix(PATCH_SUFFIX) for n in given] or default


def _editing_names() -> list[str]:
    if not EDITING.is_dir():
        return []
    return sorted(p.relative_to(EDITING).as_posix() for p in EDITING.rglob("*") if p.is_file())


def template_status() -> list[str]:
    """One line per patch: template, base, whether the installed stock template still matches, edits."""
    stock_dir = stock_templates()
    editing = set(_editing_names())
    lines = [f"{GENERATOR} {generator_version()} installed; patches in {_rel(PATCHES)}/"]
    for patch in template_patches():
        stock_file = stock_dir / patch.template
        ok = stock_file.is_file() and _sha256(stock_file.read_text("utf-8")) == patch.base_sha256
        state = "stock unchanged" if ok else "STOCK CHANGED: scripts/template rebase " + patch.template
        edit = ", being edited" if patch.template in editing else ""
        lines.append(f"  {patch.template}: made against {patch.base_version}, {state}{edit}")
    for name in sorted(editing - {p.template for p in template_patches()}):
        lines.append(f"  {name}: new, being edited (no patch yet)")
    return lines


def template_edit(names: list[str], *, force: bool = False) -> list[Path]:
    """Put each patched template (the stock one, for a template not patched yet) in EDITING to edit."""
    stock_dir = stock_templates()
    patches = {p.template: p for p in template_patches()}
    unsaved = set(unsaved_edits(stock_dir))
    written = []
    for name in names:
        if name not in patches and not (stock_dir / name).is_file():
            raise TemplateError(f"{GENERATOR} has no template {name!r} (see {stock_dir})")
        if name in unsaved and not force:
            raise TemplateError(f"{_rel(EDITING)}/{name} has unsaved edits: save or discard them")
        text = patches[name].apply(stock_dir) if name in patches else (stock_dir / name).read_text("utf-8")
        target = EDITING / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def template_save(names: list[str], *, why: str | None = None, keep: bool = False) -> list[str]:
    """Diff each edited template against the installed stock one into its patch (recording this generator
    version and the stock hash); an edit back to stock removes the patch. Returns what was done."""
    stock_dir = stock_templates()
    patches = {p.template: p for p in template_patches()}
    done = []
    for name in names:
        edited = EDITING / name
        if not edited.is_file():
            raise TemplateError(f"nothing to save for {name}: {_rel(edited)} does not exist")
        stock = (stock_dir / name).read_text(encoding="utf-8")
        patched = edited.read_text(encoding="utf-8")
        old = patches.get(name)
        target = PATCHES / f"{name}{PATCH_SUFFIX}"
        if patched.rstrip("\n") == stock.rstrip("\n"):
            target.unlink(missing_ok=True)
            done.append(f"{name}: same as stock, patch removed")
        else:
            if why is not None:
                reasons = why.splitlines()
            elif old is not None:
                reasons = old.why
            else:
                raise TemplateError(f"{name} is a new patch: say why with --why '...'")
            patch = TemplatePatch(
                name, reasons, generator_version(), _sha256(stock), make_diff(name, stock, patched)
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(patch.text(), encoding="utf-8")
            done.append(f"{name}: saved {_rel(target)}")
        if not keep:
            edited.unlink()
    if EDITING.is_dir() and not any(p.is_file() for p in EDITING.rglob("*")):
        shutil.rmtree(EDITING)
    return done


def three_way(ours: str, base: str, theirs: str) -> tuple[str, int]:
    """``git merge-file``: the changes from base to ours, replayed onto theirs; (text, conflict count)."""
    with tempfile.TemporaryDirectory(prefix="kalshi-merge-") as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        labels = ["-L", "patched", "-L", "old stock", "-L", "new stock"]
        result = subprocess.run(  # noqa: S603
            ["git", "merge-file", "-p", "--diff3", *labels, *paths],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode < 0 or result.returncode > 127:
        raise TemplateError(f"git merge-file failed: {result.stderr.strip()}")
    return result.stdout, result.returncode


def _old_stock(version: str, template: str) -> str:
    """A template as another generator version ships it (pip downloads that version's wheel)."""
    with tempfile.TemporaryDirectory(prefix="kalshi-stock-") as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        cmd = [*pip, "-d", tmp, f"{GENERATOR}=={version}"]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
        wheels = list(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or not wheels:
            raise TemplateError(f"could not download {GENERATOR} {version}: {result.stderr.strip()}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            return wheel.read(f"openapi_python_client/templates/{template}").decode("utf-8")


def template_rebase(names: list[str]) -> list[str]:
    """After a generator upgrade: merge each patch's change onto the new stock template, into EDITING."""
    stock_dir = stock_templates()
    patches = {p.template: p for p in template_patches()}
    out = []
    for name in names:
        patch = patches.get(name)
        if patch is None:
            raise TemplateError(f"no patch for {name}")
        old_stock = _old_stock(patch.base_version, name)
        if _sha256(old_stock) != patch.base_sha256:
            raise TemplateError(f"{GENERATOR} {patch.base_version}'s {name} does not match the recorded hash")
        with tempfile.TemporaryDirectory(prefix="kalshi-old-") as tmp:
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_text(old_stock, encoding="utf-8")
            old_patched = patch.apply(Path(tmp))
        merged, conflicts = three_way(old_patched, old_stock, (stock_dir / name).read_text(encoding="utf-8"))
        target = EDITING / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(merged, encoding="utf-8")
        state = f"{conflicts} conflict(s) marked <<<<<<< in it" if conflicts else "merged cleanly"
        out.append(f"{name}: {state}: review {_rel(target)}, then scripts/template save")
    return out


def _template_command(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="scripts/template",
        description="Customise the generator's templates as patches against its stock templates.",
        epilog="Typical change: scripts/template edit model.py.jinja; edit openapi/templates/editing/"
        "model.py.jinja; scripts/template save; scripts/regenerate.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("status", help="each patch, its base version and whether the stock template still matches")
    edit = sub.add_parser("edit", help="write patched templates to openapi/templates/editing/ to edit")
    edit.add_argument("templates", nargs="+", help="stock template paths, e.g. model.py.jinja")
    edit.add_argument("--force", action="store_true", help="overwrite unsaved edits")
    save = sub.add_parser("save", help="diff edited templates back into their patches")
    save.add_argument("templates", nargs="*", help="default: every template being edited")
    save.add_argument("--why", help="the reason for a new patch (kept in its header)")
    save.add_argument("--keep", action="store_true", help="keep the edited copies")
    discard = sub.add_parser("discard", help="drop edited copies without saving")
    discard.add_argument("templates", nargs="*", help="default: every template being edited")
    rebase = sub.add_parser("rebase", help="after a generator upgrade: merge patches onto the new stock")
    rebase.add_argument("templates", nargs="+")
    args = parser.parse_args(argv)
    try:
        if args.action == "status":
            lines = template_status()
        elif args.action == "edit":
            paths = template_edit(_names(args.templates, []), force=args.force)
            lines = [f"edit {_rel(p)}, then: scripts/template save" for p in paths]
        elif args.action == "save":
            lines = template_save(_names(args.templates, _editing_names()), why=args.why, keep=args.keep)
            lines.append("now: scripts/regenerate (and commit the patch with generated/)")
        elif args.action == "discard":
            names = _names(args.templates, _editing_names())
            for name in names:
                (EDITING / name).unlink(missing_ok=True)
            lines = [f"discarded {name}" for name in names]
        else:
            lines = template_rebase(_names(args.templates, []))
    except TemplateError as exc:
        sys.exit(f"scripts/template: {exc}")
    print("\n".join(lines))


def main() -> None:
    if sys.argv[1:2] == ["template"]:
        _template_command(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["regenerate", "check"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kalshi-generated-") as tmp:
        fresh = Path(tmp) / PACKAGE
        generate(fresh)
        if args.command == "regenerate":
            shutil.rmtree(TARGET, ignore_errors=True)
            shutil.copytree(fresh, TARGET)
            print(f"regenerated {TARGET.relative_to(ROOT)} from {SPEC.relative_to(ROOT)}")
            return
        problems = diff(fresh, TARGET)
    if problems:
        print("generated/ is out of step with openapi/ (never edit generated/ by hand):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print(
            "Fix: edit openapi/kalshi-orders.yaml (or openapi/codegen.yaml, or a template through "
            "scripts/template), then run scripts/regenerate and commit both.",
            file=sys.stderr,
        )
        sys.exit(1)
    print("generated/ matches a fresh generation from openapi/")


if __name__ == "__main__":
    main()
