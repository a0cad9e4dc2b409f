"""Lazy, bounded, resumable GetOrders pagination.

:class:`PageWalk` is the cursor logic (pure state); :func:`fetch_page` is the plan for one page, retried on
the same cursor and filters; :class:`OrderPager` and :class:`AsyncOrderPager` only drive it. One page is held
at a time. An interrupted walk (an error, the page budget, a ``break``) resumes exactly at the first page not
yet delivered: pass ``cursor=pager.next_cursor`` to a new ``list()`` with the same filters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial

from kalshi_orders_api.api.orders import get_orders
from kalshi_orders_api.models.get_orders_response import GetOrdersResponse
from kalshi_orders_api.models.order import Order as RawOrder

from ._deadline import Deadline
from ._filters import OrderFilters
from ._logging import logger
from ._models import Order, OrderPage, _OrderViews
from ._plan import (
    AsyncRunner,
    Attempt,
    Plan,
    Send,
    SyncRunner,
    error_for,
    raw_response,
    send_with_retries,
    unset,
)
from ._response import RawResponse
from ._retry import RetryPolicy, RetryState
from .errors import OrderValidationError, PaginationError

__all__ = ["MAX_EMPTY_PAGES", "AsyncOrderPager", "OrderPager", "PageWalk", "fetch_page"]


# Pages in a row with no new order that still carry a cursor before the walk gives up: a real account's
# filters can leave a few pages empty, a server handing out a fresh cursor with every empty page never ends.
MAX_EMPTY_PAGES = 10


class PageWalk:
    """Cursor state of one walk: which page comes next, and whether the walk is done.

    Guards against a server whose pagination never ends (each check costs memory per page, never per order):
    a cursor seen before, a page that repeats an earlier page's orders under a new cursor, and
    :data:`MAX_EMPTY_PAGES` pages in a row with nothing new. Orders the previous page already delivered
    (a list that shifted under an offset cursor) are dropped, so each order is delivered once.
    """

    def __init__(
        self, filters: OrderFilters, *, cursor: str | None = None, max_pages: int | None = None
    ) -> None:
        if max_pages is not None and (
            isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1
        ):
            raise OrderValidationError(f"max_pages must be a positive int or None, got {max_pages!r}")
        if cursor is not None and not isinstance(cursor, str):
            raise OrderValidationError(f"cursor must be a string from a previous page, got {cursor!r}")
        self.filters = filters
        self.max_pages = max_pages
        self.next_cursor: str | None = cursor or None
        self.pages_fetched = 0
        self.complete = False
        # One string and one hash per page, never per order: memory stays flat in the number of orders.
        self._seen: set[str] = set() if self.next_cursor is None else {self.next_cursor}
        self._pages_seen: set[int] = set()
        self._previous_ids: frozenset[str] = frozenset()
        self._empty_run = 0
        self._stop: PaginationError | None = None

    @property
    def budget_spent(self) -> bool:
        return self.max_pages is not None and self.pages_fetched >= self.max_pages

    def request(self) -> Send | None:
        """The request for the next page, or None when the walk is complete or out of budget."""
        if self._stop is not None:
            raise self._stop
        if self.complete or self.budget_spent:
            return None
        f = self.filters
        return Send(
            partial(
                get_orders.sync_detailed,
                ticker=unset(f.ticker),
                event_ticker=unset(f.event_ticker),
                min_ts=unset(f.min_ts),
                max_ts=unset(f.max_ts),
                status=unset(f.status),
                limit=f.limit,
                cursor=unset(self.next_cursor),
                subaccount=unset(f.subaccount),
                exchange_index=unset(f.exchange_index),
            )
        )

    def accept(self, body: GetOrdersResponse) -> OrderPage:
        """Record a fetched page and move the cursor on; the page holds the orders not delivered before."""
        cursor = body.cursor or None  # "", null and (see _parse_page) a missing key all end the walk
        self.pages_fetched += 1
        raw = body.orders or []
        ids = [order.order_id for order in raw]
        fresh = self._fresh(raw, ids)
        page = OrderPage(_OrderViews(fresh), cursor)
        fingerprint = hash(tuple(ids))
        repeated_page = bool(ids) and fingerprint in self._pages_seen
        self._pages_seen.add(fingerprint)
        self._previous_ids = frozenset(ids)
        self._empty_run = 0 if fresh else self._empty_run + 1
        if cursor is None:
            self.complete = True
            self.next_cursor = None
        elif cursor in self._seen:
            # Deliver this page (its request was valid), then refuse to follow the cursor.
            self._stop = PaginationError(cursor, self.pages_fetched)
        elif repeated_page:
            detail = f"{len(ids)} order(s), the same as an earlier page"
            self._stop = PaginationError(cursor, self.pages_fetched, reason="repeated_page", detail=detail)
        elif self._empty_run >= MAX_EMPTY_PAGES:
            detail = f"{self._empty_run} pages"
            self._stop = PaginationError(cursor, self.pages_fetched, reason="empty_pages", detail=detail)
        else:
            self._seen.add(cursor)
            self.next_cursor = cursor
        return page

    def _fresh(self, raw: list[RawOrder], ids: list[str]) -> list[RawOrder]:
        """The page's orders less those the previous page (or this one, earlier) already held."""
        previous = self._previous_ids
        if len(set(ids)) == len(ids) and previous.isdisjoint(ids):
            return raw  # the usual case: nothing to drop, no copy
        kept: list[RawOrder] = []
        here: set[str] = set()
        for order, order_id in zip(raw, ids, strict=True):
            if order_id in previous or order_id in here:
                continue
            here.add(order_id)
            kept.append(order)
        logger.warning(
            "kalshi GetOrders page %d repeated %d order(s) already delivered; each is delivered once",
            self.pages_fetched,
            len(raw) - len(kept),
        )
        return kept


def _parse_page(attempt: Attempt) -> GetOrdersResponse:
    """The GetOrdersResponse of a successful attempt (a missing ``cursor`` key parses as the last page)."""
    if attempt.failure is not None:
        raise error_for(attempt)
    body = attempt.response.parsed if attempt.response is not None else None
    if not isinstance(body, GetOrdersResponse):
        raise error_for(attempt)
    return body


def fetch_page(
    walk: PageWalk, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[RawResponse[OrderPage] | None]:
    """Fetch the walk's next page, retrying transient failures on the same cursor; None when done. Each page
    is a call of its own, with its own deadline, unless it is part of a larger call (a lookup)."""
    send = walk.request()
    if send is None:
        return None
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    page = walk.accept(_parse_page(attempt))
    return raw_response(attempt, state.attempts, lambda: page)


class _PagerBase:
    def __init__(self, walk: PageWalk, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self._walk = walk
        self._policy = policy
        self._clock = clock
        self._last: RawResponse[OrderPage] | None = None

    @property
    def last_response(self) -> RawResponse[OrderPage] | None:
        """The HTTP exchange of the latest page (status, headers, elapsed, request_id); None before one."""
        return self._last

    @property
    def next_cursor(self) -> str | None:
        """Where the walk continues (None once complete): pass it as ``cursor=`` to resume."""
        return self._walk.next_cursor

    @property
    def pages_fetched(self) -> int:
        return self._walk.pages_fetched

    @property
    def complete(self) -> bool:
        """True once the server said there are no more pages (False after a page budget stop)."""
        return self._walk.complete

    @property
    def filters(self) -> OrderFilters:
        return self._walk.filters

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(pages_fetched={self.pages_fetched}, complete={self.complete}, "
            f"next_cursor={self.next_cursor!r})"
        )


class OrderPager(_PagerBase):
    """Iterate over every order matching the filters, fetching pages lazily (``for order in pager``)."""

    def __init__(
        self, runner: SyncRunner, walk: PageWalk, policy: RetryPolicy, clock: Callable[[], float]
    ) -> None:
        super().__init__(walk, policy, clock)
        self._runner = runner

    def pages(self) -> Iterator[OrderPage]:
        while (raw := self._runner.run(fetch_page(self._walk, self._policy, self._clock))) is not None:
            self._last = raw
            yield raw.parsed()

    def __iter__(self) -> Iterator[Order]:
        for page in self.pages():
            yield from page


class AsyncOrderPager(_PagerBase):
    """``async for order in pager``: the async twin of :class:`OrderPager`."""

    def __init__(
        self, runner: AsyncRunner, walk: PageWalk, policy: RetryPolicy, clock: Callable[[], float]
    ) -> None:
        super().__init__(walk, policy, clock)
        self._runner = runner

    async def pages(self) -> AsyncIterator[OrderPage]:
        while (raw := await self._runner.run(fetch_page(self._walk, self._policy, self._clock))) is not None:
            self._last = raw
            yield raw.parsed()

    async def __aiter__(self) -> AsyncIterator[Order]:
        async for page in self.pages():
            for order in page:
                yield order
