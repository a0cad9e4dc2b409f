"""Filters: for every GetOrders filter, every order on every page of a cursor walk matches it, the suite's
own orders that match are listed, and those it excludes are not. On a live account the suite only places
its small orders on its ticker, so exclusion is tested with values that cannot match them (another event,
a time window an hour away, another subaccount or shard); the sandbox adds seeded history on other
markets, subaccounts and shards so that an ignored filter shows on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from kalshi_contract import judge
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import exchange_of, fail_with, violation
from kalshi_contract.lifecycle import UNKNOWN_EVENT, UNKNOWN_TICKER, cancel, event_of, place, read, read_until
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.target import Target

pytestmark = [pytest.mark.rule("filters"), pytest.mark.operation("GetOrders"), pytest.mark.writes]

HOUR = 3600


@dataclass
class Placed:
    resting: dict[str, Any]  # the order as GetOrder shows it
    canceled: dict[str, Any]

    @property
    def created(self) -> int:
        found = judge.timestamp(self.resting.get("created_time"))
        assert found is not None, "GetOrder shows no created_time for the suite's order"
        return int(found)


@pytest.fixture(scope="module")
def placed(client: ContractClient, safe: SafeOrders, target: Target) -> Iterator[Placed]:
    if target.admin is not None:
        # History on every market, status, subaccount and shard: what a filter must leave out.
        target.admin.seed_orders(60, seed=11)
    resting_id = place(client, safe, price="0.02", count="1")
    canceled_id = place(client, safe, price="0.03", count="1")
    cancel(client, canceled_id)
    _, canceled = read_until(client, canceled_id, status="canceled")
    _, resting = read(client, resting_id)
    yield Placed(resting, canceled)
    client.cancel_order(resting_id)


Case = Callable[[Placed, Target], tuple[dict[str, Any], list[str], list[str]]]


def _ids(*orders: dict[str, Any]) -> list[str]:
    return [str(o["order_id"]) for o in orders]


def _shard(placed: Placed) -> int:
    return int(placed.resting.get("exchange_index") or 0)


def _subaccount(placed: Placed) -> int:
    return int(placed.resting.get("subaccount_number") or 0)


# name -> (filters, ids that must be listed, ids that must not be), built from the placed orders
CASES: dict[str, Case] = {
    "ticker": lambda p, t: ({"ticker": t.ticker}, _ids(p.resting, p.canceled), []),
    "ticker-other": lambda p, t: ({"ticker": UNKNOWN_TICKER}, [], _ids(p.resting, p.canceled)),
    "event_ticker": lambda p, t: ({"event_ticker": event_of(t.ticker)}, _ids(p.resting), []),
    "event_ticker-other": lambda p, t: ({"event_ticker": UNKNOWN_EVENT}, [], _ids(p.resting, p.canceled)),
    # The suite's event second in the list: a server that honours only the first event drops its orders.
    "event_ticker-list": lambda p, t: (
        {"event_ticker": f"{UNKNOWN_EVENT},{event_of(t.ticker)}"},
        _ids(p.resting, p.canceled),
        [],
    ),
    "event_ticker-list-other": lambda p, t: (
        {"event_ticker": f"{UNKNOWN_EVENT},{UNKNOWN_EVENT}2"},
        [],
        _ids(p.resting),
    ),
    "min_ts": lambda p, t: ({"min_ts": p.created - HOUR, "ticker": t.ticker}, _ids(p.resting), []),
    "min_ts-later": lambda p, t: ({"min_ts": p.created + HOUR}, [], _ids(p.resting, p.canceled)),
    "max_ts": lambda p, t: ({"max_ts": p.created + HOUR, "ticker": t.ticker}, _ids(p.resting), []),
    "max_ts-earlier": lambda p, t: ({"max_ts": p.created - HOUR}, [], _ids(p.resting, p.canceled)),
    "min_ts-max_ts": lambda p, t: (
        {"min_ts": p.created - 60, "max_ts": p.created + 60},
        _ids(p.resting),
        [],
    ),
    "status-resting": lambda p, t: (
        {"status": "resting", "ticker": t.ticker},
        _ids(p.resting),
        _ids(p.canceled),
    ),
    "status-canceled": lambda p, t: (
        {"status": "canceled", "ticker": t.ticker},
        _ids(p.canceled),
        _ids(p.resting),
    ),
    "subaccount": lambda p, t: ({"subaccount": _subaccount(p)}, _ids(p.resting), []),
    "subaccount-other": lambda p, t: (
        {"subaccount": 63 if _subaccount(p) != 63 else 62},
        [],
        _ids(p.resting, p.canceled),
    ),
    "exchange_index": lambda p, t: ({"exchange_index": _shard(p)}, _ids(p.resting), []),
    "exchange_index-other": lambda p, t: ({"exchange_index": _shard(p) + 1}, [], _ids(p.resting, p.canceled)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_listed_order_matches_the_filter(
    case: str, client: ContractClient, target: Target, placed: Placed
) -> None:
    filters, included, excluded = CASES[case](placed, target)
    if target.admin is None and not {"ticker", "event_ticker"} & set(filters):
        # A live account may hold many orders of its own: keep the walk to the suite's market.
        filters["ticker"] = target.ticker
    pages: list[httpx.Response] = []

    def walk() -> None:
        pages[:] = client.walk_responses(limit=50, max_pages=40, **filters)
        listed = _listed(pages)
        missing = [order_id for order_id in included if order_id not in listed]
        if missing:  # the demo lists new orders late: poll before calling it a violation
            raise violation(
                f"GetOrders with {_describe(filters)} must list the suite's matching order {missing[0]}",
                pages[-1],
                path="$.orders",
                value=f"{len(listed)} orders listed, {missing[0]} not among them",
                expected=f"order {missing[0]} listed",
            )

    client.eventually(walk)
    for page in pages:
        fail_with(judge.judge(_exchange(page), ("filters",)).get("filters", []), page)
    listed = _listed(pages)
    for order_id in excluded:
        if order_id in listed:
            where, page = listed[order_id]
            raise violation(
                f"GetOrders with {_describe(filters)} must not list the suite's order {order_id}, which the "
                "filter excludes",
                page,
                path=where,
                value=order_id,
                expected="not listed",
            )


def _exchange(page: httpx.Response) -> judge.Exchange:
    return exchange_of(page, "GetOrders")


def _listed(pages: list[httpx.Response]) -> dict[str, tuple[str, httpx.Response]]:
    found = {}
    for page in pages:
        for index, order in enumerate(json_of(page).get("orders") or []):
            if isinstance(order, dict) and order.get("order_id"):
                found[str(order["order_id"])] = (f"$.orders[{index}].order_id", page)
    return found


def _describe(filters: dict[str, Any]) -> str:
    return "&".join(f"{key}={value}" for key, value in filters.items())
