"""The terminal's reproduce command is folded by the shell's rules: pasted, it is the same command."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kalshi_contract.shellfold import fold_command

BASH = shutil.which("bash")  # the project's scripts need bash too
LONG_URL = (
    "http://127.0.0.1:18801/trade-api/v2/portfolio/orders?event_ticker=KXCONTRACTNONE-00JAN01%2C"
    "KXCONTRACTNONE-00JAN012&limit=50&cursor=" + "c" * 150
)
CURL = (
    f"curl -sS -i -X GET '{LONG_URL}' "
    '-H "kalshi-access-key: $KALSHI_API_KEY_ID" '
    '-H "kalshi-access-timestamp: $KALSHI_ACCESS_TIMESTAMP" '
    '-H "kalshi-access-signature: $KALSHI_ACCESS_SIGNATURE" '
    "--data-raw '" + '{"ticker":"KXSANDBOX-26DEC31-T50","side":"bid","count":"1","price":"0.0300",'
    '"client_order_id":"' + "x" * 90 + "\"}'"
)
SIGN = 'eval "$(kalshi-orders sign GET /trade-api/v2/portfolio/orders/ce3cc207-8912-4286-ad80-6c4b5b89bb13)"'
ENV = {
    "KALSHI_API_KEY_ID": "key-id",
    "KALSHI_ACCESS_TIMESTAMP": "1700000000000",
    "KALSHI_ACCESS_SIGNATURE": "c2ln",
    "PATH": "/usr/bin:/bin",
}


def _argv(command: str) -> list[str]:
    """The words bash hands to the command (``curl`` replaced by a printer)."""
    assert BASH is not None
    script = "curl() { printf '%s\\0' \"$@\"; }\n" + command + "\n"
    out = subprocess.run([BASH, "-c", script], capture_output=True, env=ENV, check=True).stdout  # noqa: S603 (our own script)
    return out.decode().split("\0")[:-1]


def _sign_words(command: str) -> list[str]:
    """The words ``kalshi-orders`` receives from the sign line (its output printed instead of eval'd)."""
    assert BASH is not None
    script = "kalshi-orders() { printf '%s|' \"$@\"; }\n" + command.replace("eval ", "printf '%s' ", 1)
    out = subprocess.run([BASH, "-c", script], capture_output=True, env=ENV, check=True).stdout  # noqa: S603 (our own script)
    return out.decode().split("|")[:-1]


@pytest.mark.parametrize("width", [100, 60])
def test_a_folded_curl_is_the_same_command_and_fits(width: int) -> None:
    lines = fold_command(CURL, width)
    assert len(lines) > 1
    assert max(len(line) for line in lines) <= width
    assert _argv("\n".join(lines)) == _argv(CURL)
    assert "$KALSHI_ACCESS_SIGNATURE" not in " ".join(_argv(CURL))  # the variables did expand


def test_a_folded_sign_line_signs_the_same_path() -> None:
    lines = fold_command(SIGN, 80)
    assert max(len(line) for line in lines) <= 80
    assert _sign_words("\n".join(lines)) == _sign_words(SIGN)
    assert _sign_words(SIGN)[-1].endswith("ce3cc207-8912-4286-ad80-6c4b5b89bb13")


def test_short_commands_and_what_cannot_be_parsed_stay_whole() -> None:
    assert fold_command("curl -sS http://x/a", 100) == ["curl -sS http://x/a"]
    broken = "curl -sS -i -X GET 'unterminated " + "x" * 120
    assert fold_command(broken, 100) == [broken]


def test_a_placeholder_variable_is_never_cut() -> None:
    value = "kalshi-access-signature: " + "y" * 70 + "$KALSHI_ACCESS_SIGNATURE"
    command = f'curl -sS -i -X GET http://x/a -H "{value}"'
    lines = fold_command(command, 60)
    assert not any(line.rstrip("\\").endswith(("$KALSHI", "$KALSHI_ACCESS")) for line in lines)
    assert all("$KALSHI_ACCESS_SIGNATURE" in line or "$" not in line for line in lines)
