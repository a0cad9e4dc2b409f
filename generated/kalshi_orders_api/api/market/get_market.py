from typing import Any
from urllib.parse import quote

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_market_response import GetMarketResponse
from ...types import FastJSONResponse, Received, Response, status_of


def _get_kwargs(
    ticker: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/markets/{ticker}".format(
            ticker=quote(str(ticker), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> ErrorResponse | GetMarketResponse | None:
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
) -> ErrorResponse | GetMarketResponse | None:
    if response.status_code == 200:
        response_200 = GetMarketResponse.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
) -> Response[ErrorResponse | GetMarketResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ticker: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetMarketResponse]:
    """One market, with the price grid and status that order entry checks against.

     A public read: no credentials are needed (a signed request is accepted too, and is then charged to
    the
    account's read bucket).

    Order entry reads `status` (only `active` markets trade), `price_level_structure` and `price_ranges`
    (the tick grid a `price` must lie on: `start` ≤ price ≤ `end`, `price` − `start` a multiple of
    `step`; where two ranges meet, the boundary price belongs to both) and the fixed-point quote fields.
    Counts are fixed-point with a granularity of 0.01 contracts in every market since 17 Apr 2026
    (`fractional_trading_enabled` is deprecated).

    The market object carries many more keys (strikes, multivariate legs, settlement details); they are
    kept as unknown fields, and the ones listed below are the ones this project relies on.

    Args:
        ticker (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMarketResponse]
    """

    kwargs = _get_kwargs(
        ticker=ticker,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ticker: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetMarketResponse | None:
    """One market, with the price grid and status that order entry checks against.

     A public read: no credentials are needed (a signed request is accepted too, and is then charged to
    the
    account's read bucket).

    Order entry reads `status` (only `active` markets trade), `price_level_structure` and `price_ranges`
    (the tick grid a `price` must lie on: `start` ≤ price ≤ `end`, `price` − `start` a multiple of
    `step`; where two ranges meet, the boundary price belongs to both) and the fixed-point quote fields.
    Counts are fixed-point with a granularity of 0.01 contracts in every market since 17 Apr 2026
    (`fractional_trading_enabled` is deprecated).

    The market object carries many more keys (strikes, multivariate legs, settlement details); they are
    kept as unknown fields, and the ones listed below are the ones this project relies on.

    Args:
        ticker (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMarketResponse
    """

    return sync_detailed(
        ticker=ticker,
        client=client,
    ).parsed


async def asyncio_detailed(
    ticker: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetMarketResponse]:
    """One market, with the price grid and status that order entry checks against.

     A public read: no credentials are needed (a signed request is accepted too, and is then charged to
    the
    account's read bucket).

    Order entry reads `status` (only `active` markets trade), `price_level_structure` and `price_ranges`
    (the tick grid a `price` must lie on: `start` ≤ price ≤ `end`, `price` − `start` a multiple of
    `step`; where two ranges meet, the boundary price belongs to both) and the fixed-point quote fields.
    Counts are fixed-point with a granularity of 0.01 contracts in every market since 17 Apr 2026
    (`fractional_trading_enabled` is deprecated).

    The market object carries many more keys (strikes, multivariate legs, settlement details); they are
    kept as unknown fields, and the ones listed below are the ones this project relies on.

    Args:
        ticker (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMarketResponse]
    """

    kwargs = _get_kwargs(
        ticker=ticker,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ticker: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetMarketResponse | None:
    """One market, with the price grid and status that order entry checks against.

     A public read: no credentials are needed (a signed request is accepted too, and is then charged to
    the
    account's read bucket).

    Order entry reads `status` (only `active` markets trade), `price_level_structure` and `price_ranges`
    (the tick grid a `price` must lie on: `start` ≤ price ≤ `end`, `price` − `start` a multiple of
    `step`; where two ranges meet, the boundary price belongs to both) and the fixed-point quote fields.
    Counts are fixed-point with a granularity of 0.01 contracts in every market since 17 Apr 2026
    (`fractional_trading_enabled` is deprecated).

    The market object carries many more keys (strikes, multivariate legs, settlement details); they are
    kept as unknown fields, and the ones listed below are the ones this project relies on.

    Args:
        ticker (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMarketResponse
    """

    return (
        await asyncio_detailed(
            ticker=ticker,
            client=client,
        )
    ).parsed
