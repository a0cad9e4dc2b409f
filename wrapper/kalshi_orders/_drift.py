"""What the running client met that its spec does not list: unknown enum values and unknown fields.

The generated models keep both (open enums, ``additional_properties``) and tell the listener installed here
(``kalshi_orders_api.types.add_drift_listener``) once per occurrence, when the response is parsed: from_dict,
a lazy list, or the typed decode of a drifted page (which finds the drift in its msgspec structs) reports
each unknown key and enum value; building an order's model later reports nothing again. Each (model, field,
value) is logged once at WARNING on logger ``kalshi_orders.drift``; ``client.drift()`` returns the counts as
a ``kalshi-orders-drift`` report, which ``kalshi-orders spec propose --from FILE`` reads.

Counts are per process (every client in it), since the models are parsed without a client at hand.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["DRIFT_FORMAT", "DriftRecorder", "recorder"]

DRIFT_FORMAT: Final = "kalshi-orders-drift"
DRIFT_VERSION: Final = 1
_SAMPLES: Final = 3
_SAMPLE_CHARS: Final = 60
_logger = logging.getLogger("kalshi_orders.drift")


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _SAMPLE_CHARS:
        return value[: _SAMPLE_CHARS - 1] + "…"
    if isinstance(value, (dict, list)):
        return type(value)()  # the shape, not the content: spec propose needs the JSON type
    return value


@dataclass
class _Entry:
    count: int = 0
    samples: list[Any] = field(default_factory=list)


class DriftRecorder:
    """Thread-safe counts of what the parse met outside the spec; one log line per (model, field, value)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, str, Any], _Entry] = {}
        self._since = time.time()

    def __call__(self, model: str, name: str, kind: str, value: Any) -> None:
        key = (model, name, kind, value if kind == "enum" else None)
        with self._lock:
            entry = self._entries.get(key)
            first = entry is None
            if entry is None:
                entry = self._entries[key] = _Entry()
            entry.count += 1
            sample = _short(value)
            if kind == "field" and len(entry.samples) < _SAMPLES and sample not in entry.samples:
                entry.samples.append(sample)
        if first:
            if kind == "enum":
                _logger.warning(
                    "%s.%s: value %r is not in the spec (kept as an unknown member); client.drift() counts",
                    model,
                    name,
                    _short(value),
                )
            else:
                _logger.warning(
                    "%s: field %r is not in the spec (kept in additional_properties); client.drift() counts",
                    model,
                    name,
                )

    def report(self, *, reset: bool = False) -> dict[str, Any]:
        """The counts as a ``kalshi-orders-drift`` report (JSON-ready); ``reset`` starts counting afresh."""
        with self._lock:
            items = sorted(self._entries.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][3])))
            since = self._since
            if reset:
                self._entries = {}
                self._since = time.time()
        unknown = []
        for (model, name, kind, value), entry in items:
            item: dict[str, Any] = {"model": model, "field": name, "kind": kind, "count": entry.count}
            if kind == "enum":
                item["value"] = value
            else:
                item["value"] = entry.samples[0] if entry.samples else None
                item["samples"] = list(entry.samples)
            unknown.append(item)
        return {"format": DRIFT_FORMAT, "version": DRIFT_VERSION, "since": since, "unknown": unknown}


_recorder: DriftRecorder | None = None
_install_lock = threading.Lock()


def recorder() -> DriftRecorder:
    """The process's recorder, listening to the generated models from the first call on."""
    global _recorder
    if _recorder is None:
        with _install_lock:
            if _recorder is None:
                from kalshi_orders_api.types import add_drift_listener

                created = DriftRecorder()
                add_drift_listener(created)
                _recorder = created
    return _recorder
