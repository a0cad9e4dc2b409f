"""Schemathesis wiring: the schemas the suite fuzzes, their configuration, signing and recording.

Two schemas per run:
* *positive* cases come from a copy of the spec narrowed to safe data (`safe_data.narrow_spec`), so every
  accepted write is a small resting order on the configured ticker;
* *negative* cases come from the spec as published: values the narrowing removed are valid for the API, so
  mutating the narrowed copy would produce "negative" cases the API rightly accepts.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import schemathesis
from schemathesis import GenerationMode

from kalshi_sandbox.spec import Operation
from kalshi_sandbox.spec import load_spec as _api_spec

from . import spec as spec_module
from .recorder import json_body
from .safe_data import narrow_spec

if TYPE_CHECKING:
    from .plugin import ContractSession

# The static settings (checks, generation, sanitising) live next to the package; the code adds per-run ones.
CONFIG_FILE = Path(__file__).resolve().parent / "schemathesis.toml"  # shipped in the package
WRITE_OPS_CREATING_ORDERS = ("CreateOrderV2", "BatchCreateOrdersV2")


def _config() -> schemathesis.Config:
    if CONFIG_FILE.is_file():
        return schemathesis.Config.from_path(CONFIG_FILE)
    return schemathesis.Config()


def build_schema(session: ContractSession, mode: GenerationMode) -> Any:
    target = session.open()
    settings = session.settings
    config = _config()
    schema: Any
    if mode is GenerationMode.POSITIVE:
        schema = schemathesis.openapi.from_dict(
            narrow_spec(spec_module.load_spec(), target.ticker), config=config
        )
    else:
        resource = importlib.resources.files("kalshi_orders_api") / "openapi.yaml"
        path = session.enter_context(importlib.resources.as_file(resource))
        schema = schemathesis.openapi.from_path(path, config=config)
    schema.config.update(
        base_url=target.base_url,
        request_timeout=20.0,
        rate_limit=f"{target.rate_limit:g}/s" if target.rate_limit else None,
    )
    schema.config.generation.update(
        modes=[mode],
        max_examples=settings.examples,
        deterministic=settings.profile_info.derandomize,
        database="none",
        # The first failing case is the report's example: shrinking would resend variations of it (real
        # orders on a live API) for tens of seconds to make it smaller.
        no_shrink=True,
    )
    if settings.seed is not None:
        schema.config.seed = settings.seed
    if mode is GenerationMode.NEGATIVE:
        # A public read whose only input is a free-form path segment (GetMarket) has nothing to negate:
        # schemathesis would report it skipped ("impossible to generate negative test cases").
        inert = [op.operation_id for op in _api_spec().operations.values() if _nothing_to_negate(op)]
        if inert:
            schema = schema.exclude(operation_id=inert)
    if settings.operations:
        schema = schema.include(operation_id=list(settings.operations))
    if target.read_only:
        schema = schema.include(method="GET")
    elif target.kind != "sandbox":
        # CancelAllOrders cancels every resting order of the account, including a user's own bots' orders.
        schema = schema.exclude(operation_id="CancelAllOrders")
    _register_auth(schema, session)
    _register_recording(schema, session)
    return schema


def _nothing_to_negate(op: Operation) -> bool:
    constrained_path = any(
        p.get("in") == "path" and set(p.get("schema", {})) - {"type", "minLength"} for p in op.parameters
    )
    has_inputs = op.body_schema is not None or any(p.get("in") != "path" for p in op.parameters)
    return op.public and not has_inputs and not constrained_path


def _register_auth(schema: Any, session: ContractSession) -> None:
    target = session.open()

    # Signing in `set()` (not in the transport) keeps the coverage phase's "missing header" cases missing;
    # refresh_interval=None: every request gets its own timestamp and signature.
    @schema.auth(refresh_interval=None)
    class KalshiSignatureAuth:
        def get(self, case: Any, ctx: Any) -> Any:
            return target.signer

        def set(self, case: Any, data: Any, ctx: Any) -> None:
            path = target.path_prefix + case.formatted_path
            case.headers = {**(case.headers or {}), **data.headers(case.method, path)}


def _register_recording(schema: Any, session: ContractSession) -> None:
    @schema.hook  # type: ignore[untyped-decorator]
    def after_call(context: Any, case: Any, response: Any) -> None:
        request = response.request
        # Record first (the order may exist), then stop here if the run was terminated meanwhile.
        try:
            _record(session, case, response, request)
        finally:
            session.registry.raise_if_interrupted()


def _record(session: ContractSession, case: Any, response: Any, request: Any) -> None:
    """Add the exchange to the cassette and register any order it created for the final cleanup."""
    body = request.body
    session.recorder.add(
        operation=case.operation.label,
        method=case.method,
        url=str(request.url),
        request_headers=dict(request.headers),
        request_body=body if isinstance(body, (bytes, str)) else (json_body(case.body) if body else None),
        status=response.status_code,
        response_headers={
            k: v[0] if isinstance(v, list) and v else str(v) for k, v in response.headers.items()
        },
        response_body=response.content,
        duration_ms=float(getattr(response, "elapsed", 0.0) or 0.0) * 1000,
    )
    # Whatever the fuzzer manages to create is cancelled at the end of the run.
    op_id = case.operation.definition.raw.get("operationId")
    if op_id == "CancelOrderV2" and response.status_code == 200:
        session.registry.forget(str((case.path_parameters or {}).get("order_id")))
    if op_id in WRITE_OPS_CREATING_ORDERS and 200 <= response.status_code < 300:
        try:
            data = response.json()
        except Exception:
            return
        batch = op_id == "BatchCreateOrdersV2"
        items = data.get("orders") if batch and isinstance(data, dict) else [data]
        sent = case.body if isinstance(case.body, dict) else {}
        sent_items = (sent.get("orders") if batch else [sent]) or []
        for index, item in enumerate(items or []):
            if isinstance(item, dict) and item.get("order_id"):
                session.registry.add(str(item["order_id"]), _sent_ticker(sent_items, index, session))


def _sent_ticker(sent_items: Any, index: int, session: ContractSession) -> str:
    """The ticker the order was sent for: the cleanup routes its cancel by it (a negative case may have been
    accepted with another market than the configured one)."""
    item = sent_items[index] if isinstance(sent_items, list) and index < len(sent_items) else None
    ticker = item.get("ticker") if isinstance(item, dict) else None
    return ticker if isinstance(ticker, str) and ticker else session.open().ticker
