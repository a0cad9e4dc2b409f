"""Reading a streamed response body within a size limit and the call's deadline.

Both runners stream every response (headers first) and feed its raw bytes, as they arrive, to a
:class:`BodyReader`:

* **Size.** At most ``max_response_bytes`` are read off the wire and at most that many kept after
  decompression, counted while streaming: an endless chunked body, a 200 MB page or a 200 KB gzip body that
  inflates to 200 MB is stopped at the limit, never read into memory. gzip and deflate are inflated here, with
  zlib, in steps of at most 64 KiB of output: httpx's own decoders inflate each network chunk whole (aiohttp
  hands over chunks of any size), which lets one small chunk expand past any limit before it can be counted.
  The client asks only for ``gzip, deflate``; another encoding in a success answer is refused, not guessed.
* **Time.** After every chunk the call's deadline is checked, so a body trickling in a byte at a time cannot
  hold the call past it (each wait for a chunk is itself capped by the request's read timeout).

A success answer (2xx) that is too large or cannot be decoded is an error (``ResponseTooLargeError``, a
``ResponseValidationError``): its body cannot be trusted in part. An error answer (3xx-5xx) keeps the first
``max_response_bytes`` of its body and is judged by its status as usual: a 503 with a huge HTML page is still
a 503 to retry.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Mapping

import httpx

from ._deadline import Deadline, DeadlineExpiredError

__all__ = [
    "ACCEPT_ENCODING",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "Answer",
    "BodyReader",
    "BodyTooLargeError",
    "UndecodableBodyError",
    "UnreadableBodyError",
    "check_max_response_bytes",
]

# A 1,000-order page (GetOrders' largest) is about 1 MB; 16x that leaves room for longer tickers, the legacy
# fields and whatever Kalshi adds next, and still bounds the memory one response can take.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_STEP = 64 * 1024  # most bytes one inflate step may produce
_IDENTITY = frozenset({"", "identity"})


def check_max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1024:
        raise ValueError(f"max_response_bytes must be an int of at least 1024 (bytes), not {value!r}")
    return value


class UnreadableBodyError(Exception):
    """Internal: a success answer whose body cannot be used. Keeps the status, headers and what was read."""

    def __init__(self, reason: str, status_code: int, headers: httpx.Headers, content: bytes) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code
        self.headers = headers
        self.content = content


class BodyTooLargeError(UnreadableBodyError):
    def __init__(
        self, status_code: int, headers: httpx.Headers, *, limit: int, received: int, encoding: str | None
    ) -> None:
        after = f" after {encoding} decoding" if encoding else ""
        super().__init__(f"the body is larger than {limit} bytes{after}", status_code, headers, b"")
        self.limit = limit
        self.received = received
        self.encoding = encoding


class UndecodableBodyError(UnreadableBodyError):
    pass


def _zlib_header(head: bytes) -> bool:
    """Whether two bytes open a zlib stream (RFC 1950: deflate method, check bits); else it is raw deflate."""
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class _Inflater:
    """One zlib stream: gzip, or deflate with or without its zlib header (both are sent as "deflate")."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._stream = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._head = b""  # deflate: the first two bytes decide between zlib and raw
        self._decided = self._gzip

    def _decide(self, data: bytes) -> bytes:
        self._head += data
        if len(self._head) < 2:
            return b""
        data, self._head = self._head, b""
        if not _zlib_header(data[:2]):
            self._stream = zlib.decompressobj(-zlib.MAX_WBITS)
        self._decided = True
        return data

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._decided:
            data = self._decide(data)
        while data and not self._stream.eof:  # bytes after the end of the stream are ignored, as httpx does
            try:
                out = self._stream.decompress(data, _STEP)
            except zlib.error as exc:
                raise ValueError(f"{self.encoding} data is corrupt ({exc})") from exc
            data = self._stream.unconsumed_tail
            if out:
                yield out

    def flush(self) -> bytes:
        try:
            tail = b""
            if not self._decided and self._head:  # a one-byte body
                self._stream = zlib.decompressobj(-zlib.MAX_WBITS)
                tail = self._stream.decompress(self._head, _STEP)
            return tail + self._stream.flush()
        except zlib.error as exc:
            raise ValueError(f"{self.encoding} data is corrupt ({exc})") from exc


class Answer:
    """A response with its body read and decoded: what the generated parsers read (``types.Received``).
    Its headers are the ones the server sent (Content-Encoding included); only the body is decoded."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: httpx.Headers, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

    def __repr__(self) -> str:
        return f"Answer({self.status_code}, {len(self.content)} bytes)"


class BodyReader:
    """Collects one response's body; :meth:`feed` each raw chunk while it returns True, then :meth:`finish`.

    Raises :class:`BodyTooLargeError` / :class:`UndecodableBodyError` for a success answer that cannot be
    used, and :class:`DeadlineExpiredError` when the call's deadline passes while the body is still coming.
    """

    def __init__(
        self,
        status: int,
        headers: httpx.Headers,
        limit: int,
        deadline: Deadline | None,
        lookup: Mapping[str, str] | None = None,
    ) -> None:
        """``lookup``: the same headers in a faster mapping (the transport's ``Opened.lookup``), for the
        two this reads."""
        self._headers = headers
        self._status = status
        self._limit = limit
        self._deadline = deadline
        self._success = self._status < 300
        self._parts: list[bytes] = []
        self._raw = 0
        self._kept = 0
        self._done = False
        if lookup is None:
            lookup = headers
        header = lookup.get("content-encoding", "")
        codings = [c.strip().lower() for c in header.split(",")] if header else []
        codings = [c for c in codings if c not in _IDENTITY]
        self._encoding = ", ".join(codings) or None
        unknown = [c for c in codings if c not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            # Never asked for (see ACCEPT_ENCODING): the bytes cannot be read as what they claim to be.
            self._refuse(f"Content-Encoding {', '.join(unknown)!r}, which the client did not ask for")
            self._inflaters: list[_Inflater] = []
            self._passthrough = True
        else:
            # Content-Encoding lists the codings in the order they were applied: undo them last first.
            self._inflaters = [_Inflater(c) for c in reversed(codings)]
            self._passthrough = False
        declared = lookup.get("content-length", "")
        self._declared = int(declared) if declared.isdigit() else None
        if self._success and self._declared is not None and self._declared > limit:
            raise self._too_large(self._declared)

    # ------------------------------------------------------------------ feeding
    def feed(self, chunk: bytes) -> bool:
        """Take one raw chunk; False once nothing more should be read (an error body cut at the limit)."""
        if self._done:
            return False
        self._raw += len(chunk)
        if self._raw > self._limit:
            if self._success:
                raise self._too_large(self._raw)
            chunk = chunk[: len(chunk) - (self._raw - self._limit)]
            self._done = True
        try:
            for piece in self._decode(chunk):
                if not self._keep(piece):
                    self._done = True
                    break
        except ValueError as exc:
            self._refuse(str(exc))
            self._done = True
        if self._deadline is not None and self._deadline.expired and not self._complete:
            raise DeadlineExpiredError(self._deadline, "reading the response body", sent=True)
        return not self._done

    @property
    def _complete(self) -> bool:
        """Whether the whole body is in, as far as a Content-Length tells (a late last chunk still counts)."""
        return self._declared is not None and self._raw >= self._declared

    def feed_decoded(self, content: bytes) -> None:
        """The whole body, already read and decoded by the transport (``httpx.MockTransport`` and other
        transports that answer with a finished ``httpx.Response``): only its size can still be checked."""
        self._inflaters = []
        self._deadline = None  # it is all here: however late, it is the answer
        self.feed(content)

    def _decode(self, chunk: bytes) -> Iterable[bytes]:
        pieces: Iterable[bytes] = (chunk,)
        for inflater in self._inflaters:
            pieces = self._through(inflater, pieces)
        return pieces

    @staticmethod
    def _through(inflater: _Inflater, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from inflater.feed(piece)

    def _flushed(self) -> Iterable[bytes]:
        """What the inflaters still hold at the end, each one's rest passed through the ones after it."""
        pieces: Iterable[bytes] = ()
        for inflater in self._inflaters:
            pieces = self._then_flush(inflater, pieces)
        return pieces

    @staticmethod
    def _then_flush(inflater: _Inflater, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from inflater.feed(piece)
        tail = inflater.flush()
        if tail:
            yield tail

    def _keep(self, piece: bytes) -> bool:
        room = self._limit - self._kept
        if len(piece) > room:
            if self._success:
                raise self._too_large(self._kept + len(piece))
            self._parts.append(piece[:room])
            self._kept = self._limit
            return False
        self._parts.append(piece)
        self._kept += len(piece)
        return True

    # ------------------------------------------------------------------ the result
    def finish(self) -> Answer:
        """The answer with its decoded body, for the generated parser."""
        if not self._done and not self._passthrough:
            try:
                for piece in self._flushed():
                    if not self._keep(piece):
                        break
            except ValueError as exc:
                self._refuse(str(exc))
        parts = self._parts
        return Answer(self._status, self._headers, parts[0] if len(parts) == 1 else b"".join(parts))

    # ------------------------------------------------------------------ failures
    def _too_large(self, received: int) -> BodyTooLargeError:
        return BodyTooLargeError(
            self._status,
            self._headers,
            limit=self._limit,
            received=received,
            encoding=self._encoding,
        )

    def _refuse(self, reason: str) -> None:
        """A body that cannot be decoded: fatal for a success answer, kept as read for an error answer."""
        if self._success:
            raise UndecodableBodyError(
                f"the body could not be decoded: {reason}",
                self._status,
                self._headers,
                b"".join(self._parts),
            )
        self._passthrough = True
