from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kalshi_orders import ConfigurationError, Credentials, KalshiSigner, KeyLoadError, PrivateKey
from kalshi_orders._logging import logger

from .keyfactory import ed25519_key, pem, pem_body, rsa_key

KEY_ID = "0f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"


def test_from_env_with_path(tmp_path: Path) -> None:
    path = tmp_path / "k.pem"
    path.write_text(pem(ed25519_key()))
    creds = Credentials.from_env({"KALSHI_API_KEY_ID": KEY_ID, "KALSHI_PRIVATE_KEY_PATH": str(path)})
    assert creds.key_id == KEY_ID
    assert creds.private_key.fingerprint == PrivateKey(ed25519_key()).fingerprint
    signer = creds.signer()
    assert isinstance(signer, KalshiSigner) and signer.key_id == KEY_ID


def test_from_env_with_inline_pem_and_password() -> None:
    text = pem(rsa_key(), password=b"hunter2-pw")
    env = {
        "KALSHI_API_KEY_ID": KEY_ID,
        "KALSHI_PRIVATE_KEY": text.replace("\n", "\\n"),
        "KALSHI_PRIVATE_KEY_PASSWORD": "hunter2-pw",
        "KALSHI_PRIVATE_KEY_PATH": "",  # empty counts as unset
    }
    assert Credentials.from_env(env).private_key.kind == "rsa"


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KALSHI_API_KEY_ID", KEY_ID)
    monkeypatch.setenv("KALSHI_PRIVATE_KEY", pem(ed25519_key()))
    monkeypatch.delenv("KALSHI_PRIVATE_KEY_PATH", raising=False)
    monkeypatch.delenv("KALSHI_PRIVATE_KEY_PASSWORD", raising=False)
    assert Credentials.from_env().key_id == KEY_ID


@pytest.mark.parametrize(
    ("env", "named", "not_named"),
    [
        ({}, ["KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "KALSHI_PRIVATE_KEY "], []),
        (
            {"KALSHI_API_KEY_ID": KEY_ID},
            ["KALSHI_PRIVATE_KEY_PATH", "KALSHI_PRIVATE_KEY "],
            ["KALSHI_API_KEY_ID"],
        ),
        ({"KALSHI_PRIVATE_KEY_PATH": "/x.pem"}, ["KALSHI_API_KEY_ID"], ["KALSHI_PRIVATE_KEY_PATH"]),
        (
            {"KALSHI_API_KEY_ID": "  ", "KALSHI_PRIVATE_KEY": "pem"},
            ["KALSHI_API_KEY_ID"],
            ["KALSHI_PRIVATE_KEY_PATH"],
        ),
    ],
)
def test_missing_variables_are_named(env: dict[str, str], named: list[str], not_named: list[str]) -> None:
    with pytest.raises(ConfigurationError) as info:
        Credentials.from_env(env)
    message = str(info.value) + " "
    assert "not configured: set" in message
    for name in named:
        assert name in message
    for name in not_named:
        assert f"{name} (" not in message


def test_both_key_sources_is_ambiguous() -> None:
    env = {
        "KALSHI_API_KEY_ID": KEY_ID,
        "KALSHI_PRIVATE_KEY_PATH": "/k.pem",
        "KALSHI_PRIVATE_KEY": pem(ed25519_key()),
    }
    with pytest.raises(ConfigurationError, match="both KALSHI_PRIVATE_KEY_PATH and KALSHI_PRIVATE_KEY"):
        Credentials.from_env(env)


def test_key_errors_name_the_variable_and_hide_secrets(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(KeyLoadError, match=r"^KALSHI_PRIVATE_KEY_PATH: private key file not found"):
        Credentials.from_env(
            {"KALSHI_API_KEY_ID": KEY_ID, "KALSHI_PRIVATE_KEY_PATH": str(tmp_path / "none.pem")}
        )
    text = pem(ed25519_key(), password=b"the-real-pw")
    with pytest.raises(KeyLoadError) as info:
        Credentials.from_env(
            {
                "KALSHI_API_KEY_ID": KEY_ID,
                "KALSHI_PRIVATE_KEY": text,
                "KALSHI_PRIVATE_KEY_PASSWORD": "a-wrong-pw",
            }
        )
    with caplog.at_level(logging.DEBUG, logger="kalshi_orders"):
        logger.exception("loading failed", exc_info=info.value)
    shown = str(info.value) + repr(info.value) + caplog.text
    assert str(info.value).startswith("KALSHI_PRIVATE_KEY: cannot decrypt")
    for secret in ("a-wrong-pw", "the-real-pw", pem_body(text)[:32], pem_body(text)[-32:]):
        assert secret not in shown


def test_repr_holds_no_secret() -> None:
    text = pem(rsa_key())
    creds = Credentials.from_env({"KALSHI_API_KEY_ID": KEY_ID, "KALSHI_PRIVATE_KEY": text})
    shown = repr(creds)
    assert shown.startswith(
        "Credentials(key_id='…4a5b', private_key=PrivateKey(kind='rsa', fingerprint='SHA256:"
    )
    assert KEY_ID not in shown
    assert pem_body(text)[:32] not in shown


def test_constructor_checks() -> None:
    with pytest.raises(ConfigurationError, match="key id is empty"):
        Credentials("", PrivateKey(ed25519_key()))
    with pytest.raises(ConfigurationError, match="load_private_key"):
        Credentials(KEY_ID, ed25519_key())  # type: ignore[arg-type]
