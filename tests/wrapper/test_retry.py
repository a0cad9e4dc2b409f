from __future__ import annotations

import httpx
import pytest

from kalshi_orders import RetryPolicy
from kalshi_orders._retry import Failure, Idempotency, RetryState, classify, should_retry

REQUEST = httpx.Request("GET", "https://kalshi.test/x")


@pytest.mark.parametrize(
    ("status", "exc", "expected"),
    [
        (200, None, None),
        (204, None, None),
        (400, None, Failure.FATAL),
        (404, None, Failure.FATAL),
        (409, None, Failure.FATAL),
        (429, None, Failure.RATE_LIMITED),
        (500, None, Failure.SERVER),
        (502, None, Failure.SERVER),
        (503, None, Failure.SERVER),
        (504, None, Failure.SERVER),
        (501, None, Failure.FATAL),
        (None, httpx.ConnectError("x", request=REQUEST), Failure.NOT_SENT),
        (None, httpx.ConnectTimeout("x", request=REQUEST), Failure.NOT_SENT),
        (None, httpx.PoolTimeout("x", request=REQUEST), Failure.NOT_SENT),
        (None, httpx.ReadTimeout("x", request=REQUEST), Failure.AMBIGUOUS),
        (None, httpx.WriteTimeout("x", request=REQUEST), Failure.AMBIGUOUS),
        (None, httpx.RemoteProtocolError("x", request=REQUEST), Failure.AMBIGUOUS),
        (None, httpx.ReadError("x", request=REQUEST), Failure.AMBIGUOUS),
        (None, ValueError("parse"), Failure.FATAL),
    ],
)
def test_classify(status: int | None, exc: BaseException | None, expected: Failure | None) -> None:
    assert classify(status, exc) is expected


def test_which_failures_retry_per_idempotency() -> None:
    retried = {idem: {f for f in Failure if should_retry(f, idem)} for idem in Idempotency}
    assert retried[Idempotency.SAFE] == {
        Failure.NOT_SENT,
        Failure.AMBIGUOUS,
        Failure.RATE_LIMITED,
        Failure.SERVER,
    }
    # Amend/decrease and (plain resends of) creates: only what cannot have reached the exchange.
    assert retried[Idempotency.GUARDED] == {Failure.NOT_SENT, Failure.RATE_LIMITED}
    assert retried[Idempotency.CREATE] == {Failure.NOT_SENT, Failure.RATE_LIMITED}


def test_full_jitter_backoff_uses_rng_and_cap() -> None:
    draws = iter([0.0, 1.0, 0.5, 1.0])
    policy = RetryPolicy(backoff_base=0.25, backoff_cap=1.0, rng=lambda: next(draws))
    assert policy.backoff(1) == 0.0
    assert policy.backoff(2) == 0.5  # 1.0 * min(1.0, 0.5)
    assert policy.backoff(3) == 0.5  # 0.5 * min(1.0, 1.0)
    assert policy.backoff(10) == 1.0  # capped


def test_state_stops_at_max_attempts_and_deadline() -> None:
    now = [0.0]
    state = RetryState(RetryPolicy(max_attempts=3, deadline=10.0, rng=lambda: 1.0), lambda: now[0])
    state.attempts = 1
    assert state.next_delay() == 0.25
    state.attempts = 3
    assert state.next_delay() is None  # attempts spent
    state.attempts = 1
    now[0] = 9.9
    assert state.next_delay() is None  # a 0.25 s wait would end past the deadline


def test_retry_after_replaces_backoff_but_not_past_deadline() -> None:
    state = RetryState(RetryPolicy(deadline=5.0, rng=lambda: 1.0), lambda: 0.0)
    state.attempts = 1
    assert state.next_delay(retry_after=3.0) == 3.0
    assert state.next_delay(retry_after=6.0) is None


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="deadline"):
        RetryPolicy(deadline=0)
    assert RetryPolicy.never().max_attempts == 1
