"""``kalshi-orders sign METHOD PATH``: the three signed headers for one request, for curl or any tool.

The contract suite's reports reproduce a failing request as a curl command whose credentials are shell
variables; ``eval "$(kalshi-orders sign GET /trade-api/v2/portfolio/orders)"`` sets them. The key id is
whatever KALSHI_API_KEY_ID (or --key-id) says; the timestamp is now, so sign right before sending.
"""

import json
import shlex
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import CliError
from ._state import state

if TYPE_CHECKING:
    from .._auth import KalshiSigner

__all__ = ["sign", "signed_headers"]

# The signing module pulls in httpx; the CLI starts without it (imported when the command runs).
HEADER_KEY, HEADER_TIMESTAMP, HEADER_SIGNATURE = (
    "KALSHI-ACCESS-KEY",
    "KALSHI-ACCESS-TIMESTAMP",
    "KALSHI-ACCESS-SIGNATURE",
)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class Format(StrEnum):
    env = "env"
    headers = "headers"
    json = "json"


def signed_headers(signer: "KalshiSigner", method: str, path: str) -> dict[str, str]:
    """Headers for ``method path``; a query string is dropped (Kalshi signs the path without it)."""
    method = method.upper()
    if method not in METHODS:
        raise CliError(f"unknown HTTP method {method!r}: use one of {', '.join(METHODS)}")
    path = path.split("?", 1)[0]
    if not path.startswith("/"):
        raise CliError(
            "the path must start with '/' and include the base URL's path, e.g. "
            f"/trade-api/v2/portfolio/orders (got {path!r})"
        )
    return signer.headers(method, path)


def sign(
    ctx: typer.Context,
    method: Annotated[str, typer.Argument(help="HTTP method, e.g. GET.")],
    path: Annotated[
        str,
        typer.Argument(help="Path as signed: with the base URL's path, e.g. /trade-api/v2/portfolio/orders."),
    ],
    output: Annotated[
        Format,
        typer.Option(
            "--format",
            help="env: export lines for eval (KALSHI_ACCESS_TIMESTAMP, KALSHI_ACCESS_SIGNATURE); "
            "headers: 'Name: value' lines; json: an object.",
        ),
    ] = Format.env,
) -> None:
    """Print freshly signed KALSHI-ACCESS-* headers for one request (credentials as for every command)."""
    from .._auth import KalshiSigner

    credentials = state(ctx).credentials()
    signer = KalshiSigner(key_id=credentials.key_id, private_key=credentials.private_key)
    headers = signed_headers(signer, method, path)
    if output is Format.env:
        typer.echo(f"export KALSHI_ACCESS_TIMESTAMP={shlex.quote(headers[HEADER_TIMESTAMP])}")
        typer.echo(f"export KALSHI_ACCESS_SIGNATURE={shlex.quote(headers[HEADER_SIGNATURE])}")
        typer.echo(f"export KALSHI_API_KEY_ID={shlex.quote(headers[HEADER_KEY])}")
    elif output is Format.headers:
        for name in (HEADER_KEY, HEADER_TIMESTAMP, HEADER_SIGNATURE):
            typer.echo(f"{name}: {headers[name]}")
    else:
        typer.echo(json.dumps(headers))
