from __future__ import annotations

import pytest

from kalshi_orders import ConfigurationError, Environment, is_production_url, resolve_base_url
from kalshi_orders._environments import (
    DEMO_BASE_URL,
    LEGACY_DEMO_BASE_URL,
    LEGACY_PRODUCTION_BASE_URL,
    PRODUCTION_BASE_URL,
    classify_url,
)


def test_hosts() -> None:
    assert DEMO_BASE_URL == "https://external-api.demo.kalshi.co/trade-api/v2"
    assert PRODUCTION_BASE_URL == "https://external-api.kalshi.com/trade-api/v2"
    assert Environment.DEMO.base_url == DEMO_BASE_URL
    assert Environment.PRODUCTION.legacy_base_url == LEGACY_PRODUCTION_BASE_URL


def test_default_is_demo() -> None:
    assert resolve_base_url() == (DEMO_BASE_URL, Environment.DEMO)
    assert resolve_base_url("demo") == (DEMO_BASE_URL, Environment.DEMO)


@pytest.mark.parametrize("name", [Environment.PRODUCTION, "production", " Production "])
def test_production_by_name(name: Environment | str) -> None:
    assert resolve_base_url(name) == (PRODUCTION_BASE_URL, Environment.PRODUCTION)
    assert resolve_base_url(name, LEGACY_PRODUCTION_BASE_URL + "/") == (
        LEGACY_PRODUCTION_BASE_URL,
        Environment.PRODUCTION,
    )


@pytest.mark.parametrize(
    "url", [PRODUCTION_BASE_URL, LEGACY_PRODUCTION_BASE_URL, "https://API.Kalshi.com./trade-api/v2"]
)
def test_production_url_without_asking_by_name_is_refused(url: str) -> None:
    assert is_production_url(url)
    with pytest.raises(ConfigurationError, match="environment='production'"):
        resolve_base_url(base_url=url)
    with pytest.raises(ConfigurationError, match="production host"):
        resolve_base_url("demo", url)


def test_other_urls() -> None:
    assert resolve_base_url(base_url="http://127.0.0.1:8765/trade-api/v2/") == (
        "http://127.0.0.1:8765/trade-api/v2",
        None,
    )
    assert resolve_base_url(base_url=LEGACY_DEMO_BASE_URL) == (LEGACY_DEMO_BASE_URL, Environment.DEMO)
    assert resolve_base_url("demo", "http://localhost:1/x") == ("http://localhost:1/x", Environment.DEMO)
    assert classify_url("https://evil-kalshi.com.example/trade-api/v2") is None
    assert not is_production_url("https://kalshi.co.example.com/")
    assert not is_production_url(DEMO_BASE_URL)


@pytest.mark.parametrize(
    ("environment", "base_url", "message"),
    [
        ("staging", None, "unknown environment 'staging'"),
        (None, "external-api.kalshi.com/trade-api/v2", "not an http"),
        (None, "ftp://x/trade-api/v2", "not an http"),
        ("production", DEMO_BASE_URL, "demo host"),
    ],
)
def test_rejections(environment: str | None, base_url: str | None, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        resolve_base_url(environment, base_url)
