"""Run in a subprocess with a regenerated ``kalshi_orders_api`` first on PYTHONPATH: parse every recorded
success response with the generated client, and report what it made of the API's changes (JSON on stdout)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path
from typing import Any

import httpx
import yaml

import kalshi_orders_api
import kalshi_orders_api.api as api
from kalshi_orders_api import Client
from kalshi_orders_api.models import Order, OrderStatus


def _modules() -> dict[str, Any]:
    out = {}
    for group in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"kalshi_orders_api.api.{group.name}")
        for module in pkgutil.iter_modules(package.__path__):
            out[module.name] = importlib.import_module(f"kalshi_orders_api.api.{group.name}.{module.name}")
    return out


def _snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def main(cassette: Path) -> dict[str, Any]:
    modules = _modules()
    client = Client(base_url="http://127.0.0.1:1")
    parsed, statuses, failures = 0, set(), []
    document = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    for entry in document["http_interactions"]:
        response = entry.get("response") or {}
        status, body = response.get("status"), response.get("body")
        module = modules.get(_snake(entry.get("operation") or ""))
        if module is None or not status or not 200 <= status < 300 or not body:
            continue
        try:
            result = module._parse_response(
                client=client, response=httpx.Response(status, content=body.encode())
            )
        except Exception as exc:  # every failure is reported, not raised
            failures.append(f"#{entry['id']} {entry['operation']}: {type(exc).__name__}: {exc}")
            continue
        parsed += 1
        for order in getattr(result, "orders", None) or [getattr(result, "order", None)]:
            if isinstance(order, Order):
                statuses.add((order.status.value, order.status.is_unknown))
    return {
        "package": str(Path(kalshi_orders_api.__file__).parent),
        "parsed": parsed,
        "failures": failures,
        "statuses": sorted(statuses),
        "user_canceled_known": not OrderStatus("user_canceled").is_unknown,
        "order_source_is_a_field": "order_source" in {f.name for f in Order.__attrs_attrs__},
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(Path(sys.argv[1]))) + "\n")
