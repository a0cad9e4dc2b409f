"""One version: kalshi_orders.__version__, the installed metadata and `kalshi-orders --version`."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from typer.testing import CliRunner

import kalshi_orders
from kalshi_orders.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_written_once() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([a-z]+\d+)?", kalshi_orders.__version__)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "kalshi_orders._version.__version__"}
    # The installed metadata was built from the same attribute (scripts/bootstrap reinstalls on a bump).
    assert importlib.metadata.version("kalshi-orders") == kalshi_orders.__version__


def test_the_cli_prints_it() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"kalshi-orders {kalshi_orders.__version__}\n"
