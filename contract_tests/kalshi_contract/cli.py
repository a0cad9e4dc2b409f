"""`kalshi-orders contract`: run the contract suite against the local sandbox (default) or a base URL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .settings import PROFILES, REPORT_FORMATS, RULES, RunSettings

app = typer.Typer(
    help="Check that the Kalshi orders API (the local sandbox by default, or the demo) matches the spec.",
    add_completion=False,
)


@app.callback(invoke_without_command=True)
def contract(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", envvar="KALSHI_BASE_URL", help="API base URL; default: start a local sandbox."
        ),
    ] = None,
    allow_production: Annotated[
        bool, typer.Option("--allow-production", help="Permit a production host (then only reads run).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")
    ] = False,
    report_dir: Annotated[Path, typer.Option("--report-dir", help="Where the reports go.")] = Path(
        "reports/contract"
    ),
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            help=f"One of: {', '.join(PROFILES)} (default: ci on the sandbox, demo with --base-url).",
        ),
    ] = None,
    ticker: Annotated[
        str | None,
        typer.Option(
            "--ticker", envvar="KALSHI_CONTRACT_TICKER", help="Market for the suite's small resting orders."
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for schemathesis and hypothesis.")] = None,
    max_examples: Annotated[
        int | None, typer.Option("--max-examples", help="Examples per operation and mode.")
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help=f"Only these rules (repeatable): {', '.join(RULES)}.")
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also print pytest's output and tracebacks (always in pytest.log)."
        ),
    ] = False,
    report: Annotated[
        list[str] | None,
        typer.Option("--report", help=f"Extra report formats (repeatable): {', '.join(REPORT_FORMATS)}."),
    ] = None,
    operation: Annotated[
        list[str] | None,
        typer.Option("--operation", help="schemathesis fuzzes only these operationIds (repeatable)."),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            help="Judge a recorded cassette.yaml against the current spec, offline (no credentials).",
        ),
    ] = None,
) -> None:
    """Credentials for --base-url: KALSHI_API_KEY_ID plus KALSHI_PRIVATE_KEY_PATH or KALSHI_PRIVATE_KEY."""
    from .runner import run

    if base_url is None:
        # `kalshi-orders --base-url URL contract`: the root's option names the target too (never ignore it
        # and quietly test the local sandbox instead).
        root_url = getattr(ctx.find_root().obj, "base_url", None)
        base_url = root_url if isinstance(root_url, str) else None
    try:
        settings = RunSettings.from_env(
            base_url=base_url,
            allow_production=allow_production,
            dry_run=dry_run,
            report_dir=report_dir,
            profile=profile,
            ticker=ticker,
            seed=seed,
            max_examples=max_examples,
            rules=tuple(rule) if rule else None,
            verbose=verbose,
            report_formats=tuple(report) if report else None,
            operations=tuple(operation) if operation else None,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if replay is not None:
        from .replay import replay_cassette

        raise typer.Exit(replay_cassette(replay, settings).exit_code)
    raise typer.Exit(run(settings).exit_code)
