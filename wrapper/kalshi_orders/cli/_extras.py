"""The optional commands and the extras that provide their dependencies (``pip install 'kalshi-orders[X]'``).

Checked with ``importlib.util.find_spec`` before a command is loaded, which finds a module without importing
it: a missing extra is a sentence with the pip command to run, never a traceback from deep inside the suite.
``tests/cli/test_extras.py`` keeps the module lists in step with the extras in pyproject.toml.
"""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRA_MODULES", "extra_for_module", "install_command", "missing_modules"]

# extra -> the top-level modules of its distributions (kalshi-orders[contract] includes [sandbox]).
_SANDBOX = ("uvicorn", "jsonschema_rs")  # httptools is a dependency of kalshi-orders itself
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "sandbox": _SANDBOX,
    "contract": (*_SANDBOX, "schemathesis", "hypothesis", "pytest"),
}


def install_command(extra: str) -> str:
    return f"pip install 'kalshi-orders[{extra}]'"


def missing_modules(extra: str) -> list[str]:
    """The extra's modules that cannot be found (empty when it is installed)."""
    missing = []
    for name in EXTRA_MODULES[extra]:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a broken install, or a module blocked in sys.modules
            found = False
        if not found:
            missing.append(name)
    return missing


def extra_for_module(module: str | None) -> str | None:
    """The smallest extra that provides ``module`` (a top-level or dotted name), if any."""
    if not module:
        return None
    top = module.split(".", 1)[0]
    for extra, modules in EXTRA_MODULES.items():
        if top in modules:
            return extra
    return None
