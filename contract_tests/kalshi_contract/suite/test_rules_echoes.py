"""Write echoes: what a write answers is what it did. An amend answers the order's new count (fill_count +
remaining_count = the new total) and any price it echoes is the new one; a decrease answers the remaining
count it left; a batch answers one item per requested order, in request order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kalshi_contract.client import ContractClient, json_of
from kalshi_contract.expect import decimal, expect, expect_status, violation
from kalshi_contract.lifecycle import place
from kalshi_contract.safe_data import SafeOrders, new_client_order_id

pytestmark = [pytest.mark.rule("echoes"), pytest.mark.writes]


@pytest.mark.operation("AmendOrderV2")
def test_amend_answers_the_new_count_and_price(client: ContractClient, safe: SafeOrders) -> None:
    order_id = place(client, safe, price="0.02", count="2")
    response = client.amend_order(order_id, safe.amend_body(side="bid", price="0.03", count="3"))
    expect_status(response, 200, rule=f"amend of the resting order {order_id}")
    body = json_of(response)
    client.cancel_order(str(body.get("order_id") or order_id))
    fill = decimal(body.get("fill_count", "0.00"), "$.fill_count", response)
    remaining = decimal(body.get("remaining_count"), "$.remaining_count", response)
    expect(
        fill + remaining == 3,
        "an amend to count 3 must answer fill_count + remaining_count = 3 (count is the new total)",
        response,
        path="$.remaining_count",
        value=body.get("remaining_count"),
        expected=f"{3 - fill:.2f} (3 - fill_count {fill})",
    )
    for key in ("price", "yes_price_dollars"):
        if key in body:
            expect(
                Decimal(str(body[key])) == Decimal("0.03"),
                "an amend to price 0.03 must echo the new price",
                response,
                path=f"$.{key}",
                value=body[key],
                expected="0.03",
            )


@pytest.mark.operation("DecreaseOrderV2")
@pytest.mark.parametrize(
    ("body", "left"), [({"reduce_by": "1"}, "2"), ({"reduce_to": "1"}, "1")], ids=["by", "to"]
)
def test_decrease_answers_the_remaining_count(
    body: dict[str, str], left: str, client: ContractClient, safe: SafeOrders
) -> None:
    order_id = place(client, safe, price="0.02", count="3")
    response = client.decrease_order(order_id, body)
    client.cancel_order(order_id)
    expect_status(response, 200, rule=f"decrease {body} of a resting order of 3")
    answered = json_of(response).get("remaining_count")
    expect(
        isinstance(answered, str) and Decimal(answered) == Decimal(left),
        f"a decrease {body} of a resting order of 3 must answer remaining_count {left}",
        response,
        path="$.remaining_count",
        value=answered,
        expected=f"{Decimal(left):.2f}",
    )


@pytest.mark.operation("BatchCreateOrdersV2")
def test_batch_create_answers_each_item_in_request_order(client: ContractClient, safe: SafeOrders) -> None:
    sent = [
        {**safe.create_body(side="bid", price=price, count="1"), "client_order_id": new_client_order_id()}
        for price in ("0.01", "0.02", "0.03")
    ]
    response = client.batch_create(sent)
    items = json_of(response).get("orders") or []
    ids = [str(item.get("order_id")) for item in items if isinstance(item, dict) and item.get("order_id")]
    if ids:
        client.batch_cancel(ids)
        for order_id in ids:
            client.registry.forget(order_id)
    expect_status(response, 201, rule="a batch of 3 safe orders")
    expect(
        len(items) == len(sent),
        "a batch create must answer one item per requested order",
        response,
        path="$.orders",
        value=f"{len(items)} items",
        expected=f"{len(sent)} items",
    )
    for index, (item, request) in enumerate(zip(items, sent, strict=True)):
        answered = item.get("client_order_id") if isinstance(item, dict) else None
        if answered != request["client_order_id"]:
            raise violation(
                "a batch create must answer its items in request order (item i is order i of the request)",
                response,
                path=f"$.orders[{index}].client_order_id",
                value=answered,
                expected=f"{request['client_order_id']} (request order {index}, at {request['price']})",
            )


@pytest.mark.operation("BatchCancelOrdersV2")
def test_batch_cancel_answers_each_item_in_request_order(client: ContractClient, safe: SafeOrders) -> None:
    ids = [place(client, safe, price=price, count="1") for price in ("0.01", "0.02")]
    response = client.batch_cancel(ids)
    expect_status(response, 200, rule="a batch cancel of 2 resting orders")
    items = json_of(response).get("orders") or []
    for order_id in ids:
        client.registry.forget(order_id)
    answered = [item.get("order_id") if isinstance(item, dict) else None for item in items]
    expect(
        answered == ids,
        "a batch cancel must answer one item per requested order, in request order",
        response,
        path="$.orders[*].order_id",
        value=answered,
        expected=ids,
    )
