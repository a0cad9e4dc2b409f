"""Credentials never reach a report (redacted in the structured data, not by patterns over text); every
report file is valid; reproduce commands carry shell-variable placeholders and send exactly the request."""

from __future__ import annotations

import itertools
import json
import shlex
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import httpx
import yaml
from typer.testing import CliRunner

from kalshi_contract.plugin import RuleResult
from kalshi_contract.recorder import Recorder
from kalshi_contract.redaction import Redactor
from kalshi_contract.report import Summary, junit_xml, markdown, write_reports
from kalshi_contract.target import Target
from kalshi_orders.cli import app
from kalshi_sandbox import SandboxServer

SIGNATURE = 'c2VjcmV0LXNpZ25hdHVyZS1ieXRlcw+/=="\\'  # quotes and backslashes: escaping must survive
KEY_ID = "key-abc-123456"


def _recorder() -> Recorder:
    recorder = Recorder(base_url="http://127.0.0.1:1/trade-api/v2")
    recorder.redactor.add_key_id(KEY_ID)
    recorder.current_test = "t::x"
    recorder.add(
        method="post",
        url="http://127.0.0.1:1/trade-api/v2/portfolio/events/orders",
        request_headers={
            "KALSHI-ACCESS-KEY": KEY_ID,
            "KALSHI-ACCESS-SIGNATURE": SIGNATURE,
            "KALSHI-ACCESS-TIMESTAMP": "1700000000000",
            "content-type": "application/json",
        },
        request_body=b'{"price":"0.02","note":"it\'s \\"quoted\\""}',
        status=400,
        response_headers={"content-type": "application/json"},
        response_body=json.dumps({"error": {"code": "invalid_order", "message": f"{KEY_ID} {SIGNATURE}"}}),
    )
    return recorder


def test_redactor_replaces_known_values_in_nested_data() -> None:
    redactor = Redactor()
    redactor.add_key_id(KEY_ID)
    headers = redactor.headers({"KALSHI-ACCESS-SIGNATURE": SIGNATURE, "Accept": "x"})
    assert headers == {"KALSHI-ACCESS-SIGNATURE": "$KALSHI_ACCESS_SIGNATURE", "Accept": "x"}
    data = redactor.data({"a": [f"see {KEY_ID}", {f"k{SIGNATURE}": 3}], "n": 1})
    text = json.dumps(data)
    assert KEY_ID not in text and "c2VjcmV0" not in text
    assert data["a"][0] == "see $KALSHI_API_KEY_ID" and data["n"] == 1
    assert redactor.leaks(f"x {KEY_ID}") == ["$KALSHI_API_KEY_ID"]


def test_cassette_is_valid_yaml_and_secret_free(tmp_path: Path) -> None:
    recorder = _recorder()
    text = recorder.write_cassette(tmp_path / "cassette.yaml").read_text()
    assert KEY_ID not in text and "c2VjcmV0" not in text
    document = yaml.safe_load(text)
    entry = document["http_interactions"][0]
    assert document["format"] == "kalshi-contract-cassette" and document["version"] == 1
    assert entry["operation"] == "CreateOrderV2"  # derived from the method and path
    assert entry["request"]["headers"]["KALSHI-ACCESS-KEY"] == "$KALSHI_API_KEY_ID"
    assert entry["request"]["body"] == '{"price":"0.02","note":"it\'s \\"quoted\\""}'  # escaping intact
    assert entry["response"]["status"] == 400
    assert entry["verdicts"]["errors"] == []  # the nested envelope with a code


def test_reproduce_command_sends_exactly_the_recorded_request(
    sandbox_run: SandboxServer, target: Target
) -> None:
    """The sign line (run through the real CLI) plus the curl line, expanded and split as a shell would."""
    recorder = Recorder(base_url=target.base_url)
    recorder.redactor.add_key_id(target.key_id)
    url = f"{target.base_url}/portfolio/orders?limit=2&status=resting"
    headers = target.signer.headers("GET", target.path_prefix + "/portfolio/orders")
    item = recorder.add(method="GET", url=url, request_headers=headers, request_body=None, status=200)
    sign_line, curl_line = item.reproduce().splitlines()
    assert target.key_id not in item.reproduce()
    assert sign_line.startswith('eval "$(kalshi-orders sign ') and sign_line.endswith(')"')
    words = shlex.split(sign_line[len('eval "$(') : -2])
    assert words == ["kalshi-orders", "sign", "GET", "/trade-api/v2/portfolio/orders"]
    env = {"KALSHI_API_KEY_ID": target.key_id, "KALSHI_PRIVATE_KEY_PATH": str(sandbox_run.private_key_path)}
    result = CliRunner().invoke(app, words[1:], env=env)
    assert result.exit_code == 0, result.output
    variables = {}
    for line in result.output.splitlines():
        name, value = line.removeprefix("export ").split("=", 1)
        variables[name] = shlex.split(value)[0]
    assert set(variables) == {"KALSHI_ACCESS_TIMESTAMP", "KALSHI_ACCESS_SIGNATURE", "KALSHI_API_KEY_ID"}
    expanded = curl_line
    for name, value in variables.items():
        expanded = expanded.replace(f"${name}", value)
    args = shlex.split(expanded)
    assert args[:6] == ["curl", "-sS", "-i", "-X", "GET", url]
    sent = dict(arg.split(": ", 1) for flag, arg in itertools.pairwise(args) if flag == "-H")
    response = httpx.get(url, headers=sent)
    assert response.status_code == 200, response.text


def test_reports_are_valid_and_secret_free_when_red(tmp_path: Path) -> None:
    recorder = _recorder()
    details = f"target = Target(key_id='{KEY_ID}')\nheaders={{'KALSHI-ACCESS-SIGNATURE': '{SIGNATURE}'}}\x1b"
    example = {
        "rule_in_words": "a create at price '0' must answer 400",
        "operation": "CreateOrderV2",
        "request": "POST /portfolio/events/orders",
        "request_body": '{"price":"0"}',
        "status": 201,
        "field": "status",
        "value": 201,
        "expected": "400",
        "response_part": f'{{"order_id":"o-1","client_order_id":"{KEY_ID}"}}',
        "reproduce": recorder.interactions[0].reproduce(),
        "more": 0,
    }
    results = [
        RuleResult("a::ok", "enums", "GetOrders", "passed"),
        RuleResult(
            "a::bad1",
            "prices",
            "CreateOrderV2",
            "failed",
            f"price 0 accepted {KEY_ID}",
            "",
            0.1,
            example,
            details,
        ),
        RuleResult("a::bad2", "prices", "CreateOrderV2", "failed", "price 1 accepted"),
        RuleResult("a::skip", "conflicts", "CancelOrderV2", "skipped", "not applicable on this target: x"),
    ]
    summary = Summary("violations", f"sandbox {KEY_ID}", "ci", 1, results=results)
    session = type("S", (), {"recorder": recorder})()
    paths = write_reports(summary, session, tmp_path, formats=("har",), log_text=f"E  {details}")  # type: ignore[arg-type]
    for name, path in paths.items():
        text = path.read_text(encoding="utf-8")
        assert KEY_ID not in text and "c2VjcmV0" not in text, name
        assert "PRIVATE KEY" not in text
    results_doc = json.loads(paths["results"].read_text())
    assert results_doc["failed_rules"] == ["prices"]
    first = results_doc["rules"]["prices"]["first_failure"]
    assert first["field"] == "status" and first["expected"] == "400" and "curl" in first["reproduce"]
    assert results_doc["rules"]["conflicts"]["not_applicable"] == ["not applicable on this target: x"]
    root = ElementTree.fromstring(paths["junit"].read_bytes())  # noqa: S314 (a file this test wrote)
    failure = root.find(".//failure")
    assert failure is not None and "$KALSHI_API_KEY_ID" in (failure.text or "")
    har = json.loads(paths["har"].read_text())
    assert har["log"]["version"] == "1.2" and har["log"]["entries"][0]["response"]["status"] == 400
    assert yaml.safe_load(paths["cassette"].read_text())["http_interactions"]
    text = markdown(summary)
    assert "| prices | FAIL | 0 | 2 | 0 |" in text and "| conflicts | n/a | 0 | 0 | 1 |" in text
    assert "### prices: a create at price '0' must answer 400" in text
    assert "## Not applicable on this target" in text
    assert junit_xml(summary).startswith(b"<?xml")


def test_terminal_report_is_blocks_then_a_table_within_100_columns() -> None:
    import io

    from rich.console import Console

    from kalshi_contract.report import print_summary

    long_reason = "not applicable on this target: an executed order needs a fill, and on a live account " * 2
    example = {
        "rule_in_words": "GetOrders returned a value outside a documented enum",
        "operation": "GetOrders",
        "request": "GET /portfolio/orders?ticker=KXSANDBOX-26DEC31-T50&limit=50",
        "status": 200,
        "field": "$.orders[0].status",
        "value": "pending",
        "expected": "one of ['resting', 'canceled', 'executed']",
        "response_part": '{"order_id":"o-1","status":"pending","…":"…"}',
        "reproduce": 'eval "$(kalshi-orders sign GET /trade-api/v2/portfolio/orders)"\n'
        "curl -sS -i -X GET 'http://127.0.0.1:1/trade-api/v2/portfolio/orders?limit=50' "
        '-H "KALSHI-ACCESS-KEY: $KALSHI_API_KEY_ID"',
    }
    results = [
        RuleResult("t::enums", "enums", "GetOrders", "failed", "enum", example=example),
        RuleResult("t::conflicts", "conflicts", "CancelOrderV2", "skipped", long_reason.strip()),
        RuleResult("t::ok", "prices", "GetOrders", "passed"),
    ]
    out = io.StringIO()
    print_summary(Summary("violations", "sandbox", "ci", 1, results=results), Console(file=out, width=160))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert text.index("✗ 1. enums") < text.index("┃ Rule")  # the block, then the table
    for label in ("operation", "request", "response", "field", "expected", "reproduce"):
        assert label in text
    # The reproduce command is printed flush left as the shell folds it, so it pastes as one command.
    assert "\ncurl -sS -i -X GET" in text
    assert '\neval "$(kalshi-orders sign GET /trade-api/v2/portfolio/orders)"\n' in text
    words = set(long_reason.split())
    table = text[text.index("┃ Rule") :]
    cells = " ".join(table.replace("│", " ").split())
    assert {w for w in cells.split() if w.isalpha()} <= words | {
        "Rule",
        "Status",
        "Passed",
        "Failed",
        "Skipped",
        "Notes",
        "enums",
        "FAIL",
        "see",
        "above",
        "conflicts",
        "prices",
        "pass",
    }
