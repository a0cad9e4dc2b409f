"""Tiny benchmark harness: best-of-N timings of a workload and its baseline, measured in the same run.

Figures are reported as ratios (workload speed / baseline speed), which travel between machines far better
than absolute times. Runs alternate workload and baseline so that background load hits both alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    seconds: float  # best time of one call


def best_of(fn: Callable[[], object], *, number: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def compare(
    workload: tuple[str, Callable[[], object]],
    baseline: tuple[str, Callable[[], object]],
    *,
    number: int = 20,
    rounds: int = 5,
) -> tuple[Timing, Timing]:
    """Best time per call of each, interleaving rounds of the two."""
    w_best = b_best = float("inf")
    for _ in range(rounds):
        w_best = min(w_best, best_of(workload[1], number=number, repeat=1))
        b_best = min(b_best, best_of(baseline[1], number=number, repeat=1))
    return Timing(workload[0], w_best), Timing(baseline[0], b_best)


def report(title: str, workload: Timing, baseline: Timing, *, target: str, ok: bool, unit: str = "ms") -> str:
    scale = 1000.0 if unit == "ms" else 1_000_000.0
    ratio = baseline.seconds / workload.seconds
    lines = [
        f"## {title}",
        f"  {workload.name}: {workload.seconds * scale:.3f} {unit}",
        f"  {baseline.name}: {baseline.seconds * scale:.3f} {unit}",
        f"  speed ratio (workload / baseline): {ratio:.2f}x   target: {target}   {'MET' if ok else 'MISSED'}",
    ]
    return "\n".join(lines)
