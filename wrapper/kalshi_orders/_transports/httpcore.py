"""``KalshiClient``'s default transport: httpx's sync transport (httpcore's connection pool), with every
socket read and write bounded by the call's deadline.

A blocking socket read is only bounded per read (httpx's ``read`` timeout): a server that sends its response
headers one byte every half second never trips it, and the body loop that checks the deadline has not even
started. Here the pool's network streams cut each read's, write's and connect's timeout to the time the
running call has left (:data:`~kalshi_orders._deadline.current_deadline`, set by the sync runner around the
exchange and its body), so a trickled response stops at the deadline with no thread in between; the timeout
is an ordinary ``httpx.ReadTimeout`` (or ``ConnectTimeout``/``WriteTimeout``), which the runner reports as
the deadline's.

Otherwise this is httpx's ``HTTPTransport`` (same pool, same options: ``verify``, ``cert``, ``trust_env``,
``http1``, ``http2``, ``limits``), httpcore's exceptions mapped to httpx's as httpx maps them; one thing more:
a forked child starts with an empty pool instead of sharing its parent's keep-alive sockets.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import ssl
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from .._deadline import current_deadline

__all__ = ["DeadlineHTTPTransport"]

DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's own default

# httpcore's exceptions as httpx names them (httpx maps them the same way, most specific first).
_ERRORS: dict[type[Exception], type[httpx.HTTPError]] = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    httpcore.ProtocolError: httpx.ProtocolError,
}


# Every transport alive in this process, for the fork hook below.
_live: weakref.WeakSet[DeadlineHTTPTransport] = weakref.WeakSet()


def _forget_pools_after_fork() -> None:
    for transport in list(_live):
        transport._forget_pool()


if hasattr(os, "register_at_fork"):
    # A pooled keep-alive socket inherited through fork would carry two processes' requests on one stream,
    # each reading answers meant for the other.
    os.register_at_fork(after_in_child=_forget_pools_after_fork)


def _httpx_error(exc: Exception) -> httpx.HTTPError | None:
    for kind in type(exc).__mro__:  # the most specific class that has a counterpart
        mapped = _ERRORS.get(kind)
        if mapped is not None:
            return mapped(str(exc))
    return None


def _bounded(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` cut to the time the running call has left; ``error`` once none is left."""
    deadline = current_deadline.get()
    if deadline is None:
        return timeout
    left = deadline.remaining()
    if left <= 0:  # a zero socket timeout would make the socket non-blocking, not time out
        raise error("the call's deadline has passed")
    return left if timeout is None or timeout > left else timeout


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as exc:
            mapped = _httpx_error(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class DeadlineHTTPTransport(httpx.BaseTransport):
    """httpx's sync transport whose reads, writes and connects end at the running call's deadline."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = DEFAULT_LIMITS,
    ) -> None:
        if http2 and importlib.util.find_spec("h2") is None:
            raise ImportError("http2=True needs the h2 package: pip install 'httpx[http2]'")
        ssl_context = httpx.create_ssl_context(verify=verify, cert=cert, trust_env=trust_env)
        self._new_pool = functools.partial(
            httpcore.ConnectionPool,
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=http1,
            http2=http2,
            network_backend=_DeadlineBackend(),
        )
        self._pool = self._new_pool()
        _live.add(self)

    def _forget_pool(self) -> None:
        # In a forked child: the inherited connections are the parent's (its sockets are shared with it), so
        # the child starts an empty pool. The old one is dropped, not closed: its locks may have been held by
        # a parent thread at the fork, and closing only this process's copies of the sockets is what dropping
        # them does anyway.
        self._pool = self._new_pool()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,  # a SyncByteStream: an iterable of bytes
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except Exception as exc:
            mapped = _httpx_error(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),  # type: ignore[arg-type]
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()
