"""What a violated rule says: the operation, the exchange at fault, the field path and value, what the spec
expected, and the rule in words. Rules raise `ContractViolation`; the plugin turns it into the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .recorder import Interaction


@dataclass
class Finding:
    """One place where an exchange breaks a check (no exchange attached yet)."""

    check: str  # the rule that owns the check: enums, required, invariants, errors, ...
    what: str  # the rule in words
    path: str = ""  # JSON path in the response body ($.orders[2].status), or "status" for the HTTP status
    value: Any = None
    expected: str = ""

    def line(self) -> str:
        parts = [self.what]
        if self.path:
            parts.append(f"{self.path} = {_short(self.value)}")
        if self.expected:
            parts.append(f"expected {self.expected}")
        return ": ".join(parts[:1]) + ("" if len(parts) == 1 else " — " + ", ".join(parts[1:]))


@dataclass
class Violation:
    finding: Finding
    operation: str = ""
    exchange: Interaction | None = None
    others: list[Finding] = field(default_factory=list)  # further findings of the same failure

    @property
    def message(self) -> str:
        extra = f" (+{len(self.others)} more)" if self.others else ""
        return self.finding.line() + extra


class ContractViolation(AssertionError):  # noqa: N818 - a failed assertion, as pytest shows it
    """An assertion of the contract with its structured evidence."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.message)
        self.violation = violation


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
