"""`kalshi-orders contract --replay cassette.yaml`: judge every recorded exchange against the current spec,
offline and without credentials, so a user who edited the spec after a red run sees whether it now explains
what the API did. Every check that reads exchanges runs (judge.CHECKS), and the page order along each
recorded cursor walk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from . import examples, judge
from .plugin import RuleResult
from .recorder import CASSETTE_FORMAT, Interaction
from .report import Summary, print_summary, write_reports
from .settings import RunSettings
from .violations import Finding, Violation

EXIT_OK, EXIT_VIOLATIONS, EXIT_REFUSED = 0, 1, 2


class CassetteError(ValueError):
    """The file is not a cassette this suite wrote."""


def load_cassette(path: Path) -> tuple[dict[str, Any], list[Interaction]]:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when available
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise CassetteError(f"cannot read {path}: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("http_interactions"), list):
        raise CassetteError(f"{path} is not a cassette (no http_interactions list)")
    if document.get("format", CASSETTE_FORMAT) != CASSETTE_FORMAT:
        raise CassetteError(f"{path} has format {document.get('format')!r}, not {CASSETTE_FORMAT!r}")
    base = str(document.get("base_url") or "")
    from urllib.parse import urlsplit

    prefix = urlsplit(base).path.rstrip("/")
    out = []
    for index, entry in enumerate(document["http_interactions"]):
        request, response = entry.get("request") or {}, entry.get("response") or {}
        out.append(
            Interaction(
                id=int(entry.get("id", index)),
                test=str(entry.get("test") or ""),
                operation=str(entry.get("operation") or ""),
                method=str(request.get("method") or "GET"),
                url=str(request.get("uri") or ""),
                path=str(request.get("path") or ""),
                path_prefix=prefix,
                request_headers=dict(request.get("headers") or {}),
                request_body=request.get("body"),
                status=response.get("status") if response else None,
                response_headers=dict(response.get("headers") or {}),
                response_body=response.get("body"),
                error=entry.get("error"),
                recorded_at=float(entry.get("recorded_at") or 0.0),
                note=str(entry.get("note") or ""),
            )
        )
    return document, out


def _operation(item: Interaction) -> None:
    """Re-derive the operation from the current spec (it may have gained or renamed operations)."""
    from . import spec

    found = spec.operation_for_path(item.method, item.path)
    if found is not None:
        item.operation = found.operation_id


def judge_cassette(items: list[Interaction]) -> list[RuleResult]:
    results: list[RuleResult] = []
    for item in items:
        _operation(item)
        for check, findings in judge.judge(item.exchange()).items():
            nodeid = f"exchange #{item.id} {item.describe_request()} ({item.test or 'no test'})"
            if findings:
                example = examples.from_violation(Violation(findings[0], exchange=item, others=findings[1:]))
                results.append(
                    RuleResult(
                        nodeid,
                        check,
                        item.operation,
                        "failed",
                        _line(findings[0]),
                        example.reproduce,
                        example=example.to_dict(),
                    )
                )
            else:
                results.append(RuleResult(nodeid, check, item.operation, "passed"))
    results += _walk_ordering(items)
    return results


def _line(finding: Finding) -> str:
    return finding.line()


def _walk_ordering(items: list[Interaction]) -> list[RuleResult]:
    """Page order across page boundaries: a GetOrders page sent with the previous page's cursor continues
    that walk."""
    out = []
    last_by_cursor: dict[str, tuple[Interaction, dict[str, Any]]] = {}
    for item in items:
        ex = item.exchange()
        if item.operation != "GetOrders" or item.status != 200 or not isinstance(ex.body, dict):
            continue
        orders = list(judge.orders_in(ex))
        cursor = ex.query.get("cursor")
        previous = last_by_cursor.pop(cursor, None) if cursor else None
        if previous is not None and orders:
            tail = (f"previous page {previous[0].id}", previous[1])
            findings = judge.ordering_findings([tail, orders[0]])
            nodeid = f"exchange #{item.id} page after #{previous[0].id} ({item.test or 'no test'})"
            if findings:
                example = examples.from_violation(Violation(findings[0], exchange=item))
                out.append(
                    RuleResult(
                        nodeid,
                        "ordering",
                        "GetOrders",
                        "failed",
                        _line(findings[0]),
                        example.reproduce,
                        example=example.to_dict(),
                    )
                )
            else:
                out.append(RuleResult(nodeid, "ordering", "GetOrders", "passed"))
        next_cursor = ex.body.get("cursor")
        if next_cursor and orders:
            last_by_cursor[str(next_cursor)] = (item, orders[-1][1])
    return out


def replay_cassette(path: Path, settings: RunSettings, console: Console | None = None) -> Any:
    from .runner import RunResult

    console = console or Console(stderr=True)
    report_dir = Path(settings.report_dir)
    if report_dir.resolve() == path.resolve().parent:
        report_dir = report_dir / "replay"  # never overwrite the recorded run's own reports
    try:
        document, items = load_cassette(path)
    except CassetteError as exc:
        summary = Summary("refused", str(path), "replay", None, str(exc))
        print_summary(summary, console)
        return RunResult(EXIT_REFUSED, summary)
    target = f"replay of {path} ({len(items)} exchanges, recorded against {document.get('base_url') or '?'})"
    summary = Summary("passed", target, "replay", document.get("seed"))
    summary.results = judge_cassette(items)
    exit_code = EXIT_OK
    if summary.failed_rules:
        summary.status, exit_code = "violations", EXIT_VIOLATIONS
    elif not summary.results:
        summary.status, exit_code = "error", EXIT_REFUSED
        summary.message = "the cassette holds no exchange any check applies to"
    reports = write_reports(summary, None, report_dir)
    print_summary(summary, console)
    console.print(f"Reports: {', '.join(str(p) for p in reports.values())}", soft_wrap=True)
    return RunResult(exit_code, summary, reports)
