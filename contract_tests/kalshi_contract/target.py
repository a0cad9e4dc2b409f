"""Which API the suite runs against: the local sandbox (default) or a base URL with credentials.

Both go through the same `Target`, so CI against the sandbox exercises exactly the code a demo run uses.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kalshi_orders import DEMO_BASE_URL

from .hosts import Kind, classify_host
from .settings import DEFAULT_SANDBOX_TICKER, PROFILES, RunSettings

__all__ = ["Kind", "Target", "TargetError", "TargetUnhealthyError", "classify_host", "open_target"]


class TargetError(Exception):
    """The target cannot be used as configured (refused host, missing credentials); exit status 2."""


class TargetUnhealthyError(Exception):
    """The target answered a cheap read with 5xx (or not at all): the run is not a verdict on the contract."""


@dataclass
class Target:
    base_url: str
    # Never in a repr: pytest prints test arguments (this object) when a test fails.
    key_id: str = field(repr=False)
    private_key: Any = field(repr=False)  # kalshi_orders.PrivateKey
    kind: Kind = "other"
    ticker: str = ""
    read_only: bool = False
    rate_limit: float | None = None
    admin: Any = field(default=None, repr=False)  # the sandbox's in-process admin helper (a local sandbox)

    def __post_init__(self) -> None:
        from kalshi_orders import KalshiSigner

        self.base_url = self.base_url.rstrip("/")
        self.signer = KalshiSigner(key_id=self.key_id, private_key=self.private_key)

    def __repr__(self) -> str:
        return f"Target({self.describe()})"

    @property
    def path_prefix(self) -> str:
        """The base URL's path (`/trade-api/v2`): part of every signed message."""
        return urlsplit(self.base_url).path.rstrip("/")

    def signer_with(self, *, key_id: str | None = None, clock: Any = None) -> Any:
        from kalshi_orders import KalshiSigner

        kwargs: dict[str, Any] = {"key_id": key_id or self.key_id, "private_key": self.private_key}
        if clock is not None:
            kwargs["clock"] = clock
        return KalshiSigner(**kwargs)

    def describe(self) -> str:
        """One line for reports; never the key id or the key."""
        mode = "read-only" if self.read_only else "read-write"
        return (
            f"{self.kind} target {self.base_url} ({mode}, ticker {self.ticker}, key {self.private_key.kind})"
        )


def _credential_hints(environ: Mapping[str, str]) -> set[str]:
    """Which environment the configured credentials claim to belong to, from their names (no key registry
    exists, so this catches only the obvious: KALSHI_DEMO_*/KALSHI_PROD_* variables, 'demo'/'prod' key
    files)."""
    hints = set()
    key_id = environ.get("KALSHI_API_KEY_ID", "")
    for env_name in ("DEMO", "PROD", "PRODUCTION"):
        value = environ.get(f"KALSHI_{env_name}_API_KEY_ID")
        if value and value == key_id:
            hints.add("demo" if env_name == "DEMO" else "production")
    path = Path(environ.get("KALSHI_PRIVATE_KEY_PATH", "")).name.lower()
    if "demo" in path or "sandbox" in path:
        hints.add("demo")
    if "prod" in path:
        hints.add("production")
    return hints


def check_host(base_url: str, *, allow_production: bool, environ: Mapping[str, str]) -> Kind:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(f"--base-url {base_url!r} is not an http(s) URL, e.g. {DEMO_BASE_URL}")
    kind = classify_host(base_url)
    hints = _credential_hints(environ)
    if kind == "production":
        if not allow_production:
            raise TargetError(
                f"{base_url} is a production host: the contract suite places orders. Use the demo "
                f"({DEMO_BASE_URL}), or pass --allow-production to run the read-only "
                "checks."
            )
        if "demo" in hints:
            raise TargetError(
                "the configured credentials look like demo credentials, but the target is production"
            )
    if kind == "demo" and "production" in hints:
        raise TargetError(
            "the configured credentials look like production credentials, but the target is the demo"
        )
    return kind


def remote_target(settings: RunSettings, environ: Mapping[str, str] | None = None) -> Target:
    from kalshi_orders import load_private_key

    env = os.environ if environ is None else environ
    assert settings.base_url is not None
    kind = check_host(settings.base_url, allow_production=settings.allow_production, environ=env)
    key_id = env.get("KALSHI_API_KEY_ID", "").strip()
    path = env.get("KALSHI_PRIVATE_KEY_PATH", "").strip()
    pem = env.get("KALSHI_PRIVATE_KEY", "").strip()
    if not key_id or not (path or pem):
        raise TargetError(
            "credentials are not configured: set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH (a PEM file) "
            "or KALSHI_PRIVATE_KEY (the PEM text) for the target's environment"
        )
    try:
        key = load_private_key(path=path) if path else load_private_key(pem=pem)
    except Exception as exc:
        raise TargetError(f"cannot load the private key: {exc}") from None
    read_only = kind == "production"
    if not settings.ticker and not read_only:
        raise TargetError(
            "a remote run places small resting orders on one market: set --ticker or KALSHI_CONTRACT_TICKER "
            "to an open market of the demo environment"
        )
    return Target(
        base_url=settings.base_url,
        key_id=key_id,
        private_key=key,
        kind=kind,
        ticker=settings.ticker or "",
        read_only=read_only,
        # Kalshi's budget is shared with the account's other clients: never unthrottled, whatever the profile.
        rate_limit=settings.profile_info.rate_limit
        or (PROFILES["demo"].rate_limit if kind != "other" else None),
    )


def sandbox_target(sandbox: Any, settings: RunSettings | None = None) -> Target:
    """A Target for a running `kalshi_sandbox.SandboxServer` handle."""
    from kalshi_orders import load_private_key

    settings = settings or RunSettings()
    return Target(
        base_url=sandbox.base_url,
        key_id=sandbox.key_id,
        private_key=load_private_key(path=sandbox.private_key_path),
        kind="sandbox",
        ticker=settings.ticker or DEFAULT_SANDBOX_TICKER,
        read_only=False,
        rate_limit=None,
        admin=sandbox.admin,
    )


@contextlib.contextmanager
def open_target(settings: RunSettings, environ: Mapping[str, str] | None = None) -> Iterator[Target]:
    """The run's target: a remote one from the settings, or a fresh sandbox on a free loopback port."""
    if settings.base_url:
        yield remote_target(settings, environ)
        return
    try:
        from kalshi_sandbox import SandboxConfig, SandboxServer
    except ImportError as exc:
        raise TargetError(
            f"the local sandbox is not installed ({exc}): install kalshi-orders[sandbox], or pass --base-url"
        ) from None
    with (
        tempfile.TemporaryDirectory(prefix="kalshi-contract-keys-") as key_dir,
        SandboxServer(SandboxConfig(key_dir=Path(key_dir), rate_limits=False)).start() as sandbox,
    ):
        yield sandbox_target(sandbox, settings)
