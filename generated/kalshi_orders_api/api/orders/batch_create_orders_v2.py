from typing import Any

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_create_orders_v2_request import BatchCreateOrdersV2Request
from ...models.batch_create_orders_v2_response import BatchCreateOrdersV2Response
from ...models.error_response import ErrorResponse
from ...types import FastJSONResponse, Received, Response, status_of


def _get_kwargs(
    *,
    body: BatchCreateOrdersV2Request,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/portfolio/events/orders/batched",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> BatchCreateOrdersV2Response | ErrorResponse | None:
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
) -> BatchCreateOrdersV2Response | ErrorResponse | None:
    if response.status_code == 201:
        response_201 = BatchCreateOrdersV2Response.from_dict(response.json())

        return response_201

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
) -> Response[BatchCreateOrdersV2Response | ErrorResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BatchCreateOrdersV2Request,
) -> Response[BatchCreateOrdersV2Response | ErrorResponse]:
    """Place several orders in one request; each item succeeds or fails on its own.

     The maximum batch size scales with the tier's write budget (bucket capacity / 10 per item: 20 on
    Basic).
    Per-item errors come back inside the 201: check every item's `error`.

    Args:
        body (BatchCreateOrdersV2Request):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchCreateOrdersV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BatchCreateOrdersV2Request,
) -> BatchCreateOrdersV2Response | ErrorResponse | None:
    """Place several orders in one request; each item succeeds or fails on its own.

     The maximum batch size scales with the tier's write budget (bucket capacity / 10 per item: 20 on
    Basic).
    Per-item errors come back inside the 201: check every item's `error`.

    Args:
        body (BatchCreateOrdersV2Request):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchCreateOrdersV2Response | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BatchCreateOrdersV2Request,
) -> Response[BatchCreateOrdersV2Response | ErrorResponse]:
    """Place several orders in one request; each item succeeds or fails on its own.

     The maximum batch size scales with the tier's write budget (bucket capacity / 10 per item: 20 on
    Basic).
    Per-item errors come back inside the 201: check every item's `error`.

    Args:
        body (BatchCreateOrdersV2Request):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchCreateOrdersV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BatchCreateOrdersV2Request,
) -> BatchCreateOrdersV2Response | ErrorResponse | None:
    """Place several orders in one request; each item succeeds or fails on its own.

     The maximum batch size scales with the tier's write budget (bucket capacity / 10 per item: 20 on
    Basic).
    Per-item errors come back inside the 201: check every item's `error`.

    Args:
        body (BatchCreateOrdersV2Request):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchCreateOrdersV2Response | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
