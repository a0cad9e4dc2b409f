"""``orders amend`` and ``orders decrease`` against the sandbox."""

from __future__ import annotations

import json

from kalshi_orders import KalshiClient
from kalshi_sandbox import SandboxServer

from .conftest import Invoke

T50 = "KXSANDBOX-26DEC31-T50"


def _opts(sb: SandboxServer) -> list[str]:
    return ["--base-url", sb.base_url, "--key-id", sb.key_id, "--private-key", str(sb.private_key_path)]


def _client(sb: SandboxServer) -> KalshiClient:
    return KalshiClient(
        key_id=sb.key_id, private_key=sb.private_key_path, base_url=sb.base_url, rate_limit=False
    )


def _rest(sb: SandboxServer, price: str = "0.30", count: str = "5") -> str:
    with _client(sb) as client:
        return client.orders.create(ticker=T50, book_side="bid", price=price, count=count).order_id


def test_amend_changes_only_what_is_given(invoke: Invoke, sandbox: SandboxServer) -> None:
    order_id = _rest(sandbox)
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--price", "0.31")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Amended {order_id}: bid @ 0.31; 5.00 left."
    with _client(sandbox) as client:
        order = client.orders.get(order_id)
    assert (str(order.yes_price), str(order.remaining_count)) == ("0.3100", "5.00")
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--count", "8", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["remaining_count"] == "8.00"
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--no-price", "0.68")
    assert result.exit_code == 0, result.output
    with _client(sandbox) as client:
        assert str(client.orders.get(order_id).yes_price) == "0.3200"


def test_amend_refusals_say_what_to_do(invoke: Invoke, sandbox: SandboxServer) -> None:
    order_id = _rest(sandbox)
    result = invoke(*_opts(sandbox), "orders", "amend", order_id)
    assert result.exit_code == 2 and "say what to change" in result.stderr
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--price", "0.315")
    assert result.exit_code == 2, result.output
    assert (
        "off the tick grid of KXSANDBOX-26DEC31-T50" in result.stderr and "use 0.31 or 0.32" in result.stderr
    )
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--price", "0.31", "--yes-price", "0.32")
    assert result.exit_code == 2 and "pass one" in result.stderr
    invoke(*_opts(sandbox), "orders", "cancel", order_id)
    result = invoke(*_opts(sandbox), "orders", "amend", order_id, "--price", "0.31")
    assert result.exit_code == 1
    assert f"order {order_id} is canceled: only a resting order can be amended" in result.stderr
    # The server's refusal (a decrease of a canceled order) gets its hint in the command line's words.
    result = invoke(*_opts(sandbox), "orders", "decrease", order_id, "--by", "1")
    assert result.exit_code == 1, result.output
    assert f"`kalshi-orders orders get {order_id}`" in result.stderr
    assert "orders.get" not in result.stderr


def test_decrease_by_and_to(invoke: Invoke, sandbox: SandboxServer) -> None:
    order_id = _rest(sandbox, count="10")
    result = invoke(*_opts(sandbox), "orders", "decrease", order_id, "--by", "3")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Decreased {order_id}: 7.00 contracts left."
    result = invoke(*_opts(sandbox), "orders", "decrease", order_id, "--to", "2", "--json")
    assert json.loads(result.stdout)["remaining_count"] == "2.00"
    result = invoke(*_opts(sandbox), "orders", "decrease", order_id)
    assert result.exit_code == 2 and "exactly one of --by" in result.stderr
    result = invoke(*_opts(sandbox), "orders", "decrease", order_id, "--by", "0")
    assert result.exit_code == 2 and "--by 0 must be more than zero" in result.stderr
