"""Cancels whose answer was lost: confirmed by the order's status, never reported as failed by mistake.

A cancel is safe to resend. But when an earlier attempt may have reached the server (a timeout, a dropped
connection, a 5xx) and the resend is refused because the order is gone or no longer resting (404 or 409;
per item in a batch), the earlier attempt probably canceled it: the order is read back (GetOrder), and if it
is canceled the cancel counts as done (``reconciled=True``). Otherwise the refusal stands.
"""

from __future__ import annotations

from collections.abc import Callable

from kalshi_orders_api.models.batch_cancel_orders_v2_response import BatchCancelOrdersV2Response
from kalshi_orders_api.models.cancel_order_v2_response import CancelOrderV2Response
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.types import Unset

from .._deadline import Deadline
from .._logging import logger
from .._lookups import get_order_plan
from .._models import BatchCancelItem, BatchCancelResult, CancelResult
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
from .._retry import RetryPolicy, RetryState
from ..errors import KalshiError

__all__ = ["batch_cancel_plan", "cancel_plan"]


def cancel_plan(
    send: Send,
    order_id: str,
    policy: RetryPolicy,
    clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[CancelResult]]:
    """Run one CancelOrderV2 ``send`` (for ``order_id``), settling a refused resend by reading the order."""
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    if attempt.failure is None:
        result = CancelResult(expect_body(attempt, CancelOrderV2Response))
        return raw_response(attempt, state.attempts, lambda: result)
    if attempt.status_code in (404, 409) and state.earlier_may_have_acted():
        # An earlier attempt may have canceled the order and lost the answer; the order tells.
        try:
            found = yield from get_order_plan(order_id, policy, clock, state.deadline)
        except KalshiError as exc:
            raise error_for(attempt) from exc
        order = found.parsed()
        if order.status is OrderStatus.CANCELED:
            logger.warning("kalshi cancel: order %s was canceled by an earlier attempt", order.order_id)
            settled = CancelResult(None, order=order, reconciled=True)
            return found.with_result(lambda: settled, state.attempts + found.attempts)
    raise error_for(attempt)


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


def batch_cancel_plan(
    send: Send, policy: RetryPolicy, clock: Callable[[], float], deadline: Deadline | None = None
) -> Plan[RawResponse[BatchCancelResult]]:
    """Run one BatchCancelOrdersV2 ``send``, settling each refused item of a resend by reading its order."""
    state = RetryState(policy, clock, deadline)
    attempt = yield from send_with_retries(send, state)
    if attempt.failure is not None:
        raise error_for(attempt)
    result = _batch_result(attempt)
    attempts = state.attempts
    if state.earlier_may_have_acted():
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
        result = BatchCancelResult(items)
    return raw_response(attempt, attempts, lambda: result)
