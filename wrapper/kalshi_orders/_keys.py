"""Private keys for request signing: RSA (PSS) or Ed25519, loaded from a PEM file or string.

Every error message here names the problem and the fix, and never contains key material or the password.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from typing import Literal

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from .errors import KeyLoadError

__all__ = ["MIN_RSA_BITS", "KeyKind", "PrivateKey", "load_private_key"]

KeyKind = Literal["rsa", "ed25519"]
MIN_RSA_BITS = 2048

_SUPPORTED = "Kalshi accepts RSA keys of at least 2048 bits or Ed25519 keys"
_PUBLIC_MARKERS = ("PUBLIC KEY-----", "CERTIFICATE-----", "ssh-rsa ", "ssh-ed25519 ")


def _signing_function(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> Callable[[bytes], bytes]:
    """The key's sign function with Kalshi's parameters bound once: building the PSS padding and hash
    objects and an ABC isinstance check per request cost a few percent of a sign (bench/bench_sign.py)."""
    if isinstance(key, rsa.RSAPrivateKey):
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
        sha256 = hashes.SHA256()
        rsa_key = key
        return lambda message: rsa_key.sign(message, pss, sha256)
    return key.sign


class PrivateKey:
    """A signing key. Its repr shows the kind and the public-key fingerprint only."""

    __slots__ = ("_fingerprint", "_key", "_kind", "_sign")

    def __init__(self, key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> None:
        if isinstance(key, rsa.RSAPrivateKey):
            if key.key_size < MIN_RSA_BITS:
                raise KeyLoadError(
                    f"the RSA key has {key.key_size} bits, fewer than {MIN_RSA_BITS}: "
                    "create a new API key with a 2048-bit (or larger) RSA key, or an Ed25519 key"
                )
            self._kind: KeyKind = "rsa"
        elif isinstance(key, ed25519.Ed25519PrivateKey):
            self._kind = "ed25519"
        else:
            raise KeyLoadError(f"unsupported key type {_key_type_name(key)}: {_SUPPORTED}")
        self._key = key
        self._sign = _signing_function(key)
        der = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        digest = base64.b64encode(hashlib.sha256(der).digest()).decode("ascii").rstrip("=")
        self._fingerprint = f"SHA256:{digest}"

    @property
    def kind(self) -> KeyKind:
        return self._kind

    @property
    def fingerprint(self) -> str:
        """``SHA256:`` + unpadded base64 of the SHA-256 of the public key (SubjectPublicKeyInfo DER)."""
        return self._fingerprint

    @property
    def key_size(self) -> int:
        """Key size in bits (256 for Ed25519)."""
        return self._key.key_size if isinstance(self._key, rsa.RSAPrivateKey) else 256

    def sign(self, message: bytes) -> bytes:
        """Sign as Kalshi expects: RSA-PSS (SHA-256, MGF1-SHA-256, salt = digest length) or plain Ed25519."""
        return self._sign(message)

    def public_key(self) -> rsa.RSAPublicKey | ed25519.Ed25519PublicKey:
        return self._key.public_key()

    def public_key_pem(self) -> str:
        """The public key as a SubjectPublicKeyInfo PEM (what Kalshi's API-key page takes)."""
        return (
            self._key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode("ascii")
        )

    def __repr__(self) -> str:
        return f"PrivateKey(kind={self._kind!r}, fingerprint={self._fingerprint!r})"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would copy the secret into whatever stores the pickle.
        raise TypeError("PrivateKey cannot be pickled; load it again from its source")


def _key_type_name(key: object) -> str:
    name = type(key).__name__
    for prefix in ("_", "Rust"):
        name = name.removeprefix(prefix)
    return name.replace("PrivateKey", "") or name


def _normalise_pem(text: str) -> str:
    """Undo what environment variables and config files do to a PEM: quotes, literal ``\\n``, CRLF and
    indentation."""
    text = text.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    # Blank lines stay: a legacy encrypted PEM needs the one after its Proc-Type/DEK-Info headers.
    return "\n".join(line.strip() for line in text.split("\n")) + "\n"


def _password_bytes(password: str | bytes | None) -> bytes | None:
    if password is None:
        return None
    if isinstance(password, bytes):
        return password or None
    if isinstance(password, str):
        return password.encode("utf-8") or None
    raise KeyLoadError(f"the key password must be str or bytes, not {type(password).__name__}")


def _looks_like_key_text(text: str | bytes) -> bool:
    return "-----BEGIN" in (text.decode("utf-8", "replace") if isinstance(text, bytes) else text)


def _read_file(path: str | os.PathLike[str]) -> str:
    shown = os.fspath(path)
    if _looks_like_key_text(shown):
        # PEM text where a path belongs (e.g. the key pasted into KALSHI_PRIVATE_KEY_PATH): never echo it.
        raise KeyLoadError(
            "the private key path holds PEM text, not a file path: pass the text as pem= "
            "(or set KALSHI_PRIVATE_KEY instead of KALSHI_PRIVATE_KEY_PATH)"
        )
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise KeyLoadError(
            f"private key file not found: {shown}: check the path (KALSHI_PRIVATE_KEY_PATH)"
        ) from None
    except IsADirectoryError:
        raise KeyLoadError(f"private key path is a directory, not a file: {shown}") from None
    except OSError as exc:
        raise KeyLoadError(
            f"cannot read private key file {shown} ({exc.strerror or type(exc).__name__}): "
            "check the file's permissions"
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KeyLoadError(
            f"private key file {shown} is not a text PEM file (a DER or other binary file?): "
            "convert it with `openssl pkey -in KEY -out key.pem`"
        ) from None


def load_private_key(
    *,
    path: str | os.PathLike[str] | None = None,
    pem: str | bytes | None = None,
    password: str | bytes | None = None,
) -> PrivateKey:
    """Load an RSA or Ed25519 private key from a PEM file (``path``) or PEM text (``pem``).

    Accepts PKCS#1, PKCS#8 (optionally encrypted with ``password``) and OpenSSH private keys. A PEM taken from
    an environment variable may carry literal ``\\n`` sequences and surrounding quotes; both are tolerated.
    Raises :class:`KeyLoadError` with a fix for every failure.
    """
    if (path is None) == (pem is None):
        raise KeyLoadError(
            "pass exactly one of path= (a PEM file) or pem= (the PEM text) to load_private_key"
        )
    if path is not None:
        text = _read_file(path)
        source = f"private key file {os.fspath(path)}"
    else:
        if isinstance(pem, bytes):
            try:
                text = pem.decode("utf-8")
            except UnicodeDecodeError:
                raise KeyLoadError("the key text is not PEM text (it is not valid UTF-8)") from None
        elif isinstance(pem, str):
            text = pem
        else:
            raise KeyLoadError(f"pem= must be str or bytes, not {type(pem).__name__}")
        source = "the key text"
    return _load_text(_normalise_pem(text), _password_bytes(password), source)


def _load_text(text: str, password: bytes | None, source: str) -> PrivateKey:
    if "-----BEGIN " not in text:
        if any(marker in text for marker in _PUBLIC_MARKERS):
            raise KeyLoadError(f"{source} is a public key: use the private key file that Kalshi gave you")
        raise KeyLoadError(
            f"{source} is not a PEM (no '-----BEGIN ... PRIVATE KEY-----' line): "
            "pass the private key file that Kalshi generated"
        )
    if "PRIVATE KEY-----" not in text:
        raise KeyLoadError(
            f"{source} holds no private key (found a public key or certificate): use the private key file"
        )
    data = text.encode("ascii", errors="replace")
    openssh = "BEGIN OPENSSH PRIVATE KEY" in text
    encrypted_pem = "BEGIN ENCRYPTED PRIVATE KEY" in text or "Proc-Type: 4,ENCRYPTED" in text
    key: object
    try:
        if openssh:
            key = serialization.load_ssh_private_key(data, password=password)
        else:
            key = serialization.load_pem_private_key(data, password=password)
    except TypeError as exc:
        # cryptography signals password mismatches with TypeError; its messages carry no secrets.
        if "not encrypted" in str(exc):
            raise KeyLoadError(
                f"{source} is not encrypted but a password was given: remove the password "
                "(KALSHI_PRIVATE_KEY_PASSWORD)"
            ) from None
        raise KeyLoadError(
            f"{source} is encrypted: pass its password (password=..., or KALSHI_PRIVATE_KEY_PASSWORD)"
        ) from None
    except UnsupportedAlgorithm:
        if openssh and password is not None:
            raise KeyLoadError(
                f"{source} is an encrypted OpenSSH key, which needs the optional 'bcrypt' package: "
                "install it, or convert the key with `ssh-keygen -p -m PKCS8 -f KEY`"
            ) from None
        raise KeyLoadError(f"{source} uses an unsupported key type or cipher: {_SUPPORTED}") from None
    except ValueError:
        if password is not None and (encrypted_pem or openssh):
            raise KeyLoadError(
                f"cannot decrypt {source}: the password is wrong (or the key is corrupt)"
            ) from None
        raise KeyLoadError(
            f"{source} could not be parsed: the PEM is damaged or incomplete (check that the whole key, "
            "including the BEGIN/END lines, was copied)"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey):
        raise KeyLoadError(f"{source} is an unsupported key type ({_key_type_name(key)}): {_SUPPORTED}")
    return PrivateKey(key)
