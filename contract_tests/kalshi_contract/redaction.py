"""Secrets out of every report: the run's key id and every signature it sent are known values, so they are
replaced in the structured data (dicts, lists, strings) before anything is serialised. No pattern is ever
run over JSON, YAML or XML text, so no escaping can be damaged and no new spelling can slip through.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from typing import Any

KEY_HEADER = "KALSHI-ACCESS-KEY"
SIGNATURE_HEADER = "KALSHI-ACCESS-SIGNATURE"
TIMESTAMP_HEADER = "KALSHI-ACCESS-TIMESTAMP"
# Placeholders are shell variables: `eval "$(kalshi-orders sign METHOD PATH)"` sets them (see recorder.curl).
KEY_PLACEHOLDER = "$KALSHI_API_KEY_ID"
SIGNATURE_PLACEHOLDER = "$KALSHI_ACCESS_SIGNATURE"
TIMESTAMP_PLACEHOLDER = "$KALSHI_ACCESS_TIMESTAMP"
HEADER_PLACEHOLDERS = {
    KEY_HEADER.lower(): KEY_PLACEHOLDER,
    SIGNATURE_HEADER.lower(): SIGNATURE_PLACEHOLDER,
}
# Shorter values are not treated as secrets: replacing them would garble ordinary text.
_MIN_SECRET_LENGTH = 6


# Signatures are long base64 tokens: each string is scanned once for such runs (a JSON body may escape "/"
# as "\\/"), and every run is looked up in a set, so thousands of signatures cost one scan per string.
_TOKEN_RUN = re.compile(r"(?:[A-Za-z0-9+=]|\\?/){40,}")
_TOKEN_MIN = 40


class Redactor:
    """Known secret values and their placeholders; thread-safe (schemathesis calls back from its threads).

    Short secrets (the key id) are replaced wherever they occur in a string; long base64 tokens (signatures)
    wherever a string holds exactly that token between non-base64 characters."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._words: dict[str, str] = {}  # value -> placeholder
        self._ordered: list[tuple[str, str]] = []
        self._tokens: dict[str, str] = {}

    def add(self, value: str | None, placeholder: str) -> None:
        if not value or len(value) < _MIN_SECRET_LENGTH:
            return
        with self._lock:
            if len(value) >= _TOKEN_MIN and _TOKEN_RUN.fullmatch(value):
                self._tokens[value] = placeholder
                return
            if value in self._words:
                return
            # A secret echoed inside a JSON body is stored escaped there ("\\/" is legal JSON for "/").
            escaped = json.dumps(value)[1:-1]
            for variant in {value, escaped, escaped.replace("/", "\\/")}:
                self._words[variant] = placeholder
            # Longest first, so a secret that contains another is replaced whole.
            self._ordered = sorted(self._words.items(), key=lambda item: -len(item[0]))

    def add_key_id(self, key_id: str | None) -> None:
        self.add(key_id, KEY_PLACEHOLDER)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """The headers with credential values replaced by placeholders (and remembered as secrets)."""
        out = {}
        for name, value in headers.items():
            placeholder = HEADER_PLACEHOLDERS.get(name.lower())
            if placeholder is not None:
                self.add(value, placeholder)
                out[name] = placeholder
            else:
                out[name] = value
        return out

    def _token(self, match: re.Match[str]) -> str:
        run = match.group(0)
        return self._tokens.get(run) or self._tokens.get(run.replace("\\/", "/")) or run

    def text(self, text: str) -> str:
        if len(text) < _MIN_SECRET_LENGTH:
            return text
        for value, placeholder in self._ordered:
            if value in text:
                text = text.replace(value, placeholder)
        if self._tokens and len(text) >= _TOKEN_MIN:
            text = _TOKEN_RUN.sub(self._token, text)
        return text

    def data(self, value: Any) -> Any:
        """A redacted copy of JSON-like data (dict keys included)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.data(k) if isinstance(k, str) else k: self.data(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.data(item) for item in value]
        return value

    def leaks(self, text: str) -> list[str]:
        """The placeholders of the secrets still present in `text` (a last check over written files)."""
        found = {placeholder for value, placeholder in self._ordered if value in text}
        for match in _TOKEN_RUN.finditer(text):
            run = match.group(0)
            placeholder = self._tokens.get(run) or self._tokens.get(run.replace("\\/", "/"))
            if placeholder:
                found.add(placeholder)
        return sorted(found)
