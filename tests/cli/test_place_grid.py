"""``orders place`` checks the price against the market's own grid (read from the API), or against --tick."""

from __future__ import annotations

import json

from typer.testing import Result

from kalshi_sandbox import SandboxServer

from .conftest import Invoke

T50 = "KXSANDBOX-26DEC31-T50"
DECI = "KXDECI-26DEC31-B1"


def _opts(sb: SandboxServer) -> list[str]:
    return ["--base-url", sb.base_url, "--key-id", sb.key_id, "--private-key", str(sb.private_key_path)]


def _place(invoke: Invoke, sb: SandboxServer, ticker: str, *extra: str) -> Result:
    return invoke(
        *_opts(sb), "orders", "place", "--ticker", ticker, "--book-side", "bid", "--price", "0.565",
        "--count", "2", "--json", *extra,
    )  # fmt: skip


def test_a_deci_cent_price_is_placed_on_the_deci_cent_market(invoke: Invoke, sandbox: SandboxServer) -> None:
    result = _place(invoke, sandbox, DECI)
    assert result.exit_code == 0, result.output
    order_id = json.loads(result.stdout)["order_id"]
    shown = invoke(*_opts(sandbox), "orders", "get", order_id, "--json")
    assert json.loads(shown.stdout)["yes_price_dollars"] == "0.5650"


def test_the_same_price_is_refused_on_a_cent_market(invoke: Invoke, sandbox: SandboxServer) -> None:
    before = sandbox.admin.order_count()
    result = _place(invoke, sandbox, T50)
    assert result.exit_code == 2
    err = result.stderr
    assert "Invalid order (nothing was sent)" in err and f"off the tick grid of {T50}" in err
    assert "use 0.56 or 0.57" in err
    assert sandbox.admin.order_count() == before


def test_tick_overrides_the_market(invoke: Invoke, sandbox: SandboxServer) -> None:
    # Checked against --tick instead: the exchange then judges (and refuses) the price itself.
    result = _place(invoke, sandbox, T50, "--tick", "deci_cent")
    assert result.exit_code == 1
    assert "400" in result.stderr
    result = _place(invoke, sandbox, DECI, "--tick", "linear_cent")
    assert result.exit_code == 2 and "a linear_cent market" in result.stderr


def test_dry_run_says_the_grid_was_not_checked(invoke: Invoke) -> None:
    args = ["orders", "place", "--ticker", DECI, "--book-side", "bid", "--price", "0.565", "--count", "1"]
    result = invoke(*args, "--dry-run")
    assert result.exit_code == 0 and json.loads(result.stdout)["price"] == "0.565"
    assert "not checked against the market's grid (add --tick)" in result.stderr
    result = invoke(*args, "--dry-run", "--tick", "deci_cent")
    assert result.exit_code == 0 and "not checked" not in result.stderr
