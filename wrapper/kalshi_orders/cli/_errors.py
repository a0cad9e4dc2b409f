"""Exit codes, and expected errors turned into one readable sentence (never a traceback) on stderr."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass

from rich.console import Console

from ..errors import (
    APIError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    GoneError,
    KalshiError,
    NotFoundError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    TransportError,
)
from ..spec.diff import SpecLoadError
from ._extras import extra_for_module, install_command

__all__ = [
    "EXIT_BREAKING",
    "EXIT_CODES_HELP",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_NEW_COMPATIBLE",
    "EXIT_OK",
    "EXIT_OUTCOME_UNKNOWN",
    "EXIT_USAGE",
    "CliError",
    "describe",
    "report",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BREAKING = 3
EXIT_OUTCOME_UNKNOWN = 4
EXIT_NEW_COMPATIBLE = 5  # `spec upstream`: new upstream changes, none breaking for this client
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 API or runtime error (the message says what the server answered); "
    "2 usage or configuration error (bad option, missing credentials, invalid order; nothing was sent); "
    "3 `spec diff` / `spec upstream` found breaking changes; 4 an order's outcome is unknown (look it up by "
    "client order id before retrying); 5 `spec upstream` found new compatible changes; 130 interrupted "
    "(Ctrl-C)."
)

_MAX_BODY = 2000


class CliError(Exception):
    """An error the CLI itself raises: already a sentence, with its exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True)
class Described:
    exit_code: int
    message: str
    detail: str | None = None


def describe(exc: BaseException) -> Described | None:
    """Exit code and sentence for an expected error; None for a bug (which keeps its traceback)."""
    if isinstance(exc, CliError):
        return Described(exc.exit_code, exc.message)
    if isinstance(exc, KeyboardInterrupt):
        return Described(EXIT_INTERRUPTED, "Interrupted.")
    if isinstance(exc, SpecLoadError):
        return Described(EXIT_USAGE, f"Cannot read the spec: {exc}.")
    if isinstance(exc, OrderValidationError):
        return Described(EXIT_USAGE, f"Invalid order (nothing was sent): {cli_words(str(exc))}.")
    if isinstance(exc, ConfigurationError):
        return Described(EXIT_USAGE, f"Configuration error: {exc}.")
    if isinstance(exc, OrderOutcomeUnknownError) and exc.operation != "create":
        # An amend, decrease or cancel: the library's sentence names the order(s) and what to check first.
        message = cli_words(str(exc).replace("the batch_cancel of", "the batch cancel of"))
        return Described(EXIT_OUTCOME_UNKNOWN, message[:1].upper() + message[1:])
    if isinstance(exc, OrderOutcomeUnknownError):
        reason = f": {exc.message}" if exc.message else ""
        return Described(
            EXIT_OUTCOME_UNKNOWN,
            f"The outcome of the order with client order id {exc.client_order_id} is unknown{reason}. Look "
            f"it up before anything else: `kalshi-orders orders list --ticker {exc.ticker or 'TICKER'} "
            "--columns order_id,client_order_id,status`. Placing it again with --client-order-id "
            f"{exc.client_order_id} cannot create a second order (the exchange answers 409).",
        )
    if isinstance(exc, APIError):
        body = exc.body[:_MAX_BODY].decode("utf-8", errors="replace") if exc.body else None
        return Described(EXIT_ERROR, exc.summary(cli_hint(exc)), f"response body: {body}" if body else None)
    if isinstance(exc, ModuleNotFoundError) and (extra := extra_for_module(exc.name)) is not None:
        return Described(
            EXIT_USAGE,
            f"This needs the [{extra}] extra, which is not installed (missing: {exc.name}). Install it with: "
            f"{install_command(extra)}",
        )
    if isinstance(exc, ResponseValidationError):
        body = exc.body[:_MAX_BODY].decode("utf-8", errors="replace") if exc.body else None
        return Described(
            EXIT_ERROR,
            f"{exc}. The server's answer does not match the spec this client was built from; "
            "run `kalshi-orders spec diff` against the newest spec, or report it with --verbose output.",
            f"response body: {body}" if body else None,
        )
    if isinstance(exc, TransportError):
        return Described(
            EXIT_ERROR,
            f"Could not reach the API: {exc}. Check the base URL (--base-url / --env) and the network.",
        )
    if isinstance(exc, KalshiError):
        return Described(EXIT_ERROR, f"{exc}")
    if isinstance(exc, OSError):
        return Described(EXIT_ERROR, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ") + ".")
    return None


# Order-entry and outcome messages name Python arguments and calls; the command line says its options and
# commands.
_OPTION_WORDS = (
    (re.compile(r"\borders\.get\('([^']*)'\)"), r"`kalshi-orders orders get \1`"),
    (re.compile(r"\borders\.get\(order_id\)"), "`kalshi-orders orders get ORDER_ID`"),
    (re.compile(r"\breduce_to=([0-9][0-9.]*)"), r"--to \1"),
    (re.compile(r"\btime_in_force='([a-z_]+)'"), r"--tif \1"),
    (re.compile(r"\btime_in_force\b"), "--tif"),
    (re.compile(r"\bexpiration_time=<unix seconds>"), "--expiration TIME"),
    (re.compile(r"\bexpiration_time\b"), "--expiration"),
    (re.compile(r"\breduce_only=True\b"), "--reduce-only"),
    (re.compile(r"\breduce_only\b"), "--reduce-only"),
    (re.compile(r"\bpost_only\b"), "--post-only"),
    (re.compile(r"\bself_trade_prevention_type='([a-z_]+)'"), r"--self-trade-prevention \1"),
    (re.compile(r"\bself_trade_prevention_type\b"), "--self-trade-prevention"),
    (re.compile(r"\bupdated_client_order_id\b"), "--updated-client-order-id"),
    (re.compile(r"\bclient_order_id\b"), "--client-order-id"),
    (re.compile(r"\breduce_by\b"), "--by"),
    (re.compile(r"\breduce_to\b"), "--to"),
    (re.compile(r"\bsubaccount must\b"), "--subaccount must"),
)


def cli_words(message: str) -> str:
    """An order-entry message with Python argument names replaced by the options that set them."""
    for pattern, replacement in _OPTION_WORDS:
        message = pattern.sub(replacement, message)
    return message


def _order_id(path: str | None) -> str:
    """The order id in an orders path (``/portfolio/events/orders/ID/amend``), else a placeholder."""
    parts = (path or "").strip("/").split("/")
    if "orders" in parts:
        rest = parts[parts.index("orders") + 1 :]
        if rest and rest[0] not in ("batched", "queue_positions"):
            return rest[0]
    return "ORDER_ID"


def cli_hint(exc: APIError) -> str | None:
    """What to do next, in the command line's words (None: the library's hint says it already)."""
    order = _order_id(exc.path)
    if exc.code == "order_not_resting":
        return (
            "the order is no longer resting (filled, canceled or expired): see it with "
            f"`kalshi-orders orders get {order}`"
        )
    if exc.code == "order_already_exists":
        return (
            "an order with this client order id already exists: find it with `kalshi-orders orders list "
            "--ticker TICKER --columns order_id,client_order_id,status` instead of placing it again"
        )
    if isinstance(exc, NotFoundError) and (exc.path or "").endswith("/queue_position"):
        return f"only resting orders have a queue position: see it with `kalshi-orders orders get {order}`"
    if isinstance(exc, GoneError):
        return "this endpoint is retired; check --base-url (this client sends only the V2 order endpoints)"
    if isinstance(exc, ConflictError):
        return (
            "the order changed meanwhile or the request repeats one: see it with "
            f"`kalshi-orders orders get {order}`"
        )
    if isinstance(exc, NotFoundError):
        return (
            "check the id or ticker and the environment (--env / --base-url: demo and production data differ)"
        )
    if isinstance(exc, PermissionDeniedError):
        return (
            "the key may not do this: check its permissions, its subaccount lock (--subaccount) and that it "
            "belongs to this environment (--env: demo and production keys differ)"
        )
    if isinstance(exc, RateLimitError):
        return "slow down: the command already waited and retried; try again in a few seconds"
    if isinstance(exc, ServerError):
        return (
            "a server-side failure: try again later; after a failed `orders place`, look the order up "
            "(`kalshi-orders orders list --ticker TICKER`) before placing it again"
        )
    if isinstance(exc, BadRequestError):
        return "fix the request as the message says; it was not executed"
    return None


def report(exc: BaseException, described: Described, *, verbose: bool) -> None:
    """Print an expected error to stderr; --verbose adds the raw body and the traceback."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"Error: {described.message}", style="bold red", markup=False)
    if verbose:
        if described.detail:
            console.print(described.detail, markup=False)
        console.print("".join(traceback.format_exception(exc)).rstrip(), markup=False, style="dim")
    elif described.detail or described.exit_code in (EXIT_ERROR, EXIT_OUTCOME_UNKNOWN):
        console.print("(--verbose shows the raw response and the traceback)", style="dim", markup=False)
