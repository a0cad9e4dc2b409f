"""The suite must catch a broken API: each sandbox breakage (a realistic live-API regression) makes a run of
its rule fail under that rule's name, with valid, secret-free reports whose example is the violating
request; and healthy runs over several seeds raise no false alarm."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from kalshi_contract.cleanup import OrderRegistry
from kalshi_contract.client import ContractClient
from kalshi_contract.recorder import Recorder
from kalshi_contract.runner import EXIT_OK, EXIT_VIOLATIONS, RunResult, run
from kalshi_contract.settings import RULES, RunSettings
from kalshi_contract.spec import retired_operations
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.faults import BREAKAGES

# breakage -> (the rule that must catch it, the operations whose exchange may be the example)
READS = {"GetOrders", "GetOrder"}
CANCEL_AMEND_DECREASE = {"CancelOrderV2", "AmendOrderV2", "DecreaseOrderV2"}
BREAKAGE_RULES: dict[str, tuple[str, set[str]]] = {
    "queue_always_zero": ("queue", {"GetOrderQueuePositions", "GetOrderQueuePosition"}),
    "enum_outside_spec": ("enums", READS),
    "missing_required_field": ("required", READS),
    "price_sum_not_one": ("prices", READS),
    "accept_both_prices": ("prices", {"CreateOrderV2", "AmendOrderV2"}),
    "accept_limit_1001": ("pagination", {"GetOrders"}),
    "repeat_across_pages": ("pagination", {"GetOrders"}),
    "accept_bad_signature": ("auth", {"GetOrders", "CreateOrderV2"}),
    "v1_answers_404": ("retired", {op.operation_id for op in retired_operations()}),
    "executed_filter_500": ("schemathesis", {"GetOrders"}),
    "create_answers_200": ("schemathesis", {"CreateOrderV2"}),
    "counts_as_numbers": ("schemathesis", {"CreateOrderV2", "BatchCreateOrdersV2", *READS}),
    "error_as_text": (
        "schemathesis",
        {
            "GetOrders",
            "GetOrder",
            "CreateOrderV2",
            *CANCEL_AMEND_DECREASE,
            "BatchCreateOrdersV2",
            "BatchCancelOrdersV2",
            "CancelAllOrders",
        },
    ),
    "accept_subaccount_64": ("schemathesis", {"GetOrders"}),
    "reject_post_only": ("schemathesis", {"CreateOrderV2"}),
    "ignore_event_ticker": ("filters", {"GetOrders"}),
    "event_ticker_first_only": ("filters", {"GetOrders"}),
    "ignore_min_ts": ("filters", {"GetOrders"}),
    "ignore_max_ts": ("filters", {"GetOrders"}),
    "ignore_subaccount": ("filters", {"GetOrders"}),
    "ignore_exchange_index": ("filters", {"GetOrders"}),
    "pages_oldest_first": ("ordering", {"GetOrders"}),
    "counts_dont_add_up": ("invariants", READS),
    "update_before_create": ("invariants", READS),
    "canceled_keeps_remaining": ("invariants", READS),
    "error_code_renamed": ("errors", {"GetOrder", *CANCEL_AMEND_DECREASE}),
    "error_without_code": ("errors", {"GetOrder", "GetOrders", "CreateOrderV2", *CANCEL_AMEND_DECREASE}),
    "cancel_not_resting_200": ("conflicts", {"CancelOrderV2"}),
    "conflict_as_400": ("conflicts", CANCEL_AMEND_DECREASE),
    "amend_echo_stale": ("echoes", {"AmendOrderV2"}),
    "decrease_echo_stale": ("echoes", {"DecreaseOrderV2"}),
    "batch_reordered": ("echoes", {"BatchCreateOrdersV2"}),
    "decrease_not_applied": ("stateful", READS),
    # Several changes at once; user_id going missing is the one every read shows (tests/e2e runs the loop).
    "api_change": ("required", READS),
}


# Schemathesis breakage runs fuzz only the operations where the breakage shows (the rest is the healthy
# runs' job), which keeps each self-test to a few seconds.
FUZZED = {
    "executed_filter_500": {"GetOrders"},
    "create_answers_200": {"CreateOrderV2"},
    "counts_as_numbers": {"CreateOrderV2"},
    "error_as_text": {"GetOrder"},
    "accept_subaccount_64": {"GetOrders"},
    "reject_post_only": {"CreateOrderV2"},
}
# ... and the schemathesis check each one must trip (named in the example's rule_in_words).
CHECKS = {
    "executed_filter_500": "not_a_server_error",
    "create_answers_200": "status_code_conformance",
    "counts_as_numbers": "response_schema_conformance",
    "error_as_text": "content_type_conformance",
    "accept_subaccount_64": "negative_data_rejection",
    "reject_post_only": "positive_data_acceptance",
    "accept_bad_signature": "",  # the auth rule's own 401 checks
}


def _key_material(sandbox: SandboxServer) -> list[str]:
    """The base64 lines of the sandbox key's PEM (a fuzzer may well send the words "PRIVATE KEY")."""
    lines = Path(sandbox.private_key_path).read_text().splitlines()
    return [line for line in lines if line and not line.startswith("-----") and len(line) >= 40]


def assert_reports_are_valid_and_secret_free(
    result: RunResult, target: Target, sandbox: SandboxServer
) -> None:
    material = _key_material(sandbox)
    assert material
    for name, path in result.reports.items():
        text = path.read_text(encoding="utf-8")
        assert target.key_id not in text, f"the key id leaked into {name}"
        assert not [line for line in material if line in text], f"key material in {name}"
    json.loads(result.reports["results"].read_text())
    ElementTree.fromstring(result.reports["junit"].read_bytes())  # noqa: S314 (written by this test's run)
    yaml.safe_load(result.reports["cassette"].read_text())
    assert result.leaks == {}  # the run's redactor knows every signature it sent: none is in a report


@pytest.mark.parametrize(
    ("breakage", "rule", "operations"), [(b, r, o) for b, (r, o) in sorted(BREAKAGE_RULES.items())]
)
def test_suite_reports_the_breakage_under_its_rule(
    breakage: str,
    rule: str,
    operations: set[str],
    sandbox_run: SandboxServer,
    target: Target,
    settings: RunSettings,
) -> None:
    assert sandbox_run.admin.set_breakages(breakage) == [breakage]
    overrides: dict[str, object] = {"rules": (rule,)}  # only the rule under test
    if rule == "schemathesis":
        overrides["operations"] = tuple(sorted(FUZZED[breakage]))  # and only where the breakage shows
    result = run(settings.with_overrides(**overrides), target=target)
    assert result.exit_code == EXIT_VIOLATIONS
    assert result.failed_rules == {rule}
    assert_reports_are_valid_and_secret_free(result, target, sandbox_run)
    document = json.loads(result.reports["results"].read_text())
    example = document["rules"][rule]["first_failure"]
    # The example is the violating exchange: its operation, request and a reproduction of exactly it.
    assert example["operation"] in operations, example
    method, _, rest = example["request"].partition(" ")
    assert f"-X {method} " in example["reproduce"] and rest.split("?")[0] in example["reproduce"]
    assert example["rule_in_words"] and example["reproduce"].startswith('eval "$(kalshi-orders sign ')
    assert CHECKS.get(breakage, "") in example["rule_in_words"]
    summary = result.reports["summary"].read_text()
    assert f"| {rule} | FAIL |" in summary and f"### {rule}: " in summary


def test_every_breakage_has_a_self_test() -> None:
    assert set(BREAKAGE_RULES) == set(BREAKAGES)
    assert {rule for rule, _ in BREAKAGE_RULES.values()} <= set(RULES)


@pytest.mark.parametrize("seed", [None, 1, 2], ids=["default-seed", "seed-1", "seed-2"])
def test_suite_passes_on_the_healthy_sandbox(
    seed: int | None, sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    """No false alarm on a correct server, over three seeds (hypothesis and schemathesis draw from it)."""
    result = run(settings if seed is None else settings.with_overrides(seed=seed), target=target)
    failures = [f"{r.nodeid}: {r.message}" for r in result.results if r.outcome in ("failed", "error")]
    assert failures == []
    assert result.exit_code == EXIT_OK
    ran = {r.rule for r in result.results if r.outcome == "passed"}
    assert ran == set(RULES)
    assert not [r for r in result.results if r.outcome == "skipped"]
    # Everything the suite created was cancelled: none of its orders (client ids "contract-...") still rests.
    assert result.summary.cleanup_left == {}
    client = ContractClient(target, Recorder(), OrderRegistry())
    try:
        resting = client.walk_order_list(ticker=target.ticker, status="resting", limit=1000)
    finally:
        client.close()
    assert [o["order_id"] for o in resting if str(o.get("client_order_id", "")).startswith("contract-")] == []
    assert_reports_are_valid_and_secret_free(result, target, sandbox_run)
    assert "$KALSHI_ACCESS_SIGNATURE" in result.reports["cassette"].read_text()


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_tracebacks_only_with_verbose_and_always_in_the_log(
    verbose: bool, sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    import io

    from rich.console import Console

    sandbox_run.admin.set_breakages("decrease_not_applied")  # fails inside hypothesis's state machine
    out = io.StringIO()
    result = run(
        settings.with_overrides(rules=("stateful",), verbose=verbose),
        target=target,
        console=Console(file=out, width=100),
    )
    assert result.exit_code == EXIT_VIOLATIONS
    printed, log = out.getvalue(), result.reports["log"].read_text()
    assert "Traceback" in log or "def test_" in log  # pytest's full report is kept
    assert "reproduce_failure" not in printed + log
    assert ("def test_" in printed) is verbose
    assert "✗ 1. stateful:" in printed and "reproduce" in printed
    assert target.key_id not in printed
