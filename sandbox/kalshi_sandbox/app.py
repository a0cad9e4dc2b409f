"""The raw ASGI application: routing by the spec's paths, auth, rate limits, validation, faults, dispatch.

Pipeline for ``/trade-api/v2/...``: route (404 / 405 + Allow) -> auth (401) -> retired V1 write (410) ->
burst_429 fault -> path/query/body validation (400) -> rate limit (429; batches bill per item) -> latency and
drop/500 faults -> write faults before commit (429, 503, 500, drop) -> handler (exchange) -> write faults
after commit (500, drop, hang then drop) -> response validation (debug).

Decisions where the live API is unknown or a choice had to be made:

* 404/405 need no credentials; the retired V1 writes answer 410 only after authentication (as live).
* Operations the spec marks public (``security: []``: GetMarket, GetAccountEndpointCosts) answer without
  credentials; a request that carries a key id is still authenticated (401 if it does not verify) and is
  then charged to that account's bucket, as every authenticated request is.
* Unknown query parameters are ignored, as the live API appears to do; ``strict_query_params`` rejects them.
* Rate limits are charged after validation (a malformed request costs nothing) and only to authenticated
  requests; ``burst_429`` also counts authenticated requests only. With rate limits on, a batch whose total
  cost exceeds the bucket (20 creates on Basic) is a 400; with them off there is no ceiling.
* Every error body is the live nested envelope; 429 is exactly ``{"error":"too many requests"}`` with no
  Retry-After.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from typing import Any

import orjson

from kalshi_sandbox import breakages as broken
from kalshi_sandbox.admin import handle_admin_request
from kalshi_sandbox.auth import KEY_HEADER
from kalshi_sandbox.core import SandboxCore
from kalshi_sandbox.errors import RATE_LIMIT_BODY, RETIRED_V1_ERROR, ApiError, error_body
from kalshi_sandbox.exchange import ExchangeError
from kalshi_sandbox.handlers import HANDLERS
from kalshi_sandbox.keys import ApiKey
from kalshi_sandbox.spec import API_PREFIX

Scope = dict[str, Any]

_RETIRED_BODY = orjson.dumps({"error": RETIRED_V1_ERROR})
_MAX_BODY = 8 * 1024 * 1024


class DropConnection(Exception):  # noqa: N818 - it is an action, not an error
    """Close the connection without sending a single byte of response."""


class _DropFilter(logging.Filter):
    # uvicorn logs every exception that escapes the app; the intentional drops are not news.
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DropConnection))


logging.getLogger("uvicorn.error").addFilter(_DropFilter())


async def _respond(
    send: Any,
    status: int,
    body: bytes | None,
    headers: list[tuple[bytes, bytes]] | None = None,
    content_type: bytes = b"application/json",
) -> None:
    out = list(headers or ())
    if body is not None:
        out.append((b"content-type", content_type))
        out.append((b"content-length", str(len(body)).encode()))
    elif status != 204:
        out.append((b"content-length", b"0"))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body or b""})


async def _drop(send: Any) -> None:
    # uvicorn marks the response as started, then rejects the (invalid) header value before writing any byte;
    # the exception that follows makes it close the transport: the client sees a bare disconnect.
    with contextlib.suppress(RuntimeError):
        await send({"type": "http.response.start", "status": 500, "headers": [(b"x-sandbox-drop", b"\n")]})
    raise DropConnection


async def _read_body(receive: Any) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise DropConnection
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > _MAX_BODY:
            raise ApiError(400, "invalid_parameters", "the request body is too large")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class SandboxApp:
    """ASGI 3 application of one sandbox."""

    def __init__(self, core: SandboxCore) -> None:
        self.core = core

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind == "http":
            path: str = scope["path"]
            if path.startswith(API_PREFIX + "/"):
                await self._api(scope, receive, send, path)
            elif path == "/_sandbox" or path.startswith("/_sandbox/"):
                body = await _read_body(receive)
                status, payload = handle_admin_request(self.core, scope, body)
                await _respond(send, status, orjson.dumps(payload))
            else:
                await _respond(send, 404, error_body("not_found", f"no such endpoint: {path}"))
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    async def _api(self, scope: Scope, receive: Any, send: Any, path: str) -> None:
        core = self.core
        core.requests += 1
        method: str = scope["method"]
        found = core.spec.match(path[len(API_PREFIX) :])
        if found is None:
            await _respond(send, 404, error_body("not_found", f"no such endpoint: {method} {path}"))
            return
        route, path_params = found
        content_type = b"application/json"
        operation = route.operations.get(method)
        if operation is None and method not in route.retired:
            allow = route.allow_header()
            body = error_body("method_not_allowed", f"{method} is not allowed on {path}", f"allowed: {allow}")
            await _respond(send, 405, body, [(b"allow", allow.encode())])
            return
        try:
            headers = {name: value for name, value in scope["headers"] if name.startswith(b"kalshi-access-")}
            raw_path = scope.get("raw_path")
            key: ApiKey | None = None
            if operation is None or not operation.public or KEY_HEADER in headers:
                key = core.auth.authenticate(
                    method, path, raw_path.decode("latin-1").split("?", 1)[0] if raw_path else None, headers
                )
            if operation is None:
                if "v1_answers_404" in core.faults.breakages:
                    await _respond(send, 404, error_body("not_found", f"no such endpoint: {method} {path}"))
                    return
                await _respond(send, 410, _RETIRED_BODY)
                return
            if key is not None and core.faults.take("burst_429"):
                await _respond(send, 429, RATE_LIMIT_BODY)
                return
            validators = core.validators()[operation.operation_id]
            validators.path(path_params)
            query = validators.query(scope.get("query_string", b""))
            raw_body = await _read_body(receive) if operation.body_schema is not None else b""
            body = validators.body(raw_body)
            cost = operation.cost
            if operation.per_item:
                items = len(body["orders"])
                cost *= items
                capacity = core.limiter.capacity(operation.bucket)
                # The batch ceiling is the bucket (spec: capacity / cost per item); no limits, no ceiling.
                if core.rate_limits and cost > capacity:
                    raise ApiError(
                        400,
                        "invalid_parameters",
                        f"too many orders in one batch: {items} (the maximum is "
                        f"{int(capacity // operation.cost)} on the {core.limiter.tier.name} tier)",
                    )
            # Tokens are charged to accounts: an anonymous request to a public operation costs none.
            if (
                core.rate_limits
                and key is not None
                and not core.limiter.allow(key.user_id, operation.bucket, cost)
            ):
                await _respond(send, 429, RATE_LIMIT_BODY)
                return
            settings = core.faults.settings
            if settings.latency_ms:
                await asyncio.sleep(settings.latency_ms / 1000)
            if core.faults.roll("drop_connection_probability"):
                await _drop(send)
            if method == "GET" and core.faults.roll("read_500_probability"):
                raise ApiError(500, "internal_server_error", "internal server error")
            write = operation.is_write
            fault = core.faults.write_fault(operation.operation_id, committed=False) if write else None
            if fault == "write_429":
                await _respond(send, 429, RATE_LIMIT_BODY)
                return
            if fault == "write_503":
                raise ApiError(503, "service_unavailable", "the exchange is not accepting requests right now")
            if fault == "write_500_before_commit":
                raise ApiError(500, "internal_server_error", "internal server error")
            if fault == "write_drop_before_commit":
                await _drop(send)
            for name, default in validators.defaults.items():
                # A key locked to a subaccount that omits `subaccount` means its own one, not the default 0.
                if name != "subaccount" or key is None or key.subaccount is None:
                    query.setdefault(name, default)
            with core.lock:
                status, payload = HANDLERS[operation.operation_id](core, key, path_params, query, body)
            if write and fault is None:
                fault = core.faults.write_fault(operation.operation_id, committed=True)
            if fault == "write_500_after_commit":
                raise ApiError(500, "internal_server_error", "internal server error")  # applied all the same
            if fault == "commit_then_drop":
                await _drop(send)
            if fault == "commit_then_hang":
                await asyncio.sleep(settings.hang_ms / 1000)  # the client times out waiting, then the drop
                await _drop(send)
            out = payload if payload is None or isinstance(payload, bytes) else orjson.dumps(payload)
        except ExchangeError as exc:  # the engine's errors and the pipeline's ApiError alike
            status, payload, out = exc.status, None, error_body(exc.code, exc.message, exc.details)
            if core.faults.breakages:
                status, out, content_type = broken.error_answer(status, exc.code, out, core.faults.breakages)
        except DropConnection:
            raise
        except Exception:  # a sandbox bug: answer 500, and make tests notice
            core.record_failure(f"{method} {path}: unhandled exception\n{traceback.format_exc()}")
            status, payload, out = 500, None, error_body("internal_server_error", "sandbox internal error")
        if core.validate_responses and operation is not None and not core.faults.breakages:
            errors = validators_for_response(core, operation.operation_id, status, out)
            if errors:
                core.record_failure(f"{method} {path} -> {status}: response violates the spec: {errors[:5]}")
                status = 500
                out = error_body(
                    "sandbox_response_invalid", "the sandbox produced a response outside the spec"
                )
        await _respond(send, status, out, content_type=content_type)


def validators_for_response(
    core: SandboxCore, operation_id: str, status: int, body: bytes | None
) -> list[str]:
    payload = None if body is None else orjson.loads(body)
    return core.validators()[operation_id].response_errors(status, payload)
