"""Replay: a recorded red run is re-judged offline against the current spec (so an edited spec that now
explains what the API did turns it green), and the run's HAR is a valid HAR 1.2 log."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kalshi_contract import judge, spec
from kalshi_contract.replay import load_cassette, replay_cassette
from kalshi_contract.runner import EXIT_VIOLATIONS, run
from kalshi_contract.settings import RunSettings
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer


@pytest.fixture
def red_run(sandbox_run: SandboxServer, target: Target, settings: RunSettings) -> Path:
    sandbox_run.admin.set_breakages("enum_outside_spec")
    result = run(settings.with_overrides(rules=("enums",), report_formats=("har",)), target=target)
    assert result.exit_code == EXIT_VIOLATIONS
    return result.reports["cassette"]


def _with_pending(document: dict[str, Any]) -> dict[str, Any]:
    edited = copy.deepcopy(document)
    edited["components"]["schemas"]["OrderStatus"]["enum"].append("pending")
    return edited


def test_replay_judges_every_exchange_and_an_edited_spec_explains_it(
    red_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = RunSettings(report_dir=tmp_path / "replay")
    result = replay_cassette(red_run, settings)
    assert result.exit_code == EXIT_VIOLATIONS
    assert {"enums", "schema"} <= result.summary.failed_rules
    first = json.loads(result.reports["results"].read_text())["rules"]["enums"]["first_failure"]
    assert first["value"] == "pending" and first["field"].endswith(".status")
    checks = {r.rule for r in result.summary.results}
    assert {"schema", "enums", "required", "prices", "invariants", "errors", "filters", "ordering"} <= checks

    # The user documents the new status: the same recording now passes those checks.
    edited = _with_pending(spec.load_spec())
    monkeypatch.setattr(spec, "_cached_spec", lambda: edited)
    monkeypatch.setattr(judge, "_VALIDATORS", {})
    monkeypatch.setattr(spec, "_SCHEMA_CACHE", {})
    again = replay_cassette(red_run, RunSettings(report_dir=tmp_path / "replay2"))
    assert "enums" not in again.summary.failed_rules and "schema" not in again.summary.failed_rules


def test_replay_never_overwrites_the_recorded_reports(red_run: Path) -> None:
    before = (red_run.parent / "summary.md").read_text()
    result = replay_cassette(red_run, RunSettings(report_dir=red_run.parent))
    assert result.reports["summary"].parent == red_run.parent / "replay"
    assert (red_run.parent / "summary.md").read_text() == before


def test_a_file_that_is_no_cassette_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("just: text\n")
    result = replay_cassette(path, RunSettings(report_dir=tmp_path / "r"))
    assert result.exit_code == 2 and "not a cassette" in result.summary.message


def test_cassette_entries_carry_verdicts_and_full_bodies(red_run: Path) -> None:
    document = yaml.safe_load(red_run.read_text())
    entries = document["http_interactions"]
    reads = [e for e in entries if e["operation"] == "GetOrders" and e["response"]["status"] == 200]
    assert reads and all("orders" in json.loads(e["response"]["body"]) for e in reads)
    assert any(e["verdicts"].get("enums") for e in reads)  # the failing verdict is recorded per exchange
    _, items = load_cassette(red_run)
    assert len(items) == len(entries)


def test_har_is_a_valid_har_log(red_run: Path) -> None:
    har = json.loads((red_run.parent / "run.har").read_text())
    log = har["log"]
    assert log["version"] == "1.2" and log["creator"]["name"]
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        assert {"method", "url", "httpVersion", "headers", "queryString", "headersSize", "bodySize"} <= set(
            entry["request"]
        )
        assert {"status", "statusText", "content", "redirectURL", "headers"} <= set(entry["response"])
        assert entry["response"]["content"]["mimeType"]
        assert "_verdicts" in entry
