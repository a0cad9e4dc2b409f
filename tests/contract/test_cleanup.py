"""Guaranteed cleanup: orders left open are cancelled at the end, also when the run is terminated mid-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kalshi_contract.cleanup import OrderRegistry
from kalshi_contract.client import ContractClient
from kalshi_contract.recorder import Recorder
from kalshi_contract.settings import DEFAULT_SANDBOX_TICKER
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer


def test_cancel_all_cancels_every_open_order_and_reports_the_rest() -> None:
    registry = OrderRegistry()
    calls: list[str] = []

    def canceller(order_id: str, ticker: str) -> bool:
        calls.append(order_id)
        if order_id == "boom":
            raise ConnectionError("no route")
        return order_id != "refused"

    for order_id in ("a", "b", "refused", "boom"):
        registry.add(order_id, "T")
    registry.forget("b")  # closed by its test
    previous = signal.getsignal(signal.SIGTERM)
    registry.install(canceller)
    try:
        registry.cancel_all()
    finally:
        registry.uninstall()
    assert sorted(calls) == ["a", "boom", "refused"]
    assert registry.cancelled == ["a"]
    assert set(registry.failed) == {"refused", "boom"}
    assert registry.open_orders == {"refused": "T", "boom": "T"}
    assert signal.getsignal(signal.SIGTERM) == previous


def _resting(target: Target) -> list[str]:
    client = ContractClient(target, Recorder(), OrderRegistry())
    try:
        orders = client.walk_order_list(ticker=target.ticker, status="resting", limit=1000)
    finally:
        client.close()
    return [order["order_id"] for order in orders]


def test_sigterm_mid_run_still_cancels_every_order(
    sandbox_run: SandboxServer, target: Target, tmp_path: Path
) -> None:
    # The run goes through --base-url and credentials from the environment: the same path as a demo run.
    # The sandbox starts empty, so every resting order on the ticker is the run's.
    env = {
        **os.environ,
        "KALSHI_API_KEY_ID": sandbox_run.key_id,
        "KALSHI_PRIVATE_KEY_PATH": str(sandbox_run.private_key_path),
    }
    env.pop("KALSHI_PRIVATE_KEY", None)
    command = [
        sys.executable,
        "-c",
        "from kalshi_contract.cli import app; app()",
        "--base-url",
        sandbox_run.base_url,
        "--ticker",
        DEFAULT_SANDBOX_TICKER,
        "--rule",
        "schemathesis",  # its orders have no fixture teardown: only the run's registry cancels them
        "--profile",
        "dev",
        "--report-dir",
        str(tmp_path / "reports"),
    ]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and CLI, fixed arguments
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while not _resting(target):  # wait until the run has orders on the book, then stop it
            assert process.poll() is None, process.communicate()[0].decode()[-3000:]
            assert time.monotonic() < deadline, "the run never placed an order"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=120)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0, output[-3000:]
    assert _resting(target) == [], output[-3000:]
