"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class ModelParseError(ValueError):
    """A payload does not fit the spec: a required field is missing or a field has the wrong JSON type.

    ``path`` locates the field from the top of the payload, e.g. ``orders[3].yes_price_dollars``.
    """

    def __init__(self, model: str, path: str, problem: str):
        self.model = model
        self.path = path
        self.problem = problem
        super().__init__(
            f"{model}: field {path!r}: {problem}" if path else f"{model}: {problem}"
        )

    def nested(self, model: str, prefix: str) -> "ModelParseError":
        """The same error seen from an enclosing model, whose field ``prefix`` holds this one."""
        return ModelParseError(
            model, f"{prefix}.{self.path}" if self.path else prefix, self.problem
        )


class ResponseParseError(ValueError):
    """A documented success response could not be parsed into its model.

    Carries the HTTP status and raw body so callers can log or inspect what the server sent.
    """

    def __init__(self, status_code: int, content: bytes, reason: Exception):
        self.status_code = status_code
        self.content = content
        self.reason = reason
        super().__init__(f"Could not parse the {status_code} response: {reason}")


__all__ = ["ModelParseError", "ResponseParseError", "UnexpectedStatus"]
