from typing import Any
from urllib.parse import quote

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_order_v2_response import CancelOrderV2Response
from ...models.error_response import ErrorResponse
from ...types import UNSET, FastJSONResponse, Received, Response, Unset, status_of


def _get_kwargs(
    order_id: str,
    *,
    subaccount: int | Unset = 0,
    exchange_index: int | Unset = UNSET,
    market_ticker: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["subaccount"] = subaccount

    params["exchange_index"] = exchange_index

    params["market_ticker"] = market_ticker

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/portfolio/events/orders/{order_id}".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }
    # kalshi-orders template: httpx parses the whole URL again for any params argument, an empty one too.
    if params:
        _kwargs["params"] = params

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> CancelOrderV2Response | ErrorResponse | None:
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
) -> CancelOrderV2Response | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CancelOrderV2Response.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[CancelOrderV2Response | ErrorResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    subaccount: int | Unset = 0,
    exchange_index: int | Unset = UNSET,
    market_ticker: str | Unset = UNSET,
) -> Response[CancelOrderV2Response | ErrorResponse]:
    """Cancel a resting order (soft cancel).

     The order is not deleted: its remaining count drops to zero and GetOrder keeps returning it with
    `status: canceled`. Canceling an order that is no longer resting (canceled or executed) is rejected
    with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        exchange_index (int | Unset):
        market_ticker (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelOrderV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        subaccount=subaccount,
        exchange_index=exchange_index,
        market_ticker=market_ticker,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    subaccount: int | Unset = 0,
    exchange_index: int | Unset = UNSET,
    market_ticker: str | Unset = UNSET,
) -> CancelOrderV2Response | ErrorResponse | None:
    """Cancel a resting order (soft cancel).

     The order is not deleted: its remaining count drops to zero and GetOrder keeps returning it with
    `status: canceled`. Canceling an order that is no longer resting (canceled or executed) is rejected
    with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        exchange_index (int | Unset):
        market_ticker (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelOrderV2Response | ErrorResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        subaccount=subaccount,
        exchange_index=exchange_index,
        market_ticker=market_ticker,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    subaccount: int | Unset = 0,
    exchange_index: int | Unset = UNSET,
    market_ticker: str | Unset = UNSET,
) -> Response[CancelOrderV2Response | ErrorResponse]:
    """Cancel a resting order (soft cancel).

     The order is not deleted: its remaining count drops to zero and GetOrder keeps returning it with
    `status: canceled`. Canceling an order that is no longer resting (canceled or executed) is rejected
    with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        exchange_index (int | Unset):
        market_ticker (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelOrderV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        subaccount=subaccount,
        exchange_index=exchange_index,
        market_ticker=market_ticker,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    subaccount: int | Unset = 0,
    exchange_index: int | Unset = UNSET,
    market_ticker: str | Unset = UNSET,
) -> CancelOrderV2Response | ErrorResponse | None:
    """Cancel a resting order (soft cancel).

     The order is not deleted: its remaining count drops to zero and GetOrder keeps returning it with
    `status: canceled`. Canceling an order that is no longer resting (canceled or executed) is rejected
    with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        exchange_index (int | Unset):
        market_ticker (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelOrderV2Response | ErrorResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            subaccount=subaccount,
            exchange_index=exchange_index,
            market_ticker=market_ticker,
        )
    ).parsed
