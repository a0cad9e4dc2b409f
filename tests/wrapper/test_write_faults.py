"""Every write under every fault kind, against the real sandbox, with RSA and Ed25519 keys, through the sync
and the async client (issue 11, failure 9): never applied twice, and the outcome is the write's answer, the
order read back (``reconciled``), or OrderOutcomeUnknownError, never an ordinary error for a write the
server applied.

The sandbox's write faults (``kalshi_sandbox.faults``) hit only the operation under test
(``faulty_writes``), so preparing the orders and reading them back is not faulted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kalshi_orders import (
    AsyncKalshiClient,
    KalshiClient,
    KalshiError,
    OrderOutcomeUnknownError,
    OrderStatus,
    RetryPolicy,
)
from kalshi_sandbox import SandboxServer
from kalshi_sandbox.pytest_plugin import sandbox, sandbox_config, sandbox_shared_server  # noqa: F401

T50 = "KXSANDBOX-26DEC31-T50"
RESTING: dict[str, Any] = {"ticker": T50, "side": "yes", "action": "buy", "yes_price": "0.30", "count": 10}
FAULTS = [
    "write_500_before_commit",
    "write_drop_before_commit",
    "write_500_after_commit",
    "commit_then_drop",
    "commit_then_hang",
    "write_429",
    "write_503",
]
HANG_MS = 1500
TIMEOUT = 0.4  # below HANG_MS: a commit_then_hang write times out after it was applied
FAST = RetryPolicy(max_attempts=5, backoff_base=0.002, backoff_cap=0.02, lookup_interval=0.05)


@dataclass
class Write:
    """One write under test: how to prepare it, call it, and check the exchange afterwards."""

    operation_id: str
    prepare: Callable[[KalshiClient], list[str]]  # the order ids it acts on
    call: Callable[[Any, list[str]], Any]  # sync: returns the result; async: returns an awaitable
    check: Callable[[KalshiClient, list[str], Any], None]  # the exchange after the call


def _resting(client: KalshiClient, n: int = 1) -> list[str]:
    return [client.orders.create(**RESTING).order_id for _ in range(n)]


def _check_created(client: KalshiClient, ids: list[str], result: Any) -> None:
    orders = [
        o for o in client.orders.list(ticker=T50, limit=1000) if o.client_order_id == result.client_order_id
    ]
    assert [o.order_id for o in orders] == [result.order_id]  # placed once


def _check_batch_created(client: KalshiClient, ids: list[str], result: Any) -> None:
    assert result.ok
    listed = [o.client_order_id for o in client.orders.list(ticker=T50, limit=1000)]
    for item in result:
        assert listed.count(item.client_order_id) == 1


def _check_amended(client: KalshiClient, ids: list[str], result: Any) -> None:
    order = client.orders.get(ids[0])
    assert (order.yes_price, order.initial_count, order.status) == (
        Decimal("0.31"),
        Decimal(12),
        OrderStatus.RESTING,
    )
    assert result.order_id == ids[0]


def _check_remaining(expected: str) -> Callable[[KalshiClient, list[str], Any], None]:
    def check(client: KalshiClient, ids: list[str], result: Any) -> None:
        assert client.orders.get(ids[0]).remaining_count == Decimal(expected)  # reduced once, not twice
        assert result.remaining_count == Decimal(expected)

    return check


def _check_canceled(client: KalshiClient, ids: list[str], result: Any) -> None:
    assert all(client.orders.get(order_id).status is OrderStatus.CANCELED for order_id in ids)
    if hasattr(result, "ok"):
        assert result.ok and [item.order_id for item in result] == ids


WRITES = {
    "create": Write("CreateOrderV2", lambda c: [], lambda c, ids: c.orders.create(**RESTING), _check_created),
    "batch_create": Write(
        "BatchCreateOrdersV2",
        lambda c: [],
        lambda c, ids: c.orders.batch_create([dict(RESTING, yes_price=p) for p in ("0.11", "0.12", "0.13")]),
        _check_batch_created,
    ),
    "amend": Write(
        "AmendOrderV2",
        _resting,
        lambda c, ids: c.orders.amend(ids[0], ticker=T50, book_side="bid", price="0.31", count=12),
        _check_amended,
    ),
    "decrease_by": Write(
        "DecreaseOrderV2",
        _resting,
        lambda c, ids: c.orders.decrease(ids[0], reduce_by=3),
        _check_remaining("7"),
    ),
    "decrease_to": Write(
        "DecreaseOrderV2",
        _resting,
        lambda c, ids: c.orders.decrease(ids[0], reduce_to=4),
        _check_remaining("4"),
    ),
    "cancel": Write("CancelOrderV2", _resting, lambda c, ids: c.orders.cancel(ids[0]), _check_canceled),
    "batch_cancel": Write(
        "BatchCancelOrdersV2",
        lambda c: _resting(c, 2),
        lambda c, ids: c.orders.batch_cancel(ids),
        _check_canceled,
    ),
}


@pytest.fixture(params=["rsa", "ed25519"])
def account(request: pytest.FixtureRequest, sandbox: SandboxServer) -> tuple[str, Path]:  # noqa: F811
    key_id, key_path = sandbox.admin.add_account(f"faults-{request.param}", key_type=request.param)
    assert key_path is not None
    return key_id, key_path


def _client(sandbox: SandboxServer, account: tuple[str, Path], **options: Any) -> KalshiClient:  # noqa: F811
    key_id, key_path = account
    return KalshiClient(
        base_url=sandbox.base_url, key_id=key_id, private_key=key_path, retry=FAST, timeout=TIMEOUT, **options
    )


def _settles_once(
    sandbox: SandboxServer,  # noqa: F811
    client: KalshiClient,
    name: str,
    fault: str,
    ids: list[str],
    call: Callable[[], Any],
) -> None:
    """Run the faulted ``call`` and check it was applied once and the call said so truthfully."""
    write = WRITES[name]
    if (name, fault) == ("decrease_by", "write_drop_before_commit"):
        # No answer, not applied (yet): a reduce_by resent could reduce twice if the first arrived late.
        with pytest.raises(OrderOutcomeUnknownError, match="reduce_to=7"):
            call()
        sandbox.admin.clear_faults()
        assert client.orders.get(ids[0]).remaining_count == Decimal(10)
        return
    try:
        result = call()
    except OrderOutcomeUnknownError:
        pytest.fail(f"{name} under {fault}: the outcome can be established, yet it was reported unknown")
    except KalshiError as exc:  # an ordinary error after the server applied the write is the bug
        pytest.fail(f"{name} under {fault} raised {type(exc).__name__}: {exc}")
    assert sandbox.admin.faults()[fault] == 0, "the fault never fired"
    if fault in ("write_500_after_commit", "commit_then_drop", "commit_then_hang"):
        items = list(result) if hasattr(result, "items") else [result]
        assert all(item.reconciled for item in items), "settled by reading back, and says so"
    sandbox.admin.clear_faults()
    write.check(client, ids, result)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_under_every_fault_applies_once_and_says_so(
    sandbox: SandboxServer,  # noqa: F811
    account: tuple[str, Path],
    name: str,
    fault: str,
) -> None:
    write = WRITES[name]
    with _client(sandbox, account) as client:
        ids = write.prepare(client)
        sandbox.admin.set_faults(**{fault: 1}, hang_ms=HANG_MS, faulty_writes=write.operation_id)
        _settles_once(sandbox, client, name, fault, ids, lambda: write.call(client, ids))


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", list(WRITES))
def test_the_async_client_settles_every_write_the_same_way(
    sandbox: SandboxServer,  # noqa: F811
    account: tuple[str, Path],
    name: str,
    fault: str,
) -> None:
    write = WRITES[name]
    key_id, key_path = account
    with _client(sandbox, account) as client:
        ids = write.prepare(client)
        sandbox.admin.set_faults(**{fault: 1}, hang_ms=HANG_MS, faulty_writes=write.operation_id)

        async def go() -> Any:
            async with AsyncKalshiClient(
                base_url=sandbox.base_url, key_id=key_id, private_key=key_path, retry=FAST, timeout=TIMEOUT
            ) as async_client:
                return await write.call(async_client, ids)

        _settles_once(sandbox, client, name, fault, ids, lambda: asyncio.run(go()))


def test_a_reduce_by_whose_answer_is_lost_in_flight_is_never_resent(
    sandbox: SandboxServer,  # noqa: F811
    account: tuple[str, Path],
) -> None:
    """A decrease that got no answer and does not show on the order may still be on its way: resending a
    reduce_by could reduce twice, so the outcome is reported unknown, with what to do."""
    with _client(sandbox, account) as client:
        order_id = _resting(client)[0]
        # The decrease is dropped before anything is applied; the reads around it are answered.
        sandbox.admin.set_faults(write_drop_before_commit=1, faulty_writes="DecreaseOrderV2")
        with pytest.raises(OrderOutcomeUnknownError) as info:
            client.orders.decrease(order_id, reduce_by=3)
        sandbox.admin.clear_faults()
        assert client.orders.get(order_id).remaining_count == Decimal(10)  # not applied, and not resent
    error = info.value
    assert error.operation == "decrease" and error.order_id == order_id
    assert f"orders.get({order_id!r})" in str(error)


def test_concurrent_async_creates_through_random_write_faults_each_land_once(
    sandbox: SandboxServer,  # noqa: F811
    account: tuple[str, Path],
) -> None:
    """60 creates at once through the async client's own transport while 30% of them meet a random write
    fault (refused before the order is placed, 429/503, the answer lost or hung after it was placed): every
    create reports its order, and each client_order_id is on the exchange exactly once."""
    key_id, key_path = account
    before = sandbox.admin.order_count(key_id)
    sandbox.admin.set_faults(
        write_fault_probability=0.3, hang_ms=HANG_MS, faulty_writes="CreateOrderV2", seed=13
    )

    async def go() -> list[Any]:
        async with AsyncKalshiClient(
            base_url=sandbox.base_url, key_id=key_id, private_key=key_path, retry=FAST, timeout=TIMEOUT
        ) as async_client:
            creates = (async_client.orders.create(**RESTING) for _ in range(60))
            return await asyncio.gather(*creates, return_exceptions=True)

    try:
        results = asyncio.run(go())
    finally:
        sandbox.admin.set_faults(write_fault_probability=0.0)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert any(r.reconciled for r in results)  # some answers were lost after the order was placed
    coids = [r.client_order_id for r in results]
    assert len(set(coids)) == 60
    with _client(sandbox, account) as client:
        listed = [o.client_order_id for o in client.orders.list(ticker=T50, limit=1000)]
    assert all(listed.count(coid) == 1 for coid in coids)
    assert sandbox.admin.order_count(key_id) == before + 60
