"""Contains some shared types for properties"""

from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from http import HTTPStatus
from keyword import iskeyword
from operator import itemgetter
from typing import (
    IO,
    Annotated,
    Any,
    BinaryIO,
    Generic,
    Literal,
    NamedTuple,
    Protocol,
    TypeVar,
    Union,
    overload,
)

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


class Received(Protocol):
    """What the endpoint modules read of an answer: an ``httpx.Response``, or any object with its body
    already read and decoded (the wrapper reads bodies itself, within a size limit and a deadline, and need
    not rebuild an ``httpx.Response`` around them)."""

    @property
    def status_code(self) -> int: ...

    @property
    def content(self) -> bytes: ...

    @property
    def headers(self) -> MutableMapping[str, str]: ...


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


class FieldTable(NamedTuple):
    """A model's current fields as its checks see them, the one home both checks below are derived from:
    the JSON types each field allows (``Unset`` among them: the key may be absent), the required keys, and
    the known members of each enum field (with None and UNSET where the field allows them)."""

    allowed: Mapping[str, frozenset[type]]
    required: frozenset[str]
    enums: Mapping[str, frozenset[Any]]


def plain_check(table: FieldTable) -> Callable[[object], bool]:
    """A check that says, without building anything, whether a JSON object parses on its model's fast path
    with nothing to report: only known, current keys (no unknown and no removed ones), every required key,
    each value of a JSON type its field allows (``allowed``), each enum value a known member (``enums``). A
    model's ``from_dict`` makes these same checks.

    A page's objects share a few "shapes" (their keys in order and the types of their values), so a shape is
    judged once and remembered (up to 256 of them), and so are the enum values met in it. The check is a
    closure rather than an object: a page calls it 1,000 times, and calling an instance costs more.
    """
    allowed, required, enums = table
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

    A page decoded by ``TypedBody`` (msgspec: every check above made in C while decoding) holds the decoded
    structs instead (``checked``); ``as_payload`` turns one into the JSON object ``from_dict`` reads.
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

    @classmethod
    def checked(
        cls, payloads: list[Any], from_dict: Callable[[Any], M]
    ) -> "LazyModelList[M]":
        """A list of items checked already (a ``TypedBody`` decode): none is built until read."""
        self = cls.__new__(cls)
        self._payloads = payloads
        self._from_dict = lambda item: from_dict(as_payload(item))
        self._built = None
        return self

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

    def built_or_payloads(self) -> list[M | Any]:
        """Each item as it stands: its model where one was built, else its checked JSON object or decoded
        struct (``as_payload`` of it is a JSON object whose ``from_dict`` cannot fail, with nothing to report;
        either reads its fields by key or attribute: ``item["order_id"]`` or ``item.order_id``)."""
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


def as_payload(item: Any) -> Any:
    """A lazy list's unbuilt item as the JSON object its model's ``from_dict`` reads: a JSON object as it is,
    a ``TypedBody`` struct as one (its absent fields left out)."""
    if type(item) is dict:
        return item
    import msgspec

    return msgspec.to_builtins(item)


# orjson decodes an integer outside [-2**63, 2**64 - 1] as a float (which an int field refuses); msgspec
# decodes it as an int. The typed decode takes int64 only (msgspec bounds no wider): the rest go the plain way.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


class TypedBody:
    """The JSON body of a model holding lazy lists, decoded and checked in C by msgspec in one pass.

    ``decode`` accepts only what the orjson + ``from_dict`` parse accepts with nothing to report, and then
    gives the model's field values in table order (lazy lists as ``LazyModelList.checked`` of msgspec
    structs, absent fields UNSET); for anything else (a wrong type, a missing or unknown key, an unknown
    enum value, a legacy key, malformed JSON) it gives None and the caller parses the body as before, so its
    errors and drift reports are exactly the plain parse's. The msgspec types are derived, at first use, from
    the same ``FieldTable`` the models' ``plain_check`` uses: for a field, a union of the JSON types it
    allows (an enum field: a ``Literal`` of its known members; an int field: bounded as orjson keeps ints);
    every key required that the table requires; unknown keys forbidden. A table with a type this cannot
    state exactly (a float field: msgspec would take 1 for 1.0) gets no typed decode at all.
    """

    __slots__ = ("_decode", "_tables")

    def __init__(
        self,
        tables: Callable[
            [],
            tuple[
                FieldTable, Mapping[str, tuple[FieldTable | None, Callable[[Any], Any]]]
            ],
        ],
    ) -> None:
        """``tables()``: the body model's table and, per lazy-list key, its items' table (None: the items'
        model has no table, so no typed decode) and ``from_dict`` (called once, at the first decode: the item
        models may import the body's module)."""
        self._tables = tables
        self._decode: Callable[[bytes], tuple[Any, ...] | None] | None = None

    def decode(self, content: bytes) -> tuple[Any, ...] | None:
        decode = self._decode
        if decode is None:
            decode = self._decode = _typed_decoder(*self._tables())
        return decode(content)


def _typed_decoder(
    table: FieldTable,
    lazy: Mapping[str, tuple[FieldTable | None, Callable[[Any], Any]]],
) -> Callable[[bytes], tuple[Any, ...] | None]:
    import msgspec
    import msgspec.structs

    body = _struct_of(
        "Body",
        table,
        {
            key: None if items is None else _struct_of("Item", items)
            for key, (items, _) in lazy.items()
        },
    )
    if body is None:
        return lambda content: None
    decoder = msgspec.json.Decoder(body)
    astuple = msgspec.structs.astuple
    msgspec_unset = msgspec.UNSET
    lazy_at = [
        (index, lazy[key][1]) for index, key in enumerate(table.allowed) if key in lazy
    ]
    checked = LazyModelList.checked
    failed = msgspec.DecodeError  # ValidationError included

    def decode(content: bytes) -> tuple[Any, ...] | None:
        try:
            values = astuple(decoder.decode(content))
        except failed:
            return None
        if msgspec_unset in values:
            values = tuple(
                UNSET if value is msgspec_unset else value for value in values
            )
        if lazy_at:
            as_list = list(values)
            for index, from_dict in lazy_at:
                items = as_list[index]
                if type(items) is list:
                    as_list[index] = checked(items, from_dict)
            values = tuple(as_list)
        return values

    return decode


def _struct_of(
    struct_name: str, table: FieldTable, lists: Mapping[str, Any] | None = None
) -> Any:
    """A msgspec Struct type (or None) that decodes exactly the JSON objects ``plain_check(table)`` accepts;
    ``lists``: the item struct of each lazy-list key."""
    import msgspec

    # A field is its key (read as item.order_id), but a key need not be an identifier: then renamed.
    names = {
        key: key
        if key.isidentifier() and not iskeyword(key) and not key.startswith("_")
        else f"field_{index}_"
        for index, key in enumerate(table.allowed)
    }
    fields: list[Any] = []
    for key, kinds in table.allowed.items():
        members = table.enums.get(key)
        alternatives: list[Any] = []
        for kind in kinds:
            if kind is Unset:
                continue
            if kind is type(None):
                alternatives.append(None)
            elif lists is not None and key in lists and kind is list:
                if lists[key] is None:
                    return None
                alternatives.append(list[lists[key]])  # type: ignore[name-defined]
            elif members is not None:
                values = [m for m in members if m is not None and m is not UNSET]
                if kind is not str or not all(type(v) is str for v in values):
                    return None
                alternatives.append(Literal[tuple(values)])
            elif kind is str or kind is bool:
                alternatives.append(kind)
            elif kind is int:
                alternatives.append(
                    Annotated[int, msgspec.Meta(ge=_INT_MIN, le=_INT_MAX)]
                )
            else:
                return None  # float (msgspec takes an int for it), list, dict: not stated exactly
        if not alternatives:
            return None
        field = names[key]
        if key in table.required:
            fields.append((field, Union[tuple(alternatives)]))
        else:
            fields.append(
                (field, Union[(*alternatives, msgspec.UnsetType)], msgspec.UNSET)
            )
    rename = {name: key for key, name in names.items() if name != key}
    return msgspec.defstruct(
        struct_name,
        fields,
        kw_only=True,
        forbid_unknown_fields=True,
        gc=False,
        rename=rename,
    )


__all__ = [
    "UNSET",
    "DriftListener",
    "FastJSONResponse",
    "FieldTable",
    "File",
    "FileTypes",
    "LazyModelList",
    "Received",
    "RequestFiles",
    "Response",
    "TypedBody",
    "Unset",
    "add_drift_listener",
    "as_payload",
    "plain_check",
    "remove_drift_listener",
    "status_of",
    "unknown_enum",
    "unknown_fields",
]
