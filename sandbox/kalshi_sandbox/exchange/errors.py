"""The one exception the engine raises; the server maps it onto an HTTP error body."""

from __future__ import annotations


class ExchangeError(Exception):
    """A rejected engine call: HTTP ``status`` plus Kalshi-style ``code``, ``message`` and ``details``."""

    def __init__(self, status: int, code: str, message: str, details: str = "") -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, str]:
        """The flat ``{code, message, details}`` error object (ErrorDetail)."""
        out = {"code": self.code, "message": self.message}
        if self.details:
            out["details"] = self.details
        return out
