"""Fetching the published spec: conditional GETs against a local HTTP server on 127.0.0.1, the cache, and
every way a fetch fails (error status, no answer, not a spec) without losing the last good copy."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from kalshi_orders.cli._errors import EXIT_BREAKING, EXIT_ERROR, EXIT_OK
from kalshi_orders.spec.fetch import FetchError, default_cache_dir, fetch_document

from .conftest import Invoke
from .upstream_fixtures import CURATED, KALSHI_CHANGED, upstream_3_34


def _yaml(doc: dict) -> bytes:  # type: ignore[type-arg]
    return yaml.safe_dump(doc, sort_keys=False).encode()


SAME = _yaml(upstream_3_34())
CHANGED = _yaml(upstream_3_34(KALSHI_CHANGED))


@dataclass
class Upstream:
    """What the fake docs.kalshi.com serves, and what it was asked."""

    body: bytes = SAME
    status: int = 200
    etag: str | None = '"v1"'
    last_modified: str | None = "Mon, 23 Nov 2026 15:00:00 GMT"
    delay: float = 0.0
    content_type: str = "application/yaml"
    requests: list[dict[str, str]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    state = Upstream()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append({k.lower(): v for k, v in self.headers.items()})
            if state.delay:
                time.sleep(state.delay)
            if state.status == 200 and (
                (state.etag and self.headers.get("If-None-Match") == state.etag)
                or (
                    not state.etag
                    and state.last_modified
                    and self.headers.get("If-Modified-Since") == state.last_modified
                )
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(state.status)
            self.send_header("Content-Type", state.content_type)
            self.send_header("Content-Length", str(len(state.body)))
            if state.etag:
                self.send_header("ETag", state.etag)
            if state.last_modified:
                self.send_header("Last-Modified", state.last_modified)
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/openapi.yaml"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def test_first_fetch_downloads_and_caches_then_an_etag_gets_304(upstream: Upstream, tmp_path: Path) -> None:
    first = fetch_document(upstream.url, cache_dir=tmp_path)
    assert first.status == "fetched"
    assert first.document["info"]["version"] == "3.34.0"
    assert "if-none-match" not in upstream.requests[0]
    second = fetch_document(upstream.url, cache_dir=tmp_path)
    assert second.status == "not modified"
    assert upstream.requests[1]["if-none-match"] == '"v1"'
    assert upstream.requests[1]["if-modified-since"] == upstream.last_modified
    assert second.text == first.text
    assert second.fetched_at == first.fetched_at  # the copy's own download time
    assert second.previous is None


def test_last_modified_alone_is_enough_for_a_304(upstream: Upstream, tmp_path: Path) -> None:
    upstream.etag = None
    fetch_document(upstream.url, cache_dir=tmp_path)
    again = fetch_document(upstream.url, cache_dir=tmp_path)
    assert again.status == "not modified"
    assert "if-none-match" not in upstream.requests[1]


def test_a_changed_document_replaces_the_copy_and_reports_the_previous_one(
    upstream: Upstream, tmp_path: Path
) -> None:
    fetch_document(upstream.url, cache_dir=tmp_path)
    upstream.body, upstream.etag = CHANGED, '"v2"'
    changed = fetch_document(upstream.url, cache_dir=tmp_path)
    assert changed.status == "fetched"
    assert changed.document["info"]["version"] == "3.35.0"
    assert changed.previous is not None and changed.previous["info"]["version"] == "3.34.0"
    assert fetch_document(upstream.url, cache_dir=tmp_path).status == "not modified"


def test_no_cache_sends_no_validators_and_stores_nothing(upstream: Upstream, tmp_path: Path) -> None:
    fetch_document(upstream.url, cache_dir=tmp_path, use_cache=False)
    fetch_document(upstream.url, cache_dir=tmp_path, use_cache=False)
    assert all("if-none-match" not in r for r in upstream.requests)
    assert not (tmp_path / "upstream").exists()


@pytest.mark.parametrize("status", [404, 500, 503])
def test_an_error_status_is_a_fetch_error_naming_it(upstream: Upstream, tmp_path: Path, status: int) -> None:
    upstream.status = status
    with pytest.raises(FetchError, match=f"answered HTTP {status}"):
        fetch_document(upstream.url, cache_dir=tmp_path)


def test_no_answer_in_time_is_a_fetch_error(upstream: Upstream, tmp_path: Path) -> None:
    upstream.delay = 1.0
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer from .* within 0\.2 s"):
        fetch_document(upstream.url, cache_dir=tmp_path, timeout=0.2)
    assert time.monotonic() - started < 1.0


def test_nothing_listening_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=re.escape("cannot fetch http://127.0.0.1:9/")):
        fetch_document("http://127.0.0.1:9/openapi.yaml", cache_dir=tmp_path, timeout=2)


def test_a_page_that_is_not_a_spec_never_replaces_the_good_copy(upstream: Upstream, tmp_path: Path) -> None:
    good = fetch_document(upstream.url, cache_dir=tmp_path)
    upstream.body, upstream.etag, upstream.content_type = b"<html>maintenance</html>", '"oops"', "text/html"
    with pytest.raises(FetchError, match="not an OpenAPI document"):
        fetch_document(upstream.url, cache_dir=tmp_path)
    upstream.body, upstream.etag = SAME, '"v1"'
    assert fetch_document(upstream.url, cache_dir=tmp_path).text == good.text
    assert upstream.requests[-1]["if-none-match"] == '"v1"'


def test_a_damaged_cache_is_ignored_and_fetched_afresh(upstream: Upstream, tmp_path: Path) -> None:
    fetch_document(upstream.url, cache_dir=tmp_path)
    body = next((tmp_path / "upstream").glob("*.yaml"))
    body.write_text("paths: {}\n", encoding="utf-8")  # truncated or edited by hand
    again = fetch_document(upstream.url, cache_dir=tmp_path)
    assert again.status == "fetched"
    assert "if-none-match" not in upstream.requests[-1]


def test_an_unwritable_cache_still_runs_the_check(upstream: Upstream, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    fetched = fetch_document(upstream.url, cache_dir=blocker)  # a file where the directory should be
    assert fetched.document["info"]["version"] == "3.34.0"
    assert fetched.note is not None and "could not write the cache" in fetched.note


def test_the_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KALSHI_ORDERS_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("KALSHI_ORDERS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kalshi-orders"


# --------------------------------------------------------------------------- through the command


def _cli(invoke: Invoke, upstream: Upstream, cache: Path, *extra: str) -> tuple[int, str, str]:
    result = invoke(
        "spec", "upstream", "--url", upstream.url, "--cache-dir", str(cache), "--spec", str(CURATED), *extra
    )
    return result.exit_code, result.stdout, result.stderr


def test_cli_fetches_then_reuses_the_copy(invoke: Invoke, upstream: Upstream, tmp_path: Path) -> None:
    code, out, _ = _cli(invoke, upstream, tmp_path)
    assert code == EXIT_OK, out
    assert "fetched" in out
    code, out, _ = _cli(invoke, upstream, tmp_path)
    assert code == EXIT_OK
    assert "not modified since" in out
    assert upstream.requests[0]["user-agent"].startswith("kalshi-orders/")


def test_cli_reports_what_changed_since_the_previous_fetch(
    invoke: Invoke, upstream: Upstream, tmp_path: Path
) -> None:
    _cli(invoke, upstream, tmp_path)
    upstream.body, upstream.etag = CHANGED, '"v2"'
    code, out, _ = _cli(invoke, upstream, tmp_path, "--json")
    assert code == EXIT_BREAKING
    data = json.loads(out)
    since = data["since_last_fetch"]
    assert (since["old_version"], since["new_version"]) == ("3.34.0", "3.35.0")
    assert {c["kind"] for c in since["changes"]} == {
        "required-changed",
        "enum-value-added",
        "operation-added",
    }


def test_cli_a_failed_fetch_exits_1_with_a_sentence(
    invoke: Invoke, upstream: Upstream, tmp_path: Path
) -> None:
    upstream.status = 502
    code, out, err = _cli(invoke, upstream, tmp_path)
    assert code == EXIT_ERROR
    assert "answered HTTP 502" in err
    assert "--file PATH" in err
    assert "Traceback" not in out + err
