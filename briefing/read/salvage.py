"""What is left of a record that failed validation: the fields that did validate.

pydantic reports every field of a record, but then drops the whole record: its
model_validator(mode="after") checks never run, and nothing is left whose references or
units could be checked. Keeping the good fields lets one run report those problems too,
instead of showing them only once the first layer is fixed.
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from typing import Any

import pydantic
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class Salvaged:
    """One record of a list (`kind`[`index`]) that failed validation."""

    kind: str  # the Briefing field holding it, e.g. "facts"
    index: int
    model: type[pydantic.BaseModel]
    # Any: each field's validated value, of its own type. Fields not given hold their default.
    fields: dict[str, Any]
    bad: frozenset[str]  # fields that failed (or are missing, or unknown)

    def good(self, name: str) -> bool:
        return name in self.fields


@functools.cache
def _adapter(model: type[pydantic.BaseModel], name: str) -> pydantic.TypeAdapter[Any]:
    info = model.model_fields[name]
    # Any: a type made at run time from the field's annotation and constraints.
    annotation: Any = (typing.Annotated[info.annotation, *info.metadata]
                       if info.metadata else info.annotation)
    return pydantic.TypeAdapter(annotation)


def salvage(kind: str, index: int, model: type[pydantic.BaseModel], item: object,
            exc: pydantic.ValidationError) -> Salvaged | None:
    """The good fields of `item`, which failed `model` with `exc`; None if it is no mapping."""
    if not isinstance(item, dict):
        return None
    bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in bad:
            continue
        if name in item:
            try:
                fields[name] = _adapter(model, name).validate_python(item[name])
            except pydantic.ValidationError:  # pragma: no cover - pydantic reported it already
                bad.add(name)
        elif not info.is_required():
            fields[name] = info.get_default(call_default_factory=True)
    return Salvaged(kind, index, model, fields, frozenset(bad))


def whole_record_problems(record: Salvaged) -> list[tuple[str, str | None]]:
    """What the model's whole-record checks (model_validator, mode="after") say of the good
    fields. pydantic skipped them because a field failed; a check that reads a failed field
    is skipped here too, since it would judge a value that is not there."""
    if not record.bad:
        return []  # every field validated: pydantic ran these checks and reported them
    instance = record.model.model_construct(**record.fields)
    for name in record.bad:
        # Reading a failed field must raise AttributeError, not see its default.
        instance.__dict__.pop(name, None)
    messages: list[tuple[str, str | None]] = []
    for decorator in record.model.__pydantic_decorators__.model_validators.values():
        if decorator.info.mode != "after":
            continue
        try:
            decorator.func(instance)
        except AttributeError:
            continue
        except PydanticCustomError as exc:
            context = exc.context or {}
            messages.append((str(context.get("expected", exc.message())),
                             str(context["found"]) if "found" in context else None))
        except ValueError as exc:
            messages.append((str(exc), None))
    return messages
