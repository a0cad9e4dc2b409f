"""Plans that read orders back: one by its id (GetOrder), several by client_order_id (GetOrders).

The write policies use them to settle a write whose answer was lost; ``orders.get`` is the first one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NamedTuple

from kalshi_orders_api.api.orders import get_order
from kalshi_orders_api.models.get_order_response import GetOrderResponse

from ._checks import check_order_id
from ._deadline import Deadline
from ._filters import OrderFilters
from ._models import Order
from ._pagination import PageWalk, fetch_page
from ._plan import Plan, Send, Sleep, call_and_read, expect_body
from ._response import RawResponse
from ._retry import RetryPolicy

__all__ = ["CLOCK_SKEW_SECONDS", "LOOKUP_PAGE_SIZE", "OrderKey", "find_orders", "get_order_plan"]

# A lookup asks only for orders from this long before the first send on (covers client/server clock skew).
CLOCK_SKEW_SECONDS = 120.0
LOOKUP_PAGE_SIZE = 100


class OrderKey(NamedTuple):
    """Where an order placed with a client_order_id can be found."""

    ticker: str
    subaccount: int | None
    client_order_id: str


def get_order_plan(
    order_id: str, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[RawResponse[Order]]:
    """GetOrder: one order by id, any status."""
    send = Send(partial(get_order.sync_detailed, order_id=check_order_id(order_id)))
    return call_and_read(
        send, policy, clock, lambda a: Order(expect_body(a, GetOrderResponse).order), deadline
    )


def find_orders(
    keys: Sequence[OrderKey],
    since: float,
    policy: RetryPolicy,
    clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[tuple[dict[str, Order], RawResponse[Any] | None, int]]:
    """Look orders up by client_order_id: (found by id, last page's exchange, requests made).

    One walk per (ticker, subaccount), from ``since`` (wall-clock seconds) minus the clock skew allowance,
    polled ``policy.lookup_polls`` times while some are missing (a just-placed order takes ~0.5 s to show)
    and the deadline leaves room for another poll.
    """
    groups: dict[tuple[str, int | None], set[str]] = {}
    for key in keys:
        groups.setdefault((key.ticker, key.subaccount), set()).add(key.client_order_id)
    wanted = {key.client_order_id for key in keys}
    # min_ts bounds the search to recent orders whatever order the server lists them in (its docs promise
    # none); whether it filters on created or last-updated time, an order placed after `since` passes.
    min_ts = max(0, math.floor(since - CLOCK_SKEW_SECONDS))
    found: dict[str, Order] = {}
    last: RawResponse[Any] | None = None
    requests = 0
    for poll in range(policy.lookup_polls):
        if poll:
            if deadline is not None and deadline.remaining() <= policy.lookup_interval:
                break  # no time for another poll: what was found is the answer
            yield Sleep(policy.lookup_interval)
        for (ticker, sub), coids in groups.items():
            if coids <= found.keys():
                continue
            walk = PageWalk(
                OrderFilters(ticker=ticker, subaccount=sub, min_ts=min_ts, limit=LOOKUP_PAGE_SIZE),
                max_pages=policy.lookup_max_pages,
            )
            while (raw := (yield from fetch_page(walk, policy, clock, deadline))) is not None:
                last, requests = raw, requests + raw.attempts
                page = raw.parsed()
                for order in page:
                    if order.client_order_id in coids:
                        found[order.client_order_id] = order
                if coids <= found.keys():
                    break
        if wanted <= found.keys():
            break
    return found, last, requests
