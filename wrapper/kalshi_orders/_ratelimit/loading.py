"""The plan that loads the account's live limits into a limiter (run by the client's runners on first use).

One try each of ``GET /account/limits`` and ``GET /account/endpoint_costs``, no retries: a failure of either
falls back to the published figures for that half (one WARNING) and the load is tried again later (see
:meth:`RateLimiter.finish_live_load`). The two requests are charged to the read bucket like any other.
Callers that arrive while the first load runs wait for it (up to ``PEER_WAIT`` seconds), so no request
goes out on the wrong budget.
"""

from __future__ import annotations

import functools

from kalshi_orders_api.api.account import get_account_api_limits, get_account_endpoint_costs
from kalshi_orders_api.errors import ResponseParseError
from kalshi_orders_api.models.get_account_api_limits_response import GetAccountApiLimitsResponse
from kalshi_orders_api.models.get_account_endpoint_costs_response import GetAccountEndpointCostsResponse

from .._endpoints import ENDPOINTS
from .._plan import Attempt, Plan, Send, Sleep, error_for
from .._retry import Failure
from .limiter import RateLimiter
from .live import LiveLimits, Route, costs_from, limits_from
from .tiers import UNLISTED_COST

__all__ = ["PEER_WAIT", "load_live_limits"]

PEER_WAIT = 15.0
_POLL = 0.01
_ROUTES: tuple[Route, ...] = tuple((e.operation_id, e.method, e.path) for e in ENDPOINTS)
_MAX_PROBLEM = 200  # characters of one failure kept for the log line


def _problem(attempt: Attempt, what: str) -> tuple[str, bool]:
    """Why an attempt gave no usable answer (in a few words, for the log line), and whether that may pass
    soon (429, 5xx, no connection) rather than never (401, 403, 404, a body that makes no sense)."""
    where = f"{attempt.send.endpoint.method} {attempt.send.endpoint.path}"
    failure = attempt.failure
    transient = failure in (Failure.NOT_SENT, Failure.AMBIGUOUS, Failure.RATE_LIMITED, Failure.SERVER)
    if failure is None:
        return f"{where} answered {attempt.status_code} without a {what}", False
    if attempt.response is not None:
        code = getattr(error_for(attempt), "code", None)
        return f"{where} answered {attempt.status_code}" + (f" ({code})" if code else ""), transient
    if isinstance(attempt.error, ResponseParseError):
        reason = str(attempt.error.reason)[:_MAX_PROBLEM]
        return f"{where} answered {attempt.error.status_code} with a body that does not fit ({reason})", False
    return f"{where} failed ({type(attempt.error).__name__})", transient


def _parsed(attempt: Attempt) -> object:
    return attempt.response.parsed if attempt.failure is None and attempt.response is not None else None


def read_live_limits(limits: Attempt, costs: Attempt) -> LiveLimits:
    """What the two answers say; each half independently, a bad half named in ``problems``."""
    problems: list[str] = []
    transient = False
    usage_tier = read = write = default_cost = None
    listed: dict[str, float] = {}
    cost_problem: str | None = None

    costs_model = _parsed(costs)
    if isinstance(costs_model, GetAccountEndpointCostsResponse):
        try:
            default_cost, listed, _unmatched = costs_from(costs_model, _ROUTES)
        except ValueError as exc:
            cost_problem = f"GET /account/endpoint_costs: {exc}"
    else:
        cost_problem, transient = _problem(costs, "cost list")

    limits_model = _parsed(limits)
    if isinstance(limits_model, GetAccountApiLimitsResponse):
        try:
            usage_tier, read, write = limits_from(limits_model, default_cost or UNLISTED_COST.cost)
        except ValueError as exc:
            problems.append(f"GET /account/limits: {exc}")
    else:
        text, soon = _problem(limits, "limits object")
        problems.append(text)
        transient = transient or soon
    if cost_problem is not None:
        problems.append(cost_problem)
    return LiveLimits(usage_tier, read, write, default_cost, listed, tuple(problems), transient)


def load_live_limits(limiter: RateLimiter) -> Plan[None]:
    """Load the live limits into ``limiter`` if this caller is the one to do it; else, while someone else
    loads them for the first time, wait for that."""
    if not limiter.claim_live_load():
        waited = 0.0
        while limiter.first_load_pending and waited < PEER_WAIT:
            yield Sleep(_POLL)
            waited += _POLL
        return
    found: LiveLimits | None = None
    try:
        limits: Attempt = yield Send(functools.partial(get_account_api_limits.sync_detailed))
        costs: Attempt = yield Send(functools.partial(get_account_endpoint_costs.sync_detailed))
        found = read_live_limits(limits, costs)
    finally:
        limiter.finish_live_load(found)
