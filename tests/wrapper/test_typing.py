"""User code under ``mypy --strict``: correct calls pass, a wrong enum value or a misspelt keyword fails.

One mypy run checks every snippet with the project's mypy settings. Each wrong call has a twin that differs
in the one wrong argument and must pass, so each failure is pinned to that argument.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
from typing import assert_type

from kalshi_orders import (
    AsyncKalshiClient, AsyncOrderPager, BatchCreateResult, CancelResult, CreateOrderFields, CreateResult,
    KalshiClient, Order, OrderPage, OrderPager, QueuePositions, RawResponse, TimeInForce, build_create_order,
)
from decimal import Decimal


def sync(client: KalshiClient) -> None:
    placed = client.orders.create(ticker="T", side="yes", action="buy", yes_price="0.56", count=1)
    assert_type(placed, CreateResult)
    v2 = client.orders.create(
        ticker="T", book_side="ask", price="0.44", count="2.5", time_in_force=TimeInForce.IMMEDIATE_OR_CANCEL,
        self_trade_prevention_type="maker", tick="deci_cent",
    )
    assert_type(v2, CreateResult)
    request = build_create_order(ticker="T", book_side="bid", price=56, count=1)
    assert_type(client.orders.create(request), CreateResult)
    raw = client.orders.with_raw_response.create(ticker="T", side="no", action="sell", no_price=40, count=1)
    assert_type(raw, RawResponse[CreateResult])
    assert_type(client.orders.list(status="resting", limit=10), OrderPager)
    assert_type(client.orders.with_raw_response.list(ticker="T"), RawResponse[OrderPage])
    assert_type(client.orders.get("ord"), Order)
    assert_type(client.orders.cancel("ord", subaccount=1), CancelResult)
    client.orders.amend("ord", ticker="T", side="yes", action="buy", yes_price="0.5", count=3)
    client.orders.decrease("ord", reduce_to=1)
    fields: CreateOrderFields = {"ticker": "T", "book_side": "bid", "price": "0.5", "count": 1}
    assert_type(client.orders.batch_create([fields, build_create_order(**fields)]), BatchCreateResult)
    client.orders.batch_cancel(["a", {"order_id": "b", "subaccount": 2}])
    client.orders.cancel_all(subaccount=3)
    assert_type(client.orders.queue_position("ord"), Decimal)
    positions = client.orders.queue_positions(market_tickers=["T", "U"], event_ticker="E", subaccount=1)
    assert_type(positions, QueuePositions)
    assert_type(positions[0].queue_position, Decimal)
    raw_positions = client.orders.with_raw_response.queue_positions(market_tickers="T,U")
    assert_type(raw_positions, RawResponse[QueuePositions])


async def asynchronous(client: AsyncKalshiClient) -> None:
    placed = await client.orders.create(ticker="T", side="yes", action="buy", yes_price="0.56", count=1)
    assert_type(placed, CreateResult)
    raw = await client.orders.with_raw_response.get("ord")
    assert_type(raw, RawResponse[Order])
    assert_type(await client.orders.queue_position("ord"), Decimal)
    assert_type(await client.orders.queue_positions(event_ticker="E"), QueuePositions)
    pager = client.orders.list(limit=5)
    assert_type(pager, AsyncOrderPager)
    async for order in pager:
        assert_type(order, Order)
"""

HEADER = """from kalshi_orders import AsyncKalshiClient, KalshiClient


def f(client: KalshiClient, a: AsyncKalshiClient) -> None:
    o, ao = client.orders, a.orders
"""

# name -> (a wrong call, the same call made right). The right twin must pass, so the error is the one change.
BAD = {
    "side_maybe": (
        'o.create(ticker="T", side="maybe", action="buy", yes_price="0.5", count=1)',
        'o.create(ticker="T", side="yes", action="buy", yes_price="0.5", count=1)',
    ),
    "misspelt_keyword": (
        'o.create(ticker="T", side="yes", action="buy", yes_prce="0.5", count=1)',
        'o.create(ticker="T", side="yes", action="buy", yes_price="0.5", count=1)',
    ),
    "action_hold": (
        'o.create(ticker="T", side="yes", action="hold", yes_price="0.5", count=1)',
        'o.create(ticker="T", side="yes", action="sell", yes_price="0.5", count=1)',
    ),
    "book_side_middle": (
        'o.create(ticker="T", book_side="middle", price="0.5", count=1)',
        'o.create(ticker="T", book_side="ask", price="0.5", count=1)',
    ),
    "time_in_force_gtc": (
        'o.create(ticker="T", book_side="bid", price="0.5", count=1, time_in_force="gtc")',
        'o.create(ticker="T", book_side="bid", price="0.5", count=1, time_in_force="fill_or_kill")',
    ),
    "self_trade_prevention": (
        'o.create(ticker="T", book_side="bid", price="0.5", count=1, '
        'self_trade_prevention_type="cancel_both")',
        'o.create(ticker="T", book_side="bid", price="0.5", count=1, self_trade_prevention_type="maker")',
    ),
    "missing_ticker": (
        'o.create(book_side="bid", price="0.5", count=1)',
        'o.create(ticker="T", book_side="bid", price="0.5", count=1)',
    ),
    "float_price": (
        'o.create(ticker="T", book_side="bid", price=0.5, count=1)',
        'o.create(ticker="T", book_side="bid", price="0.5", count=1)',
    ),
    "raw_side_maybe": (
        'o.with_raw_response.create(ticker="T", side="maybe", action="buy", yes_price="0.5", count=1)',
        'o.with_raw_response.create(ticker="T", side="no", action="buy", yes_price="0.5", count=1)',
    ),
    "async_side_maybe": (
        'ao.create(ticker="T", side="maybe", action="buy", yes_price="0.5", count=1)',
        'ao.create(ticker="T", side="yes", action="buy", yes_price="0.5", count=1)',
    ),
    "batch_item_side": (
        'o.batch_create([{"ticker": "T", "side": "maybe", "action": "buy", "yes_price": 5, "count": 1}])',
        'o.batch_create([{"ticker": "T", "side": "yes", "action": "buy", "yes_price": 5, "count": 1}])',
    ),
    "amend_misspelt": (
        'o.amend("o", ticker="T", book_side="bid", price="0.5", cuont=1)',
        'o.amend("o", ticker="T", book_side="bid", price="0.5", count=1)',
    ),
    "decrease_misspelt": (
        'o.decrease("o", reduce_bye=1)',
        'o.decrease("o", reduce_by=1)',
    ),
    "list_status": ('o.list(status="pending")', 'o.list(status="canceled")'),
    "cancel_subaccount_str": (
        'o.cancel("o", subaccount="1")',
        'o.cancel("o", subaccount=1)',
    ),
    "queue_positions_misspelt": (
        'o.queue_positions(market_ticker="T")',
        'o.queue_positions(market_tickers="T")',
    ),
    "queue_position_no_id": ("o.queue_position()", 'o.queue_position("o")'),
    "batch_cancel_misspelt": (
        'o.batch_cancel([{"order_id": "o", "subacount": 1}])',
        'o.batch_cancel([{"order_id": "o", "subaccount": 1}])',
    ),
}


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("mypy")
    work = tmp_path_factory.mktemp("typing")
    (work / "good.py").write_text(GOOD, encoding="utf-8")
    twins = "".join(f"    {right}\n" for _, right in BAD.values())
    (work / "good_twins.py").write_text(f"{HEADER}{twins}", encoding="utf-8")
    for name, (wrong, _) in BAD.items():
        (work / f"bad_{name}.py").write_text(f"{HEADER}    {wrong}\n", encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [
            sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(work / ".mypy_cache"), "--no-error-summary", "--hide-error-context",
            *sorted(str(p) for p in work.glob("*.py")),
        ],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def _errors(output: str, name: str) -> list[tuple[int, str]]:
    found = []
    for line in output.splitlines():
        match = re.match(rf".*[\\/]{re.escape(name)}\.py:(\d+): error: (.*)", line)
        if match:
            found.append((int(match.group(1)), match.group(2)))
    return found


def test_correct_user_code_passes_strict(mypy_output: str) -> None:
    assert _errors(mypy_output, "good") == [], mypy_output
    assert _errors(mypy_output, "good_twins") == [], mypy_output
    # Only the bad snippets may fail: the wrapper itself type-checks clean under the same settings.
    assert all("bad_" in line for line in mypy_output.splitlines() if ": error:" in line), mypy_output


@pytest.mark.parametrize("name", sorted(BAD))
def test_wrong_calls_fail_strict_on_their_line(mypy_output: str, name: str) -> None:
    errors = _errors(mypy_output, f"bad_{name}")
    assert errors, f"mypy accepted bad_{name}: {BAD[name][0]}"
    assert {line for line, _ in errors} == {HEADER.count("\n") + 1}, errors
