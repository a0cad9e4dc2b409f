from typing import Any
from urllib.parse import quote

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_order_queue_position_response import GetOrderQueuePositionResponse
from ...types import FastJSONResponse, Received, Response, status_of


def _get_kwargs(
    order_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/portfolio/orders/{order_id}/queue_position".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> ErrorResponse | GetOrderQueuePositionResponse | None:
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
) -> ErrorResponse | GetOrderQueuePositionResponse | None:
    if response.status_code == 200:
        response_200 = GetOrderQueuePositionResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | GetOrderQueuePositionResponse]:
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
) -> Response[ErrorResponse | GetOrderQueuePositionResponse]:
    """The queue position of one resting order.

     The contracts ahead of the order at its price level on its book side (price-time priority); `"0.00"`
    means the order is first in line at its price. The order may belong to any subaccount of the member.
    Only resting orders have a queue position: for a canceled or executed order the answer is 404, as
    for
    an unknown id.

    Upstream replaced the Order field `queue_position` (integer, "always 0" since 2025, then removed)
    with
    this endpoint.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrderQueuePositionResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetOrderQueuePositionResponse | None:
    """The queue position of one resting order.

     The contracts ahead of the order at its price level on its book side (price-time priority); `"0.00"`
    means the order is first in line at its price. The order may belong to any subaccount of the member.
    Only resting orders have a queue position: for a canceled or executed order the answer is 404, as
    for
    an unknown id.

    Upstream replaced the Order field `queue_position` (integer, "always 0" since 2025, then removed)
    with
    this endpoint.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrderQueuePositionResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetOrderQueuePositionResponse]:
    """The queue position of one resting order.

     The contracts ahead of the order at its price level on its book side (price-time priority); `"0.00"`
    means the order is first in line at its price. The order may belong to any subaccount of the member.
    Only resting orders have a queue position: for a canceled or executed order the answer is 404, as
    for
    an unknown id.

    Upstream replaced the Order field `queue_position` (integer, "always 0" since 2025, then removed)
    with
    this endpoint.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetOrderQueuePositionResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetOrderQueuePositionResponse | None:
    """The queue position of one resting order.

     The contracts ahead of the order at its price level on its book side (price-time priority); `"0.00"`
    means the order is first in line at its price. The order may belong to any subaccount of the member.
    Only resting orders have a queue position: for a canceled or executed order the answer is 404, as
    for
    an unknown id.

    Upstream replaced the Order field `queue_position` (integer, "always 0" since 2025, then removed)
    with
    this endpoint.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetOrderQueuePositionResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
        )
    ).parsed
