"""Contains some shared types for properties"""

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextvars import ContextVar
from http import HTTPStatus
from itertools import chain
from keyword import iskeyword
from operator import attrgetter, indexOf, itemgetter
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


# What the models meet outside the spec: an enum value the member map lacks, a payload holding keys its model
# does not list. Reported once, when the JSON is parsed: by from_dict, or by a lazy list or a TypedBody for
# the items they keep unbuilt (``model_of`` then builds them without reporting again). Nothing is recorded
# without a listener; the kalshi_orders wrapper installs one (client.drift() counts, logger kalshi_orders.drift).
DriftListener = Callable[[str, str, str, Any], None]
_drift_listeners: list[DriftListener] = []
# True while model_of builds an item whose drift was reported with its page (per thread and task).
_reported: ContextVar[bool] = ContextVar(
    "kalshi_orders_api_drift_reported", default=False
)


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
    if (
        _drift_listeners
        and getattr(member, "is_unknown", False)
        and not _reported.get()
    ):
        _report(model, field, "enum", raw)
    return member


def unknown_fields(model: str, extra: Mapping[str, Any]) -> None:
    """Report the keys of a payload that its model does not list (kept in additional_properties)."""
    if _drift_listeners and not _reported.get():
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
    # Every key from_dict reads, removed (legacy) keys too: any other key is drift. None: the model keeps no
    # unknown keys (no additional_properties), so a payload holding one is never decoded by TypedBody.
    known: frozenset[str] | None = None
    model: str = (
        ""  # the model's name, as its ModelParseErrors and drift reports give it
    )


def plain_check(table: FieldTable) -> Callable[[object], bool]:
    """A check that says, without building anything, whether a JSON object parses on its model's fast path
    with nothing to report: only known, current keys (no unknown and no removed ones), every required key,
    each value of a JSON type its field allows (``allowed``), each enum value a known member (``enums``). A
    model's ``from_dict`` makes these same checks.

    A page's objects share a few "shapes" (their keys in order and the types of their values), so a shape is
    judged once and remembered (up to 256 of them), and so are the enum values met in it. The check is a
    closure rather than an object: a page calls it 1,000 times, and calling an instance costs more.
    """
    allowed, required, enums = table.allowed, table.required, table.enums
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


Report = tuple[str, str, str, Any]


def drift_check(table: FieldTable) -> Callable[[object], list[Report] | None] | None:
    """A check that gives a JSON object's drift reports, in the order its model's ``from_dict`` makes them
    (unknown enum values in field order, then unknown keys in the object's order), when drift is all that
    is wrong with it (so [] when ``plain_check`` accepts it), else None (``from_dict`` must judge it: a
    wrong type, a missing required key, a legacy key). None for a model that keeps no unknown keys
    (``table.known`` None). Shapes and enum values are judged once and remembered, as ``plain_check`` does."""
    known = table.known
    if known is None:
        return None
    allowed, required, enums, model = (
        table.allowed,
        table.required,
        table.enums,
        table.model,
    )
    shapes: dict[tuple[tuple[str, ...], tuple[type, ...]], Any] = {}

    def judge(shape: tuple[tuple[str, ...], tuple[type, ...]]) -> Any:
        keys, types = shape
        entry: Any = None
        if required.issubset(keys) and all(
            kind in allowed[key] if key in allowed else key not in known
            for key, kind in zip(keys, types, strict=True)
        ):
            present = set(keys)
            # the enum keys in from_dict's order (the table's), not the object's
            enum_keys = tuple(key for key in allowed if key in enums and key in present)
            # itemgetter of one key returns the value itself, not a 1-tuple: ask for it twice
            getter = (
                itemgetter(*(enum_keys * 2 if len(enum_keys) == 1 else enum_keys))
                if enum_keys
                else None
            )
            entry = (
                enum_keys,
                getter,
                set(),
                tuple(key for key in keys if key not in allowed),
            )
        if len(shapes) < 256:
            shapes[shape] = entry
        return entry

    def drifted(payload: object) -> list[Report] | None:
        if type(payload) is not dict:
            return None
        shape = (tuple(payload), tuple(map(type, payload.values())))
        entry = shapes.get(shape, judge)
        if entry is judge:
            entry = judge(shape)
        if entry is None:
            return None
        enum_keys, getter, plain_values, extra_keys = entry
        reports: list[Report] = []
        if getter is not None:
            values = getter(payload)
            if values not in plain_values:
                reports = [
                    (model, key, "enum", payload[key])
                    for key in enum_keys
                    if payload[key] not in enums[key]
                ]
                if not reports and len(plain_values) < 256:
                    plain_values.add(values)
        if extra_keys:
            reports += [(model, key, "field", payload[key]) for key in extra_keys]
        return reports

    return drifted


class LazyModelList(Sequence[M]):
    """A JSON array of objects whose models are built when first read, checked in full when parsed.

    Parsing a 1,000-order page into models costs more than decoding it; most of that is building objects
    (and the garbage collector scanning them) that a caller walking the page may never read. This keeps the
    decoded objects and checks each one at once with the model's ``plain`` check: every key known and current,
    every required key present, every value of a JSON type its field allows, every enum value a known member.
    An object that fails it only for drift (unknown keys or enum values, ``drifted``: see
    ``add_drift_listener``) has its drift reported at once, as ``from_dict`` would report it; any other is
    parsed by the model's ``from_dict`` right away, so a wrong type or a missing field raises
    ``ModelParseError`` when the page is parsed, exactly as a list would. The rest are built on first access
    (``model_of``: ``from_dict`` again, which then cannot fail and reports nothing more) and kept.

    A page decoded by ``TypedBody`` (msgspec: every check above made in C while decoding) holds the decoded
    structs instead (``checked``); ``as_payload`` turns one into the JSON object ``from_dict`` reads.
    """

    __slots__ = ("_built", "_from_dict", "_payloads")

    def __init__(
        self,
        payloads: list[Any],
        from_dict: Callable[[Any], M],
        plain: Callable[[Any], bool],
        drifted: Callable[[Any], list[Report] | None] | None = None,
    ) -> None:
        self._payloads = payloads
        self._from_dict = lambda item: model_of(item, from_dict)
        built: list[M | None] | None = None
        try:
            # the first object plain() refuses (a C loop, as all() was)
            first = indexOf(map(plain, payloads), False)
        except ValueError:
            first = -1
        if first >= 0:
            built = [None] * len(payloads)
            tell = bool(_drift_listeners) and not _reported.get()
            for index in range(first, len(payloads)):
                payload = payloads[index]
                if drifted is None:
                    reports = [] if plain(payload) else None
                else:  # [] where plain() says True: the object's shape judged once
                    reports = drifted(payload)
                if reports is None:
                    # a wrong type, a missing or legacy key: raises, or reports, as the eager parse did
                    built[index] = from_dict(payload)
                elif tell:
                    for report in reports:
                        _report(*report)
        self._built = built

    @classmethod
    def checked(
        cls, payloads: list[Any], from_dict: Callable[[Any], M]
    ) -> "LazyModelList[M]":
        """A list of items checked already (a ``TypedBody`` decode): none is built until read."""
        self = cls.__new__(cls)
        self._payloads = payloads
        self._from_dict = lambda item: model_of(item, from_dict)
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

    return msgspec.to_builtins(item, enc_hook=_raw_value)


def _raw_value(raw: Any) -> Any:
    """An unknown key's value that a struct keeps as raw JSON (``TypedBody``), as orjson decodes it in the
    page (at the same depth: orjson's depth limit; the page's decode checked it takes it)."""
    return orjson.loads(b"[[[" + bytes(raw) + b"]]]")[0][0][0]


def model_of(item: Any, from_dict: Callable[[Any], M]) -> M:
    """The model of a lazy list's unbuilt item (``built_or_payloads``): ``from_dict`` of ``as_payload(item)``,
    which cannot fail, reporting nothing: the item's drift, if any, was reported when its page was parsed."""
    token = _reported.set(True)
    try:
        return from_dict(as_payload(item))
    finally:
        _reported.reset(token)


# orjson decodes an integer outside [-2**63, 2**64 - 1] as a float (which an int field refuses); msgspec
# decodes it as an int. The typed decode takes int64 only (msgspec bounds no wider): the rest go the plain way.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


class TypedBody:
    """The JSON body of a model holding lazy lists, decoded and checked in C by msgspec in one pass.

    ``decode`` accepts only what the orjson + ``from_dict`` parse accepts, and gives what that parse gives:
    the model's field values in table order (lazy lists as ``LazyModelList.checked`` of msgspec structs,
    absent fields UNSET) and then its ``additional_properties``, having reported the same drift in the same
    order. For anything else (a wrong type, a missing or legacy key, malformed JSON, ...) it gives None and
    reports nothing, and the caller parses the body as before, so its errors and reports are the plain
    parse's. The msgspec types are derived, at first use, from the same ``FieldTable`` the models'
    ``plain_check`` uses: for a field, a union of the JSON types it allows (an enum field: a ``Literal`` of
    its known members; an int field: bounded as orjson keeps ints); every key required that the table
    requires; unknown keys forbidden. A table with a type this cannot state exactly (a float field: msgspec
    would take 1 for 1.0) gets no typed decode at all.

    Drift (the API sends a field or an enum value the spec does not list yet) must not send every page the
    slow way until users regenerate. When the strict types refuse a body for an unknown key or enum value,
    ``decode`` learns from msgspec's error a tolerant variant of them (that key taken as raw JSON, that enum
    field as any string) and decodes again, a few steps at most; it keeps the last few variants for the
    pages after. A variant's decode finds the drift in the decoded structs, decodes the unknown keys'
    values with orjson (as the plain parse does) and reports it all, item by item, in from_dict's order.
    The strict types are always tried first, so a clean page is decoded as before.
    """

    __slots__ = ("_tables", "_typed")

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
        self._typed: _TypedDecoder | None = None

    def decode(self, content: bytes) -> tuple[Any, ...] | None:
        typed = self._typed
        if typed is None:
            typed = self._typed = _TypedDecoder(*self._tables())
        return typed.decode(content)


class _Level(NamedTuple):
    """What a tolerant variant accepts in one struct (the body, or a lazy list's items) beyond its table."""

    extras: tuple[str, ...] = ()  # unknown keys, kept as raw JSON
    open_enums: frozenset[str] = frozenset()  # enum fields taking any string

    def learn(self, table: FieldTable, kind: str, name: str) -> "_Level | None":
        if kind == "field":
            if table.known is None or name in table.known or name in self.extras:
                return None  # a model that keeps no unknown keys, a legacy key, or no progress
            return self._replace(extras=(*self.extras, name))
        if name not in table.enums or name in self.open_enums:
            return None
        return self._replace(open_enums=self.open_enums | {name})


# msgspec's messages (pinned version; a change only costs speed: an error not understood leaves the body to
# the plain parse). The path names the body ("" or ".cursor") or a lazy list's item (".orders[3].status").
_UNKNOWN_AT = re.compile(
    r"Object contains unknown field `(.*)` - at `\$(.*)`", re.DOTALL
)
_UNKNOWN_TOP = re.compile(r"Object contains unknown field `(.*)`", re.DOTALL)
_BAD_ENUM = re.compile(r"Invalid enum value .* - at `\$(.*)`", re.DOTALL)
_ITEM_PATH = re.compile(r"\.(.+)\[\d+\](.*)", re.DOTALL)
_MAX_STEPS = 16  # unknown keys and enum fields learned for one body
_MAX_VARIANTS = 4
_MAX_EXTRAS = 32  # unknown keys one variant accepts

Levels = Mapping[str | None, _Level]  # None: the body; else a lazy-list key


class _TypedDecoder:
    """The strict decode of one body model, and the tolerant variants learned from drifted bodies."""

    def __init__(
        self,
        table: FieldTable,
        lazy: Mapping[str, tuple[FieldTable | None, Callable[[Any], Any]]],
    ) -> None:
        import msgspec

        self._table = table
        self._lazy = lazy
        self._strict = self._build({})
        self._variants: list[
            tuple[Levels, Callable[[bytes], tuple[Any, ...] | None]]
        ] = []
        self._invalid = msgspec.ValidationError
        self._malformed = msgspec.DecodeError

    def decode(self, content: bytes) -> tuple[Any, ...] | None:
        strict = self._strict
        if strict is None:
            return None
        try:
            return strict(content)
        except self._invalid as exc:
            error = exc
        except (self._malformed, RecursionError, UnicodeDecodeError):
            # Not JSON as msgspec reads it (too deep: RecursionError; msgspec 0.19 raises UnicodeDecodeError
            # for a string that is not UTF-8): no variant would take it.
            return None
        base: Levels = {}
        variants = self._variants
        for position, (levels, run) in enumerate(variants):
            try:
                result = run(content)
            except self._invalid as exc:
                # Learn by growing the latest variant (or, when it grew big, the strict types).
                if (
                    position == 0
                    and sum(len(level.extras) for level in levels.values())
                    < _MAX_EXTRAS
                ):
                    base, error = levels, exc
                continue
            except (self._malformed, RecursionError, UnicodeDecodeError):
                return None  # JSON the strict decode stopped before reading
            if position:
                self._variants = [
                    variants[position],
                    *variants[:position],
                    *variants[position + 1 :],
                ]
            return result
        levels = base
        for _ in range(_MAX_STEPS):
            learned = self._learn(levels, str(error))
            if learned is None:
                return None
            levels = learned
            try:
                run = self._build(levels)
            except ValueError:
                # A key msgspec takes as no field's name (a quote, a backslash, a control character).
                return None
            if run is None:
                return None
            try:
                result = run(content)
            except self._invalid as exc:
                error = exc
                continue
            except (self._malformed, RecursionError, UnicodeDecodeError):
                return None
            self._variants = [(levels, run), *self._variants][:_MAX_VARIANTS]
            return result
        return None

    def _learn(self, levels: Levels, message: str) -> Levels | None:
        """``levels`` grown by the unknown key or enum field msgspec's error names; None if it names none."""
        found = _UNKNOWN_AT.fullmatch(message) or _UNKNOWN_TOP.fullmatch(message)
        if found is not None:
            kind, name, path = (
                "field",
                found[1],
                found[2] if found.lastindex == 2 else "",
            )
        else:
            found = _BAD_ENUM.fullmatch(message)
            if found is None:
                return None
            kind, name, path = "enum", "", found[1]
        where: str | None = None
        item = _ITEM_PATH.fullmatch(path)
        if item is not None and item[1] in self._lazy:
            where, path = item[1], item[2]
        if kind == "enum":
            if not path.startswith("."):
                return None
            name, path = path[1:], ""
        table = self._table if where is None else self._lazy[where][0]
        if path or table is None:
            return None
        grown = levels.get(where, _Level()).learn(table, kind, name)
        return None if grown is None else {**levels, where: grown}

    def _build(
        self, levels: Levels
    ) -> Callable[[bytes], tuple[Any, ...] | None] | None:
        """The decode of ``levels``' variant (strict when empty): it raises msgspec.ValidationError for a
        body the variant refuses and gives None for one only the plain parse can judge."""
        import msgspec
        import msgspec.structs

        table, lazy = self._table, self._lazy
        items = {
            key: None
            if item is None
            else _struct_of("Item", item, levels.get(key, _Level()))
            for key, (item, _) in lazy.items()
        }
        body = _struct_of("Body", table, levels.get(None, _Level()), items)
        if body is None:
            return None
        decoder = msgspec.json.Decoder(body)
        astuple = msgspec.structs.astuple
        msgspec_unset = msgspec.UNSET
        count = len(table.allowed)
        lazy_at = [
            (index, lazy[key][1])
            for index, key in enumerate(table.allowed)
            if key in lazy
        ]
        checked = LazyModelList.checked

        def typed(values: tuple[Any, ...], extra: dict[str, Any]) -> tuple[Any, ...]:
            if msgspec_unset in values:
                values = tuple(
                    UNSET if value is msgspec_unset else value for value in values
                )
            if lazy_at:
                as_list = list(values)
                for index, from_dict in lazy_at:
                    found = as_list[index]
                    if type(found) is list:
                        as_list[index] = checked(found, from_dict)
                values = tuple(as_list)
            return (*values, extra)

        if not any(levels.values()):

            def strict(content: bytes) -> tuple[Any, ...] | None:
                return typed(astuple(decoder.decode(content)), {})

            return strict
        drift = _Drift(
            table, levels, items, body, {key: item for key, (item, _) in lazy.items()}
        )

        def tolerant(content: bytes) -> tuple[Any, ...] | None:
            values = astuple(decoder.decode(content))
            extra = drift.settle(content, values)
            if extra is None:
                return None
            return typed(values[:count], extra)

        return tolerant


class _Plan(NamedTuple):
    """Where a tolerant struct type holds its drift: the enum fields it opened (key, attribute, the values
    that are no drift), in table order, and its unknown keys (key, attribute, the key as a JSON string), in
    the order msgspec met them."""

    model: str
    enums: tuple[tuple[str, str, frozenset[Any]], ...]
    extras: tuple[tuple[str, str, bytes], ...]


def _plan(table: FieldTable, level: _Level, struct: Any) -> _Plan:
    import msgspec
    import msgspec.structs

    attribute = {f.encode_name: f.name for f in msgspec.structs.fields(struct)}
    enums = tuple(
        (key, attribute[key], frozenset((*table.enums[key], msgspec.UNSET)))
        for key in table.allowed
        if key in level.open_enums
    )
    extras = tuple((key, attribute[key], orjson.dumps(key)) for key in level.extras)
    return _Plan(table.model, enums, extras)


class _Raws:
    """A body's raw JSON, and that of its members and of its lists' items, split by msgspec when first asked
    for (only an object holding several unknown keys needs them: the struct does not keep their order)."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self._top: dict[str, Any] | None = None

    def top(self) -> dict[str, Any]:
        if self._top is None:
            import msgspec

            self._top = msgspec.json.decode(self.content, type=dict[str, msgspec.Raw])
        return self._top

    def items(self, key: str) -> list[Any]:
        import msgspec

        split = _SPLITS.get(key)
        if split is None:
            struct = msgspec.defstruct(
                "Split",
                [("items", list[msgspec.Raw] | None, None)],
                rename={"items": key},
            )
            split = _SPLITS[key] = msgspec.json.Decoder(struct)
        found: list[Any] = split.decode(self.content).items
        return found


_SPLITS: dict[str, Any] = {}  # per lazy-list key: a decoder of its items' raw JSON


# A drift report found in a decoded body: (model, field, kind, value, raw): with ``raw``, ``value`` is the raw
# JSON of an unknown key that an item's struct keeps, to be decoded for the report.
_Event = tuple[str, str, str, Any, bool]


class _Drift:
    """The drift a tolerant variant's decode holds: found in its structs, reported as from_dict reports it
    (each item's unknown enum values in field order, then its unknown keys in the item's order; the body's
    after its lists)."""

    def __init__(
        self,
        table: FieldTable,
        levels: Levels,
        items: Mapping[str, Any],
        body: Any,
        item_tables: Mapping[str, FieldTable | None],
    ) -> None:
        import msgspec

        self._unset = msgspec.UNSET
        self._malformed = msgspec.DecodeError
        self._body = _plan(table, levels.get(None, _Level()), body)
        self._keys = tuple(table.allowed)
        # per body value: the plan of the lazy list it holds (None: not a lazy list, or one without drift)
        plans: list[_Plan | None] = []
        for key in table.allowed:
            level, struct, item_table = (
                levels.get(key),
                items.get(key),
                item_tables.get(key),
            )
            plans.append(
                None
                if not level or struct is None or item_table is None
                else _plan(item_table, level, struct)
            )
        self._lists = tuple(plans)
        self._body_enums = {key: members for key, _, members in self._body.enums}

    def settle(self, content: bytes, values: tuple[Any, ...]) -> dict[str, Any] | None:
        """Report the drift of a decoded body (its struct's values) and give its additional_properties; None,
        having reported nothing, if orjson refuses an unknown key's value (it decodes them, as the plain
        parse does: an item's when its model is built, see ``as_payload``, but all of them now)."""
        unset = self._unset
        raws = _Raws(content)
        events: list[_Event] | None = (
            [] if _drift_listeners and not _reported.get() else None
        )
        # Without events: the raw JSON of every unknown key the items keep, for orjson to check.
        checks: list[Any] = []
        body = self._body.model
        try:
            for index, plan in enumerate(self._lists):
                key = self._keys[index]
                if plan is not None:
                    found = values[index]
                    if type(found) is list:
                        _scan(found, plan, unset, events, checks, raws, key)
                elif (
                    key in self._body_enums
                    and values[index] not in self._body_enums[key]
                    and events is not None
                ):
                    events.append((body, key, "enum", values[index], False))
            top = values[len(self._keys) :]
            present = {
                key
                for (key, _, _), raw in zip(self._body.extras, top)
                if raw is not unset
            }
            extras = (
                [key for key in raws.top() if key in present]
                if len(present) > 1
                else list(present)
            )
            given = dict(zip((key for key, _, _ in self._body.extras), top))
            if events is not None:
                checks = [event[3] for event in events if event[4]]
            # At the depth the page nests them (body, list, item): orjson's depth limit is the same.
            decoded = (
                orjson.loads(b"[[[" + b",".join(checks) + b"]]]")[0][0]
                if checks
                else []
            )
            additional = dict(
                zip(
                    extras,
                    orjson.loads(b"[" + b",".join(given[key] for key in extras) + b"]"),
                )
            )
        except (orjson.JSONDecodeError, self._malformed, UnicodeDecodeError):
            return None
        if events is not None:
            stored = iter(decoded)
            for model, field, kind, value, raw in events:
                _report(model, field, kind, next(stored) if raw else value)
            for key, value in additional.items():
                _report(body, key, "field", value)
        return additional


def _scan(
    items: list[Any],
    plan: _Plan,
    unset: Any,
    events: list[_Event] | None,
    checks: list[Any],
    raws: _Raws,
    list_key: str,
) -> None:
    """Add the drift of a lazy list's decoded items to ``events`` (None: nobody listens), in from_dict's
    order: an item's unknown enum values in field order, then its unknown keys in its own order; else the
    unknown keys' raw JSON to ``checks``. A struct keeps its unknown keys in the variant's order (the
    order msgspec met them in when learning), so an item holding several in another order becomes its
    JSON object, decoded by orjson now."""
    model = plan.model
    enums: dict[int, list[tuple[str, Any]]] = {}
    if events is not None:
        for key, attribute, members in plan.enums:
            for index, value in enumerate(map(attrgetter(attribute), items)):
                if value not in members:
                    enums.setdefault(index, []).append((key, value))
    columns = [
        list(map(attrgetter(attribute), items)) for _, attribute, _ in plan.extras
    ]
    holders = [
        [index for index, raw in enumerate(column) if raw is not unset]
        for column in columns
    ]
    objects: dict[int, dict[str, Any]] = {}
    if len(columns) > 1:
        counts = Counter(chain.from_iterable(holders))
        multi = sorted(index for index, count in counts.items() if count > 1)
        unordered = _unordered(multi, plan, holders, raws.content) if multi else []
        if unordered:
            # One orjson call for them all, each at the depth the page nests it.
            split = raws.items(list_key)
            decoded = orjson.loads(
                b"[[" + b",".join(split[index] for index in unordered) + b"]]"
            )[0]
            objects = dict(zip(unordered, decoded))
    for index, payload in objects.items():
        items[index] = payload
    if events is None:
        checks += [raw for column in columns for raw in column if raw is not unset]
        return
    extras = plan.extras
    if not enums and not objects:
        # The usual drift: a new key or two in every item, in the same order, nothing else.
        events += [
            (model, key, "field", raw, True)
            for row in zip(*columns)
            for (key, _, _), raw in zip(extras, row)
            if raw is not unset
        ]
        return
    for index in sorted(enums.keys() | set(chain.from_iterable(holders))):
        events += [
            (model, key, "enum", value, False) for key, value in enums.get(index, ())
        ]
        payload = objects.get(index)
        if payload is None:
            events += [
                (model, key, "field", column[index], True)
                for (key, _, _), column in zip(extras, columns)
                if column[index] is not unset
            ]
        else:
            order = list(payload)
            held = [
                key
                for (key, _, _), column in zip(extras, columns)
                if column[index] is not unset
            ]
            events += [
                (model, key, "field", payload[key], False)
                for key in sorted(held, key=order.index)
            ]


def _unordered(
    multi: list[int], plan: _Plan, holders: list[list[int]], content: bytes
) -> list[int]:
    """Which of the items holding several unknown keys hold them in another order than the variant's
    (or may: each is then decoded on its own). Judged from the body's raw JSON: with no backslash in it
    (nothing escaped), a key is written as its JSON string, which no string value can hold; so when a
    key's JSON string occurs exactly as often as items hold the key, its n-th occurrence is the key of the
    n-th item holding it (a value equal to the key, or a nested key, makes the count differ: not judged)."""
    if b"\\" in content:
        return multi
    at: list[dict[int, int]] = []
    several = set(multi)
    for (_, _, token), holding in zip(plan.extras, holders):
        if several.isdisjoint(holding):
            continue  # no item holding several unknown keys holds this one
        found = [match.start() for match in re.finditer(re.escape(token), content)]
        if len(found) != len(holding):
            return multi
        at.append(dict(zip(holding, found)))
    unordered = []
    for index in multi:
        places = [where[index] for where in at if index in where]
        if places != sorted(places):
            unordered.append(index)
    return unordered


def _struct_of(
    struct_name: str,
    table: FieldTable,
    level: _Level,
    lists: Mapping[str, Any] | None = None,
) -> Any:
    """A msgspec Struct type (or None) that decodes exactly the JSON objects ``plain_check(table)`` accepts,
    and those with ``level``'s drift; ``lists``: the item struct of each lazy-list key."""
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
                alternatives.append(
                    str if key in level.open_enums else Literal[tuple(values)]
                )
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
    for index, key in enumerate(level.extras):
        name = f"extra_{index}_"
        while name in names.values():
            name += "_"
        names[key] = name
        fields.append((name, msgspec.Raw, msgspec.UNSET))
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
    "drift_check",
    "model_of",
    "plain_check",
    "remove_drift_listener",
    "status_of",
    "unknown_enum",
    "unknown_fields",
]
