"""briefing.yaml's text → plain data and a SourceMap, every YAML problem with its line.

ruamel.yaml's round-trip loader keeps the position of every key and value, and it builds
no Python objects from tags: `!!python/object` and other tags come back as tagged data,
which parse_yaml refuses with their line. That is what we want for files that come from
analysts and, in forks, from strangers. The loader's tree stops here: what leaves is plain
data (dicts, lists, text, numbers, dates) and the positions, as a SourceMap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from ..errors import Problem, Problems
from .records import found
from .sourcemap import SourceMap, dotted

MAX_NODES = 200_000  # guards against alias bombs ("billion laughs") before validation walks them
MAX_DEPTH = 40


@dataclass(frozen=True)
class YamlDocument:
    """A parsed briefing.yaml: its fields as plain data, and where each one stands."""

    data: dict[str, object]
    source_map: SourceMap


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that an impossible date stays text.

    ruamel raises a bare ValueError, without a position, for `2026-02-30`; kept as text,
    the value reaches validation, which reports it with its line like any other.
    """

    def construct_yaml_timestamp(  # type: ignore[override]  # text, for an impossible date
        self, node: ScalarNode, values: object = None
    ) -> object:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _tag(node: object) -> str | None:
    """The explicit YAML tag on a loaded node (`!!python/...`, `!include`), if any."""
    if isinstance(node, TaggedScalar):
        return str(node.tag.value)
    if isinstance(node, CommentedMap | CommentedSeq):
        tag = getattr(node, "tag", None)
        return getattr(tag, "value", None)
    return None


def _check_tree(
    node: object, loc: tuple[Hashable, ...] = (), budget: list[int] | None = None
) -> tuple[str, str, tuple[Hashable, ...]] | None:
    """Walk the loaded tree once before validation does: refuse alias bombs, absurd nesting
    and tags. Returns (expected, found, location) for the first problem."""
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        return ("a briefing of reasonable size",
                f"more than {MAX_NODES:,} values (is an alias repeated many times?)", loc[:1])
    if len(loc) > MAX_DEPTH:
        return ("a briefing of reasonable size", f"nesting deeper than {MAX_DEPTH} levels", loc)
    if (tag := _tag(node)) is not None:
        return ("plain YAML values", f"the tag {tag[:60]!r}",  loc)
    items = (node.items() if isinstance(node, dict)
             else enumerate(node) if isinstance(node, list) else ())
    for key, child in items:
        if (err := _check_tree(child, (*loc, key), budget)) is not None:
            return err
    return None


def _plain(node: object) -> object:
    """The loaded tree as plain Python data: ruamel's mappings, sequences, block strings,
    formatted numbers and timestamps become the dict, list, str, int, float and datetime
    they are equal to. Called after _check_tree: the tree is of a size that can be walked."""
    if isinstance(node, dict):
        return {_plain(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, ScalarBoolean):  # an anchored true/false, which ruamel keeps as an int
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, dt.datetime) and type(node) is not dt.datetime:  # ruamel's TimeStamp
        return dt.datetime(node.year, node.month, node.day, node.hour, node.minute,
                           node.second, node.microsecond, node.tzinfo, fold=node.fold)
    return node


def _deep_brackets(text: str) -> tuple[int, int] | None:
    """Where [ and { first nest deeper than MAX_DEPTH, outside quotes and comments.

    Checked before parsing: ruamel's scanner takes time quadratic in the depth of flow
    collections (a line of a thousand [ took seconds). Brackets in plain text count too,
    which matters only for text with more than forty unclosed brackets in a row."""
    depth, quote, line, start = 0, "", 1, 0
    for i, ch in enumerate(text):
        if ch == "\n":
            line, start = line + 1, i + 1
            if quote == "#":
                quote = ""
        elif quote:
            if ch == quote and quote != "#":
                quote = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " \t[{,:\n"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            quote = "#"
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, i - start + 1
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return None


def _too_deep(text: str) -> tuple[int, int]:
    """Where nesting first passes MAX_DEPTH, read from the parser's events (no recursion)."""
    depth = 0
    for event in _yaml().parse(text):
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            depth -= 1
    return 1, 1


_OPEN_QUOTE_RE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, before: int) -> tuple[int, int] | None:
    """The last line before line `before` whose value opens a quote it does not close."""
    where = None
    for number, line in enumerate(text.splitlines()[: before - 1], start=1):
        m = _OPEN_QUOTE_RE.match(line)
        if not m:
            continue
        rest = m.group(2)
        closed = (re.search(r'(?<!\\)"', rest) if m.group(1) == '"'
                  else "'" in rest.replace("''", ""))
        if not closed:
            where = (number, m.start(1) + 1)
    return where


def parse_yaml(text: str, shown: str, problems: Problems,
               what: str = "a briefing (title, edition, ...)",
               fields: str = "title:, edition:, ...") -> YamlDocument | None:
    """The document in `text` (from the file `shown`), or None with its problem added.
    `what`: what the file holds, and `fields` its top-level keys, as messages name them."""
    if (where := _deep_brackets(text)) is not None:
        problems.add(Problem(shown, *where, "", "a briefing of reasonable size",
                             f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (exc.problem or "invalid YAML").strip()
        hint = "a key may appear only once in a mapping" if "duplicate key" in what else ""
        if "constructor" in what or "tag" in what:
            hint = "YAML tags are not allowed in briefings"
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            # A quote left open runs to the end of the file: point at where it opened.
            line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
            what, hint = "a quoted value that is never closed", f"the file ends first; {what}"
        elif (quote := _unclosed_quote(text, line)) is not None:
            hint = f"the parser stopped at line {line}: {what}"
            (line, col), what = quote, "a quoted value that is not closed on its line"
        problems.add(Problem(shown, line, col, "", "valid YAML", what, hint))
        return None
    except ReaderError as exc:  # a control character such as NUL
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.add(Problem(shown, line, col, "", "valid YAML",
                             f"the character U+{exc.character:04X}", "remove control characters"))
        return None
    except RecursionError:
        line, col = _too_deep(text)
        problems.add(Problem(shown, line, col, "", "a briefing of reasonable size",
                             f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    except YAMLError as exc:
        problems.add(
            Problem(shown, 1, 1, "", "valid YAML", type(exc).__name__ + ": " + str(exc)[:200])
        )
        return None
    if tree is None:
        problems.add(Problem(shown, 1, 1, "", what, "an empty file (only comments)"))
        return None
    if (err := _check_tree(tree)) is not None:
        expected, what, loc = err
        # Only the path to the problem: the whole tree may be an alias bomb.
        line, col = SourceMap.from_tree(tree, along=loc).position(loc)
        hint = ("YAML tags are not allowed in briefings; quote the value if it is text"
                if what.startswith("the tag") else "")
        problems.add(Problem(shown, line or 1, col or 1, dotted(loc), expected, what, hint))
        return None
    if not isinstance(tree, dict):
        problems.add(
            Problem(shown, 1, 1, "", f"a mapping of fields ({fields})", found(tree))
        )
        return None
    data = _plain(tree)
    assert isinstance(data, dict)
    return YamlDocument(data, SourceMap.from_tree(tree))
