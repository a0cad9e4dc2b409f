"""Run the contract suite programmatically: resolve the target, check its health, run the pytest suite with
the contract plugin, then write the reports. `run()` returns a `RunResult` (exit code non-zero on violations).

Exit codes: 0 no violations · 1 violations · 2 refused or could not run · 3 target unhealthy.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from rich.console import Console

from . import dryrun
from .plugin import ContractSession, RuleResult
from .report import Summary, print_summary, write_reports
from .settings import RunSettings
from .target import Target, TargetError, TargetUnhealthyError, open_target

SUITE_DIR = Path(__file__).resolve().parent / "suite"
EXIT_OK, EXIT_VIOLATIONS, EXIT_REFUSED, EXIT_UNHEALTHY = 0, 1, 2, 3


@dataclass
class RunResult:
    exit_code: int
    summary: Summary
    reports: dict[str, Path] = field(default_factory=dict)
    # A last check after writing: report name -> placeholders of secrets found in it (always empty).
    leaks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def failed_rules(self) -> set[str]:
        return self.summary.failed_rules

    @property
    def results(self) -> list[RuleResult]:
        return self.summary.results


def health_check(session: ContractSession) -> None:
    """A cheap read first: a target answering 5xx (or nothing) is reported unhealthy, not as failing rules."""
    try:
        response = session.client.get_orders(limit=1)
    except httpx.HTTPError as exc:
        raise TargetUnhealthyError(
            f"target unhealthy: GetOrders did not answer ({type(exc).__name__}: {exc})"
        ) from None
    if response.status_code >= 500:
        raise TargetUnhealthyError(
            f"target unhealthy: GetOrders?limit=1 answered {response.status_code}; try again later"
        )
    if response.status_code in (401, 403):
        raise TargetError(
            f"the target rejected the credentials ({response.status_code}): check KALSHI_API_KEY_ID and the "
            "key, "
            "and that they belong to this environment (demo and production keys differ)"
        )


def pytest_args(settings: RunSettings, report_dir: Path) -> list[str]:
    args = [
        str(SUITE_DIR),
        "-p",
        "kalshi_contract.plugin",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rN",
        f"--hypothesis-profile={settings.profile}",
        f"--rootdir={SUITE_DIR}",
        "-o",
        "junit_family=xunit2",
        # Rules raise their own messages; rewriting every plugin module's asserts costs seconds per run.
        "--assert=plain",
    ]
    if settings.seed is not None:
        args.append(f"--hypothesis-seed={settings.seed}")
    return [*args, *settings.extra_pytest_args]


def hypothesis_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kalshi-contract" / "hypothesis"


def _fresh_suite_modules() -> None:
    # Schemathesis builds its tests when the module is imported, from the run's target; a second run in the
    # same process (the suite's own tests) must import the suite afresh.
    for name in [name for name in sys.modules if name.startswith("kalshi_contract.suite")]:
        del sys.modules[name]


def _run_pytest(session: ContractSession, report_dir: Path) -> tuple[int, str]:
    """pytest's exit status and its whole terminal output (tracebacks included) for the log file."""
    _fresh_suite_modules()
    previous_profile = hypothesis_settings.get_current_profile_name()
    # Hypothesis keeps caches (its character tables: seconds to rebuild; no examples, the database is off)
    # in one per-user directory, not in the working directory and not afresh per run.
    set_hypothesis_home_dir(hypothesis_cache_dir())
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            code = int(pytest.main(pytest_args(session.settings, report_dir), plugins=[session]))
        return code, output.getvalue()
    finally:
        set_hypothesis_home_dir(None)
        hypothesis_settings.load_profile(previous_profile)
        _fresh_suite_modules()


def run(settings: RunSettings, *, target: Target | None = None, console: Console | None = None) -> RunResult:
    """Run the suite against `target` (default: from `settings`: the local sandbox unless a base URL)."""
    console = console or Console(stderr=True)
    started = time.perf_counter()
    report_dir = Path(settings.report_dir)
    if settings.dry_run:
        try:
            # The plan goes to stdout, unwrapped, so it can be piped or diffed.
            Console(soft_wrap=True).print(dryrun.plan(settings, target), markup=False, highlight=False)
        except TargetError as exc:
            return _finish(
                Summary("refused", "(not resolved)", settings.profile, settings.seed, str(exc)),
                None,
                settings,
                console,
                EXIT_REFUSED,
            )
        return RunResult(
            EXIT_OK, Summary("passed", "dry run", settings.profile, settings.seed, "dry run: nothing sent")
        )
    with contextlib.ExitStack() as stack:
        try:
            resolved = target or stack.enter_context(open_target(settings))
        except TargetError as exc:
            summary = Summary(
                "refused", settings.base_url or "local sandbox", settings.profile, settings.seed, str(exc)
            )
            return _finish(summary, None, settings, console, EXIT_REFUSED)
        session = ContractSession(settings, resolved)
        summary = Summary("passed", resolved.describe(), settings.profile, settings.seed)
        summary.timings["start"] = round(time.perf_counter() - started, 3)
        try:
            session.recorder.current_test = "health-check"
            health_check(session)
        except (TargetUnhealthyError, TargetError) as exc:
            session.close()
            unhealthy = isinstance(exc, TargetUnhealthyError)
            summary.status, summary.message = ("unhealthy" if unhealthy else "refused"), str(exc)
            return _finish(summary, session, settings, console, EXIT_UNHEALTHY if unhealthy else EXIT_REFUSED)
        report_dir.mkdir(parents=True, exist_ok=True)
        suite_started = time.perf_counter()
        log_text = ""
        try:
            code, log_text = _run_pytest(session, report_dir)
        finally:
            session.close()  # normally done at pytest_unconfigure; again here in case pytest never configured
        summary.timings["suite"] = round(time.perf_counter() - suite_started, 3)
        sweep_started = time.perf_counter()
        summary.results = list(session.results) + session.sweep_results()
        summary.timings["sweep"] = round(time.perf_counter() - sweep_started, 3)
        if settings.verbose:
            console.print(session.recorder.redactor.text(log_text), markup=False, highlight=False)
        summary.cleanup_left = dict(session.registry.failed)
        if session.registry.interrupted:
            summary.status, exit_code = "error", EXIT_REFUSED
            summary.message = "interrupted (SIGTERM); the run's open orders were cancelled"
        elif any(r.outcome in ("failed", "error") for r in summary.results):
            summary.status, exit_code = "violations", EXIT_VIOLATIONS
        elif code not in (0,):
            summary.status, exit_code = "error", EXIT_REFUSED
            summary.message = (
                f"pytest exited with status {code} (no tests ran, or the suite could not be collected)"
            )
        elif summary.cleanup_left:
            # Orders may still be resting on the target: a run that passed but left them must not look clean.
            summary.status, exit_code = "error", EXIT_REFUSED
            summary.message = (
                f"{len(summary.cleanup_left)} order(s) created by the run could not be cancelled: "
                "cancel them by hand (see the cleanup line of the report)"
            )
        else:
            exit_code = EXIT_OK
        return _finish(summary, session, settings, console, exit_code, log_text=log_text)


def _finish(
    summary: Summary,
    session: ContractSession | None,
    settings: RunSettings,
    console: Console,
    exit_code: int,
    *,
    log_text: str | None = None,
) -> RunResult:
    reports = write_reports(
        summary, session, Path(settings.report_dir), formats=settings.report_formats, log_text=log_text
    )
    print_summary(summary, console)
    console.print(f"Reports: {', '.join(str(path) for path in reports.values())}", soft_wrap=True)
    leaks: dict[str, list[str]] = {}
    if session is not None:
        for name, path in reports.items():
            found = session.recorder.redactor.leaks(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                leaks[name] = found
                console.print(f"WARNING: {path} holds a secret ({', '.join(found)}); do not share it")
    return RunResult(exit_code, summary, reports, leaks)
