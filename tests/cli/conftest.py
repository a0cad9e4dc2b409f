"""Fixtures for the CLI tests: a CliRunner invoking the real root app, keys on disk, and the sandbox."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from typer.testing import CliRunner, Result

from kalshi_orders.cli import app
from kalshi_orders.cli._state import CliState
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_session, sandbox_shared_server  # noqa: F401

KEY_ID = "0b7a1e8c-1d2e-4f3a-9b8c-7d6e5f4a3b2c"

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run ``kalshi-orders ARGS`` in-process with an explicit environment (never the developer's)."""

    def run(
        *args: str,
        environ: Mapping[str, str] | None = None,
        input: str | None = None,
        state: CliState | None = None,
    ) -> Result:
        st = state or CliState()
        st.environ = dict(environ or {})
        # Wide enough that rich never wraps a phrase the tests look for.
        return CliRunner().invoke(
            app,
            list(args),
            input=input,
            obj=st,
            catch_exceptions=True,
            env={"COLUMNS": "400", "KALSHI_BASE_URL": None, "KALSHI_ENV": None},
        )

    return run


def write_key(path: Path, kind: str) -> str:
    """A fresh private key PEM at ``path`` (mode 600); returns the PEM text."""
    key: Any = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if kind == "rsa"
        else (ed25519.Ed25519PrivateKey.generate())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    path.write_text(pem, encoding="ascii")
    path.chmod(0o600)
    return pem


def pem_body_lines(pem: str) -> list[str]:
    """The base64 lines of a PEM (what must never be printed)."""
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]
