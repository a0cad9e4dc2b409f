"""Pagination: `limit` 1..1000 honoured and anything else → 400; a cursor walk returns each matching order
exactly once, with the filters applied on every page, and the last page has an empty cursor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import expect_status
from kalshi_contract.safe_data import BID_PRICES, SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("pagination"), pytest.mark.operation("GetOrders")]


@pytest.fixture(scope="module")
def seeded(client: ContractClient, safe: SafeOrders, target: Target) -> Iterator[list[str]]:
    """Resting orders on the safe ticker, enough for several pages at a small limit (fewer on a live API)."""
    if target.read_only:
        yield []
        return
    if target.admin is not None:
        # Bulk history through the sandbox's admin API: many more orders (all statuses) than the walk's pages.
        target.admin.seed_orders(40, ticker=safe.ticker, seed=7)
    count = 11 if target.kind == "sandbox" else 5
    ids = []
    for index in range(count):
        body = safe.create_body(side="bid", price=BID_PRICES[index % len(BID_PRICES)], count="1")
        response = client.create_order(body)
        expect_status(response, 201, rule="seeding a safe resting order for the pagination rules")
        ids.append(json_of(response)["order_id"])
    client.eventually(lambda: _assert_listed(client, safe.ticker, ids))
    yield ids
    for order_id in ids:
        client.cancel_order(order_id)


def _assert_listed(client: ContractClient, ticker: str, ids: list[str]) -> None:
    listed = {order["order_id"] for order in client.walk_order_list(ticker=ticker, limit=1000)}
    assert set(ids) <= listed, "freshly created orders are not listed yet"


@pytest.mark.parametrize("limit", [0, 1001, -1])
def test_limit_out_of_range_is_rejected(limit: int, client: ContractClient) -> None:
    expect_status(
        client.get_orders(limit=limit), 400, rule=f"GetOrders with limit={limit} (allowed: 1..1000)"
    )


@pytest.mark.parametrize("limit", [1, 2, 5, 1000])
def test_limit_is_honoured(limit: int, client: ContractClient, target: Target, seeded: list[str]) -> None:
    filters = {"ticker": target.ticker} if target.ticker else {}
    response = client.get_orders(limit=limit, **filters)
    expect_status(response, 200, rule=f"GetOrders with limit={limit}")
    orders = json_of(response).get("orders") or []
    assert len(orders) <= limit, f"limit={limit} returned {len(orders)} orders"
    if seeded:
        assert len(orders) >= min(limit, len(seeded)), (
            f"limit={limit} returned only {len(orders)} orders although at least {len(seeded)} match"
        )


@pytest.mark.parametrize("limit", [1, 3])
def test_cursor_walk_returns_each_order_once_with_filters_on_every_page(
    limit: int, client: ContractClient, target: Target, seeded: list[str]
) -> None:
    filters: dict[str, Any] = {"status": "resting"}
    if target.ticker:
        filters["ticker"] = target.ticker
    if target.read_only:
        limit *= 100  # production: walk the whole account in few requests; the rule is the same
    pages = client.walk_orders(limit=limit, max_pages=100, **filters)
    seen: Counter[str] = Counter()
    problems = []
    for number, page in enumerate(pages, start=1):
        orders = page.get("orders") or []
        if len(orders) > limit:
            problems.append(f"page {number} holds {len(orders)} orders at limit={limit}")
        for order in orders:
            seen[order["order_id"]] += 1
            problems += [
                f"page {number}: order {order['order_id']} has {key}={order.get(key)!r}, filter {value!r}"
                for key, value in filters.items()
                if order.get(key) != value
            ]
    repeated = sorted(order_id for order_id, times in seen.items() if times > 1)
    assert not repeated, f"the cursor walk returned {len(repeated)} order(s) more than once: {repeated[:5]}"
    assert not problems, "; ".join(problems[:5])
    missing = sorted(set(seeded) - set(seen))
    assert not missing, f"the cursor walk skipped {len(missing)} matching order(s): {missing[:5]}"
    assert pages[-1].get("cursor") in ("", None), f"the last page's cursor is {pages[-1].get('cursor')!r}"
