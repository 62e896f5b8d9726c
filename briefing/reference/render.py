"""docs/reference.md: the records, their fields and the values they allow, as one page.

Field names, kinds, required fields, defaults and allowed values are read from the models
(kinds.py); meanings and examples from records.py and values.py; chart rules from
check/charts.py and unit words from units.py. Nothing about a field is written twice.
"""

from __future__ import annotations

import math

from pydantic import BaseModel

from .. import fields, units
from ..check.charts import CHART_FIELDS, CHART_SERIES
from . import kinds
from .records import RECORDS
from .values import (
    DERIVATIONS,
    PROJECT_DEFINITION,
    PROJECT_UNIT,
    PROJECT_VALUE,
    SPECIAL_UNITS,
    VALUE_LISTS,
    ValueList,
    project_unit_shows,
    refused_unit,
    unit_rows,
)
from .worked import worked

HEADER = """\
<!-- Generated from the code by `make reference` (python -m briefing.reference). Do not edit:
     change briefing/reference/ or briefing/model.py and regenerate. -->

# Reference

Every field a briefing can hold, every value those fields allow, and an example of each.
This page is generated from the records the generator validates with, so it says exactly
what `python build.py validate` accepts; a test fails when the two differ. The
[guide](guide.md) explains how to put a briefing together.

A field marked *required* must be present; any other may be left out, and then takes its
default. A record accepts no field it does not list: a typo such as `sorce:` is an error,
with the closest name suggested.
"""


def cell(text: str) -> str:
    """Table cell text: a pipe would end the cell, a line break the row."""
    return text.replace("|", "\\|").replace("\n", " ")


def code(yaml: str) -> str:
    """YAML lines as code spans, one a line, for a table cell."""
    return "<br>".join(f"`{line}`" for line in yaml.strip().splitlines())


def reference() -> str:
    """The whole page, as Markdown."""
    parts = [HEADER, _contents(), *(_record(cls) for cls in kinds.records())]
    parts.append("## Values\n\nThe values that fields with a fixed list allow, what each "
                 "means and, where it shows, what readers see.\n")
    parts.extend(_values(v) for v in VALUE_LISTS)
    parts.append(_units())
    return "\n".join(parts).rstrip() + "\n"


def _contents() -> str:
    names = [cls.__name__ for cls in kinds.records()]
    records = ", ".join(f"[{n}](#{n.lower()})" for n in names)
    values = ", ".join(f"[{v.title}](#{_anchor(v.title)})" for v in VALUE_LISTS)
    return (f"**Records:** {records}.\n\n**Values:** {values}, [Units](#units).\n\n"
            "## Records\n")


def _anchor(title: str) -> str:
    return title.lower().replace(" ", "-")


def _required(f: kinds.FieldFacts) -> str:
    if f.required:
        return "required"
    return "no" if f.default == "none" else f"no, default `{f.default}`"


def _record(cls: type[BaseModel]) -> str:
    name = cls.__name__
    doc = RECORDS.get(name)
    lines = [f"### {name}", ""]
    if doc is not None:
        lines += [doc.intro, "", f"**Written:** {doc.where}.", ""]
    lines += ["| Field | Kind | Required | Meaning | Example |", "| --- | --- | --- | --- | --- |"]
    for f in kinds.fields(cls):
        fdoc = doc.fields.get(f.name) if doc else None
        meaning = fdoc.meaning if fdoc else "*(not described yet)*"
        example = code(fdoc.example) if fdoc else ""
        lines.append(f"| `{f.name}` | {cell(f.kind)} | {_required(f)} | {cell(meaning)} "
                     f"| {example} |")
    if doc is not None:
        lines += ["", "```yaml", doc.example.rstrip(), "```"]
    return "\n".join(lines) + "\n"


def _values(v: ValueList) -> str:
    lines = [f"### {v.title}", "", v.intro, ""]
    owners = ", ".join(f"`{field}` of [{rec}](#{rec.lower()})" for rec, field in v.owners)
    if owners:
        lines += [f"For {owners}.", ""]
    shows = any(c.shows for c in v.choices.values())
    chart = v.owners == (("Chart", "kind"),)
    computed = worked()[0] if v is DERIVATIONS else {}
    head = ["Value", "Meaning", "Example"]
    if chart:
        head[2:2] = ["`x`", "`y`", "`series`"]
    if computed:
        head += ["From", "Readers see"]
    if shows:
        head.append("Readers see")
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for key, c in v.choices.items():
        row = [f"`{key}`", cell(c.meaning), code(c.example)]
        if chart:
            axes = CHART_FIELDS.get(key, {})
            row[2:2] = [_types(axes.get("x")), _types(axes.get("y")),
                        _types(CHART_SERIES.get(key))]
        if computed:
            w = computed.get(key)
            row += [cell(w.inputs), cell(w.shows)] if w else ["", ""]
        if shows:
            row.append(cell(c.shows))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def _types(types: tuple[str, ...] | None) -> str:
    return " or ".join(types) if types else "—"


def _units() -> str:
    special = "\n".join(f"| `{word}` | {cell(SPECIAL_UNITS.get(word, ''))} |"
                        for word in units.SPECIAL)
    examples = "\n".join(f"| `{text}` | `{value}` | {cell(shows)} |"
                         for text, value, shows in unit_rows())
    currencies = ", ".join(f"`{c}`" for c in units.CURRENCIES)
    scales = ", ".join(f"`{s}`" for s in units.SCALES)
    tonnes = ", ".join(f"`{t}`" for t in units.TONNES)
    per = ", ".join(f"`{p}` (\"{w}\")" for p, w in units.PER_TIME.items())
    ambiguous = ", ".join(f"`{a}`" for a in units.AMBIGUOUS)
    return f"""\
## Units

A fact's `unit` (and a number column's) is read by [pint](https://pint.readthedocs.io/):
any unit it knows, the briefing words below, and the project's own in `data/units.txt`
(pint's syntax, one a line). A compound unit has one `/` or `per`; a scale word follows a
currency. Units that measure different things never combine, and currencies never convert
into each other.

| Word | Means |
| --- | --- |
{special}

- **Tonnes:** {tonnes}; shown in tonnes, compactly. `t REO` is tonnes of rare-earth-oxide
  equivalent, a dimension of its own: never added to plain tonnes.
- **Currencies:** {currencies}.
- **Scale words**, after a currency: {scales}.
- **Per period:** {per}.
- **Refused as ambiguous:** {ambiguous} (a short ton in the United States, a long ton in
  Britain): write `t`, `short_ton` or `long_ton`.

| Unit | Value | Readers see |
| --- | --- | --- |
{examples}

A unit `validate` cannot read is refused with the closest known one: `USD/kgg` gets
"{refused_unit("USD/kgg")}". A project unit is defined in `data/units.txt`, one a line:

```text
{PROJECT_DEFINITION}
```

and then `value: {PROJECT_VALUE}` with `unit: {PROJECT_UNIT}` reads "{project_unit_shows()}".

Numbers are finite and smaller than 10<sup>{math.log10(fields.MAX_MAGNITUDE):.0f}</sup> in size.
"""
