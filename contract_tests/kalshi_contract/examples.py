"""The first failing example of a rule, as a person reads it: the operation, the request, the response's
status and offending part, the field and value at fault, the rule in words, and how to reproduce it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from . import judge
from .recorder import Interaction
from .violations import ContractViolation, Finding, Violation

_PART = re.compile(r"\.[A-Za-z_][A-Za-z0-9_]*$|\[\d+\]$")
_EXCERPT = 400
# Fields a finding on the key is judged against (shown beside it in the response excerpt).
_RELATED = {
    "no_price_dollars": ("yes_price_dollars",),
    "initial_count_fp": ("fill_count_fp", "remaining_count_fp"),
    "remaining_count_fp": ("fill_count_fp", "initial_count_fp"),
    "last_update_time": ("created_time",),
    "created_time": ("last_update_time",),
    "subaccount_number": (),
}


@dataclass
class Example:
    rule_in_words: str
    operation: str = ""
    request: str = ""  # METHOD path?query
    request_body: str | None = None
    status: int | None = None
    field: str = ""
    value: Any = None
    expected: str = ""
    response_part: str = ""  # the part of the response body that holds the field (JSON, shortened)
    reproduce: str = ""  # sign line + curl, credentials as shell variables
    more: int = 0  # further findings of the same failure

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def from_violation(violation: Violation) -> Example:
    finding, exchange = violation.finding, violation.exchange
    example = Example(
        rule_in_words=finding.what,
        operation=violation.operation or (exchange.operation if exchange else ""),
        field=finding.path,
        value=finding.value,
        expected=finding.expected,
        more=len(violation.others),
    )
    if exchange is not None:
        example.request = exchange.describe_request()
        example.request_body = exchange.request_body
        example.status = exchange.status
        example.response_part = offending_part(exchange, finding.path)
        example.reproduce = exchange.reproduce()
    return example


def offending_part(exchange: Interaction, path: str) -> str:
    """The smallest object of the response body that holds `path` (the whole body for status-level faults)."""
    body = exchange.exchange().body
    if body is None:
        return (exchange.response_body or "")[:_EXCERPT]
    if path.startswith("$"):
        parent = _PART.sub("", path)
        node = _at(body, parent)
        if node is not None:
            body = node
        leaf = path[len(parent) :].lstrip(".")
        if isinstance(body, dict) and len(body) > 6:
            # A whole order is long: its id, the field at fault and the fields it is judged against.
            keep = ["order_id", "ticker", "status", leaf, *_RELATED.get(leaf, ())]
            body = {key: body[key] for key in dict.fromkeys(keep) if key in body}
            body["…"] = "…"
    text = orjson.dumps(body).decode()
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _at(body: Any, path: str) -> Any:
    node = body
    for token in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", path[1:]):
        key, index = token
        try:
            node = node[int(index)] if index else node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _schemathesis_failures(exc: BaseException) -> list[Any]:
    from schemathesis.errors import FailureGroup

    if isinstance(exc, FailureGroup):
        return list(exc.exceptions)
    if hasattr(exc, "checks") and hasattr(exc, "title") and isinstance(exc, AssertionError):
        return [exc]
    return []


def _violations(exc: BaseException) -> list[Violation]:
    if isinstance(exc, ContractViolation):
        return [exc.violation]
    found: list[Violation] = []
    for sub in getattr(exc, "exceptions", ()) or ():
        found += _violations(sub)
    return found


def explain(exc: BaseException, rule: str, sent: list[Interaction]) -> Example | None:
    """The example of a failed test: its ContractViolation, a schemathesis failure, or a plain assertion
    with the test's last exchange."""
    violations = _violations(exc)
    if violations:
        return from_violation(violations[0])
    failures = _schemathesis_failures(exc)
    last = next((i for i in reversed(sent) if i.status is not None), sent[-1] if sent else None)
    if failures:
        return _from_schemathesis(failures, last)
    if isinstance(exc, AssertionError):
        message = str(exc).split("\nassert ", 1)[0].strip().splitlines()
        finding = Finding(rule, message[0] if message else "assertion failed")
        return from_violation(Violation(finding, exchange=last))
    return None


def _from_schemathesis(failures: list[Any], last: Interaction | None) -> Example:
    first = failures[0]
    checks = [check for failure in failures for check in getattr(failure, "checks", ())]
    finding: Finding | None = None
    if (
        last is not None
        and last.operation
        and last.status is not None
        and "response_schema_conformance" in checks
    ):
        deep = judge.schema_findings(last.operation, last.status, last.exchange().body)
        if deep:
            finding = deep[0]
            finding.what = f"{first.title} ({', '.join(dict.fromkeys(checks))})"
    if finding is None:
        detail = str(getattr(first, "message", "") or "").strip().splitlines()
        finding = Finding(
            "schemathesis",
            f"{first.title} ({', '.join(dict.fromkeys(checks)) or 'schemathesis'})",
            "status" if last is not None else "",
            last.status if last is not None else None,
            detail[0][:200] if detail else "",
        )
    others = [Finding("schemathesis", str(f.title)) for f in failures[1:]]
    return from_violation(Violation(finding, exchange=last, others=others))
