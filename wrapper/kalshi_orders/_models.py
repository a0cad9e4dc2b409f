"""The wrapper's read surface: thin frozen views over the generated models, with Decimal money.

The generated models keep the wire strings (``"0.5600"``, ``"10.00"``, ISO timestamps); a view converts a
field only when it is read, so listing 5,000 orders costs nothing until a price is looked at. ``.raw`` is the
generated model, ``.extra`` the keys the spec does not list. Enums are the generated open enums (an unknown
value is kept, with ``.is_unknown``). There is no float anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

from kalshi_orders_api.models.amend_order_v2_response import AmendOrderV2Response
from kalshi_orders_api.models.batch_cancel_orders_v2_response_item import BatchCancelOrdersV2ResponseItem
from kalshi_orders_api.models.batch_create_orders_v2_response_item import BatchCreateOrdersV2ResponseItem
from kalshi_orders_api.models.book_side import BookSide
from kalshi_orders_api.models.cancel_order_v2_response import CancelOrderV2Response
from kalshi_orders_api.models.create_order_v2_response import CreateOrderV2Response
from kalshi_orders_api.models.decrease_order_v2_response import DecreaseOrderV2Response
from kalshi_orders_api.models.order import Order as RawOrder
from kalshi_orders_api.models.order_queue_position import OrderQueuePosition
from kalshi_orders_api.models.order_status import OrderStatus
from kalshi_orders_api.models.order_type import OrderType
from kalshi_orders_api.models.outcome_side import OutcomeSide
from kalshi_orders_api.models.self_trade_prevention_type import SelfTradePreventionType
from kalshi_orders_api.types import Unset, model_of

from ._money import to_decimal
from .errors import KalshiError

__all__ = [
    "AmendResult",
    "BatchCancelItem",
    "BatchCancelResult",
    "BatchCreateItem",
    "BatchCreateResult",
    "CancelResult",
    "CreateResult",
    "DecreaseResult",
    "Order",
    "OrderPage",
    "QueuePosition",
    "QueuePositions",
    "parse_timestamp",
]


V = TypeVar("V")
ItemT = TypeVar("ItemT", "BatchCreateItem", "BatchCancelItem")


def parse_timestamp(value: str | Unset | None) -> datetime | None:
    """An ISO 8601 timestamp (``Z`` or an offset) as an aware datetime; None when absent or null."""
    if value is None or isinstance(value, Unset):
        return None
    return datetime.fromisoformat(value)


def _opt_decimal(value: str | Unset | None) -> Decimal | None:
    if value is None or isinstance(value, Unset):
        return None
    return to_decimal(value)


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


class _Wire(Generic[V]):
    """A read-only attribute that reads one field of the view's ``raw`` model and converts it on access."""

    def __init__(self, name: str, convert: Callable[[Any], V]) -> None:
        self.name = name
        self.convert = convert

    def __get__(self, view: Any, owner: type | None = None) -> V:
        return self.convert(getattr(view.raw, self.name))


def _same(value: V) -> V:
    return value


def _opt_str(value: str | Unset | None) -> str | None:
    return None if isinstance(value, Unset) else value


def _opt_int(value: int | Unset | None) -> int | None:
    return None if isinstance(value, Unset) else value


def _opt_bool(value: bool | Unset) -> bool | None:
    return None if isinstance(value, Unset) else value


def _opt_stp(value: SelfTradePreventionType | Unset | None) -> SelfTradePreventionType | None:
    return None if isinstance(value, Unset) else value


# What a page holds for each order: its generated model, or (parsed lazily) its JSON object or the struct
# msgspec decoded it into, checked in full already (``kalshi_orders_api.types.LazyModelList``): its model is
# built when a field is first read.
OrderSource = RawOrder | dict[str, Any] | Any


class Order:
    """One order (GetOrders / GetOrder) with Decimal prices, counts and costs. Read-only."""

    __slots__ = ("_source",)
    _source: OrderSource  # the model, or the page's checked JSON object until the model is first needed

    def __init__(self, raw: RawOrder) -> None:
        _set_source(self, raw)

    @classmethod
    def _of(cls, source: OrderSource) -> Order:
        """A view of a page's order, model or checked payload. A page makes 1,000 of these: no __init__."""
        view = _new_order(cls)
        _set_source(view, source)
        return view

    @property
    def raw(self) -> RawOrder:
        """The generated model (built from the page's checked JSON object on first use)."""
        source = self._source
        if isinstance(source, RawOrder):
            return source
        raw = model_of(source, RawOrder.from_dict)  # checked with the page, its drift reported then
        _set_source(self, raw)
        return raw

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Order):
            return self.raw == other.raw
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    order_id = _Wire[str]("order_id", _same)
    user_id = _Wire[str]("user_id", _same)
    client_order_id = _Wire[str]("client_order_id", _same)
    ticker = _Wire[str]("ticker", _same)
    outcome_side = _Wire[OutcomeSide]("outcome_side", _same)
    book_side = _Wire[BookSide]("book_side", _same)
    type = _Wire[OrderType]("type_", _same)
    status = _Wire[OrderStatus]("status", _same)
    yes_price = _Wire("yes_price_dollars", to_decimal)
    no_price = _Wire("no_price_dollars", to_decimal)
    fill_count = _Wire("fill_count_fp", to_decimal)
    remaining_count = _Wire("remaining_count_fp", to_decimal)
    initial_count = _Wire("initial_count_fp", to_decimal)
    taker_fees = _Wire("taker_fees_dollars", to_decimal)
    maker_fees = _Wire("maker_fees_dollars", to_decimal)
    taker_fill_cost = _Wire("taker_fill_cost_dollars", to_decimal)
    maker_fill_cost = _Wire("maker_fill_cost_dollars", to_decimal)
    created_time = _Wire("created_time", parse_timestamp)
    last_update_time = _Wire("last_update_time", parse_timestamp)
    expiration_time = _Wire("expiration_time", parse_timestamp)
    last_update_reason = _Wire("last_update_reason", _opt_str)
    self_trade_prevention_type = _Wire("self_trade_prevention_type", _opt_stp)
    order_group_id = _Wire("order_group_id", _opt_str)
    cancel_order_on_pause = _Wire("cancel_order_on_pause", _opt_bool)
    subaccount_number = _Wire("subaccount_number", _opt_int)
    exchange_index = _Wire("exchange_index", _opt_int)

    @property
    def extra(self) -> Mapping[str, Any]:
        """Keys the spec does not list (e.g. fields Kalshi added after this client was generated)."""
        return self.raw.additional_properties

    def to_dict(self) -> dict[str, Any]:
        """The order as it came over the wire (strings kept exact)."""
        return self.raw.to_dict()

    def __repr__(self) -> str:
        raw = self.raw
        return (
            f"Order(order_id={raw.order_id!r}, ticker={raw.ticker!r}, status={raw.status.value!r}, "
            f"book_side={raw.book_side.value!r}, yes_price={raw.yes_price_dollars}, "
            f"remaining_count={raw.remaining_count_fp}, client_order_id={raw.client_order_id!r})"
        )


_set_source: Callable[[Order, OrderSource], None] = Order.__dict__["_source"].__set__
_new_order = object.__new__


def order_id_of(source: OrderSource) -> str:
    """The order id of a page's order, model or checked payload, without building the model."""
    if isinstance(source, dict):
        order_id: str = source["order_id"]
    else:
        order_id = source.order_id  # the model, or the struct msgspec decoded the order into
    return order_id


class _OrderViews(Sequence[Order]):
    """A page's orders as views made when read. The page holds the generated models or their checked JSON
    objects only: 1,000 live views would add nothing but work for the garbage collector, which scans every
    object a page keeps alive (a JSON object of strings and numbers it does not track at all)."""

    __slots__ = ("_sources",)

    def __init__(self, sources: Sequence[OrderSource]) -> None:
        self._sources = sources

    def __len__(self) -> int:
        return len(self._sources)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [Order._of(source) for source in self._sources[index]]
        return Order._of(self._sources[index])

    def __iter__(self) -> Iterator[Order]:
        return map(Order._of, self._sources)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


@dataclass(frozen=True, slots=True)
class OrderPage(Sequence[Order]):
    """One GetOrders page. ``cursor`` is None on the last page (the wire's ``""``/null/missing)."""

    orders: Sequence[Order]
    cursor: str | None

    def __len__(self) -> int:
        return len(self.orders)

    def __getitem__(self, index: Any) -> Any:
        return self.orders[index]

    def __iter__(self) -> Iterator[Order]:
        return iter(self.orders)


class _AnswerOrLookup:
    """Shared by write results that come either from the server's answer (``raw``) or, when that answer was
    lost, from looking the order up (``order``; ``raw`` is then None)."""

    __slots__ = ()
    raw: Any
    order: Order | None

    @property
    def order_id(self) -> str:
        if self.raw is not None:
            value: str = self.raw.order_id
            return value
        assert self.order is not None
        return self.order.order_id

    @property
    def ts_ms(self) -> int | None:
        return None if self.raw is None else int(self.raw.ts_ms)

    @property
    def extra(self) -> Mapping[str, Any]:
        return {} if self.raw is None else self.raw.additional_properties


class _EchoedClientOrderId:
    """``client_order_id`` of a write result whose answer may echo it (``raw``) or, when that answer was lost,
    of the order looked up instead (``order``); None when neither says."""

    __slots__ = ()
    raw: Any
    order: Order | None

    @property
    def client_order_id(self) -> str | None:
        if self.raw is not None:
            value: str | None = _opt(self.raw.client_order_id)
            return value
        return None if self.order is None else self.order.client_order_id


@dataclass(frozen=True, slots=True)
class CreateResult(_AnswerOrLookup):
    """The outcome of a create.

    ``reconciled`` is True when the response was lost (timeout, dropped connection, 5xx) and the order was
    found afterwards by its client_order_id; ``order`` is then the order as GetOrders returned it and
    ``raw`` is None.
    """

    raw: CreateOrderV2Response | None
    client_order_id: str
    order: Order | None = None
    reconciled: bool = False

    @property
    def fill_count(self) -> Decimal:
        if self.raw is not None:
            return to_decimal(self.raw.fill_count)
        assert self.order is not None
        return self.order.fill_count

    @property
    def remaining_count(self) -> Decimal:
        if self.raw is not None:
            return to_decimal(self.raw.remaining_count)
        assert self.order is not None
        return self.order.remaining_count

    @property
    def average_fill_price(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fill_price)

    @property
    def average_fee_paid(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fee_paid)


@dataclass(frozen=True, slots=True)
class CancelResult(_EchoedClientOrderId, _AnswerOrLookup):
    """The outcome of a cancel. ``reconciled`` is True when the cancel's answer was lost and a resend was
    refused because the order was no longer resting: ``order`` is then the (canceled) order as GetOrder
    returned it, ``raw`` is None and ``reduced_by``/``ts_ms`` are unknown (None)."""

    raw: CancelOrderV2Response | None
    order: Order | None = None
    reconciled: bool = False

    @property
    def reduced_by(self) -> Decimal | None:
        return None if self.raw is None else to_decimal(self.raw.reduced_by)


@dataclass(frozen=True, slots=True)
class AmendResult(_EchoedClientOrderId, _AnswerOrLookup):
    """The outcome of an amend. ``reconciled`` is True when the amend's answer was lost (a 5xx, a timeout, a
    dropped connection) and the order, read back, already has the price, count and expiry asked for:
    ``order`` is then that order, ``raw`` is None and ``ts_ms``/``average_*`` are unknown (None)."""

    raw: AmendOrderV2Response | None
    order: Order | None = None
    reconciled: bool = False

    @property
    def remaining_count(self) -> Decimal | None:
        if self.raw is not None:
            return _opt_decimal(self.raw.remaining_count)
        return None if self.order is None else self.order.remaining_count

    @property
    def fill_count(self) -> Decimal | None:
        if self.raw is not None:
            return _opt_decimal(self.raw.fill_count)
        return None if self.order is None else self.order.fill_count

    @property
    def average_fill_price(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fill_price)

    @property
    def average_fee_paid(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fee_paid)


@dataclass(frozen=True, slots=True)
class DecreaseResult(_EchoedClientOrderId, _AnswerOrLookup):
    """The outcome of a decrease. ``reconciled`` is True when the decrease's answer was lost and the order,
    read back, shows it applied: ``order`` is then that order, ``raw`` is None and ``ts_ms`` is None."""

    raw: DecreaseOrderV2Response | None
    order: Order | None = None
    reconciled: bool = False

    @property
    def remaining_count(self) -> Decimal:
        if self.raw is not None:
            return to_decimal(self.raw.remaining_count)
        assert self.order is not None
        return self.order.remaining_count


@dataclass(frozen=True, slots=True)
class BatchCreateItem:
    """One item of a batch create, in request order. ``error`` is set when this item failed (the batch as
    a whole answered 2xx); ``reconciled`` when it was found by client_order_id after a lost response."""

    client_order_id: str
    raw: BatchCreateOrdersV2ResponseItem | None = None
    order: Order | None = None
    error: KalshiError | None = None
    reconciled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def order_id(self) -> str | None:
        if self.raw is not None and not isinstance(self.raw.order_id, Unset):
            return self.raw.order_id
        return None if self.order is None else self.order.order_id

    @property
    def fill_count(self) -> Decimal | None:
        if self.raw is not None:
            return _opt_decimal(self.raw.fill_count)
        return None if self.order is None else self.order.fill_count

    @property
    def remaining_count(self) -> Decimal | None:
        if self.raw is not None:
            return _opt_decimal(self.raw.remaining_count)
        return None if self.order is None else self.order.remaining_count

    @property
    def average_fill_price(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fill_price)

    @property
    def average_fee_paid(self) -> Decimal | None:
        return None if self.raw is None else _opt_decimal(self.raw.average_fee_paid)

    @property
    def ts_ms(self) -> int | None:
        value: int | None = None if self.raw is None else _opt(self.raw.ts_ms)
        return value


@dataclass(frozen=True, slots=True)
class BatchCancelItem(_EchoedClientOrderId):
    """One item of a batch cancel, in request order. ``reconciled`` is True when an earlier attempt's answer
    was lost and the order, read back, is canceled: ``order`` is then that order. ``raw`` is the item of the
    batch's answer (a refusal, for a reconciled item), or None when no attempt of the batch got an answer at
    all; ``requested_order_id`` is the id the item asked for."""

    raw: BatchCancelOrdersV2ResponseItem | None
    error: KalshiError | None = None
    order: Order | None = None
    reconciled: bool = False
    requested_order_id: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def order_id(self) -> str:
        if self.raw is not None:
            return self.raw.order_id
        return self.order.order_id if self.order is not None else self.requested_order_id

    @property
    def reduced_by(self) -> Decimal | None:
        """Contracts the cancel took off the book; None when only a read-back says it is canceled."""
        return None if self.raw is None or self.reconciled else to_decimal(self.raw.reduced_by)

    @property
    def ts_ms(self) -> int | None:
        value: int | None = None if self.raw is None else _opt(self.raw.ts_ms)
        return value


@dataclass(frozen=True, slots=True)
class _BatchResult(Sequence[ItemT]):
    """Per-item results in request order; a failed item carries its error instead of raising."""

    items: Sequence[ItemT] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items)

    @property
    def errors(self) -> list[ItemT]:
        return [item for item in self.items if not item.ok]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        return self.items[index]

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)


class BatchCreateResult(_BatchResult[BatchCreateItem]):
    __slots__ = ()


class BatchCancelResult(_BatchResult[BatchCancelItem]):
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class QueuePosition:
    """One resting order's place in line (GetOrderQueuePositions): ``queue_position`` is the number of
    contracts queued ahead of it at its price on its book side (0: it is first in line at its price)."""

    raw: OrderQueuePosition

    @property
    def order_id(self) -> str:
        return self.raw.order_id

    @property
    def market_ticker(self) -> str:
        return self.raw.market_ticker

    @property
    def queue_position(self) -> Decimal:
        return to_decimal(self.raw.queue_position_fp)

    @property
    def extra(self) -> Mapping[str, Any]:
        return self.raw.additional_properties

    def to_dict(self) -> dict[str, Any]:
        """As it came over the wire (strings kept exact)."""
        return self.raw.to_dict()

    def __repr__(self) -> str:
        return (
            f"QueuePosition(order_id={self.order_id!r}, market_ticker={self.market_ticker!r}, "
            f"queue_position={self.raw.queue_position_fp})"
        )


@dataclass(frozen=True, slots=True)
class QueuePositions(Sequence[QueuePosition]):
    """The queue positions of the matching resting orders, in the server's order."""

    items: Sequence[QueuePosition] = field(default_factory=tuple)

    @property
    def by_order_id(self) -> Mapping[str, QueuePosition]:
        """The positions keyed by order id."""
        return {item.order_id: item for item in self.items}

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> QueuePosition: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[QueuePosition]: ...

    def __getitem__(self, index: int | slice) -> QueuePosition | Sequence[QueuePosition]:
        return self.items[index]

    def __iter__(self) -> Iterator[QueuePosition]:
        return iter(self.items)
