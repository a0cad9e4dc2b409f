"""Fixtures for the contract suite's own tests: one sandbox per module (breakages must be able to send
responses outside the spec, so the sandbox's own response validation stays off)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kalshi_contract.settings import RunSettings
from kalshi_contract.target import Target, sandbox_target
from kalshi_sandbox import SandboxConfig, SandboxServer


@pytest.fixture(scope="module")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    config = SandboxConfig(key_dir=tmp_path_factory.mktemp("contract-keys"), rate_limits=False, seed=0)
    with SandboxServer(config).start() as server:
        yield server


@pytest.fixture
def sandbox_run(sandbox_server: SandboxServer) -> SandboxServer:
    sandbox_server.admin.reset()
    sandbox_server.admin.clear_breakages()
    sandbox_server.admin.clear_faults()
    return sandbox_server


@pytest.fixture
def target(sandbox_run: SandboxServer) -> Target:
    return sandbox_target(sandbox_run)


@pytest.fixture
def settings(tmp_path: Path) -> RunSettings:
    return RunSettings(report_dir=tmp_path / "reports")
