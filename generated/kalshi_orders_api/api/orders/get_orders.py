from typing import Any

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_orders_response import GetOrdersResponse
from ...models.order_status import OrderStatus
from ...types import UNSET, FastJSONResponse, Received, Response, Unset, status_of


def _get_kwargs(
    *,
    ticker: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    min_ts: int | Unset = UNSET,
    max_ts: int | Unset = UNSET,
    status: OrderStatus | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    subaccount: int | Unset = UNSET,
    exchange_index: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["ticker"] = ticker

    params["event_ticker"] = event_ticker

    params["min_ts"] = min_ts

    params["max_ts"] = max_ts

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["cursor"] = cursor

    params["subaccount"] = subaccount

    params["exchange_index"] = exchange_index

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/portfolio/orders",
    }
    # kalshi-orders template: httpx parses the whole URL again for any params argument, an empty one too.
    if params:
        _kwargs["params"] = params

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> ErrorResponse | GetOrdersResponse | None:
    # kalshi-orders template: a success body that does not fit its model raises ResponseParseError (with the
    # status and raw body); an error body that is not JSON or not the documented shape (an HTML 502 page, a
    # proxy's text) gives parsed=None, so the caller can still classify the error from status and content.
    try:
        return _parse_documented(
            client=client,
            response=FastJSONResponse(response.status_code, response.content),
        )
    except errors.UnexpectedStatus:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        if response.status_code < 400:
            raise errors.ResponseParseError(
                response.status_code, response.content, exc
            ) from exc
        return None


def _parse_documented(
    *, client: AuthenticatedClient | Client, response: FastJSONResponse
) -> ErrorResponse | GetOrdersResponse | None:
    if response.status_code == 200:
        response_200 = GetOrdersResponse.from_json(response.content)

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> Response[ErrorResponse | GetOrdersResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    ticker: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    min_ts: int | Unset = UNSET,
    max_ts: int | Unset = UNSET,
    status: OrderStatus | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    subaccount: int | Unset = UNSET,
    exchange_index: int | Unset = UNSET,
) -> Response[ErrorResponse | GetOrdersResponse]:
    """List the member's orders, newest first, one cursor page at a time.

     Results can be restricted by market, event, time window, status, subaccount and exchange shard.

    Order: newest first by `created_time` along the whole cursor walk, every page continuing where the
    previous one stopped (`x-kalshi-ordering`). Kalshi's reference describes the list as the member's
    orders without naming an order; live pages come newest first, and orders created during a walk do
    not shift the pages still to come.
    Orders canceled or fully executed before the historical cutoff (`orders_updated_ts` from
    `GET /historical/cutoff`) are only in `GET /historical/orders`; resting orders are always here.

    The cursor does not store any filters: pass the same filters (and `limit`) again with every page.
    An empty (or null, or missing) `cursor` in the response means there is no next page.

    Args:
        ticker (str | Unset):
        event_ticker (str | Unset):
        min_ts (int | Unset):
        max_ts (int | Unset):
        status (OrderStatus | Unset): resting: on the book. canceled: canceled (in full or after a
            partial fill). executed: fully filled.
            The legacy value `pending` (older doc page, spec 2.0.0) is gone from the live API.
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        subaccount (int | Unset):
        exchange_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrdersResponse]
    """

    kwargs = _get_kwargs(
        ticker=ticker,
        event_ticker=event_ticker,
        min_ts=min_ts,
        max_ts=max_ts,
        status=status,
        limit=limit,
        cursor=cursor,
        subaccount=subaccount,
        exchange_index=exchange_index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    ticker: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    min_ts: int | Unset = UNSET,
    max_ts: int | Unset = UNSET,
    status: OrderStatus | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    subaccount: int | Unset = UNSET,
    exchange_index: int | Unset = UNSET,
) -> ErrorResponse | GetOrdersResponse | None:
    """List the member's orders, newest first, one cursor page at a time.

     Results can be restricted by market, event, time window, status, subaccount and exchange shard.

    Order: newest first by `created_time` along the whole cursor walk, every page continuing where the
    previous one stopped (`x-kalshi-ordering`). Kalshi's reference describes the list as the member's
    orders without naming an order; live pages come newest first, and orders created during a walk do
    not shift the pages still to come.
    Orders canceled or fully executed before the historical cutoff (`orders_updated_ts` from
    `GET /historical/cutoff`) are only in `GET /historical/orders`; resting orders are always here.

    The cursor does not store any filters: pass the same filters (and `limit`) again with every page.
    An empty (or null, or missing) `cursor` in the response means there is no next page.

    Args:
        ticker (str | Unset):
        event_ticker (str | Unset):
        min_ts (int | Unset):
        max_ts (int | Unset):
        status (OrderStatus | Unset): resting: on the book. canceled: canceled (in full or after a
            partial fill). executed: fully filled.
            The legacy value `pending` (older doc page, spec 2.0.0) is gone from the live API.
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        subaccount (int | Unset):
        exchange_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrdersResponse
    """

    return sync_detailed(
        client=client,
        ticker=ticker,
        event_ticker=event_ticker,
        min_ts=min_ts,
        max_ts=max_ts,
        status=status,
        limit=limit,
        cursor=cursor,
        subaccount=subaccount,
        exchange_index=exchange_index,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    ticker: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    min_ts: int | Unset = UNSET,
    max_ts: int | Unset = UNSET,
    status: OrderStatus | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    subaccount: int | Unset = UNSET,
    exchange_index: int | Unset = UNSET,
) -> Response[ErrorResponse | GetOrdersResponse]:
    """List the member's orders, newest first, one cursor page at a time.

     Results can be restricted by market, event, time window, status, subaccount and exchange shard.

    Order: newest first by `created_time` along the whole cursor walk, every page continuing where the
    previous one stopped (`x-kalshi-ordering`). Kalshi's reference describes the list as the member's
    orders without naming an order; live pages come newest first, and orders created during a walk do
    not shift the pages still to come.
    Orders canceled or fully executed before the historical cutoff (`orders_updated_ts` from
    `GET /historical/cutoff`) are only in `GET /historical/orders`; resting orders are always here.

    The cursor does not store any filters: pass the same filters (and `limit`) again with every page.
    An empty (or null, or missing) `cursor` in the response means there is no next page.

    Args:
        ticker (str | Unset):
        event_ticker (str | Unset):
        min_ts (int | Unset):
        max_ts (int | Unset):
        status (OrderStatus | Unset): resting: on the book. canceled: canceled (in full or after a
            partial fill). executed: fully filled.
            The legacy value `pending` (older doc page, spec 2.0.0) is gone from the live API.
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        subaccount (int | Unset):
        exchange_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrdersResponse]
    """

    kwargs = _get_kwargs(
        ticker=ticker,
        event_ticker=event_ticker,
        min_ts=min_ts,
        max_ts=max_ts,
        status=status,
        limit=limit,
        cursor=cursor,
        subaccount=subaccount,
        exchange_index=exchange_index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    ticker: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    min_ts: int | Unset = UNSET,
    max_ts: int | Unset = UNSET,
    status: OrderStatus | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    subaccount: int | Unset = UNSET,
    exchange_index: int | Unset = UNSET,
) -> ErrorResponse | GetOrdersResponse | None:
    """List the member's orders, newest first, one cursor page at a time.

     Results can be restricted by market, event, time window, status, subaccount and exchange shard.

    Order: newest first by `created_time` along the whole cursor walk, every page continuing where the
    previous one stopped (`x-kalshi-ordering`). Kalshi's reference describes the list as the member's
    orders without naming an order; live pages come newest first, and orders created during a walk do
    not shift the pages still to come.
    Orders canceled or fully executed before the historical cutoff (`orders_updated_ts` from
    `GET /historical/cutoff`) are only in `GET /historical/orders`; resting orders are always here.

    The cursor does not store any filters: pass the same filters (and `limit`) again with every page.
    An empty (or null, or missing) `cursor` in the response means there is no next page.

    Args:
        ticker (str | Unset):
        event_ticker (str | Unset):
        min_ts (int | Unset):
        max_ts (int | Unset):
        status (OrderStatus | Unset): resting: on the book. canceled: canceled (in full or after a
            partial fill). executed: fully filled.
            The legacy value `pending` (older doc page, spec 2.0.0) is gone from the live API.
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        subaccount (int | Unset):
        exchange_index (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrdersResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            ticker=ticker,
            event_ticker=event_ticker,
            min_ts=min_ts,
            max_ts=max_ts,
            status=status,
            limit=limit,
            cursor=cursor,
            subaccount=subaccount,
            exchange_index=exchange_index,
        )
    ).parsed
