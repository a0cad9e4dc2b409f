"""A sandbox in its own process, for benchmarks that measure a client against it.

The sandbox serves from a uvicorn thread; in the client's process that thread would share the client's GIL
and distort both measurements. So benchmarks run it as a child process (this file run as a script), pinned
to one core while the client is pinned to the other. The child prints one JSON line with what a client
needs, then serves until its stdin closes.

    with sandbox_process(orders=100_000, cpu=1) as sb:
        sb.base_url, sb.key_id, sb.private_key_path
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class SandboxInfo:
    base_url: str
    admin_url: str
    key_id: str
    private_key_path: Path
    pid: int


def client_info(sb: SandboxInfo, **extra: str) -> dict[str, str]:
    """What a benchmark's client process needs of the sandbox (and ``extra``), as its ``--child`` JSON."""
    return {"base_url": sb.base_url, "key_id": sb.key_id, "key_path": str(sb.private_key_path), **extra}


def run_child(script: str, info: dict[str, str], *args: str, timeout: float = 300) -> dict[str, Any]:
    """Run the client half of benchmark ``script`` (``script --child INFO_JSON *args``) in a child process;
    its result: the JSON object on the last line it prints."""
    out = subprocess.run(  # noqa: S603 - our interpreter and a benchmark script
        [sys.executable, script, "--child", json.dumps(info), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the client process failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def pin(cpu: int | None) -> None:
    """Pin the calling process to one core (no-op when ``cpu`` is None or the core does not exist)."""
    if cpu is not None and hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {cpu})


@contextlib.contextmanager
def sandbox_process(
    *, orders: int = 0, key_type: str = "rsa", cpu: int | None = None, tier: str | None = None
) -> Iterator[SandboxInfo]:
    """Start a sandbox (``orders`` seeded for the default account) in a child process; rate limits are off
    unless ``tier`` names the tier to enforce."""
    with tempfile.TemporaryDirectory(prefix="kalshi-bench-") as key_dir:
        args = [
            sys.executable,
            __file__,
            "--key-dir",
            key_dir,
            "--orders",
            str(orders),
            "--key-type",
            key_type,
        ]
        if cpu is not None:
            args += ["--cpu", str(cpu)]
        if tier is not None:
            args += ["--tier", tier]
        proc = subprocess.Popen(  # noqa: S603 - our interpreter and this file
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("the sandbox process exited before it was ready (see its stderr above)")
            info = json.loads(line)
            yield SandboxInfo(
                info["base_url"], info["admin_url"], info["key_id"], Path(info["private_key_path"]), proc.pid
            )
        finally:
            with contextlib.suppress(OSError):
                assert proc.stdin is not None
                proc.stdin.close()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def _serve(key_dir: str, orders: int, key_type: str, tier: str | None) -> None:
    from kalshi_sandbox import SandboxConfig, SandboxServer

    limits = {"rate_limits": False} if tier is None else {"rate_limits": True, "tier": tier}
    config = SandboxConfig(key_dir=key_dir, key_type=key_type, seed=1, **limits)  # type: ignore[arg-type]
    with SandboxServer(config).start() as server:
        if orders:
            server.admin.seed_orders(orders)
        info = {
            "base_url": server.base_url,
            "admin_url": server.admin_url,
            "key_id": server.key_id,
            "private_key_path": str(server.private_key_path),
        }
        print(json.dumps(info), flush=True)
        sys.stdin.read()  # block (GIL released) until the parent closes our stdin


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="serve a benchmark sandbox until stdin closes")
    parser.add_argument("--key-dir", required=True)
    parser.add_argument("--orders", type=int, default=0)
    parser.add_argument("--key-type", default="rsa")
    parser.add_argument("--cpu", type=int)
    parser.add_argument("--tier", help="enforce this rate-limit tier (default: rate limits off)")
    args = parser.parse_args()
    pin(args.cpu)
    _serve(args.key_dir, args.orders, args.key_type, args.tier)
