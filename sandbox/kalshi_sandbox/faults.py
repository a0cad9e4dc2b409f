"""Injected faults (server misbehaviour a client must survive) and breakages (contract violations a
contract suite must catch). Both are switched at run time through the admin API; the RNG is seeded so that a
run reproduces.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any

BREAKAGES = frozenset(
    {
        # Each emulates a regression a live API could ship; tests/contract proves the contract suite catches
        # each one under the rule named here.
        # enums / required / prices
        "enum_outside_spec",  # order reads carry status "pending"
        "missing_required_field",  # order reads lack user_id
        "price_sum_not_one",  # no_price_dollars is off by 0.01
        "accept_both_prices",  # create/amend accept a legacy price beside `price`
        # pagination
        "accept_limit_1001",  # GetOrders accepts limit=1001
        "repeat_across_pages",  # the last order of a page is repeated at the start of the next
        # auth / retired
        "accept_bad_signature",  # signatures are not verified (key id and timestamp still are)
        "v1_answers_404",  # the retired V1 writes answer 404 not_found instead of 410
        # schemathesis checks
        "executed_filter_500",  # GetOrders?status=executed crashes (500): a query over the whole history
        "create_answers_200",  # CreateOrderV2 answers 200, a status the spec does not document
        "counts_as_numbers",  # count fields become JSON numbers (create answers, order reads)
        "error_as_text",  # 4xx answers are text/plain "Bad Request" (a proxy's page)
        "reject_post_only",  # a valid create with post_only: true is rejected with 400 (a feature regressed)
        "accept_subaccount_64",  # GetOrders accepts subaccount=64 (outside 0..63) with an empty page
        # filters (GetOrders)
        "ignore_event_ticker",  # the event_ticker filter is ignored
        "event_ticker_first_only",  # a comma list of events filters by its first event only
        "ignore_min_ts",  # min_ts is ignored
        "ignore_max_ts",  # max_ts is ignored
        "ignore_subaccount",  # the subaccount filter is ignored
        "ignore_exchange_index",  # the exchange_index filter is ignored
        # ordering
        "pages_oldest_first",  # every page lists its orders oldest first
        # invariants
        "counts_dont_add_up",  # an amended order keeps reporting initial_count_fp one below the new count
        "update_before_create",  # canceled orders report last_update_time an hour before created_time
        "canceled_keeps_remaining",  # canceled orders still report their remaining count
        # error envelope
        "error_code_renamed",  # 404 order_not_found is answered with the code not_found
        "error_without_code",  # error bodies lose their code (message only)
        # state conflicts
        "cancel_not_resting_200",  # cancelling an order that is no longer resting answers 200, reduced_by 0
        "conflict_as_400",  # 409 order_not_resting comes back as 400 invalid_order
        # write echoes
        "amend_echo_stale",  # an amend answers the remaining count from before the amend
        "decrease_echo_stale",  # a decrease answers the remaining count from before the decrease
        "batch_reordered",  # a batch create answers its items in reverse order
        # stateful
        "decrease_not_applied",  # a decrease is acknowledged (with the right echo) but never applied
        # a real API change rather than a regression (the drift loop's end-to-end test): orders canceled by
        # the member report the new status "user_canceled" (and drop out of status=canceled pages), every
        # order carries the new field "order_source", user_id is no longer sent, and 404 order_not_found
        # becomes the new code "unknown_order"
        "api_change",
        # queue positions
        "queue_always_zero",  # every queue position reads "0.00" (as the retired Order.queue_position did)
    }
)


# The faults a write can meet, each a counter in FaultSettings (the next N writes). Those answered before the
# write is applied leave the exchange untouched; the others apply it first, then lose or spoil the answer.
WRITE_FAULTS_BEFORE_COMMIT = ("write_429", "write_503", "write_500_before_commit", "write_drop_before_commit")
WRITE_FAULTS_AFTER_COMMIT = ("write_500_after_commit", "commit_then_drop", "commit_then_hang")
WRITE_FAULTS = WRITE_FAULTS_BEFORE_COMMIT + WRITE_FAULTS_AFTER_COMMIT


@dataclass
class FaultSettings:
    """What to inject. Counters (``burst_429``, the write faults) count down as they fire.

    The write faults hit the writes (every non-GET operation, or only those named in ``faulty_writes``,
    comma-separated operationIds); a write meets at most one, tried in the order of ``WRITE_FAULTS``.
    ``write_fault_probability`` gives each such write that chance of one of them (the seeded RNG draws).
    """

    read_500_probability: float = 0.0  # GETs answer 500 with this probability
    burst_429: int = 0  # the next N authenticated requests get 429
    latency_ms: float = 0.0  # added before every API response
    drop_connection_probability: float = 0.0  # close the connection without a response (nothing applied)
    write_429: int = 0  # the next N writes answer 429 (the live body); nothing applied
    write_503: int = 0  # the next N writes answer 503 service_unavailable; nothing applied
    write_500_before_commit: int = 0  # the next N writes answer 500; nothing applied
    write_drop_before_commit: int = 0  # the next N writes are dropped unanswered; nothing applied
    write_500_after_commit: int = 0  # the next N writes are applied, then answer 500
    commit_then_drop: int = 0  # the next N writes are applied, then the connection is dropped
    commit_then_hang: int = 0  # the next N writes are applied, then held hang_ms unanswered and dropped
    hang_ms: float = 5000.0  # how long commit_then_hang holds the answer (past a client's timeout)
    write_fault_probability: float = 0.0  # each write meets a random one of the write faults
    faulty_writes: str = ""  # operationIds the write faults hit (comma-separated); empty: every write
    seed: int | None = None  # RNG seed; None keeps the server's seed

    def validate(self, write_operations: frozenset[str] | None = None) -> None:
        for name in ("read_500_probability", "drop_connection_probability", "write_fault_probability"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1 (got {value})")
        for name in ("burst_429", "latency_ms", "hang_ms", *WRITE_FAULTS):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if write_operations is not None:
            unknown = sorted(self.targets() - write_operations)
            if unknown:
                raise ValueError(
                    f"faulty_writes names {', '.join(unknown)}, which are not write operations: use any of "
                    f"{', '.join(sorted(write_operations))}"
                )

    def targets(self) -> frozenset[str]:
        return frozenset(name.strip() for name in self.faulty_writes.split(",") if name.strip())


FAULT_NAMES = frozenset(f.name for f in fields(FaultSettings))


class FaultInjector:
    """Thread-safe fault and breakage state shared by the ASGI app and the admin API."""

    def __init__(self, seed: int | None = None, write_operations: frozenset[str] | None = None) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._write_operations = write_operations
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test faults, not security
        self.settings = FaultSettings()
        self.breakages: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ configuration
    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Replace the fault settings (unnamed ones go back to off)."""
        unknown = set(settings) - FAULT_NAMES
        if unknown:
            raise ValueError(f"unknown fault(s) {sorted(unknown)}: use {sorted(FAULT_NAMES)}")
        new = FaultSettings(**settings)
        new.validate(self._write_operations)
        with self._lock:
            self.settings = new
            self.rng.seed(new.seed if new.seed is not None else self._seed)
        return self.describe_faults()

    def clear_faults(self) -> None:
        self.set_faults()

    def describe_faults(self) -> dict[str, Any]:
        return asdict(self.settings)

    def set_breakages(self, names: set[str] | frozenset[str]) -> list[str]:
        """Replace the active breakages."""
        unknown = set(names) - BREAKAGES
        if unknown:
            raise ValueError(f"unknown breakage(s) {sorted(unknown)}: use {sorted(BREAKAGES)}")
        self.breakages = frozenset(names)
        return sorted(self.breakages)

    # ------------------------------------------------------------------ decisions (one per request)
    def take(self, counter: str) -> bool:
        """Count down ``burst_429`` or ``commit_then_drop``: True if this request is one of the next N."""
        with self._lock:
            left = getattr(self.settings, counter)
            if left > 0:
                setattr(self.settings, counter, left - 1)
                return True
            return False

    def write_fault(self, operation_id: str, *, committed: bool) -> str | None:
        """The write fault this write meets, if any. Asked before the write is applied (``committed`` False:
        a counter of ``WRITE_FAULTS_BEFORE_COMMIT``, or a random draw of any kind, which the caller keeps for
        after), then once it was applied (True: a counter of ``WRITE_FAULTS_AFTER_COMMIT``), so that those
        count applied writes only, not ones the exchange refused."""
        settings = self.settings
        targets = settings.targets()
        if targets and operation_id not in targets:
            return None
        for name in WRITE_FAULTS_AFTER_COMMIT if committed else WRITE_FAULTS_BEFORE_COMMIT:
            if self.take(name):
                return name
        if not committed:
            with self._lock:
                if settings.write_fault_probability and self.rng.random() < settings.write_fault_probability:
                    return self.rng.choice(WRITE_FAULTS)
        return None

    def roll(self, probability: str) -> bool:
        """Draw from the seeded RNG for ``drop_connection_probability`` or ``read_500_probability``."""
        p = getattr(self.settings, probability)
        with self._lock:
            return bool(p > 0 and self.rng.random() < p)
