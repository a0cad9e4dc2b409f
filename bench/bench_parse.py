"""(a) Parse a 1,000-order GetOrders page into models vs bare ``json.loads`` of the same bytes.

Target: the models path at least 1.2x the speed of bare json.loads. The models path is exactly what the
client runs on a 200 response: the generated ``_parse_response``, i.e. ``GetOrdersResponse.from_json``: the
typed decode of msgspec (every order's types, keys and enum values checked in C while decoding) when the page
has nothing to raise or report, else the orjson decode and the checked ``from_dict``.

Then drifted pages (the API sends a field or an enum value the spec does not list yet, until users
regenerate), each against json.loads of its own bytes: every order with one new field, with two, one
order with an unknown enum value, every order with one. The typed decode takes them too (a tolerant
variant learned from msgspec's error, the drift found in the decoded structs and reported at parse time);
target >= 1.0x for the first and the third. The last drift line adds the wrapper's drift recorder as the
listener, as in an application (every report counted; the plain parse pays the same per report).

Two floors are timed in the same run, to show what is left to win: ``orjson.loads`` alone (the decode the
models path cannot skip), and orjson plus building the 1,000 ``Order`` objects with no check at all (every
slot stored from the dict, absent fields as UNSET): the least any eager, attrs-modelled parse can cost.

    .venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from kalshi_orders_api.types import UNSET, add_drift_listener, remove_drift_listener

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
    for label, page, target in _drifted_pages(body):
        _drift_line(client, label, page, target)
    with _recording():
        _drift_line(client, "every order with a new field, reports recorded", _drifted_page(body), None)
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


DRIFT_TARGET = 1.0


def _drift_line(client: Client, label: str, page: bytes, target: float | None) -> None:
    response = httpx.Response(200, content=page)

    def models() -> object:
        return get_orders._parse_response(client=client, response=response)

    parsed = models()
    assert len(parsed.orders) == 1000  # type: ignore[union-attr]
    workload, baseline = compare((label, models), ("json.loads", lambda: json.loads(page)))
    ratio = baseline.seconds / workload.seconds
    verdict = "" if target is None else f"   target >= {target}x {'MET' if ratio >= target else 'MISSED'}"
    print(f"  drift, {label}: {workload.seconds * 1e3:.2f} ms, {ratio:.2f}x json.loads{verdict}")


def _drifted_page(body: bytes, fields: int = 1) -> bytes:
    page = json.loads(body)
    for order in page["orders"]:
        order["queue_position_fp"] = "0.00"
        if fields > 1:
            order["fee_cost_dollars"] = "0.0100"
    return json.dumps(page).encode()


def _unknown_status(body: bytes, every: bool) -> bytes:
    page = json.loads(body)
    for order in page["orders"] if every else [page["orders"][500]]:
        order["status"] = "queued"
    return json.dumps(page).encode()


def _drifted_pages(body: bytes) -> list[tuple[str, bytes, float | None]]:
    return [
        ("every order with a new field", _drifted_page(body), DRIFT_TARGET),
        ("every order with two new fields", _drifted_page(body, fields=2), None),
        ("one order with an unknown enum value", _unknown_status(body, every=False), DRIFT_TARGET),
        ("every order with an unknown enum value", _unknown_status(body, every=True), None),
    ]


@contextmanager
def _recording() -> Iterator[None]:
    """The kalshi_orders wrapper's drift listener (counts, one log line per (model, field, value)), quiet."""
    from kalshi_orders._drift import DriftRecorder

    recorder = DriftRecorder()
    drift_log = logging.getLogger("kalshi_orders.drift")
    drift_log.disabled = True
    add_drift_listener(recorder)
    try:
        yield
    finally:
        remove_drift_listener(recorder)
        drift_log.disabled = False


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
