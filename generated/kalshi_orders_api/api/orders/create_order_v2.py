from typing import Any

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_order_v2_request import CreateOrderV2Request
from ...models.create_order_v2_response import CreateOrderV2Response
from ...models.error_response import ErrorResponse
from ...types import FastJSONResponse, Received, Response, status_of


def _get_kwargs(
    *,
    body: CreateOrderV2Request,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/portfolio/events/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: Received
) -> CreateOrderV2Response | ErrorResponse | None:
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
) -> CreateOrderV2Response | ErrorResponse | None:
    if response.status_code == 201:
        response_201 = CreateOrderV2Response.from_dict(response.json())

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
) -> Response[CreateOrderV2Response | ErrorResponse]:
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateOrderV2Request,
) -> Response[CreateOrderV2Response | ErrorResponse]:
    """Place a limit order on the YES book.

     `side` is the YES book side (`bid` buys YES, `ask` sells YES) and `price` is always the YES price.
    Buying NO at q is an `ask` at 1 − q; selling NO at q is a `bid` at 1 − q.

    The seed rule "exactly one of yes_price and no_price; both → 400" lives on as: exactly one price per
    order, the YES `price`. A body that also carries a legacy price field (`yes_price`, `no_price`,
    `yes_price_dollars`, `no_price_dollars`) is rejected with 400.

    `client_order_id` is the member's idempotency and reconciliation handle: it is unique per member,
    and a
    second order with the same id is rejected with 409.

    Args:
        body (CreateOrderV2Request): A limit order on the YES book. Rules the schema also states
            (in `not`, which the generator ignores and
            validators and schemathesis honour): no legacy price field beside `price`;
            `expiration_time` only with
            `good_till_canceled`; `reduce_only: true` only with `immediate_or_cancel`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateOrderV2Response | ErrorResponse]
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
    body: CreateOrderV2Request,
) -> CreateOrderV2Response | ErrorResponse | None:
    """Place a limit order on the YES book.

     `side` is the YES book side (`bid` buys YES, `ask` sells YES) and `price` is always the YES price.
    Buying NO at q is an `ask` at 1 − q; selling NO at q is a `bid` at 1 − q.

    The seed rule "exactly one of yes_price and no_price; both → 400" lives on as: exactly one price per
    order, the YES `price`. A body that also carries a legacy price field (`yes_price`, `no_price`,
    `yes_price_dollars`, `no_price_dollars`) is rejected with 400.

    `client_order_id` is the member's idempotency and reconciliation handle: it is unique per member,
    and a
    second order with the same id is rejected with 409.

    Args:
        body (CreateOrderV2Request): A limit order on the YES book. Rules the schema also states
            (in `not`, which the generator ignores and
            validators and schemathesis honour): no legacy price field beside `price`;
            `expiration_time` only with
            `good_till_canceled`; `reduce_only: true` only with `immediate_or_cancel`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateOrderV2Response | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateOrderV2Request,
) -> Response[CreateOrderV2Response | ErrorResponse]:
    """Place a limit order on the YES book.

     `side` is the YES book side (`bid` buys YES, `ask` sells YES) and `price` is always the YES price.
    Buying NO at q is an `ask` at 1 − q; selling NO at q is a `bid` at 1 − q.

    The seed rule "exactly one of yes_price and no_price; both → 400" lives on as: exactly one price per
    order, the YES `price`. A body that also carries a legacy price field (`yes_price`, `no_price`,
    `yes_price_dollars`, `no_price_dollars`) is rejected with 400.

    `client_order_id` is the member's idempotency and reconciliation handle: it is unique per member,
    and a
    second order with the same id is rejected with 409.

    Args:
        body (CreateOrderV2Request): A limit order on the YES book. Rules the schema also states
            (in `not`, which the generator ignores and
            validators and schemathesis honour): no legacy price field beside `price`;
            `expiration_time` only with
            `good_till_canceled`; `reduce_only: true` only with `immediate_or_cancel`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateOrderV2Response | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateOrderV2Request,
) -> CreateOrderV2Response | ErrorResponse | None:
    """Place a limit order on the YES book.

     `side` is the YES book side (`bid` buys YES, `ask` sells YES) and `price` is always the YES price.
    Buying NO at q is an `ask` at 1 − q; selling NO at q is a `bid` at 1 − q.

    The seed rule "exactly one of yes_price and no_price; both → 400" lives on as: exactly one price per
    order, the YES `price`. A body that also carries a legacy price field (`yes_price`, `no_price`,
    `yes_price_dollars`, `no_price_dollars`) is rejected with 400.

    `client_order_id` is the member's idempotency and reconciliation handle: it is unique per member,
    and a
    second order with the same id is rejected with 409.

    Args:
        body (CreateOrderV2Request): A limit order on the YES book. Rules the schema also states
            (in `not`, which the generator ignores and
            validators and schemathesis honour): no legacy price field beside `price`;
            `expiration_time` only with
            `good_till_canceled`; `reduce_only: true` only with `immediate_or_cancel`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateOrderV2Response | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
