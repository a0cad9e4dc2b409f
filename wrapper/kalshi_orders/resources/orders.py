"""``client.orders``: every orders operation, written once as a plan and exposed four ways.

:class:`OrdersPlans` holds the only implementation of each call (argument checks, the generated operation it
uses, how its response is read). The sync and async resources, and their ``with_raw_response`` twins, are
derived from it mechanically, so they share signatures and behaviour by construction.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

import attrs

from kalshi_orders_api.models.amend_order_v2_request import AmendOrderV2Request
from kalshi_orders_api.models.amend_order_v2_response import AmendOrderV2Response
from kalshi_orders_api.models.batch_cancel_orders_v2_request import BatchCancelOrdersV2Request
from kalshi_orders_api.models.batch_cancel_orders_v2_request_item import BatchCancelOrdersV2RequestItem
from kalshi_orders_api.models.batch_cancel_orders_v2_response import BatchCancelOrdersV2Response
from kalshi_orders_api.models.cancel_order_v2_response import CancelOrderV2Response
from kalshi_orders_api.models.create_order_v2_request import CreateOrderV2Request
from kalshi_orders_api.models.decrease_order_v2_request import DecreaseOrderV2Request
from kalshi_orders_api.models.decrease_order_v2_response import DecreaseOrderV2Response
from kalshi_orders_api.models.get_order_response import GetOrderResponse
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.types import UNSET, Unset

from .._endpoints import (
    AMEND_ORDER,
    BATCH_CANCEL,
    CANCEL_ALL,
    CANCEL_ORDER,
    DECREASE_ORDER,
    GET_ORDER,
)
from .._filters import OrderFilters, check_subaccount
from .._logging import logger
from .._models import (
    AmendResult,
    BatchCancelItem,
    BatchCancelResult,
    BatchCreateResult,
    CancelResult,
    CreateResult,
    DecreaseResult,
    Order,
    OrderPage,
)
from .._order_entry import build_amend_order, build_create_order, build_decrease_order, new_client_order_id
from .._pagination import AsyncOrderPager, OrderPager, PageWalk, fetch_page
from .._plan import (
    AsyncRunner,
    Attempt,
    Endpoint,
    Plan,
    RawResponse,
    Send,
    SyncRunner,
    batch_item_error,
    call,
    error_for,
    raw_response,
    send_with_retries,
)
from .._reconcile import batch_create_plan, create_plan
from .._retry import RetryPolicy, RetryState
from ..errors import KalshiError, OrderValidationError, ResponseValidationError

__all__ = ["AsyncOrders", "AsyncOrdersWithRawResponse", "Orders", "OrdersPlans", "OrdersWithRawResponse"]

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def _order_id(order_id: object) -> str:
    if not isinstance(order_id, str) or not order_id.strip():
        raise OrderValidationError(f"order_id must be a non-empty string, got {order_id!r}")
    return order_id


def _subaccount(subaccount: int | None) -> int | Unset:
    sub = check_subaccount(subaccount)
    return UNSET if sub is None else sub


def _expect(attempt: Attempt, model: type[M]) -> M:
    """The parsed body, which must be the documented success model (an undocumented 2xx gives None)."""
    assert attempt.response is not None
    parsed = attempt.response.parsed
    if not isinstance(parsed, model):
        raise ResponseValidationError(
            f"expected a {model.__name__} body, got status {int(attempt.response.status_code)} with "
            f"{type(parsed).__name__}",
            method=attempt.send.endpoint.method,
            path=attempt.send.path,
            status_code=int(attempt.response.status_code),
            body=attempt.response.content,
        )
    return parsed


def _with_client_order_id(request: CreateOrderV2Request) -> CreateOrderV2Request:
    """A prebuilt request without an id gets one (a copy: the caller's object is left alone)."""
    if not isinstance(request.client_order_id, Unset) and request.client_order_id:
        return request
    copy = attrs.evolve(request, client_order_id=new_client_order_id())
    copy.additional_properties = dict(request.additional_properties)
    return copy


def _create_request(order: CreateOrderV2Request | Mapping[str, Any]) -> CreateOrderV2Request:
    if isinstance(order, CreateOrderV2Request):
        return _with_client_order_id(order)
    if isinstance(order, Mapping):
        return build_create_order(**order)
    raise OrderValidationError(
        f"each order must be a CreateOrderV2Request or a mapping of build_create_order() arguments, "
        f"got {type(order).__name__}"
    )


def _cancel_item(
    item: str | BatchCancelOrdersV2RequestItem | Mapping[str, Any],
) -> BatchCancelOrdersV2RequestItem:
    if isinstance(item, BatchCancelOrdersV2RequestItem):
        return item
    if isinstance(item, str):
        return BatchCancelOrdersV2RequestItem(order_id=_order_id(item))
    if isinstance(item, Mapping):
        unknown = set(item) - {"order_id", "subaccount", "exchange_index", "market_ticker"}
        if unknown:
            raise OrderValidationError(f"unknown batch cancel field(s): {', '.join(sorted(unknown))}")
        sub = check_subaccount(item.get("subaccount"))
        return BatchCancelOrdersV2RequestItem(
            order_id=_order_id(item.get("order_id")),
            subaccount=UNSET if sub is None else sub,
            exchange_index=item.get("exchange_index", UNSET),
            market_ticker=item.get("market_ticker", UNSET),
        )
    raise OrderValidationError(f"each cancel must be an order id, a mapping or a request item, got {item!r}")


def _batch_cancel_result(attempt: Attempt) -> BatchCancelResult:
    body = _expect(attempt, BatchCancelOrdersV2Response)
    assert attempt.response is not None
    items = []
    for item in body.orders:
        error = (
            None
            if isinstance(item.error, Unset) or item.error is None
            else batch_item_error(attempt, item.error)
        )
        items.append(BatchCancelItem(item, error))
    return BatchCancelResult(items)


class OrdersPlans:
    """The one implementation of every orders call, as I/O-free plans."""

    def __init__(
        self, policy: RetryPolicy, clock: Callable[[], float], wall_clock: Callable[[], float]
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.wall_clock = wall_clock

    def _simple(self, send: Send, read: Callable[[Attempt], R]) -> Plan[RawResponse[R]]:
        attempt, attempts = yield from call(send, self.policy, self.clock)
        result = read(attempt)
        return raw_response(attempt, attempts, lambda: result)

    @staticmethod
    def walk(
        *,
        ticker: str | None = None,
        event_ticker: str | Sequence[str] | None = None,
        min_ts: int | None = None,
        max_ts: int | None = None,
        status: OrderStatus | str | None = None,
        limit: int = 100,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        cursor: str | None = None,
        max_pages: int | None = None,
    ) -> PageWalk:
        """Checked filters and the walk's starting point (``cursor=`` resumes an interrupted walk)."""
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
        return PageWalk(filters, cursor=cursor, max_pages=max_pages)

    def page(self, walk: PageWalk) -> Plan[RawResponse[OrderPage]]:
        raw = yield from fetch_page(walk, self.policy, self.clock)
        assert raw is not None  # a fresh walk always has a first page
        return raw

    def get(self, order_id: str) -> Plan[RawResponse[Order]]:
        send = Send(GET_ORDER, {"order_id": _order_id(order_id)})
        return self._simple(send, lambda a: Order(_expect(a, GetOrderResponse).order))

    def create(
        self, request: CreateOrderV2Request | None = None, /, **order: Any
    ) -> Plan[RawResponse[CreateResult]]:
        """Place one order: a prebuilt request, or ``build_create_order`` arguments (trader or V2 words)."""
        if request is not None and order:
            raise OrderValidationError(
                "pass either a prebuilt CreateOrderV2Request or order fields, not both"
            )
        body = _create_request(request if request is not None else order)
        return create_plan(body, self.policy, self.clock, self.wall_clock)

    def batch_create(
        self, orders: Sequence[CreateOrderV2Request | Mapping[str, Any]]
    ) -> Plan[RawResponse[BatchCreateResult]]:
        if isinstance(orders, str | bytes | Mapping) or not orders:
            raise OrderValidationError("batch_create takes a non-empty list of orders")
        bodies = [_create_request(order) for order in orders]
        return batch_create_plan(bodies, self.policy, self.clock, self.wall_clock)

    def cancel(
        self,
        order_id: str,
        *,
        subaccount: int | None = None,
        exchange_index: int | None = None,
        market_ticker: str | None = None,
    ) -> Plan[RawResponse[CancelResult]]:
        kwargs: dict[str, Any] = {"order_id": _order_id(order_id)}
        # Omitted unless given (the generated default would send 0, which a key locked to another
        # subaccount is refused for); the server's own default is the primary account.
        kwargs["subaccount"] = _subaccount(subaccount)
        if exchange_index is not None:
            kwargs["exchange_index"] = exchange_index
        if market_ticker is not None:
            kwargs["market_ticker"] = market_ticker
        return self._cancel(Send(CANCEL_ORDER, kwargs))

    def _cancel(self, send: Send) -> Plan[RawResponse[CancelResult]]:
        state = RetryState(self.policy, self.clock)
        attempt = yield from send_with_retries(send, state)
        if attempt.failure is None:
            result = CancelResult(_expect(attempt, CancelOrderV2Response))
            return raw_response(attempt, state.attempts, lambda: result)
        if attempt.status_code in (404, 409) and state.earlier_may_have_acted():
            # An earlier attempt may have canceled the order and lost the answer; the order tells.
            try:
                found = yield from self.get(send.kwargs["order_id"])
            except KalshiError as exc:
                raise error_for(attempt) from exc
            order = found.parsed()
            if order.status is OrderStatus.CANCELED:
                logger.warning("kalshi cancel: order %s was canceled by an earlier attempt", order.order_id)
                result = CancelResult(None, order=order, reconciled=True)
                return found.with_result(lambda: result, state.attempts + found.attempts)
        raise error_for(attempt)

    def _write(
        self,
        endpoint: Endpoint,
        order_id: str,
        body: object,
        subaccount: int | None,
        read: Callable[[Attempt], R],
    ) -> Plan[RawResponse[R]]:
        kwargs: dict[str, Any] = {"order_id": _order_id(order_id), "body": body}
        # Omitted unless given (the generated default would send 0, which a key locked to another
        # subaccount is refused for); the server's own default is the primary account.
        kwargs["subaccount"] = _subaccount(subaccount)
        return self._simple(Send(endpoint, kwargs), read)

    def amend(
        self,
        order_id: str,
        request: AmendOrderV2Request | None = None,
        /,
        *,
        subaccount: int | None = None,
        **amend: Any,
    ) -> Plan[RawResponse[AmendResult]]:
        """Change price, total count or expiry: a prebuilt request or ``build_amend_order`` arguments."""
        if request is not None and amend:
            raise OrderValidationError("pass either a prebuilt AmendOrderV2Request or amend fields, not both")
        body = request if request is not None else build_amend_order(**amend)
        return self._write(
            AMEND_ORDER, order_id, body, subaccount, lambda a: AmendResult(_expect(a, AmendOrderV2Response))
        )

    def decrease(
        self,
        order_id: str,
        request: DecreaseOrderV2Request | None = None,
        /,
        *,
        subaccount: int | None = None,
        **decrease: Any,
    ) -> Plan[RawResponse[DecreaseResult]]:
        """Reduce the remaining size: a prebuilt request or ``reduce_by=`` / ``reduce_to=`` (exactly one)."""
        if request is not None and decrease:
            raise OrderValidationError(
                "pass either a prebuilt DecreaseOrderV2Request or decrease fields, not both"
            )
        body = request if request is not None else build_decrease_order(**decrease)
        return self._write(
            DECREASE_ORDER,
            order_id,
            body,
            subaccount,
            lambda a: DecreaseResult(_expect(a, DecreaseOrderV2Response)),
        )

    def batch_cancel(
        self, orders: Sequence[str | BatchCancelOrdersV2RequestItem | Mapping[str, Any]]
    ) -> Plan[RawResponse[BatchCancelResult]]:
        """Cancel several orders: ids, or mappings of order_id/subaccount/exchange_index/market_ticker."""
        if isinstance(orders, str | bytes | Mapping) or not orders:
            raise OrderValidationError("batch_cancel takes a non-empty list of order ids")
        items = [_cancel_item(item) for item in orders]
        body = BatchCancelOrdersV2Request(orders=items)
        return self._batch_cancel(Send(BATCH_CANCEL, {"body": body}, items=len(items)))

    def _batch_cancel(self, send: Send) -> Plan[RawResponse[BatchCancelResult]]:
        state = RetryState(self.policy, self.clock)
        attempt = yield from send_with_retries(send, state)
        if attempt.failure is not None:
            raise error_for(attempt)
        result = _batch_cancel_result(attempt)
        attempts = state.attempts
        if state.earlier_may_have_acted():
            # An earlier attempt may have canceled some orders and lost the answer: a refused item is
            # confirmed by its order, as for a single cancel (item errors come inside a 2xx, so their
            # class says little; the order's status decides).
            items = list(result)
            for index, item in enumerate(items):
                if item.error is None:
                    continue
                try:
                    found = yield from self.get(item.order_id)
                except KalshiError:
                    continue
                attempts += found.attempts
                order = found.parsed()
                if order.status is OrderStatus.CANCELED:
                    items[index] = BatchCancelItem(item.raw, order=order, reconciled=True)
            result = BatchCancelResult(items)
        return raw_response(attempt, attempts, lambda: result)

    def cancel_all(self, *, subaccount: int | None = None) -> Plan[RawResponse[None]]:
        """Cancel every resting order (of one subaccount, or of all when ``subaccount`` is None)."""
        sub = check_subaccount(subaccount)
        kwargs: dict[str, Any] = {} if sub is None else {"subaccount": sub}
        return self._simple(Send(CANCEL_ALL, kwargs), lambda a: None)


# Adapters that turn one plan-building method into each public flavour, keeping its signature (ParamSpec).
def _sync(build: Callable[P, Plan[R]], runner: SyncRunner) -> Callable[P, R]:
    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return runner.run(build(*args, **kwargs))

    return run


def _async(build: Callable[P, Plan[R]], runner: AsyncRunner) -> Callable[P, Awaitable[R]]:
    @functools.wraps(build)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return await runner.run(build(*args, **kwargs))

    return run


def _parsed(raw: Callable[P, RawResponse[R]]) -> Callable[P, R]:
    @functools.wraps(raw)
    def parsed(*args: P.args, **kwargs: P.kwargs) -> R:
        return raw(*args, **kwargs).parsed()

    return parsed


def _aparsed(raw: Callable[P, Awaitable[RawResponse[R]]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(raw)
    async def parsed(*args: P.args, **kwargs: P.kwargs) -> R:
        return (await raw(*args, **kwargs)).parsed()

    return parsed


def _then(first: Callable[P, R], then: Callable[[R], M]) -> Callable[P, M]:
    @functools.wraps(first)
    def composed(*args: P.args, **kwargs: P.kwargs) -> M:
        return then(first(*args, **kwargs))

    return composed


class OrdersWithRawResponse:
    """``client.orders.with_raw_response``: each call returns a :class:`RawResponse` (status, headers,
    elapsed, request_id, content, ``parsed()``). ``list`` fetches one page."""

    def __init__(self, plans: OrdersPlans, runner: SyncRunner) -> None:
        self.list = _sync(_then(plans.walk, plans.page), runner)
        self.get = _sync(plans.get, runner)
        self.create = _sync(plans.create, runner)
        self.batch_create = _sync(plans.batch_create, runner)
        self.cancel = _sync(plans.cancel, runner)
        self.amend = _sync(plans.amend, runner)
        self.decrease = _sync(plans.decrease, runner)
        self.batch_cancel = _sync(plans.batch_cancel, runner)
        self.cancel_all = _sync(plans.cancel_all, runner)


class Orders:
    """``client.orders``: list (lazy pager), get, create, cancel, amend, decrease, batches, cancel_all."""

    def __init__(self, plans: OrdersPlans, runner: SyncRunner) -> None:
        raw = OrdersWithRawResponse(plans, runner)
        self.with_raw_response = raw
        self.list = _then(plans.walk, lambda walk: OrderPager(runner, walk, plans.policy, plans.clock))
        self.iter = self.list
        self.get = _parsed(raw.get)
        self.create = _parsed(raw.create)
        self.batch_create = _parsed(raw.batch_create)
        self.cancel = _parsed(raw.cancel)
        self.amend = _parsed(raw.amend)
        self.decrease = _parsed(raw.decrease)
        self.batch_cancel = _parsed(raw.batch_cancel)
        self.cancel_all = _parsed(raw.cancel_all)


class AsyncOrdersWithRawResponse:
    """The async ``with_raw_response``: like :class:`OrdersWithRawResponse`, awaited."""

    def __init__(self, plans: OrdersPlans, runner: AsyncRunner) -> None:
        self.list = _async(_then(plans.walk, plans.page), runner)
        self.get = _async(plans.get, runner)
        self.create = _async(plans.create, runner)
        self.batch_create = _async(plans.batch_create, runner)
        self.cancel = _async(plans.cancel, runner)
        self.amend = _async(plans.amend, runner)
        self.decrease = _async(plans.decrease, runner)
        self.batch_cancel = _async(plans.batch_cancel, runner)
        self.cancel_all = _async(plans.cancel_all, runner)


class AsyncOrders:
    """``async_client.orders``: ``list`` gives an :class:`AsyncOrderPager`; the other calls are awaited."""

    def __init__(self, plans: OrdersPlans, runner: AsyncRunner) -> None:
        raw = AsyncOrdersWithRawResponse(plans, runner)
        self.with_raw_response = raw
        self.list = _then(plans.walk, lambda walk: AsyncOrderPager(runner, walk, plans.policy, plans.clock))
        self.iter = self.list
        self.get = _aparsed(raw.get)
        self.create = _aparsed(raw.create)
        self.batch_create = _aparsed(raw.batch_create)
        self.cancel = _aparsed(raw.cancel)
        self.amend = _aparsed(raw.amend)
        self.decrease = _aparsed(raw.decrease)
        self.batch_cancel = _aparsed(raw.batch_cancel)
        self.cancel_all = _aparsed(raw.cancel_all)
