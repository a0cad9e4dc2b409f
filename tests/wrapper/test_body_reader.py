"""BodyReader on its own: every Content-Encoding it meets, in chunks of any size, within its limit."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

import httpx
import pytest

from kalshi_orders._body import BodyReader, BodyTooLargeError, UndecodableBodyError
from kalshi_orders._deadline import Deadline, DeadlineExpiredError

BODY = b'{"orders": [], "cursor": ""}' + b" " * 5000


def _response(status: int, headers: dict[str, str], raw: bytes) -> httpx.Response:
    request = httpx.Request("GET", "https://kalshi.test/trade-api/v2/portfolio/orders")
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(raw), request=request)


def _reader(response: httpx.Response, limit: int, deadline: Deadline | None) -> BodyReader:
    return BodyReader(response.status_code, response.headers, limit, deadline)


def _read(response: httpx.Response, raw: bytes, limit: int = 1 << 20, chunk: int = 7) -> bytes:
    reader = BodyReader(response.status_code, response.headers, limit, None)
    for start in range(0, len(raw), chunk):
        if not reader.feed(raw[start : start + chunk]):
            break
    return reader.finish().content


def _deflate(data: bytes, *, header: bool) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS if header else -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("", BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", _deflate(BODY, header=True)),
        ("deflate", _deflate(BODY, header=False)),  # raw deflate, as some servers send it
        ("gzip, gzip", gzip.compress(gzip.compress(BODY))),
        ("deflate, gzip", gzip.compress(_deflate(BODY, header=True))),
    ],
    ids=["none", "identity", "gzip", "x-gzip", "deflate-zlib", "deflate-raw", "gzip-gzip", "deflate-gzip"],
)
@pytest.mark.parametrize("chunk", [1, 7, 65536])
def test_every_encoding_in_any_chunking_gives_the_body(encoding: str, raw: bytes, chunk: int) -> None:
    response = _response(200, {"Content-Encoding": encoding} if encoding else {}, raw)
    assert _read(response, raw, chunk=chunk) == BODY


def test_the_headers_stay_as_the_server_sent_them() -> None:
    raw = gzip.compress(BODY)
    response = _response(200, {"Content-Encoding": "gzip", "X-Request-Id": "r-1"}, raw)
    reader = BodyReader(response.status_code, response.headers, 1 << 20, None)
    reader.feed(raw)
    done = reader.finish()
    assert done.content == BODY and done.headers["content-encoding"] == "gzip"
    assert done.headers["x-request-id"] == "r-1"


def _zeros(mib: int) -> Iterator[bytes]:
    return (b"\0" * (1 << 20) for _ in range(mib))


def test_a_double_gzip_bomb_is_stopped_at_the_limit() -> None:
    inner = gzip.compress(b"".join(_zeros(64)))
    raw = gzip.compress(inner)  # a few hundred bytes
    reader = _reader(_response(200, {"Content-Encoding": "gzip, gzip"}, raw), 1 << 20, None)
    with pytest.raises(BodyTooLargeError) as info:
        reader.feed(raw)
    assert info.value.limit == 1 << 20 and info.value.encoding == "gzip, gzip"


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    with pytest.raises(BodyTooLargeError):
        _reader(_response(200, {"Content-Length": str(10 << 20)}, b""), 1 << 20, None)


@pytest.mark.parametrize(
    ("headers", "raw"),
    [({"Content-Encoding": "br"}, b"\x1b\x00"), ({"Content-Encoding": "gzip"}, b"not gzip at all")],
    ids=["unasked-br", "corrupt-gzip"],
)
def test_a_success_body_that_cannot_be_decoded_is_refused(headers: dict[str, str], raw: bytes) -> None:
    with pytest.raises(UndecodableBodyError, match="could not be decoded"):
        _read(_response(200, headers, raw), raw)


def test_an_error_body_keeps_what_it_can() -> None:
    raw = b"<html>" + b"x" * 5000
    response = _response(502, {"Content-Encoding": "br"}, raw)
    assert _read(response, raw, limit=1024) == raw[:1024]  # kept as sent, cut at the limit


def test_the_deadline_is_checked_after_every_chunk() -> None:
    now = [0.0]
    deadline = Deadline.after(1.0, lambda: now[0])
    reader = _reader(_response(200, {}, BODY), 1 << 20, deadline)
    assert reader.feed(b"{")
    now[0] = 1.5
    with pytest.raises(DeadlineExpiredError, match="reading the response body"):
        reader.feed(b'"')
