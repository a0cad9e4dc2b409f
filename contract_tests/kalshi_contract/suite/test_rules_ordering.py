"""Ordering: what the spec promises about the order of GetOrders along a cursor walk
(`x-kalshi-ordering`: newest first by created_time) holds within every page and across page boundaries,
with and without filters, and the suite's newest order comes before its older ones."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kalshi_contract import judge, spec
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import violation
from kalshi_contract.lifecycle import place
from kalshi_contract.safe_data import BID_PRICES, SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("ordering"), pytest.mark.operation("GetOrders")]


@pytest.fixture(scope="module")
def mine(client: ContractClient, safe: SafeOrders, target: Target) -> Iterator[list[str]]:
    """The suite's orders, oldest first (placed one after another), plus seeded history on the sandbox."""
    if target.read_only:
        yield []
        return
    if target.admin is not None:
        target.admin.seed_orders(40, ticker=safe.ticker, seed=5)
    ids = [place(client, safe, price=BID_PRICES[i], count="1") for i in range(3)]
    yield ids
    for order_id in ids:
        client.cancel_order(order_id)


def test_the_spec_states_the_order_of_get_orders() -> None:
    assert spec.ordering("GetOrders") == {"field": "created_time", "direction": "descending"}


@pytest.mark.parametrize(
    ("limit", "by_ticker"),
    [(3, True), (7, False), (1000, True)],
    ids=["limit-3", "limit-7-all", "limit-1000"],
)
def test_pages_follow_the_documented_order(
    limit: int, by_ticker: bool, client: ContractClient, target: Target, mine: list[str]
) -> None:
    filters: dict[str, Any] = {"ticker": target.ticker} if by_ticker and target.ticker else {}
    if not filters and target.admin is None:
        filters = {"ticker": target.ticker}  # a live account's whole history is not the suite's to walk
    pages = client.walk_responses(limit=limit, max_pages=60, **filters)
    walk: list[tuple[str, dict[str, Any]]] = []
    page_of: dict[str, httpx.Response] = {}
    for number, page in enumerate(pages, start=1):
        for index, order in enumerate(json_of(page).get("orders") or []):
            where = f"$.orders[{index}]"
            walk.append((f"{where} (page {number})", order))
            page_of[f"{where} (page {number})"] = page
    findings = judge.ordering_findings(walk)
    if findings:
        first = findings[0]
        where = first.path.rsplit(".", 1)[0]
        raise violation(
            first.what,
            page_of.get(where, pages[-1]),
            path=first.path.replace(" (page", " of page").replace(")", ""),
            value=first.value,
            expected=first.expected,
        )
    positions = {str(order.get("order_id")): n for n, (_, order) in enumerate(walk)}
    seen = [order_id for order_id in mine if order_id in positions]
    times = [judge.timestamp(walk[positions[order_id]][1].get("created_time")) for order_id in seen]
    distinct = all(a is not None and b is not None and a < b for a, b in itertools.pairwise(times))
    if len(seen) == len(mine) and mine and distinct:  # equal timestamps may come in either order
        ranks = [positions[order_id] for order_id in mine]
        if ranks != sorted(ranks, reverse=True):
            raise violation(
                "GetOrders must list the suite's newest order before its older ones",
                pages[0],
                path="$.orders",
                value=[order_id for order_id, _ in sorted(zip(mine, ranks, strict=True), key=lambda x: x[1])],
                expected=f"newest first: {list(reversed(mine))}",
            )
