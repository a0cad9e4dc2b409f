"""The root command's global options, and what commands build from them (credentials, base URL, client)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from typer import _click as click  # typer 0.27 vendors click; its Context is the base class

from .._credentials import (
    ENV_KEY_ID,
    ENV_PRIVATE_KEY,
    ENV_PRIVATE_KEY_PASSWORD,
    ENV_PRIVATE_KEY_PATH,
    Credentials,
)
from .._environments import Environment, resolve_base_url
from .._keys import load_private_key
from ..errors import ConfigurationError, KeyLoadError

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
        """The base URL and its environment (demo by default; production only when named)."""
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


def state(ctx: click.Context) -> CliState:
    """The root's state from any sub-command's context (a default one when a sub-app runs on its own)."""
    obj = ctx.find_root().obj
    if isinstance(obj, CliState):
        return obj
    fresh = CliState()
    ctx.find_root().obj = fresh
    return fresh
