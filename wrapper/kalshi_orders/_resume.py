"""Resume tokens: where a walk over GetOrders stands, exactly, as an opaque string.

A cursor marks a page boundary; a walk interrupted in the middle of a page (a ``break``, an exception in the
caller's loop, Ctrl-C) would lose the rest of that page if it resumed from the next page's cursor. A token
holds what an exact resumption needs: the cursor of the page being read, how far into it the walk got (the
position just past the last order handed out, and that order's id, so a page that shifted since is cut at the
right order all the same), and a digest of the filters, so that a token is never applied to another walk.

Format: ``kor1.`` followed by URL-safe base64 of a small JSON array. Nothing in it is secret; it is opaque
because its layout may change (the version prefix says which one a token has).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from ._filters import OrderFilters
from .errors import OrderValidationError

__all__ = ["ResumePoint", "decode_token", "encode_token", "filters_digest"]

_PREFIX = "kor1."


@dataclass(frozen=True, slots=True)
class ResumePoint:
    """``cursor``: the page to fetch (None: the first page); ``offset``: how many of its orders (as the server
    lists them) were handed out; ``anchor``: the id of the last of those; ``done``: nothing is left."""

    cursor: str | None = None
    offset: int = 0
    anchor: str | None = None
    done: bool = False


def filters_digest(filters: OrderFilters) -> str:
    """A short digest of everything that decides which orders a walk lists and how it pages (limit too)."""
    fields: dict[str, Any] = asdict(filters)
    if filters.status is not None:
        fields["status"] = filters.status.value
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def encode_token(point: ResumePoint, filters: OrderFilters) -> str:
    payload = [point.cursor, point.offset, point.anchor, point.done, filters_digest(filters)]
    return _PREFIX + base64.urlsafe_b64encode(orjson.dumps(payload)).decode("ascii").rstrip("=")


def _unreadable(token: object) -> OrderValidationError:
    shown = repr(token) if len(repr(token)) <= 60 else repr(token)[:57] + "...'"
    return OrderValidationError(
        f"resume={shown} is not a resume token: pass the string a pager's resume_token gave "
        "(for a page boundary cursor use cursor= instead)"
    )


def decode_token(token: object, filters: OrderFilters) -> ResumePoint:
    """The point a token stands for; refused when it was made for a walk with other filters."""
    if not isinstance(token, str) or not token.startswith(_PREFIX):
        raise _unreadable(token)
    body = token[len(_PREFIX) :]
    try:
        data = orjson.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        raise _unreadable(token) from None
    if not (isinstance(data, list) and len(data) == 5):
        raise _unreadable(token)
    cursor, offset, anchor, done, digest = data
    if not (
        (cursor is None or isinstance(cursor, str))
        and isinstance(offset, int)
        and not isinstance(offset, bool)
        and offset >= 0
        and (anchor is None or isinstance(anchor, str))
        and isinstance(done, bool)
        and isinstance(digest, str)
    ):
        raise _unreadable(token)
    if digest != filters_digest(filters):
        raise OrderValidationError(
            "this resume token was made for a walk with other filters: resume with exactly the ticker, "
            "event_ticker, min_ts, max_ts, status, limit, subaccount and exchange_index of the walk it came "
            "from (a token continues one walk, orders from another list would be skipped or repeated)"
        )
    return ResumePoint(cursor or None, offset, anchor, done)
