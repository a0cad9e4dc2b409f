"""Rows on stdout in the format the reader can use, written as they arrive.

* ``table``: aligned columns that fit the terminal. When not every column fits, columns are kept in
  priority order and the rest are named on stderr; an identifier (order id, ticker) is never cut, other
  text is shortened with an ellipsis. Column widths come from the first batch of rows, so the first page
  prints at once and the rest stream after it.
* ``tsv``: a header of column names, then one line per row with tabs between the exact wire values: the
  default when stdout is not a terminal (``| grep``, ``| cut -f``, ``> file``).
* ``csv``: the same columns as CSV. ``json``: one JSON object per line, exactly as the API sent it (or, with
  ``--columns``, the chosen columns).

Nothing here goes through float: cells are the wire strings, or Decimals made from them.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

import orjson

from ._errors import CliError

__all__ = ["FORMATS", "Column", "Format", "RowWriter", "choose_format", "pick_columns", "terminal_width"]

Format = Literal["table", "tsv", "csv", "json"]
FORMATS: tuple[Format, ...] = ("table", "tsv", "csv", "json")
_GAP = "  "
_ELLIPSIS = "…"


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names it in ``--columns`` and in TSV/CSV headers; ``header`` is its short table
    title; ``show`` gives the table cell, ``wire`` the exact value for TSV/CSV/JSON."""

    key: str
    header: str
    show: Callable[[Any], str]
    wire: Callable[[Any], Any]
    priority: int
    right: bool = False  # right-aligned (numbers)
    ident: bool = False  # an identifier: never cut
    max_width: int = 40  # longer text (not identifiers) is cut to this with an ellipsis


def terminal_width(stream: TextIO) -> int:
    """The terminal's width (``COLUMNS`` wins, as for every Unix tool); 80 when it cannot be told."""
    try:
        if stream.isatty():
            return shutil.get_terminal_size((80, 24)).columns
    except (AttributeError, ValueError, OSError):
        pass
    try:
        return max(20, int(os.environ.get("COLUMNS", "80")))
    except ValueError:
        return 80


def choose_format(fmt: Format | None, as_json: bool, stream: TextIO) -> Format:
    """``--format`` if given (``--json`` is short for ``--format json``); else a table on a terminal and TSV
    elsewhere."""
    if as_json:
        if fmt not in (None, "json"):
            raise CliError(f"--json and --format {fmt} contradict each other: pick one.")
        return "json"
    if fmt is not None:
        return fmt
    try:
        return "table" if stream.isatty() else "tsv"
    except (AttributeError, ValueError):
        return "tsv"


def pick_columns(available: Sequence[Column], spec: str | None) -> list[Column] | None:
    """The columns named in ``--columns a,b,c`` (in that order), or None for the default choice."""
    if spec is None:
        return None
    by_key = {column.key: column for column in available}
    names = [name.strip() for name in spec.split(",") if name.strip()]
    if names == ["all"]:
        return list(available)
    unknown = [name for name in names if name not in by_key]
    if unknown or not names:
        raise CliError(
            f"--columns {spec!r}: unknown column(s) {', '.join(unknown) or '(none given)'}. "
            f"Columns: {', '.join(by_key)} (or all)."
        )
    return [by_key[name] for name in names]


def _clean(text: str) -> str:
    # A tab or newline inside a value would shift every later column of a TSV line.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _wire_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


class RowWriter:
    """Writes batches of rows (e.g. pages) to ``stream`` as they come, in one format.

    ``to_json`` gives a row's whole JSON object (used when no columns were chosen).
    """

    def __init__(
        self,
        fmt: Format,
        columns: Sequence[Column],
        *,
        chosen: Sequence[Column] | None = None,
        to_json: Callable[[Any], dict[str, Any]] | None = None,
        stream: TextIO | None = None,
        width: int | None = None,
    ) -> None:
        self.fmt = fmt
        self.stream = stream if stream is not None else sys.stdout
        self.available = list(columns)
        self.chosen = list(chosen) if chosen is not None else None
        self.to_json = to_json
        self.width = width if width is not None else terminal_width(self.stream)
        self.rows = 0
        self.hidden: list[Column] = []
        self._layout: list[tuple[Column, int]] | None = None
        self._started = False
        try:
            self._bold = fmt == "table" and self.stream.isatty() and "NO_COLOR" not in os.environ
        except (AttributeError, ValueError):
            self._bold = False

    # ------------------------------------------------------------------ public

    def write(self, rows: Iterable[Any]) -> None:
        """Write one batch and flush, so a reader sees each page as soon as it arrives."""
        batch = rows if isinstance(rows, Sequence) else list(rows)
        if self.fmt == "json":
            text = self._json(batch)
        elif self.fmt == "table":
            text = self._table(batch)
        else:
            text = self._delimited(batch)
        self.rows += len(batch)
        if text:
            self.stream.write(text)
        self.stream.flush()

    def finish(self) -> None:
        """Headers for an empty TSV/CSV result (a script still gets its column names)."""
        if not self._started and self.fmt in ("tsv", "csv"):
            self.write([])

    def hidden_note(self) -> str | None:
        """Which columns the table left out to fit, in words for stderr (None when nothing was)."""
        if not self.hidden:
            return None
        names = ", ".join(column.key for column in self.hidden)
        shown = [column.key for column, _ in self._layout or []]
        example = ",".join([*shown[:2], self.hidden[0].key])
        return (
            f"Not shown to fit {self.width} columns: {names} (a wider terminal shows them; --columns "
            f"chooses, e.g. --columns {example}; --format tsv has them all)."
        )

    # ------------------------------------------------------------------ formats

    def _columns(self) -> list[Column]:
        if self.chosen is not None:
            return self.chosen
        return [column for column in self.available if column.priority > 0]

    def _json(self, batch: Sequence[Any]) -> str:
        self._started = True
        if self.chosen is None and self.to_json is not None:
            to_json = self.to_json
            return "".join(orjson.dumps(to_json(row)).decode() + "\n" for row in batch)
        columns = self._columns()
        return "".join(
            orjson.dumps({column.key: column.wire(row) for column in columns}).decode() + "\n"
            for row in batch
        )

    def _delimited(self, batch: Sequence[Any]) -> str:
        columns = self._columns()
        lines: list[list[str]] = []
        if not self._started:
            lines.append([column.key for column in columns])
            self._started = True
        lines.extend([_wire_text(column.wire(row)) for column in columns] for row in batch)
        if self.fmt == "tsv":
            return "".join("\t".join(_clean(cell) for cell in line) + "\n" for line in lines)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(lines)
        return buf.getvalue()

    def _table(self, batch: Sequence[Any]) -> str:
        if not batch:
            return ""
        cells = [[column.show(row) for column in self._columns()] for row in batch]
        if self._layout is None:
            self._layout = self._plan(cells)
        keep = {id(column) for column, _ in self._layout}
        index = [i for i, column in enumerate(self._columns()) if id(column) in keep]
        out: list[str] = []
        if not self._started:
            header = self._line([column.header for column, _ in self._layout])
            out.append(f"\x1b[1m{header}\x1b[0m\n" if self._bold else header + "\n")
            self._started = True
        for row in cells:
            out.append(self._line([row[i] for i in index]) + "\n")
        return "".join(out)

    def _plan(self, cells: list[list[str]]) -> list[tuple[Column, int]]:
        """Each column's width from the first batch, and which columns fit (by priority)."""
        columns = self._columns()
        widths = []
        for i, column in enumerate(columns):
            natural = max([len(column.header), *(len(row[i]) for row in cells)])
            widths.append(
                natural if column.ident else min(natural, max(column.max_width, len(column.header)))
            )
        if self.chosen is not None:  # the reader's choice: all of them, however wide
            return list(zip(columns, widths, strict=True))
        kept: set[int] = set()
        used = 0
        # Strictly by priority: once a column does not fit, the less important ones stay out too (a narrow
        # minor column in place of a wider important one would only puzzle the reader).
        for i in sorted(range(len(columns)), key=lambda i: columns[i].priority):
            need = widths[i] + (len(_GAP) if kept else 0)
            if kept and used + need > self.width:
                break
            kept.add(i)
            used += need
        self.hidden = [columns[i] for i in range(len(columns)) if i not in kept]
        return [(columns[i], widths[i]) for i in range(len(columns)) if i in kept]

    def _line(self, texts: list[str]) -> str:
        assert self._layout is not None
        parts = []
        for (column, width), text in zip(self._layout, texts, strict=True):
            if len(text) > width and not column.ident:
                text = text[: max(1, width - 1)] + _ELLIPSIS
            parts.append(text.rjust(width) if column.right else text.ljust(width))
        return _GAP.join(parts).rstrip()
