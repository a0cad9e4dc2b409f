"""The optional commands without their extras: one sentence with the pip command, never a traceback; and
no private typer imports anywhere (typer moves its internals between releases)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kalshi_orders.cli._extras import EXTRA_MODULES, extra_for_module, missing_modules

ROOT = Path(__file__).resolve().parents[2]
# Distribution name -> the module it installs, where the two differ.
_MODULE_OF = {"jsonschema-rs": "jsonschema_rs"}


def _extra_modules(extra: str, extras: dict[str, list[str]]) -> set[str]:
    modules: set[str] = set()
    for requirement in extras[extra]:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        if name == "kalshi-orders":  # kalshi-orders[sandbox] inside [contract]
            inner = re.search(r"\[(\w+)\]", requirement)
            assert inner is not None
            modules |= _extra_modules(inner.group(1), extras)
        else:
            modules.add(_MODULE_OF.get(name, name.replace("-", "_")))
    return modules


@pytest.mark.parametrize("extra", sorted(EXTRA_MODULES))
def test_module_lists_match_pyproject(extra: str) -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(EXTRA_MODULES[extra]) == _extra_modules(extra, extras)
    assert missing_modules(extra) == []  # installed here
    assert extra_for_module("schemathesis.core") == "contract" and extra_for_module("uvicorn") == "sandbox"
    assert extra_for_module("httpx") is None and extra_for_module(None) is None


def _run_without(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    # The module looks uninstalled: find_spec answers None and importing it fails, as after a plain install.
    code = (
        f"import sys; sys.modules[{module!r}] = None; "
        "from kalshi_orders.cli import main; sys.argv = ['kalshi-orders', *sys.argv[1:]]; main()"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("module", "args", "extra"),
    [
        ("pytest", ["contract", "--dry-run"], "contract"),
        ("schemathesis", ["contract"], "contract"),
        ("uvicorn", ["sandbox", "serve"], "sandbox"),
        ("jsonschema_rs", ["sandbox", "serve", "--help"], "sandbox"),
    ],
)
def test_a_missing_extra_prints_the_pip_command(module: str, args: list[str], extra: str) -> None:
    result = _run_without(module, *args)
    assert result.returncode == 2, result.stderr
    assert f"pip install 'kalshi-orders[{extra}]'" in result.stderr
    assert f"missing: {module}" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_help_still_lists_them_without_the_extras() -> None:
    result = _run_without("uvicorn", "--help")
    assert result.returncode == 0
    assert "sandbox" in result.stdout and "contract" in result.stdout


def test_no_private_typer_or_click_imports() -> None:
    pattern = re.compile(
        r"^\s*(from\s+(typer|click)(\.\w+)*\s+import\s+_|(from|import)\s+(typer|click)\._)", re.M
    )
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("wrapper", "sandbox", "contract_tests", "tests", "bench", "scripts")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
