"""Which transport each client sends through when the caller names none."""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .aiohttp import AiohttpTransport
    from .httptools import HttptoolsTransport

__all__ = ["default_async_transport", "default_sync_transport", "sends_direct"]

# A transport of the caller's, or options only httpx's own transport implements: the client keeps httpx's.
_HTTPX_TRANSPORT_ONLY = ("transport", "proxy", "mounts")
# Options that only configure the default transport, or that Client.build_request applies to each request:
# with no others, Client.send's pipeline has nothing to do for the wrapper's requests (see .direct).
_DIRECT_OPTIONS = frozenset(
    {"verify", "cert", "trust_env", "http1", "http2", "limits", "headers", "cookies", "params"}
)


# The async default: "httptools" (the lean transport) or "aiohttp" (the previous one, same interface and
# semantics; the wire tests run the client over both).
_ASYNC_DEFAULT = "httptools"


def _env_proxies() -> bool:
    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def default_sync_transport(httpx_args: Mapping[str, Any]) -> httpx.BaseTransport | None:
    """A :class:`DeadlineHTTPTransport` configured from the client's httpx options, or None to let httpx build
    its own when a proxy (given, or from the environment when ``trust_env``) or mounts would route requests
    around it (the sync runner then bounds each attempt by other means)."""
    if any(name in httpx_args for name in _HTTPX_TRANSPORT_ONLY):
        return None
    trust_env = bool(httpx_args.get("trust_env", True))
    if trust_env and _env_proxies():
        return None
    from .httpcore import DEFAULT_LIMITS, DeadlineHTTPTransport

    return DeadlineHTTPTransport(
        verify=httpx_args.get("verify", True),
        cert=httpx_args.get("cert"),
        trust_env=trust_env,
        http1=bool(httpx_args.get("http1", True)),
        http2=bool(httpx_args.get("http2", False)),
        limits=httpx_args.get("limits", DEFAULT_LIMITS),
    )


def default_async_transport(httpx_args: Mapping[str, Any]) -> HttptoolsTransport | AiohttpTransport | None:
    """An :class:`HttptoolsTransport` configured from the client's httpx options, or None to let httpx build
    its own: for HTTP/2, proxies (given, or from the environment when ``trust_env``) and the other options
    it has no counterpart for, so that they keep working exactly as with httpx."""
    if any(name in httpx_args for name in _HTTPX_TRANSPORT_ONLY):
        return None
    if httpx_args.get("http2") or httpx_args.get("http1") is False:
        return None
    trust_env = bool(httpx_args.get("trust_env", True))
    if trust_env and _env_proxies():
        return None
    from .httptools import DEFAULT_LIMITS, HttptoolsTransport  # imported only by async clients

    options: dict[str, Any] = {
        "verify": httpx_args.get("verify", True),
        "cert": httpx_args.get("cert"),
        "trust_env": trust_env,
        "limits": httpx_args.get("limits", DEFAULT_LIMITS),
    }
    if _ASYNC_DEFAULT == "aiohttp":
        from .aiohttp import AiohttpTransport

        return AiohttpTransport(**options)
    return HttptoolsTransport(**options)


def sends_direct(httpx_args: Mapping[str, Any]) -> bool:
    """Whether the runners may hand requests straight to the default transport, skipping
    ``httpx.Client.send``: only when every httpx option given is one the transport or ``build_request``
    applies (``event_hooks``, ``max_redirects`` or anything else keeps httpx's pipeline)."""
    return _DIRECT_OPTIONS.issuperset(httpx_args)
