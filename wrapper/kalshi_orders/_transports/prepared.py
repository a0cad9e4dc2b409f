"""A generated operation's request as bytes-ready parts, without building an ``httpx.Request``.

With 100 requests in flight on the async client, building and signing each ``httpx.Request`` (parsing its
URL, merging the client's headers, encoding the body, ``Headers`` objects) cost about as much as aiohttp's
whole exchange (bench/bench_async.py). For the wrapper's own transports (httptools, aiohttp) the async
runner therefore hands the transport a :class:`PreparedRequest`: the method, the absolute URL, the headers
in order and the body, exactly as ``httpx.AsyncClient.build_request`` would have made them and
``KalshiAuth`` signed them (tested request by request against httpx, and on the wire both ways):

* the **headers** of each request shape (method, JSON body or none, the operation's own headers) are taken
  once from a request httpx builds for that shape: Host, the client's headers (User-Agent, Accept, the
  caller's ``headers=``), the operation's Content-Type, Content-Length, then the three ``KALSHI-ACCESS-*``
  headers as ``KalshiAuth`` appends them, every name lower-cased as ``AiohttpTransport`` sends an
  ``httpx.Request``'s (``Headers.multi_items()``); only Content-Length changes from request to request;
* the **URL** is the client's base URL (as httpx normalised it) joined with the operation's path, whose
  parameters the generated code has percent-escaped already (``.`` and ``..`` are refused before any request
  is built, see ``_checks.check_path_segment``), so httpx would leave it as it is; a query goes through
  ``httpx.URL`` itself;
* the **body** is the operation's JSON encoded as httpx encodes ``json=`` (compact, UTF-8, no NaN).

Anything else (cookies in the client's jar, client-wide ``params``, a body that is not JSON, a URL httpx
would have to merge another way) is not prepared here: the runner builds an ``httpx.Request`` as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from .._auth import KalshiAuth
from .._body import ACCEPT_ENCODING

__all__ = ["PreparedRequest", "RequestPreparer"]

# What the generated _get_kwargs may hold for a request this module prepares.
_PLAIN_KEYS = frozenset({"method", "url", "params", "json", "headers"})
_Shape = tuple[str, bool, tuple[tuple[str, str], ...]]
_Template = tuple[list[tuple[str, str]], int | None]
_MAX_SHAPES = 64  # the operations' shapes are a dozen or two; a bound all the same


def encode_json(value: Any) -> bytes:
    """A JSON body as httpx encodes ``json=`` (``httpx._content.encode_json``)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class PreparedRequest:
    """One signed request: what goes on the wire, and how to name it as an ``httpx.Request`` (for the
    exceptions, cookies and redirects that need one)."""

    __slots__ = ("body", "headers", "method", "timeouts", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        timeouts: dict[str, float | None],
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts

    def to_httpx(self) -> httpx.Request:
        """The same request as an ``httpx.Request`` (URL, headers in order, body, timeouts)."""
        return httpx.Request(
            self.method,
            self.url,
            headers=self.headers,
            content=self.body,
            extensions={"timeout": self.timeouts},
        )

    def __repr__(self) -> str:  # never the headers: they carry the signature
        return f"<PreparedRequest {self.method} {self.url}>"


class RequestPreparer:
    """Prepares the requests of one ``httpx.AsyncClient`` (its base URL, headers and jar)."""

    def __init__(self, http: httpx.AsyncClient, auth: KalshiAuth) -> None:
        self.http = http
        self._auth = auth
        base = http.base_url
        # httpx's base URL always ends in "/"; one with a query or fragment is merged httpx's way.
        self._base = str(base) if not base.query and not base.fragment else None
        self._origin = len(str(base)) - len(base.raw_path)  # "scheme://host:port" before the path
        # Per shape: its headers and where Content-Length is; None for a shape httpx must build.
        self._shapes: dict[_Shape, _Template | None] = {}

    def prepare(self, kwargs: Mapping[str, Any], timeouts: dict[str, float | None]) -> PreparedRequest | None:
        """The signed request of a generated ``_get_kwargs`` result, or None to build it with httpx."""
        http = self.http
        url = kwargs["url"]
        if (
            self._base is None
            or not _PLAIN_KEYS.issuperset(kwargs)
            or url[:1] != "/"
            or url[1:2] == "/"
            or "?" in url
            or "#" in url
            or http.params
            or http.cookies
        ):
            return None
        method = kwargs["method"].upper()
        full = self._base + url[1:]
        params = kwargs.get("params")
        if params:
            merged = httpx.URL(full, params=params)
            full, path = str(merged), merged.raw_path.partition(b"?")[0].decode("ascii")
        else:
            path = full[self._origin :]
        payload = kwargs.get("json")
        body = None if payload is None else encode_json(payload)
        extra = kwargs.get("headers") or {}
        shape = (method, body is not None, tuple(extra.items()))
        try:
            template = self._shapes[shape]
        except KeyError:
            template = self._template(shape, full, kwargs)
        if template is None:
            return None
        headers, length_at = template
        headers = headers.copy()
        if length_at is not None:
            headers[length_at] = (headers[length_at][0], str(len(body or b"")))
        # Lower-cased, as the transport sends an httpx.Request's headers (Headers.multi_items()).
        headers.extend([(name.lower(), value) for name, value in self._auth.signed_headers(method, path)])
        return PreparedRequest(method, full, headers, body, timeouts)

    def _template(self, shape: _Shape, url: str, kwargs: Mapping[str, Any]) -> _Template | None:
        """The headers httpx gives a request of this shape (without the signature), and where its
        Content-Length is; None when the signature would replace one of them or a value is not ASCII
        (httpx's way, then)."""
        request = self.http.build_request(
            kwargs["method"], url, json=kwargs.get("json"), headers=kwargs.get("headers")
        )
        request.headers["Accept-Encoding"] = ACCEPT_ENCODING  # as the runner sets it
        headers = request.headers.multi_items()
        names = [name.lower() for name, _ in headers]
        length_at = names.index("content-length") if "content-length" in names else None
        signed = any(name.startswith("kalshi-access-") for name in names)
        # A value that is not ASCII came as bytes httpx keeps as given; as str here it could only be
        # re-encoded one way (UTF-8), not necessarily theirs: httpx's way, then.
        plain = all(value.isascii() for _, value in headers)
        template = (headers, length_at) if plain and not signed else None
        if len(self._shapes) >= _MAX_SHAPES:
            self._shapes.clear()
        self._shapes[shape] = template
        return template
