"""(d) Contract suite wall time against the sandbox, next to the 20-second budget on 2 cores.

Runs ``kalshi-orders contract --profile ci`` in a subprocess, exactly as CI does: it starts its own local
sandbox (in its process) and runs every rule. Reported: wall time from process start to exit, the ratio
20 s / measured (>= 1 meets the budget), and a breakdown from ``results.json``'s timings: start-up (process
start and imports up to the run), target start, the pytest suite (collection included), the run-wide
sweeps, writing the reports, and the slowest rules by summed test time. ``kalshi-orders --help`` in a
subprocess is the floor any command pays.

    .venv/bin/python bench/bench_contract.py [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BUDGET_SECONDS = 20.0
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
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(  # noqa: S603 - the venv's own console script
            args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
        seconds = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        results_file = report_dir / "results.json"
        results = json.loads(results_file.read_text()) if results_file.exists() else {}
    floor_start = time.perf_counter()
    subprocess.run([*_command(), "--help"], capture_output=True, check=False)  # noqa: S603
    floor = time.perf_counter() - floor_start
    timings = results.get("timings", {})
    accounted = sum(float(timings.get(k, 0.0)) for k in ("start", "suite", "sweep", "reports"))
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
    print(
        f"  wall time: {seconds:.1f} s   budget: {BUDGET_SECONDS:.0f} s on 2 cores   CPU time: {cpu:.1f} s "
        f"(wall minus CPU is waiting: for the machine's other load, or the sandbox thread)"
    )
    print(f"  ratio (budget / measured): {ratio:.2f}x   target: >= 1x   {'MET' if ok else 'MISSED'}")
    print(
        f"  breakdown: start-up {seconds - accounted:.1f} s (kalshi-orders --help alone: {floor:.1f} s), "
        f"target {float(timings.get('start', 0)):.1f} s, suite {float(timings.get('suite', 0)):.1f} s, "
        f"sweeps {float(timings.get('sweep', 0)):.1f} s, reports {float(timings.get('reports', 0)):.1f} s"
    )
    slowest = sorted(by_rule.items(), key=lambda kv: -kv[1])[:4]
    print("  slowest rules (summed test time): " + ", ".join(f"{rule} {t:.1f} s" for rule, t in slowest))
    if proc.returncode != 0:
        print("  stderr (tail): " + "\n  ".join(proc.stderr.strip().splitlines()[-10:]))
    return {"seconds": seconds, "cpu": cpu, "ratio": ratio, "ok": ok, "exit_status": proc.returncode}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    main(parser.parse_args().seed)
