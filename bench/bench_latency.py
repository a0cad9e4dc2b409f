"""(h) Create -> cancel round trips over loopback: the wrapper (limiter on) vs bare httpx, same calls.

Each round trip places a resting bid (CreateOrderV2) and cancels it (CancelOrderV2): with
``KalshiClient.orders.create`` + ``.cancel``, and with ``httpx.Client`` posting the same JSON and deleting
the same path, signed by ``KalshiSigner.headers``, the responses ``json.loads``-ed. Both are synchronous.

* **Latency**: p50 / p90 / p99 / max of every round trip, the wrapper with its rate limiter **on**. Round
  trips start at least 5 ms apart (at most 200 a second, 2,400 write tokens a second: inside the Prime
  tier's 4,000, so the limiter books every request and never has to wait; on the Basic tier's 100 tokens a
  second it would pace them, which measures the tier, not the client).
* **Round-trip cost**: the target, one create + cancel at most 1.1x the same two calls with bare httpx, is
  judged on the mean round trip of each block, best block of ``--blocks`` (interleaved, 50 round trips a
  block, same schedule). The client's CPU time per round trip is shown beside it: on a loaded machine the
  wall times carry the server's scheduling, the CPU times only what each client itself does.

Setup (2 cores): the sandbox in a child process pinned to core 1 (its rate limits off); the clients in
another child pinned to core 0. RSA-PSS (Kalshi's default key type) and Ed25519.

    .venv/bin/python bench/bench_latency.py [--blocks 10] [--keys rsa,ed25519]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _round_trip import bare_round_trip, prime_client, wrapper_round_trip
from _sandbox_proc import client_info, pin, run_child, sandbox_process

TARGET = 1.1  # wrapper round trip / bare round trip at most this
BLOCK = 50
INTERVAL = 0.005  # seconds between round-trip starts
CLIENT_CPU, SERVER_CPU = 0, 1
KINDS = ("wrapper", "bare httpx")


def _round_trips(info: dict[str, str], blocks: int) -> dict[str, Any]:
    wrapper = prime_client(info)
    with_httpx, bare = bare_round_trip(info)
    with_wrapper = wrapper_round_trip(wrapper)
    calls: dict[str, Callable[[int], None]] = {"wrapper": with_wrapper, "bare httpx": with_httpx}
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    block_means: dict[str, list[float]] = {kind: [] for kind in KINDS}
    block_cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for b in range(blocks + 1):  # block 0 warms up both (connections, code paths) and is not kept
        order = KINDS if b % 2 == 0 else KINDS[::-1]
        for kind in order:
            fn = calls[kind]
            times = []
            cpu_start = time.process_time()
            next_start = time.perf_counter()
            for i in range(BLOCK):
                delay = next_start - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                t0 = time.perf_counter()
                fn(i)
                times.append(time.perf_counter() - t0)
                next_start = t0 + INTERVAL
            cpu = (time.process_time() - cpu_start) / BLOCK  # the client's own work (sleeps cost none)
            if b:
                samples[kind] += times
                block_means[kind].append(sum(times) / len(times))
                block_cpu[kind].append(cpu)
    wrapper.close()
    bare.close()
    return {"samples": samples, "block_means": block_means, "block_cpu": block_cpu}


def child(info: dict[str, str], blocks: int) -> dict[str, Any]:
    pin(CLIENT_CPU)
    return _round_trips(info, blocks)


def _quantile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def main(blocks: int = 10, keys: tuple[str, ...] = ("rsa", "ed25519")) -> dict[str, Any]:
    print(
        f"## (h) create -> cancel round trips over loopback ({blocks} blocks of {BLOCK} per client, "
        f"one every {INTERVAL * 1000:.0f} ms; wrapper limiter on)"
    )
    summary: dict[str, Any] = {}
    for kind in keys:
        with sandbox_process(key_type=kind, cpu=SERVER_CPU) as sb:
            result = run_child(__file__, client_info(sb), "--blocks", str(blocks))
        stats: dict[str, dict[str, float]] = {}
        print(f"  {kind}:{'':22s} p50       p90       p99       max   best block mean   client CPU")
        for name in KINDS:
            values = sorted(result["samples"][name])
            s = stats[name] = {
                "p50": _quantile(values, 0.50),
                "p90": _quantile(values, 0.90),
                "p99": _quantile(values, 0.99),
                "max": values[-1],
                "best_block": min(result["block_means"][name]),
                "cpu": min(result["block_cpu"][name]),
            }
            print(
                f"    {name:22s} "
                + "  ".join(
                    f"{s[k] * 1000:6.2f} ms" for k in ("p50", "p90", "p99", "max", "best_block", "cpu")
                )
            )
        w, b = stats["wrapper"], stats["bare httpx"]
        ratio = w["best_block"] / b["best_block"]
        ok = ratio <= TARGET
        print(
            f"    round trip, wrapper / bare httpx: {ratio:.3f}x (best block mean; target <= {TARGET}x) "
            f"{'MET' if ok else 'MISSED'};  p50 {w['p50'] / b['p50']:.3f}x, p99 {w['p99'] / b['p99']:.3f}x, "
            f"client CPU {w['cpu'] / b['cpu']:.3f}x"
        )
        summary[kind] = {"ratio": ratio, "ok": ok, "wrapper": w, "bare": b}
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--keys", default="rsa,ed25519")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child), args.blocks)))
    else:
        main(args.blocks, tuple(args.keys.split(",")))
