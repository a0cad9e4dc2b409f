"""``client.orders``: every orders operation, written once as a plan and exposed four ways.

:class:`OrdersPlans` holds the only implementation of each call (argument checks, the generated operation it
uses, how its answer is read; the write policies live in ``_reconcile``). The sync and async resources, and
their ``with_raw_response`` twins, declare one line per method (see ``_methods``), so they share signatures
and behaviour by construction.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import cached_property, partial
from typing import Any, TypeVar, Unpack, overload

import attrs

from kalshi_orders_api.api.orders import (
    batch_cancel_orders_v2,
    cancel_all_orders,
    cancel_order_v2,
    get_order_queue_position,
    get_order_queue_positions,
)
from kalshi_orders_api.models.amend_order_v2_request import AmendOrderV2Request
from kalshi_orders_api.models.batch_cancel_orders_v2_request import BatchCancelOrdersV2Request
from kalshi_orders_api.models.batch_cancel_orders_v2_request_item import BatchCancelOrdersV2RequestItem
from kalshi_orders_api.models.create_order_v2_request import CreateOrderV2Request
from kalshi_orders_api.models.decrease_order_v2_request import DecreaseOrderV2Request
from kalshi_orders_api.models.get_order_queue_position_response import GetOrderQueuePositionResponse
from kalshi_orders_api.models.get_order_queue_positions_response import GetOrderQueuePositionsResponse
from kalshi_orders_api.types import Unset

from .._checks import check_order_id, check_subaccount, check_ticker, check_ticker_list
from .._deadline import Deadline
from .._filters import OrderFilters
from .._lookups import get_order_plan
from .._markets import GridCheck, MarketGrids, check_grids
from .._models import (
    AmendResult,
    BatchCancelResult,
    BatchCreateResult,
    CancelResult,
    CreateResult,
    DecreaseResult,
    Order,
    OrderPage,
    QueuePosition,
    QueuePositions,
)
from .._money import to_decimal
from .._order_entry import (
    AmendOrderFields,
    CreateOrderFields,
    DecreaseOrderFields,
    build_amend_order,
    build_create_order,
    build_decrease_order,
    new_client_order_id,
)
from .._pagination import AsyncOrderPager, OrderPager, PageWalk, fetch_page
from .._plan import Attempt, Plan, Send, call_and_read, expect_body, unset
from .._reconcile import (
    amend_plan,
    batch_cancel_plan,
    batch_create_plan,
    cancel_plan,
    create_plan,
    decrease_plan,
)
from .._response import RawResponse
from .._retry import RetryPolicy
from .._types import CancelFields, OrderStatusInput
from ..errors import OrderValidationError
from ._methods import (
    AsyncResource,
    SyncResource,
    async_parsed,
    async_raw,
    compose,
    lazy,
    signature_with_fields,
    sync_parsed,
    sync_raw,
)

__all__ = ["AsyncOrders", "AsyncOrdersWithRawResponse", "Orders", "OrdersPlans", "OrdersWithRawResponse"]

T = TypeVar("T")

_CREATE_FIELDS = frozenset(CreateOrderFields.__annotations__)
_AMEND_FIELDS = frozenset(AmendOrderFields.__annotations__)
_DECREASE_FIELDS = frozenset(DecreaseOrderFields.__annotations__)
_CANCEL_FIELDS = frozenset(CancelFields.__annotations__)


def _known(fields: Mapping[str, object], known: frozenset[str], what: str) -> None:
    """Refuse unknown field names, suggesting the closest known one (a typo is otherwise a bare TypeError)."""
    unknown = sorted(set(fields) - known)
    if not unknown:
        return
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1)
        hints.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
    raise OrderValidationError(
        f"unknown {what} field(s): {', '.join(hints)}; the fields are {', '.join(sorted(known))}"
    )


def _with_client_order_id(request: CreateOrderV2Request) -> CreateOrderV2Request:
    """A prebuilt request without an id gets one (a copy: the caller's object is left alone)."""
    if not isinstance(request.client_order_id, Unset) and request.client_order_id:
        return request
    copy = attrs.evolve(request, client_order_id=new_client_order_id())
    copy.additional_properties = dict(request.additional_properties)
    return copy


def _create_request(order: CreateOrderV2Request | CreateOrderFields) -> CreateOrderV2Request:
    if isinstance(order, CreateOrderV2Request):
        return _with_client_order_id(order)
    if isinstance(order, Mapping):
        _known(order, _CREATE_FIELDS, "order")
        return build_create_order(**order)
    raise OrderValidationError(
        f"each order must be a CreateOrderV2Request or a mapping of build_create_order() arguments, "
        f"got {type(order).__name__}"
    )


def _cancel_item(item: str | BatchCancelOrdersV2RequestItem | CancelFields) -> BatchCancelOrdersV2RequestItem:
    if isinstance(item, BatchCancelOrdersV2RequestItem):
        return item
    if isinstance(item, str):
        return BatchCancelOrdersV2RequestItem(order_id=check_order_id(item))
    if isinstance(item, Mapping):
        _known(item, _CANCEL_FIELDS, "batch cancel")
        return BatchCancelOrdersV2RequestItem(
            order_id=check_order_id(item.get("order_id")),
            subaccount=unset(check_subaccount(item.get("subaccount"))),
            exchange_index=unset(item.get("exchange_index")),
            market_ticker=unset(item.get("market_ticker")),
        )
    raise OrderValidationError(f"each cancel must be an order id, a mapping or a request item, got {item!r}")


def _grid_check(body: CreateOrderV2Request | AmendOrderV2Request, label: str = "") -> GridCheck:
    return GridCheck(body.ticker, body.price, body.count, label)


def _subaccount(subaccount: int | None) -> int | Unset:
    # Omitted unless given: the generated default would send 0, which a key locked to another subaccount is
    # refused for; the server's own default is the primary account.
    return unset(check_subaccount(subaccount))


class OrdersPlans:
    """The one implementation of every orders call, as I/O-free plans."""

    def __init__(
        self,
        policy: RetryPolicy,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        grids: MarketGrids | None = None,
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.wall_clock = wall_clock
        # Creates and amends are checked against their market's published grid (None: not checked).
        self.grids = grids

    def _deadline(self) -> Deadline:
        """The deadline of a call starting now: every step of it shares this one (see ``_deadline``)."""
        return Deadline.after(self.policy.deadline, self.clock)

    def _checked(self, checks: list[GridCheck], plan: Plan[T], deadline: Deadline) -> Plan[T]:
        """``plan``, once each order's price and count fit its market's grid (see ``_markets``)."""
        if checks and self.grids is not None:
            yield from check_grids(checks, self.grids, self.clock, deadline)
        return (yield from plan)

    def list(
        self,
        *,
        ticker: str | None = None,
        event_ticker: str | Sequence[str] | None = None,
        min_ts: int | None = None,
        max_ts: int | None = None,
        status: OrderStatusInput | None = None,
        limit: int = 100,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        cursor: str | None = None,
        max_pages: int | None = None,
        resume: str | None = None,
    ) -> PageWalk:
        """Every order matching the filters (GetOrders), newest first, fetched page by page as you iterate.

        ``limit`` is the page size (1-1000); ``max_pages`` stops after that many pages. To continue an
        interrupted walk, pass the same filters and ``resume=`` a pager's ``resume_token`` (exactly at the
        first order not yet handed out, mid-page too; a token made for other filters is refused) or
        ``cursor=`` a pager's ``next_cursor`` (at the next page boundary). ``subaccount`` None means every
        subaccount. Bad filters raise :class:`OrderValidationError` before anything is sent.
        """
        filters = OrderFilters.build(
            ticker=ticker,
            event_ticker=event_ticker
            if event_ticker is None or isinstance(event_ticker, str)
            else list(event_ticker),
            min_ts=min_ts,
            max_ts=max_ts,
            status=status,
            limit=limit,
            subaccount=subaccount,
            exchange_index=exchange_index,
        )
        return PageWalk(filters, cursor=cursor, max_pages=max_pages, resume=resume)

    def page(self, walk: PageWalk) -> Plan[RawResponse[OrderPage]]:
        """The walk's next page."""
        raw = yield from fetch_page(walk, self.policy, self.clock)
        assert raw is not None  # a fresh walk always has a first page
        return raw

    def get(self, order_id: str) -> Plan[RawResponse[Order]]:
        """One order by id, in any status (GetOrder)."""
        return get_order_plan(order_id, self.policy, self.clock)

    def queue_position(self, order_id: str) -> Plan[RawResponse[Decimal]]:
        """How many contracts are queued ahead of one resting order at its price on its book side
        (GetOrderQueuePosition); ``Decimal("0")`` means it is first in line. The order may be in any
        subaccount. A canceled or executed order has no queue position: :class:`NotFoundError`, as for an
        unknown id."""
        send = Send(partial(get_order_queue_position.sync_detailed, order_id=check_order_id(order_id)))
        return call_and_read(
            send,
            self.policy,
            self.clock,
            lambda a: to_decimal(expect_body(a, GetOrderQueuePositionResponse).queue_position_fp),
        )

    def queue_positions(
        self,
        *,
        market_tickers: str | Sequence[str] | None = None,
        event_ticker: str | None = None,
        subaccount: int | None = None,
    ) -> Plan[RawResponse[QueuePositions]]:
        """The queue positions of your resting orders (GetOrderQueuePositions), optionally only those in
        ``market_tickers`` (a list, or tickers separated by commas) and/or in the markets of
        ``event_ticker``. ``subaccount`` None sends none, so the server's default applies: the primary
        account, or the subaccount an API key is locked to. Unknown tickers match nothing (an empty
        result)."""
        send = Send(
            partial(
                get_order_queue_positions.sync_detailed,
                market_tickers=unset(
                    None if market_tickers is None else check_ticker_list("market_tickers", market_tickers)
                ),
                event_ticker=unset(
                    None if event_ticker is None else check_ticker("event_ticker", event_ticker)
                ),
                subaccount=_subaccount(subaccount),
            )
        )

        def read(attempt: Attempt) -> QueuePositions:
            body = expect_body(attempt, GetOrderQueuePositionsResponse)
            # null is read as [] (the demo sends null for other empty lists)
            return QueuePositions(tuple(QueuePosition(raw) for raw in body.queue_positions or ()))

        return call_and_read(send, self.policy, self.clock, read)

    @overload
    def create(self, request: CreateOrderV2Request, /) -> Plan[RawResponse[CreateResult]]: ...

    @overload
    def create(self, /, **fields: Unpack[CreateOrderFields]) -> Plan[RawResponse[CreateResult]]: ...

    def create(
        self, request: CreateOrderV2Request | None = None, /, **fields: Any
    ) -> Plan[RawResponse[CreateResult]]:
        """Place one order (CreateOrderV2): a prebuilt request, or the order's fields in the trader's words
        (``side``, ``action``, ``yes_price``/``no_price``) or V2's (``book_side``, ``price``); see
        :func:`build_create_order`. A lost answer is settled by client_order_id, never by placing twice.

        Before sending, the price and count are checked against the market's published grid (GetMarket,
        kept per client for ``market_cache_ttl`` seconds); ``tick=`` checks against that named grid instead,
        without reading the market. A market that cannot be read does not hold the order up: it is sent
        unchecked (a WARNING is logged) and the exchange judges it."""
        if request is not None and fields:
            raise OrderValidationError(
                "pass either a prebuilt CreateOrderV2Request or order fields, not both"
            )
        body = _create_request(request if request is not None else fields)  # type: ignore[arg-type]
        checks = [] if fields.get("tick") is not None else [_grid_check(body)]
        deadline = self._deadline()
        plan = create_plan(body, self.policy, self.clock, self.wall_clock, deadline)
        return self._checked(checks, plan, deadline)

    create.__signature__ = signature_with_fields(create, build_create_order)  # type: ignore[attr-defined]

    def batch_create(
        self, orders: Sequence[CreateOrderV2Request | CreateOrderFields]
    ) -> Plan[RawResponse[BatchCreateResult]]:
        """Place several orders in one request (BatchCreateOrdersV2): prebuilt requests or mappings of order
        fields. Each item succeeds or fails on its own; lost answers are settled by client_order_id. Every
        item is checked against its market's grid first (an item with ``tick`` against that grid): one item
        off its grid refuses the whole batch, naming the item, and nothing is sent."""
        if isinstance(orders, str | bytes | Mapping) or not orders:
            raise OrderValidationError("batch_create takes a non-empty list of orders")
        bodies = [_create_request(order) for order in orders]
        checks = [
            _grid_check(body, f"order {index}: ")
            for index, (order, body) in enumerate(zip(orders, bodies, strict=True), 1)
            if not (isinstance(order, Mapping) and order.get("tick") is not None)
        ]
        deadline = self._deadline()
        plan = batch_create_plan(bodies, self.policy, self.clock, self.wall_clock, deadline)
        return self._checked(checks, plan, deadline)

    def cancel(
        self,
        order_id: str,
        *,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        market_ticker: str | None = None,
    ) -> Plan[RawResponse[CancelResult]]:
        """Cancel one resting order (CancelOrderV2). A resend refused after a lost answer is confirmed by the
        order's status (``reconciled=True``)."""
        order_id = check_order_id(order_id)
        send = Send(
            partial(
                cancel_order_v2.sync_detailed,
                order_id=order_id,
                subaccount=_subaccount(subaccount),
                exchange_index=unset(exchange_index),
                market_ticker=unset(market_ticker),
            )
        )
        return cancel_plan(send, order_id, self.policy, self.clock, self._deadline())

    @overload
    def amend(
        self, order_id: str, request: AmendOrderV2Request, /, *, subaccount: int | None = None
    ) -> Plan[RawResponse[AmendResult]]: ...

    @overload
    def amend(
        self, order_id: str, /, *, subaccount: int | None = None, **fields: Unpack[AmendOrderFields]
    ) -> Plan[RawResponse[AmendResult]]: ...

    def amend(
        self,
        order_id: str,
        request: AmendOrderV2Request | None = None,
        /,
        *,
        subaccount: int | None = None,
        **fields: Any,
    ) -> Plan[RawResponse[AmendResult]]:
        """Change an order's price, total count or expiry (AmendOrderV2): a prebuilt request or the fields of
        :func:`build_amend_order` (``count`` is the new total, filled included). The new price and count are
        checked against the market's grid as for :meth:`create`. A lost answer is settled by reading the
        order back (``reconciled=True`` when it already shows the amend); the amend is resent only while the
        order rests without it (sending it twice sets the same target), see ``_reconcile.change``."""
        if request is not None and fields:
            raise OrderValidationError("pass either a prebuilt AmendOrderV2Request or amend fields, not both")
        if request is None:
            _known(fields, _AMEND_FIELDS, "amend")
        body = request if request is not None else build_amend_order(**fields)
        checked_id, sub = check_order_id(order_id), _subaccount(subaccount)
        checks = [] if fields.get("tick") is not None else [_grid_check(body)]
        deadline = self._deadline()
        plan = amend_plan(checked_id, body, sub, self.policy, self.clock, deadline)
        return self._checked(checks, plan, deadline)

    amend.__signature__ = signature_with_fields(amend, build_amend_order)  # type: ignore[attr-defined]

    @overload
    def decrease(
        self, order_id: str, request: DecreaseOrderV2Request, /, *, subaccount: int | None = None
    ) -> Plan[RawResponse[DecreaseResult]]: ...

    @overload
    def decrease(
        self, order_id: str, /, *, subaccount: int | None = None, **fields: Unpack[DecreaseOrderFields]
    ) -> Plan[RawResponse[DecreaseResult]]: ...

    def decrease(
        self,
        order_id: str,
        request: DecreaseOrderV2Request | None = None,
        /,
        *,
        subaccount: int | None = None,
        **fields: Any,
    ) -> Plan[RawResponse[DecreaseResult]]:
        """Reduce an order's remaining size (DecreaseOrderV2): a prebuilt request, or exactly one of
        ``reduce_by`` (contracts to remove) and ``reduce_to`` (contracts to leave).

        Never applied twice. ``reduce_to`` is a target, resent while the order still has more left.
        ``reduce_by`` is not: the order is read first (one GetOrder), and after a lost answer the order's
        state says whether it was applied; it is resent (as ``reduce_to``) only when the server answered
        500/503, never after a timeout or a dropped connection (:class:`OrderOutcomeUnknownError` then says
        what to look up). See ``_reconcile.change``."""
        if request is not None and fields:
            raise OrderValidationError(
                "pass either a prebuilt DecreaseOrderV2Request or decrease fields, not both"
            )
        if request is None:
            _known(fields, _DECREASE_FIELDS, "decrease")
        body = request if request is not None else build_decrease_order(**fields)
        return decrease_plan(
            check_order_id(order_id), body, _subaccount(subaccount), self.policy, self.clock, self._deadline()
        )

    decrease.__signature__ = signature_with_fields(decrease, build_decrease_order)  # type: ignore[attr-defined]

    def batch_cancel(
        self, orders: Sequence[str | BatchCancelOrdersV2RequestItem | CancelFields]
    ) -> Plan[RawResponse[BatchCancelResult]]:
        """Cancel several orders in one request (BatchCancelOrdersV2): order ids, or mappings of order_id,
        subaccount, exchange_index, market_ticker. Each item succeeds or fails on its own."""
        if isinstance(orders, str | bytes | Mapping) or not orders:
            raise OrderValidationError("batch_cancel takes a non-empty list of order ids")
        items = [_cancel_item(item) for item in orders]
        body = BatchCancelOrdersV2Request(orders=items)
        send = Send(partial(batch_cancel_orders_v2.sync_detailed, body=body), items=len(items))
        return batch_cancel_plan(send, self.policy, self.clock, self._deadline())

    def cancel_all(self, *, subaccount: int | None = None) -> Plan[RawResponse[None]]:
        """Cancel every resting order (CancelAllOrders), of one subaccount or, with None, of all. Orders
        placed in the minute after the call may be canceled too."""
        send = Send(partial(cancel_all_orders.sync_detailed, subaccount=unset(check_subaccount(subaccount))))
        return call_and_read(send, self.policy, self.clock, lambda a: None)


_first_page = compose(OrdersPlans.list, OrdersPlans.page, returns="Plan[RawResponse[OrderPage]]")


def _pager(resource: Orders, walk: PageWalk) -> OrderPager:
    return OrderPager(resource._runner, walk, resource._plans.policy, resource._plans.clock)


def _async_pager(resource: AsyncOrders, walk: PageWalk) -> AsyncOrderPager:
    return AsyncOrderPager(resource._runner, walk, resource._plans.policy, resource._plans.clock)


class OrdersWithRawResponse(SyncResource[OrdersPlans]):
    """``client.orders.with_raw_response``: each call returns a :class:`RawResponse` (status, headers,
    elapsed, request_id, content, ``parsed()``). ``list`` fetches one page."""

    list = sync_raw(_first_page)
    get = sync_raw(OrdersPlans.get)
    queue_position = sync_raw(OrdersPlans.queue_position)
    queue_positions = sync_raw(OrdersPlans.queue_positions)
    create = sync_raw(OrdersPlans.create)
    batch_create = sync_raw(OrdersPlans.batch_create)
    cancel = sync_raw(OrdersPlans.cancel)
    amend = sync_raw(OrdersPlans.amend)
    decrease = sync_raw(OrdersPlans.decrease)
    batch_cancel = sync_raw(OrdersPlans.batch_cancel)
    cancel_all = sync_raw(OrdersPlans.cancel_all)


class Orders(SyncResource[OrdersPlans]):
    """``client.orders``: list (a lazy pager), get, queue positions, create, cancel, amend, decrease,
    batches, cancel_all.
    ``with_raw_response`` has the same methods, returning the HTTP exchange."""

    list = lazy(OrdersPlans.list, _pager, returns="OrderPager")
    get = sync_parsed(OrdersPlans.get)
    queue_position = sync_parsed(OrdersPlans.queue_position)
    queue_positions = sync_parsed(OrdersPlans.queue_positions)
    create = sync_parsed(OrdersPlans.create)
    batch_create = sync_parsed(OrdersPlans.batch_create)
    cancel = sync_parsed(OrdersPlans.cancel)
    amend = sync_parsed(OrdersPlans.amend)
    decrease = sync_parsed(OrdersPlans.decrease)
    batch_cancel = sync_parsed(OrdersPlans.batch_cancel)
    cancel_all = sync_parsed(OrdersPlans.cancel_all)

    @cached_property
    def with_raw_response(self) -> OrdersWithRawResponse:
        return OrdersWithRawResponse(self._plans, self._runner)


class AsyncOrdersWithRawResponse(AsyncResource[OrdersPlans]):
    """The async ``with_raw_response``: like :class:`OrdersWithRawResponse`, awaited."""

    list = async_raw(_first_page)
    get = async_raw(OrdersPlans.get)
    queue_position = async_raw(OrdersPlans.queue_position)
    queue_positions = async_raw(OrdersPlans.queue_positions)
    create = async_raw(OrdersPlans.create)
    batch_create = async_raw(OrdersPlans.batch_create)
    cancel = async_raw(OrdersPlans.cancel)
    amend = async_raw(OrdersPlans.amend)
    decrease = async_raw(OrdersPlans.decrease)
    batch_cancel = async_raw(OrdersPlans.batch_cancel)
    cancel_all = async_raw(OrdersPlans.cancel_all)


class AsyncOrders(AsyncResource[OrdersPlans]):
    """``async_client.orders``: ``list`` gives an :class:`AsyncOrderPager` (``async for``); the other calls
    are awaited."""

    list = lazy(OrdersPlans.list, _async_pager, returns="AsyncOrderPager")
    get = async_parsed(OrdersPlans.get)
    queue_position = async_parsed(OrdersPlans.queue_position)
    queue_positions = async_parsed(OrdersPlans.queue_positions)
    create = async_parsed(OrdersPlans.create)
    batch_create = async_parsed(OrdersPlans.batch_create)
    cancel = async_parsed(OrdersPlans.cancel)
    amend = async_parsed(OrdersPlans.amend)
    decrease = async_parsed(OrdersPlans.decrease)
    batch_cancel = async_parsed(OrdersPlans.batch_cancel)
    cancel_all = async_parsed(OrdersPlans.cancel_all)

    @cached_property
    def with_raw_response(self) -> AsyncOrdersWithRawResponse:
        return AsyncOrdersWithRawResponse(self._plans, self._runner)
