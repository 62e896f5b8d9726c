"""Where each field of a briefing stands in its YAML file: field path → line and column.

Built once from ruamel.yaml's round-trip tree, while the reader still holds it; every
later stage asks the map, so that the tree itself never leaves the reader. A field path
is what pydantic and the checks name a field by: ("facts", 3, "value") is the value of
the fourth fact.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

# A field as pydantic and the checks name it, ("facts", 3, "value"): text and indexes, and
# in a YAML file other keys too (`1: x`, `true: y`).
FieldPath = tuple[Hashable, ...]
Position = tuple[int, int]  # 1-based line and column; (0, 0) when unknown

# How a text value was written. Prose checks need it to point at a line of the text: only
# a literal block (|) keeps its lines as typed.
TextStyle = Literal["literal", "folded", "plain"]


@dataclass(frozen=True)
class SourceMap:
    """Line and column of every key and value of one YAML document."""

    root: Position = (0, 0)
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)  # mapping entries only
    styles: dict[FieldPath, TextStyle] = field(default_factory=dict)  # block scalars only

    @classmethod
    def from_tree(cls, tree: object, along: FieldPath | None = None) -> SourceMap:
        """The map of a loaded document. `along`: record only the nodes on that path, for a
        tree too large to walk whole (an alias bomb is reported at its first key)."""
        root = (0, 0)
        if isinstance(tree, CommentedMap | CommentedSeq):
            root = (tree.lc.line + 1, tree.lc.col + 1)
        made = cls(root)
        made._walk(tree, (), along)
        return made

    def _walk(self, node: object, path: FieldPath, along: FieldPath | None) -> None:
        if along is not None and len(path) >= len(along):
            return
        children: list[tuple[Hashable, object, Position, Position | None]] = []
        if isinstance(node, CommentedMap):
            for key in node:
                # A key merged in from an anchor (`<<: *base`) has no place in this mapping:
                # its path keeps the position of the mapping, the nearest parent.
                if node.lc.data is None or key not in node.lc.data:
                    continue
                k_line, k_col, v_line, v_col = node.lc.data[key][:4]
                children.append((key, node[key], (v_line + 1, v_col + 1),
                                 (k_line + 1, k_col + 1)))
        elif isinstance(node, CommentedSeq):
            for index, child in enumerate(node):
                line, col = node.lc.item(index)
                children.append((index, child, (line + 1, col + 1), None))
        for part, child, value_at, key_at in children:
            if along is not None and part != along[len(path)]:
                continue
            child_path = (*path, part)
            self.values[child_path] = value_at
            if key_at is not None:
                self.keys[child_path] = key_at
            if isinstance(child, LiteralScalarString):
                self.styles[child_path] = "literal"
            elif isinstance(child, FoldedScalarString):
                self.styles[child_path] = "folded"
            self._walk(child, child_path, along)

    def position(self, loc: FieldPath, key: bool = False) -> Position:
        """Line and column of the value at `loc` (of its key, with `key`), or of its nearest
        parent in the file when the path goes further than the file does."""
        for end in range(len(loc), 0, -1):
            found = self.values.get(loc[:end])
            if found is not None:
                if key and end == len(loc):
                    return self.keys.get(loc, found)
                return found
        return self.root

    def style(self, loc: FieldPath) -> TextStyle:
        """How the text at `loc` was written: a literal block, a folded one, or plain (also
        quoted, and for a path the file does not hold)."""
        return self.styles.get(loc, "plain")


def dotted(loc: tuple[object, ...]) -> str:
    """A field path as messages show it: facts[3].value."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
