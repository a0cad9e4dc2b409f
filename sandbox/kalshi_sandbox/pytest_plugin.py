"""pytest fixtures for the sandbox.

* ``sandbox``: a clean sandbox for one test. One server per session (per xdist worker) is reset before each
  test (orders, faults, breakages, buckets, extra accounts), which is far faster than a server per test.
  Responses are checked against the spec (``validate_responses``); if the sandbox sent anything outside the
  spec during the test, the test errors at teardown.
* ``sandbox_session``: a separate session-scoped server; resetting it between uses is the caller's job.
* ``sandbox_config``: the session's :class:`SandboxConfig` (rate limits off, response validation on); override
  it in a conftest to change both servers.

Register the module as a pytest plugin (``-p kalshi_sandbox.pytest_plugin`` or ``pytest_plugins`` in the root
conftest), or import all four fixtures (``sandbox``, ``sandbox_config``, ``sandbox_session``,
``sandbox_shared_server``) into a conftest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from kalshi_sandbox.config import SandboxConfig
from kalshi_sandbox.server import SandboxServer


def _check_failures(server: SandboxServer) -> None:
    failures = server.admin.response_failures()
    if failures:
        server.core.response_failures.clear()
        pytest.fail(
            "the sandbox sent responses outside the spec during this test:\n" + "\n".join(failures[:10]),
            pytrace=False,
        )


@pytest.fixture(scope="session")
def sandbox_config(tmp_path_factory: pytest.TempPathFactory) -> SandboxConfig:
    return SandboxConfig(
        key_dir=tmp_path_factory.mktemp("kalshi-sandbox-keys"),
        rate_limits=False,
        validate_responses=True,
        seed=0,
    )


@pytest.fixture(scope="session")
def sandbox_shared_server(sandbox_config: SandboxConfig) -> Iterator[SandboxServer]:
    with SandboxServer(sandbox_config).start() as server:
        yield server


@pytest.fixture
def sandbox(sandbox_shared_server: SandboxServer) -> Iterator[SandboxServer]:
    server = sandbox_shared_server
    server.admin.reset(accounts=True)
    yield server
    _check_failures(server)


@pytest.fixture(scope="session")
def sandbox_session(
    sandbox_config: SandboxConfig, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxServer]:
    # Its own key dir: two servers must not share one registry file.
    config = dataclasses.replace(sandbox_config, key_dir=tmp_path_factory.mktemp("kalshi-sandbox-session"))
    with SandboxServer(config).start() as server:
        yield server
        _check_failures(server)
