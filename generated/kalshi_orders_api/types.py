"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
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


__all__ = [
    "UNSET",
    "FastJSONResponse",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "status_of",
]
