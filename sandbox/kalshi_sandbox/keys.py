"""Local API keys and the account registry of the sandbox.

``key_dir`` holds one private key PEM per generated key (mode 0600) and ``registry.json``, which maps each key
id to its account (``user_id``), public key PEM, key type and optional subaccount lock. The directory is
reused across runs, so a key printed by ``kalshi-orders sandbox serve`` keeps working after a restart.
"""

from __future__ import annotations

import json
import os
import re
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from kalshi_sandbox.exchange.validation import MAX_SUBACCOUNT

KEY_TYPES = ("rsa", "ed25519")
REGISTRY_FILE = "registry.json"


def default_key_dir() -> Path:
    """``$KALSHI_SANDBOX_KEY_DIR`` or ``~/.kalshi-sandbox``."""
    return Path(os.environ.get("KALSHI_SANDBOX_KEY_DIR") or Path.home() / ".kalshi-sandbox")


@dataclass(frozen=True)
class ApiKey:
    """A registered key: who it belongs to and how to verify its signatures (never the private key)."""

    key_id: str
    user_id: str
    name: str
    kind: str  # "rsa" | "ed25519"
    public_key_pem: str
    public_key: PublicKeyTypes
    subaccount: int | None = None  # a key locked to one subaccount (0-63)
    private_key_path: Path | None = None

    def __repr__(self) -> str:
        return f"ApiKey(key_id={self.key_id!r}, name={self.name!r}, kind={self.kind!r})"

    def describe(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "user_id": self.user_id,
            "name": self.name,
            "key_type": self.kind,
            "subaccount": self.subaccount,
            "private_key_path": str(self.private_key_path) if self.private_key_path else None,
        }


def generate_private_key(key_type: str) -> rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey:
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if key_type == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(f"unknown key type {key_type!r}: use one of {', '.join(KEY_TYPES)}")


def _key_kind(public_key: PublicKeyTypes) -> str:
    if isinstance(public_key, rsa.RSAPublicKey):
        return "rsa"
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "ed25519"
    raise ValueError(
        f"unsupported public key type {type(public_key).__name__}: Kalshi keys are RSA or Ed25519"
    )


def _write_private(path: Path, pem: bytes) -> None:
    # Create with 0600 from the start: the key is never world-readable, not even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)


class KeyRegistry:
    """Thread-safe key id -> :class:`ApiKey` map persisted in ``key_dir/registry.json``."""

    def __init__(self, key_dir: Path | str) -> None:
        self.key_dir = Path(key_dir).expanduser()
        self.key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._keys: dict[str, ApiKey] = {}
        self._defaults: dict[str, str] = {}  # key type -> key id of the default account
        self._load()

    # ------------------------------------------------------------------ persistence
    @property
    def registry_path(self) -> Path:
        return self.key_dir / REGISTRY_FILE

    def _load(self) -> None:
        if not self.registry_path.exists():
            return
        data = json.loads(self.registry_path.read_text(encoding="utf-8"))
        self._defaults = dict(data.get("defaults", {}))
        for key_id, entry in data.get("keys", {}).items():
            public_key = serialization.load_pem_public_key(entry["public_key_pem"].encode())
            private = entry.get("private_key_file")
            self._keys[key_id] = ApiKey(
                key_id=key_id,
                user_id=entry["user_id"],
                name=entry.get("name", key_id),
                kind=_key_kind(public_key),
                public_key_pem=entry["public_key_pem"],
                public_key=public_key,
                subaccount=entry.get("subaccount"),
                private_key_path=(self.key_dir / private) if private else None,
            )

    def _save(self) -> None:
        data = {
            "defaults": self._defaults,
            "keys": {
                key.key_id: {
                    "user_id": key.user_id,
                    "name": key.name,
                    "key_type": key.kind,
                    "public_key_pem": key.public_key_pem,
                    "subaccount": key.subaccount,
                    "private_key_file": key.private_key_path.name if key.private_key_path else None,
                }
                for key in self._keys.values()
            },
        }
        tmp = self.registry_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.registry_path)

    # ------------------------------------------------------------------ API
    def get(self, key_id: str) -> ApiKey | None:
        return self._keys.get(key_id)

    def all_keys(self) -> list[ApiKey]:
        return list(self._keys.values())

    def find(self, name: str) -> ApiKey | None:
        """The registered key with this name whose private key file still exists, if any."""
        for key in self._keys.values():
            if key.name == name and key.private_key_path is not None and key.private_key_path.exists():
                return key
        return None

    def default_key(self, key_type: str = "rsa") -> ApiKey:
        """The default account's key of this type, created on first use (with a private key file)."""
        with self._lock:
            key_id = self._defaults.get(key_type)
            key = self._keys.get(key_id) if key_id else None
            if key is not None and key.private_key_path is not None and key.private_key_path.exists():
                return key
            key = self._create(name=f"default-{key_type}", key_type=key_type)
            self._defaults[key_type] = key.key_id
            self._save()
            return key

    def add(
        self,
        name: str | None = None,
        *,
        key_type: str = "rsa",
        subaccount: int | None = None,
        public_key_pem: str | bytes | None = None,
        user_id: str | None = None,
    ) -> ApiKey:
        """Register a new key (a new account unless ``user_id`` names an existing one).

        With ``public_key_pem`` only the public key is stored (bring your own private key); otherwise a key
        pair is generated and the private key written to ``key_dir``.
        """
        if subaccount is not None and not 0 <= subaccount <= MAX_SUBACCOUNT:
            raise ValueError(f"subaccount must be between 0 and {MAX_SUBACCOUNT}")
        with self._lock:
            key = self._create(
                name=name,
                key_type=key_type,
                subaccount=subaccount,
                public_key_pem=public_key_pem,
                user_id=user_id,
            )
            self._save()
            return key

    def remove_all_except(self, keep: set[str]) -> None:
        with self._lock:
            for key_id in [k for k in self._keys if k not in keep]:
                key = self._keys.pop(key_id)
                if key.private_key_path is not None and key.private_key_path.exists():
                    key.private_key_path.unlink()
            self._save()

    def _create(
        self,
        *,
        name: str | None,
        key_type: str,
        subaccount: int | None = None,
        public_key_pem: str | bytes | None = None,
        user_id: str | None = None,
    ) -> ApiKey:
        key_id = str(uuid.uuid4())
        private_path = None
        if public_key_pem is not None:
            pem = public_key_pem.encode() if isinstance(public_key_pem, str) else public_key_pem
            public_key = serialization.load_pem_public_key(pem)
        else:
            private_key = generate_private_key(key_type)
            public_key = private_key.public_key()
            stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name or "key")
            private_path = self.key_dir / f"{stem}-{key_id[:8]}.pem"
            _write_private(
                private_path,
                private_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
            )
        public_pem = public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        key = ApiKey(
            key_id=key_id,
            user_id=user_id or str(uuid.uuid4()),
            name=name or key_id,
            kind=_key_kind(public_key),
            public_key_pem=public_pem,
            public_key=public_key,
            subaccount=subaccount,
            private_key_path=private_path,
        )
        self._keys[key_id] = key
        return key
