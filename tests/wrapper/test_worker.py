"""The sync client's worker threads (``_worker``): results, errors, a call that outlasts its time, the
caller's context variables, and a forked child that starts afresh."""

from __future__ import annotations

import contextvars
import multiprocessing
import threading
import time

import pytest

from kalshi_orders._worker import StillRunningError, call_within

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def test_the_result_and_the_error_come_back() -> None:
    assert call_within(lambda: 41 + 1, 5) == 42
    with pytest.raises(KeyError, match="boom"):
        call_within(lambda: {}["boom"], 5)


def test_a_call_that_outlasts_its_time_is_left_behind() -> None:
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(StillRunningError):
        call_within(release.wait, 0.2)
    assert time.monotonic() - started < 1.0
    release.set()
    assert call_within(lambda: "next", 5) == "next"  # another worker serves the next call meanwhile


def test_the_callers_context_goes_with_the_call() -> None:
    REQUEST_ID.set("r-1")
    assert call_within(REQUEST_ID.get, 5) == "r-1"


def _in_child(queue: multiprocessing.Queue[str]) -> None:
    queue.put(call_within(lambda: "child", 5))


def test_a_forked_child_gets_workers_of_its_own() -> None:
    call_within(lambda: None, 5)  # the parent has an idle worker now
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_in_child, args=(queue,))
    child.start()
    child.join(10)
    assert child.exitcode == 0 and queue.get(timeout=1) == "child"
