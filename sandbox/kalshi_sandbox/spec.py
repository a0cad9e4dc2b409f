"""The curated spec as the sandbox reads it: operations, routes, retired V1 writes and rate-limit costs.

The spec is loaded from the generated package (``kalshi_orders_api/openapi.yaml``) so that the sandbox, the
client and the contract suite all share one source of truth.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

API_PREFIX = "/trade-api/v2"
DEFAULT_COST = 10  # tokens for any request whose operation names no cost (Kalshi's default)
HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")


@dataclass(frozen=True)
class Operation:
    """One live operation of the spec."""

    operation_id: str
    method: str  # upper case
    path: str  # template relative to the API prefix, e.g. "/portfolio/orders/{order_id}"
    parameters: tuple[dict[str, Any], ...]  # resolved parameter objects
    body_schema: dict[str, Any] | None  # the raw (OpenAPI) request body schema
    body_required: bool
    responses: dict[int, dict[str, Any] | None]  # status -> raw response body schema (None: no body)
    bucket: str = "read"
    cost: int = DEFAULT_COST
    per_item: bool = False
    public: bool = False  # `security: []`: answered without credentials (signed requests are still checked)

    @property
    def is_write(self) -> bool:
        return self.bucket == "write"


@dataclass(frozen=True)
class RetiredOperation:
    """A V1 write that now answers 410 (``x-retired-operations``)."""

    operation_id: str
    method: str
    path: str
    replacement: str


@dataclass
class Route:
    """A path template and what each method does on it."""

    template: str
    regex: re.Pattern[str] | None  # None for paths without parameters
    operations: dict[str, Operation] = field(default_factory=dict)
    retired: dict[str, RetiredOperation] = field(default_factory=dict)

    def allow_header(self) -> str:
        # Retired methods are only advertised on paths that have nothing else (they still "exist", as 410s).
        methods = list(self.operations) or list(self.retired)
        return ", ".join(sorted(methods))


def _template_regex(template: str) -> re.Pattern[str] | None:
    if "{" not in template:
        return None
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


class ApiSpec:
    """Parsed spec with a route table. Build it with :func:`load_spec`."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.components: dict[str, Any] = document.get("components", {})
        self.operations: dict[str, Operation] = {}
        self.retired: list[RetiredOperation] = []
        routes: dict[str, Route] = {}
        for path, item in document.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method.upper() not in HTTP_METHODS:
                    continue
                operation = self._operation(path, method.upper(), op, shared)
                self.operations[operation.operation_id] = operation
                routes.setdefault(path, Route(path, _template_regex(path))).operations[operation.method] = (
                    operation
                )
        for entry in document.get("x-retired-operations", []):
            retired = RetiredOperation(
                entry["operationId"], entry["method"].upper(), entry["path"], entry.get("replacement", "")
            )
            self.retired.append(retired)
            routes.setdefault(retired.path, Route(retired.path, _template_regex(retired.path))).retired[
                retired.method
            ] = retired
        self.static_routes = {path: route for path, route in routes.items() if route.regex is None}
        # Static paths win over templates (".../orders/batched" is not an order id).
        self.template_routes = [route for route in routes.values() if route.regex is not None]

    def resolve(self, node: Any) -> Any:
        """Follow a local ``$ref`` (one level at a time until a non-ref node)."""
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def _operation(self, path: str, method: str, op: dict[str, Any], shared: list[Any]) -> Operation:
        params = tuple(self.resolve(p) for p in [*shared, *op.get("parameters", [])])
        body_schema = None
        body_required = False
        if "requestBody" in op:
            request_body = self.resolve(op["requestBody"])
            body_required = bool(request_body.get("required", False))
            body_schema = request_body.get("content", {}).get("application/json", {}).get("schema")
        responses: dict[int, dict[str, Any] | None] = {}
        for status, response in op.get("responses", {}).items():
            if not str(status).isdigit():
                continue
            resolved = self.resolve(response)
            content = resolved.get("content", {}).get("application/json")
            responses[int(status)] = content.get("schema") if content else None
        limit = op.get("x-kalshi-rate-limit", {})
        return Operation(
            operation_id=op["operationId"],
            method=method,
            path=path,
            parameters=params,
            body_schema=body_schema,
            body_required=body_required,
            responses=responses,
            bucket=limit.get("bucket", "write" if method != "GET" else "read"),
            cost=int(limit.get("cost", DEFAULT_COST)),
            per_item=bool(limit.get("per-item", False)),
            public=not op.get("security", self.document.get("security", [])),
        )

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for a path relative to the API prefix, with its path parameters."""
        route = self.static_routes.get(path)
        if route is not None:
            return route, {}
        for route in self.template_routes:
            assert route.regex is not None
            found = route.regex.match(path)
            if found:
                return route, found.groupdict()
        return None


def spec_text() -> str:
    """The curated spec shipped inside the generated client package."""
    return importlib.resources.files("kalshi_orders_api").joinpath("openapi.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_spec() -> ApiSpec:
    """Load and parse the shipped spec once per process."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return ApiSpec(yaml.load(spec_text(), Loader=loader))  # noqa: S506 - a safe loader
