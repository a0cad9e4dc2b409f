"""The root command's global options, and what commands build from them (credentials, base URL, client)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import typer

from .._credentials import (
    ENV_KEY_ID,
    ENV_PRIVATE_KEY,
    ENV_PRIVATE_KEY_PASSWORD,
    ENV_PRIVATE_KEY_PATH,
    Credentials,
)
from .._environments import DEMO_BASE_URL, Environment, classify_url, resolve_base_url
from .._keys import load_private_key
from ..errors import ConfigurationError, KeyLoadError
from ._errors import CliError

__all__ = ["CliState", "state"]


@dataclass
class CliState:
    base_url: str | None = None
    env: Environment | None = None
    key_id: str | None = None
    private_key_path: str | None = None
    verbose: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # Tests wrap the client here (e.g. to simulate Ctrl-C mid-walk); normal runs use KalshiClient.
    client_factory: Callable[..., Any] | None = None

    def resolve_url(self) -> tuple[str, Environment | None]:
        """The base URL and its environment (demo by default; production only when named). Refusals are
        worded in the command line's options."""
        if self.base_url is not None:
            url = self.base_url.strip().rstrip("/")
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise CliError(
                    f"--base-url {self.base_url!r} (or KALSHI_BASE_URL) is not an http(s) URL: use e.g. "
                    f"{DEMO_BASE_URL}, or the base URL `kalshi-orders sandbox serve` prints."
                )
            found = classify_url(url)
            if found is Environment.PRODUCTION and self.env is not Environment.PRODUCTION:
                raise CliError(
                    f"--base-url {url} is a production host: add --env production to trade real money "
                    "(the default environment is demo)."
                )
            if found is Environment.DEMO and self.env is Environment.PRODUCTION:
                raise CliError(f"--base-url {url} is a demo host, but --env production was given: drop one.")
        return resolve_base_url(self.env, self.base_url)

    def credential_environ(self) -> dict[str, str]:
        """The environment with --key-id / --private-key laid over it (options win over variables)."""
        env = dict(self.environ)
        if self.key_id is not None:
            env[ENV_KEY_ID] = self.key_id
        if self.private_key_path is not None:
            env[ENV_PRIVATE_KEY_PATH] = self.private_key_path
            env.pop(ENV_PRIVATE_KEY, None)
        return env

    def credentials(self) -> Credentials:
        """Options first, then KALSHI_* variables; errors name the option or variable that was used."""
        env = self.credential_environ()
        missing = []
        if not env.get(ENV_KEY_ID, "").strip():
            missing.append(f"--key-id (or {ENV_KEY_ID})")
        if not (env.get(ENV_PRIVATE_KEY_PATH, "").strip() or env.get(ENV_PRIVATE_KEY, "").strip()):
            missing.append(
                f"--private-key PATH (or {ENV_PRIVATE_KEY_PATH}, or the PEM text in {ENV_PRIVATE_KEY})"
            )
        if missing:
            raise CliError(
                "Kalshi credentials are not configured: pass "
                + " and ".join(missing)
                + ". Keys are made on the account's API keys page (demo and production keys differ); "
                "`kalshi-orders keys check` tests one."
            )
        if self.private_key_path is None:
            return Credentials.from_env(env)
        key_id = env.get(ENV_KEY_ID, "").strip()
        if not key_id:
            raise ConfigurationError(f"no API key id: pass --key-id or set {ENV_KEY_ID}")
        try:
            key = load_private_key(
                path=self.private_key_path, password=env.get(ENV_PRIVATE_KEY_PASSWORD) or None
            )
        except KeyLoadError as exc:
            raise KeyLoadError(f"--private-key: {exc}") from None
        return Credentials(key_id, key)

    def client(self) -> Any:
        """A ``KalshiClient`` for the configured environment (imported here: `spec`/`keys` never need it)."""
        from .._client import KalshiClient

        url, env = self.resolve_url()
        factory = self.client_factory or KalshiClient
        return factory(
            credentials=self.credentials(),
            environment=env.value if env is not None else None,
            base_url=url,
        )


def state(ctx: typer.Context) -> CliState:
    """The root's state from any sub-command's context (a default one when a sub-app runs on its own)."""
    obj = ctx.find_root().obj
    if isinstance(obj, CliState):
        return obj
    fresh = CliState()
    ctx.find_root().obj = fresh
    return fresh
