"""The root command: help for every command, lazily mounted extras, error sentences and exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.core import TyperGroup
from typer.main import get_command

from kalshi_orders.cli import _app, app
from kalshi_orders.cli._errors import (
    EXIT_BREAKING,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OUTCOME_UNKNOWN,
    EXIT_USAGE,
    CliError,
    describe,
)
from kalshi_orders.errors import (
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    GoneError,
    KeyLoadError,
    NotFoundError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    ResponseValidationError,
)

from .conftest import Invoke

SNIPPET = Path(__file__).resolve().parents[2] / "README.md"


def _all_command_paths() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = []

    def walk(command: Any, prefix: list[str]) -> None:
        paths.append(prefix)
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_root_help_lists_groups_and_exit_codes(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("orders", "keys", "spec", "sandbox", "contract"):
        assert name in result.stdout
    for option in ("--base-url", "--env", "--key-id", "--private-key", "--verbose"):
        assert option in result.stdout
    assert "Exit codes" in result.stdout
    assert "130" in result.stdout


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help(invoke: Invoke, path: list[str]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    # Each command documents itself (a docstring or a help text), not just its options.
    assert len(result.stdout.split("Options")[0]) > len("Usage: kalshi-orders " + " ".join(path)) + 20


def test_mounted_extras_resolve(invoke: Invoke) -> None:
    for name in ("sandbox", "contract"):
        result = invoke(name, "--help")
        assert result.exit_code == 0, result.output
        assert "Usage" in result.stdout


def test_missing_extra_says_what_to_install(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        _app._LAZY, "sandbox", ("kalshi_not_installed_xyz.cli", "sandbox", "Run the sandbox.")
    )
    result = invoke("sandbox", "serve", "--port", "0")
    assert result.exit_code == EXIT_USAGE
    assert "pip install 'kalshi-orders[sandbox]'" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_environment_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--env", "staging", "orders", "get", "x")
    assert result.exit_code == EXIT_USAGE


def test_production_host_without_env_production_is_refused_before_anything_is_sent(invoke: Invoke) -> None:
    result = invoke("--base-url", "https://external-api.kalshi.com/trade-api/v2", "orders", "get", "abc")
    assert result.exit_code == EXIT_USAGE
    # In the command line's words, not the library's (environment='production').
    assert "is a production host: add --env production" in result.stderr
    assert "environment=" not in result.stderr
    assert "Traceback" not in result.output
    result = invoke(
        "--base-url",
        "https://external-api.demo.kalshi.co/trade-api/v2",
        "--env",
        "production",
        "orders",
        "get",
        "x",
    )
    assert (
        result.exit_code == EXIT_USAGE and "is a demo host, but --env production was given" in result.stderr
    )
    result = invoke("--base-url", "localhost:8080", "orders", "get", "x")
    assert result.exit_code == EXIT_USAGE and "is not an http(s) URL" in result.stderr


def test_missing_credentials_read_as_a_sentence(invoke: Invoke) -> None:
    result = invoke("orders", "get", "abc")
    assert result.exit_code == EXIT_USAGE
    assert "pass --key-id (or KALSHI_API_KEY_ID) and --private-key PATH" in result.stderr
    assert "key_id=" not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (CliError("bad"), EXIT_USAGE),
        (ConfigurationError("no key"), EXIT_USAGE),
        (KeyLoadError("bad pem"), EXIT_USAGE),
        (OrderValidationError("price"), EXIT_USAGE),
        (AuthenticationError("GET", "/p", 401, "x", "bad sig", None, None, b""), EXIT_ERROR),
        (NotFoundError("GET", "/p", 404, None, "nope", None, None, b""), EXIT_ERROR),
        (GoneError("POST", "/p", 410, "deprecated_v1_order_endpoint", "switch", None, None, b""), EXIT_ERROR),
        (APITimeoutError("timed out"), EXIT_ERROR),
        (ResponseValidationError("bad body", body=b"{}"), EXIT_ERROR),
        (OrderOutcomeUnknownError("coid-1", "dropped"), EXIT_OUTCOME_UNKNOWN),
        (KeyboardInterrupt(), EXIT_INTERRUPTED),
        (CliError("breaking", EXIT_BREAKING), EXIT_BREAKING),
    ],
)
def test_expected_errors_map_to_exit_codes(exc: BaseException, code: int) -> None:
    described = describe(exc)
    assert described is not None
    assert described.exit_code == code
    assert described.message


def test_bugs_are_not_disguised() -> None:
    assert describe(ZeroDivisionError("bug")) is None


def test_authentication_error_points_at_keys_check() -> None:
    described = describe(
        AuthenticationError("GET", "/trade-api/v2/portfolio/orders", 401, None, "", None, None, b"")
    )
    assert described is not None
    assert "keys check --explain" in described.message


def test_readme_snippet_documents_every_exit_code() -> None:
    text = SNIPPET.read_text(encoding="utf-8")
    for code in ("0", "1", "2", "3", "4", "130"):
        assert f"| {code} |" in text
    for command in ("orders list", "orders export", "spec diff", "keys check", "orders place", "cancel-all"):
        assert command in text


@pytest.mark.parametrize(
    ("exc", "says"),
    [
        (
            OrderOutcomeUnknownError(
                None,
                "no answer after ReadTimeout",
                order_id="ord-9",
                operation="decrease",
                look_up="read the order (orders.get('ord-9')); if it still shows 5 remaining, decrease it "
                "with reduce_to=2 (a target, safe to resend)",
            ),
            ["decrease of order ord-9", "`kalshi-orders orders get ord-9`", "--to 2"],
        ),
        (
            OrderOutcomeUnknownError(None, "no answer", order_id="ord-7", operation="cancel"),
            ["cancel of order ord-7", "`kalshi-orders orders get ord-7`"],
        ),
        (
            OrderOutcomeUnknownError(
                None,
                "no answer",
                operation="batch_cancel",
                order_ids=("o-1", "o-2"),
                look_up="read each order (orders.get(order_id)); cancel again those still resting",
            ),
            ["orders o-1, o-2", "`kalshi-orders orders get ORDER_ID`"],
        ),
    ],
    ids=["decrease", "cancel", "batch_cancel"],
)
def test_an_unknown_outcome_of_a_change_says_which_order_to_look_up(
    exc: OrderOutcomeUnknownError, says: list[str]
) -> None:
    # Not the create's wording ("client order id None ... place it again"): the order and the command to run.
    described = describe(exc)
    assert described is not None and described.exit_code == EXIT_OUTCOME_UNKNOWN
    assert "None" not in described.message and "client order id" not in described.message, described.message
    assert all(part in described.message for part in says), described.message


def test_an_unknown_outcome_of_a_create_names_the_market_to_list() -> None:
    described = describe(OrderOutcomeUnknownError("coid-1", "dropped", ticker="KXTEST-26DEC31-B1"))
    assert described is not None and described.exit_code == EXIT_OUTCOME_UNKNOWN
    assert "orders list --ticker KXTEST-26DEC31-B1 " in described.message and "coid-1" in described.message
