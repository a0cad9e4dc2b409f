"""RowWriter: tables that fit by priority without cutting an identifier, TSV/CSV/JSON with exact values."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from kalshi_orders.cli._errors import CliError
from kalshi_orders.cli._output import Column, RowWriter, choose_format, pick_columns

COLUMNS = (
    Column("id", "ID", lambda r: r["id"], lambda r: r["id"], 1, ident=True),
    Column("note", "NOTE", lambda r: r["note"], lambda r: r["note"], 2, max_width=10),
    Column("n", "N", lambda r: r["n"], lambda r: r["n"], 3, right=True),
    Column("tiny", "T", lambda r: "x", lambda r: "x", 4),
    Column("hidden", "H", lambda r: "h", lambda r: "h", 0),
)
ROWS = [
    {"id": "a" * 30, "note": "a long note that is cut", "n": "1"},
    {"id": "b", "note": "tab\there", "n": "22"},
]


def _write(fmt: Any, rows: list[dict[str, Any]], **kwargs: Any) -> tuple[str, RowWriter]:
    out = io.StringIO()
    writer = RowWriter(fmt, COLUMNS, stream=out, **kwargs)
    writer.write(rows)
    writer.finish()
    return out.getvalue(), writer


def test_table_keeps_columns_by_priority_and_never_cuts_an_id() -> None:
    text, writer = _write("table", ROWS, width=44)
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "NOTE"]  # N would not fit: it and everything after it stay out
    assert lines[1].startswith("a" * 30) and "a long no…" in lines[1]
    assert [c.key for c in writer.hidden] == ["n", "tiny"]
    assert "Not shown to fit 44 columns: n, tiny" in (writer.hidden_note() or "")
    later = io.StringIO()
    writer.stream = later
    writer.write([{"id": "c" * 40, "note": "x", "n": "3"}])  # wider than the first page's ids
    assert later.getvalue().startswith("c" * 40)  # printed whole, not cut


def test_wide_tables_show_all_default_columns_aligned() -> None:
    text, writer = _write("table", ROWS, width=200)
    lines = text.splitlines()
    assert lines[0].split() == ["ID", "NOTE", "N", "T"] and writer.hidden_note() is None
    assert lines[1].index("1") == lines[2].index("22") + 1  # numbers right-aligned


def test_chosen_columns_are_all_shown_in_their_order() -> None:
    chosen = pick_columns(COLUMNS, "n,hidden,id")
    text, writer = _write("table", ROWS, chosen=chosen, width=20)
    assert text.splitlines()[0].split() == ["N", "H", "ID"] and writer.hidden == []
    assert pick_columns(COLUMNS, "all") == list(COLUMNS)
    assert pick_columns(COLUMNS, None) is None
    with pytest.raises(CliError, match=r"unknown column\(s\) nope. Columns: id, note, n, tiny, hidden"):
        pick_columns(COLUMNS, "id,nope")


def test_tsv_csv_json() -> None:
    tsv, _ = _write("tsv", ROWS)
    assert tsv.splitlines() == [
        "id\tnote\tn\ttiny",
        f"{'a' * 30}\ta long note that is cut\t1\tx",
        "b\ttab here\t22\tx",
    ]
    csv_text, _ = _write("csv", ROWS)
    assert csv_text.splitlines()[2] == "b,tab\there,22,x"
    whole, _ = _write("json", ROWS, to_json=lambda r: r)
    assert [json.loads(line) for line in whole.splitlines()] == ROWS
    picked, _ = _write("json", ROWS, chosen=pick_columns(COLUMNS, "n,id"), to_json=lambda r: r)
    assert json.loads(picked.splitlines()[1]) == {"n": "22", "id": "b"}


def test_an_empty_result() -> None:
    assert _write("tsv", [])[0] == "id\tnote\tn\ttiny\n"  # a script still gets the column names
    assert _write("csv", [])[0] == "id,note,n,tiny\n"
    assert _write("table", [])[0] == "" and _write("json", [])[0] == ""


def test_format_choice() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert choose_format(None, False, Tty()) == "table"
    assert choose_format(None, False, io.StringIO()) == "tsv"
    assert choose_format("csv", False, Tty()) == "csv"
    assert choose_format(None, True, Tty()) == "json"
    with pytest.raises(CliError, match="contradict"):
        choose_format("csv", True, io.StringIO())
