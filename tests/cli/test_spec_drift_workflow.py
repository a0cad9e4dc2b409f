"""The scheduled spec-drift workflow passes `spec upstream` options that exist and maps its exit statuses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kalshi_orders.cli._errors import EXIT_BREAKING, EXIT_NEW_COMPATIBLE, EXIT_OK

from .conftest import Invoke

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "spec-drift.yml"


def _steps() -> list[dict[str, object]]:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    triggers = doc.get("on", doc.get(True))
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers
    steps: list[dict[str, object]] = doc["jobs"]["upstream"]["steps"]
    return steps


def test_every_option_the_workflow_passes_exists(invoke: Invoke) -> None:
    scripts = "\n".join(str(step.get("run", "")) for step in _steps())
    calls = re.findall(r"kalshi-orders spec upstream((?:[^\n]|\\\n)*)", scripts)
    assert calls, "the workflow no longer runs `kalshi-orders spec upstream`"
    help_text = invoke("spec", "upstream", "--help").stdout
    for call in calls:
        for option in re.findall(r"(--[a-z-]+)", call):
            assert option in help_text, f"the workflow passes {option}, which `spec upstream` does not have"


def test_the_summary_and_the_verdict_follow_the_exit_statuses() -> None:
    scripts = "\n".join(str(step.get("run", "")) for step in _steps())
    assert "GITHUB_STEP_SUMMARY" in scripts
    assert "--markdown" in scripts
    verdict = next(str(s["run"]) for s in _steps() if s.get("name") == "Verdict")
    cases = dict(re.findall(r"^\s*(\d)\) (.*)$", verdict, flags=re.M))
    assert set(cases) == {str(EXIT_OK), str(EXIT_BREAKING), str(EXIT_NEW_COMPATIBLE)}
    assert "exit 1" not in cases[str(EXIT_OK)]
    assert "exit 1" in cases[str(EXIT_BREAKING)]
