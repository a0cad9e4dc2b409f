"""GetOrders page selection: newest first from a cursor position, with the filters as one predicate."""

from __future__ import annotations

from collections.abc import Callable

from kalshi_sandbox.exchange.ledger import SeqIndex
from kalshi_sandbox.exchange.orders import Order

Predicate = Callable[[Order], bool]


def order_filter(
    event_tickers: list[str] | None,
    min_ts: int | None,
    max_ts: int | None,
    status: str | None,
    subaccount: int | None,
    exchange_index: int | None,
) -> Predicate | None:
    """A predicate for the GetOrders filters (the ticker filter is an index); None when nothing filters.

    ``min_ts`` and ``max_ts`` bound ``created_time`` inclusively, in Unix seconds.
    """
    checks: list[Predicate] = []
    if event_tickers is not None:
        events = frozenset(event_tickers)
        checks.append(lambda o: o.event_ticker in events)
    if min_ts is not None:
        checks.append(lambda o: o.created >= min_ts)
    if max_ts is not None:
        checks.append(lambda o: o.created <= max_ts)
    if status is not None:
        checks.append(lambda o: o.status == status)
    if subaccount is not None:
        checks.append(lambda o: o.subaccount == subaccount)
    if exchange_index is not None:
        checks.append(lambda o: o.exchange_index == exchange_index)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    return lambda o: all(check(o) for check in checks)


def select_page(
    index: SeqIndex, position: int | None, limit: int, keep: Predicate | None
) -> tuple[list[Order], bool]:
    """Up to ``limit`` orders with a sequence below ``position``, newest first, and whether more match.

    Unfiltered pages are a slice (O(limit)); filtered pages scan backwards from the position, so a whole
    walk scans each order about once.
    """
    orders = index.orders
    i = index.before(position)
    if keep is None:
        start = max(i - limit + 1, 0)
        return orders[start : i + 1][::-1], start > 0
    page: list[Order] = []
    while i >= 0 and len(page) < limit:
        order = orders[i]
        i -= 1
        if keep(order):
            page.append(order)
    more = False
    if len(page) == limit:
        while i >= 0 and not more:  # peek: does another order match, so that a next page exists?
            more = keep(orders[i])
            i -= 1
    return page, more
