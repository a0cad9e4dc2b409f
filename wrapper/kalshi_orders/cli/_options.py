"""Options several commands share: the output format and the columns to show."""

from __future__ import annotations

from typing import Annotated

import typer

from ._output import Format

__all__ = ["AsJson", "Columns", "FormatOption"]

FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        help="table (aligned, fits the terminal), tsv, csv or json (one object per line). Default: a table "
        "on a terminal, TSV when piped or redirected.",
        show_default=False,
    ),
]
Columns = Annotated[
    str | None,
    typer.Option(
        "--columns",
        help="The columns to show, separated by commas, in that order (`--columns all` for every one; an "
        "unknown name lists them).",
        show_default=False,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="JSON output; the same as --format json.")]
