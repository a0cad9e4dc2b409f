"""Cancels whose answer was lost: confirmed by the order's status, never reported as failed by mistake.

A cancel is safe to resend: cancelling twice cancels once. But when an earlier attempt may have reached the
server (a timeout, a dropped connection, a 5xx) and the resend is refused because the order is gone or no
longer resting (404 or 409; per item in a batch), the earlier attempt probably canceled it: the order is read
back (GetOrder), and if it is canceled the cancel counts as done (``reconciled=True``). Otherwise the refusal
stands. When the attempts or the deadline run out without a clear answer (the last attempt's answer lost, or
a 429 or unsent resend after one that was), the order (each order of a batch) is read back the same way; if
it cannot be read the outcome is unknown (``OrderOutcomeUnknownError``).
"""

from __future__ import annotations

from collections.abc import Callable

from kalshi_orders_api.models.batch_cancel_orders_v2_request import BatchCancelOrdersV2Request
from kalshi_orders_api.models.batch_cancel_orders_v2_response import BatchCancelOrdersV2Response
from kalshi_orders_api.models.cancel_order_v2_response import CancelOrderV2Response
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.types import Unset

from .._deadline import Deadline
from .._logging import logger
from .._lookups import get_order_plan
from .._models import BatchCancelItem, BatchCancelResult, CancelResult, Order
from .._plan import (
    Attempt,
    Plan,
    Send,
    batch_item_error,
    error_for,
    expect_body,
    raw_response,
    send_with_retries,
)
from .._response import RawResponse
from .._retry import Failure, RetryPolicy, RetryState
from ..errors import KalshiError, OrderOutcomeUnknownError

__all__ = ["batch_cancel_plan", "cancel_plan"]


def _unclear(attempt: Attempt) -> bool:
    return attempt.unreadable or attempt.failure in (Failure.SERVER, Failure.AMBIGUOUS)


def _no_clear_answer(attempt: Attempt, state: RetryState) -> bool:
    """Whether the call ends not knowing if it canceled: its last attempt may have acted, or that one cannot
    have (a 429, never sent) but an earlier one may (a resend that never got through says nothing of it)."""
    if _unclear(attempt):
        return True
    return attempt.failure in (Failure.NOT_SENT, Failure.RATE_LIMITED) and state.earlier_may_have_acted()


def _unknown(order_id: str, attempt: Attempt, cause: BaseException) -> OrderOutcomeUnknownError:
    error = OrderOutcomeUnknownError(
        None,
        f"no answer ({error_for(attempt)}), and the order could not be read back ({cause})",
        order_id=order_id,
        operation="cancel",
        look_up=f"read the order (orders.get({order_id!r})); if it still rests, cancel it again (a cancel is "
        "safe to resend)",
        method=attempt.send.endpoint.method,
        path=attempt.send.path,
        request_id=attempt.request_id,
    )
    error.__cause__ = cause
    return error


def cancel_plan(
    send: Send,
    order_id: str,
    policy: RetryPolicy,
    clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[CancelResult]]:
    """Run one CancelOrderV2 ``send`` (for ``order_id``), settling a refused resend, or a last attempt without
    a clear answer, by reading the order."""
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    if attempt.failure is None and not attempt.unreadable:
        result = CancelResult(expect_body(attempt, CancelOrderV2Response))
        return raw_response(attempt, state.attempts, lambda: result)
    refused_resend = attempt.status_code in (404, 409) and state.earlier_may_have_acted()
    if refused_resend or _no_clear_answer(attempt, state):
        # An earlier attempt (or the last) may have canceled the order and lost the answer; the order tells.
        try:
            found = yield from get_order_plan(order_id, policy, clock, state.deadline)
        except KalshiError as exc:
            if refused_resend:
                raise error_for(attempt) from exc
            raise _unknown(order_id, attempt, exc) from exc
        order = found.parsed()
        if order.status is OrderStatus.CANCELED:
            logger.warning("kalshi cancel: order %s was canceled by an earlier attempt", order.order_id)
            settled = CancelResult(None, order=order, reconciled=True)
            return found.with_result(lambda: settled, state.attempts + found.attempts)
    raise error_for(attempt)  # refused, or the order (read back) is not canceled: nothing was canceled


def _batch_result(attempt: Attempt) -> BatchCancelResult:
    body = expect_body(attempt, BatchCancelOrdersV2Response)
    items = []
    for item in body.orders:
        error = (
            None
            if isinstance(item.error, Unset) or item.error is None
            else batch_item_error(attempt, item.error)
        )
        items.append(BatchCancelItem(item, error))
    return BatchCancelResult(items)


def _requested_ids(send: Send) -> list[str]:
    body = send.call.keywords["body"]
    assert isinstance(body, BatchCancelOrdersV2Request)
    return [item.order_id for item in body.orders]


def batch_cancel_plan(
    send: Send, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[RawResponse[BatchCancelResult]]:
    """Run one BatchCancelOrdersV2 ``send``, settling each refused item of a resend by reading its order; when
    no attempt got a clear answer, every order is read back and its item says what it shows."""
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    attempts = state.attempts
    if attempt.failure is None and not attempt.unreadable:
        result = _batch_result(attempt)
        if not state.earlier_may_have_acted():
            return raw_response(attempt, attempts, lambda: result)
        # An earlier attempt may have canceled some orders and lost the answer: a refused item is confirmed by
        # its order, as for a single cancel (item errors come inside a 2xx, so their code says little; the
        # order's status decides).
        items = list(result)
        for index, item in enumerate(items):
            if item.error is None:
                continue
            try:
                found = yield from get_order_plan(item.order_id, policy, clock, state.deadline)
            except KalshiError:
                continue
            attempts += found.attempts
            order = found.parsed()
            if order.status is OrderStatus.CANCELED:
                items[index] = BatchCancelItem(item.raw, order=order, reconciled=True)
        settled = BatchCancelResult(items)
        return raw_response(attempt, attempts, lambda: settled)
    if not _no_clear_answer(attempt, state):
        raise error_for(attempt)
    # No attempt got a clear answer (out of attempts or time): each order says whether it was canceled.
    failure = error_for(attempt)
    read: list[BatchCancelItem] = []
    last: RawResponse[Order] | None = None
    for order_id in _requested_ids(send):
        try:
            found = yield from get_order_plan(order_id, policy, clock, state.deadline)
        except KalshiError as exc:
            read.append(BatchCancelItem(None, _unknown(order_id, attempt, exc), requested_order_id=order_id))
            continue
        attempts += found.attempts
        last = found
        order = found.parsed()
        if order.status is OrderStatus.CANCELED:
            read.append(BatchCancelItem(None, order=order, reconciled=True, requested_order_id=order_id))
        else:  # still resting (or filled): this one was not canceled
            read.append(BatchCancelItem(None, failure, order=order, requested_order_id=order_id))
    if last is None:
        # Not one order could be read: the batch may have canceled any of them, so its outcome is unknown.
        ids = tuple(_requested_ids(send))
        unknown = OrderOutcomeUnknownError(
            None,
            f"no answer ({failure}), and none of the {len(ids)} orders could be read back",
            operation="batch_cancel",
            order_ids=ids,
            look_up="read each order (orders.get(order_id)); cancel again those still resting (a cancel is "
            "safe to resend)",
            method=attempt.send.endpoint.method,
            path=attempt.send.path,
            request_id=attempt.request_id,
        )
        raise unknown from failure
    logger.warning(
        "kalshi batch cancel: no clear answer (%s); %d of %d order(s) read back as canceled",
        _why(attempt),
        sum(item.reconciled for item in read),
        len(read),
    )
    outcome = BatchCancelResult(read)
    return last.with_result(lambda: outcome, attempts)


def _why(attempt: Attempt) -> str:
    return type(attempt.error).__name__ if attempt.error is not None else f"status {attempt.status_code}"
