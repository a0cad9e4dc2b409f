"""``kalshi-orders keys check``: RSA and Ed25519 keys on disk, never printed."""

from __future__ import annotations

import base64
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kalshi_orders import load_private_key
from kalshi_orders.cli._errors import CliError
from kalshi_orders.cli._keys import parse_server_time, verify_signature

from .conftest import KEY_ID, Invoke, pem_body_lines, write_key


@pytest.fixture(params=["rsa", "ed25519"])
def key_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str, str]:
    path = tmp_path / f"{request.param}-key.pem"
    pem = write_key(path, request.param)
    return path, pem, request.param


def _env(path: Path) -> dict[str, str]:
    return {"KALSHI_API_KEY_ID": KEY_ID, "KALSHI_PRIVATE_KEY_PATH": str(path)}


def _assert_no_secret(output: str, pem: str) -> None:
    for line in pem_body_lines(pem):
        assert line not in output
    assert "PRIVATE KEY" not in output
    assert KEY_ID not in output  # only the last 4 characters may appear


def test_check_prints_type_fingerprint_and_masked_id(invoke: Invoke, key_file: tuple[Path, str, str]) -> None:
    path, pem, kind = key_file
    result = invoke("keys", "check", environ=_env(path))
    assert result.exit_code == 0, result.output
    key = load_private_key(path=path)
    assert key.fingerprint in result.stdout
    assert "…" + KEY_ID[-4:] in result.stdout
    assert ("RSA, 2048 bits" if kind == "rsa" else "Ed25519, 256 bits") in result.stdout
    assert "verified" in result.stdout
    _assert_no_secret(result.output, pem)


def test_explain_shows_the_signed_string_without_query(
    invoke: Invoke, key_file: tuple[Path, str, str]
) -> None:
    path, pem, kind = key_file
    result = invoke("keys", "check", "--explain", environ=_env(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for cause in (
        "timestamp in milliseconds",
        "query string not signed",
        "path includes /trade-api/v2",
        "PSS salt length",
        "demo key vs production key",
        "clock skew",
        "literal \\n",
    ):
        assert cause in out
    signed = [w for w in out.replace("'", " ").split() if w.endswith("GET/trade-api/v2/portfolio/orders")]
    assert signed, out
    timestamp = signed[0].removesuffix("GET/trade-api/v2/portfolio/orders")
    assert timestamp.isdigit() and len(timestamp) == 13  # milliseconds
    assert "GET/trade-api/v2/portfolio/orders?limit" not in out
    assert ("Ed25519 keys have no salt" in out) == (kind == "ed25519")
    assert "pass --server-time" in out
    _assert_no_secret(result.output, pem)


def test_pem_in_environment_with_literal_newlines_is_flagged(invoke: Invoke, tmp_path: Path) -> None:
    pem = write_key(tmp_path / "k.pem", "rsa")
    env = {"KALSHI_API_KEY_ID": KEY_ID, "KALSHI_PRIVATE_KEY": pem.replace("\n", "\\n")}
    result = invoke("keys", "check", "--explain", environ=env)
    assert result.exit_code == 0, result.output
    assert "holds literal \\n sequences" in result.stdout
    assert "$KALSHI_PRIVATE_KEY (PEM text)" in result.stdout
    _assert_no_secret(result.output, pem)


def test_global_options_override_the_environment(invoke: Invoke, tmp_path: Path) -> None:
    good = tmp_path / "good.pem"
    pem = write_key(good, "ed25519")
    env = {"KALSHI_API_KEY_ID": "other-id-0000", "KALSHI_PRIVATE_KEY": "not a pem"}
    result = invoke("--key-id", KEY_ID, "--private-key", str(good), "keys", "check", environ=env)
    assert result.exit_code == 0, result.output
    assert "(from --key-id)" in result.stdout
    assert f"--private-key {good}" in result.stdout
    _assert_no_secret(result.output, pem)


def test_clock_skew_against_server_time(invoke: Invoke, key_file: tuple[Path, str, str]) -> None:
    path, _, _ = key_file
    stale = formatdate(time.time() - 120, usegmt=True)
    result = invoke("keys", "check", "--explain", "--server-time", stale, environ=_env(path))
    assert result.exit_code == 0
    assert "ahead of the server time: sync it" in result.stdout
    now_ms = str(int(time.time() * 1000))
    result = invoke("keys", "check", "--explain", "--server-time", now_ms, environ=_env(path))
    assert "sync it" not in result.stdout


def test_bad_server_time_is_a_usage_error(invoke: Invoke, key_file: tuple[Path, str, str]) -> None:
    path, _, _ = key_file
    result = invoke("keys", "check", "--server-time", "yesterday", environ=_env(path))
    assert result.exit_code == 2
    assert "--server-time" in result.stderr


def test_key_id_format_and_file_permissions(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    write_key(path, "ed25519")
    path.chmod(0o644)
    result = invoke(
        "keys", "check", environ={"KALSHI_API_KEY_ID": "my-key-name", "KALSHI_PRIVATE_KEY_PATH": str(path)}
    )
    assert result.exit_code == 0
    assert "chmod 600" in result.stdout
    assert "UUIDs" in result.stdout


def test_demo_named_key_on_production_is_suspicious(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "demo-key.pem"
    write_key(path, "ed25519")
    result = invoke("--env", "production", "keys", "check", "--explain", environ=_env(path))
    assert result.exit_code == 0
    assert "is this a demo key?" in result.stdout


def test_missing_and_broken_keys_are_configuration_errors(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("keys", "check", environ={"KALSHI_API_KEY_ID": KEY_ID})
    assert result.exit_code == 2
    assert "KALSHI_PRIVATE_KEY_PATH" in result.stderr
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    result = invoke("keys", "check", environ=_env(broken))
    assert result.exit_code == 2
    assert "Configuration error" in result.stderr
    assert "Traceback" not in result.output
    assert "AAAA" not in result.output
    public = tmp_path / "public.pem"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    result = invoke("keys", "check", environ=_env(public))
    assert result.exit_code == 2
    assert "public key" in result.stderr


def test_verify_signature_rejects_wrong_salt_and_tampering(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    write_key(path, "rsa")
    key = load_private_key(path=path)
    raw = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(raw, rsa.RSAPrivateKey)
    message = "1703123456789GET/trade-api/v2/portfolio/orders"
    good = base64.b64encode(key.sign(message.encode())).decode()
    assert verify_signature(key, message, good)
    assert not verify_signature(key, message + "?limit=5", good)
    max_salt = raw.sign(
        message.encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH),
        hashes.SHA256(),
    )
    assert not verify_signature(key, message, base64.b64encode(max_salt).decode())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1703123456", 1703123456.0),
        ("1703123456789", 1703123456.789),
        ("2023-12-21T01:50:56Z", 1703123456.0),
        ("Thu, 21 Dec 2023 01:50:56 GMT", 1703123456.0),
    ],
)
def test_parse_server_time(text: str, expected: float) -> None:
    assert parse_server_time(text) == pytest.approx(expected)


def test_parse_server_time_needs_a_zone() -> None:
    with pytest.raises(CliError, match="time zone"):
        parse_server_time("2023-12-21T01:50:56")


def test_private_key_option_errors_name_the_option(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "--private-key", str(tmp_path / "nope.pem"), "keys", "check", environ={"KALSHI_API_KEY_ID": KEY_ID}
    )
    assert result.exit_code == 2
    assert "--private-key" in result.stderr
    assert "not found" in result.stderr
    path = tmp_path / "k.pem"
    write_key(path, "ed25519")
    result = invoke("--private-key", str(path), "keys", "check")
    assert result.exit_code == 2
    assert "--key-id" in result.stderr
