from __future__ import annotations

import base64
import hashlib
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, padding, rsa

from kalshi_orders import KeyLoadError, PrivateKey, load_private_key
from kalshi_orders.errors import ConfigurationError

from .keyfactory import ed25519_key, pem, pem_body, rsa_key

PKCS1 = serialization.PrivateFormat.TraditionalOpenSSL
PKCS8 = serialization.PrivateFormat.PKCS8
OPENSSH = serialization.PrivateFormat.OpenSSH


def _spki_fingerprint(public_key: rsa.RSAPublicKey | ed25519.Ed25519PublicKey) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")


@pytest.mark.parametrize("fmt", [PKCS1, PKCS8, OPENSSH])
def test_rsa_formats_load_and_sign_with_pss_digest_length(fmt: serialization.PrivateFormat) -> None:
    key = load_private_key(pem=pem(rsa_key(), fmt))
    assert key.kind == "rsa"
    assert key.key_size == 2048
    assert key.fingerprint == _spki_fingerprint(rsa_key().public_key())
    signature = key.sign(b"1703123456789GET/trade-api/v2/portfolio/balance")
    rsa_key().public_key().verify(
        signature,
        b"1703123456789GET/trade-api/v2/portfolio/balance",
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
        hashes.SHA256(),
    )


@pytest.mark.parametrize("fmt", [PKCS8, OPENSSH])
def test_ed25519_formats_load_and_sign(fmt: serialization.PrivateFormat) -> None:
    key = load_private_key(pem=pem(ed25519_key(), fmt))
    assert key.kind == "ed25519"
    assert key.fingerprint == _spki_fingerprint(ed25519_key().public_key())
    signature = key.sign(b"message")
    ed25519_key().public_key().verify(signature, b"message")
    with pytest.raises(InvalidSignature):
        ed25519_key().public_key().verify(signature, b"other message")


def test_fingerprint_is_unpadded_base64_and_public_key_pem_round_trips() -> None:
    key = PrivateKey(rsa_key())
    assert key.fingerprint.startswith("SHA256:")
    assert not key.fingerprint.endswith("=")
    public = serialization.load_pem_public_key(key.public_key_pem().encode())
    assert _spki_fingerprint(public) == key.fingerprint  # type: ignore[arg-type]


def test_load_from_file(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    path.write_text(pem(ed25519_key()))
    assert load_private_key(path=path).fingerprint == PrivateKey(ed25519_key()).fingerprint
    assert load_private_key(path=str(path)).kind == "ed25519"


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda t: t.replace("\n", "\\n"), id="literal-backslash-n"),
        pytest.param(lambda t: '"' + t.replace("\n", "\\n") + '"', id="double-quoted-env"),
        pytest.param(lambda t: "'" + t + "'", id="single-quoted"),
        pytest.param(lambda t: "\n\n  " + t.replace("\n", "\r\n") + "  \n", id="crlf-and-whitespace"),
        pytest.param(lambda t: "\n".join("    " + line for line in t.splitlines()), id="indented"),
    ],
)
def test_pem_from_environment_variable_is_repaired(mangle: object) -> None:
    text = pem(rsa_key())
    key = load_private_key(pem=mangle(text))  # type: ignore[operator]
    assert key.fingerprint == PrivateKey(rsa_key()).fingerprint


@pytest.mark.parametrize("password", ["correct horse", b"correct horse"])
@pytest.mark.parametrize("fmt", [PKCS1, PKCS8])
def test_encrypted_pem_with_password(fmt: serialization.PrivateFormat, password: str | bytes) -> None:
    text = pem(rsa_key(), fmt, password=b"correct horse")
    assert load_private_key(pem=text, password=password).kind == "rsa"


def _load_error(**kwargs: object) -> KeyLoadError:
    with pytest.raises(KeyLoadError) as info:
        load_private_key(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ConfigurationError)
    return info.value


def test_encrypted_without_password() -> None:
    err = _load_error(pem=pem(ed25519_key(), PKCS8, password=b"s3cret-pw"))
    assert "encrypted" in str(err)
    assert "password" in str(err)


def test_wrong_password_never_echoes_it() -> None:
    text = pem(ed25519_key(), PKCS8, password=b"s3cret-pw")
    err = _load_error(pem=text, password="wrong-pw-XYZ")
    assert "password is wrong" in str(err)
    assert "wrong-pw-XYZ" not in str(err) + repr(err)
    assert err.__cause__ is None and err.__suppress_context__


def test_password_for_unencrypted_key_is_refused() -> None:
    err = _load_error(pem=pem(ed25519_key()), password="pw-value-123")
    assert "not encrypted" in str(err)
    assert "pw-value-123" not in str(err)


def test_missing_file(tmp_path: Path) -> None:
    err = _load_error(path=tmp_path / "nope.pem")
    assert "not found" in str(err)
    assert "nope.pem" in str(err)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert "directory" in str(_load_error(path=tmp_path))


def test_unreadable_file_reports_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k.pem"
    path.write_text(pem(ed25519_key()))

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Patched in the module only: nothing else in the process loses `open`.
    monkeypatch.setattr("kalshi_orders._keys.open", refuse, raising=False)
    err = _load_error(path=path)
    assert "cannot read" in str(err)
    assert "Permission denied" in str(err)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "k.der"
    path.write_bytes(
        rsa_key().private_bytes(serialization.Encoding.DER, PKCS8, serialization.NoEncryption()) + b"\xff\xfe"
    )
    assert "not a text PEM" in str(_load_error(path=path))


@pytest.mark.parametrize("text", ["", "hello", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"])
def test_not_a_pem(text: str) -> None:
    assert "not a PEM" in str(_load_error(pem=text))


def test_public_key_instead_of_private() -> None:
    public = ed25519_key().public_key()
    spki = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    openssh = public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    for text in (spki, openssh):
        err = _load_error(pem=text)
        assert "public key" in str(err)


def test_damaged_pem() -> None:
    text = pem(rsa_key())
    lines = text.splitlines()
    damaged = "\n".join([lines[0], *lines[1:4], lines[-1]])
    err = _load_error(pem=damaged)
    assert "could not be parsed" in str(err)
    assert pem_body(damaged)[:40] not in str(err)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: ec.generate_private_key(ec.SECP256R1()), id="ec"),
        pytest.param(lambda: dsa.generate_private_key(2048), id="dsa"),
    ],
)
@pytest.mark.parametrize("fmt", [PKCS1, PKCS8])
def test_unsupported_key_types(make: object, fmt: serialization.PrivateFormat) -> None:
    key = make()  # type: ignore[operator]
    err = _load_error(pem=pem(key, fmt))
    assert "unsupported key type" in str(err)
    assert "RSA" in str(err) and "Ed25519" in str(err)


def test_rsa_key_too_small() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505  (the point of the test)
    err = _load_error(pem=pem(small))
    assert "1024 bits" in str(err)
    with pytest.raises(KeyLoadError, match="fewer than 2048"):
        PrivateKey(small)


def test_exactly_one_source() -> None:
    assert "exactly one" in str(_load_error())
    assert "exactly one" in str(_load_error(pem="x", path="y"))


def test_bad_argument_types() -> None:
    assert "str or bytes" in str(_load_error(pem=123))
    assert "str or bytes" in str(_load_error(pem=pem(ed25519_key()), password=123))


SSH_KEYGEN = shutil.which("ssh-keygen")


@pytest.mark.skipif(SSH_KEYGEN is None, reason="needs ssh-keygen to make an encrypted OpenSSH key")
def test_encrypted_openssh_key(tmp_path: Path) -> None:
    path = tmp_path / "id"
    command = [str(SSH_KEYGEN), "-q", "-t", "ed25519", "-N", "pw-for-ssh", "-f", str(path)]
    subprocess.run(command, check=True, timeout=30)  # noqa: S603  (fixed arguments)
    assert "encrypted" in str(_load_error(path=path))
    try:
        import bcrypt  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        err = _load_error(path=path, password="pw-for-ssh")
        assert "bcrypt" in str(err)
        assert "pw-for-ssh" not in str(err)
    else:
        assert load_private_key(path=path, password="pw-for-ssh").kind == "ed25519"


@pytest.mark.parametrize(
    ("text", "password"),
    [
        pytest.param(pem(ed25519_key(), PKCS8, password=b"pw-one-1"), None, id="encrypted-no-password"),
        pytest.param(pem(ed25519_key(), PKCS8, password=b"pw-one-1"), "pw-two-2", id="wrong-password"),
        pytest.param(pem(ed25519_key()), "pw-two-2", id="password-not-needed"),
        pytest.param(pem(ed25519_key())[:-60] + "\n-----END PRIVATE KEY-----\n", None, id="truncated"),
        pytest.param(pem(ec.generate_private_key(ec.SECP256R1())), None, id="ec"),
    ],
)
def test_load_errors_never_carry_key_material(text: str, password: str | None) -> None:
    err = _load_error(pem=text, password=password)
    shown = str(err) + repr(err) + repr(err.args)
    body = pem_body(text)
    for chunk in (body[:20], body[20:40], body[-20:], "pw-one-1", "pw-two-2"):
        assert chunk not in shown
    # Nothing from cryptography (which could describe the input) rides along in the traceback.
    assert err.__cause__ is None
    assert err.__context__ is None or err.__suppress_context__


def test_repr_and_errors_hold_no_key_material() -> None:
    text = pem(rsa_key())
    key = load_private_key(pem=text)
    body = pem_body(text)
    for shown in (repr(key), str(key)):
        assert "PrivateKey(kind='rsa', fingerprint='SHA256:" in shown
        assert body[:24] not in shown
        assert body[-24:] not in shown
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
