"""The sandbox's runtime state, shared by the ASGI app and the admin API."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from kalshi_sandbox.auth import Authenticator
from kalshi_sandbox.config import SandboxConfig
from kalshi_sandbox.exchange import DEFAULT_MARKETS, Account, Exchange
from kalshi_sandbox.faults import FaultInjector
from kalshi_sandbox.keys import ApiKey, KeyRegistry, default_key_dir
from kalshi_sandbox.ratelimit import RateLimiter
from kalshi_sandbox.spec import load_spec
from kalshi_sandbox.validation import RELAXATIONS, SpecValidators

logger = logging.getLogger("kalshi_sandbox")

_MAX_PAGE_TAILS = 10_000


class SandboxCore:
    """Keys, exchange, limiter, faults and validators of one sandbox."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.spec = load_spec()
        self.registry = KeyRegistry(Path(config.key_dir) if config.key_dir is not None else default_key_dir())
        self.default_key: ApiKey = self.registry.default_key(config.key_type)
        self.markets = list(config.markets if config.markets is not None else DEFAULT_MARKETS)
        secret = (
            hashlib.sha256(f"sandbox-{config.seed}".encode()).digest() if config.seed is not None else None
        )
        self.exchange = Exchange(self.markets, clock=config.clock, cursor_secret=secret)
        # The engine is not thread-safe: the event loop and in-process admin calls share this lock.
        self.lock = threading.RLock()
        self.auth = Authenticator(self.registry, timestamp_window=config.timestamp_window, clock=config.clock)
        self.rate_limits = config.rate_limits
        self.limiter = RateLimiter(config.tier)
        writes = frozenset(op.operation_id for op in self.spec.operations.values() if op.is_write)
        self.faults = FaultInjector(config.seed, writes)
        self.validate_responses = config.validate_responses
        self._strict_query = config.strict_query_params
        self._validators: dict[frozenset[str], SpecValidators] = {
            frozenset(): SpecValidators(self.spec, strict_query=self._strict_query)
        }
        self._accounts: dict[str, Account] = {}
        self.response_failures: list[str] = []
        self.requests = 0
        # repeat_across_pages: next-page cursor -> last order of the page that produced it.
        self.page_tails: OrderedDict[str, dict[str, Any]] = OrderedDict()
        if config.faults:
            self.faults.set_faults(**config.faults)
        if config.breakages:
            self.set_breakages(set(config.breakages))

    def account(self, key: ApiKey) -> Account:
        found = self._accounts.get(key.user_id)
        if found is None:
            found = self._accounts[key.user_id] = Account(key.user_id)
        return found

    def validators(self) -> SpecValidators:
        """Request validators for the active breakages (some relax a rule on purpose)."""
        relaxed = self.faults.breakages & RELAXATIONS
        found = self._validators.get(relaxed)
        if found is None:
            found = self._validators[relaxed] = SpecValidators(
                self.spec, strict_query=self._strict_query, breakages=relaxed
            )
        return found

    def set_breakages(self, names: set[str]) -> list[str]:
        active = self.faults.set_breakages(names)
        self.auth.verify_signatures = "accept_bad_signature" not in self.faults.breakages
        self.validators()  # compile now, not inside a request
        return active

    def remember_page_tail(self, cursor: str, order: dict[str, Any]) -> None:
        self.page_tails[cursor] = order
        while len(self.page_tails) > _MAX_PAGE_TAILS:
            self.page_tails.popitem(last=False)

    def record_failure(self, message: str) -> None:
        logger.error("sandbox contract failure: %s", message)
        self.response_failures.append(message)
