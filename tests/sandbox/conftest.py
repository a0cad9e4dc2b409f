"""Fixtures for the sandbox tests: the plugin's servers plus signed httpx clients (signed by the wrapper)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kalshi_orders import KalshiAuth, KalshiSigner, PrivateKey, load_private_key
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_session, sandbox_shared_server  # noqa: F401

ClientFactory = Callable[..., httpx.Client]

GTC_ORDER: dict[str, Any] = {
    "ticker": "KXSANDBOX-26DEC31-T50",
    "side": "bid",
    "count": "10",
    "price": "0.30",  # below the simulated best ask: it rests
    "time_in_force": "good_till_canceled",
    "self_trade_prevention_type": "taker_at_cross",
}


@functools.lru_cache(maxsize=32)
def _private_key(path: Path) -> PrivateKey:
    return load_private_key(path=path)  # loading (and checking) an RSA key takes tens of ms: once per file


def signed_client(
    server: SandboxServer, key_id: str | None = None, key_path: Path | None = None, **kwargs: Any
) -> httpx.Client:
    """An httpx client for the server's API, signing every request with the wrapper's KalshiAuth."""
    signer = KalshiSigner(key_id or server.key_id, _private_key(Path(key_path or server.private_key_path)))
    return httpx.Client(base_url=server.base_url, auth=KalshiAuth(signer), timeout=10, **kwargs)


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    clients: list[httpx.Client] = []

    def factory(
        server: SandboxServer, key_id: str | None = None, key_path: Path | None = None
    ) -> httpx.Client:
        client = signed_client(server, key_id, key_path)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


@pytest.fixture
def client(sandbox: SandboxServer, make_client: ClientFactory) -> httpx.Client:  # noqa: F811
    return make_client(sandbox)
