"""Plain YAML data → a validated Briefing, and pydantic's errors → positioned problems.

pydantic names a failing field by its path and the rules it broke, once per member of a
union ("a number, a date or text"); an analyst wants one message per field, at its line,
saying what was expected and what was found. When a briefing does not validate, the
records that do are kept (partial_briefing), and of those that do not, the fields that do
(salvage.py), so that one run reports broken references too, not only the first layer of
problems.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

import pydantic
from pydantic_core import ErrorDetails

from ..errors import Problem, did_you_mean
from ..model import Briefing
from .salvage import Salvaged, salvage
from .sourcemap import SourceMap, dotted

TYPE_WORDS = {
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
    "model": "a mapping of fields",  # a record given as one value (from: reserves)
}


def found(value: object) -> str:
    """A value as a message quotes it: short, and dates as written."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    isoformat = getattr(value, "isoformat", None)
    text = repr(value if isoformat is None else isoformat())
    return text if len(text) <= 60 else text[:57] + "…'"


_PLACEHOLDERS: dict[str, object] = {"title": "", "edition": None, "bottom_line": "", "sources": []}


def partial_briefing(data: dict[str, object]) -> tuple[Briefing, set[str], list[Salvaged]]:
    """A Briefing of the records that validate on their own, the ids of those that don't,
    and what is left of those (their fields that validate)."""
    good: dict[str, Any] = dict(_PLACEHOLDERS)  # Any: model_construct takes any field value
    broken: set[str] = set()
    salvaged: list[Salvaged] = []
    for name, info in Briefing.model_fields.items():
        if name not in data:
            continue
        value = data[name]
        item_model = _unwrap(info.annotation)
        is_record_list = (
            typing.get_origin(info.annotation) is list
            and isinstance(item_model, type)
            and issubclass(item_model, pydantic.BaseModel)
        )
        if is_record_list and isinstance(value, list):
            items = []
            for index, item in enumerate(value):
                try:
                    items.append(item_model.model_validate(item))
                except pydantic.ValidationError as exc:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        broken.add(item["id"])
                    kept = salvage(name, index, item_model, item, exc)
                    if kept is not None:
                        salvaged.append(kept)
            good[name] = items
            continue
        try:
            # Any: a type made at run time from the field's annotation and constraints.
            annotation: Any = (typing.Annotated[info.annotation, *info.metadata]
                               if info.metadata else info.annotation)
            good[name] = pydantic.TypeAdapter(annotation).validate_python(value)
        except pydantic.ValidationError:
            pass
    return Briefing.model_construct(**good), broken, salvaged


def _field_names(model: type[pydantic.BaseModel] | None) -> list[str]:
    # As the YAML spells them: Fact.from_ is written `from` (a Python keyword).
    return [info.alias or name for name, info in model.model_fields.items()] if model else []


def _model_at(loc: tuple[object, ...],
              root: type[pydantic.BaseModel] = Briefing) -> type[pydantic.BaseModel] | None:
    """The record type found at a location, by walking the annotations of `root`."""
    current: object = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, pydantic.BaseModel)):
            return None
        info = current.model_fields.get(str(part)) or next(
            (i for i in current.model_fields.values() if i.alias == part), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return (
        current if isinstance(current, type) and issubclass(current, pydantic.BaseModel) else None
    )


def _unwrap(annotation: Any) -> Any:  # Any: type annotations are not values mypy can narrow
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


def _step(node: object, part: str | int) -> tuple[bool, object]:
    """Whether the data at `node` holds `part`, and what it holds there."""
    if isinstance(node, dict) and isinstance(part, str) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _clean_loc(data: object, loc: tuple[str | int, ...],
               root: type[pydantic.BaseModel] = Briefing) -> tuple[str | int, ...]:
    """Drop pydantic's union-member tags ('int', 'function-after[...]') from a location."""
    node, kept = data, list[str | int]()
    for part in loc:
        present, child = _step(node, part)
        if present:
            node = child
            kept.append(part)
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and part in _field_names(_model_at(tuple(kept), root))
        ):
            kept.append(part)  # a missing field: the location names it, the data does not
            break
        elif (isinstance(part, str) and not kept
              and _field_names(_model_at(tuple(kept), root)) == []):
            break
    return tuple(kept)


def _expected(err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "this required field"
    if kind == "finite_number":
        return "a finite number"
    if kind == "literal_error":
        return "one of " + str(ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9-" in pattern:
            return "an id of lowercase letters, digits and hyphens (e.g. ru-ree-reserves)"
        if pattern.endswith(".csv$"):
            return "a CSV file name such as table.csv, in the briefing's folder"
        return f"text matching {pattern}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "record_rule":  # a whole-record rule of model.py, saying what it expected
        return str(ctx["expected"])
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
        return TYPE_WORDS.get(base, base.replace("_", " "))
    if kind in ("greater_than_equal", "less_than_equal"):
        return err["msg"].lower().replace("input should be", "a number")
    return str(err["msg"])


def validation_problems(exc: pydantic.ValidationError, data: dict[str, object],
                        source_map: SourceMap, file: str,
                        model: type[pydantic.BaseModel] = Briefing) -> list[Problem]:
    """One problem per field that failed, at the field's line (an unknown field: at its key;
    a missing one: at the record it is missing from). `model`: what `data` was validated
    as (a briefing, or the source library)."""
    grouped: dict[tuple[str | int, ...], list[ErrorDetails]] = {}
    for err in exc.errors():
        loc = _clean_loc(data, tuple(err["loc"]), model)
        grouped.setdefault(loc, []).append(err)
    out: list[Problem] = []
    for loc, errs in grouped.items():
        # A union ("a number, a date or text") fails once per member; say it once.
        first = errs[0]
        if first["type"] == "extra_forbidden":
            for err in errs:
                name = str(err["loc"][-1])
                parent = _clean_loc(data, tuple(err["loc"][:-1]), model)
                known = _field_names(_model_at(parent, model))
                line, col = source_map.position((*parent, name), key=True)
                out.append(
                    Problem(
                        file,
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
            line, col = source_map.position(loc[:-1])
            out.append(Problem(file, line, col, dotted(loc), "this required field", "nothing"))
            continue
        line, col = source_map.position(loc)
        expectations: list[str] = []
        for err in errs:
            word = _expected(err)
            if word not in expectations:
                expectations.append(word)
        hint = ""
        if first["type"] == "literal_error":
            options = re.findall(r"'([^']*)'", str((first.get("ctx") or {}).get("expected", "")))
            if isinstance(first["input"], str):
                hint = did_you_mean(first["input"], options)
            elif isinstance(first["input"], bool) and str(first["input"]).lower() in options:
                # `verdict: false` is YAML's boolean, not the verdict: quoting makes it text.
                word = str(first["input"]).lower()
                hint = f"write '{word}' in quotes: YAML reads an unquoted {word} as a yes/no"
        expected = (
            " or ".join(expectations)
            if len(expectations) < 4
            else (", ".join(expectations[:-1]) + " or " + expectations[-1])
        )
        shown = str((first.get("ctx") or {}).get("found") or found(first["input"]))
        out.append(Problem(file, line, col, dotted(loc), expected, shown, hint))
    return out
