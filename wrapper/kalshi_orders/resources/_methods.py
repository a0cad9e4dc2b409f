"""How a resource's public methods are made from its plans, keeping each plan's exact signature.

A resource's plans class (e.g. ``OrdersPlans``) is the one implementation of every call: a method that
checks its arguments and returns a plan (see ``_plan``). Each public flavour is declared on its class with one
line, ``create = sync_parsed(OrdersPlans.create)``, which makes a real method there:

* typed: ``ParamSpec`` carries the plan's parameters (overloads included) to mypy and IDEs unchanged, and
  the return type becomes the flavour's (``CreateResult``, ``RawResponse[CreateResult]``, awaitable). The
  adapters take the plan method alone: mypy keeps overloads only through a ``ParamSpec`` function of one
  argument;
* introspectable: ``help()``, ``inspect.signature`` and ``__name__``/``__qualname__``/``__doc__`` show the
  plan's parameters and docstring with the flavour's return annotation.

A plan method is annotated ``-> Plan[RawResponse[X]]``; the runtime annotation of each flavour is derived from
that text (``X`` for a plain call, ``RawResponse[X]`` for ``with_raw_response``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from .._plan import AsyncRunner, Plan, SyncRunner
from .._response import RawResponse

__all__ = [
    "AsyncResource",
    "SyncResource",
    "async_parsed",
    "async_raw",
    "compose",
    "lazy",
    "signature_with_fields",
    "sync_parsed",
    "sync_raw",
]

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")  # a plans class
W = TypeVar("W")
RS = TypeVar("RS", bound="_Resource[Any]")

_MADE = "__kalshi_resource_method__"


class _Resource(Generic[S]):
    _plans: S

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A method made here was born inside the adapter: give it its home's qualified name.
        for name, value in vars(cls).items():
            if getattr(value, _MADE, False):
                value.__qualname__ = f"{cls.__qualname__}.{name}"


class SyncResource(_Resource[S]):
    """A resource whose calls block: its plans and the runner that performs them."""

    def __init__(self, plans: S, runner: SyncRunner) -> None:
        self._plans = plans
        self._runner = runner


class AsyncResource(_Resource[S]):
    """A resource whose calls are awaited: its plans and the runner that performs them."""

    def __init__(self, plans: S, runner: AsyncRunner) -> None:
        self._plans = plans
        self._runner = runner


def _inner(annotation: Any, outer: str) -> str:
    text = str(annotation)
    if not (text.startswith(f"{outer}[") and text.endswith("]")):
        raise TypeError(f"a plan method must be annotated -> {outer}[...], not -> {text}")
    return text[len(outer) + 1 : -1]


def _dress(method: Callable[..., Any], build: Callable[..., Any], returns: str | None) -> None:
    """Give ``method`` the name, docstring and signature of ``build`` (with the flavour's return)."""
    functools.update_wrapper(method, build)
    del method.__wrapped__  # type: ignore[attr-defined]  # the signature below is the whole truth
    signature = inspect.signature(build)
    result = returns if returns is not None else _inner(signature.return_annotation, "Plan")
    method.__signature__ = signature.replace(return_annotation=result)  # type: ignore[attr-defined]
    method.__annotations__ = {**method.__annotations__, "return": result}
    setattr(method, _MADE, True)


def sync_raw(
    build: Callable[Concatenate[S, P], Plan[RawResponse[R]]],
) -> Callable[Concatenate[SyncResource[S], P], RawResponse[R]]:
    """The ``with_raw_response`` method: runs the plan, returns its :class:`RawResponse`."""

    def method(self: SyncResource[S], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        return self._runner.run(build(self._plans, *args, **kwargs))

    _dress(method, build, None)
    return method


def sync_parsed(
    build: Callable[Concatenate[S, P], Plan[RawResponse[R]]],
) -> Callable[Concatenate[SyncResource[S], P], R]:
    """The plain method: runs the plan, returns the parsed result."""

    def method(self: SyncResource[S], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._runner.run(build(self._plans, *args, **kwargs)).parsed()

    _dress(method, build, _inner(_return_of(build), "RawResponse"))
    return method


def async_raw(
    build: Callable[Concatenate[S, P], Plan[RawResponse[R]]],
) -> Callable[Concatenate[AsyncResource[S], P], Awaitable[RawResponse[R]]]:
    """The async ``with_raw_response`` method."""

    async def method(self: AsyncResource[S], /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        return await self._runner.run(build(self._plans, *args, **kwargs))

    _dress(method, build, None)
    return method


def async_parsed(
    build: Callable[Concatenate[S, P], Plan[RawResponse[R]]],
) -> Callable[Concatenate[AsyncResource[S], P], Awaitable[R]]:
    """The plain async method."""

    async def method(self: AsyncResource[S], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return (await self._runner.run(build(self._plans, *args, **kwargs))).parsed()

    _dress(method, build, _inner(_return_of(build), "RawResponse"))
    return method


def _return_of(build: Callable[..., Any]) -> str:
    return _inner(inspect.signature(build).return_annotation, "Plan")


def signature_with_fields(method: Callable[..., Any], fields_from: Callable[..., Any]) -> inspect.Signature:
    """``method``'s signature with its ``**fields`` replaced by the keyword parameters of ``fields_from``
    (for a method that forwards ``**fields`` to an order builder): what ``help()`` should show."""
    own = inspect.signature(method)
    extra = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in inspect.signature(fields_from).parameters.values()
        if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    kept = [p for p in own.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    names = {p.name for p in kept}
    return own.replace(parameters=[*kept, *(p for p in extra if p.name not in names)])


def compose(
    first: Callable[Concatenate[S, P], W], then: Callable[[S, W], Plan[R]], *, returns: str
) -> Callable[Concatenate[S, P], Plan[R]]:
    """A plan method made of two: ``first`` checks the arguments, ``then`` plans with its result (e.g. a
    list's filters, then its first page). ``returns`` is the runtime return annotation (``Plan[...]``)."""

    def build(plans: S, /, *args: P.args, **kwargs: P.kwargs) -> Plan[R]:
        return then(plans, first(plans, *args, **kwargs))

    functools.update_wrapper(build, first)
    del build.__wrapped__  # type: ignore[attr-defined]
    build.__signature__ = inspect.signature(first).replace(return_annotation=returns)  # type: ignore[attr-defined]
    return build


def lazy(
    first: Callable[Concatenate[Any, P], W], make: Callable[[RS, W], R], *, returns: str
) -> Callable[Concatenate[RS, P], R]:
    """A method that performs nothing yet: ``first`` checks the arguments, ``make`` wraps its result in an
    object that performs the calls later (a pager). Plain, not async, in both flavours."""

    def method(self: RS, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return make(self, first(self._plans, *args, **kwargs))

    _dress(method, first, returns)
    return method
