"""Contains some shared types for properties"""

from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

import orjson
from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class FastJSONResponse:
    """What the parse functions read of an httpx response, with the body decoded by orjson.

    orjson parses a 1,000-order page several times faster than the standard library (see bench/), and it
    decodes exactly the same JSON values, so the models see the same data.
    """

    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return orjson.loads(self.content)


def status_of(code: int) -> HTTPStatus:
    """The HTTPStatus for a response code; a code HTTPStatus lacks (a CDN's 520-527) stays a plain int.

    (The stock template calls HTTPStatus(code), which raises ValueError for those and loses the response.)
    """
    try:
        return HTTPStatus(code)
    except ValueError:
        return code  # type: ignore[return-value]


# What the models meet outside the spec, reported from their slow paths only: an enum value the member map
# lacks, a payload holding more keys than the known fields. Nothing is recorded without a listener; the
# kalshi_orders wrapper installs one (its client.drift() counts, logger kalshi_orders.drift logs).
DriftListener = Callable[[str, str, str, Any], None]
_drift_listeners: list[DriftListener] = []


def add_drift_listener(listener: DriftListener) -> None:
    """Call ``listener(model, field, kind, value)`` for every unknown enum value (kind "enum") and unknown
    field (kind "field": ``field`` is the key, ``value`` its value) a model parses."""
    if listener not in _drift_listeners:
        _drift_listeners.append(listener)


def remove_drift_listener(listener: DriftListener) -> None:
    if listener in _drift_listeners:
        _drift_listeners.remove(listener)


def _report(model: str, field: str, kind: str, value: Any) -> None:
    for listener in tuple(_drift_listeners):
        try:
            listener(model, field, kind, value)
        except Exception:  # noqa: BLE001 - a listener must never make a parse fail
            pass


def unknown_enum(enum: Any, raw: Any, model: str, field: str) -> Any:
    """``enum(raw)`` for a value the member map lacks: the open enum's unknown member, reported."""
    member = enum(raw)
    if _drift_listeners and getattr(member, "is_unknown", False):
        _report(model, field, "enum", raw)
    return member


def unknown_fields(model: str, extra: Mapping[str, Any]) -> None:
    """Report the keys of a payload that its model does not list (kept in additional_properties)."""
    if _drift_listeners:
        for key, value in extra.items():
            _report(model, key, "field", value)


__all__ = [
    "UNSET",
    "DriftListener",
    "FastJSONResponse",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "add_drift_listener",
    "remove_drift_listener",
    "status_of",
    "unknown_enum",
    "unknown_fields",
]
