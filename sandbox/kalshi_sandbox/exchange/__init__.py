"""The sandbox's pure exchange engine: books, matching, orders and GetOrders pagination (no HTTP, no auth).

API (wire dicts are exactly the curated spec's JSON shapes)::

    ex = Exchange(markets=DEFAULT_MARKETS, clock=time.time, cursor_secret=None)  # None: random secret
    acct = Account("user-1")              # a member; subaccounts 0..63 inside it
    ex.create_order(acct, body)           # CreateOrderV2Request → CreateOrderV2Response (201)
    ex.cancel_order(acct, order_id, subaccount=0, exchange_index=None, market_ticker=None)
                                          # CancelOrderV2Response
    ex.amend_order(acct, order_id, body, subaccount=0)      # AmendOrderV2Response
    ex.decrease_order(acct, order_id, body, subaccount=0)   # DecreaseOrderV2Response
    ex.batch_create(acct, bodies) / ex.batch_cancel(acct, items)  # {"orders": [...]}, per-item "error"
    ex.cancel_all(acct, subaccount=None)
    ex.get_order(acct, order_id)          # Order
    ex.queue_position(acct, order_id, subaccount=None)   # "250.00": contracts ahead at the order's price
    ex.queue_positions(acct, market_tickers=None, event_ticker=None, subaccount=0)  # [OrderQueuePosition]
    ex.list_orders(acct, ticker=, event_tickers=, min_ts=, max_ts=, status=, subaccount=, exchange_index=,
                   limit=100, cursor=None)   # (orders, next_cursor or "")
    ex.seed_orders(acct, 100_000, ticker=None, statuses=None, seed=0); ex.order_count(acct); ex.reset()
    ex.markets(); ex.market(ticker); ex.orderbook(ticker); ex.position(acct, ticker, subaccount)
    ex.market_data(ticker)                # the spec's Market object (grid, quotes, volume, open interest)

Every rejection raises :class:`ExchangeError` (``status``, ``code``, ``message``, ``details``; ``to_dict()``
is the ErrorDetail object). Codes: 400 ``invalid_order`` (bad side/enum/bool, legacy price field, option
combos, missing reduce/ticker...), ``invalid_price`` (format or off the tick grid), ``invalid_count``,
``invalid_expiration_time``, ``invalid_subaccount``, ``invalid_exchange_index``, ``invalid_limit``,
``invalid_status``, ``invalid_event_ticker``, ``invalid_timestamp``, ``invalid_cursor``; 404
``market_not_found``, ``order_not_found`` (also for another member's order, another subaccount, or a
non-matching exchange_index/market_ticker on cancel/amend/decrease); 409 ``order_already_exists`` (details
``order_id=<existing>``), ``order_not_resting``, ``fill_or_kill_insufficient_resting_volume``.

Behaviour choices:

* One YES book per market; price-time priority; fills at the resting order's price. Self-trade prevention is
  member-wide (across subaccounts): ``taker_at_cross`` cancels the taker's remainder, ``maker`` cancels the
  resting own order and goes on.
* Fill-or-kill that cannot fill completely: 409 ``fill_or_kill_insufficient_resting_volume``, no order
  created (what the live API answers). Immediate-or-cancel: the remainder is canceled (status canceled
  unless fully filled). Post-only that would cross: an order is recorded with status canceled, 0 filled,
  ``last_update_reason: "PostOnlyCrossCancel"`` (201). Reduce-only (IoC only, else 400) is capped at the
  position from this engine's fills; with no position it fills 0 and is canceled (201, reason
  ``ReduceOnly``).
* Fees: taker ``ceil(rate × C × P × (1 − P))`` to the cent once per price level of a matching pass (rate
  0.07); maker the same with the market's maker rate (default 0) per fill. Fill cost is what the order's
  side pays: bid = YES price × C, ask = (1 − YES price) × C. Dollars have 4 decimals, 6 when needed
  (sub-cent costs, averages); counts exactly 2.
* Deprecated ``side``/``action`` follow the YES book: bid → yes/buy, ask → yes/sell; ``outcome_side`` bid →
  yes, ask → no. ``last_update_reason`` is always present (null, Fill, Canceled, Amended, Decreased,
  Expired, PostOnlyCrossCancel, SelfTradeCancel, ImmediateOrCancel, ReduceOnly).
* Queue position: the remaining contracts of the live orders queued before the order at its price level
  on its book side (every member's, the liquidity provider's included); better prices are not counted. An
  amend that raises the size or changes the price re-queues at the back; an expiry-only amend or a decrease
  keeps the place. Only resting orders have one (otherwise 404 ``order_not_found``).
* Amend: ``count`` is the new total; it becomes ``initial_count_fp``; below the filled count → 400
  ``invalid_count``, equal → executed. A price change or size increase re-queues and may fill as taker.
  ``expiration_time`` 0 removes the expiry. Decrease: ``reduce_by`` beyond the remaining cancels,
  ``reduce_to`` above it → 400; zero remaining → canceled. Cancels are soft.
* Good-till-time orders expire (canceled, reason Expired, last_update_time = expiry) on the first engine
  call at or after their expiry.
* ``exchange_index``: KXTAPER-26DEC31-C1 is on shard 1, the others on 0. Create accepts omitted or -1
  (auto-route) or the market's own shard, another value → 400 ``invalid_exchange_index``; cancel, amend and
  decrease with another shard → 404 ``order_not_found``.
* GetOrders: newest first by creation sequence; the cursor is base64url(version, last sequence) + HMAC,
  carries no filters, survives concurrent inserts; ``""`` when no further order matches.
  ``min_ts``/``max_ts`` bound ``created_time`` inclusively. An unknown ``ticker`` filter gives an empty
  page.
* Markets (GetMarket): every market is ``active`` (the engine trades at any time); ``price_ranges`` are the
  bands the engine checks prices against (``markets.PRICE_BANDS``); quotes and sizes come from the book,
  volume, last price and open interest from fills (the liquidity provider's included).
* The simulated liquidity provider (user ``sandbox-liquidity-provider``, never visible to members) quotes
  YES bids 0.40/0.39/0.38 and asks 0.60/0.61/0.62, 100 each, and re-quotes a level after it trades unless
  that would cross a resting order.
* For the server's breakages: results are fresh dicts (mutate freely). The engine always rejects legacy
  price fields and limits outside 1..1000: strip/clamp before calling it to simulate
  ``accept_both_prices``/``accept_limit_1001``.
"""

from __future__ import annotations

from kalshi_sandbox.exchange.engine import Account, Exchange
from kalshi_sandbox.exchange.errors import ExchangeError
from kalshi_sandbox.exchange.liquidity import LP_USER_ID
from kalshi_sandbox.exchange.markets import DEFAULT_MARKETS, LiquidityConfig, MarketConfig

__all__ = [
    "DEFAULT_MARKETS",
    "LP_USER_ID",
    "Account",
    "Exchange",
    "ExchangeError",
    "LiquidityConfig",
    "MarketConfig",
]
