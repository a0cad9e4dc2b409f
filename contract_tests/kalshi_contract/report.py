"""Reports of a run, all built from structured data and redacted before they are serialised:
`results.json`, `summary.md`, `junit.xml`, `cassette.yaml`, optionally `run.har`, and the terminal view (one
block per violated rule, then a table that fits 100 columns). Formats: docs/contract-reports.md."""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .plugin import ContractSession, RuleResult
from .redaction import Redactor
from .settings import RULES
from .shellfold import fold_command

RESULTS_FORMAT = "kalshi-contract-results"
RESULTS_VERSION = 2
TERMINAL_WIDTH = 100
VERDICTS = {
    "passed": "no contract violations",
    "violations": "contract violations found",
    "unhealthy": "target unhealthy — not a verdict on the contract",
    "refused": "run refused",
    "error": "the suite could not run",
}
# XML 1.0 cannot carry most control characters, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    first_failure: RuleResult | None = None
    skip_reasons: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.failed:
            return "FAIL"
        if self.passed:
            return "pass"
        return "n/a" if self.skipped else "skipped"

    def add(self, result: RuleResult) -> None:
        if result.outcome in ("failed", "error"):
            self.failed += 1
            if self.first_failure is None:
                self.first_failure = result
        elif result.outcome == "skipped":
            self.skipped += 1
            if result.message and result.message not in self.skip_reasons:
                self.skip_reasons.append(result.message)
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
    timings: dict[str, float] = field(default_factory=dict)

    def by(self, key: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for result in self.results:
            tallies[getattr(result, key)].add(result)
        order = {rule: index for index, rule in enumerate(RULES)}
        return dict(sorted(tallies.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))

    @property
    def failed_rules(self) -> set[str]:
        return {rule for rule, tally in self.by("rule").items() if tally.failed}

    def failures(self) -> list[tuple[str, Tally, RuleResult]]:
        return [
            (rule, tally, tally.first_failure)
            for rule, tally in self.by("rule").items()
            if tally.first_failure is not None
        ]


# ------------------------------------------------------------------------------------------ examples


def _example_lines(result: RuleResult) -> list[tuple[str, str]]:
    """(label, text) rows of a failure's first example."""
    ex = result.example or {}
    rows: list[tuple[str, str]] = []
    if ex.get("operation") or result.operation not in ("", "-"):
        rows.append(("operation", str(ex.get("operation") or result.operation)))
    if ex.get("request"):
        rows.append(("request", str(ex["request"])))
        if ex.get("request_body"):
            rows.append(("body", _clip(str(ex["request_body"]), 300)))
    if ex.get("status") is not None:
        part = str(ex.get("response_part") or "")
        rows.append(("response", f"{ex['status']} {_clip(part, 300)}".rstrip()))
    if ex.get("field"):
        rows.append(("field", f"{ex['field']} = {_clip(repr(ex.get('value')), 200)}"))
    if ex.get("expected"):
        rows.append(("expected", str(ex["expected"])))
    if ex.get("reproduce"):
        rows.append(("reproduce", str(ex["reproduce"])))
    rows.append(("test", result.nodeid))
    return rows


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _headline(rule: str, result: RuleResult) -> str:
    what = (result.example or {}).get("rule_in_words") or result.message or "(no message)"
    return f"{rule}: {what}"


# ------------------------------------------------------------------------------------------ markdown


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
    failures = summary.failures()
    if failures:
        lines += ["", "## Violations (first failing example per rule)"]
        for rule, tally, result in failures:
            lines += ["", f"### {rule}: {_headline(rule, result).split(': ', 1)[1]}", ""]
            for label, text in _example_lines(result):
                if label == "reproduce":
                    lines += [
                        "* **reproduce** (the first line sets the signature variables; needs "
                        "KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH):",
                        "",
                        "```sh",
                        text,
                        "```",
                    ]
                else:
                    lines.append(f"* **{label}:** `{text}`" if label != "test" else f"* **{label}:** {text}")
            if tally.failed > 1:
                lines.append(f"* {tally.failed - 1} more failing test(s) of this rule: see results.json")
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
    not_applicable = [(rule, t) for rule, t in summary.by("rule").items() if t.skip_reasons]
    if not_applicable:
        lines += ["", "## Not applicable on this target", ""]
        for rule, tally in not_applicable:
            lines += [f"* **{rule}:** {reason}" for reason in tally.skip_reasons]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------ terminal


def print_summary(summary: Summary, console: Console) -> None:
    width = min(console.width or TERMINAL_WIDTH, TERMINAL_WIDTH)
    console.print(Text(f"Target: {summary.target}"), width=width)
    if summary.message:
        console.print(Text(summary.message), width=width)
    for number, (rule, tally, result) in enumerate(summary.failures(), start=1):
        console.print()
        console.print(Text(f"✗ {number}. {_headline(rule, result)}", style="bold red"), width=width)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        whole: dict[str, str] = {}
        for label, text in _example_lines(result):
            if label in ("test", "reproduce"):
                whole[label] = text  # single tokens: printed whole, never cut by the terminal width
                continue
            grid.add_row(label, Text(text))
        console.print(grid, width=width)
        if "test" in whole:
            console.print(Text(f"{'test':<9} {whole['test']}"), soft_wrap=True, highlight=False)
        if tally.failed > 1:
            more = f"{tally.failed - 1} more failing test(s) of this rule: see summary.md"
            console.print(Text(f"{'':<9} {more}"), width=width)
        if "reproduce" in whole:
            # Flush left and folded by the shell's rules, never by the terminal's: it pastes as one command.
            console.print(Text("reproduce (paste as is):", style="dim"), width=width)
            for line in fold_command(whole["reproduce"], width):
                console.print(Text(line), soft_wrap=True, highlight=False)
    if not summary.results:
        return
    table = Table(title=f"Contract suite — {VERDICTS.get(summary.status, summary.status)}", width=width)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for column in ("Passed", "Failed", "Skipped"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Notes", ratio=1)
    failures = {rule: n for n, (rule, _, _) in enumerate(summary.failures(), start=1)}
    for rule, tally in summary.by("rule").items():
        style = "red" if tally.failed else ("green" if tally.passed else "yellow")
        if rule in failures:
            note = f"see ✗ {failures[rule]} above"
        elif tally.skip_reasons:
            note = tally.skip_reasons[0]
        else:
            note = ""
        table.add_row(
            rule,
            Text(tally.status, style=style),
            str(tally.passed),
            str(tally.failed),
            str(tally.skipped),
            Text(note),
        )
    console.print()
    console.print(table, width=width)


# ------------------------------------------------------------------------------------------- files


def results_document(summary: Summary) -> dict[str, Any]:
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "status": summary.status,
        "target": summary.target,
        "profile": summary.profile,
        "seed": summary.seed,
        "message": summary.message,
        "failed_rules": sorted(summary.failed_rules),
        "rules": {
            rule: {
                "status": tally.status,
                "passed": tally.passed,
                "failed": tally.failed,
                "skipped": tally.skipped,
                "not_applicable": tally.skip_reasons,
                "first_failure": tally.first_failure.example if tally.first_failure else None,
            }
            for rule, tally in summary.by("rule").items()
        },
        "cleanup_left": summary.cleanup_left,
        "timings": summary.timings,
        "results": [{k: v for k, v in asdict(r).items() if k != "details"} for r in summary.results],
    }


def junit_xml(summary: Summary) -> bytes:
    """JUnit XML from the results (never pytest's own, which dumps local variables)."""
    suite = ElementTree.Element(
        "testsuite",
        {
            "name": "kalshi-contract",
            "tests": str(len(summary.results)),
            "failures": str(sum(r.outcome == "failed" for r in summary.results)),
            "errors": str(sum(r.outcome == "error" for r in summary.results)),
            "skipped": str(sum(r.outcome == "skipped" for r in summary.results)),
            "time": f"{sum(r.duration for r in summary.results):.3f}",
        },
    )
    for result in summary.results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            {"classname": result.rule, "name": _xml(result.nodeid), "time": f"{result.duration:.3f}"},
        )
        if result.outcome in ("failed", "error"):
            tag = "failure" if result.outcome == "failed" else "error"
            node = ElementTree.SubElement(case, tag, {"message": _xml(result.message)})
            rows = _example_lines(result)
            node.text = _xml("\n".join(f"{label}: {text}" for label, text in rows) + "\n\n" + result.details)
        elif result.outcome == "skipped":
            ElementTree.SubElement(case, "skipped", {"message": _xml(result.message)})
    root = ElementTree.Element("testsuites")
    root.append(suite)
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))


def _xml(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def write_reports(
    summary: Summary,
    session: ContractSession | None,
    report_dir: Path,
    *,
    formats: Iterable[str] = (),
    log_text: str | None = None,
    redactor: Redactor | None = None,
) -> dict[str, Path]:
    """Write every report; all data passes through the run's redactor first."""
    started = time.perf_counter()
    redactor = redactor or (session.recorder.redactor if session is not None else Redactor())
    report_dir.mkdir(parents=True, exist_ok=True)
    summary.results = [_redacted_result(r, redactor) for r in summary.results]
    summary.message = redactor.text(summary.message)
    summary.target = redactor.text(summary.target)
    paths = {
        "summary": report_dir / "summary.md",
        "results": report_dir / "results.json",
        "junit": report_dir / "junit.xml",
    }
    paths["summary"].write_text(markdown(summary), encoding="utf-8")
    paths["junit"].write_bytes(junit_xml(summary))
    if log_text is not None:
        paths["log"] = report_dir / "pytest.log"
        paths["log"].write_text(redactor.text(log_text), encoding="utf-8")
    if session is not None:
        meta = {"target": summary.target, "profile": summary.profile, "seed": summary.seed}
        entries = session.recorder.entries()
        paths["cassette"] = session.recorder.write_cassette(
            report_dir / "cassette.yaml", meta=meta, entries=entries
        )
        if "har" in formats:
            from .har import write_har_from_entries

            paths["har"] = write_har_from_entries(entries, report_dir / "run.har")
    summary.timings["reports"] = round(time.perf_counter() - started, 3)
    document = redactor.data(results_document(summary))
    paths["results"].write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return paths


def _redacted_result(result: RuleResult, redactor: Redactor) -> RuleResult:
    data = redactor.data(asdict(result))
    return RuleResult(**data)
