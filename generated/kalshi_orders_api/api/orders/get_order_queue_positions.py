from typing import Any

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_order_queue_positions_response import GetOrderQueuePositionsResponse
from ...types import UNSET, FastJSONResponse, Received, Response, Unset, status_of


def _get_kwargs(
    *,
    market_tickers: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    subaccount: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["market_tickers"] = market_tickers

    params["event_ticker"] = event_ticker

    params["subaccount"] = subaccount

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/portfolio/orders/queue_positions",
    }
    # kalshi-orders template: httpx parses the whole URL again for any params argument, an empty one too.
    if params:
        _kwargs["params"] = params

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> ErrorResponse | GetOrderQueuePositionsResponse | None:
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
) -> ErrorResponse | GetOrderQueuePositionsResponse | None:
    if response.status_code == 200:
        response_200 = GetOrderQueuePositionsResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | GetOrderQueuePositionsResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    market_tickers: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    subaccount: int | Unset = 0,
) -> Response[ErrorResponse | GetOrderQueuePositionsResponse]:
    """Queue positions of the member's resting orders, optionally in some markets or one event.

     For every resting order of the subaccount that matches the filters: the contracts ahead of it at its
    price level on its book side (price-time priority), i.e. how many contracts must trade at that price
    before the order starts to fill. Orders at better prices are not counted; every member's orders at
    the
    same price that were queued earlier are (the member's own included).

    Without filters, all resting orders of the subaccount. `subaccount` defaults to the primary account
    (0),
    unlike GetOrders where omitting it means every subaccount. An unknown ticker or event matches
    nothing
    (an empty list, not an error).

    A position is a snapshot: it shrinks as orders ahead fill, cancel or decrease, and it starts over at
    the back of the queue after an amend that raises the size or changes the price (an expiry-only amend
    or
    a decrease keeps it).

    Args:
        market_tickers (str | Unset):
        event_ticker (str | Unset):
        subaccount (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrderQueuePositionsResponse]
    """

    kwargs = _get_kwargs(
        market_tickers=market_tickers,
        event_ticker=event_ticker,
        subaccount=subaccount,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    market_tickers: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    subaccount: int | Unset = 0,
) -> ErrorResponse | GetOrderQueuePositionsResponse | None:
    """Queue positions of the member's resting orders, optionally in some markets or one event.

     For every resting order of the subaccount that matches the filters: the contracts ahead of it at its
    price level on its book side (price-time priority), i.e. how many contracts must trade at that price
    before the order starts to fill. Orders at better prices are not counted; every member's orders at
    the
    same price that were queued earlier are (the member's own included).

    Without filters, all resting orders of the subaccount. `subaccount` defaults to the primary account
    (0),
    unlike GetOrders where omitting it means every subaccount. An unknown ticker or event matches
    nothing
    (an empty list, not an error).

    A position is a snapshot: it shrinks as orders ahead fill, cancel or decrease, and it starts over at
    the back of the queue after an amend that raises the size or changes the price (an expiry-only amend
    or
    a decrease keeps it).

    Args:
        market_tickers (str | Unset):
        event_ticker (str | Unset):
        subaccount (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrderQueuePositionsResponse
    """

    return sync_detailed(
        client=client,
        market_tickers=market_tickers,
        event_ticker=event_ticker,
        subaccount=subaccount,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    market_tickers: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    subaccount: int | Unset = 0,
) -> Response[ErrorResponse | GetOrderQueuePositionsResponse]:
    """Queue positions of the member's resting orders, optionally in some markets or one event.

     For every resting order of the subaccount that matches the filters: the contracts ahead of it at its
    price level on its book side (price-time priority), i.e. how many contracts must trade at that price
    before the order starts to fill. Orders at better prices are not counted; every member's orders at
    the
    same price that were queued earlier are (the member's own included).

    Without filters, all resting orders of the subaccount. `subaccount` defaults to the primary account
    (0),
    unlike GetOrders where omitting it means every subaccount. An unknown ticker or event matches
    nothing
    (an empty list, not an error).

    A position is a snapshot: it shrinks as orders ahead fill, cancel or decrease, and it starts over at
    the back of the queue after an amend that raises the size or changes the price (an expiry-only amend
    or
    a decrease keeps it).

    Args:
        market_tickers (str | Unset):
        event_ticker (str | Unset):
        subaccount (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrderQueuePositionsResponse]
    """

    kwargs = _get_kwargs(
        market_tickers=market_tickers,
        event_ticker=event_ticker,
        subaccount=subaccount,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    market_tickers: str | Unset = UNSET,
    event_ticker: str | Unset = UNSET,
    subaccount: int | Unset = 0,
) -> ErrorResponse | GetOrderQueuePositionsResponse | None:
    """Queue positions of the member's resting orders, optionally in some markets or one event.

     For every resting order of the subaccount that matches the filters: the contracts ahead of it at its
    price level on its book side (price-time priority), i.e. how many contracts must trade at that price
    before the order starts to fill. Orders at better prices are not counted; every member's orders at
    the
    same price that were queued earlier are (the member's own included).

    Without filters, all resting orders of the subaccount. `subaccount` defaults to the primary account
    (0),
    unlike GetOrders where omitting it means every subaccount. An unknown ticker or event matches
    nothing
    (an empty list, not an error).

    A position is a snapshot: it shrinks as orders ahead fill, cancel or decrease, and it starts over at
    the back of the queue after an amend that raises the size or changes the price (an expiry-only amend
    or
    a decrease keeps it).

    Args:
        market_tickers (str | Unset):
        event_ticker (str | Unset):
        subaccount (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrderQueuePositionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            market_tickers=market_tickers,
            event_ticker=event_ticker,
            subaccount=subaccount,
        )
    ).parsed
