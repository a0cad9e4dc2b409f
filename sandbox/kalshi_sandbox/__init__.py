"""kalshi_sandbox: a local stand-in for Kalshi's Trade API v2 orders surface.

::

    from kalshi_sandbox import SandboxConfig, SandboxServer

    with SandboxServer(SandboxConfig(key_dir=tmp_path, rate_limits=False)).start() as sb:
        sb.base_url, sb.key_id, sb.private_key_path, sb.admin, sb.admin_url

Signing, validation, errors and rate limits follow the live API; the spec shipped with
``kalshi_orders_api`` is the single source of truth for routes and schemas. The sandbox never imports the
``kalshi_orders`` wrapper.
"""

from __future__ import annotations

from kalshi_sandbox.admin import SandboxAdmin
from kalshi_sandbox.config import SandboxConfig
from kalshi_sandbox.faults import BREAKAGES, FaultSettings
from kalshi_sandbox.ratelimit import TIERS, RateTier
from kalshi_sandbox.server import SandboxServer

__all__ = [
    "BREAKAGES",
    "TIERS",
    "FaultSettings",
    "RateTier",
    "SandboxAdmin",
    "SandboxConfig",
    "SandboxServer",
]
