"""Resumable, streaming export of GetOrders pages to JSON lines or CSV.

The file only ever grows by whole pages: each page is encoded in memory (at most ``limit`` orders), written,
flushed and fsynced; only then does the sidecar ``FILE.cursor`` record the new committed size and where the
walk stands: the pager's resume token (what ``--resume`` continues from, the same mechanism as
``orders.list(resume=...)``) and, for people, the next page's cursor. Resuming truncates the file to the
committed size first, so a page written just before a crash (but not yet recorded) is written again exactly
once, and an interrupted write never leaves half a record behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

import orjson

from ._errors import CliError
from ._render import csv_header, csv_rows, jsonl

if TYPE_CHECKING:
    from .._models import OrderPage

__all__ = ["ExportFormat", "ExportState", "open_export", "sidecar_path", "write_pages"]

ExportFormat = Literal["jsonl", "csv"]
_STATE_VERSION = 1


def sidecar_path(out: Path) -> Path:
    return out.with_name(out.name + ".cursor")


@dataclass
class ExportState:
    """What the sidecar file holds: enough to continue exactly where the last whole page ended."""

    format: str
    filters: dict[str, Any]
    base_url: str
    next_cursor: str | None = None
    resume_token: str | None = None
    committed_bytes: int = 0
    orders_written: int = 0
    pages_written: int = 0
    version: int = field(default=_STATE_VERSION)

    def save(self, path: Path) -> None:
        # Write then rename: the sidecar is always either the old state or the new one, never half.
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            fh.write(orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, out: Path) -> ExportState:
        try:
            data = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            raise CliError(
                f"there is nothing to resume: {path} does not exist (the export to {out} either finished or "
                "never started). Run the command without --resume."
            ) from None
        except (OSError, orjson.JSONDecodeError) as exc:
            raise CliError(
                f"cannot read the resume state {path}: {exc}. Start over with --overwrite."
            ) from None
        if not isinstance(data, dict) or data.get("version") != _STATE_VERSION:
            raise CliError(
                f"{path} is not a resume state this version understands: start over with --overwrite."
            )
        try:
            return cls(**data)
        except TypeError:
            raise CliError(f"{path} is damaged: start over with --overwrite.") from None

    def resume_from(self) -> dict[str, str | None]:
        """The ``orders.list`` argument that continues this export: its resume token (an older state file
        has only the cursor)."""
        if self.resume_token is not None:
            return {"resume": self.resume_token}
        return {"cursor": self.next_cursor}

    def check_same_export(self, fmt: str, filters: Mapping[str, Any], base_url: str, out: Path) -> None:
        if self.format != fmt:
            raise CliError(
                f"{out} was being exported as {self.format}, not {fmt}: resume with --format {self.format}."
            )
        if self.base_url != base_url:
            raise CliError(
                f"{out} was being exported from {self.base_url}, not {base_url}: a cursor only works on the "
                "server that issued it. Resume with the same --env/--base-url, or start over with "
                "--overwrite."
            )
        if self.filters != dict(filters):
            raise CliError(
                f"{out} was being exported with other filters ({_show(self.filters)}); the cursor stores no "
                "filters, so resuming with different ones would mix two lists. Use the same options, or "
                "start over with --overwrite."
            )


def _show(filters: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in filters.items() if v is not None) or "none"


def open_export(
    out: Path,
    fmt: ExportFormat,
    filters: Mapping[str, Any],
    base_url: str,
    *,
    resume: bool,
    overwrite: bool,
) -> tuple[BinaryIO, ExportState]:
    """The output file positioned at its committed end, and the state to continue from."""
    sidecar = sidecar_path(out)
    if resume:
        state = ExportState.load(sidecar, out)
        state.check_same_export(fmt, filters, base_url, out)
        try:
            fh: BinaryIO = open(out, "r+b")  # noqa: SIM115 (returned to the caller, who closes it)
        except FileNotFoundError:
            raise CliError(
                f"{out} is gone but {sidecar} is still there: start over with --overwrite."
            ) from None
        size = os.fstat(fh.fileno()).st_size
        if size < state.committed_bytes:
            fh.close()
            raise CliError(
                f"{out} is shorter ({size} bytes) than the {state.committed_bytes} bytes already exported: "
                "it was changed after the interruption. Start over with --overwrite."
            )
        fh.truncate(state.committed_bytes)
        fh.seek(state.committed_bytes)
        return fh, state
    if not overwrite:
        if sidecar.exists():
            raise CliError(
                f"an interrupted export to {out} can be continued: add --resume "
                "(or --overwrite to start over)."
            )
        if out.exists():
            raise CliError(f"{out} already exists: choose another --out, or pass --overwrite to replace it.")
    fh = open(out, "wb")  # noqa: SIM115 (returned to the caller, who closes it)
    header = csv_header() if fmt == "csv" else b""
    _commit(fh, header)
    state = ExportState(format=fmt, filters=dict(filters), base_url=base_url, committed_bytes=len(header))
    # Saved before the first page, so even an interruption during page one can be resumed.
    state.save(sidecar)
    return fh, state


def _commit(fh: BinaryIO, data: bytes) -> None:
    fh.write(data)
    fh.flush()
    os.fsync(fh.fileno())


def write_pages(
    fh: BinaryIO,
    state: ExportState,
    sidecar: Path,
    pages: Iterable[OrderPage],
    on_page: Callable[[ExportState], None] = lambda _: None,
    position: Callable[[], str] | None = None,
) -> bool:
    """Append whole pages and record progress after each (``position`` gives the walk's resume token once a
    page is written); True when the walk reached the last page.

    Whatever stops it (an error, Ctrl-C), the file is cut back to the last committed page boundary.
    """
    encode = csv_rows if state.format == "csv" else jsonl
    try:
        for page in pages:
            data = encode(page)
            _commit(fh, data)
            state.committed_bytes += len(data)
            state.orders_written += len(page)
            state.pages_written += 1
            state.next_cursor = page.cursor
            state.resume_token = position() if position is not None else None
            if page.cursor is None:
                sidecar.unlink(missing_ok=True)
                on_page(state)
                return True
            state.save(sidecar)
            on_page(state)
        return False
    except BaseException:
        fh.truncate(state.committed_bytes)
        fh.flush()
        raise
