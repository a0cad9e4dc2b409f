"""The runner and CLI: dry run sends nothing, refusals and an unhealthy target have their own exit codes."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

import kalshi_contract.runner as runner_module
from kalshi_contract.cli import app
from kalshi_contract.runner import EXIT_OK, EXIT_REFUSED, EXIT_UNHEALTHY, run
from kalshi_contract.settings import RunSettings
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer


def test_dry_run_prints_the_plan_and_starts_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    def no_target(*args: object, **kwargs: object) -> None:
        raise AssertionError("a dry run must not open a target")

    monkeypatch.setattr(runner_module, "open_target", no_target)
    result = CliRunner().invoke(app, ["--dry-run", "--report-dir", str(tmp_path)])
    assert result.exit_code == EXIT_OK, result.output
    assert "DRY RUN" in result.output
    assert "CreateOrderV2" in result.output and "POST" in result.output
    assert '"ticker": "KXSANDBOX-26DEC31-T50"' in result.output
    assert "pagination" in result.output


def test_dry_run_against_production_without_the_flag_is_refused(tmp_path: object) -> None:
    result = CliRunner().invoke(
        app,
        [
            "--dry-run",
            "--base-url",
            "https://external-api.kalshi.com/trade-api/v2",
            "--report-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == EXIT_REFUSED
    assert "production host" in result.output


def test_unknown_profile_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["--profile", "turbo", "--dry-run"])
    assert result.exit_code == 2
    assert "unknown profile" in result.output


def test_an_unhealthy_target_is_reported_as_such(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    sandbox_run.admin.set_faults(read_500_probability=1.0, seed=1)
    result = run(settings, target=target)
    assert result.exit_code == EXIT_UNHEALTHY
    assert result.summary.status == "unhealthy"
    assert "target unhealthy" in result.summary.message
    assert result.results == []  # no rule was run, so none is reported as failing
    assert "target unhealthy" in result.reports["summary"].read_text()


def test_remote_run_without_credentials_is_refused(
    monkeypatch: pytest.MonkeyPatch, settings: RunSettings
) -> None:
    for name in ("KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "KALSHI_PRIVATE_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = run(
        settings.with_overrides(base_url="https://external-api.demo.kalshi.co/trade-api/v2", ticker="X")
    )
    assert result.exit_code == EXIT_REFUSED
    assert "credentials are not configured" in result.summary.message


def test_a_read_only_target_gets_only_reads(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    # What --allow-production does to a run: the same suite with every write left out.
    sandbox_run.admin.seed_orders(5, ticker=target.ticker, seed=3)
    read_only = dataclasses.replace(target, read_only=True)
    result = run(settings, target=read_only)
    assert result.exit_code == EXIT_OK, [r.message for r in result.results if r.outcome == "failed"]
    cassette = result.reports["cassette"].read_text().splitlines()
    methods = {line.strip() for line in cassette if "method:" in line}
    assert methods == {"method: GET"}
    assert {r.rule for r in result.results if r.outcome == "passed"} >= {"schemathesis", "enums", "auth"}
    skipped = {r.rule for r in result.results if r.outcome == "skipped"}
    assert {"retired", "stateful"} <= skipped


def test_the_root_base_url_reaches_the_contract_command(tmp_path: object) -> None:
    from kalshi_orders.cli import app as root_app

    prod = "https://external-api.kalshi.com/trade-api/v2"
    result = CliRunner().invoke(
        root_app, ["--base-url", prod, "contract", "--dry-run", "--report-dir", str(tmp_path)]
    )
    assert result.exit_code == EXIT_REFUSED, result.output
    assert "production host" in result.output
