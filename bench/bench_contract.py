"""(d) Contract suite wall time against the sandbox, next to the 5-minute budget on 2 cores.

Runs ``kalshi-orders contract --profile ci`` in a subprocess, exactly as CI does: it starts its own local
sandbox (in its process) and runs every rule. Reported: wall time from process start to exit (imports,
sandbox start, the suite, reports), the ratio 300 s / measured (>= 1 meets the budget), and the slowest rules
by summed test duration from ``results.json``.

    .venv/bin/python bench/bench_contract.py [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BUDGET_SECONDS = 300.0
TIMEOUT_SECONDS = 600


def _command() -> list[str]:
    script = Path(sys.executable).with_name("kalshi-orders")
    if script.exists():
        return [str(script)]
    found = shutil.which("kalshi-orders")
    if found is None:
        raise SystemExit("kalshi-orders is not installed in this environment (pip install -e .)")
    return [found]


def main(seed: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kalshi-contract-bench-") as tmp:
        report_dir = Path(tmp, "reports")
        args = [
            *_command(),
            "contract",
            "--profile",
            "ci",
            "--seed",
            str(seed),
            "--report-dir",
            str(report_dir),
        ]
        start = time.perf_counter()
        proc = subprocess.run(  # noqa: S603 - the venv's own console script
            args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
        seconds = time.perf_counter() - start
        results_file = report_dir / "results.json"
        results = json.loads(results_file.read_text()) if results_file.exists() else {}
    by_rule: dict[str, float] = defaultdict(float)
    outcomes: dict[str, int] = defaultdict(int)
    for item in results.get("results", []):
        by_rule[item.get("rule", "?")] += float(item.get("duration") or 0.0)
        outcomes[item.get("outcome", "?")] += 1
    ratio = BUDGET_SECONDS / seconds
    ok = proc.returncode == 0 and ratio >= 1.0
    print("## (d) contract suite (kalshi-orders contract --profile ci, local sandbox)")
    status = results.get("status", "unknown")
    print(f"  exit status {proc.returncode}, suite status {status!r}, tests: {dict(outcomes)}")
    print(f"  wall time: {seconds:.1f} s   budget: {BUDGET_SECONDS:.0f} s on 2 cores")
    print(f"  ratio (budget / measured): {ratio:.2f}x   target: >= 1x   {'MET' if ok else 'MISSED'}")
    slowest = sorted(by_rule.items(), key=lambda kv: -kv[1])[:4]
    print("  slowest rules (summed test time): " + ", ".join(f"{rule} {t:.1f} s" for rule, t in slowest))
    if proc.returncode != 0:
        print("  stderr (tail): " + "\n  ".join(proc.stderr.strip().splitlines()[-10:]))
    return {"seconds": seconds, "ratio": ratio, "ok": ok, "exit_status": proc.returncode}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    main(parser.parse_args().seed)
