"""Contains some shared types for properties"""

from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from http import HTTPStatus
from operator import itemgetter
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar, overload

import orjson
from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class FastJSONResponse:
    """What the parse functions read of an httpx response, with the body decoded by orjson.

    orjson parses a 1,000-order page several times faster than the standard library (see bench/), and it
    decodes exactly the same JSON values, so the models see the same data.
    """

    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return orjson.loads(self.content)


def status_of(code: int) -> HTTPStatus:
    """The HTTPStatus for a response code; a code HTTPStatus lacks (a CDN's 520-527) stays a plain int.

    (The stock template calls HTTPStatus(code), which raises ValueError for those and loses the response.)
    """
    try:
        return HTTPStatus(code)
    except ValueError:
        return code  # type: ignore[return-value]


# What the models meet outside the spec, reported from their slow paths only: an enum value the member map
# lacks, a payload holding more keys than the known fields. Nothing is recorded without a listener; the
# kalshi_orders wrapper installs one (its client.drift() counts, logger kalshi_orders.drift logs).
DriftListener = Callable[[str, str, str, Any], None]
_drift_listeners: list[DriftListener] = []


def add_drift_listener(listener: DriftListener) -> None:
    """Call ``listener(model, field, kind, value)`` for every unknown enum value (kind "enum") and unknown
    field (kind "field": ``field`` is the key, ``value`` its value) a model parses."""
    if listener not in _drift_listeners:
        _drift_listeners.append(listener)


def remove_drift_listener(listener: DriftListener) -> None:
    if listener in _drift_listeners:
        _drift_listeners.remove(listener)


def _report(model: str, field: str, kind: str, value: Any) -> None:
    for listener in tuple(_drift_listeners):
        try:
            listener(model, field, kind, value)
        except Exception:  # noqa: BLE001 - a listener must never make a parse fail
            pass


def unknown_enum(enum: Any, raw: Any, model: str, field: str) -> Any:
    """``enum(raw)`` for a value the member map lacks: the open enum's unknown member, reported."""
    member = enum(raw)
    if _drift_listeners and getattr(member, "is_unknown", False):
        _report(model, field, "enum", raw)
    return member


def unknown_fields(model: str, extra: Mapping[str, Any]) -> None:
    """Report the keys of a payload that its model does not list (kept in additional_properties)."""
    if _drift_listeners:
        for key, value in extra.items():
            _report(model, key, "field", value)


M = TypeVar("M")


def plain_check(
    allowed: Mapping[str, frozenset[type]],
    required: frozenset[str],
    enums: Mapping[str, frozenset[Any]],
) -> Callable[[object], bool]:
    """A check that says, without building anything, whether a JSON object parses on its model's fast path
    with nothing to report: only known, current keys (no unknown and no removed ones), every required key,
    each value of a JSON type its field allows (``allowed``), each enum value a known member (``enums``). A
    model's ``from_dict`` makes these same checks.

    A page's objects share a few "shapes" (their keys in order and the types of their values), so a shape is
    judged once and remembered (up to 256 of them), and so are the enum values met in it. The check is a
    closure rather than an object: a page calls it 1,000 times, and calling an instance costs more.
    """
    shapes: dict[tuple[tuple[str, ...], tuple[type, ...]], Any] = {}

    def judge(shape: tuple[tuple[str, ...], tuple[type, ...]]) -> Any:
        keys, types = shape
        entry: Any = all(
            key in allowed and kind in allowed[key]
            for key, kind in zip(keys, types, strict=True)
        ) and required.issubset(keys)
        if entry:
            enum_keys = [key for key in keys if key in enums]
            if enum_keys:
                # itemgetter of one key returns the value itself, not a 1-tuple: ask for it twice
                doubled = enum_keys * 2 if len(enum_keys) == 1 else enum_keys
                entry = (itemgetter(*doubled), doubled, set())
        if len(shapes) < 256:
            shapes[shape] = entry
        return entry

    def check(payload: object) -> bool:
        if type(payload) is not dict:
            return False
        shape = (tuple(payload), tuple(map(type, payload.values())))
        entry = shapes.get(shape)
        if entry is None:
            entry = judge(shape)
        if entry is True or entry is False:
            return bool(entry)
        get_values, keys, known = entry
        values = get_values(payload)
        if values in known:
            return True
        if all(value in enums[key] for key, value in zip(keys, values, strict=True)):
            if len(known) < 256:
                known.add(values)
            return True
        return False

    return check


class LazyModelList(Sequence[M]):
    """A JSON array of objects whose models are built when first read, checked in full when parsed.

    Parsing a 1,000-order page into models costs more than decoding it; most of that is building objects
    (and the garbage collector scanning them) that a caller walking the page may never read. This keeps the
    decoded objects and checks each one at once with the model's ``plain`` check: every key known and current,
    every required key present, every value of a JSON type its field allows, every enum value a known member.
    An object that fails it, or that has something to report (an unknown field or enum value: see
    ``add_drift_listener``), is parsed by the model's ``from_dict`` right away, so a wrong type or a missing
    field raises ``ModelParseError`` when the page is parsed, exactly as a list would, and drift is reported
    then. The rest are built on first access (``from_dict`` again, which then cannot fail) and kept.
    """

    __slots__ = ("_built", "_from_dict", "_payloads")

    def __init__(
        self,
        payloads: list[Any],
        from_dict: Callable[[Any], M],
        plain: Callable[[Any], bool],
    ) -> None:
        self._payloads = payloads
        self._from_dict = from_dict
        built: list[M | None] | None = None
        if not all(map(plain, payloads)):
            built = [None] * len(payloads)
            for index, payload in enumerate(payloads):
                if not plain(payload):
                    built[index] = from_dict(payload)
        self._built = built

    def __len__(self) -> int:
        return len(self._payloads)

    def _item(self, index: int) -> M:
        built = self._built
        if built is None:
            built = self._built = [None] * len(self._payloads)
        model = built[index]
        if model is None:
            model = built[index] = self._from_dict(self._payloads[index])
        return model

    @overload
    def __getitem__(self, index: int) -> M: ...

    @overload
    def __getitem__(self, index: slice) -> list[M]: ...

    def __getitem__(self, index: int | slice) -> M | list[M]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self._payloads)))]
        return self._item(
            range(len(self._payloads))[index]
        )  # negative indexes; IndexError as a list's

    def __iter__(self) -> Iterator[M]:
        return map(self._item, range(len(self._payloads)))

    def built_or_payloads(self) -> list[M | dict[str, Any]]:
        """Each item as it stands: its model where one was built, else its checked JSON object (whose
        ``from_dict`` then cannot fail and has nothing to report)."""
        built = self._built
        if built is None:
            return list(self._payloads)
        return [
            payload if model is None else model
            for model, payload in zip(built, self._payloads)
        ]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


__all__ = [
    "UNSET",
    "DriftListener",
    "FastJSONResponse",
    "File",
    "FileTypes",
    "LazyModelList",
    "RequestFiles",
    "Response",
    "Unset",
    "add_drift_listener",
    "plain_check",
    "remove_drift_listener",
    "status_of",
    "unknown_enum",
    "unknown_fields",
]
