"""GetOrders filters, checked before anything is sent."""

from __future__ import annotations

from dataclasses import dataclass

from kalshi_orders_api.models.order_status import OrderStatus

from ._checks import check_int, check_subaccount
from .errors import OrderValidationError

__all__ = ["MAX_EVENT_TICKERS", "MAX_LIMIT", "OrderFilters"]

# GetOrders' documented bounds: up to 1000 orders a page, up to 10 comma-separated event tickers.
MAX_LIMIT = 1000
MAX_EVENT_TICKERS = 10
_KNOWN_STATUSES = ", ".join(s.value for s in OrderStatus)


def _check_status(value: OrderStatus | str) -> OrderStatus:
    if not isinstance(value, str):
        raise OrderValidationError(f"status must be one of {_KNOWN_STATUSES}, got {value!r}")
    status = OrderStatus(value)
    if status.is_unknown:
        raise OrderValidationError(f"status must be one of {_KNOWN_STATUSES}, got {value!r}")
    return status


def _check_event_tickers(value: str | list[str] | tuple[str, ...]) -> str:
    tickers = (
        [t.strip() for t in value.split(",")] if isinstance(value, str) else [str(t).strip() for t in value]
    )
    if not tickers or any(not t for t in tickers):
        raise OrderValidationError(f"event_ticker must be event tickers separated by commas, got {value!r}")
    if len(tickers) > MAX_EVENT_TICKERS:
        raise OrderValidationError(
            f"event_ticker takes at most {MAX_EVENT_TICKERS} event tickers, got {len(tickers)}: "
            "split the query into several list() calls"
        )
    return ",".join(tickers)


@dataclass(frozen=True, slots=True)
class OrderFilters:
    """Validated GetOrders filters; resent unchanged with every page (the cursor stores none of them)."""

    ticker: str | None = None
    event_ticker: str | None = None
    min_ts: int | None = None
    max_ts: int | None = None
    status: OrderStatus | None = None
    limit: int = 100
    subaccount: int | None = None
    exchange_index: int | None = None

    @classmethod
    def build(
        cls,
        *,
        ticker: str | None = None,
        event_ticker: str | list[str] | tuple[str, ...] | None = None,
        min_ts: int | None = None,
        max_ts: int | None = None,
        status: OrderStatus | str | None = None,
        limit: int = 100,
        subaccount: int | None = None,
        exchange_index: int | None = None,
    ) -> OrderFilters:
        if ticker is not None and (not isinstance(ticker, str) or not ticker.strip()):
            raise OrderValidationError(f"ticker must be a non-empty market ticker, got {ticker!r}")
        if min_ts is not None:
            check_int("min_ts", min_ts, 0)
        if max_ts is not None:
            check_int("max_ts", max_ts, 0)
        if min_ts is not None and max_ts is not None and min_ts > max_ts:
            raise OrderValidationError(f"min_ts ({min_ts}) is after max_ts ({max_ts}): nothing could match")
        if exchange_index is not None:
            check_int("exchange_index", exchange_index, 0)
        return cls(
            ticker=ticker.strip() if ticker is not None else None,
            event_ticker=None if event_ticker is None else _check_event_tickers(event_ticker),
            min_ts=min_ts,
            max_ts=max_ts,
            status=None if status is None else _check_status(status),
            limit=check_int("limit", limit, 1, MAX_LIMIT),
            subaccount=check_subaccount(subaccount),
            exchange_index=exchange_index,
        )
