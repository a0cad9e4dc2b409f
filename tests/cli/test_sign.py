"""`kalshi-orders sign METHOD PATH`: signed headers a server accepts, in three formats; clear errors."""

from __future__ import annotations

import base64
import json
import shlex
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from typer.testing import CliRunner

from kalshi_orders.cli import app


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> tuple[rsa.RSAPrivateKey, Path]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path_factory.mktemp("sign") / "key.pem"
    path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return private, path


def _invoke(path: Path, *args: str) -> tuple[int, str]:
    env = {"KALSHI_API_KEY_ID": "key-id-for-tests", "KALSHI_PRIVATE_KEY_PATH": str(path)}
    result = CliRunner().invoke(app, ["sign", *args], env=env)
    return result.exit_code, result.output


def _verify(private: rsa.RSAPrivateKey, timestamp: str, signature: str, message: str) -> None:
    private.public_key().verify(
        base64.b64decode(signature),
        f"{timestamp}{message}".encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
        hashes.SHA256(),
    )


def test_env_format_sets_the_placeholders_of_the_reports(key: tuple[rsa.RSAPrivateKey, Path]) -> None:
    private, path = key
    code, output = _invoke(path, "get", "/trade-api/v2/portfolio/orders?limit=5")
    assert code == 0, output
    values = {}
    for line in output.splitlines():
        name, value = line.removeprefix("export ").split("=", 1)
        values[name] = shlex.split(value)[0]
    assert values["KALSHI_API_KEY_ID"] == "key-id-for-tests"
    # The query is not part of the signed message.
    _verify(
        private,
        values["KALSHI_ACCESS_TIMESTAMP"],
        values["KALSHI_ACCESS_SIGNATURE"],
        "GET/trade-api/v2/portfolio/orders",
    )


def test_headers_and_json_formats(key: tuple[rsa.RSAPrivateKey, Path]) -> None:
    private, path = key
    code, output = _invoke(path, "DELETE", "/trade-api/v2/portfolio/events/orders/o-1", "--format", "headers")
    assert code == 0, output
    headers = dict(line.split(": ", 1) for line in output.splitlines())
    _verify(
        private,
        headers["KALSHI-ACCESS-TIMESTAMP"],
        headers["KALSHI-ACCESS-SIGNATURE"],
        "DELETE/trade-api/v2/portfolio/events/orders/o-1",
    )
    code, output = _invoke(path, "POST", "/trade-api/v2/portfolio/events/orders", "--format", "json")
    assert code == 0 and set(json.loads(output)) == set(headers)


@pytest.mark.parametrize(
    ("method", "path", "message"),
    [("FETCH", "/trade-api/v2/x", "unknown HTTP method"), ("GET", "portfolio/orders", "must start with '/'")],
)
def test_bad_input_says_what_to_do(
    key: tuple[rsa.RSAPrivateKey, Path], method: str, path: str, message: str
) -> None:
    code, output = _invoke(key[1], method, path)
    assert code != 0 and message in output


def test_missing_credentials_are_a_clear_error() -> None:
    result = CliRunner().invoke(
        app, ["sign", "GET", "/trade-api/v2/portfolio/orders"], env={"KALSHI_API_KEY_ID": ""}
    )
    assert result.exit_code != 0 and "KALSHI_API_KEY_ID" in result.output
