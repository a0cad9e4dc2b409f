"""Regenerate the client from the curated spec, or check that the committed client matches it.

Used by scripts/regenerate and scripts/check-generated. Generation is deterministic: the same spec,
templates and pinned tool versions give byte-identical files wherever it runs.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "kalshi-orders.yaml"
CONFIG = ROOT / "openapi" / "codegen.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
PACKAGE = "kalshi_orders_api"
TARGET = ROOT / "generated" / PACKAGE
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
            str(TEMPLATES),
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


def main() -> None:
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
            "Fix: edit openapi/kalshi-orders.yaml (or openapi/codegen.yaml, openapi/templates/), then run "
            "scripts/regenerate and commit both.",
            file=sys.stderr,
        )
        sys.exit(1)
    print("generated/ matches a fresh generation from openapi/")


if __name__ == "__main__":
    main()
