"""(a) Parse a 1,000-order GetOrders page into models vs bare ``json.loads`` of the same bytes.

Target: the models path at least 1.2x the speed of bare json.loads. The models path is exactly what the
client runs on a 200 response: the generated ``_parse_response``, i.e. ``GetOrdersResponse.from_json``: the
typed decode of msgspec (every order's types, keys and enum values checked in C while decoding) when the page
has nothing to raise or report, else the orjson decode and the checked ``from_dict``.

The second line times a page where every order carries a field the spec does not list (drift, the API adds
fields often): the typed decode refuses it, and the page takes the orjson + ``from_dict`` path, which
builds and reports every order at once.

Two floors are timed in the same run, to show what is left to win: ``orjson.loads`` alone (the decode the
models path cannot skip), and orjson plus building the 1,000 ``Order`` objects with no check at all (every
slot stored from the dict, absent fields as UNSET): the least any eager, attrs-modelled parse can cost.

    .venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import httpx
import orjson
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Timing, best_of, compare, report

from kalshi_orders_api.api.orders import get_orders
from kalshi_orders_api.client import Client
from kalshi_orders_api.models import Order
from kalshi_orders_api.types import UNSET

TARGET = 1.2


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
    drifted = _drifted_page(body)
    drift_response = httpx.Response(200, content=drifted)
    drift_parse = get_orders._parse_response(client=client, response=drift_response)
    assert len(drift_parse.orders) == 1000  # type: ignore[union-attr]
    slow, slow_base = compare(
        ("models, every order with a new field",
         lambda: get_orders._parse_response(client=client, response=drift_response)),
        ("json.loads", lambda: json.loads(drifted)),
    )  # fmt: skip
    print(
        f"  a page with a field the spec lacks in every order (orjson + from_dict, each order built and "
        f"reported): {slow.seconds * 1e3:.2f} ms, {slow_base.seconds / slow.seconds:.2f}x json.loads"
    )
    build = _unchecked_builder()
    floor, decode, base = compare3(
        ("orjson + unchecked objects", lambda: [build(o) for o in orjson.loads(body)["orders"]]),
        ("orjson.loads", lambda: orjson.loads(body)),
        ("json.loads", lambda: json.loads(body)),
    )
    print(
        f"  floors, speed vs json.loads: orjson.loads alone {base.seconds / decode.seconds:.2f}x; orjson + "
        f"1,000 Order objects built with no checks {base.seconds / floor.seconds:.2f}x (the most an eager "
        "attrs parse can reach)"
    )
    return ratio


def _drifted_page(body: bytes) -> bytes:
    page = json.loads(body)
    for order in page["orders"]:
        order["queue_position_fp"] = "0.00"
    return json.dumps(page).encode()


def _unchecked_builder() -> Callable[[dict[str, Any]], Order]:
    """Build an Order by storing every slot straight from the dict (no type check, no enum lookup)."""
    names = [a.name for a in attrs.fields(Order) if a.name != "additional_properties"]
    wire = {"type_": "type"}
    lines = ["def build(d, _new=Order.__new__, _get=dict.get):", "    o = _new(Order)"]
    lines += [f"    o.{name} = _get(d, {wire.get(name, name)!r}, UNSET)" for name in names]
    lines += ["    o.additional_properties = {}", "    return o"]
    namespace: dict[str, Any] = {"Order": Order, "UNSET": UNSET}
    exec("\n".join(lines), namespace)  # noqa: S102 - code built here from the model's own field names
    built: Callable[[dict[str, Any]], Order] = namespace["build"]
    return built


def compare3(*cases: tuple[str, Callable[[], object]], number: int = 20, rounds: int = 7) -> list[Timing]:
    """Best time per call of each case, interleaving rounds."""
    best = [float("inf")] * len(cases)
    for _ in range(rounds):
        for i, (_, fn) in enumerate(cases):
            best[i] = min(best[i], best_of(fn, number=number, repeat=1))
    return [Timing(name, seconds) for (name, _), seconds in zip(cases, best, strict=True)]


if __name__ == "__main__":
    main()
