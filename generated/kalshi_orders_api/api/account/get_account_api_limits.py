from typing import Any

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_account_api_limits_response import GetAccountApiLimitsResponse
from ...types import FastJSONResponse, Received, Response, status_of


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/limits",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> ErrorResponse | GetAccountApiLimitsResponse | None:
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
) -> ErrorResponse | GetAccountApiLimitsResponse | None:
    if response.status_code == 200:
        response_200 = GetAccountApiLimitsResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | GetAccountApiLimitsResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetAccountApiLimitsResponse]:
    """The account's usage tier and the refill rate and capacity of its read and write token buckets.

     Every authenticated request takes its cost in tokens from the read or the write bucket (see
    GetAccountEndpointCosts); a request the bucket cannot cover is answered 429. The buckets belong to
    the
    account, so every process and key of the member draws from the same two budgets. A client-side
    limiter should be driven by these numbers rather than a tier table: tiers change with trading volume
    (`grants`) and Kalshi adjusts their budgets.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetAccountApiLimitsResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetAccountApiLimitsResponse | None:
    """The account's usage tier and the refill rate and capacity of its read and write token buckets.

     Every authenticated request takes its cost in tokens from the read or the write bucket (see
    GetAccountEndpointCosts); a request the bucket cannot cover is answered 429. The buckets belong to
    the
    account, so every process and key of the member draws from the same two budgets. A client-side
    limiter should be driven by these numbers rather than a tier table: tiers change with trading volume
    (`grants`) and Kalshi adjusts their budgets.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetAccountApiLimitsResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetAccountApiLimitsResponse]:
    """The account's usage tier and the refill rate and capacity of its read and write token buckets.

     Every authenticated request takes its cost in tokens from the read or the write bucket (see
    GetAccountEndpointCosts); a request the bucket cannot cover is answered 429. The buckets belong to
    the
    account, so every process and key of the member draws from the same two budgets. A client-side
    limiter should be driven by these numbers rather than a tier table: tiers change with trading volume
    (`grants`) and Kalshi adjusts their budgets.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetAccountApiLimitsResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetAccountApiLimitsResponse | None:
    """The account's usage tier and the refill rate and capacity of its read and write token buckets.

     Every authenticated request takes its cost in tokens from the read or the write bucket (see
    GetAccountEndpointCosts); a request the bucket cannot cover is answered 429. The buckets belong to
    the
    account, so every process and key of the member draws from the same two budgets. A client-side
    limiter should be driven by these numbers rather than a tier table: tiers change with trading volume
    (`grants`) and Kalshi adjusts their budgets.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetAccountApiLimitsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
