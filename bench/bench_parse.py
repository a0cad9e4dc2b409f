"""(a) Parse a 1,000-order GetOrders page into models vs bare ``json.loads`` of the same bytes.

Target: the models path at least 0.6x the speed of bare json.loads. The models path is exactly what the
client runs on a 200 response: the generated ``_parse_response`` (orjson decode + ``from_dict``).

    .venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import json
import sys
import uuid
from importlib import resources
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import compare, report

from kalshi_orders_api.api.orders import get_orders
from kalshi_orders_api.client import Client

TARGET = 0.6


def page_bytes(count: int = 1000) -> bytes:
    spec = yaml.safe_load(resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text("utf-8"))
    example = spec["components"]["schemas"]["Order"]["example"]
    orders = [
        {
            **example,
            "order_id": str(uuid.UUID(int=i)),
            "client_order_id": str(uuid.UUID(int=10**6 + i)),
            "yes_price_dollars": "0.563400",
            "no_price_dollars": "0.436600",
            "last_update_reason": None,
        }
        for i in range(count)
    ]
    return json.dumps({"orders": orders, "cursor": "next"}).encode()


def main() -> float:
    body = page_bytes()
    response = httpx.Response(200, content=body)
    client = Client(base_url="http://bench.invalid")

    def models() -> object:
        return get_orders._parse_response(client=client, response=response)

    parsed = models()
    assert len(parsed.orders) == 1000  # type: ignore[union-attr]
    workload, baseline = compare(
        ("models (generated parse)", models), ("json.loads", lambda: json.loads(body))
    )
    ratio = baseline.seconds / workload.seconds
    print(f"page: 1,000 orders, {len(body):,} bytes")
    print(
        report("(a) GetOrders page -> models", workload, baseline, target=f">= {TARGET}x", ok=ratio >= TARGET)
    )
    return ratio


if __name__ == "__main__":
    main()
