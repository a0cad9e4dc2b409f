"""``kalshi-orders orders ...`` against the real sandbox over loopback."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kalshi_orders import KalshiClient
from kalshi_orders.cli._errors import CliError
from kalshi_orders.cli._orders import _unix_seconds
from kalshi_orders.cli._state import CliState
from kalshi_sandbox import SandboxServer

from .conftest import Invoke

TICKER = "KXSANDBOX-26DEC31-T50"


def _opts(sb: SandboxServer) -> list[str]:
    return ["--base-url", sb.base_url, "--key-id", sb.key_id, "--private-key", str(sb.private_key_path)]


def _client(sb: SandboxServer) -> KalshiClient:
    return KalshiClient(
        key_id=sb.key_id,
        private_key=str(sb.private_key_path),
        base_url=sb.base_url,
        environment=None,
        rate_limit=False,
    )


def _place_resting(invoke: Invoke, sb: SandboxServer, *extra: str) -> dict[str, Any]:
    result = invoke(
        *_opts(sb), "orders", "place", "--ticker", TICKER, "--side", "yes", "--action", "buy",
        "--yes-price", "0.30", "--count", "5", "--json", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# ------------------------------------------------------------------ list / get


def test_list_json_walks_every_page(invoke: Invoke, sandbox: SandboxServer) -> None:
    total = sandbox.admin.seed_orders(250, ticker=TICKER)
    result = invoke(*_opts(sandbox), "orders", "list", "--limit", "100", "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    orders = [json.loads(line) for line in lines]
    assert len(orders) == total == 250
    assert len({o["order_id"] for o in orders}) == 250
    # Exact wire strings: money never went through float.
    assert all(isinstance(o["yes_price_dollars"], str) for o in orders)


def test_list_table_prints_decimal_money_and_filters(invoke: Invoke, sandbox: SandboxServer) -> None:
    placed = _place_resting(invoke, sandbox)
    sandbox.admin.seed_orders(30, ticker="KXSANDBOX-26DEC31-T60", statuses=["canceled"])
    result = invoke(*_opts(sandbox), "orders", "list", "--status", "resting", "--ticker", TICKER)
    assert result.exit_code == 0, result.output
    assert placed["order_id"] in result.stdout
    assert "0.3000" in result.stdout or "0.30" in result.stdout
    assert "1 order(s)." in result.stderr
    result = invoke(*_opts(sandbox), "orders", "list", "--status", "canceled", "--json")
    assert len(result.stdout.splitlines()) == 30


def test_list_max_pages_prints_the_cursor_to_continue(invoke: Invoke, sandbox: SandboxServer) -> None:
    sandbox.admin.seed_orders(25, ticker=TICKER)
    first = invoke(*_opts(sandbox), "orders", "list", "--limit", "10", "--max-pages", "1", "--json")
    assert first.exit_code == 0, first.output
    assert len(first.stdout.splitlines()) == 10
    cursor = first.stderr.split("--cursor ", 1)[1].split()[0]
    rest = invoke(*_opts(sandbox), "orders", "list", "--limit", "10", "--cursor", cursor, "--json")
    ids = {json.loads(x)["order_id"] for x in first.stdout.splitlines() + rest.stdout.splitlines()}
    assert len(ids) == 25


def test_list_rejects_millisecond_timestamps(invoke: Invoke, sandbox: SandboxServer) -> None:
    result = invoke(*_opts(sandbox), "orders", "list", "--min-ts", "1703123456789")
    assert result.exit_code == 2
    assert "milliseconds" in result.stderr


def test_get_shows_every_field(invoke: Invoke, sandbox: SandboxServer) -> None:
    placed = _place_resting(invoke, sandbox)
    result = invoke(*_opts(sandbox), "orders", "get", placed["order_id"], "--json")
    assert result.exit_code == 0, result.output
    order = json.loads(result.stdout)
    assert order["order_id"] == placed["order_id"]
    assert order["book_side"] == "bid"
    assert Decimal(order["yes_price_dollars"]) == Decimal("0.30")
    table = invoke(*_opts(sandbox), "orders", "get", placed["order_id"])
    assert "remaining_count_fp" in table.stdout
    assert placed["client_order_id"] in table.stdout


def test_get_unknown_order_is_a_sentence_with_exit_1(invoke: Invoke, sandbox: SandboxServer) -> None:
    result = invoke(*_opts(sandbox), "orders", "get", "00000000-0000-0000-0000-000000000000")
    assert result.exit_code == 1
    assert "404" in result.stderr
    assert "Hint:" in result.stderr
    assert "Traceback" not in result.output
    verbose = invoke(*_opts(sandbox), "--verbose", "orders", "get", "00000000-0000-0000-0000-000000000000")
    assert "response body:" in verbose.stderr
    assert "Traceback" in verbose.stderr


# ------------------------------------------------------------------ place / cancel


def test_place_dry_run_prints_the_v2_body_without_credentials(invoke: Invoke) -> None:
    result = invoke(
        "orders", "place", "--ticker", TICKER, "--side", "no", "--action", "buy", "--no-price", "0.44",
        "--count", "3", "--client-order-id", "abc-1", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    # Buying NO at 0.44 is selling YES at 0.56 on the V2 book.
    assert body["side"] == "ask"
    assert Decimal(body["price"]) == Decimal("0.56")
    assert body["count"] in ("3", "3.00")
    assert body["client_order_id"] == "abc-1"
    assert "nothing was sent" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["--side", "yes", "--action", "buy", "--yes-price", "0.3", "--no-price", "0.7"],
            "exactly one of --yes-price",
        ),
        (["--side", "yes", "--action", "buy"], "exactly one of --yes-price"),
        (["--side", "yes", "--yes-price", "0.3"], "--action"),
        (["--book-side", "bid"], "--book-side and --price go together"),
        (["--book-side", "bid", "--price", "0.3", "--side", "yes"], "not both"),
        (["--book-side", "bid", "--price", "1.5"], "between 0 and 1"),
        (["--book-side", "bid", "--price", "0.305", "--tick", "linear_cent"], "off the tick grid"),
        # One time-in-force policy with the library: V2 names only, an abbreviation gets the name to use.
        (["--book-side", "bid", "--price", "0.3", "--tif", "gtc"], "use good_till_canceled"),
        (["--book-side", "bid", "--price", "0.3", "--tif", "day"], "is not valid"),
        # An expiry already past is refused, not sent (the exchange would refuse it or expire it at once).
        (["--book-side", "bid", "--price", "0.3", "--expiration", "2020-01-01T00:00Z"], "days in the past"),
        (["--book-side", "bid", "--price", "0.3", "--expiration", "1600000000"], "give a future time"),
    ],
)
def test_place_rejects_bad_orders_before_sending(invoke: Invoke, args: list[str], needle: str) -> None:
    result = invoke("orders", "place", "--ticker", TICKER, "--count", "1", *args, "--dry-run")
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert result.stdout == ""


def test_place_then_cancel(invoke: Invoke, sandbox: SandboxServer) -> None:
    placed = _place_resting(invoke, sandbox, "--client-order-id", "cli-test-1")
    assert placed["client_order_id"] == "cli-test-1"
    assert Decimal(placed["remaining_count"]) == Decimal(5)
    with _client(sandbox) as client:
        assert client.orders.get(placed["order_id"]).status.value == "resting"
    result = invoke(*_opts(sandbox), "orders", "cancel", placed["order_id"])
    assert result.exit_code == 0, result.output
    assert f"Canceled {placed['order_id']}: reduced by 5" in result.stdout
    with _client(sandbox) as client:
        assert client.orders.get(placed["order_id"]).status.value == "canceled"


def test_place_reused_client_order_id_is_a_conflict(invoke: Invoke, sandbox: SandboxServer) -> None:
    _place_resting(invoke, sandbox, "--client-order-id", "dup-1")
    result = invoke(
        *_opts(sandbox), "orders", "place", "--ticker", TICKER, "--book-side", "bid", "--price", "0.30",
        "--count", "5", "--client-order-id", "dup-1",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "409" in result.stderr
    assert sandbox.admin.order_count() == 1


def test_place_on_production_asks_and_sends_nothing_when_declined(invoke: Invoke, tmp_path: Path) -> None:
    args = ["--env", "production", "orders", "place", "--ticker", TICKER, "--book-side", "bid"]
    result = invoke(*args, "--price", "0.30", "--count", "1", input="n\n")
    assert result.exit_code == 1
    assert "PRODUCTION" in result.stderr
    assert "nothing was sent" in result.stderr


def test_cancel_all_asks_first(invoke: Invoke, sandbox: SandboxServer) -> None:
    first = _place_resting(invoke, sandbox)
    second = _place_resting(invoke, sandbox)
    declined = invoke(*_opts(sandbox), "orders", "cancel-all", input="n\n")
    assert declined.exit_code == 1
    assert "nothing was sent" in declined.stderr
    with _client(sandbox) as client:
        assert client.orders.get(first["order_id"]).status.value == "resting"
    confirmed = invoke(*_opts(sandbox), "orders", "cancel-all", input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    with _client(sandbox) as client:
        for placed in (first, second):
            assert client.orders.get(placed["order_id"]).status.value == "canceled"


def test_cancel_all_with_yes(invoke: Invoke, sandbox: SandboxServer) -> None:
    placed = _place_resting(invoke, sandbox)
    result = invoke(*_opts(sandbox), "orders", "cancel-all", "--yes")
    assert result.exit_code == 0, result.output
    with _client(sandbox) as client:
        assert client.orders.get(placed["order_id"]).status.value == "canceled"


# ------------------------------------------------------------------ export


def _jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["order_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_jsonl(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.admin.seed_orders(230, ticker=TICKER)
    out = tmp_path / "orders.jsonl"
    result = invoke(*_opts(sandbox), "orders", "export", "--out", str(out), "--limit", "100")
    assert result.exit_code == 0, result.output
    ids = _jsonl_ids(out)
    assert len(ids) == len(set(ids)) == 230
    assert not (tmp_path / "orders.jsonl.cursor").exists()
    assert "Exported 230 orders" in result.stderr


def test_export_csv_keeps_wire_strings(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.admin.seed_orders(40, ticker=TICKER)
    out = tmp_path / "orders.csv"
    result = invoke(
        *_opts(sandbox), "orders", "export", "--format", "csv", "--out", str(out), "--limit", "15"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 40
    with _client(sandbox) as client:
        wire = {o.order_id: o.to_dict() for o in client.orders.list(limit=100)}
    for row in rows:
        assert row["yes_price_dollars"] == wire[row["order_id"]]["yes_price_dollars"]
        assert row["remaining_count_fp"] == wire[row["order_id"]]["remaining_count_fp"]


def test_export_refuses_to_clobber(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text("keep me\n")
    result = invoke(*_opts(sandbox), "orders", "export", "--out", str(out))
    assert result.exit_code == 2
    assert "--overwrite" in result.stderr
    assert out.read_text() == "keep me\n"
    result = invoke(*_opts(sandbox), "orders", "export", "--out", str(out), "--resume")
    assert result.exit_code == 2
    assert "nothing to resume" in result.stderr


class _InterruptingClient:
    """A real client whose page walk raises KeyboardInterrupt after ``pages`` pages (Ctrl-C mid-export)."""

    def __init__(self, pages: int, **kwargs: Any) -> None:
        self._client = KalshiClient(**kwargs)
        self._pages = pages
        outer = self

        class _Orders:
            def list(self, **filters: Any) -> Any:
                pager = outer._client.orders.list(**filters)

                class _Pager:
                    def pages(self) -> Iterator[Any]:
                        for n, page in enumerate(pager.pages()):
                            if n == outer._pages:
                                raise KeyboardInterrupt
                            yield page

                    def __getattr__(self, name: str) -> Any:
                        return getattr(pager, name)

                return _Pager()

        self.orders = _Orders()

    def __enter__(self) -> _InterruptingClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_interrupted_then_resumed_writes_every_order_once(
    invoke: Invoke, sandbox: SandboxServer, tmp_path: Path, fmt: str
) -> None:
    sandbox.admin.seed_orders(95, ticker=TICKER)
    out = tmp_path / f"orders.{fmt}"
    args = [*_opts(sandbox), "orders", "export", "--format", fmt, "--out", str(out), "--limit", "20"]
    interrupted = invoke(*args, state=CliState(client_factory=lambda **kw: _InterruptingClient(2, **kw)))
    assert interrupted.exit_code == 130, interrupted.output
    assert "--resume" in interrupted.stderr
    sidecar = json.loads((tmp_path / f"orders.{fmt}.cursor").read_text())
    assert sidecar["orders_written"] == 40
    assert sidecar["next_cursor"]
    # --resume continues from the pager's resume token, the mechanism orders.list(resume=...) uses.
    assert sidecar["resume_token"].startswith("kor1.")
    # The file ends at a record boundary: exactly two pages.
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert len(text.splitlines()) == 40 + (1 if fmt == "csv" else 0)
    different = invoke(*args, "--resume", "--status", "resting")
    assert different.exit_code == 2
    assert "other filters" in different.stderr
    resumed = invoke(*args, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "Exported 95 orders" in resumed.stderr
    if fmt == "jsonl":
        ids = _jsonl_ids(out)
    else:
        ids = [row["order_id"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))]
    assert len(ids) == len(set(ids)) == 95
    assert not (tmp_path / f"orders.{fmt}.cursor").exists()


def test_export_failure_keeps_resume_state(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.admin.seed_orders(30, ticker=TICKER)
    out = tmp_path / "o.jsonl"
    args = [*_opts(sandbox), "orders", "export", "--out", str(out), "--limit", "10"]
    sandbox.admin.set_faults(read_500_probability=1.0, seed=1)
    failed = invoke(*args)
    assert failed.exit_code == 1, failed.output
    assert "--resume" in failed.stderr
    assert (tmp_path / "o.jsonl.cursor").exists()
    sandbox.admin.clear_faults()
    resumed = invoke(*args, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert len(set(_jsonl_ids(out))) == 30


def test_ctrl_c_during_a_list_exits_130_without_a_traceback(invoke: Invoke, sandbox: SandboxServer) -> None:
    sandbox.admin.seed_orders(30, ticker=TICKER)
    state = CliState(client_factory=lambda **kw: _InterruptingClient(1, **kw))
    result = invoke(*_opts(sandbox), "orders", "list", "--limit", "10", "--json", state=state)
    assert result.exit_code == 130
    assert "Interrupted." in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 10  # the page delivered before Ctrl-C was printed whole
    cursor = result.stderr.split("--cursor ", 1)[1].split()[0]
    rest = invoke(*_opts(sandbox), "orders", "list", "--limit", "10", "--cursor", cursor, "--json")
    ids = {json.loads(x)["order_id"] for x in result.stdout.splitlines() + rest.stdout.splitlines()}
    assert len(ids) == 30


def test_export_with_bad_filters_creates_no_file(
    invoke: Invoke, sandbox: SandboxServer, tmp_path: Path
) -> None:
    out = tmp_path / "o.jsonl"
    events = ",".join(f"E{n}" for n in range(11))
    result = invoke(*_opts(sandbox), "orders", "export", "--out", str(out), "--event-ticker", events)
    assert result.exit_code == 2
    assert "at most 10" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1703123456", 1703123456), ("2023-12-21", 1703116800), ("2023-12-21T01:50:56Z", 1703123456)],
)
def test_time_options_accept_unix_seconds_and_iso(text: str, expected: int) -> None:
    assert _unix_seconds(text, "--min-ts") == expected


def test_time_options_need_a_zone_for_a_time_of_day() -> None:
    with pytest.raises(CliError, match="time zone"):
        _unix_seconds("2023-12-21T01:50:56", "--min-ts")


def _production_to_sandbox(sb: SandboxServer) -> CliState:
    """Production as far as the CLI can tell, but the client talks to the sandbox."""

    def factory(**kwargs: Any) -> KalshiClient:
        assert kwargs["environment"] == "production"
        return KalshiClient(credentials=kwargs["credentials"], base_url=sb.base_url, environment=None)

    return CliState(client_factory=factory)


@pytest.mark.parametrize(("extra", "answer"), [([], "y\n"), (["--yes"], None)])
def test_place_on_production_sends_after_confirmation(
    invoke: Invoke, sandbox: SandboxServer, extra: list[str], answer: str | None
) -> None:
    result = invoke(
        "--env", "production", "--key-id", sandbox.key_id, "--private-key", str(sandbox.private_key_path),
        "orders", "place", "--ticker", TICKER, "--side", "yes", "--action", "buy", "--yes-price", "0.30",
        "--count", "2", *extra,
        input=answer, state=_production_to_sandbox(sandbox),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ("Place it?" in result.stderr) == (answer is not None)
    assert "Order placed:" in result.stdout
    assert sandbox.admin.order_count() == 1
