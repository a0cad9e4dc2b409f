"""API credentials (key id + private key), from arguments or the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._keys import PrivateKey, load_private_key
from ._logging import mask_key_id
from .errors import ConfigurationError, KeyLoadError

if TYPE_CHECKING:
    from ._auth import KalshiSigner

__all__ = ["ENV_KEY_ID", "ENV_PRIVATE_KEY", "ENV_PRIVATE_KEY_PASSWORD", "ENV_PRIVATE_KEY_PATH", "Credentials"]

ENV_KEY_ID = "KALSHI_API_KEY_ID"
ENV_PRIVATE_KEY_PATH = "KALSHI_PRIVATE_KEY_PATH"
ENV_PRIVATE_KEY = "KALSHI_PRIVATE_KEY"
ENV_PRIVATE_KEY_PASSWORD = "KALSHI_PRIVATE_KEY_PASSWORD"  # noqa: S105  (a variable name, not a password)


class Credentials:
    """An API key id and its private key. The repr shows the key id's last 4 characters and the key's
    fingerprint only."""

    __slots__ = ("key_id", "private_key")

    def __init__(self, key_id: str, private_key: PrivateKey) -> None:
        if not isinstance(key_id, str) or not key_id.strip():
            raise ConfigurationError(f"the API key id is empty: set {ENV_KEY_ID} or pass key_id=")
        if not isinstance(private_key, PrivateKey):
            raise ConfigurationError(
                "private_key must be a PrivateKey: use kalshi_orders.load_private_key(...)"
            )
        self.key_id = key_id.strip()
        self.private_key = private_key

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """Read ``KALSHI_API_KEY_ID`` and ``KALSHI_PRIVATE_KEY_PATH`` or ``KALSHI_PRIVATE_KEY`` (PEM text),
        plus the optional ``KALSHI_PRIVATE_KEY_PASSWORD``. Empty variables count as unset."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name)
            return value if value and value.strip() else None

        key_id = get(ENV_KEY_ID)
        path = get(ENV_PRIVATE_KEY_PATH)
        pem = get(ENV_PRIVATE_KEY)
        missing = []
        if key_id is None:
            missing.append(f"{ENV_KEY_ID} (your API key id)")
        if path is None and pem is None:
            missing.append(
                f"{ENV_PRIVATE_KEY_PATH} (path to the private key PEM) or {ENV_PRIVATE_KEY} (the PEM text)"
            )
        if missing:
            raise ConfigurationError(
                "Kalshi credentials are not configured: set "
                + " and ".join(missing)
                + ". Keys are created on the Kalshi account's API keys page; demo and production keys differ."
            )
        if path is not None and pem is not None:
            raise ConfigurationError(
                f"both {ENV_PRIVATE_KEY_PATH} and {ENV_PRIVATE_KEY} are set: "
                "unset one so it is clear which key to use"
            )
        password = get(ENV_PRIVATE_KEY_PASSWORD)
        source = ENV_PRIVATE_KEY_PATH if path is not None else ENV_PRIVATE_KEY
        try:
            if path is not None:
                key = load_private_key(path=path, password=password)
            else:
                key = load_private_key(pem=pem, password=password)
        except KeyLoadError as exc:
            raise KeyLoadError(f"{source}: {exc}") from None
        assert key_id is not None  # checked above; narrows the type
        return cls(key_id, key)

    def signer(self) -> KalshiSigner:
        from ._auth import KalshiSigner  # here: _auth brings httpx, which the CLI's key paths never need

        return KalshiSigner(self.key_id, self.private_key)

    def __repr__(self) -> str:
        return f"Credentials(key_id={mask_key_id(self.key_id)!r}, private_key={self.private_key!r})"
