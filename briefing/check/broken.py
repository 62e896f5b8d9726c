"""The records that failed validation, checked as far as their good fields allow.

A fact whose label is empty still names a source, and that source may be mistyped too:
the analyst should hear of both in one run. Only the fields that validated are checked
(read/salvage.py keeps them); the failed ones were reported where they stand.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problems
from ..model import Range
from ..read.briefing import LoadedBriefing
from ..read.salvage import Salvaged
from .lookup import check_ref, parsed_unit
from .prose import check_prose

# The fields that name another record: (kind, field) → the kind of record named.
REFERENCES: dict[tuple[str, str], str] = {
    ("facts", "source"): "sources",
    ("claims", "source"): "sources",
    ("claims", "evidence"): "facts",
    ("events", "source"): "sources",
    ("datasets", "source"): "sources",
    ("charts", "dataset"): "datasets",
}
# Prose fields, checked like every other prose.
PROSE: dict[str, str] = {"claims": "reasoning", "sections": "body"}


def check_salvaged(loaded: LoadedBriefing, known: Mapping[str, Mapping[str, object]],
                   problems: Problems, definitions: str = "") -> None:
    """References, units and prose of the records that failed validation. `known`: the
    ids of each kind of record ("sources", "facts", "claims", "datasets")."""
    for record in loaded.salvaged:
        _references(loaded, record, known, problems)
        prose = PROSE.get(record.kind)
        if prose is not None and record.good(prose):
            check_prose(loaded, (record.kind, record.index, prose), record.fields[prose],
                        known, problems)
        if record.kind == "facts":
            _fact_unit(loaded, record, problems, definitions)


def _references(loaded: LoadedBriefing, record: Salvaged,
                known: Mapping[str, Mapping[str, object]], problems: Problems) -> None:
    for (kind, name), target in REFERENCES.items():
        if kind != record.kind or not record.good(name):
            continue
        value = record.fields[name]
        refs = value if isinstance(value, list) else [value]
        for j, ref in enumerate(refs):
            loc = ((kind, record.index, name, j) if isinstance(value, list)
                   else (kind, record.index, name))
            check_ref(loaded, loc, ref, known[target], target, problems)
    if record.kind == "derived" and record.good("derive"):
        for j, ref in enumerate(record.fields["derive"].of):
            check_ref(loaded, ("derived", record.index, "derive", "of", j), ref, known["facts"],
                      "facts", problems)


def _fact_unit(loaded: LoadedBriefing, record: Salvaged, problems: Problems,
               definitions: str) -> None:
    """A unit pint does not know. Beside a value that failed it is still a unit that was
    meant; beside text or a date the unit itself is the mistake, which the full check of
    the fact reports once the rest of it validates."""
    unit = record.fields.get("unit")
    if unit is None:
        return
    value = record.fields.get("value")
    if record.good("value") and not isinstance(value, int | float | Range):
        return
    parsed_unit(loaded, ("facts", record.index, "unit"), unit, definitions, problems)
