"""``RawResponse``: the HTTP exchange behind a call, as ``with_raw_response`` returns it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .errors import request_id_from_headers

__all__ = ["RawResponse"]

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The HTTP exchange behind a call (Stainless-style ``with_raw_response``).

    ``parsed()`` gives what the plain call returns. For a reconciled write the exchange is the lookup that
    settled it. ``attempts`` counts every HTTP request the call made, retries and lookups included.
    """

    method: str
    path: str
    status_code: int
    headers: Mapping[str, str]
    content: bytes = field(repr=False)  # a page can be megabytes: read it with .content / .text()
    elapsed: dt.timedelta
    attempts: int
    _parse: Callable[[], T] = field(repr=False)

    @property
    def request_id(self) -> str | None:
        return request_id_from_headers(self.headers)

    def parsed(self) -> T:
        return self._parse()

    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def with_result(self, parse: Callable[[], U], attempts: int) -> RawResponse[U]:
        """The same exchange standing for another call's result (e.g. the lookup that found an order)."""
        return RawResponse(
            method=self.method,
            path=self.path,
            status_code=self.status_code,
            headers=self.headers,
            content=self.content,
            elapsed=self.elapsed,
            attempts=attempts,
            _parse=parse,
        )
