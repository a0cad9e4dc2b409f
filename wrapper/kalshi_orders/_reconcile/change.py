"""Amends and decreases whose answer was lost: settled by reading the order back, resent only when that is
provably safe, never applied twice.

After an unclear outcome (a 5xx, a timeout, a dropped connection, a success answer that cannot be read) the
order is read back (GetOrder) before anything else, and each write is judged by its own rule:

* **amend** sets a target (price, total count, expiry, client_order_id): sending it twice leaves the order as
  once. If the order already shows the target the amend is done (``reconciled=True``); if it is still resting
  without it, the same amend is resent. A refusal of that resend is checked against the order once more
  (polled ``lookup_polls`` times: the first copy may have applied and reads may trail it).
* **decrease reduce_to=X** is a target too (at most X contracts left): the same rule, done once the order
  has X or fewer left.
* **decrease reduce_by=N** is not: resent after a commit it would reduce twice. So the order is read *before*
  the first attempt, and after an unclear outcome the contracts taken off the book since then
  (initial − filled − remaining, which fills leave unchanged) say whether it was applied. If it was not and
  the server answered 500 or 503 (it finished with the request), it is resent as ``reduce_to`` the count that
  N fewer would leave now, which is a target and safe from then on. After a timeout, a dropped connection or
  a gateway's 502/504 the first copy may still be on its way: it is never resent, and
  :class:`OrderOutcomeUnknownError` says what to look up. Reads can trail writes by about half a second, so
  "not applied" is only concluded after ``lookup_polls`` reads.

429s and connection errors that cannot have reached the server are retried as they are; any other refusal
(400, 404, 409) stands unless an earlier attempt may have acted, in which case the order decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import TypeVar

import attrs

from kalshi_orders_api.api.orders import amend_order_v2, decrease_order_v2
from kalshi_orders_api.models.amend_order_v2_request import AmendOrderV2Request
from kalshi_orders_api.models.amend_order_v2_response import AmendOrderV2Response
from kalshi_orders_api.models.decrease_order_v2_request import DecreaseOrderV2Request
from kalshi_orders_api.models.decrease_order_v2_response import DecreaseOrderV2Response
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.types import UNSET, Unset

from .._deadline import Deadline
from .._logging import logger
from .._lookups import get_order_plan
from .._models import AmendResult, DecreaseResult, Order
from .._money import count_to_wire, to_decimal
from .._plan import Attempt, Plan, Send, Sleep, error_for, expect_body, raw_response, send_with_retries
from .._response import RawResponse
from .._retry import Failure, RetryPolicy, RetryState
from ..errors import KalshiError, OrderOutcomeUnknownError

__all__ = ["amend_plan", "decrease_plan"]

# Statuses with which the server itself says it is done with the request (a gateway's 502/504 does not: the
# origin may still be working on it).
_FINISHED = frozenset({500, 503})
T = TypeVar("T")


def _const(value: T) -> Callable[[], T]:
    return lambda: value


def _unclear(attempt: Attempt) -> bool:
    """Whether the write may have been applied although the call did not get its answer."""
    return attempt.unreadable or attempt.failure in (Failure.SERVER, Failure.AMBIGUOUS)


def _polls(attempt: Attempt, policy: RetryPolicy) -> int:
    """Reads to settle a target write by: one after an unclear attempt (if the order lacks the target, the
    same target is resent, which is safe), but a refusal after an earlier unclear attempt ends the call, so
    it is believed only once reads, which can trail writes, have had the lookup polls to show the target."""
    return 1 if _unclear(attempt) else policy.lookup_polls


def _why(attempt: Attempt) -> str:
    if attempt.error is not None:
        return f"{type(attempt.error).__name__} ({str(attempt.error)[:120]})"
    return f"status {attempt.status_code}"


@dataclass
class _Call:
    """One amend or decrease in progress: what it asked and how far it got."""

    operation: str
    order_id: str
    policy: RetryPolicy
    clock: Callable[[], float]
    state: RetryState
    lookups: int = 0

    def unknown(
        self, attempt: Attempt, why: str, order: Order | None, look_up: str
    ) -> OrderOutcomeUnknownError:
        error = OrderOutcomeUnknownError(
            None,
            why,
            order_id=self.order_id,
            operation=self.operation,
            order=order,
            look_up=look_up,
            method=attempt.send.endpoint.method,
            path=attempt.send.path,
            request_id=attempt.request_id,
        )
        error.__cause__ = error_for(attempt) if attempt.failure is not None or attempt.unreadable else None
        return error

    def read(
        self, attempt: Attempt, applied: Callable[[Order], bool | None], polls: int
    ) -> Plan[tuple[Order, RawResponse[Order]]]:
        """Read the order back until ``applied`` says True or None (cannot tell), at most ``polls`` reads
        (bounded by the deadline too). A read that fails makes the outcome unknown."""
        poll = 0
        while True:
            try:
                found = yield from get_order_plan(self.order_id, self.policy, self.clock, self.state.deadline)
            except KalshiError as exc:
                raise self.unknown(
                    attempt,
                    f"no answer after {_why(attempt)}, and the order could not be read back ({exc})",
                    None,
                    f"read the order (orders.get({self.order_id!r})) before sending the {self.operation} "
                    "again",
                ) from exc
            self.lookups += found.attempts
            order = found.parsed()
            poll += 1
            verdict = applied(order)
            deadline = self.state.deadline
            if verdict is not False or poll >= polls or deadline.remaining() <= self.policy.lookup_interval:
                return order, found
            yield Sleep(self.policy.lookup_interval)


# ---------------------------------------------------------------------------------------------- amend
@dataclass(frozen=True)
class _AmendTarget:
    price: Decimal
    count: Decimal
    client_order_id: str | None
    expiration: int | None  # Unix seconds, 0 = none; None = not asked

    @classmethod
    def of(cls, body: AmendOrderV2Request) -> _AmendTarget:
        updated = body.updated_client_order_id
        expiry = body.expiration_time
        return cls(
            to_decimal(body.price),
            to_decimal(body.count),
            None if isinstance(updated, Unset) else updated,
            None if isinstance(expiry, Unset) else expiry,
        )

    def reached(self, order: Order) -> bool:
        if order.yes_price != self.price or order.initial_count != self.count:
            return False
        if self.client_order_id is not None and order.client_order_id != self.client_order_id:
            return False
        if self.expiration is not None:
            expires = order.expiration_time
            seconds = 0 if expires is None else int(expires.timestamp())
            if seconds != self.expiration:
                return False
        return True


def amend_plan(
    order_id: str,
    body: AmendOrderV2Request,
    subaccount: int | Unset,
    policy: RetryPolicy,
    clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[AmendResult]]:
    """AmendOrderV2, settled by the order's state when its answer is lost (see the module's rules)."""
    send = Send(partial(amend_order_v2.sync_detailed, order_id=order_id, body=body, subaccount=subaccount))
    target = _AmendTarget.of(body)
    call = _Call("amend", order_id, policy, clock, RetryState(policy, clock, deadline))
    state = call.state
    while True:
        attempt = yield from send_with_retries(send, state)
        if attempt.failure is None and not attempt.unreadable:
            result = AmendResult(expect_body(attempt, AmendOrderV2Response))
            return raw_response(attempt, state.attempts + call.lookups, _const(result))
        unclear = _unclear(attempt)
        if not unclear and not state.earlier_may_have_acted():
            raise error_for(attempt)
        order, found = yield from call.read(attempt, target.reached, _polls(attempt, policy))
        if target.reached(order):
            logger.warning("kalshi amend: order %s already shows the amend (answer lost)", order_id)
            settled = AmendResult(None, order=order, reconciled=True)
            return found.with_result(_const(settled), state.attempts + call.lookups)
        if not unclear or order.status is not OrderStatus.RESTING:
            raise error_for(attempt)  # refused, or no longer amendable: it was not applied
        delay = state.next_delay(attempt.retry_after)
        if delay is None or attempt.unreadable:
            raise call.unknown(
                attempt,
                f"no answer after {_why(attempt)} and the order, read back, does not show the amend (reads "
                "can trail writes by about half a second)",
                order,
                f"read the order (orders.get({order_id!r})); an amend is safe to send again, since it sets "
                "the same price, count and expiry a second time",
            )
        logger.warning(
            "kalshi amend: order %s does not show the amend; resending it in %.3fs", order_id, delay
        )
        yield Sleep(delay)


# ---------------------------------------------------------------------------------------------- decrease
def _removed(order: Order) -> Decimal:
    """Contracts taken off the book without filling (decreases, a cancel): fills leave it unchanged."""
    return order.initial_count - order.fill_count - order.remaining_count


def _by_applied(before: Order, by: Decimal) -> Callable[[Order], bool | None]:
    """Judge of a reduce_by: True applied, False not (yet), None cannot tell (the order changed otherwise)."""

    def judge(order: Order) -> bool | None:
        if order.initial_count != before.initial_count:
            return None  # amended meanwhile
        removed = _removed(order) - _removed(before)
        if removed == 0:
            return False
        if removed == by or (removed < by and order.remaining_count == 0):
            return True  # by N, or N was more than was left and the order is gone
        return None

    return judge


def _to_applied(target: Decimal) -> Callable[[Order], bool]:
    return lambda order: order.remaining_count <= target


def _decrease_send(order_id: str, body: DecreaseOrderV2Request, subaccount: int | Unset) -> Send:
    return Send(partial(decrease_order_v2.sync_detailed, order_id=order_id, body=body, subaccount=subaccount))


def decrease_plan(
    order_id: str,
    body: DecreaseOrderV2Request,
    subaccount: int | Unset,
    policy: RetryPolicy,
    clock: Callable[[], float],
    deadline: Deadline | None = None,
) -> Plan[RawResponse[DecreaseResult]]:
    """DecreaseOrderV2, settled by the order's state when its answer is lost (see the module's rules)."""
    call = _Call("decrease", order_id, policy, clock, RetryState(policy, clock, deadline))
    state = call.state
    by = None if isinstance(body.reduce_by, Unset) else to_decimal(body.reduce_by)
    before: Order | None = None
    if by is not None:
        # The state the decrease starts from: without it a lost answer could not be told applied or not.
        try:
            read = yield from get_order_plan(order_id, policy, clock, state.deadline)
        except KalshiError as exc:
            logger.warning(
                "kalshi decrease: order %s could not be read first (%s); sending anyway", order_id, exc
            )
        else:
            call.lookups += read.attempts
            before = read.parsed()
    target = None if by is not None or isinstance(body.reduce_to, Unset) else to_decimal(body.reduce_to)
    send = _decrease_send(order_id, body, subaccount)
    while True:
        attempt = yield from send_with_retries(send, state)
        if attempt.failure is None and not attempt.unreadable:
            result = DecreaseResult(expect_body(attempt, DecreaseOrderV2Response))
            return raw_response(attempt, state.attempts + call.lookups, _const(result))
        unclear = _unclear(attempt)
        if not unclear and not state.earlier_may_have_acted():
            raise error_for(attempt)
        if target is None:  # still the reduce_by as asked
            assert by is not None
            if before is None:
                raise call.unknown(
                    attempt,
                    f"no answer after {_why(attempt)}, and the order was not readable before the decrease",
                    None,
                    f"read the order (orders.get({order_id!r})); resend only as reduce_to= (the count to "
                    "leave), which cannot reduce twice",
                )
            judge = _by_applied(before, by)
            order, found = yield from call.read(attempt, judge, policy.lookup_polls)
            verdict = judge(order)
        else:
            order, found = yield from call.read(attempt, _to_applied(target), _polls(attempt, policy))
            verdict = _to_applied(target)(order)
        if verdict:
            logger.warning("kalshi decrease: order %s already shows the decrease (answer lost)", order_id)
            settled = DecreaseResult(None, order=order, reconciled=True)
            return found.with_result(_const(settled), state.attempts + call.lookups)
        if verdict is None:
            raise call.unknown(
                attempt,
                f"no answer after {_why(attempt)}, and the order changed in another way meanwhile "
                f"(remaining {order.remaining_count}, initial {order.initial_count})",
                order,
                f"read the order (orders.get({order_id!r})) and decide; resend only as reduce_to= (the "
                "count to leave), which cannot reduce twice",
            )
        if not unclear or order.status is not OrderStatus.RESTING:
            raise error_for(attempt)  # refused, or no longer resting: it was not applied
        if target is None:
            assert by is not None
            if attempt.status_code not in _FINISHED:
                left = max(Decimal(0), order.remaining_count - by)
                raise call.unknown(
                    attempt,
                    f"no answer after {_why(attempt)}; the order still shows {order.remaining_count} "
                    "remaining, but the request may still be on its way, and a reduce_by sent again could "
                    "reduce twice",
                    order,
                    f"read the order (orders.get({order_id!r})); if it still shows {order.remaining_count} "
                    f"remaining, decrease it with reduce_to={count_to_wire(left)} (a target, safe to resend)",
                )
            # The server finished with the request without applying it: resend as a target, from the order as
            # it is now (fills since the first read count towards nothing: the N come off what is left).
            target = max(Decimal(0), order.remaining_count - by)
            as_target = attrs.evolve(body, reduce_by=UNSET, reduce_to=count_to_wire(target))
            as_target.additional_properties = dict(body.additional_properties)
            send = _decrease_send(order_id, as_target, subaccount)
        delay = state.next_delay(attempt.retry_after)
        if delay is None:
            raise call.unknown(
                attempt,
                f"no answer after {_why(attempt)} and the order, read back, does not show the decrease "
                "(reads can trail writes by about half a second)",
                order,
                f"read the order (orders.get({order_id!r})); if it still has more than "
                f"{count_to_wire(target)} remaining, decrease it with reduce_to={count_to_wire(target)} (a "
                "target, safe to resend)",
            )
        logger.warning(
            "kalshi decrease: order %s does not show the decrease; resending as reduce_to=%s in %.3fs",
            order_id,
            count_to_wire(target),
            delay,
        )
        yield Sleep(delay)
