"""(e) Sandbox throughput on one core, next to a bare ASGI app on the same uvicorn sending the same bytes.

Measures 1,000-order GetOrders pages per second (a cursor walk over 100,000 seeded orders, cycled) and small
requests per second (GetOrder of one order). The bare server is a ten-line raw ASGI app served by uvicorn
with the sandbox's settings (httptools, asyncio, no access log) that answers the same paths with the exact
bytes the sandbox sent; it is the ceiling of "uvicorn + Python" on this machine.

Setup (2 cores): each server runs in its own process pinned to core 1 (one core, as the issue asks); the
load generator is a small asyncio HTTP/1.1 client in another process pinned to core 0, with a few keep-alive
connections, sending a bounded number of requests. Requests are signed once per phase (the sandbox accepts a
signature for 30 s), so the generator spends no time on RSA and is never the bottleneck.

    .venv/bin/python bench/bench_sandbox.py [--pages 400] [--small 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sandbox_proc import SandboxInfo, pin, sandbox_process

CLIENT_CPU, SERVER_CPU = 0, 1
CONNECTIONS = 4
ORDERS = 100_000


# ---------------------------------------------------------------------- the bare server (child process)
def serve_bare(page_file: str, small_file: str) -> None:
    import socket

    import uvicorn

    page, small = Path(page_file).read_bytes(), Path(small_file).read_bytes()
    page_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(page)).encode())]
    small_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(small)).encode())]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        is_page = scope["path"].endswith("/portfolio/orders")
        body, headers = (page, page_headers) if is_page else (small, small_headers)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    # IPPROTO_TCP, as the sandbox does: asyncio then sets TCP_NODELAY on accepted sockets (no 40 ms stalls).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, http="httptools", loop="asyncio", lifespan="off", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)

    def stop_on_stdin_close() -> None:
        sys.stdin.read()
        server.should_exit = True

    threading.Thread(target=stop_on_stdin_close, daemon=True).start()
    print(json.dumps({"port": sock.getsockname()[1]}), flush=True)
    server.run(sockets=[sock])


# ---------------------------------------------------------------------- the load generator (child process)
async def _connection(host: str, port: int, requests: list[bytes], quota: list[int], first: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = first
    try:
        while quota[0] > 0:
            quota[0] -= 1
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status != 200:
                raise RuntimeError(f"the server answered {status}: {head!r}")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
    finally:
        writer.close()


async def _load(host: str, port: int, requests: list[bytes], count: int) -> float:
    quota = [count]
    start = time.perf_counter()
    await asyncio.gather(*(_connection(host, port, requests, quota, n * 7) for n in range(CONNECTIONS)))
    return time.perf_counter() - start


def load(spec_file: str) -> None:
    pin(CLIENT_CPU)
    spec = json.loads(Path(spec_file).read_text())
    requests = [r.encode("latin-1") for r in spec["requests"]]
    seconds = asyncio.run(_load(spec["host"], spec["port"], requests, spec["count"]))
    print(json.dumps({"count": spec["count"], "seconds": seconds}))


# ---------------------------------------------------------------------- the parent
def _request(host: str, port: int, target: str, headers: dict[str, str]) -> str:
    lines = [f"GET {target} HTTP/1.1", f"host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    return "\r\n".join(lines) + "\r\n\r\n"


def _run_load(host: str, port: int, requests: list[str], count: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"host": host, "port": port, "requests": requests, "count": count}, f)
    try:
        out = subprocess.run(  # noqa: S603 - our interpreter and this file
            [sys.executable, __file__, "--load", f.name],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        Path(f.name).unlink()
    return float(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])


def _fetch_samples(sb: SandboxInfo) -> tuple[list[str], bytes, str, bytes]:
    """The cursor walk's page targets, the first page's bytes, a GetOrder target and its bytes."""
    import httpx

    from kalshi_orders import KalshiAuth, KalshiSigner, load_private_key

    auth = KalshiAuth(KalshiSigner(sb.key_id, load_private_key(path=sb.private_key_path)))
    prefix = urlsplit(sb.base_url).path
    targets: list[str] = []
    first_page = b""
    with httpx.Client(auth=auth, timeout=30.0) as client:
        cursor = ""
        while True:
            params: dict[str, str | int] = {"limit": 1000, "cursor": cursor} if cursor else {"limit": 1000}
            response = client.get(sb.base_url + "/portfolio/orders", params=params)
            response.raise_for_status()
            targets.append(str(response.request.url.raw_path.decode("ascii")))
            data = response.json()
            if not first_page:
                first_page = response.content
                order_id = data["orders"][0]["order_id"]
            cursor = data["cursor"]
            if not cursor:
                break
        small_target = f"{prefix}/portfolio/orders/{order_id}"
        small = client.get(sb.base_url + f"/portfolio/orders/{order_id}")
        small.raise_for_status()
    return targets, first_page, small_target, small.content


def _signed(sb: SandboxInfo, targets: list[str], host: str, port: int) -> list[str]:
    from kalshi_orders import KalshiSigner, load_private_key

    signer = KalshiSigner(sb.key_id, load_private_key(path=sb.private_key_path))
    return [_request(host, port, t, signer.headers("GET", t)) for t in targets]


def main(pages: int = 400, small: int = 4000) -> dict[str, Any]:
    results: dict[str, dict[str, float]] = {}
    with sandbox_process(orders=ORDERS, cpu=SERVER_CPU) as sb:
        page_targets, page_bytes, small_target, small_bytes = _fetch_samples(sb)  # also warms the wire cache
        host, port = urlsplit(sb.base_url).hostname or "127.0.0.1", urlsplit(sb.base_url).port or 80
        sandbox = {
            "pages": pages / _run_load(host, port, _signed(sb, page_targets, host, port), pages),
            "small": small / _run_load(host, port, _signed(sb, [small_target], host, port), small),
        }
        results["sandbox"] = sandbox
        with tempfile.TemporaryDirectory() as tmp:
            page_file, small_file = Path(tmp, "page.json"), Path(tmp, "small.json")
            page_file.write_bytes(page_bytes)
            small_file.write_bytes(small_bytes)
            bare_args = [sys.executable, __file__, "--serve-bare", str(page_file), str(small_file)]
            bare_proc = subprocess.Popen(  # noqa: S603 - our interpreter and this file
                [*bare_args, "--cpu", str(SERVER_CPU)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                assert bare_proc.stdout is not None
                bare_port = int(json.loads(bare_proc.stdout.readline())["port"])
                # The same signed requests, so both servers read the same bytes in.
                bare_pages = _signed(sb, page_targets, host, bare_port)
                bare_small = _signed(sb, [small_target], host, bare_port)
                results["bare"] = {
                    "pages": pages / _run_load(host, bare_port, bare_pages, pages),
                    "small": small / _run_load(host, bare_port, bare_small, small),
                }
            finally:
                assert bare_proc.stdin is not None
                bare_proc.stdin.close()
                bare_proc.wait(15)
    s, b = results["sandbox"], results["bare"]
    print(f"## (e) sandbox throughput on one core ({CONNECTIONS} keep-alive connections, loopback)")
    print(f"  page: 1,000 orders, {len(page_bytes):,} bytes; small: GetOrder, {len(small_bytes):,} bytes")
    print(f"  {'':34s} {'sandbox':>10s} {'bare ASGI':>10s} {'ratio':>7s}")
    for key, label, n in (
        ("pages", "GetOrders 1,000-order pages/s", pages),
        ("small", "GetOrder requests/s", small),
    ):
        print(f"  {label:34s} {s[key]:10,.1f} {b[key]:10,.1f} {s[key] / b[key]:6.2f}x   ({n:,} requests)")
    return {
        "sandbox_pages_per_s": s["pages"],
        "bare_pages_per_s": b["pages"],
        "sandbox_small_per_s": s["small"],
        "bare_small_per_s": b["small"],
        "page_ratio": s["pages"] / b["pages"],
        "small_ratio": s["small"] / b["small"],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--small", type=int, default=4000)
    parser.add_argument("--serve-bare", nargs=2, metavar=("PAGE_FILE", "SMALL_FILE"))
    parser.add_argument("--cpu", type=int)
    parser.add_argument("--load", metavar="SPEC_FILE")
    args = parser.parse_args()
    if args.serve_bare:
        pin(args.cpu)
        serve_bare(*args.serve_bare)
    elif args.load:
        load(args.load)
    else:
        main(args.pages, args.small)
