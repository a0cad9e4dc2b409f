"""Reports of a run: the JUnit XML (written by pytest, then redacted), the cassette, a Markdown summary,
a JSON result file and a terminal table. Per rule and per operation pass/fail, with the first failing
example of each rule as a reproducible command."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .plugin import ContractSession, RuleResult
from .recorder import redact_text
from .settings import RULES

VERDICTS = {
    "passed": "no contract violations",
    "violations": "contract violations found",
    "unhealthy": "target unhealthy — not a verdict on the contract",
    "refused": "run refused",
    "error": "the suite could not run",
}


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    first_failure: RuleResult | None = None

    @property
    def status(self) -> str:
        if self.failed:
            return "FAIL"
        return "pass" if self.passed else "skipped"

    def add(self, result: RuleResult) -> None:
        if result.outcome in ("failed", "error"):
            self.failed += 1
            if self.first_failure is None:
                self.first_failure = result
        elif result.outcome == "skipped":
            self.skipped += 1
        else:
            self.passed += 1


@dataclass
class Summary:
    status: str  # passed | violations | unhealthy | refused | error
    target: str
    profile: str
    seed: int | None
    message: str = ""
    results: list[RuleResult] = field(default_factory=list)
    cleanup_left: dict[str, str] = field(default_factory=dict)

    def by(self, key: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for result in self.results:
            tallies[getattr(result, key)].add(result)
        order = {rule: index for index, rule in enumerate(RULES)}
        return dict(sorted(tallies.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))

    @property
    def failed_rules(self) -> set[str]:
        return {rule for rule, tally in self.by("rule").items() if tally.failed}


def markdown(summary: Summary) -> str:
    lines = [
        "# Kalshi orders contract report",
        "",
        f"* **Verdict:** {VERDICTS.get(summary.status, summary.status)}",
        f"* **Target:** {summary.target}",
        f"* **Profile:** {summary.profile}; seed {summary.seed if summary.seed is not None else 'random'}",
    ]
    if summary.message:
        lines.append(f"* **Note:** {summary.message}")
    if summary.cleanup_left:
        lines.append(
            f"* **Cleanup:** {len(summary.cleanup_left)} order(s) could not be cancelled: "
            + ", ".join(sorted(summary.cleanup_left))
        )
    for key, title in (("rule", "Rule"), ("operation", "Operation")):
        lines += [
            "",
            f"## Per {key}",
            "",
            f"| {title} | Status | Passed | Failed | Skipped |",
            "|---|---|---|---|---|",
        ]
        for name, tally in summary.by(key).items():
            lines.append(f"| {name} | {tally.status} | {tally.passed} | {tally.failed} | {tally.skipped} |")
    failures = [
        (rule, tally.first_failure) for rule, tally in summary.by("rule").items() if tally.first_failure
    ]
    if failures:
        lines += ["", "## First failing example per rule"]
        for rule, result in failures:
            assert result is not None
            lines += ["", f"### {rule}: `{result.nodeid}`", "", result.message or "(no message)"]
            if result.repro:
                lines += [
                    "",
                    "Reproduce (put a fresh timestamp and signature in place of the placeholders, e.g. from "
                    "`kalshi_orders.KalshiSigner(key_id, key).headers(method, path)`):",
                    "",
                    "```sh",
                    result.repro,
                    "```",
                ]
    return redact_text("\n".join(lines) + "\n")


def print_summary(summary: Summary, console: Console) -> None:
    table = Table(title=f"Contract suite — {VERDICTS.get(summary.status, summary.status)}")
    for column in ("Rule", "Status", "Passed", "Failed", "Skipped", "First failure"):
        table.add_column(column, overflow="fold")
    for rule, tally in summary.by("rule").items():
        style = "red" if tally.failed else ("green" if tally.passed else "yellow")
        first = tally.first_failure.message[:120] if tally.first_failure else ""
        table.add_row(
            rule,
            f"[{style}]{tally.status}[/]",
            str(tally.passed),
            str(tally.failed),
            str(tally.skipped),
            first,
        )
    console.print(f"Target: {summary.target}")
    if summary.message:
        console.print(summary.message)
    if summary.results:
        console.print(table)


def write_reports(summary: Summary, session: ContractSession | None, report_dir: Path) -> dict[str, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = {"summary": report_dir / "summary.md", "results": report_dir / "results.json"}
    paths["summary"].write_text(markdown(summary), encoding="utf-8")
    paths["results"].write_text(
        redact_text(
            json.dumps(
                {
                    "status": summary.status,
                    "target": summary.target,
                    "profile": summary.profile,
                    "seed": summary.seed,
                    "message": summary.message,
                    "failed_rules": sorted(summary.failed_rules),
                    "results": [asdict(result) for result in summary.results],
                },
                indent=2,
            )
        ),
        encoding="utf-8",
    )
    if session is not None:
        paths["cassette"] = session.recorder.write_cassette(report_dir / "cassette.yaml")
    junit = report_dir / "junit.xml"
    if junit.exists():  # failure texts may quote request lines; keep credentials out of the artefact
        redacted = redact_text(junit.read_text(encoding="utf-8"))
        # The placeholder is markup-like: escape it so the file stays well-formed XML.
        junit.write_text(redacted.replace("<SIGNATURE>", "&lt;SIGNATURE&gt;"), encoding="utf-8")
        paths["junit"] = junit
    return paths
