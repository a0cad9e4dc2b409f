"""Sending a request straight to the wrapper's own transport, without ``httpx.Client.send``.

``Client.send`` runs a pipeline around every request (auth flow generators, a redirect loop, event hooks,
mounts and proxy selection, cookie extraction, a timing wrapper around the body, its INFO log line), ~25-65
us of client CPU a request on the benchmarks' 2-core machine, for features a client the wrapper built itself
does not use: its auth is :class:`KalshiAuth` (one signature, no
challenge), redirects are never followed, no mounts or proxies route around its transport (httpx reads no
proxy variables when it is handed a transport), and no event hooks were given. For such a client the
runners hand the request, built by ``Client.build_request`` as before, to :class:`SyncDirect` /
:class:`AsyncDirect`, which do exactly what ``Client.send(request, stream=True)`` would do for it:

* refuse a closed client (the same ``RuntimeError``);
* sign the request (``KalshiAuth``, over the path as sent), then call the transport;
* name the request on a ``httpx.RequestError`` the transport raises (httpx's ``request_context``), so the
  retry classifier and error messages see the same exception with the same ``request``;
* set ``response.request``; keep the cookies a server sets (a CDN's) in the client's jar, sent with the next
  requests as before;
* log httpx's own ``HTTP Request: GET https://... "HTTP/1.1 200 OK"`` INFO line on the ``httpx`` logger, with
  the same message and arguments (only the record's source file and line differ);
* for a redirect (3xx with a Location), raise httpx's ``RemoteProtocolError`` when the Location is not a
  URL, as httpx does while it prepares the redirect it will not follow (``next_request``, which nothing
  reads, is not built).

The request's headers (User-Agent, Accept-Encoding, Host, Content-Length, cookies), URL and timeouts
extension are ``build_request``'s in both cases, so the bytes on the wire are the same (tested on the wire,
both ways). Not kept: ``response.elapsed`` (the runners time attempts themselves) and the client's "opened"
state (the wrapper never enters its httpx client as a context manager).

On the async client's own transport (httptools or aiohttp) most requests are not built as an
``httpx.Request`` at all (:meth:`AsyncDirect.prepare`, see ``.prepared``): :meth:`AsyncDirect.open` does the
same for them, making an ``httpx.Request`` / ``httpx.Response`` only where httpx's helpers need one (a
cookie to keep, a redirect's Location) and for the exception a failed exchange raises.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._auth import KalshiAuth
from .prepared import PreparedRequest, RequestPreparer

if TYPE_CHECKING:  # imported only by async clients
    from .aiohttp import AiohttpTransport
    from .aiohttp import Opened as AiohttpOpened
    from .httptools import HttptoolsTransport, Opened

    AsyncOwnTransport = HttptoolsTransport | AiohttpTransport

__all__ = ["AsyncDirect", "SyncDirect"]

_httpx_logger = logging.getLogger("httpx")
_CLOSED = "Cannot send a request, as the client has been closed."
_REDIRECTS = frozenset({301, 302, 303, 307, 308})  # httpx's Response.is_redirect


def _received(
    http: httpx.Client | httpx.AsyncClient, request: httpx.Request, response: httpx.Response
) -> None:
    """What httpx does with a response once its headers are in (``_send_single_request`` and the redirect
    check of ``_send_handling_redirects``); the caller closes the response if this raises."""
    response.request = request
    if "set-cookie" in response.headers:  # extracting costs ~10 us; a response without cookies has none
        http.cookies.extract_cookies(response)
    if _httpx_logger.isEnabledFor(logging.INFO):
        _httpx_logger.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )
    if response.has_redirect_location:
        _redirect_url(request, response)


def _redirect_url(request: httpx.Request, response: httpx.Response) -> httpx.URL:
    """The URL httpx would redirect to, computed as httpx computes it, so that a Location that is not a URL
    fails the same way (``RemoteProtocolError``)."""
    try:
        url = httpx.URL(response.headers["Location"])
    except httpx.InvalidURL as exc:
        raise httpx.RemoteProtocolError(f"Invalid URL in location header: {exc}.", request=request) from None
    if url.scheme and not url.host:
        url = url.copy_with(host=request.url.host)
    if url.is_relative_url:
        url = request.url.join(url)
    if request.url.fragment and not url.fragment:
        url = url.copy_with(fragment=request.url.fragment)
    return url


class SyncDirect:
    """``http.send(request, stream=True)`` for an ``httpx.Client`` the wrapper built on ``transport``."""

    __slots__ = ("auth", "transport")

    def __init__(self, transport: httpx.BaseTransport, auth: KalshiAuth) -> None:
        self.transport = transport
        self.auth = auth

    def send(self, http: httpx.Client, request: httpx.Request) -> httpx.Response:
        if http.is_closed:
            raise RuntimeError(_CLOSED)
        self.auth.sign_request(request)
        try:
            response = self.transport.handle_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        try:
            _received(http, request, response)
        except BaseException:
            response.close()
            raise
        return response


class AsyncDirect:
    """``await http.send(request, stream=True)`` for an ``httpx.AsyncClient`` the wrapper built on its
    own ``transport`` (httptools or aiohttp); and, cheaper still, the same exchange for a request never
    built as an ``httpx.Request`` (:meth:`prepare`, :meth:`open`)."""

    __slots__ = ("_preparer", "auth", "transport")

    def __init__(self, transport: AsyncOwnTransport, auth: KalshiAuth) -> None:
        self.transport = transport
        self.auth = auth
        self._preparer: RequestPreparer | None = None

    async def send(self, http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        if http.is_closed:
            raise RuntimeError(_CLOSED)
        self.auth.sign_request(request)
        try:
            response = await self.transport.handle_async_request(request)
        except httpx.RequestError as exc:
            exc.request = request
            raise
        try:
            _received(http, request, response)
        except BaseException:
            await response.aclose()
            raise
        return response

    def prepare(
        self, http: httpx.AsyncClient, kwargs: Mapping[str, Any], timeouts: dict[str, float | None]
    ) -> PreparedRequest | None:
        """The signed request of a generated ``_get_kwargs`` result, or None when it must be built as an
        ``httpx.Request`` (see ``.prepared``). Sign right before sending: every attempt gets its own."""
        preparer = self._preparer
        if preparer is None or preparer.http is not http:
            preparer = self._preparer = RequestPreparer(http, self.auth)
        return preparer.prepare(kwargs, timeouts)

    async def open(self, http: httpx.AsyncClient, prepared: PreparedRequest) -> Opened | AiohttpOpened:
        """:meth:`send` for a prepared request: the response once its headers are in. An ``httpx.Request``
        and ``httpx.Response`` are made only where httpx's own helpers need them (a cookie to keep, a
        redirect's Location to check; an error names ``prepared.to_httpx()``)."""
        if http.is_closed:
            raise RuntimeError(_CLOSED)
        opened = await self.transport.open(prepared)
        try:
            headers = opened.lookup
            if "set-cookie" in headers or (opened.status_code in _REDIRECTS and "location" in headers):
                request = prepared.to_httpx()
                _received(http, request, opened.as_httpx(request))
            elif _httpx_logger.isEnabledFor(logging.INFO):
                _httpx_logger.info(
                    'HTTP Request: %s %s "%s %d %s"',
                    prepared.method,
                    prepared.url,
                    opened.http_version,
                    opened.status_code,
                    opened.reason_phrase,
                )
        except BaseException:
            opened.release()
            raise
        return opened
