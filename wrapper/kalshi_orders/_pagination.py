"""Lazy, bounded, resumable GetOrders pagination.

:class:`PageWalk` is the cursor logic (pure state); :func:`fetch_page` is the plan for one page, retried on
the same cursor and filters; :class:`OrderPager` and :class:`AsyncOrderPager` only drive it. One page is held
at a time.

Two ways to continue an interrupted walk (an error, the page budget, a ``break``, Ctrl-C):

* ``resume=pager.resume_token``: exactly at the first order not yet handed out, even in the middle of a page
  (see ``_resume``); refused for a walk with other filters.
* ``cursor=pager.next_cursor``: at the next page boundary, the page after the last one fetched. Exact after a
  whole page was consumed (a page budget, ``pages()``); after a ``break`` mid-page it skips the rest of that
  page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial

from kalshi_orders_api.api.orders import get_orders
from kalshi_orders_api.models.get_orders_response import GetOrdersResponse
from kalshi_orders_api.types import LazyModelList

from ._deadline import Deadline
from ._filters import OrderFilters
from ._logging import logger
from ._models import Order, OrderPage, OrderSource, _OrderViews, order_id_of
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
from ._resume import ResumePoint, decode_token, encode_token
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
        self,
        filters: OrderFilters,
        *,
        cursor: str | None = None,
        max_pages: int | None = None,
        resume: str | None = None,
    ) -> None:
        if max_pages is not None and (
            isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1
        ):
            raise OrderValidationError(f"max_pages must be a positive int or None, got {max_pages!r}")
        if cursor is not None and not isinstance(cursor, str):
            raise OrderValidationError(f"cursor must be a string from a previous page, got {cursor!r}")
        if cursor is not None and resume is not None:
            raise OrderValidationError(
                "pass cursor= or resume=, not both: a resume token already holds its cursor"
            )
        start = decode_token(resume, filters) if resume is not None else ResumePoint(cursor or None)
        self.filters = filters
        self.max_pages = max_pages
        self.next_cursor: str | None = start.cursor
        self.pages_fetched = 0
        self.complete = start.done
        # Where the walk stands, for resume tokens: the current page's cursor, the raw positions of the
        # orders it hands out, how many of them were handed out, and the part of it a resumption skipped.
        self._start = start
        self._page_cursor = start.cursor
        self._page_ids: list[str] = []
        self._positions: list[int] = []
        self._handed = 0
        self._page_open = False
        self._cut = (start.offset, start.anchor)
        # Two hashes per page (its cursor's, its orders'), never anything per order: memory stays flat in the
        # number of orders, and a server handing out huge cursors cannot grow the walk by their size.
        self._seen: set[int] = set() if self.next_cursor is None else {hash(self.next_cursor)}
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
        orders = body.orders
        # The generated parse gives a LazyModelList: checked JSON objects, their models not built yet.
        raw: list[OrderSource] = (
            orders.built_or_payloads() if isinstance(orders, LazyModelList) else list(orders or ())
        )
        ids = list(map(order_id_of, raw))
        cut = self._resumed_cut(ids)
        fresh, positions = self._fresh(raw[cut:], ids[cut:], cut)
        page = OrderPage(_OrderViews(fresh), cursor)
        self._page_cursor, self._page_ids, self._positions = self.next_cursor, ids, positions
        self._handed, self._cut = 0, (cut, ids[cut - 1] if cut else None)
        self._page_open = bool(fresh)
        fingerprint = hash(tuple(ids))
        repeated_page = bool(ids) and fingerprint in self._pages_seen
        self._pages_seen.add(fingerprint)
        self._previous_ids = frozenset(ids)
        self._empty_run = 0 if fresh else self._empty_run + 1
        if cursor is None:
            self.complete = True
            self.next_cursor = None
        elif hash(cursor) in self._seen:
            # Deliver this page (its request was valid), then refuse to follow the cursor.
            self._stop = PaginationError(cursor, self.pages_fetched)
        elif repeated_page:
            detail = f"{len(ids)} order(s), the same as an earlier page"
            self._stop = PaginationError(cursor, self.pages_fetched, reason="repeated_page", detail=detail)
        elif self._empty_run >= MAX_EMPTY_PAGES:
            detail = f"{self._empty_run} pages"
            self._stop = PaginationError(cursor, self.pages_fetched, reason="empty_pages", detail=detail)
        else:
            self._seen.add(hash(cursor))
            self.next_cursor = cursor
        return page

    def _resumed_cut(self, ids: list[str]) -> int:
        """How many orders at the top of the first page a resumption skips (0 for any other page): through
        the token's last order if the page still lists it (it may have shifted), else its position."""
        offset, anchor = self._cut
        if self.pages_fetched != 1 or not offset:
            return 0
        if anchor is not None and anchor in ids:
            return ids.index(anchor) + 1
        logger.warning(
            "kalshi GetOrders: the order a resume token stopped at is no longer on its page; resuming after "
            "the first %d order(s) of the page instead",
            offset,
        )
        return min(offset, len(ids))

    def _fresh(
        self, raw: list[OrderSource], ids: list[str], start: int
    ) -> tuple[list[OrderSource], list[int]]:
        """The page's orders less those the previous page (or this one, earlier) already held, and their
        positions on the page."""
        previous = self._previous_ids
        if len(set(ids)) == len(ids) and previous.isdisjoint(ids):
            return raw, list(range(start, start + len(raw)))  # the usual case: nothing to drop
        kept: list[OrderSource] = []
        positions: list[int] = []
        here: set[str] = set()
        for index, (order, order_id) in enumerate(zip(raw, ids, strict=True), start):
            if order_id in previous or order_id in here:
                continue
            here.add(order_id)
            kept.append(order)
            positions.append(index)
        logger.warning(
            "kalshi GetOrders page %d repeated %d order(s) already delivered; each is delivered once",
            self.pages_fetched,
            len(raw) - len(kept),
        )
        return kept, positions

    # ------------------------------------------------------------------ exact resumption
    def handed_page(self) -> None:
        """The caller was handed the whole current page."""
        self._page_open = False

    def resume_point(self) -> ResumePoint:
        """Where a new walk with the same filters must start to continue this one exactly."""
        if self.pages_fetched == 0:
            return self._start
        if self._page_open and self._handed < len(self._positions):  # handing the last one closes the page
            if self._handed:
                last = self._positions[self._handed - 1]
                return ResumePoint(self._page_cursor, last + 1, self._page_ids[last])
            offset, anchor = self._cut
            return ResumePoint(self._page_cursor, offset, anchor)
        if self.complete:
            return ResumePoint(done=True)
        if self._stop is not None:  # the walk refused to go on: resuming re-reads where it stopped
            return ResumePoint(
                self._page_cursor, len(self._page_ids), self._page_ids[-1] if self._page_ids else None
            )
        return ResumePoint(self.next_cursor)

    @property
    def resume_token(self) -> str:
        return encode_token(self.resume_point(), self.filters)


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
        """The cursor of the next page not yet fetched (None once complete): the page boundary after the last
        page fetched. ``cursor=next_cursor`` continues exactly only when that page was consumed whole; after a
        ``break`` in the middle of a page use :attr:`resume_token`."""
        return self._walk.next_cursor

    @property
    def resume_token(self) -> str:
        """An opaque string for ``orders.list(..., resume=token)``: a new walk with the same filters that
        starts with the first order this pager has not yet handed out (mid-page too), and never repeats one.
        Read it whenever you stop; a token for a finished walk resumes to nothing."""
        return self._walk.resume_token

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

    def _fetched(self) -> Iterator[OrderPage]:
        while (raw := self._runner.run(fetch_page(self._walk, self._policy, self._clock))) is not None:
            self._last = raw
            yield raw.parsed()

    def pages(self) -> Iterator[OrderPage]:
        """The walk page by page (a page is counted as handed out when it is yielded)."""
        for page in self._fetched():
            self._walk.handed_page()
            yield page

    def __iter__(self) -> Iterator[Order]:
        walk = self._walk
        for page in self._fetched():
            # The walk counts the orders of its page handed out (resume_point reads it): set here, as a
            # method call per order is measurable on a 1,000-order page.
            for walk._handed, order in enumerate(page, 1):
                yield order


class AsyncOrderPager(_PagerBase):
    """``async for order in pager``: the async twin of :class:`OrderPager`."""

    def __init__(
        self, runner: AsyncRunner, walk: PageWalk, policy: RetryPolicy, clock: Callable[[], float]
    ) -> None:
        super().__init__(walk, policy, clock)
        self._runner = runner

    async def _fetched(self) -> AsyncIterator[OrderPage]:
        while (raw := await self._runner.run(fetch_page(self._walk, self._policy, self._clock))) is not None:
            self._last = raw
            yield raw.parsed()

    async def pages(self) -> AsyncIterator[OrderPage]:
        """The walk page by page (a page is counted as handed out when it is yielded)."""
        async for page in self._fetched():
            self._walk.handed_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[Order]:
        walk = self._walk
        async for page in self._fetched():
            # The walk counts the orders of its page handed out (resume_point reads it): set here, as a
            # method call per order is measurable on a 1,000-order page.
            for walk._handed, order in enumerate(page, 1):
                yield order
