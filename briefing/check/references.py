"""From a loaded briefing to a resolved one: ids indexed, every reference checked.

Nothing here reads files or writes output. A repeated id, a reference to an id that
names no record, a unit that is not known and a number typed as text each become a
Problem that names the file, line and field, with the known ids and a "did you mean"
where one is close. Derived facts (derive.py), charts (charts.py), prose (prose.py)
and figures typed by hand (sourcing.py) are checked from here, in that order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from .. import format as fmt
from .. import units
from ..errors import Problem, Problems
from ..fields import PARTIAL_DATE_RE
from ..model import Dataset, Fact, Range, Source
from ..read.briefing import LoadedBriefing
from ..read.library import LoadedLibrary
from .agreement import check_agreement
from .broken import check_salvaged
from .charts import check_charts
from .derive import derive_facts
from .lints import cited
from .lookup import check_ref, parsed_unit
from .prose import PROSE_FUNCTIONS, check_prose, parse
from .resolved import FactView, ResolvedBriefing
from .sourcing import check_sourcing
from .taken import Taken, taken_figure


class _Record(Protocol):
    @property
    def id(self) -> str | None: ...


R = TypeVar("R", bound=_Record)


def _index(
    loaded: LoadedBriefing,
    kind: str,
    items: Iterable[R],
    problems: Problems,
    taken: dict[str, str] | None = None,
) -> dict[str, R]:
    """Records by id; a repeated id is a problem that names both places. `taken`: ids
    already used by records of another kind, with where they stand."""
    out: dict[str, R] = {}
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id is None:
            continue
        line, col = loaded.position((kind, i, "id"))
        if item.id in out or (taken is not None and item.id in taken):
            where = (f"line {first_seen[item.id]}" if item.id in first_seen
                     else (taken or {})[item.id])
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"{kind}[{i}].id",
                    "an id used once in this briefing",
                    f"'{item.id}' again (first at {where})",
                )
            )
            continue
        out[item.id] = item
        first_seen[item.id] = line
    return out


NUMERIC_TEXT_RE = re.compile(r"^[<>~≈]?\s*[-+]?[\d,.]*\d\s*%?$")


def _looks_numeric(text: str) -> bool:
    """'12', '3,800', '>90,000,000', '14.6%': numbers typed as text lose units and formats."""
    return bool(NUMERIC_TEXT_RE.match(text.strip()))


RANGE_TEXT_RE = re.compile(r"^[$€£]?\s*([\d,.]+)\s*(?:-|–|—|to)\s*[$€£]?\s*([\d,.]+)\b")
NUMBER_WITH_UNIT_RE = re.compile(r"^[$€£]?\s*([\d,.]*\d)\s*[A-Za-z%/ ]*$")


def _unit_on_text_hint(fact: Fact) -> str:
    """How to write what a text value with a unit most likely meant."""
    text = str(fact.value)
    if isinstance(fact.value, dt.date) or PARTIAL_DATE_RE.match(text):
        return "a date needs no unit: remove 'unit'"
    if m := RANGE_TEXT_RE.match(text):
        low, high = (g.replace(",", "") for g in m.groups())
        return f"write a range as value: {{low: {low}, high: {high}}}"
    if m := NUMBER_WITH_UNIT_RE.match(text):
        return f"write a number as value: {m.group(1).replace(',', '')} with its unit in 'unit'"
    return "a unit goes with a number or a range; for text, remove 'unit'"


def _fact_view(fact: Fact, unit: units.Unit | None, taken: Taken | None = None) -> FactView:
    """What pages show of a fact; `taken`: the figure of a fact taken from a dataset."""
    value = taken.value if taken is not None else fact.value
    assert value is not None  # model.Fact: a value or a from
    if isinstance(value, Range) and unit is not None:
        display = units.format_range(value.low, value.high, unit, fact.precision,
                                     fact.qualifier)
    elif isinstance(value, int | float) and unit is not None:
        display = units.format_quantity(value, unit, fact.precision, fact.qualifier)
    elif isinstance(value, dt.date):
        display = fmt.format_date_text(value)
    else:
        display = str(value)
    return FactView(
        fact.id,
        fact.label,
        value,
        unit.text if taken is not None and unit is not None else fact.unit,
        display,
        taken.as_of if taken is not None else str(fact.as_of),  # text (fields._as_of)
        [taken.source if taken is not None else str(fact.source)],
        fact.confidence,
        fact.estimate,
        fact.note,
        qualifier=fact.qualifier,
    )


def _checked_facts(loaded: LoadedBriefing, sources: dict[str, Source],
                   records: dict[str, Fact], datasets: dict[str, Dataset], problems: Problems,
                   definitions: str = "") -> dict[str, FactView]:
    """Views of the facts whose source, unit and value hold (or whose cell does)."""
    facts: dict[str, FactView] = {}
    for i, fact in enumerate(loaded.briefing.facts):
        ok = fact.source is None or check_ref(loaded, ("facts", i, "source"), fact.source,
                                              sources, "sources", problems)
        if fact.from_ is not None:
            taken = taken_figure(loaded, i, fact, datasets, problems, definitions)
            if ok and taken is not None and records.get(fact.id) is fact:
                facts[fact.id] = _fact_view(fact, taken.unit, taken)
            continue
        unit = None
        numeric = isinstance(fact.value, int | float | Range)
        if isinstance(fact.value, str) and _looks_numeric(fact.value):
            line, col = loaded.position(("facts", i, "value"))
            problems.add(Problem(loaded.file, line, col, f"facts[{i}].value",
                                 "a number, not text", repr(fact.value),
                                 "write it without quotes and separators, e.g. 3800000, "
                                 "with a qualifier for bounds (more-than, about)"))
            ok = False
        elif fact.unit is not None and not numeric:
            # A unit on text or a date would be dropped silently: say so.
            kind = "date" if isinstance(fact.value, dt.date) or PARTIAL_DATE_RE.match(
                str(fact.value)) else "text"
            line, col = loaded.position(("facts", i, "unit"))
            problems.add(Problem(loaded.file, line, col, f"facts[{i}].unit",
                                 f"no unit for a {kind} value", f"'{fact.unit}'",
                                 _unit_on_text_hint(fact)))
            ok = False
        elif fact.unit is not None:
            unit = parsed_unit(loaded, ("facts", i, "unit"), fact.unit, definitions, problems)
            ok = ok and unit is not None
        if isinstance(fact.value, Range) and fact.value.low > fact.value.high:
            line, col = loaded.position(("facts", i, "value", "high"))
            problems.add(Problem(loaded.file, line, col, f"facts[{i}].value.high",
                                 f"a high end at least the low end ({fact.value.low:g})",
                                 f"{fact.value.high:g}", "write the smaller figure as low"))
            ok = False
        if fact.unit == "rank" and not isinstance(fact.value, int):
            line, col = loaded.position(("facts", i, "value"))
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"facts[{i}].value",
                    "a whole number for a rank",
                    repr(fact.value),
                )
            )
            ok = False
        if ok and records.get(fact.id) is fact:
            facts[fact.id] = _fact_view(fact, unit)
    return facts


def _with_library(loaded: LoadedBriefing, own: dict[str, Source],
                  library: LoadedLibrary | None, problems: Problems) -> dict[str, Source]:
    """The sources the briefing may cite: its own, then the library's. An id both define
    is refused at the briefing's record, naming the library's line: a citation must never
    depend on which of two sources wins."""
    if library is None:
        return own
    if library.broken:
        # What the unread library may define is not reported as unknown: one message, at
        # the library, says what to fix.
        loaded.broken_ids |= _cited_sources(loaded) - set(own)
    for i, source in enumerate(loaded.briefing.sources):
        if source.id in library.sources and own.get(source.id) is source:
            line, col = loaded.position(("sources", i, "id"))
            problems.add(Problem(
                loaded.file, line, col, f"sources[{i}].id",
                "an id the source library does not define",
                f"'{source.id}', also at {library.file}:{library.line(source.id)}",
                "remove this record and cite the library's, or give it another id"))
    return {**library.sources, **own}


def _cited_sources(loaded: LoadedBriefing) -> set[str]:
    """Every source id the briefing's records and prose name."""
    b = loaded.briefing
    ids = {str(f.source) for f in b.facts if f.source is not None}
    ids |= {c.source for c in b.claims} | {e.source for e in b.events}
    ids |= {d.source for d in b.datasets}
    for text in (b.bottom_line, *(s.body for s in b.sections),
                 *(c.reasoning for c in b.claims)):
        ids |= {call.id for call in parse(text).calls
                if PROSE_FUNCTIONS.get(call.name) == "sources"}
    return ids


def _listed(rb: ResolvedBriefing, own: dict[str, Source]) -> None:
    """Keep of the library only the sources this briefing's pages cite, after its own, in
    the library's order, and number them so: a page lists what it cites, never the whole
    library."""
    _, used = cited(rb)
    listed = dict(own)
    listed.update((k, s) for k, s in rb.sources.items() if k not in own and k in used)
    rb.sources = listed
    rb.source_numbers = {k: n for n, k in enumerate(listed, start=1)}


def resolve(loaded: LoadedBriefing, problems: Problems, definitions: str = "",
            identifiers: Sequence[str] = (),
            library: LoadedLibrary | None = None) -> ResolvedBriefing | None:
    """The briefing with every reference checked and derived facts computed, or None when
    it has problems (added to `problems`) or failed validation. `definitions`: the
    project's units (data/units.txt, pint's syntax); `identifiers`: its names with digits
    that are not figures ([tool.briefing] identifiers); `library`: data/sources.yaml."""
    b = loaded.briefing
    before = len(problems)
    own = _index(loaded, "sources", b.sources, problems)
    sources = _with_library(loaded, own, library, problems)
    fact_records = _index(loaded, "facts", b.facts, problems)
    fact_lines = {f.id: loaded.position(("facts", n, "id"))[0] for n, f in enumerate(b.facts)}
    _index(loaded, "derived", b.derived, problems,
           taken={k: f"line {fact_lines[k]}, in facts" for k in fact_records})
    claims = _index(loaded, "claims", b.claims, problems)
    datasets = _index(loaded, "datasets", b.datasets, problems)
    _index(loaded, "events", b.events, problems)
    _index(loaded, "charts", b.charts, problems)

    facts = _checked_facts(loaded, sources, fact_records, datasets, problems, definitions)
    check_agreement(loaded, datasets, problems, definitions)
    record_ids = dict.fromkeys([f.id for f in b.facts] + [d.id for d in b.derived])
    unresolved = {
        i for i, d in enumerate(b.derived)
        if not all([check_ref(loaded, ("derived", i, "derive", "of", j), ref, record_ids,
                              "facts", problems) for j, ref in enumerate(d.derive.of)])
    }
    derive_facts(loaded, facts, unresolved, problems, definitions)
    all_fact_ids = {f.id: None for f in b.facts} | {d.id: None for d in b.derived}

    for i, ref in enumerate(b.key_figures):
        check_ref(loaded, ("key_figures", i), ref, all_fact_ids, "facts", problems)
    for i, claim in enumerate(b.claims):
        check_ref(loaded, ("claims", i, "source"), claim.source, sources, "sources", problems)
        for j, ref in enumerate(claim.evidence):
            check_ref(loaded, ("claims", i, "evidence", j), ref, all_fact_ids, "facts", problems)
    for i, event in enumerate(b.events):
        check_ref(loaded, ("events", i, "source"), event.source, sources, "sources", problems)
    for i, dataset in enumerate(b.datasets):
        check_ref(loaded, ("datasets", i, "source"), dataset.source, sources, "sources", problems)
    for i, chart in enumerate(b.charts):
        check_ref(loaded, ("charts", i, "dataset"), chart.dataset, datasets, "datasets", problems)
    check_charts(loaded, datasets, problems)

    known: dict[str, Mapping[str, object]] = {
        "facts": all_fact_ids, "claims": claims, "sources": sources}
    check_prose(loaded, ("bottom_line",), b.bottom_line, known, problems)
    for i, section in enumerate(b.sections):
        check_prose(loaded, ("sections", i, "body"), section.body, known, problems)
    for i, claim in enumerate(b.claims):
        check_prose(loaded, ("claims", i, "reasoning"), claim.reasoning, known, problems)
    # Records that failed validation: their references, units and prose, as far as the
    # fields that did validate allow.
    check_salvaged(loaded, {**known, "datasets": datasets}, problems, definitions)
    check_sourcing(loaded, facts, identifiers, problems)

    if len(problems) > before or not loaded.valid:
        return None
    events = sorted(b.events, key=lambda e: str(e.date))
    rb = ResolvedBriefing(
        loaded.slug,
        loaded.file,
        loaded.folder,
        b,
        facts,
        sources,
        {},
        claims,
        events,
        datasets,
        loaded.tables,
        list(b.charts),
        loaded.source_map,
    )
    _listed(rb, own)
    return rb
