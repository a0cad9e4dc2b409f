"""Drift at run time: unknown enum values and fields the client parses are kept, counted, logged once, and
``client.drift()`` reports them in the form ``kalshi-orders spec propose`` reads."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from pathlib import Path

import pytest

from kalshi_orders._drift import DRIFT_FORMAT, DriftRecorder
from kalshi_orders.spec.diff import load_spec
from kalshi_orders.spec.evidence import read_evidence
from kalshi_orders.spec.propose import propose
from kalshi_orders_api.models import GetOrdersResponse
from kalshi_orders_api.types import add_drift_listener, remove_drift_listener

from .conftest import AsyncClientFactory, ClientFactory, FakeKalshi

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "kalshi-orders.yaml"


def _unknown(report: dict[str, object]) -> list[tuple[str, str, str, object, int]]:
    items = report["unknown"]
    assert isinstance(items, list)
    return [(i["model"], i["field"], i["kind"], i["value"], i["count"]) for i in items]


def test_unknown_values_and_fields_are_counted_and_logged_once(
    kalshi: FakeKalshi, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    kalshi.seed(3, status="queued", order_source="api")
    kalshi.seed(2)
    client = make_client()
    client.drift(reset=True)
    with caplog.at_level(logging.WARNING, logger="kalshi_orders.drift"):
        orders = list(client.orders.list())
        orders += list(client.orders.list())
    assert len(orders) == 10
    queued = [o for o in orders if o.raw.status.value == "queued"]
    assert queued and all(o.raw.status.is_unknown for o in queued)  # kept, as an open enum
    assert all(o.raw.additional_properties == {"order_source": "api"} for o in queued)
    report = client.drift()
    assert report["format"] == DRIFT_FORMAT and report["version"] == 1
    assert _unknown(report) == [
        ("Order", "order_source", "field", "api", 6),
        ("Order", "status", "enum", "queued", 6),
    ]
    lines = [r.getMessage() for r in caplog.records if r.name == "kalshi_orders.drift"]
    assert len(lines) == 2  # once per (model, field, value), however often it comes back
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == "kalshi_orders.drift")
    assert any("Order.status: value 'queued'" in line for line in lines)
    assert any("field 'order_source'" in line for line in lines)


def test_known_answers_record_nothing(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(5)
    client = make_client()
    client.drift(reset=True)
    assert len(list(client.orders.list())) == 5
    assert client.drift()["unknown"] == []


def test_reset_starts_afresh(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(1, status="queued")
    client = make_client()
    client.drift(reset=True)
    list(client.orders.list())
    assert _unknown(client.drift(reset=True)) == [("Order", "status", "enum", "queued", 1)]
    assert client.drift()["unknown"] == []


def test_the_async_client_counts_too(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    kalshi.seed(2, book_side="cross")

    async def walk() -> dict[str, object]:
        async with make_async_client() as client:
            client.drift(reset=True)
            async for _ in client.orders.list():
                pass
            return client.drift()

    assert ("Order", "book_side", "enum", "cross", 2) in _unknown(asyncio.run(walk()))


def test_the_report_is_what_spec_propose_reads(
    kalshi: FakeKalshi, make_client: ClientFactory, tmp_path: Path
) -> None:
    kalshi.seed(4, status="queued", order_source="api")
    client = make_client()
    client.drift(reset=True)
    list(client.orders.list())
    path = tmp_path / "drift.json"
    path.write_text(json.dumps(client.drift()), encoding="utf-8")
    spec = load_spec(SPEC)
    result = propose(spec, read_evidence(path, spec), str(path))
    assert {(p.kind, p.where, p.count) for p in result.proposals} == {
        ("enum-value", "OrderStatus", 4),
        ("new-field", "Order.order_source", 4),
    }


def test_a_failing_listener_never_breaks_a_parse() -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("listener bug")

    add_drift_listener(broken)
    try:
        page = GetOrdersResponse.from_dict({"orders": [], "cursor": "", "extra": 1})
    finally:
        remove_drift_listener(broken)
    assert page.additional_properties == {"extra": 1}


def test_counts_add_up_across_threads() -> None:
    recorder = DriftRecorder()

    def hammer() -> None:
        for _ in range(500):
            recorder("Order", "status", "enum", "queued")
            recorder("Order", "note", "field", "x" * 100)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = recorder.report()
    assert [(i["field"], i["count"]) for i in report["unknown"]] == [("note", 4000), ("status", 4000)]
    note = report["unknown"][0]
    assert note["samples"] == [note["value"]] and len(note["value"]) == 60  # a sample, shortened
