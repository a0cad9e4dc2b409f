from enum import StrEnum


class ExchangeInstance(StrEnum):
    """Open enum: a value the spec does not list yet parses instead of raising.

    Such a value becomes a pseudo-member named ``UNKNOWN`` that keeps the raw string as its value (so it
    round-trips unchanged); test for it with ``.is_unknown``. Known members compare, hash and serialise
    exactly as before.
    """

    EVENT_CONTRACT = "event_contract"
    MARGINED = "margined"

    @property
    def is_unknown(self) -> bool:
        """True for a value the spec did not list when this client was generated."""
        return self._name_ == "UNKNOWN"

    @classmethod
    def _missing_(cls, value: object) -> "ExchangeInstance | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)
