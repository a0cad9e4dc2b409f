"""The sandbox admin API: in process (:class:`SandboxAdmin`, ``sb.admin``) and over HTTP under ``/_sandbox/``.

The HTTP form answers loopback clients only and needs no Kalshi auth. Both forms call the same methods.

=======  =========================  ==========================================================
method   path                       body / answer
=======  =========================  ==========================================================
GET      /_sandbox/health           {"status": "ok", ...}
GET      /_sandbox/state            accounts, order counts, faults, breakages, rate limits
POST     /_sandbox/reset            {"accounts": false} -> state
POST     /_sandbox/seed             {"count", "ticker"?, "statuses"?, "seed"?, "key_id"?}
GET/POST/DELETE /_sandbox/faults    POST replaces the fault settings; DELETE clears them
GET/POST/DELETE /_sandbox/breakages POST {"breakages": [...]} replaces; DELETE clears
GET/POST /_sandbox/accounts         POST {"name"?, "key_type"?, "subaccount"?, "public_key_pem"?}
GET      /_sandbox/markets          the configured markets
GET/POST /_sandbox/rate_limits      POST {"enabled": bool, "tier"?: name}
GET      /_sandbox/response_failures  responses that broke the spec (validate_responses)
=======  =========================  ==========================================================
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from kalshi_sandbox.config import is_loopback
from kalshi_sandbox.core import SandboxCore
from kalshi_sandbox.exchange import ExchangeError
from kalshi_sandbox.faults import BREAKAGES
from kalshi_sandbox.ratelimit import RateTier


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | Path):
        return str(value)
    return value


class SandboxAdmin:
    """Control a running sandbox from the test process (thread-safe)."""

    def __init__(self, core: SandboxCore) -> None:
        self._core = core

    # ------------------------------------------------------------------ state
    def health(self) -> dict[str, Any]:
        return {"status": "ok", "default_key_id": self._core.default_key.key_id}

    def state(self) -> dict[str, Any]:
        core = self._core
        return {
            "default_key_id": core.default_key.key_id,
            "accounts": self.accounts(),
            "faults": self.faults(),
            "breakages": self.breakages(),
            "rate_limits": self.rate_limits(),
            "validate_responses": core.validate_responses,
            "response_failures": len(core.response_failures),
            "requests": core.requests,
        }

    def reset(self, *, accounts: bool = False) -> None:
        """Fresh state: no orders, no faults, no breakages, full buckets (and, with ``accounts``, only the
        default key left)."""
        core = self._core
        with core.lock:
            core.exchange.reset()
            core.faults.clear_faults()
            core.set_breakages(set())
            core.limiter.reset(core.config.tier)
            core.rate_limits = core.config.rate_limits
            core.response_failures.clear()
            core.page_tails.clear()
            if accounts:
                core.registry.remove_all_except({core.default_key.key_id})

    # ------------------------------------------------------------------ orders
    def seed_orders(
        self,
        count: int,
        *,
        ticker: str | None = None,
        statuses: list[str] | None = None,
        seed: int = 0,
        key_id: str | None = None,
    ) -> int:
        """Bulk-insert historical orders for an account (default: the default key's); returns its order
        count."""
        core = self._core
        key = self._key(key_id)
        with core.lock:
            core.exchange.seed_orders(core.account(key), count, ticker=ticker, statuses=statuses, seed=seed)
            return int(core.exchange.order_count(core.account(key)))

    def order_count(self, key_id: str | None = None) -> int:
        core = self._core
        with core.lock:
            return int(core.exchange.order_count(core.account(self._key(key_id))))

    def markets(self) -> list[dict[str, Any]]:
        return [_plain(market) for market in self._core.markets]

    # ------------------------------------------------------------------ faults and breakages
    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Replace the fault settings (see ``FaultSettings``): read_500_probability, burst_429, latency_ms,
        drop_connection_probability, the write faults (write_429, write_503, write_500_before_commit,
        write_drop_before_commit, write_500_after_commit, commit_then_drop, commit_then_hang with hang_ms,
        write_fault_probability, faulty_writes), seed. Unnamed faults go back to off."""
        return self._core.faults.set_faults(**settings)

    def clear_faults(self) -> None:
        self._core.faults.clear_faults()

    def faults(self) -> dict[str, Any]:
        return self._core.faults.describe_faults()

    def set_breakages(self, *names: str, **flags: bool) -> list[str]:
        """Replace the active breakages: ``set_breakages("enum_outside_spec")`` or
        ``set_breakages(accept_limit_1001=True)``; ``set_breakages()`` clears them."""
        return self._core.set_breakages({*names, *(name for name, on in flags.items() if on)})

    def clear_breakages(self) -> None:
        self._core.set_breakages(set())

    def breakages(self) -> list[str]:
        return sorted(self._core.faults.breakages)

    @staticmethod
    def available_breakages() -> list[str]:
        return sorted(BREAKAGES)

    # ------------------------------------------------------------------ accounts and limits
    def add_account(
        self,
        name: str | None = None,
        *,
        key_type: str = "rsa",
        subaccount: int | None = None,
        public_key_pem: str | bytes | None = None,
        user_id: str | None = None,
    ) -> tuple[str, Path | None]:
        """Register a key (a new member unless ``user_id`` is given); returns (key_id, private_key_path).
        With ``public_key_pem`` no private key is made and the path is None."""
        key = self._core.registry.add(
            name, key_type=key_type, subaccount=subaccount, public_key_pem=public_key_pem, user_id=user_id
        )
        return key.key_id, key.private_key_path

    def accounts(self) -> list[dict[str, Any]]:
        core = self._core
        with core.lock:
            return [
                {**key.describe(), "order_count": int(core.exchange.order_count(core.account(key)))}
                for key in core.registry.all_keys()
            ]

    def set_rate_limits(self, enabled: bool = True, tier: str | RateTier | None = None) -> dict[str, Any]:
        """Switch rate limiting and/or change the tier (buckets start full)."""
        self._core.rate_limits = enabled
        self._core.limiter.reset(tier)
        return self.rate_limits()

    def rate_limits(self) -> dict[str, Any]:
        limiter = self._core.limiter
        return {
            "enabled": self._core.rate_limits,
            "tier": limiter.tier.name,
            "read": {"refill_rate": limiter.tier.read_rate, "bucket_capacity": limiter.capacity("read")},
            "write": {"refill_rate": limiter.tier.write_rate, "bucket_capacity": limiter.capacity("write")},
            "counts": limiter.counts(),
        }

    def response_failures(self) -> list[str]:
        return list(self._core.response_failures)

    def _key(self, key_id: str | None) -> Any:
        if key_id is None:
            return self._core.default_key
        key = self._core.registry.get(key_id)
        if key is None:
            raise ValueError(f"unknown key id {key_id!r}")
        return key


# ---------------------------------------------------------------------- HTTP form
def _route(admin: SandboxAdmin, method: str, name: str, body: dict[str, Any]) -> Any:
    if name == "health" and method == "GET":
        return admin.health()
    if name == "state" and method == "GET":
        return admin.state()
    if name == "reset" and method == "POST":
        admin.reset(accounts=bool(body.get("accounts", False)))
        return admin.state()
    if name == "seed" and method == "POST":
        count = admin.seed_orders(
            int(body["count"]),
            ticker=body.get("ticker"),
            statuses=body.get("statuses"),
            seed=int(body.get("seed", 0)),
            key_id=body.get("key_id"),
        )
        return {"order_count": count}
    if name == "faults":
        if method == "POST":
            return admin.set_faults(**body)
        if method == "DELETE":
            admin.clear_faults()
        return admin.faults()
    if name == "breakages":
        if method == "POST":
            return {"breakages": admin.set_breakages(*body.get("breakages", []))}
        if method == "DELETE":
            admin.clear_breakages()
        return {"breakages": admin.breakages(), "available": admin.available_breakages()}
    if name == "accounts":
        if method == "POST":
            key_id, path = admin.add_account(
                body.get("name"),
                key_type=body.get("key_type", "rsa"),
                subaccount=body.get("subaccount"),
                public_key_pem=body.get("public_key_pem"),
                user_id=body.get("user_id"),
            )
            return {"key_id": key_id, "private_key_path": str(path) if path else None}
        return {"accounts": admin.accounts()}
    if name == "markets" and method == "GET":
        return {"markets": admin.markets()}
    if name == "rate_limits":
        if method == "POST":
            return admin.set_rate_limits(bool(body.get("enabled", True)), body.get("tier"))
        return admin.rate_limits()
    if name == "response_failures" and method == "GET":
        return {"failures": admin.response_failures()}
    return None


def _admin_error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _same_machine_headers(scope: dict[str, Any]) -> bool:
    """Host (if sent) and Origin (if sent) both name a loopback host."""
    for name, value in scope.get("headers", ()):
        if name in (b"host", b"origin"):
            text = value.decode("latin-1")
            hostname = urlsplit(text if name == b"origin" else "//" + text).hostname
            if hostname is None or not is_loopback(hostname):
                return False
    return True


def handle_admin_request(core: SandboxCore, scope: dict[str, Any], raw: bytes) -> tuple[int, Any]:
    """Answer one ``/_sandbox/...`` request: (status, JSON payload)."""
    client = scope.get("client")
    if not client or not is_loopback(client[0]):
        return 403, _admin_error("forbidden", "the sandbox admin API answers loopback clients only")
    if not _same_machine_headers(scope):
        # A web page can reach loopback through the browser (DNS rebinding, or a cross-site form post).
        return 403, _admin_error(
            "forbidden", "the sandbox admin API answers requests with a loopback Host (and Origin) only"
        )
    name = scope["path"][len("/_sandbox") :].strip("/")
    try:
        body = orjson.loads(raw) if raw.strip() else {}
        if not isinstance(body, dict):
            raise ValueError("the admin request body must be a JSON object")
        result = _route(SandboxAdmin(core), scope["method"], name, body)
    except ExchangeError as exc:  # the engine rejected it (bad seed count, statuses, ticker): its own status
        return exc.status, {"error": exc.to_dict()}
    except (ValueError, TypeError, KeyError) as exc:
        return 400, _admin_error("invalid_parameters", str(exc))
    if result is None:
        return 404, _admin_error("not_found", f"no admin endpoint {scope['method']} /_sandbox/{name}")
    return 200, result
