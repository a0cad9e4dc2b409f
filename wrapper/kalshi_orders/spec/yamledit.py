"""Minimal, comment-preserving edits to a YAML document: the text outside the edited keys stays byte for byte.

ruamel.yaml's round-trip loader tells where every key sits (line, column, flow or block style); each edit is
then spliced into the original text as a re-rendered ``key: value`` block. A full ruamel round-trip dump would
also keep comments and key order, but its emitter rewrites untouched parts of this project's spec (it turns
``allOf: [{$ref: X}]`` into ``allOf: [$ref: X]``, drops ``null`` scalars and re-flows multi-line lists), so
every ``--write`` would carry unrelated churn. Fragments are rendered by PyYAML's safe dumper, so strings
YAML 1.1 would read as booleans (``'yes'``, ``'no'``) stay quoted for the PyYAML readers of the spec.

Edits are on plain data: :func:`apply_edits` also applies them to a parsed copy and checks that the spliced
text parses to exactly that, so a splice can never silently produce something else.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Edit", "EditError", "apply_edits"]

Pointer = tuple[str | int, ...]


class EditError(ValueError):
    """An edit does not fit the document (a missing key, a list where a mapping was expected)."""


@dataclass(frozen=True)
class Edit:
    """``set``: ``target[key] = value`` (target a mapping); ``extend``: add the values missing from the list
    at ``target[key]``; ``remove``: drop values from that list; ``delete``: remove ``target[key]``."""

    op: Literal["set", "extend", "remove", "delete"]
    target: Pointer
    key: str
    value: Any = None


# --------------------------------------------------------------------------- plain data


def _get(doc: Any, pointer: Pointer) -> Any:
    node = doc
    for part in pointer:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise EditError(f"no node at {_fmt(pointer)} (missing {part!r})") from None
    return node


def _fmt(pointer: Pointer) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def _apply_plain(doc: Any, edit: Edit) -> None:
    target = _get(doc, edit.target)
    if not isinstance(target, dict):
        raise EditError(f"{_fmt(edit.target)} is not a mapping")
    if edit.op == "set":
        target[edit.key] = copy.deepcopy(edit.value)
    elif edit.op == "delete":
        target.pop(edit.key, None)
    else:
        values = target.get(edit.key)
        if not isinstance(values, list):
            raise EditError(f"{_fmt((*edit.target, edit.key))} is not a list")
        if edit.op == "extend":
            values.extend(v for v in edit.value if v not in values)
        else:
            target[edit.key] = [v for v in values if v not in edit.value]


# --------------------------------------------------------------------------- text


def _dump_fragment(key: str, value: Any, indent: int, *, block: bool = False) -> list[str]:
    """``key: value`` as YAML lines at ``indent``: collections of scalars in flow style (as the spec writes
    them), others in block style; ``block`` keeps a collection that was written in block style so."""
    import yaml

    class Dumper(yaml.SafeDumper):
        # Block sequences indented under their key, as in the spec.
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False)

    pad = " " * indent
    if block and isinstance(value, list) and value:
        lines = [f"{pad}{_scalar(key)}:"]
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = (
                    [line for k, v in item.items() for line in _dump_fragment(str(k), v, indent + 4)]
                    if isinstance(item, dict)
                    else _dump_fragment("_", item, indent + 4)[1:]
                )
                lines.append(f"{pad}  - {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}  - {_scalar(item)}")
        return lines
    if block and isinstance(value, dict) and value:
        lines = [f"{pad}{_scalar(key)}:"]
        for k, v in value.items():
            lines += _dump_fragment(str(k), v, indent + 2)
        return lines
    if not isinstance(value, (dict, list)) or not value:
        return [f"{pad}{_scalar(key)}: {_scalar(value)}"]
    text = yaml.dump(
        {key: value}, Dumper=Dumper, default_flow_style=None, sort_keys=False, allow_unicode=True, width=100
    )
    return [pad + line if line else line for line in text.splitlines()]


def _scalar(value: Any) -> str:
    """One scalar as YAML 1.1 writes it (quoted where a PyYAML reader would otherwise misread it)."""
    import yaml

    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a one-line YAML double-quoted scalar
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.split("\n...")[0].strip()


class _Text:
    """The document's lines and ruamel's view of them."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML

        self.lines = text.splitlines()
        self.trailing_newline = text.endswith("\n")
        self.tree = YAML(typ="rt").load(text)

    def node(self, pointer: Pointer) -> Any:
        try:
            return _get(self.tree, pointer)
        except EditError:
            raise EditError(f"no node at {_fmt(pointer)}") from None

    @staticmethod
    def is_flow(node: Any) -> bool:
        fa = getattr(node, "fa", None)
        return bool(fa is not None and fa.flow_style())

    def key_span(self, mapping: Any, key: str) -> tuple[int, int, int]:
        """``(first line, end line (exclusive), indent)`` of ``key: value`` in a block mapping."""
        line, col = mapping.lc.key(key)
        end = line + 1
        while end < len(self.lines):
            text = self.lines[end]
            stripped = text.lstrip()
            if stripped and not stripped.startswith("#"):
                indent = len(text) - len(stripped)
                if indent < col or (indent == col and not stripped.startswith("- ")):
                    break
            end += 1
        # Comments and blank lines before the next key belong to it, not to this value.
        while end - 1 > line and (
            not self.lines[end - 1].strip() or self.lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
        return line, end, col

    def _blank_or_comment(self, index: int) -> bool:
        stripped = self.lines[index].strip()
        return not stripped or stripped.startswith("#")

    def block_end(self, mapping: Any) -> tuple[int, int]:
        """Where a new key goes at the end of a block mapping: (line to insert at, indent)."""
        keys = list(mapping.keys())
        if not keys:
            raise EditError("cannot add a key to an empty mapping")
        _, end, col = self.key_span(mapping, keys[-1])
        return end, col


def _flow_prefix(doc: _Text, pointer: Pointer) -> Pointer | None:
    """The shortest prefix of ``pointer`` whose node is in flow style: a flow collection has no lines of its
    own to splice into, so the whole ``key: value`` holding it is re-rendered."""
    for n in range(1, len(pointer) + 1):
        if doc.is_flow(doc.node(pointer[:n])):
            return pointer[:n]
    return None


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied; raises :class:`EditError` when an edit does not fit."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    expected = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    for edit in edits:
        _apply_plain(expected, edit)
    doc = _Text(text)
    # Each edit either rewrites one block `key: value` (re-rendered whole) or adds keys to a block mapping.
    rewrites: dict[Pointer, None] = {}
    additions: dict[Pointer, list[str]] = {}
    for edit in edits:
        flow = _flow_prefix(doc, edit.target)
        if flow is not None:
            rewrites[flow] = None
        elif edit.op == "set" and edit.key not in doc.node(edit.target):
            keys = additions.setdefault(edit.target, [])
            if edit.key not in keys:
                keys.append(edit.key)
        else:
            rewrites[(*edit.target, edit.key)] = None
    # A rewrite inside another rewrite is covered by the outer one.
    outer = [p for p in rewrites if not any(q != p and p[: len(q)] == q for q in rewrites)]
    splices: list[tuple[int, int, list[str]]] = []
    for pointer in outer:
        parent, key = pointer[:-1], pointer[-1]
        mapping = doc.node(parent)
        if not isinstance(key, str) or doc.is_flow(mapping):
            raise EditError(f"cannot rewrite {_fmt(pointer)} in place")
        start, end, col = doc.key_span(mapping, key)
        value = _get(expected, pointer)
        original = doc.node(pointer) if key in mapping else None
        block = isinstance(original, (list, dict)) and not doc.is_flow(original)
        splices.append((start, end, _dump_fragment(key, value, col, block=block)))
    for target, keys in additions.items():
        if any(target[: len(p)] == p for p in outer):
            continue  # re-rendered with its parent
        at, col = doc.block_end(doc.node(target))
        lines: list[str] = []
        for key in keys:
            lines += _dump_fragment(key, _get(expected, (*target, key)), col)
        splices.append((at, at, lines))
    lines = list(doc.lines)
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        lines[start:end] = new
    out = "\n".join(lines) + ("\n" if doc.trailing_newline else "")
    try:
        parsed = yaml.load(out, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise EditError(f"the edited text is not valid YAML (a splice went wrong): {exc}") from None
    if parsed != expected:
        raise EditError("the edited text does not parse to the intended document (a splice went wrong)")
    return out
