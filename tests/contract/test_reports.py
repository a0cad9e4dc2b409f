"""Credentials never reach a report; reproducible commands carry placeholders; the summary names each rule."""

from __future__ import annotations

from pathlib import Path

from kalshi_contract.plugin import RuleResult
from kalshi_contract.recorder import Recorder, redact_text
from kalshi_contract.report import Summary, markdown, write_reports

SIGNATURE = "c2VjcmV0LXNpZ25hdHVyZS1ieXRlcw+/=="


def test_redact_text_masks_signature_and_key_in_free_text() -> None:
    text = (
        f"curl -H 'KALSHI-ACCESS-KEY: key-abc' -H 'KALSHI-ACCESS-SIGNATURE: {SIGNATURE}' "
        "-H 'KALSHI-ACCESS-TIMESTAMP: 1700000000000'\n"
        f"{{'kalshi-access-signature': '{SIGNATURE}'}}"
    )
    redacted = redact_text(text)
    assert SIGNATURE not in redacted and "key-abc" not in redacted
    assert "KALSHI-ACCESS-TIMESTAMP: 1700000000000" in redacted
    assert "<SIGNATURE>" in redacted and "$KALSHI_API_KEY_ID" in redacted


def test_cassette_and_curl_are_redacted(tmp_path: Path) -> None:
    recorder = Recorder()
    recorder.current_test = "t::x"
    interaction = recorder.add(
        operation="CreateOrderV2",
        method="post",
        url="http://127.0.0.1:1/trade-api/v2/portfolio/events/orders",
        request_headers={
            "KALSHI-ACCESS-KEY": "key-abc",
            "KALSHI-ACCESS-SIGNATURE": SIGNATURE,
            "KALSHI-ACCESS-TIMESTAMP": "1700000000000",
            "content-type": "application/json",
        },
        request_body=b'{"price":"0.02"}',
        status=400,
        response_body=b'{"error":{"code":"invalid_order"}}',
    )
    curl = interaction.curl()
    assert curl.startswith("curl -X POST http://127.0.0.1:1/trade-api/v2/portfolio/events/orders")
    assert "'KALSHI-ACCESS-SIGNATURE: <SIGNATURE>'" in curl
    assert '"KALSHI-ACCESS-KEY: $KALSHI_API_KEY_ID"' in curl  # expanded by the shell
    assert """-d '{"price":"0.02"}'""" in curl
    text = recorder.write_cassette(tmp_path / "cassette.yaml").read_text()
    assert SIGNATURE not in text and "key-abc" not in text
    assert "http_interactions" in text and "invalid_order" in text
    assert recorder.for_test("t::x") == [interaction]


def test_summary_lists_rules_and_operations_with_the_first_failure(tmp_path: Path) -> None:
    results = [
        RuleResult("a::ok", "enums", "GetOrders", "passed"),
        RuleResult(
            "a::bad1", "prices", "CreateOrderV2", "failed", "price 0 accepted", "curl -X POST http://x"
        ),
        RuleResult(
            "a::bad2", "prices", "CreateOrderV2", "failed", "price 1 accepted", "curl -X POST http://y"
        ),
        RuleResult("a::skip", "auth", "GetOrders", "skipped", "read-only"),
    ]
    summary = Summary("violations", "sandbox target", "ci", 1, results=results)
    text = markdown(summary)
    assert "| prices | FAIL | 0 | 2 | 0 |" in text
    assert "| enums | pass | 1 | 0 | 0 |" in text
    assert "| auth | skipped | 0 | 0 | 1 |" in text
    assert "| CreateOrderV2 | FAIL | 0 | 2 | 0 |" in text
    assert "### prices: `a::bad1`" in text and "curl -X POST http://x" in text and "http://y" not in text
    assert summary.failed_rules == {"prices"}
    paths = write_reports(summary, None, tmp_path)
    assert paths["summary"].read_text() == text
    assert '"failed_rules": [\n    "prices"\n  ]' in paths["results"].read_text()


def test_junit_is_redacted_even_when_quotes_are_xml_escaped_and_stays_valid_xml(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ElementTree
    from xml.sax.saxutils import quoteattr

    failure = (
        f"headers={{'KALSHI-ACCESS-KEY': 'key-abc', 'KALSHI-ACCESS-SIGNATURE': '{SIGNATURE}'}}\n"
        f"curl -H 'KALSHI-ACCESS-SIGNATURE: {SIGNATURE}'"
    )
    escaped = quoteattr(failure, {"'": "&apos;"})  # how pytest's junit writer quotes failure texts
    (tmp_path / "junit.xml").write_text(
        f'<?xml version="1.0"?><testsuites><testsuite><testcase name="t"><failure message={escaped}/>'
        "</testcase></testsuite></testsuites>",
        encoding="utf-8",
    )
    paths = write_reports(Summary("violations", "sandbox", "ci", 1), None, tmp_path)
    text = paths["junit"].read_text(encoding="utf-8")
    assert SIGNATURE not in text and "key-abc" not in text
    failure_element = ElementTree.fromstring(text).find(".//failure")  # noqa: S314 (a file this test wrote)
    assert failure_element is not None
    message = failure_element.get("message") or ""
    assert "<SIGNATURE>" in message and "$KALSHI_API_KEY_ID" in message
