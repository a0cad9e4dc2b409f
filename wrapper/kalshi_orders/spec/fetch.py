"""Fetch a published OpenAPI document over HTTP(S), with a conditional-GET cache in a per-user directory.

The cache keeps the last good copy of each URL with its ``ETag`` / ``Last-Modified``; the next fetch sends
``If-None-Match`` / ``If-Modified-Since`` and a 304 reuses the copy. A body is cached only after it parsed as
an OpenAPI document, so a bad answer (an HTML error page, a truncated body) never replaces a good copy.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import orjson

from .diff import SpecLoadError, parse_spec

__all__ = ["MAX_BYTES", "FetchError", "Fetched", "default_cache_dir", "fetch_document"]

MAX_BYTES: Final = 20 * 1024 * 1024  # Kalshi's document is ~250 kB; anything near this is not it


class FetchError(RuntimeError):
    """The document could not be fetched (no answer, an error status, or not an OpenAPI document)."""


@dataclass(frozen=True)
class Fetched:
    url: str
    text: str
    document: dict[str, Any]
    status: Literal["fetched", "not modified", "no cache"]
    etag: str | None
    last_modified: str | None
    fetched_at: float  # when this copy was downloaded (a 304 keeps the earlier time)
    # The copy the cache held before this fetch replaced it (only when the document changed).
    previous: dict[str, Any] | None = None
    previous_fetched_at: float | None = None
    note: str | None = None  # e.g. the cache could not be written (the check itself still ran)


def default_cache_dir() -> Path:
    """``$KALSHI_ORDERS_CACHE_DIR``, else the platform's per-user cache directory + ``kalshi-orders``.

    Written out rather than taken from a library: three platform rules, and the client needs no dependency
    for a directory only this command uses."""
    override = os.environ.get("KALSHI_ORDERS_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "kalshi-orders" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kalshi-orders"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "kalshi-orders"


def _entry(cache_dir: Path, url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode()).hexdigest()[:24]
    folder = cache_dir / "upstream"
    return folder / f"{key}.yaml", folder / f"{key}.json"


def _read_cache(cache_dir: Path, url: str) -> tuple[str, dict[str, Any]] | None:
    body_path, meta_path = _entry(cache_dir, url)
    try:
        meta = orjson.loads(meta_path.read_bytes())
        text = body_path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    if meta.get("sha256") != hashlib.sha256(text.encode()).hexdigest():
        return None  # a half-written or edited copy: fetch afresh
    return text, meta


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_cache(cache_dir: Path, url: str, text: str, meta: dict[str, Any]) -> None:
    body_path, meta_path = _entry(cache_dir, url)
    meta = {**meta, "url": url, "sha256": hashlib.sha256(text.encode()).hexdigest()}
    _atomic_write(body_path, text.encode())  # the body first: the metadata's hash vouches for it
    _atomic_write(meta_path, orjson.dumps(meta, option=orjson.OPT_INDENT_2))


def fetch_document(
    url: str,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    timeout: float = 30.0,
    transport: Any = None,
    user_agent: str = "kalshi-orders",
) -> Fetched:
    """GET ``url`` (conditionally, when a cached copy exists) and parse it as an OpenAPI document.

    Raises :class:`FetchError` with a sentence saying what went wrong: no answer within ``timeout`` seconds,
    a connection error, an error status, a body too large or not an OpenAPI document."""
    import httpx  # here: `spec diff` and `--help` need no HTTP stack

    cache_dir = cache_dir or default_cache_dir()
    cached = _read_cache(cache_dir, url) if use_cache else None
    headers = {"User-Agent": user_agent, "Accept": "application/yaml, application/json;q=0.9, */*;q=0.5"}
    if cached is not None:
        if cached[1].get("etag"):
            headers["If-None-Match"] = str(cached[1]["etag"])
        if cached[1].get("last_modified"):
            headers["If-Modified-Since"] = str(cached[1]["last_modified"])
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, transport=transport) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            status = response.status_code
            if status == 304 and cached is not None:
                text, meta = cached
                return Fetched(
                    url,
                    text,
                    parse_spec(text, f"the cached copy of {url}"),
                    "not modified",
                    meta.get("etag"),
                    meta.get("last_modified"),
                    float(meta.get("fetched_at") or 0.0),
                )
            if status != 200:
                raise FetchError(f"{url} answered HTTP {status} {response.reason_phrase}".rstrip())
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(
                        f"{url} sent more than {MAX_BYTES // (1024 * 1024)} MB: not an OpenAPI document"
                    )
                chunks.append(chunk)
            etag = response.headers.get("etag")
            last_modified = response.headers.get("last-modified")
            encoding = response.encoding or "utf-8"
    except httpx.TimeoutException:
        raise FetchError(f"no answer from {url} within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}") from None
    try:
        text = b"".join(chunks).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise FetchError(f"{url} did not send text") from None
    try:
        document = parse_spec(text, url)
    except SpecLoadError as exc:
        raise FetchError(str(exc)) from None
    now = time.time()
    previous: dict[str, Any] | None = None
    previous_at: float | None = None
    if cached is not None and cached[0] != text:
        try:
            previous = parse_spec(cached[0], "the cached copy")
            previous_at = float(cached[1].get("fetched_at") or 0.0)
        except SpecLoadError:
            previous = None
    note = None
    if use_cache:
        try:
            _write_cache(
                cache_dir, url, text, {"etag": etag, "last_modified": last_modified, "fetched_at": now}
            )
        except OSError as exc:
            note = f"could not write the cache in {cache_dir}: {exc.strerror or exc}"
    return Fetched(
        url,
        text,
        document,
        "fetched" if use_cache else "no cache",
        etag,
        last_modified,
        now,
        previous,
        previous_at,
        note,
    )
