"""Run every benchmark (a)-(h) and print a summary of the figures against their targets.

    .venv/bin/python bench/run_all.py            # (a)-(h), about 5 minutes on 2 cores
    .venv/bin/python bench/run_all.py --only i   # (i) rate limits, 60 s per scenario, about 5 minutes
    .venv/bin/python bench/run_all.py --only f,g,h  # a subset

Each benchmark prints its own detail first; the summary at the end has one line per figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_async
import bench_contract
import bench_latency
import bench_parse
import bench_ratelimit
import bench_sandbox
import bench_sign
import bench_startup
import bench_walk


def _mark(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def _summary(results: dict[str, Any]) -> list[str]:
    lines = []
    if "a" in results:
        ratio = results["a"]
        lines.append(
            f"(a) parse 1,000-order page: models {ratio:.2f}x the speed of json.loads "
            f"(target >= {bench_parse.TARGET}x) {_mark(ratio >= bench_parse.TARGET)}"
        )
    if "b" in results:
        b = results["b"]
        lines.append(
            f"(b) walk 100,000 orders: wrapper {b['wrapper_orders_per_s']:,.0f} orders/s, bare "
            f"{b['bare_orders_per_s']:,.0f}; time {b['time_ratio']:.2f}x the bare json.loads loop (target <= "
            f"{bench_walk.TARGET}x), {b['orjson_ratio']:.2f}x the bare orjson loop (target <= "
            f"{bench_walk.TARGET_ORJSON}x) {_mark(b['speed_ok'])}; memory flat {_mark(b['flat_ok'])}"
        )
    if "c" in results:
        for kind, rows in results["c"].items():
            figures = ", ".join(f"{name} {(over - 1) * 100:+.1f}%" for name, over in rows.items())
            ok = rows["headers"] <= bench_sign.TARGET
            lines.append(f"(c) signing, {kind}: {figures} (target: headers <= +10%) {_mark(ok)}")
    if "d" in results:
        d = results["d"]
        lines.append(
            f"(d) contract suite: {d['seconds']:.1f} s; 300 s / measured = {d['ratio']:.2f}x "
            f"(target >= 1x, exit {d['exit_status']}) {_mark(d['ok'])}"
        )
    if "e" in results:
        e = results["e"]
        lines.append(
            f"(e) sandbox, one core: {e['sandbox_pages_per_s']:,.0f} pages/s ({e['page_ratio']:.2f}x bare "
            f"ASGI), {e['sandbox_small_per_s']:,.0f} GetOrder/s ({e['small_ratio']:.2f}x bare ASGI)"
        )
    if "f" in results:
        for case, r in results["f"].items():
            if case.endswith("floor"):
                continue
            kind, op = case.split()
            label = "GetOrder" if op == "get" else "CreateOrderV2"
            lines.append(
                f"(f) async, {kind}, 100 concurrent {label}: {r['vs_aiohttp']:.2f}x bare aiohttp (target <= "
                f"{bench_async.TARGET_VS_AIOHTTP}x), {r['vs_httpx']:.2f}x bare httpx (target <= "
                f"{bench_async.TARGET_VS_HTTPX}x) {_mark(r['ok'])}"
            )
        floors = ", ".join(f"{k.split()[0]} {v:.2f}x" for k, v in results["f"].items() if k.endswith("floor"))
        lines.append(f"(f) the httpx.AsyncClient floor vs bare aiohttp (GetOrder): {floors}")
    if "g" in results:
        for label, r in results["g"].items():
            lines.append(
                f"(g) start-up, {label} install: import kalshi_orders +{r['import_over_bare']:.0f} ms, the "
                f"clients +{r['clients_over_bare']:.0f} ms (target <= {bench_startup.IMPORT_TARGET_MS:.0f}); "
                f"kalshi-orders --help {r['help']:.0f} ms (target <= {bench_startup.HELP_TARGET_MS:.0f}) "
                f"{_mark(r['ok'])}"
            )
    if "h" in results:
        for kind, r in results["h"].items():
            w = r["wrapper"]
            lines.append(
                f"(h) create -> cancel, {kind}: wrapper p50 {w['p50'] * 1000:.2f} ms / p99 "
                f"{w['p99'] * 1000:.2f} ms (limiter on); round trip {r['ratio']:.3f}x bare httpx (target <= "
                f"{bench_latency.TARGET}x) {_mark(r['ok'])}"
            )
    if "i" in results:
        lines += bench_ratelimit.summary(results["i"])
    return lines


def main(only: set[str]) -> dict[str, Any]:
    steps: dict[str, Callable[[], Any]] = {
        "a": bench_parse.main,
        "b": bench_walk.main,
        "c": bench_sign.main,
        "d": bench_contract.main,
        "e": bench_sandbox.main,
        "f": bench_async.main,
        "g": bench_startup.main,
        "h": bench_latency.main,
        "i": bench_ratelimit.run,  # opt-in (--only i): about 5 minutes of real time
    }
    results: dict[str, Any] = {}
    started = time.perf_counter()
    for name, step in steps.items():
        if name in only:
            t0 = time.perf_counter()
            results[name] = step()
            print(f"  [{name} took {time.perf_counter() - t0:.0f} s]\n", flush=True)
    python = f"{platform.python_implementation()} {platform.python_version()}"
    elapsed = time.perf_counter() - started
    print(
        f"# Summary ({time.strftime('%Y-%m-%d')}, {python}, {os.cpu_count()} cores, {elapsed:.0f} s in all)"
    )
    for line in _summary(results):
        print(line)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default="a,b,c,d,e,f,g,h",
        help="comma-separated subset of a-i (i, the rate limits, only when named)",
    )
    main(set(parser.parse_args().only.split(",")))
