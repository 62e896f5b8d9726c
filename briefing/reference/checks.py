"""Does the reference still describe the code? Each message names what is missing or wrong
and where to fix it, so that a new field, record or value cannot go undocumented.

Used by tests/test_reference.py and by `python -m briefing.reference`, which refuses to
write a page that leaves something out.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .. import fields, model, units
from ..errors import Problems
from ..read.yaml import parse_yaml
from . import kinds
from .records import RECORDS, RecordDoc
from .values import SPECIAL_UNITS, VALUE_LISTS, ValueList
from .worked import worked

RECORDS_FILE = "briefing/reference/records.py"
VALUES_FILE = "briefing/reference/values.py"

# Fields whose allowed values the model keeps outside a Literal.
CODE_VALUES: dict[tuple[str, str], tuple[str, ...]] = {("Fact", "qualifier"): fields.QUALIFIERS}


def missing(root: type[BaseModel] = model.Briefing,
            records: dict[str, RecordDoc] | None = None,
            lists: tuple[ValueList, ...] = VALUE_LISTS) -> list[str]:
    """What the code has that the reference does not describe, and the other way round."""
    docs = RECORDS if records is None else records
    out: list[str] = []
    found = {cls.__name__: cls for cls in kinds.records(root)}
    for name, cls in found.items():
        doc = docs.get(name)
        if doc is None:
            out.append(f"{RECORDS_FILE}: no RecordDoc for record {name} (fields: "
                       f"{', '.join(kinds.names(cls))}); add RECORDS['{name}']")
            continue
        yaml_names = kinds.names(cls)
        for field in yaml_names:
            if field not in doc.fields:
                out.append(f"{RECORDS_FILE}: RECORDS['{name}'] has no description of field "
                           f"'{field}'; add \"{field}\": Doc(meaning, example)")
        for field in doc.fields:
            if field not in yaml_names:
                out.append(f"{RECORDS_FILE}: RECORDS['{name}'] describes field '{field}', "
                           f"which {name} does not have")
    for name in docs:
        if name not in found:
            out.append(f"{RECORDS_FILE}: RECORDS describes record {name}, which no briefing "
                       "holds")
    out.extend(_values(found, lists))
    described, special = set(SPECIAL_UNITS), set(units.SPECIAL)
    out.extend(f"{VALUES_FILE}: SPECIAL_UNITS has no meaning for unit word '{w}'"
               for w in sorted(special - described))
    out.extend(f"{VALUES_FILE}: SPECIAL_UNITS describes '{w}', not a unit word of units.py"
               for w in sorted(described - special))
    return out


def _values(found: dict[str, type[BaseModel]], lists: tuple[ValueList, ...]) -> list[str]:
    out: list[str] = []
    owned = {owner: v for v in lists for owner in v.owners}
    for name, cls in found.items():
        for f in kinds.fields(cls):
            allowed = f.literals or CODE_VALUES.get((name, f.name), ())
            if not allowed:
                continue
            v = owned.get((name, f.name))
            if v is None:
                out.append(f"{VALUES_FILE}: no ValueList describes the values of "
                           f"{name}.{f.name} ({', '.join(allowed)})")
                continue
            for value in allowed:
                if value not in v.choices:
                    out.append(f"{VALUES_FILE}: '{v.title}' has no meaning for '{value}', "
                               f"which {name}.{f.name} allows; add \"{value}\": "
                               "Choice(meaning, example)")
            for value in v.choices:
                if value not in allowed:
                    out.append(f"{VALUES_FILE}: '{v.title}' describes '{value}', which "
                               f"{name}.{f.name} does not allow")
    return out


def example_problems() -> list[str]:
    """Every example that is not valid YAML for its record, or does not show its field."""
    out: list[str] = []
    bases: dict[str, dict[str, object]] = {}
    models = {cls.__name__: cls for cls in kinds.records()}
    for name, doc in RECORDS.items():
        cls = models.get(name)
        if cls is None:
            continue  # reported by missing()
        base = _load(doc.example)
        where = f"{RECORDS_FILE}: RECORDS['{name}']"
        if base is None:
            out.append(f"{where}.example is not a YAML mapping")
            continue
        bases[name] = base
        out.extend(f"{where}.example: {e}" for e in _invalid(cls, base))
        for field, fdoc in doc.fields.items():
            fragment = _load(fdoc.example)
            fwhere = f"{where}.fields['{field}'].example"
            if fragment is None or list(fragment) != [field]:
                out.append(f"{fwhere}: expected one line '{field}: …', found "
                           f"{fdoc.example!r}")
                continue
            rest = {k: v for k, v in base.items() if k not in fdoc.instead_of.split()}
            out.extend(f"{fwhere}: {e}" for e in _invalid(cls, {**rest, **fragment}))
    for v in VALUE_LISTS:
        cls, base = models.get(v.record), bases.get(v.record)
        if cls is None or base is None:
            continue
        for key, choice in v.choices.items():
            where = f"{VALUES_FILE}: '{v.title}' value '{key}'"
            fragment = _load(choice.example)
            if fragment is None:
                out.append(f"{where}: the example is not a YAML mapping")
                continue
            for rec, field in v.owners:
                if rec == v.record and field in fragment and str(fragment[field]) != key:
                    out.append(f"{where}: the example sets {field} to "
                               f"{fragment[field]!r}, not '{key}'")
            out.extend(f"{where}: {e}" for e in _invalid(cls, {**base, **fragment}))
    # The derivations' examples, computed by the checks over briefing/reference/worked.py.
    out.extend(f"briefing/reference/worked.py: {e}" for e in worked()[1])
    return out


def _load(text: str) -> dict[str, object] | None:
    """YAML as the briefing reader reads it (same loader: dates, no tags)."""
    doc = parse_yaml(text, "example", Problems())
    return doc.data if doc is not None and isinstance(doc.data, dict) else None


def _invalid(cls: type[BaseModel], data: dict[str, object]) -> list[str]:
    try:
        cls.model_validate(data)
    except ValidationError as exc:
        return [f"{'.'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}"
                for e in exc.errors()]
    return []
