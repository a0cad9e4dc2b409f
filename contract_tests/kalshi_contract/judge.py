"""Checks that read one exchange (a request and its response) against the spec: schema, enums, required
fields, prices, invariants, error envelope, filters and page ordering.

The same functions judge the live run (rules call them on what they receive, and every recorded exchange
gets a verdict per check in the cassette) and a replay of a cassette against an edited spec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import jsonschema_rs

from . import spec
from .violations import Finding

CHECKS = ("schema", "enums", "required", "prices", "invariants", "errors", "filters", "ordering")


@dataclass
class Exchange:
    """What a check needs of one exchange; built from a live response or a cassette entry."""

    operation: str  # operationId ("" when the path is not in the spec)
    method: str
    path: str  # relative to the base URL
    query: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    content_type: str = ""
    body: Any = None  # parsed JSON, or None
    text: str | None = None  # the raw body

    @property
    def json_ok(self) -> bool:
        return self.body is not None or self.text in (None, "")


def judge(exchange: Exchange, checks: tuple[str, ...] = CHECKS) -> dict[str, list[Finding]]:
    """Check name -> its findings (empty: passed), for every check that applies to the exchange."""
    out: dict[str, list[Finding]] = {}
    if not exchange.operation or exchange.status is None:
        return out
    if not spec.has_operation(exchange.operation):
        # A retired V1 write: only its error answer (410 deprecated_v1_order_endpoint) can be judged.
        if "errors" in checks and exchange.operation in spec.retired_ids():
            found = _errors(exchange)
            if found is not None:
                out["errors"] = found
        return out
    for name in checks:
        found = _CHECKERS[name](exchange)
        if found is not None:
            out[name] = found
    return out


# -------------------------------------------------------------------------------------------- schema


_VALIDATORS: dict[tuple[str, int], Any] = {}


def _validator(operation: str, status: int) -> Any:
    """(fast validity check, detailed validator) for a documented response, or None."""
    key = (operation, status)
    if key not in _VALIDATORS:
        schema = spec.response_schema(operation, status)
        if schema is None:
            _VALIDATORS[key] = None
        else:
            full = spec.json_schema(schema)
            # jsonschema-rs says "valid" fast; jsonschema explains a failure (the error tree for _leaf).
            _VALIDATORS[key] = (jsonschema_rs.validator_for(full), jsonschema.Draft202012Validator(full))
    return _VALIDATORS[key]


def json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _leaf(error: Any) -> Any:
    """The deepest failing part of an error: inside anyOf/oneOf, the branch that got furthest into the value
    (a type mismatch at the top of a branch means the branch was the wrong one)."""
    if not error.context:
        return error
    leaves = [_leaf(sub) for sub in error.context]
    return max(leaves, key=lambda e: (len(e.absolute_path), e.validator != "type"))


def _expected(error: Any) -> str:
    value = error.validator_value
    if error.validator == "type":
        return f"type {' or '.join(value) if isinstance(value, list) else value}"
    if error.validator == "enum":
        return f"one of {[v for v in value if v is not None]}"
    if error.validator == "pattern":
        return f"a string matching {value}"
    if error.validator in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"):
        return f"{error.validator} {value}"
    return str(error.message)


def schema_findings(operation: str, status: int, body: Any) -> list[Finding]:
    """Every place where `body` does not fit the documented schema for `status`, at its deepest field."""
    validators = _validator(operation, status)
    if validators is None:
        return []
    fast, validator = validators
    if fast.is_valid(body):
        return []
    findings = []
    for error in validator.iter_errors(body):
        leaf = _leaf(error)
        path, value = json_path(leaf.absolute_path), leaf.instance
        if leaf.validator == "required":
            missing = [key for key in leaf.validator_value if key not in (leaf.instance or {})]
            path, value = f"{path}.{missing[0] if missing else '?'}", "(missing)"
        findings.append(
            Finding(
                "schema", f"{operation} {status} body does not fit the spec", path, value, _expected(leaf)
            )
        )
    return sorted(findings, key=lambda f: -f.path.count("."))[:20]


def _schema(ex: Exchange) -> list[Finding] | None:
    assert ex.status is not None
    documented = spec.documented_statuses(ex.operation)
    if ex.status not in documented:
        return [
            Finding(
                "schema",
                f"{ex.operation} answered a status the spec does not document",
                "status",
                ex.status,
                f"one of {documented}",
            )
        ]
    if spec.response_schema(ex.operation, ex.status) is None:
        return []
    if not _is_json(ex):
        return [_not_json(ex, "schema")]
    return schema_findings(ex.operation, ex.status, ex.body)


def _is_json(ex: Exchange) -> bool:
    return ex.body is not None and "json" in (ex.content_type or "application/json")


def _not_json(ex: Exchange, check: str) -> Finding:
    return Finding(
        check,
        f"{ex.operation} {ex.status} body is not JSON",
        "content-type",
        f"{ex.content_type or '(none)'}: {(ex.text or '')[:80]}",
        "application/json",
    )


# ----------------------------------------------------------------------------------- enums and required


def _success_body(ex: Exchange) -> tuple[dict[str, Any], Any] | None:
    assert ex.status is not None
    if not 200 <= ex.status < 300 or ex.body is None:
        return None
    schema = spec.response_schema(ex.operation, ex.status)
    return (schema, ex.body) if schema is not None else None


def _enums(ex: Exchange) -> list[Finding] | None:
    found = _success_body(ex)
    if found is None:
        return None
    return [
        Finding("enums", f"{ex.operation} returned a value outside a documented enum", path, value, expected)
        for path, value, expected in spec.enum_problems(*found)
    ]


def _required(ex: Exchange) -> list[Finding] | None:
    found = _success_body(ex)
    if found is None:
        return None
    return [
        Finding("required", f"{ex.operation} response lacks a required field", path, "(missing)", "present")
        for path in spec.missing_required_paths(*found)
    ]


# ------------------------------------------------------------------------------------- orders in a body


def orders_in(ex: Exchange) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON path, order) for every order of a GetOrders / GetOrder body."""
    body = ex.body if isinstance(ex.body, dict) else {}
    if ex.operation == "GetOrders" and isinstance(body.get("orders"), list):
        for index, order in enumerate(body["orders"]):
            if isinstance(order, dict):
                yield f"$.orders[{index}]", order
    elif ex.operation == "GetOrder" and isinstance(body.get("order"), dict):
        yield "$.order", body["order"]


def _has_orders(ex: Exchange) -> bool:
    return ex.operation in ("GetOrders", "GetOrder") and ex.status == 200 and isinstance(ex.body, dict)


def _dec(value: Any) -> Decimal | None:
    if not isinstance(value, str):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def timestamp(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def price_pair(where: str, order: dict[str, Any]) -> list[Finding]:
    yes, no = _dec(order.get("yes_price_dollars")), _dec(order.get("no_price_dollars"))
    if yes is None or no is None:
        return []  # a missing or malformed price is the schema's and required's finding
    if yes + no == 1:
        return []
    return [
        Finding(
            "prices",
            f"order {order.get('order_id')}: yes_price_dollars + no_price_dollars must be exactly 1",
            f"{where}.no_price_dollars",
            order.get("no_price_dollars"),
            f"{1 - yes} (1 - yes_price_dollars {order.get('yes_price_dollars')})",
        )
    ]


def _prices(ex: Exchange) -> list[Finding] | None:
    if not _has_orders(ex):
        return None
    return [finding for where, order in orders_in(ex) for finding in price_pair(where, order)]


# ----------------------------------------------------------------------------------------- invariants


def _inv_price_pair(where: str, order: dict[str, Any]) -> Finding | None:
    found = price_pair(where, order)
    return found[0] if found else None


def _inv_counts(where: str, order: dict[str, Any]) -> Finding | None:
    fill, remaining = _dec(order.get("fill_count_fp")), _dec(order.get("remaining_count_fp"))
    initial = _dec(order.get("initial_count_fp"))
    if fill is None or remaining is None or initial is None:
        return None
    if fill + remaining <= initial:
        return None
    return Finding(
        "invariants",
        f"order {order.get('order_id')}: fill_count_fp + remaining_count_fp must not exceed initial_count_fp",
        f"{where}.initial_count_fp",
        order.get("initial_count_fp"),
        f">= {fill + remaining} (fill {order.get('fill_count_fp')} + remaining "
        f"{order.get('remaining_count_fp')})",
    )


def _inv_times(where: str, order: dict[str, Any]) -> Finding | None:
    created, updated = timestamp(order.get("created_time")), timestamp(order.get("last_update_time"))
    if created is None or updated is None or created <= updated:
        return None
    return Finding(
        "invariants",
        f"order {order.get('order_id')}: last_update_time must not be before created_time",
        f"{where}.last_update_time",
        order.get("last_update_time"),
        f">= created_time {order.get('created_time')}",
    )


def _inv_status(where: str, order: dict[str, Any]) -> Finding | None:
    remaining, status = _dec(order.get("remaining_count_fp")), order.get("status")
    if remaining is None or status not in ("resting", "canceled", "executed"):
        return None
    if (status == "resting") == (remaining > 0):
        return None
    expected = "> 0 (a resting order has contracts left)" if status == "resting" else f"0 (status {status})"
    return Finding(
        "invariants",
        f"order {order.get('order_id')}: remaining_count_fp must agree with status {status!r}",
        f"{where}.remaining_count_fp",
        order.get("remaining_count_fp"),
        expected,
    )


INVARIANTS: dict[str, Callable[[str, dict[str, Any]], Finding | None]] = {
    "price-pair-sums-to-one": _inv_price_pair,
    "counts-add-up": _inv_counts,
    "created-before-update": _inv_times,
    "status-matches-remaining": _inv_status,
}


def order_invariants(where: str, order: dict[str, Any]) -> list[Finding]:
    """Every `x-invariants` entry of the spec that applies to Order, on one order."""
    out = []
    for entry in spec.invariants():
        if entry.get("applies-to") != "Order":
            continue
        check = INVARIANTS.get(str(entry.get("id")))
        if check is None:
            out.append(
                Finding("invariants", f"the suite has no check for x-invariants entry {entry.get('id')!r}")
            )
            continue
        finding = check(where, order)
        if finding is not None:
            finding.what += f" [{entry['id']}]"
            out.append(finding)
    return out


def _invariants(ex: Exchange) -> list[Finding] | None:
    if not _has_orders(ex):
        return None
    return [finding for where, order in orders_in(ex) for finding in order_invariants(where, order)]


# ------------------------------------------------------------------------------------- error envelope


def envelope_findings(ex: Exchange) -> list[Finding]:
    """A 4xx/5xx carries the documented error envelope with a code, and a documented code where the spec
    names the codes of that status."""
    assert ex.status is not None
    if not _is_json(ex) or not isinstance(ex.body, dict):
        return [_not_json(ex, "errors")]
    body = ex.body
    inner = body.get("error")
    if ex.status == 429 and isinstance(inner, str):
        return []  # the rate limiter's documented bare string
    detail = inner if isinstance(inner, dict) else body
    code = detail.get("code")
    where = "$.error.code" if isinstance(inner, dict) else "$.code"
    if not isinstance(code, str) or not code:
        return [
            Finding(
                "errors",
                f"{ex.operation} {ex.status}: the error body must carry the envelope with a code",
                where,
                code if code is not None else "(missing)",
                'a non-empty code, e.g. {"error": {"code": "...", "message": "..."}}',
            )
        ]
    documented = spec.error_codes(ex.operation, ex.status)
    if documented and code not in documented:
        return [
            Finding(
                "errors",
                f"{ex.operation} {ex.status}: the error code must be one the spec documents for this status",
                where,
                code,
                f"one of {documented}",
            )
        ]
    return []


def _errors(ex: Exchange) -> list[Finding] | None:
    assert ex.status is not None
    if ex.status < 400:
        return None
    return envelope_findings(ex)


# -------------------------------------------------------------------------------------------- filters


def _matches_event(order: dict[str, Any], events: list[str]) -> bool:
    event = order.get("event_ticker")
    if isinstance(event, str) and event:
        return event in events
    ticker = str(order.get("ticker") or "")
    # A market ticker is its event ticker plus "-" and the market's own suffix.
    return any(ticker.startswith(e + "-") for e in events)


def filter_findings(query: dict[str, Any], where: str, order: dict[str, Any]) -> list[Finding]:
    """Where `order` does not match a GetOrders filter of `query` (values as sent on the wire)."""
    out: list[Finding] = []
    order_id = order.get("order_id")

    def add(name: str, path: str, value: Any, expected: str) -> None:
        what = f"GetOrders?{name}={query[name]} listed order {order_id}, which the filter excludes"
        out.append(Finding("filters", what, f"{where}.{path}", value, expected))

    if query.get("ticker") and order.get("ticker") != query["ticker"]:
        add("ticker", "ticker", order.get("ticker"), repr(str(query["ticker"])))
    if query.get("event_ticker"):
        events = [e for e in str(query["event_ticker"]).split(",") if e]
        if not _matches_event(order, events):
            add("event_ticker", "ticker", order.get("ticker"), f"a market of event {' or '.join(events)}")
    if query.get("status") and order.get("status") != query["status"]:
        add("status", "status", order.get("status"), repr(str(query["status"])))
    created = timestamp(order.get("created_time"))
    # One second of slack: the bounds are whole seconds, created_time is not.
    if query.get("min_ts") not in (None, "") and created is not None and created < int(query["min_ts"]) - 1:
        add(
            "min_ts",
            "created_time",
            order.get("created_time"),
            f"at or after {int(query['min_ts'])} (Unix s)",
        )
    if query.get("max_ts") not in (None, "") and created is not None and created > int(query["max_ts"]) + 1:
        add(
            "max_ts",
            "created_time",
            order.get("created_time"),
            f"at or before {int(query['max_ts'])} (Unix s)",
        )
    if query.get("subaccount") not in (None, ""):
        number = order.get("subaccount_number")
        if (number if number is not None else 0) != int(query["subaccount"]):
            add("subaccount", "subaccount_number", number, str(int(query["subaccount"])))
    shard = query.get("exchange_index")
    if shard not in (None, "") and "exchange_index" in order and order["exchange_index"] != int(str(shard)):
        add(
            "exchange_index",
            "exchange_index",
            order.get("exchange_index"),
            str(int(query["exchange_index"])),
        )
    return out


def _filters(ex: Exchange) -> list[Finding] | None:
    if ex.operation != "GetOrders" or not _has_orders(ex):
        return None
    return [finding for where, order in orders_in(ex) for finding in filter_findings(ex.query, where, order)]


# ------------------------------------------------------------------------------------------- ordering


def ordering_findings(
    orders: list[tuple[str, dict[str, Any]]], operation: str = "GetOrders"
) -> list[Finding]:
    """Where consecutive orders break the spec's `x-kalshi-ordering` (newest first by created_time)."""
    rule = spec.ordering(operation)
    if not rule:
        return []
    key, descending = str(rule["field"]), rule.get("direction", "descending") == "descending"
    previous: tuple[str, dict[str, Any], float] | None = None
    for where, order in orders:
        value = timestamp(order.get(key))
        if value is None:
            continue
        if previous is not None and (value > previous[2] if descending else value < previous[2]):
            word = "newest" if descending else "oldest"
            return [
                Finding(
                    "ordering",
                    f"{operation} must list orders {word} first by {key}: order {order.get('order_id')} "
                    f"comes after order {previous[1].get('order_id')} ({previous[1].get(key)})",
                    f"{where}.{key}",
                    order.get(key),
                    f"{'<=' if descending else '>='} {previous[1].get(key)}",
                )
            ]
        previous = (where, order, value)
    return []


def _ordering(ex: Exchange) -> list[Finding] | None:
    if ex.operation != "GetOrders" or not _has_orders(ex):
        return None
    return ordering_findings(list(orders_in(ex)), ex.operation)


_CHECKERS: dict[str, Callable[[Exchange], list[Finding] | None]] = {
    "schema": _schema,
    "enums": _enums,
    "required": _required,
    "prices": _prices,
    "invariants": _invariants,
    "errors": _errors,
    "filters": _filters,
    "ordering": _ordering,
}
