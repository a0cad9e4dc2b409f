"""What the sync client's deadline costs: create -> cancel round trips with each way of holding it, against
bare httpx, in one process.

A blocking socket read is only bounded per read, so a server trickling its headers could hold a sync call
past its deadline. Two ways to stop that, measured side by side with the same calls:

* **inline** (the default): ``KalshiClient``'s own transport cuts every socket read to the time the call has
  left; the attempt runs in the caller's thread.
* **worker**: what a ``transport=`` of the caller's gets: each attempt runs in a reused worker thread that
  the caller stops waiting for at the deadline (a thread hand-off per request).
* **unguarded**: the default transport with the deadline not passed to its sockets (trickled headers are not
  bounded): the floor both are compared with.
* **bare httpx**: ``httpx.Client`` posting the same JSON and deleting the same path, signed the same way.

Each mode runs blocks of 50 round trips, the modes rotated block by block; the figure is the best block mean
(wall) and the client's CPU per round trip, as ratios to bare httpx. Rate limiter static at the Prime tier
(it never waits at this pace). The sandbox runs in a child pinned to core 1, the clients on core 0.

    .venv/bin/python bench/bench_sync_deadline.py [--blocks 16] [--keys rsa,ed25519]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _round_trip import bare_round_trip, prime_client, wrapper_round_trip
from _sandbox_proc import client_info, pin, run_child, sandbox_process

BLOCK = 50
PAUSE = 0.002  # seconds between round trips


def _modes(info: dict[str, str]) -> dict[str, Callable[[int], None]]:
    import httpx

    inline = prime_client(info)
    worker = prime_client(info, transport=httpx.HTTPTransport())
    unguarded = prime_client(info, transport=httpx.HTTPTransport())
    unguarded._runner._reads_bounded = True  # inline, but nothing cuts the socket reads: no bound at all
    assert inline._runner._reads_bounded
    assert not worker._runner._reads_bounded
    with_httpx, _ = bare_round_trip(info)
    return {
        "inline": wrapper_round_trip(inline),
        "worker": wrapper_round_trip(worker),
        "unguarded": wrapper_round_trip(unguarded),
        "bare httpx": with_httpx,
    }


def child(info: dict[str, str], blocks: int) -> dict[str, Any]:
    pin(0)
    modes = _modes(info)
    names = list(modes)
    means: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    for block in range(blocks + 1):  # block 0 warms every mode up and is not kept
        shift = block % len(names)
        for name in names[shift:] + names[:shift]:
            run = modes[name]
            times = []
            cpu_start = time.process_time()
            for i in range(BLOCK):
                t0 = time.perf_counter()
                run(i)
                times.append(time.perf_counter() - t0)
                time.sleep(PAUSE)
            cpu = (time.process_time() - cpu_start) / BLOCK
            if block:
                means[name].append(sum(times) / len(times))
                cpus[name].append(cpu)
    return {"means": means, "cpus": cpus}


def main(blocks: int = 16, keys: tuple[str, ...] = ("rsa", "ed25519")) -> dict[str, Any]:
    print(f"## sync deadline: create -> cancel, {blocks} rotated blocks of {BLOCK} per mode")
    summary: dict[str, Any] = {}
    for key in keys:
        with sandbox_process(key_type=key, cpu=1) as sb:
            result = run_child(__file__, client_info(sb), "--blocks", str(blocks), timeout=600)
        bare_wall = min(result["means"]["bare httpx"])
        bare_median = statistics.median(result["means"]["bare httpx"])
        bare_cpu = min(result["cpus"]["bare httpx"])
        print(f"  {key}: best block mean (ratio to bare httpx), median block ratio, client CPU (ratio)")
        rows = {}
        for name in result["means"]:
            wall, cpu = min(result["means"][name]), min(result["cpus"][name])
            median = statistics.median(result["means"][name]) / bare_median
            rows[name] = {"wall": wall / bare_wall, "median": median, "cpu": cpu / bare_cpu}
            print(
                f"    {name:11s} {wall * 1000:6.3f} ms ({wall / bare_wall:5.3f}x)  median {median:5.3f}x  "
                f"CPU {cpu * 1000:6.3f} ms ({cpu / bare_cpu:5.3f}x)"
            )
        summary[key] = rows
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=16)
    parser.add_argument("--keys", default="rsa,ed25519")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child), args.blocks)))
    else:
        main(args.blocks, tuple(args.keys.split(",")))
