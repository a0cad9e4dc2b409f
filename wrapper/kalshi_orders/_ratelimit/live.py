"""The account's live limits: ``GET /account/limits`` and ``GET /account/endpoint_costs`` read into numbers.

``endpoint_costs`` names each endpoint by method and path, in a form Kalshi does not document: the sandbox
sends spec templates (``/portfolio/orders/{order_id}``), Kalshi may send the full route
(``/trade-api/v2/portfolio/orders/{order_id}``) or other parameter spellings (``:order_id``). Both sides are
reduced to one key (upper-case method; path without the API prefix, query or trailing slash; every parameter
segment as ``{}``) before matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kalshi_orders_api.models.get_account_api_limits_response import GetAccountApiLimitsResponse
from kalshi_orders_api.models.get_account_endpoint_costs_response import GetAccountEndpointCostsResponse

from .bucket import ServerLimit

__all__ = ["LiveLimits", "Route", "costs_from", "limits_from", "route_key"]

Route = tuple[str, str, str]  # (operation id, method, path template)

_PREFIX = re.compile(r"^/trade-api/v\d+(?=/|$)")
_PARAMETER = re.compile(r"^(\{[^/{}]*\}|:[^/]+|<[^/<>]*>)$")
# Anything beyond this is not a budget Kalshi hands out (its largest tier refills 4,000 tokens/s): garbage.
_MAX_RATE = 1_000_000


@dataclass(frozen=True)
class LiveLimits:
    """What one load found. Either half may be missing (None) when its read failed; ``problems`` says what
    failed, in words for the log, and ``transient`` whether that is worth retrying soon (429, 5xx, transport)
    rather than at the next refresh (403, 404, a body that makes no sense)."""

    usage_tier: str | None = None
    read: ServerLimit | None = None
    write: ServerLimit | None = None
    default_cost: float | None = None
    costs: Mapping[str, float] = field(default_factory=dict)  # operation id -> listed cost
    problems: tuple[str, ...] = ()
    transient: bool = False


def route_key(method: str, path: str) -> tuple[str, str]:
    """The matching key of an endpoint, whichever form its path is written in."""
    text = path.strip()
    if "://" in text:
        text = urlsplit(text).path
    text = text.split("?", 1)[0].split("#", 1)[0]
    if not text.startswith("/"):
        text = "/" + text
    text = _PREFIX.sub("", text).rstrip("/") or "/"
    segments = ["{}" if _PARAMETER.match(s) else s for s in text.split("/")]
    return method.strip().upper(), "/".join(segments)


def limits_from(
    model: GetAccountApiLimitsResponse, default_cost: float
) -> tuple[str, ServerLimit, ServerLimit]:
    """The tier and both buckets; ValueError if the numbers cannot be a real budget (a zero rate, a bucket
    that cannot hold one default request)."""
    buckets = []
    for name, limit in (("read", model.read), ("write", model.write)):
        rate, capacity = limit.refill_rate, limit.bucket_capacity
        if not 0 < rate <= _MAX_RATE or not default_cost <= capacity <= 3600 * _MAX_RATE:
            raise ValueError(
                f"{name} bucket refill_rate={rate} bucket_capacity={capacity} is not a usable budget "
                f"(a positive rate, and room for one {default_cost:g}-token request)"
            )
        buckets.append(ServerLimit(float(rate), float(capacity)))
    return str(model.usage_tier), buckets[0], buckets[1]


def costs_from(
    model: GetAccountEndpointCostsResponse, routes: Iterable[Route]
) -> tuple[float, dict[str, float], int]:
    """``(default_cost, {operation id: cost} for the listed endpoints we call, entries matching none)``.
    An endpoint listed twice (both path forms, say) costs the higher figure."""
    default = model.default_cost
    if not 0 < default <= _MAX_RATE:
        raise ValueError(f"default_cost={default} is not a usable cost")
    by_key = {route_key(method, path): operation_id for operation_id, method, path in routes}
    found: dict[str, float] = {}
    unmatched = 0
    for entry in model.endpoint_costs:
        operation_id = by_key.get(route_key(entry.method, entry.path))
        if operation_id is None:
            unmatched += 1
            continue
        if not 0 <= entry.cost <= _MAX_RATE:
            raise ValueError(f"{entry.method} {entry.path} cost={entry.cost} is not a usable cost")
        found[operation_id] = max(float(entry.cost), found.get(operation_id, 0.0))
    return float(default), found, unmatched
