"""The runners give httpx absolute URLs (one parse instead of two): always the URL httpx's own merge of the
generated module's relative path with the client's base URL gives, so the path signed is the path sent."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kalshi_orders._plan import _absolute

BASES = [
    "http://127.0.0.1:9/trade-api/v2",
    "https://api.elections.kalshi.com/trade-api/v2/",
    "https://demo-api.kalshi.co/trade-api/v2",
    "http://h:1",
    "http://h/a%20b/ü",
    "http://[::1]:8/x",
    "http://h/x?q=1",
]
PATHS = ["/portfolio/orders/a%2Fb%3Fc", "/x/ü é", "/p?x=1&y=%20", "/p#frag", "/", "/a/../b", "//h2/x", "rel"]


def _same(base: str, path: str, params: dict[str, str | int]) -> None:
    client = httpx.Client(base_url=base)
    merged = client.build_request("GET", path, params=params)
    ours = client.build_request("GET", _absolute(client.base_url, path), params=params)
    assert ours.url == merged.url and ours.url.raw_path == merged.url.raw_path
    assert str(ours.url) == str(merged.url) and ours.headers == merged.headers


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("path", PATHS)
def test_the_absolute_url_is_httpx_merge(base: str, path: str) -> None:
    _same(base, path, {})
    _same(base, path, {"limit": 5, "cursor": "a b&c"})


@settings(deadline=None)  # a loaded CI machine is slow, not wrong
@given(st.sampled_from(BASES), st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12))
def test_any_path_gives_httpx_merge(base: str, tail: str) -> None:
    try:
        httpx.Client(base_url=base).build_request("GET", "/" + tail)
    except httpx.InvalidURL:
        return  # httpx refuses it either way
    _same(base, "/" + tail, {})


def test_a_path_is_made_absolute_and_other_forms_are_left_to_httpx() -> None:
    base = httpx.URL("http://127.0.0.1:9/trade-api/v2/")
    assert _absolute(base, "/portfolio/orders") == "http://127.0.0.1:9/trade-api/v2/portfolio/orders"
    assert _absolute(httpx.URL("http://h:1"), "/x") == "http://h:1/x"
    for left in ("//h2/x", "rel", "/p#f", "http://other/x"):
        assert _absolute(base, left) == left
