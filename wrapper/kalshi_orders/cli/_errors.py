"""Exit codes, and expected errors turned into one readable sentence (never a traceback) on stderr."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from rich.console import Console

from ..errors import (
    APIError,
    ConfigurationError,
    KalshiError,
    OrderOutcomeUnknownError,
    OrderValidationError,
    ResponseValidationError,
    TransportError,
)
from ..spec.diff import SpecLoadError

__all__ = [
    "EXIT_BREAKING",
    "EXIT_CODES_HELP",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
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
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 API or runtime error (the message says what the server answered); "
    "2 usage or configuration error (bad option, missing credentials, invalid order; nothing was sent); "
    "3 `spec diff` found breaking changes; 4 an order's outcome is unknown (look it up by client order id "
    "before retrying); 130 interrupted (Ctrl-C)."
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
        return Described(EXIT_USAGE, f"Invalid order (nothing was sent): {exc}.")
    if isinstance(exc, ConfigurationError):
        return Described(EXIT_USAGE, f"Configuration error: {exc}.")
    if isinstance(exc, OrderOutcomeUnknownError):
        return Described(EXIT_OUTCOME_UNKNOWN, str(exc))
    if isinstance(exc, APIError):
        body = exc.body[:_MAX_BODY].decode("utf-8", errors="replace") if exc.body else None
        return Described(EXIT_ERROR, f"{exc}", f"response body: {body}" if body else None)
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
