"""(f) 100 concurrent signed calls through AsyncKalshiClient vs bare aiohttp and bare httpx loops.

Targets, for 100 concurrent GetOrder calls and 100 concurrent CreateOrderV2 calls, RSA-PSS and Ed25519 keys:
the wrapper at most 1.2x the time of a bare aiohttp loop that signs the same way, and no slower than a bare
``httpx.AsyncClient`` loop.

Contenders (same sandbox, same process, one batch of 100 ``asyncio.gather``-ed calls per round, interleaved
in rotating order, best of ``--rounds``):

* ``wrapper`` -- ``AsyncKalshiClient`` as users build it (its default transport: ``HttptoolsTransport``,
  asyncio connections parsed by httptools), limiter off;
* ``wrapper, aiohttp transport`` -- the same client on ``AiohttpTransport`` (same interface, the previous
  default): what the lean transport saves;
* ``wrapper, httpx transport`` -- the same client on httpx's own transport with its pool tuned for the
  load (100 connections kept alive, not 20): the road not taken;
* ``bare aiohttp`` -- ``aiohttp.ClientSession`` defaults, ``KalshiSigner.headers`` per request, the body read
  and ``json.loads``-ed;
* ``bare httpx`` -- ``httpx.AsyncClient`` defaults, the same signing and parsing.

Creates are resting bids (1-5 cents) with a fresh client_order_id each, JSON bodies like the wrapper's.

The same child process also times the pieces with a transport that answers at once (no network), so the
figures explain themselves: httpx's own request pipeline (``AsyncClient.request`` minus the signing), what
the wrapper adds on top of it when it sends through ``AsyncClient.send`` (a caller's transport: plans,
generated parsing, retries bookkeeping), and the wrapper's whole cost but the signing on its own transport,
where the runner hands each request to the transport directly (``_transports.direct``).

Setup (2 cores): the sandbox in a child process pinned to core 1 (rate limits off); the clients in another
child process pinned to core 0. Wall time and the client's CPU time are both reported; the targets are on
wall time.

    .venv/bin/python bench/bench_async.py [--rounds 9] [--keys rsa,ed25519]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _round_trip import CREATE, PREFIX, TICKER, resting_bid
from _sandbox_proc import SandboxInfo, client_info, pin, run_child, sandbox_process

TARGET_VS_AIOHTTP = 1.2  # wrapper time / bare aiohttp time at most this
TARGET_VS_HTTPX = 1.0  # wrapper time / bare httpx time at most this
CONCURRENCY = 100
CLIENT_CPU, SERVER_CPU = 0, 1
CONTENDERS = (
    "wrapper",
    "wrapper, aiohttp transport",
    "wrapper, httpx transport",
    "bare aiohttp",
    "bare httpx",
)

Call = Callable[[int], Awaitable[object]]


# ---------------------------------------------------------------------- the client process
def _on_aiohttp(client_class: Any, options: dict[str, Any]) -> Any:
    """The client with AiohttpTransport as its own (direct-send) transport, as it was the default."""
    from kalshi_orders._transports import default

    saved, default._ASYNC_DEFAULT = default._ASYNC_DEFAULT, "aiohttp"
    try:
        return client_class(**options, rate_limit=False)
    finally:
        default._ASYNC_DEFAULT = saved


async def _measure(info: dict[str, str], rounds: int) -> dict[str, Any]:
    import aiohttp
    import httpx

    from kalshi_orders import AsyncKalshiClient, KalshiSigner, load_private_key

    base, key_id, key_path = info["base_url"], info["key_id"], info["key_path"]
    signer = KalshiSigner(key_id, load_private_key(path=key_path))
    options: dict[str, Any] = {"base_url": base, "key_id": key_id, "private_key": key_path}
    wrapper = AsyncKalshiClient(**options, rate_limit=False)
    wrapper_aiohttp = _on_aiohttp(AsyncKalshiClient, options)
    pool = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    wrapper_httpx = AsyncKalshiClient(
        **options, rate_limit=False, transport=httpx.AsyncHTTPTransport(limits=pool)
    )
    bare_httpx = httpx.AsyncClient(timeout=30.0)
    bare_aiohttp = aiohttp.ClientSession()
    order_id = (await wrapper.orders.create(ticker=TICKER, book_side="bid", price="0.02", count="1")).order_id
    get_path = f"/portfolio/orders/{order_id}"
    create_path = CREATE

    def wrapper_calls(client: AsyncKalshiClient) -> dict[str, Call]:
        async def get(i: int) -> object:
            return await client.orders.get(order_id)

        async def create(i: int) -> object:
            b = resting_bid(i)
            coid = b["client_order_id"]
            return await client.orders.create(
                ticker=TICKER, book_side="bid", price=b["price"], count="1", client_order_id=coid
            )

        return {"get": get, "create": create}

    async def httpx_get(i: int) -> object:
        r = await bare_httpx.get(base + get_path, headers=signer.headers("GET", PREFIX + get_path))
        r.raise_for_status()
        return json.loads(r.content)

    async def httpx_create(i: int) -> object:
        headers = signer.headers("POST", PREFIX + create_path)
        r = await bare_httpx.post(base + create_path, json=resting_bid(i), headers=headers)
        r.raise_for_status()
        return json.loads(r.content)

    async def aiohttp_get(i: int) -> object:
        async with bare_aiohttp.get(base + get_path, headers=signer.headers("GET", PREFIX + get_path)) as r:
            r.raise_for_status()
            return json.loads(await r.read())

    async def aiohttp_create(i: int) -> object:
        headers = signer.headers("POST", PREFIX + create_path)
        async with bare_aiohttp.post(base + create_path, json=resting_bid(i), headers=headers) as r:
            r.raise_for_status()
            return json.loads(await r.read())

    calls: dict[str, dict[str, Call]] = {
        "wrapper": wrapper_calls(wrapper),
        "wrapper, aiohttp transport": wrapper_calls(wrapper_aiohttp),
        "wrapper, httpx transport": wrapper_calls(wrapper_httpx),
        "bare aiohttp": {"get": aiohttp_get, "create": aiohttp_create},
        "bare httpx": {"get": httpx_get, "create": httpx_create},
    }
    out: dict[str, Any] = {}
    for op in ("get", "create"):
        wall = dict.fromkeys(CONTENDERS, float("inf"))
        cpu = dict.fromkeys(CONTENDERS, float("inf"))
        for r in range(rounds + 2):  # two unmeasured warm-up rounds: connections open, code paths warm
            k = r % len(CONTENDERS)
            order = CONTENDERS[k:] + CONTENDERS[:k]
            for name in order:
                fn = calls[name][op]
                t0, c0 = time.perf_counter(), time.process_time()
                await asyncio.gather(*(fn(i) for i in range(CONCURRENCY)))
                t, c = time.perf_counter() - t0, time.process_time() - c0
                if r >= 2:
                    wall[name], cpu[name] = min(wall[name], t), min(cpu[name], c)
        out[op] = {"wall": wall, "cpu": cpu}
    out["pieces"] = await _pieces(signer, order_id, info)
    await wrapper.aclose()
    await wrapper_aiohttp.aclose()
    await wrapper_httpx.aclose()
    await bare_httpx.aclose()
    await bare_aiohttp.close()
    return out


async def _pieces(signer: Any, order_id: str, info: dict[str, str]) -> dict[str, float]:
    """Microseconds per GetOrder for each layer, with a transport that answers at once (best of 5 x 2,000)."""
    import httpx

    from kalshi_orders import AsyncKalshiClient

    body = json.dumps({"order": json.loads(info["order_json"])}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

    class Instant(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, headers=headers, content=body, request=request)

        async def open(self, prepared: Any) -> Answered:  # prepared requests (the wrapper's own transport)
            return Answered()

    class Answered:
        """What HttptoolsTransport.open gives, answered at once."""

        status_code, http_version, reason_phrase = 200, "HTTP/1.1", "OK"

        def __init__(self) -> None:
            self.headers = httpx.Headers(headers)
            self.lookup = self.headers

        async def chunks(self) -> AsyncIterator[bytes]:
            yield body

        def release(self) -> None:
            pass

    base = "http://127.0.0.1:9/trade-api/v2"
    path = f"/portfolio/orders/{order_id}"
    client = httpx.AsyncClient(base_url=base, transport=Instant())
    options: dict[str, Any] = {"base_url": base, "key_id": "k", "private_key": info["key_path"]}
    # A caller's transport: the wrapper sends through httpx.AsyncClient.send.
    wrapper = AsyncKalshiClient(**options, rate_limit=False, transport=Instant())
    # Its own transport: the runner signs and hands the request to it directly; the instant one stands in.
    own = AsyncKalshiClient(**options, rate_limit=False)
    direct = getattr(own._runner, "_direct", None)  # None: code from before the direct send
    if direct is not None:
        direct.transport = Instant()

    async def sign() -> object:
        return signer.headers("GET", PREFIX + path)

    async def httpx_request() -> object:
        r = await client.get(path, headers=signer.headers("GET", PREFIX + path))
        return json.loads(r.content)

    async def wrapper_get() -> object:
        return await wrapper.orders.get(order_id)

    async def direct_get() -> object:
        return await own.orders.get(order_id)

    pieces: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("sign", sign),
        ("httpx", httpx_request),
        ("wrapper", wrapper_get),
    ]
    if direct is not None:
        pieces.append(("direct", direct_get))
    best: dict[str, float] = {}
    for _ in range(5):
        for name, fn in pieces:
            t0 = time.perf_counter()
            for _ in range(2000):
                await fn()
            best[name] = min(best.get(name, float("inf")), (time.perf_counter() - t0) / 2000 * 1e6)
    await client.aclose()
    await wrapper.aclose()
    await own.aclose()
    return {
        "sign_us": best["sign"],
        "httpx_pipeline_us": best["httpx"] - best["sign"],
        "wrapper_over_httpx_us": best["wrapper"] - best["httpx"],
        # Everything the wrapper does a request but the signing and the transport's own work.
        "wrapper_direct_us": best["direct"] - best["sign"] if "direct" in best else float("nan"),
    }


def child(info: dict[str, str], rounds: int) -> dict[str, Any]:
    pin(CLIENT_CPU)
    return asyncio.run(_measure(info, rounds))


# ---------------------------------------------------------------------- the parent
def _order_json(sb: SandboxInfo) -> str:
    """One real order as the sandbox sends it (for the no-network pieces)."""
    from kalshi_orders import KalshiClient

    with KalshiClient(
        base_url=sb.base_url, key_id=sb.key_id, private_key=sb.private_key_path, rate_limit=False
    ) as client:
        created = client.orders.create(ticker=TICKER, book_side="bid", price="0.01", count="1")
        raw = client.orders.with_raw_response.get(created.order_id)
        return json.dumps(json.loads(raw.content)["order"])


def run_rounds(sb: SandboxInfo, rounds: int) -> dict[str, Any]:
    return run_child(__file__, client_info(sb, order_json=_order_json(sb)), "--rounds", str(rounds))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main(rounds: int = 9, keys: tuple[str, ...] = ("rsa", "ed25519")) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    print(f"## (f) {CONCURRENCY} concurrent signed calls (sandbox in a process, best of {rounds} rounds)")
    for kind in keys:
        with sandbox_process(key_type=kind, cpu=SERVER_CPU) as sb:
            result = run_rounds(sb, rounds)
        for op in ("get", "create"):
            wall, cpu = result[op]["wall"], result[op]["cpu"]
            vs_aiohttp = wall["wrapper"] / wall["bare aiohttp"]
            vs_httpx = wall["wrapper"] / wall["bare httpx"]
            ok_aiohttp, ok_httpx = vs_aiohttp <= TARGET_VS_AIOHTTP, vs_httpx <= TARGET_VS_HTTPX
            label = "GetOrder" if op == "get" else "CreateOrderV2"
            print(f"  {kind} {label} x {CONCURRENCY}:            wall        client CPU")
            for name in CONTENDERS:
                print(f"    {name:26s} {_ms(wall[name])}  {_ms(cpu[name])}")
            print(
                f"    wrapper / bare aiohttp: {vs_aiohttp:.2f}x (target <= {TARGET_VS_AIOHTTP}x) "
                f"{'MET' if ok_aiohttp else 'MISSED'};  wrapper / bare httpx: {vs_httpx:.2f}x (target <= "
                f"{TARGET_VS_HTTPX}x) {'MET' if ok_httpx else 'MISSED'};  client CPU vs aiohttp "
                f"{cpu['wrapper'] / cpu['bare aiohttp']:.2f}x"
            )
            summary[f"{kind} {op}"] = {
                "vs_aiohttp": vs_aiohttp,
                "vs_httpx": vs_httpx,
                "vs_httpx_transport": wall["wrapper"] / wall["wrapper, httpx transport"],
                "ok": ok_aiohttp and ok_httpx,
            }
        p = result["pieces"]
        aiohttp_us = result["get"]["wall"]["bare aiohttp"] / CONCURRENCY * 1e6
        floor = (aiohttp_us + p["httpx_pipeline_us"]) / aiohttp_us
        print(
            f"  {kind} GetOrder per request, no network: sign {p['sign_us']:.1f} us; httpx.AsyncClient's own "
            f"pipeline {p['httpx_pipeline_us']:.1f} us; the wrapper on top of it (a caller's transport) "
            f"{p['wrapper_over_httpx_us']:.1f} us; the wrapper on its own transport, sending direct, "
            f"{p['wrapper_direct_us']:.1f} us in all (request building and parsing included). A bare aiohttp "
            f"GetOrder takes {aiohttp_us:.0f} us here, so any client that sends through httpx.AsyncClient "
            f"is at >= {floor:.2f}x of it."
        )
        summary[f"{kind} floor"] = floor
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--keys", default="rsa,ed25519")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child), args.rounds)))
    else:
        main(args.rounds, tuple(args.keys.split(",")))
