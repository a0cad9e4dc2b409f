"""Upstream documents for the `spec upstream` tests, made from the official snapshots in data/.

``upstream_3_34()`` is the 3.13.0 snapshot with data/upstream-3.34-overlay.yaml merged in (RFC 7386 merge
patch): the orders surface of the spec the curated one was last reconciled with. Variants are made from it
with ``merge_patch`` so that each test shows exactly what Kalshi "changed".
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
SPEC_2_0 = DATA / "kalshi-openapi-2.0.0.yaml"
SPEC_3_13 = DATA / "kalshi-openapi-3.13.0.yaml"
OVERLAY_3_34 = DATA / "upstream-3.34-overlay.yaml"
CURATED = Path(__file__).resolve().parents[2] / "openapi" / "kalshi-orders.yaml"

_cache: dict[str, Any] = {}


def _load(path: Path) -> Any:
    key = str(path)
    if key not in _cache:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _cache[key] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return copy.deepcopy(_cache[key])


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: a mapping merges into a mapping, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def snapshot_3_13() -> dict[str, Any]:
    return dict(_load(SPEC_3_13))


def snapshot_2_0() -> dict[str, Any]:
    return dict(_load(SPEC_2_0))


def upstream_3_34(patch: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = merge_patch(_load(SPEC_3_13), _load(OVERLAY_3_34))
    return merge_patch(doc, patch) if patch else doc


def curated() -> dict[str, Any]:
    return dict(_load(CURATED))


def write(doc: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# The change the issue names: an orders operation, an enum value and a required field, all new upstream.
KALSHI_CHANGED = {
    "info": {"version": "3.35.0"},
    "paths": {
        "/portfolio/orders/{order_id}/fills": {
            "get": {
                "operationId": "GetOrderFills",
                "tags": ["orders"],
                "parameters": [{"$ref": "#/components/parameters/OrderIdPath"}],
                "responses": {
                    "200": {
                        "description": "The order's fills",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/GetOrderFillsResponse"}
                            }
                        },
                    },
                    "401": {"$ref": "#/components/responses/UnauthorizedError"},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "GetOrderFillsResponse": {
                "type": "object",
                "required": ["fills"],
                "properties": {"fills": {"type": "array", "items": {"type": "object"}}},
            },
            "OrderStatus": {"enum": ["resting", "canceled", "executed", "pending_cancel"]},
            "CreateOrderV2Request": {
                "required": [
                    "ticker",
                    "side",
                    "count",
                    "price",
                    "time_in_force",
                    "self_trade_prevention_type",
                    "client_order_id",
                ]
            },
        }
    },
}
