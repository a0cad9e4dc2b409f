"""Where a limiter's buckets live: this process (default), files on this machine, or Redis.

The file and Redis modules import ``filelock`` and ``redis`` only when first used: ``import kalshi_orders``
stays lean and works without the ``redis`` extra.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from ...errors import ConfigurationError
from .base import Backend, OnError
from .file import FileBackend
from .local import LocalBackend
from .redis import RedisBackend
from .shared import SharedBackend

__all__ = [
    "ENV_VAR",
    "Backend",
    "FileBackend",
    "LocalBackend",
    "OnError",
    "RedisBackend",
    "SharedBackend",
    "backend_from",
]

ENV_VAR = "KALSHI_RATE_LIMIT_BACKEND"


def backend_from(spec: Backend | str | None) -> Backend:
    """A backend from its description: a Backend as is; ``"local"``; ``"file"`` (the default directory) or
    ``"file:/some/dir"``; a Redis URL (``redis://``, ``rediss://``, ``unix://``). None reads
    ``$KALSHI_RATE_LIMIT_BACKEND`` (same forms), else local."""
    if isinstance(spec, Backend):
        return spec
    text = (os.environ.get(ENV_VAR, "") if spec is None else spec).strip()
    if text in ("", "local"):
        return LocalBackend()
    scheme = urlsplit(text).scheme.lower()
    if text == "file" or scheme == "file":
        if text == "file":
            return FileBackend()
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise ConfigurationError(f"a file rate-limit backend must be on this machine, got {text!r}")
        return FileBackend(unquote(parts.path))
    if scheme in ("redis", "rediss", "unix"):
        return RedisBackend(text)
    source = f"${ENV_VAR}" if spec is None else "backend"
    raise ConfigurationError(
        f"unknown rate-limit {source} {text!r}: use 'local', 'file', 'file:/a/directory' or a Redis URL "
        "(redis://host:6379/0)"
    )
