"""GetOrders on the engine: filters, newest-first cursors, tamper detection, limits and bulk seeding."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from kalshi_sandbox.exchange import Account, Exchange, ExchangeError

from .exchange_support import ALICE, BOB, DECI, START, T50, T60, TAPER, Clock, body, check_order
from .spec_schema import assert_valid


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ex(clock: Clock) -> Exchange:
    return Exchange(clock=clock, cursor_secret=b"test-secret")


def walk(
    ex: Exchange, account: Account, limit: int = 7, validate_every: int = 1, **filters: Any
) -> list[dict[str, Any]]:
    """Every page of a filtered walk, checking that only the last page has an empty cursor."""
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        page, cursor = ex.list_orders(account, limit=limit, cursor=cursor, **filters)
        if pages % validate_every == 0:
            assert_valid("GetOrdersResponse", {"orders": page, "cursor": cursor})
        pages += 1
        assert len(page) <= limit
        seen.extend(page)
        if not cursor:
            return seen
        assert len(page) == limit


def ids(orders: list[dict[str, Any]]) -> list[str]:
    return [order["order_id"] for order in orders]


@pytest.fixture
def mixed(ex: Exchange, clock: Clock) -> list[str]:
    """25 orders of Alice across markets, subaccounts and statuses, 10 s apart (oldest first)."""
    created = []
    for i in range(25):
        ticker = (T50, T60, DECI, TAPER)[i % 4]
        order = body(ticker=ticker, subaccount=i % 3, client_order_id=f"m{i}")
        if i % 5 == 0:
            order.update(price="0.60", time_in_force="immediate_or_cancel", count="1")  # executed
        created.append(ex.create_order(ALICE, order)["order_id"])
        if i % 5 == 1:
            ex.cancel_order(ALICE, created[-1], subaccount=i % 3)
        clock.advance(10)
    ex.create_order(BOB, body())  # never in Alice's results
    return created


def test_newest_first_unfiltered_walk(ex: Exchange, mixed: list[str]) -> None:
    seen = walk(ex, ALICE)
    assert ids(seen) == mixed[::-1]
    for order in seen:
        check_order(order)
    exact, cursor = ex.list_orders(ALICE, limit=25)
    assert (len(exact), cursor) == (25, "")  # no cursor when nothing follows, even on a full page


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"ticker": T60}, lambda o: o["ticker"] == T60),
        ({"ticker": "KXNOPE"}, lambda o: False),
        ({"event_tickers": ["KXSANDBOX-26DEC31"]}, lambda o: o["ticker"] in (T50, T60)),
        ({"event_tickers": ["KXDECI-26DEC31", "KXTAPER-26DEC31"]}, lambda o: o["ticker"] in (DECI, TAPER)),
        ({"status": "resting"}, lambda o: o["status"] == "resting"),
        ({"status": "canceled"}, lambda o: o["status"] == "canceled"),
        ({"status": "executed"}, lambda o: o["status"] == "executed"),
        ({"subaccount": 2}, lambda o: o["subaccount_number"] == 2),
        ({"exchange_index": 0}, lambda o: o["exchange_index"] == 0),
        ({"min_ts": int(START) + 100}, lambda o: o["created_time"] >= "2027-01-15T08:01:40Z"),
        ({"max_ts": int(START) + 100}, lambda o: o["created_time"] <= "2027-01-15T08:01:40Z"),
        (
            {
                "ticker": T50,
                "status": "resting",
                "subaccount": 0,
                "min_ts": int(START),
                "max_ts": int(START) + 1000,
            },
            lambda o: o["ticker"] == T50 and o["status"] == "resting" and o["subaccount_number"] == 0,
        ),
    ],
)
def test_every_filter(ex: Exchange, mixed: list[str], filters: dict[str, Any], expected: Any) -> None:
    everything = walk(ex, ALICE, limit=1000)
    want = [order for order in everything if expected(order)]
    assert want or filters == {"ticker": "KXNOPE"}  # every other filter selects something here
    assert len(want) < len(everything)
    for limit in (1, 4, 1000):
        assert walk(ex, ALICE, limit=limit, **filters) == want


def test_exchange_index_filter_separates_shards(ex: Exchange, mixed: list[str]) -> None:
    shards = {order["exchange_index"] for order in walk(ex, ALICE, limit=1000)}
    assert len(shards) >= 2  # the default markets span more than one shard
    total = sum(len(walk(ex, ALICE, exchange_index=shard)) for shard in shards)
    assert total == 25


def test_inserts_during_a_walk_never_repeat_or_skip(ex: Exchange, mixed: list[str], clock: Clock) -> None:
    before = set(mixed)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = ex.list_orders(ALICE, limit=4, cursor=cursor, status="resting")
        seen.extend(ids(page))
        # new orders (and a status change) arrive between pages
        clock.advance(1)
        ex.create_order(ALICE, body(client_order_id=f"late-{len(seen)}"))
        if not cursor:
            break
    assert len(seen) == len(set(seen))
    resting_before = [oid for oid in mixed[::-1] if ex.get_order(ALICE, oid)["status"] == "resting"]
    assert [oid for oid in seen if oid in before] == resting_before
    assert not set(seen) - before  # a walk only goes back in time


def test_cursors_are_opaque_and_tamper_evident(ex: Exchange, mixed: list[str]) -> None:
    _, cursor = ex.list_orders(ALICE, limit=5)
    assert cursor
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[8] ^= 1  # move the position by one
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    other = Exchange(cursor_secret=b"another-secret")
    _, foreign = other.list_orders(ALICE, limit=1)
    for bad in (forged, "garbage", "!!!", "é", cursor[:-2], cursor + "AA", foreign or "x"):
        with pytest.raises(ExchangeError) as info:
            ex.list_orders(ALICE, cursor=bad)
        assert (info.value.status, info.value.code) == (400, "invalid_cursor")
    # the same cursor works with any filter: it carries only the position
    page, _ = ex.list_orders(ALICE, limit=100, cursor=cursor, ticker=T50)
    assert all(order["ticker"] == T50 for order in page)
    assert ids(ex.list_orders(ALICE, cursor="")[0]) == ids(ex.list_orders(ALICE)[0])


@pytest.mark.parametrize("limit", [0, -1, 1001, True, "10"])
def test_limit_bounds(ex: Exchange, limit: Any) -> None:
    with pytest.raises(ExchangeError) as info:
        ex.list_orders(ALICE, limit=limit)
    assert (info.value.status, info.value.code) == (400, "invalid_limit")


@pytest.mark.parametrize(
    ("filters", "code"),
    [
        ({"status": "pending"}, "invalid_status"),
        ({"subaccount": 64}, "invalid_subaccount"),
        ({"exchange_index": -1}, "invalid_exchange_index"),
        ({"event_tickers": [f"E{i}" for i in range(11)]}, "invalid_event_ticker"),
        ({"event_tickers": []}, "invalid_event_ticker"),
        ({"min_ts": -1}, "invalid_timestamp"),
        ({"max_ts": "soon"}, "invalid_timestamp"),
    ],
)
def test_bad_filters(ex: Exchange, filters: dict[str, Any], code: str) -> None:
    with pytest.raises(ExchangeError) as info:
        ex.list_orders(ALICE, **filters)
    assert (info.value.status, info.value.code) == (400, code)


def test_unknown_member_has_no_orders(ex: Exchange) -> None:
    assert ex.list_orders(Account("nobody")) == ([], "")
    assert ex.order_count(Account("nobody")) == 0


def test_seed_100k_orders(ex: Exchange) -> None:
    ex.create_order(ALICE, body(client_order_id="live"))
    ex.seed_orders(ALICE, 100_000, seed=7)
    assert ex.order_count(ALICE) == 100_001
    seen = walk(ex, ALICE, limit=1000, validate_every=10)
    assert len(seen) == 100_001
    assert len({order["order_id"] for order in seen}) == 100_001
    assert seen[-1]["client_order_id"] == "live"  # seeded orders are newer in sequence
    statuses = {order["status"] for order in seen}
    assert statuses == {"resting", "canceled", "executed"}
    assert len({order["ticker"] for order in seen}) == 4
    # Newest first by created_time too: history seeded into a used account comes after its newest order.
    created = [order["created_time"] for order in seen]
    assert created == sorted(created, reverse=True)
    fresh = Account("fresh-seed")
    ex.seed_orders(fresh, 50, seed=7)
    spread = [order["created_time"] for order in walk(ex, fresh, limit=1000)]
    assert spread == sorted(spread, reverse=True) and spread[0][:10] != spread[-1][:10]  # spread in time
    for order in seen[::997]:
        check_order(order)
    client_ids = [order["client_order_id"] for order in seen if order["client_order_id"]]
    assert len(client_ids) == len(set(client_ids))
    resting = walk(ex, ALICE, limit=1000, status="resting", ticker=DECI)
    assert resting and all(o["status"] == "resting" and o["ticker"] == DECI for o in resting)
    ex.cancel_all(ALICE)
    assert walk(ex, ALICE, limit=1000, status="resting") == []


def test_seed_options(ex: Exchange) -> None:
    ex.seed_orders(ALICE, 50, ticker=T60, statuses=["executed"])
    orders = walk(ex, ALICE, limit=100)
    assert {(o["ticker"], o["status"]) for o in orders} == {(T60, "executed")}
    assert all(o["fill_count_fp"] == o["initial_count_fp"] for o in orders)
    ex.seed_orders(ALICE, 50, ticker=T60, statuses=["executed"])  # same seed again: still unique ids
    assert len({o["order_id"] for o in walk(ex, ALICE, limit=1000)}) == 100
    with pytest.raises(ExchangeError):
        ex.seed_orders(ALICE, 1, statuses=["pending"])
    with pytest.raises(ExchangeError):
        ex.seed_orders(ALICE, 1, ticker="KXNOPE")
    fresh = Exchange(clock=Clock())
    fresh.seed_orders(ALICE, 20, seed=3)
    again = Exchange(clock=Clock())
    again.seed_orders(ALICE, 20, seed=3)
    assert walk(fresh, ALICE) == walk(again, ALICE)  # reproducible
