"""(b) Walk 100,000 orders from the sandbox over loopback: the wrapper vs bare httpx + json / orjson loops.

Targets: the wrapper at most 1.0x the time of a bare httpx + ``json.loads`` loop and at most 1.3x a bare
httpx + ``orjson.loads`` loop, with the same checked parsing; and memory flat: the live Python heap does not
grow over the walk (tracemalloc), and the RSS peak of a 100,000-order walk exceeds the 10,000-order walk's
by no more than the bare loop's does (plus 4 MB: GC timing moves both by several MB).

Setup (2 cores): the sandbox runs in a spawned child process pinned to core 1, so its uvicorn thread does not
share the client's GIL; every measured walk runs in a fresh client process pinned to core 0, so runs do not
pollute each other's memory. Both clients use one httpx connection, sign with the same ``KalshiAuth`` and
ask for 1,000-order pages. The sandbox's per-order wire cache is warmed by one unmeasured walk first.

Each client process reports: walk time, RSS after the first page, and the peak RSS sampled after every page
(psutil) together with ``ru_maxrss``. "Growth" is peak minus RSS after the first page: what the walk itself
accumulates beyond holding one page.

    .venv/bin/python bench/bench_walk.py [--orders 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import array
import gc
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sandbox_proc import SandboxInfo, pin, sandbox_process

TARGET = 1.0  # wrapper time / bare json.loads loop time at most this
TARGET_ORJSON = 1.3  # wrapper time / bare orjson loop time at most this
LIVE_GROWTH_MAX = 1_000_000  # bytes the live heap may grow over a walk (and may be left after it)
# The 100k walk's RSS peak over the 10k walk's may exceed the bare loop's own such growth by at most this.
# Both rise a few MB by GC timing alone: every httpx.Response sits in a reference cycle, so dead pages' bodies
# wait for a full collection (the live heap, measured separately with tracemalloc, stays flat).
RSS_ALLOWANCE_MB = 4.0
PAGE = 1000
CLIENT_CPU, SERVER_CPU = 0, 1


# ---------------------------------------------------------------------- the two clients (child process side)
def _walk_wrapper(info: dict[str, str], orders: int, on_page: Any) -> int:
    from kalshi_orders import KalshiClient

    client = KalshiClient(
        base_url=info["base_url"], key_id=info["key_id"], private_key=info["key_path"], rate_limit=False
    )
    seen = 0
    with client:
        for _order in client.orders.list(limit=PAGE):
            seen += 1
            if seen % PAGE == 0:
                on_page()
                if seen >= orders:
                    break
    return seen


def _walk_bare(info: dict[str, str], orders: int, on_page: Any, loads: Any = json.loads) -> int:
    import httpx

    from kalshi_orders import KalshiAuth, KalshiSigner, load_private_key

    auth = KalshiAuth(KalshiSigner(info["key_id"], load_private_key(path=info["key_path"])))
    url = info["base_url"] + "/portfolio/orders"
    seen = 0
    cursor = ""
    with httpx.Client(auth=auth, timeout=30.0) as client:
        while True:
            params: dict[str, str | int] = {"limit": PAGE, "cursor": cursor} if cursor else {"limit": PAGE}
            response = client.get(url, params=params)
            response.raise_for_status()
            data = loads(response.content)
            for _order in data["orders"]:
                seen += 1
            on_page()
            cursor = data.get("cursor") or ""
            if not cursor or seen >= orders:
                break
    return seen


def child(kind: str, orders: int, info: dict[str, str], trace: bool) -> dict[str, Any]:
    import psutil  # type: ignore[import-untyped]

    pin(CLIENT_CPU)
    proc = psutil.Process()
    # RSS samples go into a preallocated array: a list of int objects would itself pin heap arenas.
    samples = array.array("q", bytes(8 * (orders // PAGE + 2)))
    taken = [0]

    live = array.array("q", bytes(8 * (orders // PAGE + 2)))

    def on_page() -> None:
        samples[taken[0]] = proc.memory_info().rss
        if trace:  # the Python heap still reachable at this page boundary (garbage collected first)
            gc.collect()
            live[taken[0]] = tracemalloc.get_traced_memory()[0]
        taken[0] += 1

    if kind == "wrapper":
        walk = _walk_wrapper
    elif kind == "bare-orjson":
        import orjson

        walk = partial(_walk_bare, loads=orjson.loads)
    else:
        walk = _walk_bare
    walk(info, PAGE, lambda: None)  # import and warm every code path (a one-page walk), unmeasured
    gc.collect()
    if trace:
        tracemalloc.start()
    rss_start = proc.memory_info().rss
    start, cpu_start = time.perf_counter(), time.process_time()
    seen = walk(info, orders, on_page)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    result = {
        "kind": kind,
        "orders": seen,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rss_start": rss_start,
        "rss_first_page": samples[0],
        "rss_peak": max(samples[: taken[0]]),
        "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    if trace:
        gc.collect()
        result |= {
            "live_first_page": live[0],
            "live_peak": max(live[: taken[0]]),
            "heap_retained": tracemalloc.get_traced_memory()[0],
        }
    return result


# ---------------------------------------------------------------------- the parent
def run_child(kind: str, orders: int, sb: SandboxInfo, *, trace: bool = False) -> dict[str, Any]:
    info = {"base_url": sb.base_url, "key_id": sb.key_id, "key_path": str(sb.private_key_path)}
    args = [sys.executable, __file__, "--child", kind, "--orders", str(orders), "--info", json.dumps(info)]
    out = subprocess.run(  # noqa: S603 - our interpreter and this file
        [*args, *(["--trace"] if trace else [])], check=True, capture_output=True, text=True, timeout=120
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["orders"] != orders:
        raise RuntimeError(f"the {kind} walk saw {result['orders']} orders, expected {orders}")
    return result


def _mb(n: float) -> str:
    return f"{n / 1e6:6.1f} MB"


def main(orders: int = 100_000, rounds: int = 3) -> dict[str, Any]:
    small = max(orders // 10, PAGE)
    kinds = ("wrapper", "bare")
    with sandbox_process(orders=orders, cpu=SERVER_CPU) as sb:
        run_child("bare", orders, sb)  # warm the sandbox's wire cache: every later walk sees the same server
        best: dict[str, dict[str, Any]] = {}
        for _ in range(rounds):  # interleaved, best of `rounds`
            for kind in (*kinds, "bare-orjson"):
                r = run_child(kind, orders, sb)
                if kind not in best or r["seconds"] < best[kind]["seconds"]:
                    best[kind] = r
        rss = {(kind, small): run_child(kind, small, sb) for kind in kinds}
        rss |= {(kind, orders): best[kind] for kind in kinds}
        heap = {n: run_child("wrapper", n, sb, trace=True) for n in (small, orders)}

    w, b, bo = best["wrapper"], best["bare"], best["bare-orjson"]
    time_ratio = w["seconds"] / b["seconds"]
    orjson_ratio = w["seconds"] / bo["seconds"]
    cpu_ratio = w["cpu_seconds"] / b["cpu_seconds"]
    speed_ok = time_ratio <= TARGET and orjson_ratio <= TARGET_ORJSON
    live_growth = heap[orders]["live_peak"] - heap[orders]["live_first_page"]
    heap_flat = live_growth <= LIVE_GROWTH_MAX and heap[orders]["heap_retained"] <= LIVE_GROWTH_MAX
    rss_growth = rss["wrapper", orders]["rss_peak"] - rss["wrapper", small]["rss_peak"]
    bare_growth = rss["bare", orders]["rss_peak"] - rss["bare", small]["rss_peak"]
    rss_flat = rss_growth <= max(bare_growth, 0) + RSS_ALLOWANCE_MB * 1e6
    print(f"## (b) walk {orders:,} orders over loopback (1,000-order pages; sandbox in its own process)")
    print(f"  {'':30s} {'wall':>7s} {'orders/s':>9s} {'client CPU':>10s}")
    for name, r in (
        ("wrapper (client.orders.list)", w),
        ("bare httpx + json.loads", b),
        ("bare httpx + orjson.loads", bo),
    ):
        print(
            f"  {name:30s} {r['seconds']:6.2f}s {r['orders'] / r['seconds']:9,.0f} {r['cpu_seconds']:9.2f}s"
        )
    print(
        f"  time ratio, wrapper / bare json.loads loop: {time_ratio:.2f}x (target <= {TARGET}x), / orjson "
        f"loop: {orjson_ratio:.2f}x (target <= {TARGET_ORJSON}x)   {'MET' if speed_ok else 'MISSED'}   "
        f"(client CPU ratio vs json.loads loop {cpu_ratio:.2f}x)"
    )
    print("  RSS, one fresh process per run (peak sampled after every page):")
    for kind in kinds:
        for n in (small, orders):
            r = rss[kind, n]
            print(
                f"    {kind:8s} {n:>7,} orders: after 1st page {_mb(r['rss_first_page'])}, "
                f"peak {_mb(r['rss_peak'])}, ru_maxrss {_mb(r['ru_maxrss'])}"
            )
    print("  live Python heap of the wrapper walk (tracemalloc after gc at every page boundary):")
    for n in (small, orders):
        r = heap[n]
        print(
            f"    {n:>7,} orders: after 1st page {_mb(r['live_first_page'])}, peak {_mb(r['live_peak'])}, "
            f"left after the walk {_mb(r['heap_retained'])}"
        )
    print(
        f"  flat: live heap grows <= {LIVE_GROWTH_MAX / 1e6:.0f} MB over {orders:,} orders: "
        f"{'MET' if heap_flat else 'MISSED'};  RSS peak {orders:,} vs {small:,}: {rss_growth / 1e6:+.1f} MB "
        f"(bare loop {bare_growth / 1e6:+.1f} MB, allowance {RSS_ALLOWANCE_MB:.0f} MB over it) "
        f"{'MET' if rss_flat else 'MISSED'}"
    )
    return {
        "time_ratio": time_ratio,
        "orjson_ratio": orjson_ratio,
        "cpu_ratio": cpu_ratio,
        "speed_ok": speed_ok,
        "flat_ok": heap_flat and rss_flat,
        "wrapper_orders_per_s": w["orders"] / w["seconds"],
        "bare_orders_per_s": b["orders"] / b["seconds"],
        "wrapper_rss_peak_small": rss["wrapper", small]["rss_peak"],
        "wrapper_rss_peak_large": rss["wrapper", orders]["rss_peak"],
        "wrapper_live_growth": live_growth,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["wrapper", "bare", "bare-orjson"])
    parser.add_argument("--info")
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.orders, json.loads(args.info), args.trace)))
    else:
        main(args.orders, args.rounds)
