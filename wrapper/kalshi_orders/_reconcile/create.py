"""Placing orders so that none is lost or placed twice.

Every order carries a client_order_id fixed before the first attempt and reused on every resend. When an
attempt's outcome is ambiguous (timeout or dropped connection after the request may have gone out, a 5xx),
the orders are looked up by client_order_id (GetOrders by ticker, from just before the first send, polled
briefly: Kalshi shows a new order to reads about 0.5 s after placing it) *before* anything is resent; only
the ones not found are resent, with the same ids. A rejection after an ambiguous attempt (e.g. a 409 for the
id) triggers one more lookup; if the order still cannot be seen its outcome is reported as unknown. 429s and
connect errors, which cannot have placed anything, are simply retried. One state machine serves both
CreateOrderV2 and BatchCreateOrdersV2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kalshi_orders_api.api.orders import batch_create_orders_v2, create_order_v2
from kalshi_orders_api.models.batch_create_orders_v2_request import BatchCreateOrdersV2Request
from kalshi_orders_api.models.batch_create_orders_v2_response import BatchCreateOrdersV2Response
from kalshi_orders_api.models.batch_create_orders_v2_response_item import BatchCreateOrdersV2ResponseItem
from kalshi_orders_api.models.create_order_v2_request import CreateOrderV2Request
from kalshi_orders_api.models.create_order_v2_response import CreateOrderV2Response
from kalshi_orders_api.types import Unset

from .._deadline import Deadline
from .._logging import logger
from .._lookups import OrderKey, find_orders
from .._models import BatchCreateItem, BatchCreateResult, CreateResult, Order
from .._plan import (
    Attempt,
    Plan,
    Send,
    Sleep,
    batch_item_error,
    error_for,
    raw_response,
    send_with_retries,
)
from .._response import RawResponse
from .._retry import Failure, RetryPolicy, RetryState
from ..errors import (
    KalshiError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    ResponseValidationError,
)

__all__ = ["batch_create_plan", "create_plan"]

CreatedItem = CreateOrderV2Response | BatchCreateOrdersV2ResponseItem


@dataclass
class _Outcome:
    placed: CreatedItem | None = None
    found: Order | None = None
    error: KalshiError | None = None


@dataclass
class _Placement:
    outcomes: dict[int, _Outcome] = field(default_factory=dict)
    last: RawResponse[Any] | None = None  # the last HTTP exchange that got a response
    attempts: int = 0


def _coid(body: CreateOrderV2Request) -> str:
    coid = body.client_order_id
    if isinstance(coid, Unset) or not coid:
        raise OrderValidationError("the order has no client_order_id: build it with build_create_order(...)")
    return coid


def _key(body: CreateOrderV2Request) -> OrderKey:
    return OrderKey(body.ticker, None if isinstance(body.subaccount, Unset) else body.subaccount, _coid(body))


def _item_error(item: BatchCreateOrdersV2ResponseItem, attempt: Attempt) -> KalshiError | None:
    if isinstance(item.error, Unset) or item.error is None:
        return None
    return batch_item_error(attempt, item.error)


def _readable(attempt: Attempt, batch: bool) -> bool:
    """Whether a successful attempt's body is the documented model (an undocumented 2xx parses to None)."""
    parsed = attempt.response.parsed if attempt.response is not None else None
    return isinstance(parsed, BatchCreateOrdersV2Response if batch else CreateOrderV2Response)


def _split(
    attempt: Attempt, pending: list[int], coids: Sequence[str], batch: bool
) -> dict[int, CreatedItem | KalshiError]:
    """Per-index results of a successful create or batch create: items matched by client_order_id where the
    response echoes it, else by position, but only while every echo sits at its own order's position. In a
    response that is out of order, an item without an echo could be anyone's: it is left out (so the order is
    looked up by client_order_id) rather than matched to the wrong one."""
    assert attempt.response is not None
    parsed = attempt.response.parsed
    if not batch:
        assert isinstance(parsed, CreateOrderV2Response)
        return {pending[0]: parsed}
    assert isinstance(parsed, BatchCreateOrdersV2Response)
    echoed = {
        item.client_order_id: item
        for item in parsed.orders
        if not isinstance(item.client_order_id, Unset) and item.client_order_id
    }
    whole = len(parsed.orders) == len(pending)
    in_order = whole and all(
        isinstance(item.client_order_id, Unset)
        or not item.client_order_id
        or item.client_order_id == coids[index]
        for item, index in zip(parsed.orders, pending, strict=True)
    )
    if whole and not in_order:
        # Out of order, but one item without an echo for one order without a match: they are each other's.
        matched = {id(item) for item in echoed.values()}
        unechoed = [i for i, item in enumerate(parsed.orders) if id(item) not in matched]
        unmatched = [p for p, index in enumerate(pending) if coids[index] not in echoed]
        if len(unechoed) == 1 and len(unmatched) == 1:
            item = parsed.orders[unechoed[0]]
            echoed[coids[pending[unmatched[0]]]] = item
    out: dict[int, CreatedItem | KalshiError] = {}
    for position, index in enumerate(pending):
        if coids[index] in echoed:
            match = echoed[coids[index]]
            out[index] = _item_error(match, attempt) or match
            continue
        if not in_order or position >= len(parsed.orders):
            why = (
                "is out of order and does not echo this order's client_order_id"
                if position < len(parsed.orders)
                else f"has {len(parsed.orders)} item(s) for {len(pending)} order(s)"
            )
            out[index] = ResponseValidationError(
                f"the batch response {why}",
                method=attempt.send.endpoint.method,
                path=attempt.send.path,
                status_code=int(attempt.response.status_code),
                body=attempt.response.content,
                request_id=attempt.request_id,
            )
            continue
        item = parsed.orders[position]
        out[index] = _item_error(item, attempt) or item
    return out


def _unknown(
    body: CreateOrderV2Request, why: str, cause: BaseException | None, attempt: Attempt
) -> OrderOutcomeUnknownError:
    error = OrderOutcomeUnknownError(
        _coid(body),
        why,
        ticker=body.ticker,
        method=attempt.send.endpoint.method,
        path=attempt.send.path,
        request_id=attempt.request_id,
    )
    error.__cause__ = cause
    return error


def _place(
    bodies: Sequence[CreateOrderV2Request],
    batch: bool,
    policy: RetryPolicy,
    clock: Callable[[], float],
    wall_clock: Callable[[], float],
    deadline: Deadline | None,
) -> Plan[_Placement]:
    coids = [_coid(b) for b in bodies]
    if len(set(coids)) != len(coids):
        raise OrderValidationError("client_order_id must be unique within a batch: each order needs its own")
    result = _Placement()
    state = RetryState(policy, clock, deadline)
    since = wall_clock()
    ambiguous: set[int] = set()  # indexes that may have been placed by an earlier attempt
    pending = list(range(len(bodies)))
    lookup_extra = 0
    while pending:
        if batch:
            body = BatchCreateOrdersV2Request(orders=[bodies[i] for i in pending])
            send = Send(partial(batch_create_orders_v2.sync_detailed, body=body), items=len(pending))
        else:
            send = Send(partial(create_order_v2.sync_detailed, body=bodies[pending[0]]))
        attempt = yield from send_with_retries(send, state)
        if attempt.response is not None:
            result.last = raw_response(attempt, 0, lambda: None)
        failure = attempt.failure
        resend: list[int] = []  # not placed as far as we know: look up, then resend the missing
        recheck: list[int] = []  # rejected after an ambiguous attempt: look up once more, never resend
        if failure is None and _readable(attempt, batch):
            for index, item in _split(attempt, pending, coids, batch).items():
                if not isinstance(item, KalshiError):
                    result.outcomes[index] = _Outcome(placed=item)
                elif index in ambiguous or isinstance(item, ResponseValidationError):
                    # A rejection after an unclear attempt, or an item the response left out: either may
                    # have been placed, so look it up rather than report it failed.
                    recheck.append(index)
                else:
                    result.outcomes[index] = _Outcome(error=item)
        elif failure in (Failure.AMBIGUOUS, Failure.SERVER):
            ambiguous.update(pending)
            resend = list(pending)
        elif failure is None or attempt.unreadable:
            # A 2xx whose body does not fit the spec, is too large or cannot be decoded (or an undocumented
            # 2xx): placed, but unreadable.
            # Find it; never resend.
            ambiguous.update(pending)
            recheck = list(pending)
        else:
            error = error_for(attempt)
            for index in pending:
                if index in ambiguous:
                    recheck.append(index)
                else:
                    result.outcomes[index] = _Outcome(error=error)
        if not resend and not recheck:
            break
        check = resend + recheck
        logger.warning(
            "kalshi create: outcome of %d order(s) unknown after %s (attempt %d); looking up "
            "client_order_id %s before any resend",
            len(check),
            attempt.error.__class__.__name__ if attempt.error is not None else attempt.status_code,
            state.attempts,
            ", ".join(coids[i] for i in check),
        )
        try:
            keys = [_key(bodies[i]) for i in check]
            found, last, requests = yield from find_orders(keys, since, policy, clock, state.deadline)
        except KalshiError as exc:
            for index in check:
                result.outcomes[index] = _Outcome(
                    error=_unknown(bodies[index], "the lookup failed", exc, attempt)
                )
            break
        lookup_extra += requests
        if last is not None:
            result.last = last
        for index in check:
            order = found.get(coids[index])
            if order is not None:
                logger.warning(
                    "kalshi create: client_order_id %s was placed (order %s)", coids[index], order.order_id
                )
                result.outcomes[index] = _Outcome(found=order)
        cause = error_for(attempt) if failure is not None else None
        for index in recheck:
            if index not in result.outcomes:
                why = "not found by client_order_id after an unclear answer"
                result.outcomes[index] = _Outcome(error=_unknown(bodies[index], why, cause, attempt))
        pending = [i for i in resend if i not in result.outcomes]
        if not pending:
            break
        delay = state.next_delay(attempt.retry_after)
        if delay is None:
            for index in pending:
                why = f"not found by client_order_id after {state.attempts} attempt(s)"
                result.outcomes[index] = _Outcome(error=_unknown(bodies[index], why, cause, attempt))
            break
        logger.warning(
            "kalshi create: %d order(s) not found; resending with the same client_order_id in %.3fs",
            len(pending),
            delay,
        )
        yield Sleep(delay)
    result.attempts = state.attempts + lookup_extra
    return result


def create_plan(
    body: CreateOrderV2Request,
    policy: RetryPolicy,
    clock: Callable[[], float],
    wall_clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[CreateResult]]:
    placement = yield from _place([body], False, policy, clock, wall_clock, deadline)
    outcome = placement.outcomes[0]
    if outcome.error is not None:
        raise outcome.error
    assert placement.last is not None
    coid = _coid(body)
    if outcome.found is not None:
        result = CreateResult(raw=None, client_order_id=coid, order=outcome.found, reconciled=True)
    else:
        assert isinstance(outcome.placed, CreateOrderV2Response)
        result = CreateResult(raw=outcome.placed, client_order_id=coid)
    return placement.last.with_result(lambda: result, placement.attempts)


def batch_create_plan(
    bodies: Sequence[CreateOrderV2Request],
    policy: RetryPolicy,
    clock: Callable[[], float],
    wall_clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[BatchCreateResult]]:
    placement = yield from _place(bodies, True, policy, clock, wall_clock, deadline)
    items: list[BatchCreateItem] = []
    for index, body in enumerate(bodies):
        outcome = placement.outcomes[index]
        placed = outcome.placed
        items.append(
            BatchCreateItem(
                client_order_id=_coid(body),
                raw=placed if isinstance(placed, BatchCreateOrdersV2ResponseItem) else None,
                order=outcome.found,
                error=outcome.error,
                reconciled=outcome.found is not None,
            )
        )
    if placement.last is None:
        # No exchange ever got a response: every item failed the same way.
        first = next(item.error for item in items if item.error is not None)
        raise first
    result = BatchCreateResult(items)
    return placement.last.with_result(lambda: result, placement.attempts)
