"""Target resolution: production is refused unless asked for (then read-only), credentials must match the
host's environment where that is detectable, a remote run needs credentials and a ticker."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kalshi_contract.settings import RunSettings
from kalshi_contract.target import TargetError, classify_host, remote_target

DEMO = "https://external-api.demo.kalshi.co/trade-api/v2"
PROD = "https://external-api.kalshi.com/trade-api/v2"
LEGACY_PROD = "https://api.elections.kalshi.com/trade-api/v2"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "contract-key.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


def _env(key_file: Path, **extra: str) -> dict[str, str]:
    return {"KALSHI_API_KEY_ID": "key-123", "KALSHI_PRIVATE_KEY_PATH": str(key_file), **extra}


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (DEMO, "demo"),
        ("https://demo-api.kalshi.co/trade-api/v2", "demo"),
        (PROD, "production"),
        (LEGACY_PROD, "production"),
        ("http://127.0.0.1:8080/trade-api/v2", "other"),
    ],
)
def test_hosts_are_classified(url: str, kind: str) -> None:
    assert classify_host(url) == kind


@pytest.mark.parametrize("url", [PROD, LEGACY_PROD])
def test_production_is_refused_without_the_flag(url: str, key_file: Path) -> None:
    with pytest.raises(TargetError, match="production host"):
        remote_target(RunSettings(base_url=url, ticker="X"), _env(key_file))


def test_production_with_the_flag_is_read_only(key_file: Path) -> None:
    target = remote_target(RunSettings(base_url=PROD, allow_production=True), _env(key_file))
    assert target.kind == "production"
    assert target.read_only


def test_demo_credentials_are_refused_on_production(key_file: Path) -> None:
    env = _env(key_file, KALSHI_DEMO_API_KEY_ID="key-123")
    with pytest.raises(TargetError, match="demo credentials"):
        remote_target(RunSettings(base_url=PROD, allow_production=True), env)


def test_production_key_file_is_refused_on_the_demo(tmp_path: Path, key_file: Path) -> None:
    prod_key = tmp_path / "kalshi-prod.pem"
    prod_key.write_bytes(key_file.read_bytes())
    with pytest.raises(TargetError, match="production credentials"):
        remote_target(RunSettings(base_url=DEMO, ticker="X"), _env(prod_key))


def test_demo_target_is_read_write_and_throttled(key_file: Path) -> None:
    target = remote_target(RunSettings(base_url=DEMO, ticker="KXTEST-1", profile="demo"), _env(key_file))
    assert (target.kind, target.read_only, target.ticker) == ("demo", False, "KXTEST-1")
    assert target.rate_limit is not None and target.rate_limit <= 10
    assert target.path_prefix == "/trade-api/v2"
    assert "key-123" not in target.describe()


def test_remote_run_needs_credentials() -> None:
    with pytest.raises(TargetError, match="KALSHI_API_KEY_ID"):
        remote_target(RunSettings(base_url=DEMO, ticker="X"), {})


def test_remote_writes_need_a_ticker(key_file: Path) -> None:
    with pytest.raises(TargetError, match="--ticker"):
        remote_target(RunSettings(base_url=DEMO), _env(key_file))


def test_a_non_http_url_is_refused(key_file: Path) -> None:
    with pytest.raises(TargetError, match="not an http"):
        remote_target(RunSettings(base_url="ftp://example.com/x", ticker="X"), _env(key_file))


def test_a_remote_run_defaults_to_the_demo_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KALSHI_CONTRACT_PROFILE", raising=False)
    monkeypatch.delenv("KALSHI_BASE_URL", raising=False)
    assert RunSettings.from_env(base_url=DEMO, ticker="X").profile == "demo"
    assert RunSettings.from_env().profile == "ci"  # the local sandbox
    assert RunSettings.from_env(base_url=DEMO, profile="dev").profile == "dev"  # an explicit choice wins


def test_a_remote_target_is_throttled_whatever_the_profile(key_file: Path) -> None:
    target = remote_target(RunSettings(base_url=DEMO, ticker="X", profile="ci"), _env(key_file))
    assert target.rate_limit is not None and target.rate_limit <= 10


def test_a_local_server_keeps_the_chosen_pace(key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KALSHI_CONTRACT_PROFILE", raising=False)
    local = "http://127.0.0.1:8080/trade-api/v2"
    assert RunSettings.from_env(base_url=local).profile == "ci"
    assert remote_target(RunSettings(base_url=local, ticker="X"), _env(key_file)).rate_limit is None
