"""Client construction: key text where a path is expected, the default environment, httpx_args."""

from __future__ import annotations

from pathlib import Path

import pytest

from kalshi_orders import (
    ConfigurationError,
    KalshiClient,
    KeyLoadError,
    load_private_key,
)

from .conftest import KEY_PEM, ClientFactory, FakeKalshi


@pytest.mark.parametrize("as_bytes", [False, True])
def test_pem_text_given_where_a_path_is_expected_is_never_echoed(tmp_path: Path, as_bytes: bool) -> None:
    quoted = '"' + KEY_PEM.replace("\n", "\\n") + '"'  # as copied from a .env file, quotes and all
    body = KEY_PEM.splitlines()[1]
    with pytest.raises(KeyLoadError) as info:
        load_private_key(path=quoted)
    assert body not in str(info.value) and "BEGIN" not in str(info.value)
    # The client recognises PEM text (quoted, bytes) and loads it as a key instead.
    key = quoted.encode() if as_bytes else quoted
    client = KalshiClient(key_id="k", private_key=key, base_url="http://127.0.0.1:9/trade-api/v2")
    assert client.key_id == "k"
    client.close()


def test_environment_is_demo_by_default_and_none_for_a_local_sandbox() -> None:
    options = {"key_id": "k", "private_key": KEY_PEM}
    with KalshiClient(**options) as demo:
        assert demo.environment is not None and demo.environment.value == "demo"
    with KalshiClient(base_url="http://127.0.0.1:9/trade-api/v2", **options) as local:
        assert local.environment is None and "custom" in repr(local)


def test_httpx_args_the_generated_client_also_sets_are_handed_over(
    kalshi: FakeKalshi, make_client: ClientFactory
) -> None:
    kalshi.seed(1)
    client = make_client(httpx_args={"headers": {"User-Agent": "my-bot/1.0"}, "verify": True})
    assert len(list(client.orders.list())) == 1
    assert kalshi.requests[-1].headers["User-Agent"] == "my-bot/1.0"
    with pytest.raises(ConfigurationError, match="follow_redirects"):
        make_client(httpx_args={"follow_redirects": True})
