"""(g) Start-up: ``import kalshi_orders``, the clients' import, and ``kalshi-orders --help``.

Targets: ``import kalshi_orders`` at most 200 ms over a bare interpreter, loading nothing of the CLI, rich,
typer or YAML; ``kalshi-orders --help`` at most 300 ms. Held to the same 200 ms: importing the two clients
(``from kalshi_orders import KalshiClient, AsyncKalshiClient``), which is what a program really pays.

Two installations are measured, because they differ in one thing that matters:

* **user**: what ``pip install kalshi-orders`` puts in a virtualenv -- the runtime dependencies only, at
  the pinned versions (built once in ``~/.cache/kalshi-orders-bench/``, with this checkout's packages on a
  ``.pth`` line,
  so it always runs the code in the working tree);
* **dev**: the project's ``.venv`` (the ``[dev]`` extras: sandbox, contract suite, tools). It has ``click``
  (through uvicorn and schemathesis), and with click, pygments and rich all importable ``import httpx``
  imports httpx's own command line, which imports rich and pygments. Nothing outside httpx can turn that
  off without patching httpx's private modules; a plain install has no click, so it never happens there.

Each figure is the best of ``--runs`` fresh interpreters, interleaved (one of each in turn). ``-X importtime``
of the clients' import gives the modules that cost the most, to show where the time goes.

    .venv/bin/python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Outside the checkout: tools and tests that walk the repository must not find a virtualenv in it.
CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "kalshi-orders-bench"
    / hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
)
IMPORT_TARGET_MS = 200.0
HELP_TARGET_MS = 300.0
WATCHED = ("rich", "typer", "yaml", "click", "pygments", "aiohttp", "httpx._main", "kalshi_orders.cli")

CASES = {
    "bare": "pass",
    "import": "import kalshi_orders",
    "clients": "from kalshi_orders import AsyncKalshiClient, KalshiClient",
    "help": "import sys; sys.argv = ['kalshi-orders', '--help']; from kalshi_orders.cli import main; main()",
}


def user_venv() -> Path:
    """A virtualenv with only the runtime dependencies, pinned; reused while pyproject/constraints match."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    stamp_text = (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    stamp = hashlib.sha256(stamp_text).hexdigest()
    venv = CACHE / "user-venv"
    python = venv / "bin" / "python"
    stamp_file = venv / ".stamp"
    if not (python.exists() and stamp_file.exists() and stamp_file.read_text() == stamp):
        print(f"  (building {venv}: runtime dependencies only, pinned; once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)  # noqa: S603
        pip = subprocess.run(  # noqa: S603 - our interpreter, the pinned runtime requirements
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-c",
                str(ROOT / "constraints.txt"),
                *project["dependencies"],
            ],
            capture_output=True,
            text=True,
        )
        if pip.returncode != 0:
            raise RuntimeError(f"installing the runtime dependencies failed:\n{pip.stdout}{pip.stderr}")
        stamp_file.write_text(stamp)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # This checkout's packages, as a plain path entry (no editable-install finder, which costs ~10 ms).
    (site / "kalshi_orders_checkout.pth").write_text(f"{ROOT / 'wrapper'}\n{ROOT / 'generated'}\n")
    return python


def _run(python: Path, code: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our interpreters, fixed code
        [str(python), "-c", code], check=True, stdout=subprocess.DEVNULL, env=env
    )
    return time.perf_counter() - start


def _loaded(python: Path, code: str) -> list[str]:
    probe = f"\nimport sys, json; print(json.dumps([m for m in {WATCHED!r} if m in sys.modules]))"
    out = subprocess.run(  # noqa: S603
        [str(python), "-c", code + probe], check=True, capture_output=True, text=True
    )
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def _importtime(python: Path, code: str, top: int = 7) -> list[tuple[str, float]]:
    """Where the import's time goes: ``-X importtime`` self times summed per top-level package (ms)."""
    out = subprocess.run(  # noqa: S603
        [str(python), "-X", "importtime", "-c", code], check=True, capture_output=True, text=True
    )
    costs: dict[str, float] = {}
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            package = m.group(2).split(".")[0]
            costs[package] = costs.get(package, 0.0) + int(m.group(1)) / 1000
    return sorted(costs.items(), key=lambda kv: -kv[1])[:top]


def measure(python: Path, runs: int) -> dict[str, Any]:
    best = dict.fromkeys(CASES, float("inf"))
    for _ in range(runs):
        for name, code in CASES.items():
            best[name] = min(best[name], _run(python, code))
    ms = {name: seconds * 1000 for name, seconds in best.items()}
    return {
        "ms": ms,
        "import_over_bare": ms["import"] - ms["bare"],
        "clients_over_bare": ms["clients"] - ms["bare"],
        "help": ms["help"],
        "loaded_import": _loaded(python, CASES["import"]),
        "loaded_clients": _loaded(python, CASES["clients"]),
        "importtime": _importtime(python, CASES["clients"]),
    }


def main(runs: int = 15) -> dict[str, Any]:
    envs = {"user": user_venv(), "dev": ROOT / ".venv" / "bin" / "python"}
    print(f"## (g) start-up, best of {runs} fresh interpreters")
    results: dict[str, Any] = {}
    for label, python in envs.items():
        r = results[label] = measure(python, runs)
        ok_import = r["import_over_bare"] <= IMPORT_TARGET_MS and not {"rich", "typer", "yaml"} & set(
            r["loaded_import"]
        )
        ok_clients = r["clients_over_bare"] <= IMPORT_TARGET_MS
        ok_help = r["help"] <= HELP_TARGET_MS
        r["ok"] = ok_import and ok_clients and ok_help
        print(f"  {label} install ({python}): bare interpreter {r['ms']['bare']:.0f} ms")
        print(
            f"    import kalshi_orders: +{r['import_over_bare']:.0f} ms (target <= {IMPORT_TARGET_MS:.0f}) "
            f"{'MET' if ok_import else 'MISSED'}; loads {r['loaded_import'] or 'none'} of {list(WATCHED)}"
        )
        print(
            f"    from kalshi_orders import AsyncKalshiClient, KalshiClient: +{r['clients_over_bare']:.0f} ms"
            " "
            f"(target <= {IMPORT_TARGET_MS:.0f}) {'MET' if ok_clients else 'MISSED'}; loads "
            f"{r['loaded_clients'] or 'none'}"
        )
        print(
            f"    kalshi-orders --help: {r['help']:.0f} ms (target <= {HELP_TARGET_MS:.0f}) "
            f"{'MET' if ok_help else 'MISSED'}"
        )
        costs = ", ".join(f"{name} {ms:.0f}" for name, ms in r["importtime"])
        print(f"    the clients' import, self time per package (-X importtime, ms): {costs}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    main(parser.parse_args().runs)
