"""Run settings shared by the runner, the CLI and the pytest plugin, and the three run profiles."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

# Rules, as named by the `@pytest.mark.rule(...)` markers of the suite.
RULES = (
    "schemathesis",
    "enums",
    "prices",
    "required",
    "pagination",
    "filters",
    "ordering",
    "invariants",
    "errors",
    "conflicts",
    "echoes",
    "queue",
    "auth",
    "retired",
    "stateful",
)
REPORT_FORMATS = ("har",)  # written on request; the others always are

DEFAULT_SANDBOX_TICKER = "KXSANDBOX-26DEC31-T50"


@dataclass(frozen=True)
class Profile:
    """How hard a run pushes: examples per schemathesis operation, stateful steps, and the request rate."""

    name: str
    max_examples: int
    stateful_examples: int
    stateful_steps: int
    # Requests per second for the suite's own client and for schemathesis; None = unthrottled.
    rate_limit: float | None
    derandomize: bool


PROFILES: dict[str, Profile] = {
    # CI against the sandbox: quick, and reproducible from the seed (the default one unless --seed).
    "ci": Profile(
        "ci", max_examples=12, stateful_examples=4, stateful_steps=12, rate_limit=None, derandomize=False
    ),
    # Local exploration: more examples, random seeds.
    "dev": Profile(
        "dev", max_examples=40, stateful_examples=10, stateful_steps=20, rate_limit=None, derandomize=False
    ),
    # The live demo: few examples and well under the Basic tier's budget (20 reads/s, 10 writes/s at cost 10).
    "demo": Profile(
        "demo", max_examples=4, stateful_examples=1, stateful_steps=6, rate_limit=4.0, derandomize=True
    ),
}


@dataclass(frozen=True)
class RunSettings:
    profile: str = "ci"
    base_url: str | None = None  # None: start the local sandbox
    allow_production: bool = False
    dry_run: bool = False
    report_dir: Path = Path("reports/contract")
    ticker: str | None = None  # None: the sandbox's default market (required on a remote target)
    seed: int | None = 20261123
    max_examples: int | None = None  # overrides the profile
    rules: tuple[str, ...] = ()  # empty: every rule
    # Tick of the safe ticker's price grid (linear_cent markets: 0.01); used for the off-tick price case.
    tick: Decimal = Decimal("0.01")
    extra_pytest_args: tuple[str, ...] = field(default_factory=tuple)
    verbose: bool = False  # print pytest's own output (tracebacks) too; it is always in pytest.log
    report_formats: tuple[str, ...] = ()  # extra reports: "har"
    operations: tuple[str, ...] = ()  # schemathesis fuzzes only these operationIds (empty: every one)

    @property
    def profile_info(self) -> Profile:
        return PROFILES[self.profile]

    @property
    def examples(self) -> int:
        return self.max_examples if self.max_examples is not None else self.profile_info.max_examples

    def with_overrides(self, **changes: object) -> RunSettings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, **overrides: object) -> RunSettings:
        """Settings from KALSHI_* variables, then explicit overrides (None values are ignored)."""
        values: dict[str, object] = {}
        if os.environ.get("KALSHI_BASE_URL"):
            values["base_url"] = os.environ["KALSHI_BASE_URL"]
        if os.environ.get("KALSHI_CONTRACT_TICKER"):
            values["ticker"] = os.environ["KALSHI_CONTRACT_TICKER"]
        if os.environ.get("KALSHI_CONTRACT_PROFILE"):
            values["profile"] = os.environ["KALSHI_CONTRACT_PROFILE"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "profile" not in values and values.get("base_url"):
            from .hosts import classify_host

            if classify_host(str(values["base_url"])) != "other":
                # Kalshi's own hosts share the account's request budget: the gentle profile by default.
                values["profile"] = "demo"
        settings = cls(**values)  # type: ignore[arg-type]
        if settings.profile not in PROFILES:
            raise ValueError(f"unknown profile {settings.profile!r}: use one of {', '.join(PROFILES)}")
        unknown = set(settings.rules) - set(RULES)
        if unknown:
            raise ValueError(f"unknown rule(s) {', '.join(sorted(unknown))}: use any of {', '.join(RULES)}")
        if settings.operations:
            from . import spec

            unknown_ops = [op for op in settings.operations if not spec.has_operation(op)]
            if unknown_ops:
                known = ", ".join(op.operation_id for op in spec.operations())
                raise ValueError(f"unknown operation(s) {', '.join(unknown_ops)}: use any of {known}")
        bad_formats = set(settings.report_formats) - set(REPORT_FORMATS)
        if bad_formats:
            raise ValueError(
                f"unknown report format(s) {', '.join(sorted(bad_formats))}: use {', '.join(REPORT_FORMATS)}"
            )
        return settings
