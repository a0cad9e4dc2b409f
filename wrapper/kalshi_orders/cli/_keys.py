"""``kalshi-orders keys check``: load the configured key, sign and verify a sample, explain the usual 401s.

Signing lives in ``KalshiSigner``; this module only drives it and verifies the result with the public key.
Nothing here prints key material: the key id is masked to its last 4 characters, the key is shown by its
public-key fingerprint only.
"""

import base64
import email.utils
import re
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import urlsplit

import typer
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .._credentials import ENV_KEY_ID, ENV_PRIVATE_KEY, ENV_PRIVATE_KEY_PATH
from .._environments import Environment
from .._keys import PrivateKey
from .._logging import mask_key_id
from ._errors import EXIT_ERROR, EXIT_OK, CliError
from ._state import CliState, state

if TYPE_CHECKING:
    from .._auth import KalshiSigner

__all__ = ["SAMPLE_PATH", "Check", "explain_checks", "keys_app", "parse_server_time", "verify_signature"]

Status = Literal["ok", "warn", "fail", "skip", "info"]

SAMPLE_METHOD = "GET"
SAMPLE_PATH = "/trade-api/v2/portfolio/orders?limit=5"
_API_PREFIX = "/trade-api/v2"
_PSS_SALT = 32  # SHA-256 digest length: the salt Kalshi verifies RSA-PSS signatures with
_SKEW_WARN_SECONDS = 5.0
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "skip": "dim", "info": "cyan"}
_MARK = {"ok": "✓ ok", "warn": "! warn", "fail": "✗ fail", "skip": "– skip", "info": "i info"}

keys_app = typer.Typer(help="Check API keys and request signing offline.", no_args_is_help=True)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def verify_signature(key: PrivateKey, message: str, signature_b64: str) -> bool:
    """Verify as Kalshi does: RSA-PSS/SHA-256 with a 32-byte salt, or plain Ed25519."""
    signature = base64.b64decode(signature_b64, validate=True)
    public = key.public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(
                signature,
                message.encode("utf-8"),
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=_PSS_SALT),
                hashes.SHA256(),
            )
        else:
            public.verify(signature, message.encode("utf-8"))
    except InvalidSignature:
        return False
    return True


def parse_server_time(text: str) -> float:
    """Unix seconds from Unix seconds or milliseconds, an ISO 8601 time, or an HTTP ``Date`` header value."""
    value = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        number = float(value)
        return number / 1000 if number >= 1e11 else number  # 13 digits: milliseconds
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            raise CliError(
                f"--server-time {text!r} is not a time: pass Unix seconds or milliseconds, an ISO 8601 time "
                "(2026-11-23T12:00:00Z) or an HTTP Date header (Mon, 23 Nov 2026 12:00:00 GMT)"
            ) from None
    if parsed.tzinfo is None:
        raise CliError(f"--server-time {text!r} has no time zone: add Z or an offset such as +00:00")
    return parsed.timestamp()


def _key_source(st: CliState) -> tuple[str, str]:
    """(where the key id came from, where the private key came from)."""
    key_id_from = "--key-id" if st.key_id is not None else f"${ENV_KEY_ID}"
    if st.private_key_path is not None:
        return key_id_from, f"--private-key {st.private_key_path}"
    if st.environ.get(ENV_PRIVATE_KEY_PATH, "").strip():
        return key_id_from, f"${ENV_PRIVATE_KEY_PATH} ({st.environ[ENV_PRIVATE_KEY_PATH].strip()})"
    return key_id_from, f"${ENV_PRIVATE_KEY} (PEM text)"


def format_checks(env: Mapping[str, str], key_file: str | None) -> list[Check]:
    """What can be wrong with the variables themselves (never echoing a value that could be secret)."""
    checks: list[Check] = []
    raw_id = env.get(ENV_KEY_ID, "")
    if raw_id and raw_id != raw_id.strip():
        checks.append(Check("key id format", "warn", "the key id has leading or trailing whitespace"))
    key_id = raw_id.strip().strip("\"'")
    if key_id != raw_id.strip():
        checks.append(Check("key id format", "warn", "the key id is wrapped in quotes: remove them"))
    elif key_id and not _UUID.match(key_id):
        checks.append(
            Check(
                "key id format",
                "warn",
                "Kalshi key ids are UUIDs (8-4-4-4-12 hex digits) and this one is not: check that you copied "
                "the key's id, not its name",
            )
        )
    elif key_id:
        checks.append(Check("key id format", "ok", "a UUID, as Kalshi issues them"))
    if key_file is not None:
        try:
            mode = Path(key_file).stat().st_mode
        except OSError:
            mode = None
        if mode is not None and mode & (stat.S_IRWXG | stat.S_IRWXO):
            checks.append(
                Check(
                    "key file permissions",
                    "warn",
                    f"{key_file} is readable by other users (mode {stat.S_IMODE(mode):o}): chmod 600 it",
                )
            )
        elif mode is not None:
            checks.append(Check("key file permissions", "ok", "readable by its owner only"))
    return checks


def explain_checks(
    *,
    signer: "KalshiSigner",
    base_url: str,
    environment: Environment | None,
    env: Mapping[str, str],
    key_from_env_pem: bool,
    server_time: float | None,
    now: Callable[[], float] = time.time,
) -> list[Check]:
    """The usual causes of a 401, each checked offline where possible."""
    checks: list[Check] = []
    ts = signer.timestamp_ms()
    message = signer.message(ts, SAMPLE_METHOD, SAMPLE_PATH)
    digits = len(str(ts))
    checks.append(
        Check(
            "timestamp in milliseconds",
            "ok" if digits == 13 else "fail",
            f"KALSHI-ACCESS-TIMESTAMP would be {ts} ({digits} digits; milliseconds have 13, seconds 10)",
        )
    )
    checks.append(
        Check(
            "query string not signed",
            "ok" if "?" not in message else "fail",
            f"for {SAMPLE_METHOD} {SAMPLE_PATH} the signed string is {message!r} (query stripped, no body, "
            "no host)",
        )
    )
    base_path = urlsplit(base_url).path.rstrip("/")
    if base_path.endswith(_API_PREFIX):
        checks.append(
            Check(
                "path includes /trade-api/v2",
                "ok",
                f"the base URL path is {base_path}, so signed paths start with {_API_PREFIX}/",
            )
        )
    else:
        checks.append(
            Check(
                "path includes /trade-api/v2",
                "warn",
                f"the base URL path is {base_path or '/'!r}, not .../trade-api/v2: Kalshi signs the full "
                "path from the host root, so use a base URL ending in /trade-api/v2",
            )
        )
    if signer.key_kind == "rsa":
        checks.append(
            Check(
                "PSS salt length = digest length",
                "ok",
                "the sample signature verifies with a 32-byte salt (PSS.DIGEST_LENGTH); a PSS.MAX_LENGTH "
                "signature would be rejected",
            )
        )
    else:
        checks.append(Check("PSS salt length = digest length", "skip", "Ed25519 keys have no salt"))
    where = environment.value if environment is not None else "a custom host"
    hint = (
        "A key works only in the environment it was created in (demo keys on demo.kalshi.co, production keys "
        "on kalshi.com); this cannot be checked offline"
    )
    suspicious = _environment_hint(env, environment)
    checks.append(
        Check(
            "demo key vs production key",
            "warn" if suspicious else "info",
            f"requests go to {base_url} ({where}). {suspicious or hint}",
        )
    )
    if server_time is None:
        checks.append(
            Check(
                "clock skew",
                "skip",
                "pass --server-time with the Date header of any Kalshi response (e.g. `curl -sI "
                "https://external-api.kalshi.com/trade-api/v2/exchange/status | grep -i ^date`) to compare",
            )
        )
    else:
        skew = now() - server_time
        checks.append(
            Check(
                "clock skew",
                "ok" if abs(skew) <= _SKEW_WARN_SECONDS else "warn",
                f"the local clock is {abs(skew):.1f} s {'ahead of' if skew >= 0 else 'behind'} the server "
                "time"
                + ("" if abs(skew) <= _SKEW_WARN_SECONDS else ": sync it (NTP); stale timestamps get 401"),
            )
        )
    if key_from_env_pem:
        literal = "\\n" in env.get(ENV_PRIVATE_KEY, "")
        checks.append(
            Check(
                "literal \\n in the PEM variable",
                "warn" if literal else "ok",
                f"${ENV_PRIVATE_KEY} holds literal \\n sequences instead of newlines: kalshi-orders converts "
                "them, other tools may not (store real newlines or use a key file)"
                if literal
                else f"${ENV_PRIVATE_KEY} holds real newlines",
            )
        )
    else:
        checks.append(Check("literal \\n in the PEM variable", "skip", "the key is read from a file"))
    return checks


def _environment_hint(env: Mapping[str, str], environment: Environment | None) -> str | None:
    """A warning when the key file's name says the other environment (e.g. demo-key.pem on production)."""
    name = Path(env.get(ENV_PRIVATE_KEY_PATH, "")).name.lower()
    if environment is Environment.PRODUCTION and "demo" in name:
        return f"the key file is named {name!r} but the target is production: is this a demo key?"
    if environment is Environment.DEMO and ("prod" in name or "live" in name):
        return f"the key file is named {name!r} but the target is demo: is this a production key?"
    return None


def _render_checks(checks: list[Check], console: Console, title: str) -> None:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("Check", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Detail", overflow="fold")
    for check in checks:
        table.add_row(check.name, Text(_MARK[check.status], style=_STYLE[check.status]), Text(check.detail))
    console.print(table)


@keys_app.command("check")
def check_command(
    ctx: typer.Context,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="List the usual causes of a 401 and check the ones that can be checked."
        ),
    ] = False,
    server_time: Annotated[
        str | None,
        typer.Option(
            "--server-time",
            help="The server's time (Unix s/ms, ISO 8601 or an HTTP Date header) to measure clock skew.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load the configured key (global options or KALSHI_API_KEY_ID + KALSHI_PRIVATE_KEY_PATH /
    KALSHI_PRIVATE_KEY), sign a sample request and verify the signature with the public key. Prints the key
    type, size and fingerprint and the masked key id; never the key. Exits 1 when the signature does not
    verify, 2 when the key cannot be loaded."""
    from .._auth import KalshiSigner  # here: httpx is not needed to show the help

    st = state(ctx)
    server_ts = parse_server_time(server_time) if server_time is not None else None
    url, environment = st.resolve_url()
    env = st.credential_environ()
    creds = st.credentials()
    key_id_from, key_from = _key_source(st)
    key = creds.private_key
    signer = KalshiSigner(creds.key_id, key)
    ts = signer.timestamp_ms()
    message = signer.message(ts, SAMPLE_METHOD, SAMPLE_PATH)
    verified = verify_signature(key, message, signer.sign_message(message))

    console = Console(highlight=False, soft_wrap=True)
    algorithm = (
        "RSA-PSS, SHA-256, MGF1(SHA-256), salt 32 bytes" if key.kind == "rsa" else "Ed25519 (no pre-hash)"
    )
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    summary.add_row("Key id", Text(f"{mask_key_id(creds.key_id)}  (from {key_id_from})"))
    summary.add_row("Key type", f"{'RSA' if key.kind == 'rsa' else 'Ed25519'}, {key.key_size} bits")
    summary.add_row("Fingerprint", Text(f"{key.fingerprint}  (SHA-256 of the public key)"))
    summary.add_row("Source", Text(key_from))
    summary.add_row("Target", Text(f"{url} ({environment.value if environment else 'custom host'})"))
    summary.add_row(
        "Sample signature",
        Text("verified", style="green") + Text(f" ({algorithm})")
        if verified
        else Text("did NOT verify with the public key", style="bold red"),
    )
    console.print(summary)

    key_file = None
    if st.private_key_path is not None:
        key_file = st.private_key_path
    elif env.get(ENV_PRIVATE_KEY_PATH, "").strip():
        key_file = env[ENV_PRIVATE_KEY_PATH].strip()
    checks = format_checks(env, key_file)
    if explain:
        checks += explain_checks(
            signer=signer,
            base_url=url,
            environment=environment,
            env=env,
            key_from_env_pem=key_file is None,
            server_time=server_ts,
        )
    if checks:
        _render_checks(checks, console, "Usual causes of a 401" if explain else "Configuration")
    if not explain:
        console.print("Run with --explain for the usual causes of a 401 and what can be checked offline.")
    failed = not verified or any(c.status == "fail" for c in checks)
    raise typer.Exit(EXIT_ERROR if failed else EXIT_OK)
