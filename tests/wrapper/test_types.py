"""The typed vocabulary (kalshi_orders._types) and the field mappings against what they describe."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, Literal, get_args, get_origin

import pytest

import kalshi_orders
from kalshi_orders import (
    AmendOrderFields,
    BookSide,
    CreateOrderFields,
    DecreaseOrderFields,
    OrderStatus,
    OutcomeSide,
    PriceLevelStructure,
    SelfTradePreventionType,
    TimeInForce,
    build_amend_order,
    build_create_order,
    build_decrease_order,
)


def _literals(alias: Any) -> tuple[set[str], set[type]]:
    """The Literal strings and the classes an alias of the form ``Enum | Literal[...]`` accepts."""
    strings: set[str] = set()
    classes: set[type] = set()
    for arg in get_args(alias):
        if get_origin(arg) is Literal:
            strings.update(get_args(arg))
        else:
            classes.add(arg)
    return strings, classes


@pytest.mark.parametrize(
    ("alias", "enum"),
    [
        ("SideInput", OutcomeSide),
        ("BookSideInput", BookSide),
        ("TimeInForceInput", TimeInForce),
        ("SelfTradePreventionInput", SelfTradePreventionType),
        ("OrderStatusInput", OrderStatus),
        ("TickInput", PriceLevelStructure),
    ],
)
def test_each_literal_lists_exactly_the_enum_values(alias: str, enum: type[Enum]) -> None:
    strings, classes = _literals(getattr(kalshi_orders, alias))
    assert classes == {enum}
    assert strings == {member.value for member in enum}


def test_action_is_buy_or_sell() -> None:
    assert set(get_args(kalshi_orders.ActionInput)) == {"buy", "sell"}


@pytest.mark.parametrize(
    ("fields", "builder"),
    [
        (CreateOrderFields, build_create_order),
        (AmendOrderFields, build_amend_order),
        (DecreaseOrderFields, build_decrease_order),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_field_mappings_mirror_their_builder(fields: type, builder: Callable[..., Any]) -> None:
    """Same names, same types, and required exactly where the builder has no default."""
    hints = typing.get_type_hints(fields, include_extras=True)
    params = inspect.signature(builder).parameters
    builder_hints = typing.get_type_hints(builder)
    assert list(hints) == list(params)
    for name, hint in hints.items():
        required = get_origin(hint) is typing.Required
        plain = get_args(hint)[0] if required else hint
        assert plain == builder_hints[name], name
        assert required is (params[name].default is inspect.Parameter.empty), name
