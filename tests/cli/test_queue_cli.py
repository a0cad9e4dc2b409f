"""``kalshi-orders orders queue``: one order's queue position, or every resting order's (sandbox)."""

from __future__ import annotations

import json

from kalshi_orders import KalshiClient
from kalshi_sandbox import SandboxServer

from .conftest import Invoke

T50 = "KXSANDBOX-26DEC31-T50"
T60 = "KXSANDBOX-26DEC31-T60"


def _opts(sb: SandboxServer) -> list[str]:
    return ["--base-url", sb.base_url, "--key-id", sb.key_id, "--private-key", str(sb.private_key_path)]


def _rest(sb: SandboxServer, price: str, count: str, ticker: str = T50) -> str:
    with KalshiClient(
        key_id=sb.key_id, private_key=sb.private_key_path, base_url=sb.base_url, rate_limit=False
    ) as client:
        return client.orders.create(ticker=ticker, book_side="bid", price=price, count=count).order_id


def test_one_order(invoke: Invoke, sandbox: SandboxServer) -> None:
    first = _rest(sandbox, "0.20", "7")
    second = _rest(sandbox, "0.20", "1")
    result = invoke(*_opts(sandbox), "orders", "queue", second, "--format", "table")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{second}: 7.00 contracts ahead at its price."
    result = invoke(*_opts(sandbox), "orders", "queue", first, "--format", "table")
    assert result.stdout.strip() == f"{first}: first in line at its price."
    result = invoke(*_opts(sandbox), "orders", "queue", second, "--json")
    assert json.loads(result.stdout) == {"order_id": second, "queue_position_fp": "7.00"}
    # Piped (not a terminal): a header and a TSV line.
    result = invoke(*_opts(sandbox), "orders", "queue", second)
    assert result.stdout.splitlines() == ["order_id\tqueue_position", f"{second}\t7.00"]


def test_several_with_filters(invoke: Invoke, sandbox: SandboxServer) -> None:
    a = _rest(sandbox, "0.21", "2")
    b = _rest(sandbox, "0.21", "3")
    c = _rest(sandbox, "0.21", "1", ticker=T60)
    result = invoke(*_opts(sandbox), "orders", "queue", "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["order_id"]: r["queue_position_fp"] for r in rows} == {a: "0.00", b: "2.00", c: "0.00"}
    result = invoke(*_opts(sandbox), "orders", "queue", "--market", T60, "--json")
    assert [json.loads(line)["order_id"] for line in result.stdout.splitlines()] == [c]
    result = invoke(
        *_opts(sandbox), "orders", "queue", "--market", f"{T50},{T60}", "--event", "KXSANDBOX-26DEC31"
    )
    assert result.exit_code == 0, result.output
    assert all(order_id in result.stdout for order_id in (a, b, c))
    assert "3 resting order(s)." in result.stderr


def test_an_id_and_filters_together_are_refused(invoke: Invoke, sandbox: SandboxServer) -> None:
    result = invoke(*_opts(sandbox), "orders", "queue", "some-id", "--market", T50)
    assert result.exit_code == 2
    assert "pass either an order id or the filters" in result.stderr


def test_a_canceled_order_has_no_position(invoke: Invoke, sandbox: SandboxServer) -> None:
    order_id = _rest(sandbox, "0.20", "1")
    invoke(*_opts(sandbox), "orders", "cancel", order_id)
    result = invoke(*_opts(sandbox), "orders", "queue", order_id)
    assert result.exit_code == 1
    assert "404" in result.stderr
