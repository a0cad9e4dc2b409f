from typing import Any
from urllib.parse import quote

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.decrease_order_v2_request import DecreaseOrderV2Request
from ...models.decrease_order_v2_response import DecreaseOrderV2Response
from ...models.error_response import ErrorResponse
from ...types import UNSET, FastJSONResponse, Received, Response, Unset, status_of


def _get_kwargs(
    order_id: str,
    *,
    body: DecreaseOrderV2Request,
    subaccount: int | Unset = 0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["subaccount"] = subaccount

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/portfolio/events/orders/{order_id}/decrease".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }
    # kalshi-orders template: httpx parses the whole URL again for any params argument, an empty one too.
    if params:
        _kwargs["params"] = params

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> DecreaseOrderV2Response | ErrorResponse | None:
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
) -> DecreaseOrderV2Response | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DecreaseOrderV2Response.from_dict(response.json())

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
) -> Response[DecreaseOrderV2Response | ErrorResponse]:
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
    body: DecreaseOrderV2Request,
    subaccount: int | Unset = 0,
) -> Response[DecreaseOrderV2Response | ErrorResponse]:
    """Reduce the remaining size of a resting order (exactly one of reduce_by / reduce_to).

     The answer's `remaining_count` is what is left after the decrease. Decreasing an order that is no
    longer resting is rejected with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        body (DecreaseOrderV2Request): Exactly one of `reduce_by` (contracts to remove) and
            `reduce_to` (contracts to leave); both or neither → 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecreaseOrderV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        subaccount=subaccount,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecreaseOrderV2Request,
    subaccount: int | Unset = 0,
) -> DecreaseOrderV2Response | ErrorResponse | None:
    """Reduce the remaining size of a resting order (exactly one of reduce_by / reduce_to).

     The answer's `remaining_count` is what is left after the decrease. Decreasing an order that is no
    longer resting is rejected with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        body (DecreaseOrderV2Request): Exactly one of `reduce_by` (contracts to remove) and
            `reduce_to` (contracts to leave); both or neither → 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecreaseOrderV2Response | ErrorResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
        subaccount=subaccount,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecreaseOrderV2Request,
    subaccount: int | Unset = 0,
) -> Response[DecreaseOrderV2Response | ErrorResponse]:
    """Reduce the remaining size of a resting order (exactly one of reduce_by / reduce_to).

     The answer's `remaining_count` is what is left after the decrease. Decreasing an order that is no
    longer resting is rejected with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        body (DecreaseOrderV2Request): Exactly one of `reduce_by` (contracts to remove) and
            `reduce_to` (contracts to leave); both or neither → 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecreaseOrderV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        subaccount=subaccount,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: DecreaseOrderV2Request,
    subaccount: int | Unset = 0,
) -> DecreaseOrderV2Response | ErrorResponse | None:
    """Reduce the remaining size of a resting order (exactly one of reduce_by / reduce_to).

     The answer's `remaining_count` is what is left after the decrease. Decreasing an order that is no
    longer resting is rejected with 409 `order_not_resting`.

    Args:
        order_id (str):
        subaccount (int | Unset):  Default: 0.
        body (DecreaseOrderV2Request): Exactly one of `reduce_by` (contracts to remove) and
            `reduce_to` (contracts to leave); both or neither → 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecreaseOrderV2Response | ErrorResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            subaccount=subaccount,
        )
    ).parsed
