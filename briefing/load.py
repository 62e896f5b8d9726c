"""YAML and CSV → typed records, every problem collected with its file, line and column.

ruamel.yaml's round-trip loader keeps the position of every key and value, and
it builds no Python objects from tags: `!!python/object` and other tags come back
as tagged data, which parse_yaml refuses with their line. That is what we want for
files that come from analysts and, in forks, from strangers.
"""

from __future__ import annotations

import csv
import io
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
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
from ruamel.yaml.reader import ReaderError

from .errors import Problem, Problems, did_you_mean, relative
from .model import SLUG_RE, Briefing, Dataset, finite_number

BRIEFING_FILE = "briefing.yaml"
MAX_FILE_BYTES = 5 * 1024 * 1024  # a briefing is prose and figures; 5 MiB is far past any real one
MAX_NODES = 200_000  # guards against alias bombs ("billion laughs") before validation walks them
MAX_DEPTH = 40


@dataclass
class Table:
    """A dataset's rows, typed by its declared columns, with the line each row came from."""

    columns: list[str]
    rows: list[dict[str, Any]]
    lines: list[int]
    file: str


@dataclass
class LoadedBriefing:
    slug: str
    folder: Path
    file: str  # as shown in messages
    briefing: Briefing | None
    raw: Any = None
    tables: dict[str, Table] = field(default_factory=dict)
    # Ids of records that failed validation: references to them are not reported again.
    broken_ids: set[str] = field(default_factory=set)
    valid: bool = True

    def position(self, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at `loc` in the YAML, or its nearest parent."""
        return position_of(self.raw, loc, key=key)


def position_of(node: Any, loc: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
    line, col = (1, 1) if isinstance(node, CommentedMap | CommentedSeq) else (0, 0)
    if isinstance(node, CommentedMap | CommentedSeq):
        line, col = node.lc.line + 1, node.lc.col + 1
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            pos = node.lc.key(part) if (key and last) else node.lc.value(part)
            line, col = pos[0] + 1, pos[1] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.lc.item(part)
            line, col = pos[0] + 1, pos[1] + 1
            node = node[part]
        else:
            break
    return line, col


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that an impossible date stays text.

    ruamel raises a bare ValueError, without a position, for `2026-02-30`; kept as text,
    the value reaches validation, which reports it with its line like any other.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
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


def _tag(node: Any) -> str | None:
    """The explicit YAML tag on a loaded node (`!!python/...`, `!include`), if any."""
    if isinstance(node, TaggedScalar):
        return str(node.tag.value)
    if isinstance(node, CommentedMap | CommentedSeq):
        tag = getattr(node, "tag", None)
        return getattr(tag, "value", None)
    return None


def _check_tree(
    node: Any, loc: tuple[Any, ...] = (), budget: list[int] | None = None
) -> tuple[str, str, tuple[Any, ...]] | None:
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
    found = None
    for number, line in enumerate(text.splitlines()[: before - 1], start=1):
        m = _OPEN_QUOTE_RE.match(line)
        if not m:
            continue
        rest = m.group(2)
        closed = (re.search(r'(?<!\\)"', rest) if m.group(1) == '"'
                  else "'" in rest.replace("''", ""))
        if not closed:
            found = (number, m.start(1) + 1)
    return found


def read_text(
    path: Path, shown: str, problems: Problems, what: str = "a briefing (title, edition, ...)"
) -> str | None:
    """Read a file as UTF-8, reporting size, encoding and emptiness as problems.

    Whole-file problems point at line 1, where an editor opens the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(Problem(shown, 0, 0, "", "a readable file", exc.strerror or str(exc)))
        return None
    if size > MAX_FILE_BYTES:
        problems.add(
            Problem(
                shown,
                1,
                1,
                "",
                f"a file of at most {MAX_FILE_BYTES // 1024 // 1024} MiB",
                f"{size / 1024 / 1024:.1f} MiB",
                "split a large table into several datasets"
                if path.suffix == ".csv"
                else "keep tables in CSV files beside briefing.yaml",
            )
        )
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            Problem(
                shown,
                line,
                col,
                "",
                "UTF-8 text",
                f"byte 0x{data[exc.start]:02x}",
                "save the file as UTF-8",
            )
        )
        return None
    if not text.strip():
        problems.add(Problem(shown, 1, 1, "", what, "an empty file"))
        return None
    return text


def parse_yaml(text: str, shown: str, problems: Problems) -> Any:
    if (where := _deep_brackets(text)) is not None:
        problems.add(Problem(shown, *where, "", "a briefing of reasonable size",
                             f"nesting deeper than {MAX_DEPTH} levels"))
        return None
    try:
        data = _yaml().load(text)
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
    if data is None:
        problems.add(Problem(shown, 1, 1, "", "a briefing (title, edition, ...)",
                             "an empty file (only comments)"))
        return None
    if (err := _check_tree(data)) is not None:
        expected, found, loc = err
        line, col = position_of(data, loc)
        hint = ("YAML tags are not allowed in briefings; quote the value if it is text"
                if found.startswith("the tag") else "")
        problems.add(Problem(shown, line or 1, col or 1, dotted(loc), expected, found, hint))
        return None
    if not isinstance(data, dict):
        problems.add(
            Problem(
                shown, 1, 1, "", "a mapping of fields (title:, edition:, ...)", _found(data)
            )
        )
        return None
    return data


def load_briefing(folder: Path, root: Path, problems: Problems) -> LoadedBriefing | None:
    """Load `folder/briefing.yaml` and its CSV tables into a validated Briefing."""
    slug = folder.name
    path = folder / BRIEFING_FILE
    shown = relative(path, root)
    if not SLUG_RE.match(slug):
        suggestion = "-".join("".join(c if c.isalnum() else " " for c in slug.lower()).split())
        # The folder is the mistake, but an editor opens files: point at its briefing.yaml.
        problems.add(
            Problem(
                shown if path.is_file() else relative(folder, root),
                1 if path.is_file() else 0,
                1 if path.is_file() else 0,
                "slug",
                "a folder name of lowercase letters, digits and hyphens",
                repr(slug),
                f"rename the folder to '{suggestion}'" if suggestion else "",
            )
        )
        return None
    if not path.is_file():
        problems.add(
            Problem(shown, 0, 0, "", f"a {BRIEFING_FILE} in each briefing folder", "no file")
        )
        return None
    text = read_text(path, shown, problems)
    if text is None:
        return None
    raw = parse_yaml(text, shown, problems)
    if raw is None:
        return None
    loaded = LoadedBriefing(slug, folder, shown, None, raw)
    try:
        loaded.briefing = Briefing.model_validate(raw)
    except pydantic.ValidationError as exc:
        problems.extend(validation_problems(exc, loaded))
        # Keep going with the records that are valid, so that one run reports broken
        # references too, not only the first layer of problems.
        loaded.briefing, loaded.broken_ids = partial_briefing(raw)
        loaded.valid = False
    for dataset in loaded.briefing.datasets:
        table = load_table(dataset, loaded, root, problems)
        if table is not None:
            loaded.tables[dataset.id] = table
    return loaded


_PLACEHOLDERS: dict[str, Any] = {"title": "", "edition": None, "bottom_line": "", "sources": []}


def partial_briefing(raw: dict[str, Any]) -> tuple[Briefing, set[str]]:
    """A Briefing of the records that validate on their own, and the ids of those that don't."""
    good: dict[str, Any] = dict(_PLACEHOLDERS)
    broken: set[str] = set()
    for name, info in Briefing.model_fields.items():
        if name not in raw:
            continue
        value = raw[name]
        item_model = _unwrap(info.annotation)
        is_record_list = (
            typing.get_origin(info.annotation) is list
            and isinstance(item_model, type)
            and issubclass(item_model, pydantic.BaseModel)
        )
        if is_record_list and isinstance(value, list):
            items = []
            for item in value:
                try:
                    items.append(item_model.model_validate(item))
                except pydantic.ValidationError:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        broken.add(item["id"])
            good[name] = items
            continue
        try:
            adapter = pydantic.TypeAdapter(
                typing.Annotated[info.annotation, *info.metadata]
                if info.metadata
                else info.annotation
            )
            good[name] = adapter.validate_python(value)
        except pydantic.ValidationError:
            pass
    return Briefing.model_construct(**good), broken


# --- turning pydantic's errors into analyst-facing problems ------------------------------

_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "string": "text",
    "number": "a number",
    "text": "text",
    "constrained-str": "text",
    "date": "a date (YYYY-MM-DD)",
    "date_from_datetime": "a date that exists (YYYY-MM-DD)",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping",
}


def _field_names(model: type[pydantic.BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model else []


def _model_at(loc: tuple[Any, ...]) -> type[pydantic.BaseModel] | None:
    """The record type found at a location, by walking the annotations of Briefing."""
    current: Any = Briefing
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return (
        current if isinstance(current, type) and issubclass(current, pydantic.BaseModel) else None
    )


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated or origin in (list, tuple):
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [
                a
                for a in typing.get_args(annotation)
                if isinstance(a, type) and issubclass(a, pydantic.BaseModel)
            ]
            return models[0] if models else annotation
        else:
            return annotation


def _clean_loc(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-member tags ('int', 'function-after[...]') from a location."""
    node, kept = raw, []
    for part in loc:
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            kept.append(part)
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and part in _field_names(_model_at(tuple(kept)))
        ):
            kept.append(part)  # a missing field: the location names it, the data does not
            break
        elif isinstance(part, str) and _field_names(_model_at(tuple(kept))) == [] and not kept:
            break
    return tuple(kept)


def dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value if not hasattr(value, "isoformat") else value.isoformat())
    return text if len(text) <= 60 else text[:57] + "…'"


def _expected(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "this required field"
    if kind == "finite_number":
        return "a finite number"
    if kind == "literal_error":
        return "one of " + ctx.get("expected", "")
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9-" in pattern:
            return "an id of lowercase letters, digits and hyphens (e.g. ru-ree-reserves)"
        if pattern.endswith(".csv$"):
            return "a CSV file name such as table.csv, in the briefing's folder"
        return f"text matching {pattern}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("string_too_long", "too_long"):
        return (
            err["msg"]
            .lower()
            .replace("string should have", "text of")
            .replace("list should have", "a list of")
        )
    if kind in ("string_too_short", "too_short"):
        return "a non-empty value"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        base = kind.rsplit("_", 1)[0]
        return _TYPE_WORDS.get(base, base.replace("_", " "))
    if kind in ("greater_than_equal", "less_than_equal"):
        return err["msg"].lower().replace("input should be", "a number")
    return err["msg"]


def validation_problems(exc: pydantic.ValidationError, loaded: LoadedBriefing) -> list[Problem]:
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for err in exc.errors():
        loc = _clean_loc(loaded.raw, tuple(err["loc"]))
        grouped.setdefault(loc, []).append(err)
    out: list[Problem] = []
    for loc, errs in grouped.items():
        # A union ("a number, a date or text") fails once per member; say it once.
        first = errs[0]
        if first["type"] == "extra_forbidden":
            for err in errs:
                name = str(err["loc"][-1])
                parent = _clean_loc(loaded.raw, tuple(err["loc"][:-1]))
                known = _field_names(_model_at(parent))
                line, col = loaded.position((*parent, name), key=True)
                out.append(
                    Problem(
                        loaded.file,
                        line,
                        col,
                        dotted((*parent, name)),
                        "one of the fields " + ", ".join(known),
                        f"unknown field '{name}'",
                        did_you_mean(name, known),
                    )
                )
            continue
        if first["type"] == "missing":
            line, col = loaded.position(loc[:-1])
            out.append(
                Problem(loaded.file, line, col, dotted(loc), "this required field", "nothing")
            )
            continue
        line, col = loaded.position(loc)
        expectations: list[str] = []
        for err in errs:
            word = _expected(err)
            if word not in expectations:
                expectations.append(word)
        hint = ""
        if first["type"] == "literal_error" and isinstance(first["input"], str):
            options = re.findall(r"'([^']*)'", str((first.get("ctx") or {}).get("expected", "")))
            hint = did_you_mean(first["input"], options)
        expected = (
            " or ".join(expectations)
            if len(expectations) < 4
            else (", ".join(expectations[:-1]) + " or " + expectations[-1])
        )
        out.append(
            Problem(loaded.file, line, col, dotted(loc), expected, _found(first["input"]), hint)
        )
    return out


# --- CSV tables -------------------------------------------------------------------------------


def _typed(value: str, kind: str) -> Any:
    value = value.strip()
    if value == "" or value.upper() in ("NA", "N/A"):
        return None
    if kind == "number":
        number = (
            float(value.replace(",", ""))
            if any(c in value for c in ".eE")
            else int(value.replace(",", ""))
        )
        finite_number(number)  # "nan", "inf", "1e999" are not figures
        return number
    if kind == "year":
        year = int(value)
        if not 1000 <= year <= 9999:
            raise ValueError
        return year
    if kind == "date":
        import datetime as dt

        return dt.date.fromisoformat(value).isoformat()
    return value


def typed_row(
    values: list[Any], dataset: Dataset
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """One row as a dict; errors as (column, expected, found)."""
    row: dict[str, Any] = {}
    errors: list[tuple[str, str, str]] = []
    for column, value in zip(dataset.columns, values, strict=False):
        try:
            if isinstance(value, str):
                row[column.name] = _typed(value, column.type)
            elif value is None:
                row[column.name] = None
            elif (
                column.type in ("number",)
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ) or (column.type == "year" and isinstance(value, int) and not isinstance(value, bool)):
                row[column.name] = finite_number(value)
            elif column.type == "date" and hasattr(value, "isoformat"):
                row[column.name] = value.isoformat()
            elif (
                column.type == "text"
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                row[column.name] = str(value)
            else:
                raise ValueError
        except ValueError:
            errors.append(
                (
                    column.name,
                    _TYPE_WORDS.get(column.type, column.type)
                    if column.type != "year"
                    else "a year",
                    _found(value),
                )
            )
    return row, errors


def load_table(
    dataset: Dataset, loaded: LoadedBriefing, root: Path, problems: Problems
) -> Table | None:
    index = loaded.briefing.datasets.index(dataset) if loaded.briefing else 0
    width = len(dataset.columns)
    names = [c.name for c in dataset.columns]
    if dataset.rows is not None:
        rows, lines = [], []
        for r, values in enumerate(dataset.rows):
            line, col = loaded.position(("datasets", index, "rows", r))
            if len(values) != width:
                problems.add(
                    Problem(
                        loaded.file,
                        line,
                        col,
                        f"datasets[{index}].rows[{r}]",
                        f"{width} values ({', '.join(names)})",
                        f"{len(values)} values",
                    )
                )
                continue
            row, errors = typed_row(values, dataset)
            for name, expected, found in errors:
                problems.add(
                    Problem(
                        loaded.file,
                        line,
                        col,
                        f"datasets[{index}].rows[{r}].{name}",
                        expected,
                        found,
                    )
                )
            rows.append(row)
            lines.append(line)
        return Table(names, rows, lines, loaded.file)

    assert dataset.csv is not None
    path = loaded.folder / dataset.csv
    shown = relative(path, root)
    line, col = loaded.position(("datasets", index, "csv"))
    if not path.is_file():
        present = [p.name for p in loaded.folder.glob("*.csv")]
        problems.add(
            Problem(
                loaded.file,
                line,
                col,
                f"datasets[{index}].csv",
                "a CSV file beside briefing.yaml",
                f"no file {dataset.csv!r}",
                did_you_mean(dataset.csv, present),
            )
        )
        return None
    text = read_text(path, shown, problems, "a CSV table with a header row")
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        problems.add(Problem(shown, reader.line_num, 0, "", "well-formed CSV", str(exc)))
        return None
    header = [h.strip() for h in records[0]] if records else []
    if header != names:
        delim = next(
            (d for d in (";", "\t", "|") if d in (records[0][0] if records and records[0] else "")),
            None,
        )
        problems.add(
            Problem(
                shown,
                1,
                1,
                "header",
                "the columns " + ",".join(names),
                ",".join(header) or "nothing",
                f"the file seems to use {delim!r} as delimiter; use commas"
                if delim
                else "the header must name the dataset's columns in order",
            )
        )
        return None
    rows, lines = [], []
    for number, values in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != width:
            problems.add(
                Problem(
                    shown,
                    number,
                    1,
                    f"row {number - 1}",
                    f"{width} values ({','.join(names)})",
                    f"{len(values)} values",
                )
            )
            continue
        row, errors = typed_row(values, dataset)
        for name, expected, found in errors:
            col_no = names.index(name) + 1
            problems.add(
                Problem(shown, number, col_no, f"row {number - 1}.{name}", expected, found)
            )
        rows.append(row)
        lines.append(number)
    return Table(names, rows, lines, shown)


def discover(data_dir: Path) -> list[Path]:
    """The briefing folders under data/briefings, in name order (deterministic)."""
    base = data_dir / "briefings"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_all(data_dir: Path, root: Path, problems: Problems,
             skip: Callable[[Path], bool] | None = None) -> list[LoadedBriefing]:
    """Every briefing folder, loaded. `skip(folder)` true: the caller already holds that
    briefing, validated (cache.py); it is not loaded again."""
    loaded = []
    skipped = 0
    for folder in discover(data_dir):
        if skip is not None and skip(folder):
            skipped += 1
            continue
        item = load_briefing(folder, root, problems)
        if item is not None:
            loaded.append(item)
    if not loaded and not skipped and not problems:
        problems.add(
            Problem(
                relative(data_dir / "briefings", root),
                0,
                0,
                "",
                "at least one folder with a briefing.yaml",
                "none",
                "see docs/guide.md to add a briefing",
            )
        )
    return loaded
