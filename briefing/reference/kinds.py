"""What the records say about themselves: their fields, each field's kind in words,
whether it is required, its default and the values it allows, read from the pydantic
models so that the reference can never describe a field the code does not have.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo
from pydantic.functional_validators import AfterValidator

from .. import fields as value_kinds
from .. import model

# Validators that give a plain str or date its meaning: named by what analysts write. Looked
# up by name, so that one renamed in fields.py leaves its fields described by their base type
# (a date, a number or text) instead of breaking the reference.
_VALIDATED: dict[Any, str] = {
    getattr(value_kinds, name, name): words for name, words in {
        "_partial_date": "date (day, month, quarter or year)",
        "_as_of": "as-of period (a date or a span)",
        "_web_url": "web address (http or https)",
        "_qualifier": "qualifier",
    }.items()
}


@dataclass(frozen=True)
class FieldFacts:
    """One field as the model defines it."""

    name: str
    kind: str  # in words, Markdown: "id", "list of [Fact](#fact)", "one of `a`, `b`"
    required: bool
    default: str  # as YAML would show it; "" when required
    literals: tuple[str, ...]  # the allowed values of a Literal field, in order
    models: tuple[type[BaseModel], ...]  # records nested in this field


def records(root: type[BaseModel] = model.Briefing) -> list[type[BaseModel]]:
    """Every record reachable from `root`, root first, each once, in field order; then the
    source library's (data/sources.yaml), which no briefing holds but analysts write."""
    seen: list[type[BaseModel]] = []

    def visit(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for info in cls.model_fields.values():
            for nested in _nested(info.annotation):
                visit(nested)

    visit(root)
    visit(model.SourceLibrary)
    return seen


def names(cls: type[BaseModel]) -> list[str]:
    """The fields of one record as briefing.yaml spells them: a field that is a Python
    keyword (`from`) is declared `from_` with an alias."""
    return [info.alias or name for name, info in cls.model_fields.items()]


def fields(cls: type[BaseModel]) -> list[FieldFacts]:
    """The fields of one record, in the order the model declares them."""
    out = []
    for name, info in zip(names(cls), cls.model_fields.values(), strict=True):
        out.append(FieldFacts(name, describe(info.annotation, info.metadata),
                              info.is_required(), _default(info),
                              literals(info.annotation), tuple(_nested(info.annotation))))
    return out


def literals(annotation: Any) -> tuple[str, ...]:
    """The values of the Literal inside `annotation` (through Optional and Annotated)."""
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Annotated, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if found := literals(arg):
                return found
    return ()


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return ""
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == []:
        return "[]"
    return str(value)


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(n for n in _nested(arg) if n not in found)
    return found


def describe(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> str:
    """A field's type in an analyst's words. Unknown shapes fall back to their name, so a
    field of a new type still gets a row (and its meaning says the rest)."""
    for meta in metadata:
        if isinstance(meta, AfterValidator) and meta.func in _VALIDATED:
            return _VALIDATED[meta.func]
    if typing.get_origin(annotation) is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return describe(base, [*metadata, *more])
    if typing.get_origin(annotation) is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if any(_is_discriminated(m) for m in metadata):
            return "number, range, date or text"
        words = list(dict.fromkeys(describe(a, metadata if len(args) == 1 else ()) for a in args))
        if "number" in words and "whole number" in words:  # int | float: any number
            words.remove("whole number")
        return " or ".join(words)
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation) or (str, object)
        return f"mapping of {describe(key)} to {describe(value)}"
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (object,)
        return "list of " + describe(item) + _bounds(metadata, "items")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is str:
        return _text(metadata)
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return "whole number" + _bounds(metadata, "")
    if annotation is float:
        return "number"
    if annotation is dt.date:
        return "full date (YYYY-MM-DD)"
    if annotation is object:
        return "any value"
    return getattr(annotation, "__name__", str(annotation))


def _is_discriminated(meta: object) -> bool:
    return type(meta).__name__ == "Discriminator"


def _text(metadata: list[Any] | tuple[Any, ...]) -> str:
    for meta in metadata:
        if isinstance(meta, StringConstraints):
            if meta.pattern == value_kinds.ID_PATTERN:
                return "id"
            if meta.pattern:
                return "name"
            if meta.max_length and meta.max_length <= 300:
                return f"text, up to {meta.max_length} characters"
            if meta.max_length:
                return "Markdown text"
    return "text"


def _bounds(metadata: list[Any] | tuple[Any, ...], noun: str) -> str:
    low = high = None
    for meta in metadata:
        for part in getattr(meta, "metadata", [meta]):
            if isinstance(part, MinLen | Ge):
                low = getattr(part, "min_length", getattr(part, "ge", None))
            if isinstance(part, MaxLen | Le):
                high = getattr(part, "max_length", getattr(part, "le", None))
    if low is None and high is None:
        return ""
    noun = f" {noun}" if noun else ""
    if low is not None and high is not None:
        return f", {low} to {high}{noun}"
    return f", at least {low}{noun}" if low is not None else f", at most {high}{noun}"
