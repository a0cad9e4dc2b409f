"""What the round-trip benchmarks (bench_latency, bench_sync_deadline, bench_async) send to the sandbox, one
home each: a resting bid created and cancelled through the wrapper and through bare httpx, signed the
same way, and the wrapper client they build.

Imported by their client processes only (the parent just runs the sandbox), so it imports the client
libraries inside the functions, as the child halves did.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from kalshi_orders import KalshiClient

TICKER = "KXSANDBOX-26DEC31-T50"
PREFIX = "/trade-api/v2"  # what the signature covers: the path with the API's prefix
CREATE = "/portfolio/events/orders"


def resting_bid(i: int) -> dict[str, str]:
    """A CreateOrderV2 body for a resting bid (1-5 cents), as the wrapper's build_create_order writes it."""
    return {
        "ticker": TICKER,
        "side": "bid",
        "count": "1",
        "price": f"0.0{1 + i % 5}",
        "time_in_force": "good_till_canceled",
        "self_trade_prevention_type": "taker_at_cross",
        "client_order_id": str(uuid.uuid4()),
    }


def prime_client(info: dict[str, str], **options: Any) -> KalshiClient:
    """A ``KalshiClient`` for the sandbox of ``info`` with the Prime tier's published budget: with "auto"
    the limiter would load the sandbox's live limits, the Basic tier's 100 write tokens a second, and pace
    the round trips (~120 ms each)."""
    from kalshi_orders import KalshiClient, Tier

    return KalshiClient(
        base_url=info["base_url"],
        key_id=info["key_id"],
        private_key=info["key_path"],
        tier=Tier.PRIME,
        rate_limit="static",
        **options,
    )


def wrapper_round_trip(client: KalshiClient) -> Callable[[int], None]:
    """Create -> cancel the ``i``-th resting bid through the wrapper."""

    def run(i: int) -> None:
        bid = resting_bid(i)
        coid = bid["client_order_id"]
        created = client.orders.create(
            ticker=TICKER, book_side="bid", price=bid["price"], count="1", client_order_id=coid
        )
        client.orders.cancel(created.order_id)

    return run


def bare_round_trip(info: dict[str, str]) -> tuple[Callable[[int], None], httpx.Client]:
    """Create -> cancel the ``i``-th resting bid with bare ``httpx.Client`` (the same JSON, signed by
    ``KalshiSigner.headers``, the answers ``json.loads``-ed), and the client, to close."""
    import httpx

    from kalshi_orders import KalshiSigner, load_private_key

    base = info["base_url"]
    signer = KalshiSigner(info["key_id"], load_private_key(path=info["key_path"]))
    bare = httpx.Client(timeout=30.0)

    def run(i: int) -> None:
        r = bare.post(base + CREATE, json=resting_bid(i), headers=signer.headers("POST", PREFIX + CREATE))
        r.raise_for_status()
        path = f"{CREATE}/{json.loads(r.content)['order_id']}"
        r = bare.delete(base + path, headers=signer.headers("DELETE", PREFIX + path))
        r.raise_for_status()
        json.loads(r.content)

    return run, bare
