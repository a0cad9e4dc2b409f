"""``kalshi-orders spec diff OLD NEW``: what changed in the orders surface, before you regenerate."""

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..spec.diff import BREAKING, NON_BREAKING, OPEN_ENUM, SpecDiff, diff_specs, load_spec
from ._errors import EXIT_BREAKING, EXIT_OK

__all__ = ["render_table", "spec_app"]

spec_app = typer.Typer(
    help="Work with OpenAPI spec files (compare two versions of the orders surface).",
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
