"""The export file/state logic on its own: whole pages only, exactly once, whatever stops the walk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kalshi_orders import Order, OrderPage
from kalshi_orders.cli._errors import CliError
from kalshi_orders.cli._export import ExportState, open_export, sidecar_path, write_pages
from kalshi_orders_api.models.order import Order as RawOrder

FILTERS: dict[str, Any] = {"ticker": "T", "limit": 2, "status": None}
URL = "http://127.0.0.1:1/trade-api/v2"


def _order(n: int) -> Order:
    return Order(
        RawOrder.from_dict(
            {
                "order_id": f"o{n}",
                "user_id": "u",
                "client_order_id": f"c{n}",
                "ticker": "T",
                "outcome_side": "yes",
                "book_side": "bid",
                "type": "limit",
                "status": "resting",
                "yes_price_dollars": "0.5600",
                "no_price_dollars": "0.4400",
                "fill_count_fp": "0.00",
                "remaining_count_fp": "1.00",
                "initial_count_fp": "1.00",
                "taker_fill_cost_dollars": "0.0000",
                "maker_fill_cost_dollars": "0.0000",
                "taker_fees_dollars": "0.0000",
                "maker_fees_dollars": "0.0000",
                "last_update_reason": None,
                "brand_new_field": {"x": 1},
            }
        )
    )


def _pages(start_cursor: str | None, total_pages: int = 3) -> Iterator[OrderPage]:
    first = 0 if start_cursor is None else int(start_cursor)
    for p in range(first, total_pages):
        cursor = str(p + 1) if p + 1 < total_pages else None
        yield OrderPage([_order(2 * p), _order(2 * p + 1)], cursor)


def _ids(out: Path) -> list[str]:
    return [json.loads(line)["order_id"] for line in out.read_text().splitlines()]


def test_a_crash_between_writing_a_page_and_recording_it_does_not_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "o.jsonl"
    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=False)
    real_save = ExportState.save
    calls = {"n": 0}

    def crash_on_second_page(self: ExportState, path: Path) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # page 2 is on disk, its state is not
            raise KeyboardInterrupt
        real_save(self, path)

    monkeypatch.setattr(ExportState, "save", crash_on_second_page)
    with fh, pytest.raises(KeyboardInterrupt):
        write_pages(fh, state, sidecar_path(out), _pages(None))
    monkeypatch.setattr(ExportState, "save", real_save)
    recorded = ExportState.load(sidecar_path(out), out)
    assert recorded.orders_written == 2
    assert recorded.next_cursor == "1"

    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=True, overwrite=False)
    with fh:
        assert write_pages(fh, state, sidecar_path(out), _pages(state.next_cursor))
    assert _ids(out) == [f"o{n}" for n in range(6)]
    assert not sidecar_path(out).exists()


def test_an_interrupted_write_is_cut_back_to_the_page_boundary(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=False)

    class HalfWriter:
        """Writes half of page 2, then the signal arrives."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner
            self.pages = 0

        def write(self, data: bytes) -> int:
            self.pages += 1
            if self.pages == 2:
                self.inner.write(data[: len(data) // 2])
                self.inner.flush()
                raise KeyboardInterrupt
            return int(self.inner.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    with fh, pytest.raises(KeyboardInterrupt):
        write_pages(HalfWriter(fh), state, sidecar_path(out), _pages(None))  # type: ignore[arg-type]
    text = out.read_text()
    assert text.endswith("\n")
    assert _ids(out) == ["o0", "o1"]


def test_csv_header_once_and_extra_column(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    fh, state = open_export(out, "csv", FILTERS, URL, resume=False, overwrite=False)
    with fh:
        write_pages(fh, state, sidecar_path(out), _pages(None, total_pages=2))
    lines = out.read_text().splitlines()
    assert lines[0].startswith("order_id,client_order_id")
    assert len(lines) == 5
    assert sum(line.startswith("order_id,") for line in lines) == 1
    assert '"{""brand_new_field"":{""x"":1}}"' in lines[1]
    assert ",0.5600,0.4400," in lines[1]


def test_resume_checks_format_url_and_size(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=False)
    with fh, pytest.raises(RuntimeError):
        write_pages(fh, state, sidecar_path(out), _boom_after_one())
    with pytest.raises(CliError, match="--format jsonl"):
        open_export(out, "csv", FILTERS, URL, resume=True, overwrite=False)
    with pytest.raises(CliError, match="server that issued it"):
        open_export(out, "jsonl", FILTERS, "http://elsewhere/trade-api/v2", resume=True, overwrite=False)
    out.write_text("")  # the file was emptied behind our back
    with pytest.raises(CliError, match="shorter"):
        open_export(out, "jsonl", FILTERS, URL, resume=True, overwrite=False)
    with pytest.raises(CliError, match="--resume"):
        open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=False)
    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=True)
    fh.close()
    assert state.orders_written == 0


def _boom_after_one() -> Iterator[OrderPage]:
    yield from list(_pages(None))[:1]
    raise RuntimeError("server went away")


def test_damaged_state_file(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text("")
    sidecar_path(out).write_text("{not json")
    with pytest.raises(CliError, match="--overwrite"):
        open_export(out, "jsonl", FILTERS, URL, resume=True, overwrite=False)


def test_the_state_records_the_walks_resume_token_and_resumes_from_it(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    fh, state = open_export(out, "jsonl", FILTERS, URL, resume=False, overwrite=False)
    tokens = iter(["kor1.after-page-1", "kor1.after-page-2"])
    pages = _pages(None)
    with fh, pytest.raises(KeyboardInterrupt):
        write_pages(fh, state, sidecar_path(out), _interrupt_after(pages, 2), position=lambda: next(tokens))
    recorded = ExportState.load(sidecar_path(out), out)
    assert recorded.resume_token == "kor1.after-page-2" and recorded.next_cursor == "2"
    assert recorded.resume_from() == {"resume": "kor1.after-page-2"}
    # A state file written before resume tokens existed still resumes, from its cursor.
    assert ExportState(format="jsonl", filters={}, base_url=URL, next_cursor="2").resume_from() == {
        "cursor": "2"
    }


def _interrupt_after(pages: Iterator[OrderPage], count: int) -> Iterator[OrderPage]:
    for index, page in enumerate(pages):
        if index == count:
            raise KeyboardInterrupt
        yield page
