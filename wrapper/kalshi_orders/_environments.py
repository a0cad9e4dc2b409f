"""Kalshi environments and base URLs. Demo is the default; production is used only when asked for by name."""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from .errors import ConfigurationError

__all__ = [
    "DEMO_BASE_URL",
    "ENV_BASE_URL",
    "ENV_ENVIRONMENT",
    "LEGACY_DEMO_BASE_URL",
    "LEGACY_PRODUCTION_BASE_URL",
    "PRODUCTION_BASE_URL",
    "Environment",
    "classify_url",
    "is_production_url",
    "resolve_base_url",
    "resolve_base_url_from_env",
]

DEMO_BASE_URL = "https://external-api.demo.kalshi.co/trade-api/v2"
PRODUCTION_BASE_URL = "https://external-api.kalshi.com/trade-api/v2"
LEGACY_DEMO_BASE_URL = "https://demo-api.kalshi.co/trade-api/v2"
LEGACY_PRODUCTION_BASE_URL = "https://api.elections.kalshi.com/trade-api/v2"
# The variables the CLI reads for --base-url and --env; the clients read them the same way.
ENV_BASE_URL = "KALSHI_BASE_URL"
ENV_ENVIRONMENT = "KALSHI_ENV"


class Environment(enum.StrEnum):
    DEMO = "demo"
    PRODUCTION = "production"

    @property
    def base_url(self) -> str:
        """The recommended REST base URL (docs.kalshi.com lists both hosts; the legacy ones still answer)."""
        return DEMO_BASE_URL if self is Environment.DEMO else PRODUCTION_BASE_URL

    @property
    def legacy_base_url(self) -> str:
        return LEGACY_DEMO_BASE_URL if self is Environment.DEMO else LEGACY_PRODUCTION_BASE_URL


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def is_production_url(url: str) -> bool:
    """True for any host under kalshi.com (the production domain; demo lives under kalshi.co)."""
    host = _host(url)
    return host == "kalshi.com" or host.endswith(".kalshi.com")


def classify_url(url: str) -> Environment | None:
    """The environment a URL belongs to, or None for other hosts (a local sandbox, a proxy)."""
    if is_production_url(url):
        return Environment.PRODUCTION
    host = _host(url)
    if host == "kalshi.co" or host.endswith(".kalshi.co"):
        return Environment.DEMO
    return None


def _parse_environment(environment: Environment | str) -> Environment:
    if isinstance(environment, Environment):
        return environment
    if isinstance(environment, str):
        try:
            return Environment(environment.strip().lower())
        except ValueError:
            pass
    raise ConfigurationError(f"unknown environment {environment!r}: use 'demo' or 'production'")


def resolve_base_url(
    environment: Environment | str | None = None, base_url: str | None = None
) -> tuple[str, Environment | None]:
    """The base URL to use and the environment it belongs to (None for a host that is neither).

    * nothing given → demo;
    * ``environment`` only → its recommended host;
    * ``base_url`` → that URL (trailing slash removed). A production host is refused unless ``environment`` is
      ``production`` too, so production is never reached by accident.
    """
    env = None if environment is None else _parse_environment(environment)
    if base_url is None:
        env = env or Environment.DEMO
        return env.base_url, env
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a string URL, not {type(base_url).__name__}")
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            f"base_url {base_url!r} is not an http(s) URL: use e.g. {DEMO_BASE_URL} or a sandbox's base_url"
        )
    found = classify_url(url)
    if found is Environment.PRODUCTION and env is not Environment.PRODUCTION:
        raise ConfigurationError(
            f"base_url {url} is a production host: pass environment='production' as well to trade real money "
            "(the default environment is demo)"
        )
    if found is Environment.DEMO and env is Environment.PRODUCTION:
        raise ConfigurationError(f"base_url {url} is a demo host but environment='production' was asked for")
    return url, found or env


def resolve_base_url_from_env(
    environment: Environment | str | None = None,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, Environment | None]:
    """:func:`resolve_base_url` with the CLI's precedence for what is not passed: ``base_url``, else
    ``KALSHI_BASE_URL``; ``environment``, else ``KALSHI_ENV``; then demo. An empty variable counts as
    unset. (So the sandbox's printed ``export`` lines point ``KalshiClient()`` at the sandbox, as they do
    the CLI.)"""
    env = os.environ if environ is None else environ
    from_env: list[str] = []
    if base_url is None and env.get(ENV_BASE_URL, "").strip():
        base_url = env[ENV_BASE_URL]
        from_env.append(ENV_BASE_URL)
    if environment is None and env.get(ENV_ENVIRONMENT, "").strip():
        environment = env[ENV_ENVIRONMENT]
        from_env.append(ENV_ENVIRONMENT)
    try:
        return resolve_base_url(environment, base_url)
    except ConfigurationError as exc:
        if not from_env:
            raise
        raise ConfigurationError(f"{exc} (from the environment: {', '.join(from_env)})") from None
