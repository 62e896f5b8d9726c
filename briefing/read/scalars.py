"""Where a character of a text value stands in the YAML file: line and column.

The source map knows where each value starts; a check that points at one word inside a
text (a figure typed by hand) needs more. YAML changes a text on the way in: a literal
block (|) drops its indentation, a folded block (>) and a plain or quoted scalar spread
over several lines fold line breaks into spaces, quoted scalars have escapes (`\\"`,
`''`), and the model strips the ends. So the text as loaded is walked alongside the file
from where the value starts, a run of white space in one matching a run in the other.
"""

from __future__ import annotations

import re

from .sourcemap import Position

_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SPACE_ESCAPE = re.compile(r"\\[nrt \n]")


def _offset_of(source: str, line: int, column: int) -> int:
    """The index in `source` of a 1-based line and column."""
    start = 0
    for _ in range(line - 1):
        found = source.find("\n", start)
        if found < 0:
            return len(source)
        start = found + 1
    return min(start + column - 1, len(source))


def _position_of(source: str, index: int) -> Position:
    line = source.count("\n", 0, index) + 1
    return line, index - (source.rfind("\n", 0, index) + 1) + 1


def text_position(source: str, start: Position, text: str, offset: int) -> Position:
    """Line and column in the file `source` of `text[offset]`, where `text` is the value
    that starts at `start` (as the source map gives it). `start` itself when the walk
    loses its way (a value the file does not hold as typed: a merged anchor, say)."""
    if start == (0, 0):
        return start
    i = _offset_of(source, *start)
    quote = ""
    if i < len(source) and source[i] in "|>":
        # A block scalar: its text begins on the next line, after the indicator and any
        # comment on the indicator's line.
        i = source.find("\n", i)
        i = len(source) if i < 0 else i + 1
    elif i < len(source) and source[i] in "\"'":
        quote = source[i]
        i += 1
    j = 0
    while j < offset and j < len(text):
        if text[j].isspace():
            while j < len(text) and text[j].isspace():
                j += 1
            while i < len(source):
                if source[i].isspace():
                    i += 1
                elif quote == '"' and (m := _SPACE_ESCAPE.match(source, i)):
                    i = m.end()  # `\n`, `\t` and a line ending escaped away
                else:
                    break
            continue
        if i < len(source) and source[i].isspace():  # the model stripped the value's start
            while i < len(source) and source[i].isspace():
                i += 1
            continue
        if quote == "'" and source.startswith("''", i):
            i += 2
        elif quote == '"' and i < len(source) and source[i] == "\\" and text[j] != "\\" \
                and (m := _ESCAPE.match(source, i)):
            i = m.end()
        elif quote == '"' and source.startswith("\\\\", i) and text[j] == "\\":
            i += 2
        elif i < len(source) and source[i] == text[j]:
            i += 1
        else:
            return start
        j += 1
    while i < len(source) and source[i].isspace() and j < len(text):
        i += 1  # the figure itself never starts with white space
    return _position_of(source, i)
