"""The suite must catch a broken API: each sandbox breakage makes the runner report a failure of its rule,
and the healthy sandbox passes every rule."""

from __future__ import annotations

import pytest

from kalshi_contract.cleanup import OrderRegistry
from kalshi_contract.client import ContractClient
from kalshi_contract.recorder import Recorder
from kalshi_contract.runner import EXIT_OK, EXIT_VIOLATIONS, run
from kalshi_contract.settings import RULES, RunSettings
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer

BREAKAGE_RULES = {
    "enum_outside_spec": "enums",
    "missing_required_field": "required",
    "price_sum_not_one": "prices",
    "accept_both_prices": "prices",
    "accept_limit_1001": "pagination",
    "repeat_across_pages": "pagination",
    "accept_bad_signature": "auth",
}


@pytest.mark.parametrize(("breakage", "rule"), sorted(BREAKAGE_RULES.items()))
def test_suite_reports_the_breakage_under_its_rule(
    breakage: str, rule: str, sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    assert sandbox_run.admin.set_breakages(breakage) == [breakage]
    result = run(settings.with_overrides(rules=(rule,)), target=target)
    assert result.exit_code == EXIT_VIOLATIONS
    assert result.failed_rules == {rule}
    summary = result.reports["summary"].read_text()
    assert f"| {rule} | FAIL |" in summary
    assert f"### {rule}:" in summary  # the first failing example is shown, with a command to reproduce it
    assert "curl -X" in summary


def test_suite_passes_on_the_healthy_sandbox(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    result = run(settings, target=target)
    failures = [f"{r.nodeid}: {r.message}" for r in result.results if r.outcome in ("failed", "error")]
    assert failures == []
    assert result.exit_code == EXIT_OK
    ran = {r.rule for r in result.results if r.outcome == "passed"}
    assert ran == set(RULES)
    assert not [r for r in result.results if r.outcome == "skipped"]
    # Everything the suite created was cancelled: none of its orders (client ids "contract-...") still rests.
    assert result.summary.cleanup_left == {}
    client = ContractClient(target, Recorder(), OrderRegistry())
    try:
        resting = client.walk_order_list(ticker=target.ticker, status="resting", limit=1000)
    finally:
        client.close()
    assert [o["order_id"] for o in resting if str(o.get("client_order_id", "")).startswith("contract-")] == []
    cassette = result.reports["cassette"].read_text()
    assert target.key_id not in cassette
    assert "<SIGNATURE>" in cassette
    junit = result.reports["junit"].read_text()
    assert "<testsuite" in junit and target.key_id not in junit
