"""Configuration of a sandbox server."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kalshi_sandbox.exchange import MarketConfig
from kalshi_sandbox.ratelimit import RateTier


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class SandboxConfig:
    """Everything a :class:`~kalshi_sandbox.server.SandboxServer` needs; the defaults suit tests."""

    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    key_dir: Path | str | None = None  # None: $KALSHI_SANDBOX_KEY_DIR or ~/.kalshi-sandbox
    key_type: str = "rsa"  # the default account's key: "rsa" | "ed25519"
    markets: Sequence[MarketConfig] | None = None  # None: kalshi_sandbox.exchange.DEFAULT_MARKETS
    rate_limits: bool = True  # False for benchmarks
    tier: str | RateTier = "basic"
    timestamp_window: float = 30.0  # seconds either side of the server clock
    validate_responses: bool = False  # debug: every outgoing body is checked against the spec (on in tests)
    strict_query_params: bool = False  # reject unknown query parameters (the live API ignores them)
    faults: dict[str, Any] = field(default_factory=dict)  # initial FaultSettings, e.g. {"latency_ms": 5}
    breakages: Sequence[str] = ()  # initial contract breakages
    seed: int | None = None  # RNG seed for faults (and the exchange's cursor secret)
    allow_remote: bool = False  # permit a non-loopback host (the sandbox has no real security)
    clock: Callable[[], float] = time.time  # wall clock for auth timestamps and the exchange

    def check_host(self) -> None:
        if not is_loopback(self.host) and not self.allow_remote:
            raise ValueError(
                f"refusing to serve the sandbox on non-loopback host {self.host!r}: "
                "pass allow_remote=True (CLI: --allow-remote) if you really mean it"
            )
