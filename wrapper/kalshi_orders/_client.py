"""``KalshiClient`` and ``AsyncKalshiClient``: the generated client, signed, rate-limited and retried.

Both compose ``kalshi_orders_api.client.Client`` with :class:`KalshiAuth` as its httpx auth (so every attempt
is signed afresh) and share every policy through :class:`OrdersPlans`; they differ only in their runner.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

import httpx

from kalshi_orders_api.client import Client

from ._auth import KalshiAuth, KalshiSigner
from ._body import DEFAULT_MAX_RESPONSE_BYTES, check_max_response_bytes
from ._credentials import Credentials
from ._drift import recorder as drift_recorder
from ._environments import Environment, resolve_base_url_from_env
from ._keys import PrivateKey, load_private_key
from ._markets import DEFAULT_MARKET_TTL, MarketGrids
from ._plan import AsyncRunner, SyncRunner, Wire
from ._ratelimit import RateLimiter, Tier
from ._ratelimit.loading import load_live_limits
from ._retry import RetryPolicy
from ._transports.default import default_async_transport, default_sync_transport, sends_direct
from ._transports.direct import AsyncDirect, SyncDirect
from .errors import ConfigurationError
from .resources.markets import AsyncMarkets, Markets, MarketsPlans
from .resources.orders import AsyncOrders, Orders, OrdersPlans

if TYPE_CHECKING:  # imported only by async clients
    from ._transports.aiohttp import AiohttpTransport
    from ._transports.httptools import HttptoolsTransport

__all__ = ["AsyncKalshiClient", "KalshiClient"]

PrivateKeyInput = PrivateKey | str | bytes | os.PathLike[str]


def _signer(
    credentials: Credentials | None,
    key_id: str | None,
    private_key: PrivateKeyInput | None,
    signer: KalshiSigner | None,
) -> KalshiSigner:
    given = [name for name, value in (("credentials", credentials), ("signer", signer)) if value is not None]
    if key_id is not None or private_key is not None:
        given.append("key_id/private_key")
    if len(given) > 1:
        raise ConfigurationError(
            f"pass only one of credentials=, signer= or key_id=+private_key= (got {given})"
        )
    if signer is not None:
        return signer
    if credentials is not None:
        return KalshiSigner(credentials.key_id, credentials.private_key)
    if key_id is None and private_key is None:
        return Credentials.from_env().signer()
    if key_id is None or private_key is None:
        missing = "key_id" if key_id is None else "private_key"
        raise ConfigurationError(f"{missing} is missing: pass key_id= and private_key= together")
    if isinstance(private_key, PrivateKey):
        key = private_key
    elif isinstance(private_key, bytes) or (isinstance(private_key, str) and "-----BEGIN" in private_key):
        key = load_private_key(pem=private_key)  # PEM text, perhaps quoted or with literal \n (an env file)
    else:
        key = load_private_key(path=private_key)
    return Credentials(key_id, key).signer()


@dataclass(frozen=True)
class _Setup:
    signer: KalshiSigner
    auth: KalshiAuth
    base_url: str
    environment: Environment | None
    generated: Client
    retry: RetryPolicy
    wire: Wire
    clock: Callable[[], float]
    wall_clock: Callable[[], float]
    grids: MarketGrids | None

    @property
    def plans(self) -> OrdersPlans:
        return OrdersPlans(self.retry, self.clock, self.wall_clock, self.grids)

    @property
    def markets(self) -> MarketsPlans:
        return MarketsPlans(self.retry, self.clock, self.grids)


def _timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigurationError(
            f"timeout must be seconds (a positive number) or an httpx.Timeout, not {timeout!r}"
        )
    return httpx.Timeout(timeout)


def _policy(policy: RetryPolicy, max_retries: int | None, deadline: float | None) -> RetryPolicy:
    """``policy`` with the per-call options laid over it (``max_retries`` counts retries, not attempts)."""
    changes: dict[str, Any] = {}
    if max_retries is not None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an int of 0 or more, not {max_retries!r}")
        changes["max_attempts"] = max_retries + 1
    if deadline is not None:
        if isinstance(deadline, bool) or not isinstance(deadline, int | float) or not deadline > 0:
            raise ConfigurationError(f"deadline must be seconds (a positive number), not {deadline!r}")
        changes["deadline"] = float(deadline)
    return replace(policy, **changes) if changes else policy


def _wire(timeout: float | httpx.Timeout, max_response_bytes: int) -> Wire:
    try:
        return Wire(_timeout(timeout), check_max_response_bytes(max_response_bytes))
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None


def _setup(
    *,
    credentials: Credentials | None,
    key_id: str | None,
    private_key: PrivateKeyInput | None,
    signer: KalshiSigner | None,
    environment: Environment | str | None,
    base_url: str | None,
    retry: RetryPolicy | None,
    max_retries: int | None,
    deadline: float | None,
    timeout: float | httpx.Timeout,
    max_response_bytes: int,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
    httpx_args: Mapping[str, Any] | None,
    clock: Callable[[], float],
    wall_clock: Callable[[], float],
    market_checks: bool,
    market_cache_ttl: float,
) -> _Setup:
    url, env = resolve_base_url_from_env(environment, base_url)
    the_signer = _signer(credentials, key_id, private_key, signer)
    drift_recorder()  # from the first client on, the models' unknown values and fields are counted
    wire = _wire(timeout, max_response_bytes)
    args = dict(httpx_args or {})
    for reserved in ("auth", "base_url", "timeout", "follow_redirects"):
        if reserved in args:
            raise ConfigurationError(
                f"httpx_args may not set {reserved!r}: the client sets it (use the named option; redirects "
                "are never followed, as one would re-send a signed write elsewhere)"
            )
    # The generated Client passes these to httpx itself: hand them over by name, or httpx would get them twice
    # (a TypeError at the first request instead of now).
    passed: dict[str, Any] = {name: args.pop(name) for name in ("headers", "cookies") if name in args}
    if "verify" in args:
        passed["verify_ssl"] = args.pop("verify")
    auth = args["auth"] = KalshiAuth(the_signer)
    if transport is not None:
        args["transport"] = transport
    policy = _policy(retry if retry is not None else RetryPolicy(), max_retries, deadline)
    generated = Client(
        base_url=url,
        timeout=wire.timeout,  # the runners pass each request's own (capped at the call's deadline)
        follow_redirects=False,  # a redirect would re-send a signed write somewhere else
        httpx_args=args,
        **passed,
    )
    if (
        isinstance(market_cache_ttl, bool)
        or not isinstance(market_cache_ttl, int | float)
        or market_cache_ttl < 0
    ):
        raise ConfigurationError(f"market_cache_ttl must be seconds (0 or more), not {market_cache_ttl!r}")
    grids = MarketGrids(clock, ttl=market_cache_ttl) if market_checks else None
    return _Setup(the_signer, auth, url, env, generated, policy, wire, clock, wall_clock, grids)


RateLimitOption = bool | Literal["auto", "static", "off"] | RateLimiter


def _limiter(
    rate_limit: RateLimitOption,
    tier: Tier | str,
    clock: Callable[[], float],
    setup: _Setup,
    sleep: Callable[[float], None] = time.sleep,
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> tuple[RateLimiter, bool]:
    """The client's limiter, and whether the client made it (and so closes its backend)."""
    if isinstance(rate_limit, RateLimiter):
        limiter, owned = rate_limit, False
    else:
        mode = ("auto" if rate_limit else "off") if isinstance(rate_limit, bool) else rate_limit
        if mode not in ("auto", "static", "off"):
            raise ConfigurationError(
                f"rate_limit={rate_limit!r} is not an option: use 'auto' (the account's live limits, the "
                "default), 'static' (the published tier table), 'off', or a RateLimiter"
            )
        # Off still knows the costs, so an oversized batch is refused before it is sent.
        limiter = RateLimiter(
            tier,
            live=mode == "auto",
            enabled=mode != "off",
            clock=clock,
            sleep=sleep,
            async_sleep=async_sleep,
        )
        owned = True
    # One budget per account: processes sharing a backend share it when host and key agree. Hashed, so a
    # Redis key or a file name never shows the key id.
    scope = f"{setup.base_url.rstrip('/').lower()}\n{setup.signer.key_id}"
    limiter.bind(hashlib.sha256(scope.encode()).hexdigest()[:16])
    return limiter, owned


class _ClientBase:
    _setup: _Setup
    rate_limiter: RateLimiter
    _owns_limiter: bool

    def _derived(
        self,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        deadline: float | None,
        max_response_bytes: int | None,
    ) -> _Setup:
        setup = self._setup
        wire = _wire(
            setup.wire.timeout if timeout is None else timeout,
            setup.wire.max_response_bytes if max_response_bytes is None else max_response_bytes,
        )
        return replace(setup, retry=_policy(setup.retry, max_retries, deadline), wire=wire)

    @property
    def timeout(self) -> httpx.Timeout:
        """Each attempt's httpx timeouts (connect, read, write, pool), cut to what the deadline leaves."""
        return self._setup.wire.timeout

    @property
    def deadline(self) -> float:
        """Seconds one call may take in all (attempts, waits, lookups): ``retry.deadline``."""
        return self._setup.retry.deadline

    @property
    def max_retries(self) -> int:
        """Resends after the first attempt: ``retry.max_attempts - 1``."""
        return self._setup.retry.max_attempts - 1

    @property
    def max_response_bytes(self) -> int:
        """The largest response body read (raw and decompressed); beyond it, ResponseTooLargeError."""
        return self._setup.wire.max_response_bytes

    @property
    def base_url(self) -> str:
        return self._setup.base_url

    @property
    def environment(self) -> Environment | None:
        """demo, production, or None for another host (a local sandbox)."""
        return self._setup.environment

    @property
    def retry(self) -> RetryPolicy:
        return self._setup.retry

    @property
    def key_id(self) -> str:
        return self._setup.signer.key_id

    def drift(self, *, reset: bool = False) -> dict[str, Any]:
        """The enum values and fields the API sent that the spec does not list, with counts: a
        ``kalshi-orders-drift`` report (JSON-ready). Each is kept by the models (open enums,
        ``additional_properties``) and logged once at WARNING on logger ``kalshi_orders.drift``. Save the
        report (``json.dump``) and ``kalshi-orders spec propose --from FILE`` turns it into a spec patch.
        Counts are per process (every client in it); ``reset=True`` starts afresh."""
        return drift_recorder().report(reset=reset)

    def __repr__(self) -> str:
        env = self.environment.value if self.environment is not None else "custom"
        signer = self._setup.signer
        return f"{type(self).__name__}(base_url={self.base_url!r}, environment={env!r}, signer={signer!r})"


class KalshiClient(_ClientBase):
    """Synchronous client. ``with KalshiClient() as client: client.orders.list(status="resting")``.

    Credentials come from ``credentials=``, ``key_id=`` + ``private_key=`` (a PrivateKey, a PEM path or PEM
    text), ``signer=``, or else the environment (``KALSHI_API_KEY_ID`` + ``KALSHI_PRIVATE_KEY_PATH`` /
    ``KALSHI_PRIVATE_KEY``). The host: ``base_url``, else ``KALSHI_BASE_URL``; ``environment``, else
    ``KALSHI_ENV``; with none of them the client talks to demo (the CLI's precedence). Production must be
    named. ``transport`` is an httpx transport (tests, a local sandbox); without one, requests go through
    httpx's own (httpcore) with every socket read cut to the time the call has left, so the deadline holds
    even while a server trickles its headers (a transport of the caller's, a proxy or mounts: each attempt
    runs in a worker thread, waited for until the deadline). ``clock``/``wall_clock``/``sleep`` are
    injectable for tests.

    Before a create or amend is sent, its price and count are checked against the market's published grid
    (GetMarket, kept ``market_cache_ttl`` seconds per market); ``market_checks=False`` leaves that to the
    exchange. A market that cannot be read never blocks an order: it is sent unchecked, with a WARNING log.

    ``rate_limit``: ``"auto"`` (default) spends the account's live limits, read from ``GET /account/limits``
    and ``GET /account/endpoint_costs`` on first use, or ``tier``'s published budget if they cannot be read;
    ``"static"`` spends the published budget of ``tier``; ``"off"`` (or False) never waits; a
    :class:`RateLimiter` is used as given (share one between clients, or give it a shared backend so several
    processes share the account's budget). ``$KALSHI_RATE_LIMIT_BACKEND`` picks the backend of a limiter the
    client makes.
    """

    def __init__(
        self,
        *,
        credentials: Credentials | None = None,
        key_id: str | None = None,
        private_key: PrivateKeyInput | None = None,
        environment: Environment | str | None = None,
        base_url: str | None = None,
        tier: Tier | str = Tier.BASIC,
        rate_limit: RateLimitOption = "auto",
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        timeout: float | httpx.Timeout = 10.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: httpx.BaseTransport | None = None,
        httpx_args: Mapping[str, Any] | None = None,
        signer: KalshiSigner | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        market_checks: bool = True,
        market_cache_ttl: float = DEFAULT_MARKET_TTL,
    ) -> None:
        own: httpx.BaseTransport | None = None
        if transport is None:  # httpx's transport with every socket read cut to the call's deadline
            transport = own = default_sync_transport(httpx_args or {})
        self._setup = _setup(
            credentials=credentials,
            key_id=key_id,
            private_key=private_key,
            signer=signer,
            environment=environment,
            base_url=base_url,
            retry=retry,
            max_retries=max_retries,
            deadline=deadline,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            transport=transport,
            httpx_args=httpx_args,
            clock=clock,
            wall_clock=wall_clock,
            market_checks=market_checks,
            market_cache_ttl=market_cache_ttl,
        )
        self.rate_limiter, self._owns_limiter = _limiter(rate_limit, tier, clock, self._setup, sleep=sleep)
        # The client's own transport and nothing for httpx's pipeline to do: requests go straight to it.
        direct = (
            SyncDirect(own, self._setup.auth) if own is not None and sends_direct(httpx_args or {}) else None
        )
        self._runner = SyncRunner(
            self._setup.generated,
            self.rate_limiter,
            clock,
            sleep,
            load_live_limits,
            self._setup.wire,
            reads_bounded=own is not None,
            direct=direct,
        )
        self._resources()

    def _resources(self) -> None:
        self.orders = Orders(self._setup.plans, self._runner)
        self.markets = Markets(self._setup.markets, self._runner)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> KalshiClient:
        """A client with other per-call options that shares this one's connection pool, rate limiter,
        credentials and market cache (as the Stripe and OpenAI SDKs do), e.g.
        ``client.with_options(deadline=5, max_retries=0).orders.cancel(order_id)``. Options not given are
        kept. Closing either client closes the shared pool: close the original when done."""
        clone = object.__new__(KalshiClient)
        clone._setup = self._derived(timeout, max_retries, deadline, max_response_bytes)
        clone.rate_limiter, clone._owns_limiter = self.rate_limiter, self._owns_limiter
        clone._runner = self._runner.with_wire(clone._setup.wire)
        clone._resources()
        return clone

    def close(self) -> None:
        self._setup.generated.get_httpx_client().close()
        if self._owns_limiter:
            self.rate_limiter.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncKalshiClient(_ClientBase):
    """Asynchronous client: ``async with AsyncKalshiClient() as client: await client.orders.get(order_id)``.
    Same options as :class:`KalshiClient`; ``sleep`` is a coroutine function (default ``asyncio.sleep``).

    Requests go out through the wrapper's own asyncio HTTP/1.1 transport
    (:class:`~kalshi_orders.HttptoolsTransport`, several times faster than httpx's own async transport with
    many requests in flight, and cheaper than aiohttp) unless ``transport`` is given or an httpx option needs
    httpx's transport (HTTP/2, a proxy, proxy variables in the environment)."""

    def __init__(
        self,
        *,
        credentials: Credentials | None = None,
        key_id: str | None = None,
        private_key: PrivateKeyInput | None = None,
        environment: Environment | str | None = None,
        base_url: str | None = None,
        tier: Tier | str = Tier.BASIC,
        rate_limit: RateLimitOption = "auto",
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        timeout: float | httpx.Timeout = 10.0,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: httpx.AsyncBaseTransport | None = None,
        httpx_args: Mapping[str, Any] | None = None,
        signer: KalshiSigner | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        market_checks: bool = True,
        market_cache_ttl: float = DEFAULT_MARKET_TTL,
    ) -> None:
        own: HttptoolsTransport | AiohttpTransport | None = None
        if transport is None:  # our own transport underneath, unless an option needs httpx's
            transport = own = default_async_transport(httpx_args or {})
        self._setup = _setup(
            credentials=credentials,
            key_id=key_id,
            private_key=private_key,
            signer=signer,
            environment=environment,
            base_url=base_url,
            retry=retry,
            max_retries=max_retries,
            deadline=deadline,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            transport=transport,
            httpx_args=httpx_args,
            clock=clock,
            wall_clock=wall_clock,
            market_checks=market_checks,
            market_cache_ttl=market_cache_ttl,
        )
        self.rate_limiter, self._owns_limiter = _limiter(
            rate_limit, tier, clock, self._setup, async_sleep=sleep
        )
        direct = (
            AsyncDirect(own, self._setup.auth) if own is not None and sends_direct(httpx_args or {}) else None
        )
        self._runner = AsyncRunner(
            self._setup.generated,
            self.rate_limiter,
            clock,
            sleep,
            load_live_limits,
            self._setup.wire,
            direct=direct,
        )
        self._resources()

    def _resources(self) -> None:
        self.orders = AsyncOrders(self._setup.plans, self._runner)
        self.markets = AsyncMarkets(self._setup.markets, self._runner)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        max_response_bytes: int | None = None,
    ) -> AsyncKalshiClient:
        """The async twin of :meth:`KalshiClient.with_options`: same pool, limiter and credentials, other
        per-call options."""
        clone = object.__new__(AsyncKalshiClient)
        clone._setup = self._derived(timeout, max_retries, deadline, max_response_bytes)
        clone.rate_limiter, clone._owns_limiter = self.rate_limiter, self._owns_limiter
        clone._runner = self._runner.with_wire(clone._setup.wire)
        clone._resources()
        return clone

    async def aclose(self) -> None:
        await self._setup.generated.get_async_httpx_client().aclose()
        if self._owns_limiter:
            await self.rate_limiter.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
