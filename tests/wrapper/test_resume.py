"""Exact resumption (issue 11, failure 5): ``pager.resume_token`` continues with the first order not yet
handed out, mid-page too, and is refused for a walk with other filters; ``next_cursor`` is the page
boundary."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter

import pytest

from kalshi_orders import OrderValidationError

from .conftest import TICKER, AsyncClientFactory, ClientFactory, FakeKalshi


def _walk_ids(kalshi: FakeKalshi) -> list[str]:
    """Every seeded order, in the order the server lists them (newest first)."""
    return [o["order_id"] for o in reversed(kalshi.orders)]


@pytest.mark.parametrize("stop_after", [1, 499, 500, 501, 1250, 2999])
def test_breaking_mid_page_and_resuming_delivers_every_order_once(
    kalshi: FakeKalshi, make_client: ClientFactory, stop_after: int
) -> None:
    kalshi.seed(3000)
    client = make_client()
    pager = client.orders.list(limit=1000)
    first = [o.order_id for o in itertools.islice(pager, stop_after)]
    token = pager.resume_token
    rest = [o.order_id for o in client.orders.list(limit=1000, resume=token)]
    assert first + rest == _walk_ids(kalshi)


def test_next_cursor_is_the_page_boundary(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(3000)
    client = make_client()
    pager = client.orders.list(limit=1000)
    first = [o.order_id for o in itertools.islice(pager, 500)]
    # next_cursor is the page after the one being read: resuming from it skips that page's last 500 orders.
    assert pager.next_cursor == "c1000"
    from_cursor = [o.order_id for o in client.orders.list(limit=1000, cursor=pager.next_cursor)]
    assert len(first) + len(from_cursor) == 2500
    # ... which the resume token does not.
    assert len([o for o in client.orders.list(limit=1000, resume=pager.resume_token)]) == 2500


def test_a_token_at_a_page_end_does_not_fetch_that_page_again(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.seed(30)
    client = make_client()
    pager = client.orders.list(limit=10)
    first = [o.order_id for o in itertools.islice(pager, 10)]
    token = pager.resume_token
    kalshi.requests.clear()
    rest = [o.order_id for o in client.orders.list(limit=10, resume=token)]
    assert first + rest == _walk_ids(kalshi)
    assert [r.url.params.get("cursor") for r in kalshi.requests_for("GetOrders")] == ["c10", "c20"]


def test_tokens_before_any_order_and_after_the_walk(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(25)
    client = make_client()
    untouched = client.orders.list(limit=10)
    assert [o.order_id for o in client.orders.list(limit=10, resume=untouched.resume_token)] == _walk_ids(
        kalshi
    )
    done = client.orders.list(limit=10)
    assert len(list(done)) == 25
    kalshi.requests.clear()
    assert list(client.orders.list(limit=10, resume=done.resume_token)) == []
    assert kalshi.requests == []  # a finished walk resumes to nothing, without asking


def test_pages_count_as_handed_out_when_yielded(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(30)
    client = make_client()
    pager = client.orders.list(limit=10)
    pages = pager.pages()
    got = [o.order_id for o in next(pages)]
    got += [o.order_id for o in client.orders.list(limit=10, resume=pager.resume_token)]
    assert got == _walk_ids(kalshi)


def test_a_page_that_shifted_is_cut_at_the_last_order_handed_out(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.seed(30, ticker=TICKER)
    before = _walk_ids(kalshi)
    client = make_client()
    pager = client.orders.list(limit=10)
    first = [o.order_id for o in itertools.islice(pager, 15)]  # the middle of page two (cursor c10)
    token = pager.resume_token
    kalshi.seed(3)  # three newer orders push every position down by three under the offset cursor
    rest = [o.order_id for o in client.orders.list(limit=10, resume=token)]
    counts = Counter(first + rest)
    assert set(counts.values()) == {1}, "an order was delivered twice"
    assert first + rest == before  # exactly the walk that was interrupted, nothing skipped


def test_a_token_for_other_filters_is_refused(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    kalshi.seed(20)
    client = make_client()
    pager = client.orders.list(limit=10, status="resting")
    next(iter(pager))
    token = pager.resume_token
    for other in ({"limit": 10}, {"limit": 5, "status": "resting"}, {"limit": 10, "status": "canceled"}):
        with pytest.raises(OrderValidationError, match="other filters"):
            client.orders.list(**other, resume=token)  # type: ignore[arg-type]
    assert kalshi.requests_for("GetOrders")[1:] == []  # refused before sending


@pytest.mark.parametrize("bad", ["c10", "kor1.not-base64!", "kor1.WzEsMl0", 17])
def test_something_else_than_a_token_is_refused(make_client: ClientFactory, bad: object) -> None:
    with pytest.raises(OrderValidationError, match="not a resume token"):
        make_client().orders.list(resume=bad)  # type: ignore[arg-type]


def test_cursor_and_resume_together_are_refused(kalshi: FakeKalshi, make_client: ClientFactory) -> None:
    client = make_client()
    token = client.orders.list().resume_token
    with pytest.raises(OrderValidationError, match="not both"):
        client.orders.list(cursor="c10", resume=token)


def test_async_resume(kalshi: FakeKalshi, make_async_client: AsyncClientFactory) -> None:
    kalshi.seed(2500)

    async def go() -> list[str]:
        async with make_async_client() as client:
            pager = client.orders.list(limit=1000)
            first: list[str] = []
            async for order in pager:
                first.append(order.order_id)
                if len(first) == 1200:
                    break
            rest = [o.order_id async for o in client.orders.list(limit=1000, resume=pager.resume_token)]
            return first + rest

    assert asyncio.run(go()) == _walk_ids(kalshi)
