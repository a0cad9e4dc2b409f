"""``orders batch place FILE`` and ``orders batch cancel`` against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kalshi_orders import KalshiClient
from kalshi_sandbox import SandboxServer

from .conftest import Invoke

T50 = "KXSANDBOX-26DEC31-T50"
DECI = "KXDECI-26DEC31-B1"


def _opts(sb: SandboxServer) -> list[str]:
    return ["--base-url", sb.base_url, "--key-id", sb.key_id, "--private-key", str(sb.private_key_path)]


def _resting(sb: SandboxServer) -> dict[str, str]:
    with KalshiClient(key_id=sb.key_id, private_key=sb.private_key_path, base_url=sb.base_url) as client:
        return {o.order_id: str(o.yes_price) for o in client.orders.list(status="resting")}


def _rows(stdout: str) -> list[dict[str, str]]:
    lines = [line.split("\t") for line in stdout.splitlines()]
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def test_place_from_json_lines(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    orders = tmp_path / "orders.jsonl"
    orders.write_text(
        json.dumps({"ticker": T50, "side": "yes", "action": "buy", "yes_price": "0.30", "count": 2})
        + "\n\n"
        # JSON numbers are read exactly: 0.565 is not a float.
        + '{"ticker": "KXDECI-26DEC31-B1", "book_side": "bid", "price": 0.565, "count": 1.5}\n'
    )
    result = invoke(*_opts(sandbox), "orders", "batch", "place", str(orders))
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert [(r["item"], r["ok"]) for r in rows] == [("1", "true"), ("3", "true")]
    assert sorted(_resting(sandbox).values()) == ["0.3000", "0.5650"]
    assert "2 order(s) placed, 0 refused." in result.stderr


def test_place_from_csv_and_stdin_in_chunks(invoke: Invoke, sandbox: SandboxServer) -> None:
    # More orders than one batch may hold on the Basic tier (20): sent in several requests.
    lines = ["ticker,book_side,price,count,post_only"] + [f"{T50},bid,0.{10 + i},1,true" for i in range(25)]
    result = invoke(*_opts(sandbox), "orders", "batch", "place", "-", "--json", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(items) == 25 and all(item["ok"] for item in items)
    assert [item["item"] for item in items] == list(range(2, 27))  # CSV line numbers
    assert len(_resting(sandbox)) == 25


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"ticker": "T", "sied": "yes"}\n', "line 1: unknown field(s) 'sied' (did you mean 'side'?)"),
        (
            f'{{"ticker": "{T50}", "book_side": "bid", "price": "0.30", "count": 1}}\n'
            f'{{"ticker": "{T50}", "book_side": "bid", "price": "0.305", "count": 1}}\n',
            "line 2: the YES price 0.305 is off the tick grid of KXSANDBOX-26DEC31-T50",
        ),
        (
            f'{{"ticker": "{T50}", "book_side": "bid", "price": "0.3", "count": 1, "time_in_force": "gtc"}}',
            "line 1: time_in_force='gtc' is not a V2 API value: use good_till_canceled",
        ),
        ("[1, 2]", "item 1 of"),
        (
            '{"ticker": "T", "book_side": "bid", "price": "0.3", "count": 1, "client_order_id": "a"}\n' * 2,
            "line 2: client_order_id 'a' is also on line 1",
        ),
        ("{not json", "is not valid JSON"),
        ("", "holds no orders"),
    ],
)
def test_one_bad_line_sends_nothing(
    invoke: Invoke, sandbox: SandboxServer, tmp_path: Path, content: str, needle: str
) -> None:
    orders = tmp_path / "orders.jsonl"
    orders.write_text(content)
    result = invoke(*_opts(sandbox), "orders", "batch", "place", str(orders))
    assert result.exit_code == 2, result.output
    assert needle in result.stderr, result.stderr
    assert _resting(sandbox) == {}


def test_refused_items_are_reported_and_exit_1(
    invoke: Invoke, sandbox: SandboxServer, tmp_path: Path
) -> None:
    orders = tmp_path / "orders.jsonl"
    with KalshiClient(
        key_id=sandbox.key_id, private_key=sandbox.private_key_path, base_url=sandbox.base_url
    ) as c:
        c.orders.create(ticker=T50, book_side="bid", price="0.20", count=1, client_order_id="used-1")
    order = {"ticker": T50, "book_side": "bid", "count": 1}
    orders.write_text(
        json.dumps({**order, "price": "0.30"})
        + "\n"
        + json.dumps({**order, "price": "0.31", "client_order_id": "used-1"})
    )
    result = invoke(*_opts(sandbox), "orders", "batch", "place", str(orders), "--format", "table")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["#", "OK", "ORDER"]
    assert "FAILED" in lines[2] and "ok" in lines[1]
    assert "1 order(s) placed, 1 refused." in result.stderr


def test_dry_run_prints_the_bodies(invoke: Invoke, tmp_path: Path) -> None:
    orders = tmp_path / "orders.json"
    orders.write_text(
        json.dumps([{"ticker": DECI, "side": "no", "action": "buy", "no_price": "0.435", "count": 3}])
    )
    result = invoke("orders", "batch", "place", str(orders), "--dry-run")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["side"], body["price"], body["count"]) == ("ask", "0.565", "3")


def test_cancel_ids_from_arguments_and_a_file(invoke: Invoke, sandbox: SandboxServer, tmp_path: Path) -> None:
    with KalshiClient(
        key_id=sandbox.key_id, private_key=sandbox.private_key_path, base_url=sandbox.base_url
    ) as c:
        ids = [c.orders.create(ticker=T50, book_side="bid", price="0.20", count=1).order_id for _ in range(3)]
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{ids[1]}\n\n{ids[2]}\n")
    result = invoke(*_opts(sandbox), "orders", "batch", "cancel", ids[0], "--file", str(listed))
    assert result.exit_code == 0, result.output
    assert [r["order_id"] for r in _rows(result.stdout)] == ids
    assert _resting(sandbox) == {}
    result = invoke(*_opts(sandbox), "orders", "batch", "cancel", ids[0])
    assert result.exit_code == 1  # already canceled: refused, and said so
    assert _rows(result.stdout)[0]["ok"] == "false"
    result = invoke(*_opts(sandbox), "orders", "batch", "cancel")
    assert result.exit_code == 2 and "name the orders to cancel" in result.stderr
