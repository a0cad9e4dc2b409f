"""The CLI as a person uses it: the real ``kalshi-orders`` in a pseudo-terminal of 80 and 200 columns (the
screen it draws rendered by a terminal emulator), piped into another program, and with the reader of the
pipe gone (``| head -1``). Every run goes against the sandbox over loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from kalshi_orders import KalshiClient
from kalshi_sandbox import SandboxServer

T50 = "KXSANDBOX-26DEC31-T50"
CLI = shutil.which("kalshi-orders", path=str(Path(sys.executable).parent)) or "kalshi-orders"


def _env(sb: SandboxServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KALSHI_", "COLUMNS", "LINES"))}
    env.update(
        KALSHI_BASE_URL=sb.base_url,
        KALSHI_API_KEY_ID=sb.key_id,
        KALSHI_PRIVATE_KEY_PATH=str(sb.private_key_path),
        TERM="xterm",
        NO_COLOR="1",
        **extra,
    )
    return env


def _screen(sb: SandboxServer, columns: int, *args: str, rows: int = 400) -> tuple[list[str], int]:
    """Run the CLI in a pty of ``columns`` x 50 and render what it drew (with ``rows`` of scrollback)."""
    child = pexpect.spawn(
        CLI, list(args), env=_env(sb), dimensions=(50, columns), encoding="utf-8", timeout=60
    )
    output = child.read()
    child.close()
    screen = pyte.Screen(columns, rows)
    stream = pyte.Stream(screen)
    stream.feed(output.replace("\r\n", "\n").replace("\n", "\r\n"))
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines, int(child.exitstatus if child.exitstatus is not None else -1)


@pytest.fixture
def orders(sandbox: SandboxServer) -> list[str]:
    with KalshiClient(
        key_id=sandbox.key_id, private_key=sandbox.private_key_path, base_url=sandbox.base_url
    ) as c:
        placed = [
            c.orders.create(ticker=T50, book_side="bid", price=f"0.{20 + i}", count=str(i + 1)).order_id
            for i in range(5)
        ]
    return placed


def test_a_table_that_fits_80_columns(sandbox: SandboxServer, orders: list[str]) -> None:
    lines, status = _screen(sandbox, 80, "orders", "list", "--status", "resting")
    assert status == 0, lines
    header = lines[0].split()
    # The columns a trader needs first, never an id cut (a cut id would wrap onto the next screen line).
    assert header[:6] == ["ORDER", "ID", "STATUS", "SIDE", "YES", "LEFT"]
    rows = lines[1:6]
    assert sorted(row.split()[0] for row in rows) == sorted(orders)
    assert all(len(line) <= 80 for line in lines)
    assert {row.split()[1] for row in rows} == {"resting"}
    assert sorted(row.split()[3] for row in rows) == ["0.20", "0.21", "0.22", "0.23", "0.24"]
    # What did not fit is named, with the way to see it.
    note = next(line for line in lines if line.startswith("Not shown to fit 80 columns"))
    assert "ticker" in note
    assert "5 order(s)." in lines


def test_a_wide_terminal_shows_every_column(sandbox: SandboxServer, orders: list[str]) -> None:
    lines, status = _screen(sandbox, 200, "orders", "list")
    assert status == 0, lines
    for title in ("ORDER ID", "TICKER", "STATUS", "SIDE", "YES", "LEFT", "FILLED", "CREATED (UTC)", "NO"):
        assert title in lines[0]
    assert not any(line.startswith("Not shown") for line in lines)
    assert all(T50 in line for line in lines[1:6])


def test_columns_are_chosen_and_help_fits(sandbox: SandboxServer, orders: list[str]) -> None:
    lines, status = _screen(sandbox, 80, "orders", "list", "--columns", "ticker,yes_price,order_id")
    assert status == 0
    assert lines[0].split() == ["TICKER", "YES", "ORDER", "ID"]
    assert lines[1].split()[0] == T50
    lines, status = _screen(sandbox, 80, "orders", "place", "--help")
    assert status == 0
    assert all(len(line) <= 80 for line in lines) and not any("…" in line for line in lines)
    assert any(line.strip().startswith("--self-trade-prevention") for line in lines)


def test_queue_positions_on_a_terminal(sandbox: SandboxServer, orders: list[str]) -> None:
    lines, status = _screen(sandbox, 80, "orders", "queue", orders[0])
    assert status == 0
    assert lines[0] == f"{orders[0]}: first in line at its price."


def test_piped_output_is_tsv_with_whole_ids(sandbox: SandboxServer, orders: list[str]) -> None:
    result = subprocess.run(  # noqa: S603
        [CLI, "orders", "list"], env=_env(sandbox, COLUMNS="80"), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0][:6] == ["order_id", "ticker", "status", "book_side", "yes_price", "remaining"]
    assert sorted(line[0] for line in lines[1:]) == sorted(orders)
    assert all(line[4].endswith("00") and len(line[4]) == 6 for line in lines[1:])  # exact wire: 0.2000
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr  # no colours or spinners


@pytest.mark.parametrize("fmt", ["--json", "--format=tsv", "--format=table", "--format=csv"])
def test_a_closed_pipe_ends_quietly_with_status_0(sandbox: SandboxServer, fmt: str) -> None:
    sandbox.admin.seed_orders(3000, ticker=T50)
    command = f"set -o pipefail; {CLI} orders list --limit 200 {fmt} | head -1"
    result = subprocess.run(  # noqa: S603
        ["bash", "-c", command],  # noqa: S607
        env=_env(sandbox),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""  # no traceback, no "Exception ignored ... BrokenPipeError"


def test_rows_stream_as_pages_arrive(sandbox: SandboxServer) -> None:
    sandbox.admin.seed_orders(2000, ticker=T50)
    sandbox.admin.set_faults(latency_ms=150)  # ~3 s for the 20 pages: the first must show long before
    child = pexpect.spawn(
        CLI,
        ["orders", "list", "--limit", "100"],
        env=_env(sandbox),
        dimensions=(50, 120),
        encoding="utf-8",
        timeout=30,
    )
    started = time.monotonic()
    child.expect("ORDER ID")
    first_row_after = time.monotonic() - started
    assert child.isalive()  # still fetching later pages while the first rows are on screen
    child.expect(pexpect.EOF)
    total = time.monotonic() - started
    child.close()
    assert child.exitstatus == 0
    assert first_row_after < total / 2, (first_row_after, total)
