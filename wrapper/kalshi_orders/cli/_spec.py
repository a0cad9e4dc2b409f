"""``kalshi-orders spec diff OLD NEW``: what changed in the orders surface, before you regenerate.
``kalshi-orders spec upstream``: what Kalshi's published spec says that the curated spec does not account
for."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..spec import DEFAULT_URL
from ..spec.diff import (
    BREAKING,
    NON_BREAKING,
    OPEN_ENUM,
    Change,
    SpecDiff,
    diff_specs,
    load_spec,
    parse_spec,
)

if TYPE_CHECKING:  # the spec tools load when a command runs, not at start-up
    from ..spec.propose import ProposeResult
    from ..spec.upstream import UpstreamReport
from ._errors import EXIT_BREAKING, EXIT_ERROR, EXIT_NEW_COMPATIBLE, EXIT_OK, CliError

__all__ = ["render_table", "render_upstream", "spec_app", "upstream_markdown"]

spec_app = typer.Typer(
    help="Work with OpenAPI spec files: compare two versions of the orders surface, watch Kalshi's spec.",
    no_args_is_help=True,
)

_STYLES = {BREAKING: "bold red", OPEN_ENUM: "yellow", NON_BREAKING: "green"}


def render_table(diff: SpecDiff, old_name: str, new_name: str, console: Console) -> None:
    counts = diff.counts()
    console.print(
        Text.assemble(
            ("Orders surface: ", "bold"),
            f"{old_name} ({diff.old_version}) → {new_name} ({diff.new_version})",
        )
    )
    if not diff.changes:
        console.print("No changes in the orders surface.", style="green")
        return
    table = Table(show_lines=False, expand=False)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Where", overflow="fold")
    table.add_column("Change", overflow="fold")
    table.add_column("Side", no_wrap=True)
    for change in diff.changes:
        what = Text(change.message)
        if change.direction != "operation":
            # Schema-level changes are reported once; say which operations reach them.
            ops = [op.split(" ", 1)[0] for op in change.operations]
            used_by = ", ".join(ops[:3]) + (f" +{len(ops) - 3} more" if len(ops) > 3 else "")
            what.append(f" (in {used_by})", style="dim")
        table.add_row(
            Text(change.severity, style=_STYLES[change.severity]),
            Text(change.location),
            what,
            change.direction,
        )
    console.print(table)
    verdict = (
        Text("Breaking changes: a client built from OLD may fail against NEW.", style="bold red")
        if diff.breaking
        else Text("No breaking changes for a client built from OLD.", style="green")
    )
    console.print(
        f"{counts[BREAKING]} breaking, {counts[OPEN_ENUM]} compatible (open enums), "
        f"{counts[NON_BREAKING]} non-breaking."
    )
    console.print(verdict)


@spec_app.command("diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The spec you built from (YAML or JSON).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The spec you are about to use.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as one JSON document.")] = False,
) -> None:
    """Compare the orders surface of two OpenAPI files: operations, parameters, request/response fields, enum
    values, required-ness, types, formats, patterns, nullability and deprecations. Each change is classified
    for a client built from OLD: breaking, compatible (open enums: new response enum values, which this
    project's open enums accept) or non-breaking. Exits 3 when anything breaking changed, 0 otherwise."""
    diff = diff_specs(load_spec(old), load_spec(new))
    if as_json:
        data = diff.to_dict()
        data["old"], data["new"] = str(old), str(new)
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")
    else:
        render_table(diff, old.name, new.name, Console(highlight=False))
    raise typer.Exit(EXIT_BREAKING if diff.breaking else EXIT_OK)


# --------------------------------------------------------------------------- spec upstream


def _curated_path(given: Path | None) -> tuple[str, dict[str, Any]]:
    """The curated spec: --spec, else the repository's (when run from a checkout), else the packaged copy."""
    if given is not None:
        return str(given), load_spec(given)
    local = Path("openapi") / "kalshi-orders.yaml"
    if local.is_file():
        return str(local), load_spec(local)
    import importlib.resources

    text = importlib.resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    return "the installed kalshi_orders_api/openapi.yaml", parse_spec(text, "kalshi_orders_api/openapi.yaml")


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "?"
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _age_note(report: "UpstreamReport") -> str | None:
    if report.age == "older":
        return (
            f"Upstream {report.upstream_version} is older than {report.reconciled_version}, the version the "
            "curated spec was last reconciled with: differences may be ones the curated spec has moved past."
        )
    if report.age == "newer":
        return (
            f"Upstream moved from {report.reconciled_version} to {report.upstream_version}. Once the new "
            "differences are handled (edit the spec, or document a deviation with `x-upstream`), set "
            f"info.x-upstream-version to {report.upstream_version}."
        )
    return None


def _ops(change: Change) -> str:
    ops = [op.split(" ", 1)[0] for op in change.operations]
    return ", ".join(ops[:3]) + (f" +{len(ops) - 3} more" if len(ops) > 3 else "")


_VERDICT_TEXT = {
    "breaking": "New breaking changes upstream: a client built from the curated spec may fail against them.",
    "compatible": "New upstream changes, none breaking for a client built from the curated spec.",
    "nothing new": "Nothing new upstream: every difference is one the curated spec documents.",
}


def render_upstream(report: "UpstreamReport", source: str, show_all: bool, console: Console) -> None:
    console.print(
        Text.assemble(
            ("Upstream: ", "bold"),
            f"{source}: version {report.upstream_version}, "
            f"{report.operations} operations in the compared surface",
        )
    )
    console.print(
        Text.assemble(
            ("Curated: ", "bold"),
            f"version {report.curated_version}, last reconciled with upstream "
            f"{report.reconciled_version or '?'}",
        )
    )
    if (note := _age_note(report)) is not None:
        console.print(note, style="yellow")
    if report.new:
        table = Table(title="New upstream (not accounted for by the curated spec)", title_justify="left")
        table.add_column("Severity", no_wrap=True)
        table.add_column("Where", overflow="fold")
        table.add_column("Change", overflow="fold")
        for change in report.new:
            what = Text(change.message)
            if change.direction != "operation":
                what.append(f" (in {_ops(change)})", style="dim")
            table.add_row(Text(change.severity, style=_STYLES[change.severity]), change.location, what)
        console.print(table)
    if show_all and report.accounted:
        table = Table(title="Accounted for (documented deviations)", title_justify="left")
        table.add_column("Where", overflow="fold")
        table.add_column("Upstream says", overflow="fold")
        table.add_column("Why the curated spec differs", overflow="fold")
        for item in report.accounted:
            table.add_row(item.change.location, item.change.message, Text(f"{item.why} [{item.by}]"))
        console.print(table)
    for stale in report.stale:
        console.print(
            f"Stale marker at {stale.pointer}: x-upstream {stale.key} {stale.value!r} matched nothing "
            "upstream (upstream may now agree with the curated spec there; remove it if so).",
            style="yellow",
        )
    counts = {BREAKING: 0, OPEN_ENUM: 0, NON_BREAKING: 0}
    for change in report.new:
        counts[change.severity] += 1
    console.print(
        f"{len(report.new)} new ({counts[BREAKING]} breaking, {counts[OPEN_ENUM]} compatible (open enums), "
        f"{counts[NON_BREAKING]} non-breaking); {len(report.accounted)} accounted for"
        + ("" if show_all else " (--all lists them)")
        + f"; {len(report.stale)} stale marker(s)."
    )
    style = {"breaking": "bold red", "compatible": "yellow", "nothing new": "green"}[report.verdict]
    console.print(_VERDICT_TEXT[report.verdict], style=style)


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def upstream_markdown(report: "UpstreamReport", source: str) -> str:
    """The report as GitHub-flavoured Markdown (the scheduled workflow's job summary)."""
    icon = {"breaking": "🔴", "compatible": "🟡", "nothing new": "🟢"}[report.verdict]
    lines = [
        f"## {icon} Kalshi spec drift: {report.verdict}",
        "",
        f"Upstream `{report.upstream_version}` from {source} ({report.operations} operations compared) · "
        f"curated `{report.curated_version}`, last reconciled with `{report.reconciled_version or '?'}`.",
        "",
        _VERDICT_TEXT[report.verdict],
    ]
    if (note := _age_note(report)) is not None:
        lines += ["", f"> {note}"]
    if report.new:
        lines += ["", "| severity | where | change | operations |", "|---|---|---|---|"]
        lines += [
            f"| {c.severity} | `{_md(c.location)}` | {_md(c.message)} | {_md(_ops(c))} |" for c in report.new
        ]
        lines += [
            "",
            "Next: `kalshi-orders spec upstream --save upstream.yaml` keeps upstream's orders surface for "
            "review; edit `openapi/kalshi-orders.yaml` (or record a deliberate deviation with an "
            "`x-upstream` marker), then `scripts/regenerate` and `kalshi-orders contract`.",
        ]
    if report.stale:
        lines += ["", "Stale deviation markers (upstream may now agree):", ""]
        lines += [f"- `{_md(s.pointer)}`: `{s.key}` = `{_md(s.value)}`" for s in report.stale]
    if report.accounted:
        lines += [
            "",
            f"<details><summary>{len(report.accounted)} differences the curated spec accounts for</summary>",
            "",
            "| where | upstream says | why |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{_md(a.change.location)}` | {_md(a.change.message)} | {_md(a.why)} |"
            for a in report.accounted
        ]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


@spec_app.command("upstream")
def upstream_command(
    url: Annotated[
        str | None,
        typer.Option("--url", help=f"Where Kalshi publishes its OpenAPI document. [default: {DEFAULT_URL}]"),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Compare a local copy of the document instead of fetching it.", dir_okay=False
        ),
    ] = None,
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="The curated spec. [default: openapi/kalshi-orders.yaml when run in a checkout, else the "
            "installed copy]",
            dir_okay=False,
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Where fetched copies and their ETag / Last-Modified are kept. [default: the user cache "
            "directory + kalshi-orders, or KALSHI_ORDERS_CACHE_DIR]",
            file_okay=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither send nor store a cached copy.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for the document.", min=0.1)
    ] = 30.0,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", help="Also write upstream's orders surface (the compared part) to this YAML file."
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list every difference the curated spec accounts for, and why.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON document.")] = False,
    as_markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the report as Markdown (for a CI job summary).")
    ] = False,
) -> None:
    """Fetch Kalshi's published OpenAPI document and compare its orders surface (every operation the curated
    spec covers, plus new ones under /portfolio/orders and /portfolio/events/orders) with the curated spec.
    Differences the curated spec documents (legacy fields marked x-kalshi-removed, x-retired-operations,
    x-upstream deviation markers) are accounted for; the rest is new. Exits 0 when nothing is new, 3 when
    something new is breaking for this client, 5 when what is new is compatible, 1 when the document cannot be
    fetched."""
    from ..spec.fetch import FetchError, fetch_document
    from ..spec.upstream import compare_upstream, extract_surface, upstream_scope

    if url is not None and file is not None:
        raise CliError("--url and --file are alternatives: give one of them.")
    if as_json and as_markdown:
        raise CliError("--json and --markdown are alternatives: give one of them.")
    curated_name, curated = _curated_path(spec)
    previous: dict[str, Any] | None = None
    err = Console(stderr=True, highlight=False)
    if file is not None:
        document = load_spec(file)
        source = str(file)
        fetched_note = "a local copy"
    else:
        target = url or DEFAULT_URL
        from .._version import __version__

        try:
            fetched = fetch_document(
                target,
                cache_dir=cache_dir,
                use_cache=not no_cache,
                timeout=timeout,
                user_agent=f"kalshi-orders/{__version__} (spec upstream)",
            )
        except FetchError as exc:
            raise CliError(
                f"{exc}. Check the URL and the network, or compare a saved copy with --file PATH.", EXIT_ERROR
            ) from None
        document, source, previous = fetched.document, target, fetched.previous
        fetched_note = (
            f"not modified since {_when(fetched.fetched_at)} (cached copy)"
            if fetched.status == "not modified"
            else f"fetched {_when(fetched.fetched_at)}"
        )
        if fetched.note:
            err.print(f"Note: {fetched.note}.", style="yellow")
    report = compare_upstream(curated, document)
    scope = upstream_scope(curated)
    if save is not None:
        import yaml

        surface = extract_surface(document, scope)
        save.write_text(yaml.safe_dump(surface, sort_keys=False, allow_unicode=True), encoding="utf-8")
    if as_json:
        data = report.to_dict()
        data.update(source=source, curated=curated_name, fetch=fetched_note)
        if previous is not None:
            data["since_last_fetch"] = diff_specs(previous, document, scope).to_dict()
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")
    elif as_markdown:
        sys.stdout.write(upstream_markdown(report, f"{source} ({fetched_note})"))
    else:
        console = Console(highlight=False)
        render_upstream(report, f"{source} ({fetched_note})", show_all, console)
        if previous is not None:
            since = diff_specs(previous, document, scope)
            console.print(
                f"Upstream changed since the previous fetch ({since.old_version} → {since.new_version}): "
                f"{len(since.changes)} change(s) in the compared surface (`--json` lists them).",
                style="yellow",
            )
    if save is not None:
        err.print(f"Upstream's orders surface written to {save}.")
    exit_code = {"breaking": EXIT_BREAKING, "compatible": EXIT_NEW_COMPATIBLE, "nothing new": EXIT_OK}
    raise typer.Exit(exit_code[report.verdict])


# --------------------------------------------------------------------------- spec propose


def render_proposals(result: "ProposeResult", console: Console) -> None:
    retired = f" ({result.retired} from the retired V1 writes, not judged here)" if result.retired else ""
    console.print(
        f"Read {result.responses} response(s){retired}; {result.checked} checked against the spec's response "
        "schemas.",
        highlight=False,
    )
    if result.unmatched:
        listed = ", ".join(f"{k} ×{n}" for k, n in result.unmatched.most_common(5))
        console.print(f"No operation of the spec matches {sum(result.unmatched.values())} of them: {listed}.")
    if result.proposals:
        table = Table(title="Proposed spec changes (evidence in x-observed)", title_justify="left")
        table.add_column("Change", no_wrap=True)
        table.add_column("Where", overflow="fold")
        table.add_column("Evidence", overflow="fold")
        for p in result.proposals:
            table.add_row(p.kind, p.where, p.summary)
        console.print(table)
    if result.decisions:
        table = Table(title="Needs a human decision (not in the patch)", title_justify="left")
        table.add_column("What", no_wrap=True)
        table.add_column("Where", overflow="fold")
        table.add_column("Why", overflow="fold")
        for d in result.decisions:
            why = d.summary + (f" (samples: {', '.join(repr(s) for s in d.samples)})" if d.samples else "")
            table.add_row(d.kind, d.where, why)
        console.print(table)
    if not result.proposals and not result.decisions:
        console.print("The spec explains every recorded response: nothing to propose.", style="green")


@spec_app.command("propose")
def propose_command(
    source: Annotated[
        Path,
        typer.Option(
            "--from",
            help="What the API sent: a contract report directory (reports/contract/), its cassette.yaml, a "
            "HAR file, or a client.drift() report (JSON).",
            show_default=False,
        ),
    ],
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="The spec to change. [default: openapi/kalshi-orders.yaml when run in a checkout]",
            dir_okay=False,
        ),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Apply the patch to the spec file.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print proposals, decisions and the patch as JSON.")
    ] = False,
) -> None:
    """Read what the API actually sent and propose the spec change that explains it: new enum values, new
    response fields (type, format, pattern, nullability from every sample), required fields found missing,
    nulls, values outside a pattern, undocumented error statuses and codes. Prints a unified diff of the spec
    (the summary goes to stderr); --write applies it, keeping comments, key order and everything else byte for
    byte. Response evidence never widens a request schema; what needs a human is listed, not guessed. Exits 0
    when the spec explains everything (or --write applied it all), 3 when a change or a decision remains."""
    import difflib

    from ..spec.evidence import EvidenceError, read_evidence
    from ..spec.propose import propose
    from ..spec.yamledit import EditError, apply_edits

    spec_name, document = _curated_path(spec)
    spec_path = Path(spec_name) if spec is not None or spec_name == "openapi/kalshi-orders.yaml" else None
    if write and spec_path is None:
        raise CliError("--write needs the spec file: run it in a checkout of the spec, or pass --spec PATH.")
    try:
        evidence = read_evidence(source, document)
    except EvidenceError as exc:
        raise CliError(f"Cannot read the evidence: {exc}.") from None
    result = propose(document, evidence, str(source))
    patch = ""
    if result.edits and spec_path is not None:
        original = spec_path.read_text(encoding="utf-8")
        try:
            edited = apply_edits(original, result.edits)
        except EditError as exc:
            raise CliError(f"The proposal does not apply to {spec_path}: {exc}.", EXIT_ERROR) from None
        patch = "".join(
            difflib.unified_diff(
                original.splitlines(keepends=True),
                edited.splitlines(keepends=True),
                f"a/{spec_path.as_posix()}",
                f"b/{spec_path.as_posix()}",
            )
        )
        if write:
            spec_path.write_text(edited, encoding="utf-8")
    err = Console(stderr=True, highlight=False)
    if as_json:
        data = result.to_dict()
        data.update(spec=spec_name, sources=evidence.sources, patch=patch, written=bool(write and patch))
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")
    else:
        render_proposals(result, err)
        if write and patch:
            err.print(
                f"Wrote {len(result.proposals)} change(s) to {spec_path}. Next: scripts/regenerate, then "
                "kalshi-orders contract --replay CASSETTE to re-judge the recording against the new spec."
            )
        elif patch:
            sys.stdout.write(patch)
    remaining = bool(result.decisions) or (bool(result.proposals) and not write)
    raise typer.Exit(EXIT_BREAKING if remaining else EXIT_OK)
