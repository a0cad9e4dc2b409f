"""Fold a reproduce command to a terminal width so that it still pastes as the same command.

A terminal hard-wraps long lines; a URL cut there no longer runs when copied. Folding is done by the shell's
own rules instead: a backslash-newline outside single quotes is removed, and adjacent quoted words with
nothing between them are one word, so ``'http://host/a'\\`` followed by ``'b'`` on the next line (at column
0) is the argument ``http://host/ab``.
"""

from __future__ import annotations

import re
import shlex

__all__ = ["fold_command"]

_VARIABLE = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*")
_EVAL_SIGN = re.compile(r'^eval "\$\((?P<inner>.*)\)"$')


def _quote(part: str) -> str:
    """How the recorder quotes a curl argument: double quotes where a placeholder variable must expand."""
    if "$KALSHI_" in part:
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`") + '"'
    return shlex.quote(part)


def _split_points(raw: str) -> set[int]:
    """Positions where a word may be cut: never inside a ``$VARIABLE``."""
    inside = {i for m in _VARIABLE.finditer(raw) for i in range(m.start() + 1, m.end() + 1)}
    return {i for i in range(1, len(raw)) if i not in inside}


def _fold_word(raw: str, width: int) -> list[str]:
    """One argument as lines of at most ``width`` (each but the last ending in a backslash)."""
    quoted = _quote(raw)
    if len(quoted) <= width:
        return [quoted]
    points = _split_points(raw)
    chunks: list[str] = []
    start = 0
    while start < len(raw):
        end = len(raw)
        while len(_quote(raw[start:end])) > width - 1 and end - start > 1:
            end -= 1
            while end - start > 1 and end not in points:
                end -= 1
        chunks.append(raw[start:end])
        start = end
    lines = [_quote(chunk) for chunk in chunks]
    return [line + "\\" for line in lines[:-1]] + lines[-1:]


def _fold_curl(line: str, width: int) -> list[str]:
    try:
        args = shlex.split(line)
    except ValueError:  # not a command we can parse: leave it whole
        return [line]
    if len(args) < 6 or args[0] != "curl":
        return [line]
    head, url, rest = args[:5], args[5], args[6:]
    out = [" ".join(_quote(a) for a in head) + " \\"]
    out += _fold_word(url, width)
    index = 0
    while index < len(rest):
        option = rest[index]
        value = rest[index + 1] if index + 1 < len(rest) else None
        index += 2 if value is not None else 1
        out[-1] += " \\"
        if value is None:
            out.append(f"  {_quote(option)}")
            continue
        single = f"  {_quote(option)} {_quote(value)}"
        if len(single) <= width:
            out.append(single)
        else:
            out.append(f"  {_quote(option)} \\")
            out += _fold_word(value, width)
    return out


def _fold_sign(line: str, width: int) -> list[str]:
    match = _EVAL_SIGN.match(line)
    if match is None or len(line) <= width:
        return [line]
    *command, path = match["inner"].split(" ")
    return [f'eval "$({" ".join(command)} \\', f'  {path})"']


def fold_command(command: str, width: int) -> list[str]:
    """The lines of a reproduce command (a sign line and a curl line) folded to ``width`` columns where
    the shell allows; a line that cannot be folded is returned whole."""
    lines: list[str] = []
    for line in command.splitlines():
        if len(line) <= width:
            lines.append(line)
        elif line.startswith("curl "):
            lines += _fold_curl(line, width)
        else:
            lines += _fold_sign(line, width)
    return lines
