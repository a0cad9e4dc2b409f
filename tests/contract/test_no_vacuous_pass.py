"""A rule that inspects nothing must not pass, a run that leaves orders resting must not exit 0, and orders
the fuzzer creates are cancelled on the market they were sent for."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from kalshi_contract import fuzzing
from kalshi_contract.cleanup import OrderRegistry
from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.plugin import ContractSession
from kalshi_contract.recorder import Recorder
from kalshi_contract.runner import EXIT_OK, EXIT_REFUSED, run
from kalshi_contract.safe_data import SafeOrders
from kalshi_contract.settings import RunSettings
from kalshi_contract.target import Target
from kalshi_sandbox import SandboxServer


def _outcomes(result: Any, name_part: str) -> set[str]:
    return {r.outcome for r in result.results if name_part in r.nodeid}


def test_response_rules_fail_when_the_sample_lifecycle_produced_nothing(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings
) -> None:
    # Creates on an unknown market fail, so no CreateOrderV2 body is ever inspected: that is not a pass.
    broken = dataclasses.replace(target, ticker="KXNOSUCH-26DEC31-T1")
    result = run(settings.with_overrides(rules=("enums",)), target=broken)
    assert _outcomes(result, "test_response_enums_hold_documented_values[CreateOrderV2]") == {"failed"}


def test_listed_prices_rule_fails_when_the_listing_is_empty(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ContractClient, "walk_responses", lambda self, **kwargs: [])
    result = run(settings.with_overrides(rules=("prices",)), target=target)
    assert _outcomes(result, "test_listed_orders_prices_sum_to_one") == {"failed"}


def test_orders_left_resting_make_the_run_fail(
    sandbox_run: SandboxServer, target: Target, settings: RunSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = ContractClient(target, Recorder(), OrderRegistry())
    try:
        # An order of an earlier, killed run: the final sweep finds it by its client id prefix.
        body = SafeOrders(ticker=target.ticker, tick=settings.tick).create_body(side="bid", price="0.02")
        left = json_of(client.create_order(body))["order_id"]
    finally:
        client.close()
    monkeypatch.setattr(ContractClient, "cancel_for_cleanup", lambda self, order_id, ticker: False)
    result = run(settings.with_overrides(rules=("retired",)), target=target)
    assert left in result.summary.cleanup_left
    assert result.exit_code == EXIT_REFUSED != EXIT_OK
    assert "could not be cancelled" in result.summary.message


def test_fuzzed_orders_are_registered_under_the_ticker_they_were_sent_for(
    target: Target, settings: RunSettings
) -> None:
    session = ContractSession(settings, target)
    sent = {"orders": [{"ticker": "KXOTHER-1"}, {"ticker": target.ticker}]}
    data = {"orders": [{"order_id": "o-1"}, {"order_id": "o-2"}]}
    request = SimpleNamespace(url="http://x/portfolio/events/orders/batched", headers={}, body=b"{}")
    response = SimpleNamespace(
        request=request,
        status_code=201,
        headers={},
        content=orjson.dumps(data),
        json=lambda: data,
    )
    case = SimpleNamespace(
        operation=SimpleNamespace(
            label="POST /x", definition=SimpleNamespace(raw={"operationId": "BatchCreateOrdersV2"})
        ),
        method="POST",
        body=sent,
        path_parameters={},
    )
    fuzzing._record(session, case, response, request)
    assert session.registry.open_orders == {"o-1": "KXOTHER-1", "o-2": target.ticker}


def test_the_client_never_writes_to_a_read_only_target(target: Target) -> None:
    from kalshi_contract.client import ReadOnlyTargetError

    recorder = Recorder()
    client = ContractClient(dataclasses.replace(target, read_only=True), recorder, OrderRegistry())
    try:
        body = SafeOrders(ticker=target.ticker).create_body(side="bid", price="0.02")
        with pytest.raises(ReadOnlyTargetError, match="read-only"):
            client.create_order(body)
        assert client.get_orders(limit=1).status_code == 200  # reads still go through
    finally:
        client.close()
    assert [i.method for i in recorder.interactions] == ["GET"]
