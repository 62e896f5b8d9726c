"""Lints: what is valid but probably a mistake, reported as warnings (errors with --strict).

Three kinds, each positioned like a problem (file, line, column, field, expected, found,
hint):

* a fact (or derived fact) or a source that no page shows: not cited in prose, not a key
  figure, not a claim's evidence, not a chart's total, not a source of anything shown;
* in a developing briefing, a fact whose as-of period ended more than `stale_as_of_days`
  before the briefing's edition, unless the fact says `historical: true` (a figure about
  the past on purpose, "2017 production") or its value is a date (when something
  happened does not go out of date);
* in a developing briefing, a source accessed more than `stale_access_days` before the
  edition, or a source with neither a published nor an accessed date.

Ages are counted from the briefing's own `edition:` date, never the clock, so that the
same data gives the same warnings on every machine and every day. A briefing that is
stable or closed is no longer kept up to date: its old figures and old readings are what
it was written from, and are not flagged.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from ..errors import Problem
from ..read.config import ProjectConfig
from ..read.library import LoadedLibrary
from ..read.sourcemap import FieldPath, dotted
from .prose import PROSE_FUNCTIONS, parse
from .resolved import ResolvedBriefing


def lints(rb: ResolvedBriefing, config: ProjectConfig) -> list[Problem]:
    """Every lint of one resolved briefing, in the order of the file."""
    found = _unused(rb)
    if rb.briefing.status == "developing":
        found += _stale_as_of(rb, config.stale_as_of_days)
        found += _stale_sources(rb, config.stale_access_days)
    return sorted(found)


def _problem(rb: ResolvedBriefing, loc: FieldPath, expected: str, found: str,
             hint: str = "") -> Problem:
    line, column = rb.position(loc)
    return Problem(rb.file, line, column, dotted(loc), expected, found, hint)


def _prose_texts(rb: ResolvedBriefing) -> Iterable[str]:
    """Every prose text a page renders (references.resolve checks the same three)."""
    b = rb.briefing
    yield b.bottom_line
    yield from (section.body for section in b.sections)
    yield from (claim.reasoning for claim in b.claims)


def cited(rb: ResolvedBriefing) -> tuple[set[str], set[str]]:
    """The ids of the facts and of the sources a page shows (references.py lists the
    library's sources a briefing cites by it)."""
    b = rb.briefing
    facts: set[str] = set(b.key_figures)
    sources: set[str] = set()
    for text in _prose_texts(rb):
        for call in parse(text).calls:
            kind = PROSE_FUNCTIONS.get(call.name)
            (facts if kind == "facts" else sources if kind == "sources" else set()).add(call.id)
    for claim in b.claims:  # every claim is shown, with its source and evidence
        facts.update(claim.evidence)
        sources.add(claim.source)
    # A share bar's total may name a fact: its value is drawn and described.
    facts.update(str(chart.total) for chart in b.charts if str(chart.total) in rb.facts)
    # Every event and every dataset is shown (a dataset in its chart or under Data).
    sources.update(event.source for event in b.events)
    sources.update(dataset.source for dataset in b.datasets)
    # A derived figure shown shows its inputs in its tooltip and cites their sources.
    todo = [f for f in facts if f in rb.facts]
    while todo:
        view = rb.facts[todo.pop()]
        sources.update(view.sources)
        for ref in view.derived_from:
            if ref not in facts:
                facts.add(ref)
                todo.append(ref)
    return facts, sources


def _unused(rb: ResolvedBriefing) -> list[Problem]:
    b = rb.briefing
    facts, sources = cited(rb)
    out = []
    feeds: dict[str, dict[str, None]] = {}  # fact → the unused derived facts made from it
    for d in b.derived:
        for ref in d.derive.of:
            feeds.setdefault(ref, {})[d.id] = None
    ids = [("facts", i, f.id) for i, f in enumerate(b.facts)]
    ids += [("derived", i, d.id) for i, d in enumerate(b.derived)]
    for kind, i, fact_id in ids:
        if fact_id in facts:
            continue
        via = feeds.get(fact_id)
        hint = (f"only derived facts no page shows use it: {', '.join(via)}" if via else
                f'cite it in prose as {{{{ fact("{fact_id}") }}}}, list it in key_figures '
                "or a claim's evidence, or remove it")
        out.append(_problem(rb, (kind, i, "id"), "a fact that a page shows",
                            f"'{fact_id}', which nothing cites", hint))
    citing: dict[str, list[str]] = {}  # source → the unused facts that cite it
    for view in rb.facts.values():
        for s in view.sources:
            citing.setdefault(s, []).append(view.id)
    for i, source in enumerate(b.sources):
        if source.id in sources:
            continue
        hint = (f"only facts no page shows cite it: {', '.join(sorted(citing[source.id]))}"
                if source.id in citing else
                f'cite it in prose as {{{{ source("{source.id}") }}}} or remove it')
        out.append(_problem(rb, ("sources", i, "id"), "a source that a page cites",
                            f"'{source.id}', which nothing cites", hint))
    return out


def unused_library(library: LoadedLibrary | None,
                   briefings: Iterable[ResolvedBriefing]) -> list[Problem]:
    """Library sources that no briefing cites. A briefing need not cite every source of the
    library (that is what a shared library is for), but a source no page cites is dead
    weight or a citation gone missing: said once, at the library's record."""
    if library is None:
        return []
    # A briefing keeps, of the library, exactly the sources its pages cite (references.py).
    used = {sid for rb in briefings for sid in rb.sources}
    out = []
    for sid, (i, line, column) in library.places.items():
        if sid not in used:
            out.append(Problem(library.file, line, column, f"sources[{i}].id",
                               "a library source that a briefing cites",
                               f"'{sid}', which no briefing cites",
                               f'cite it in prose as {{{{ source("{sid}") }}}} or as a '
                               "record's source, or remove it from the library"))
    return out


def period_end(as_of: str) -> dt.date:
    """The last day an as-of period covers: 2024 → 2024-12-31, 2024-Q3 → 2024-09-30,
    2024-06 → 2024-06-30, 2020/2023 → 2023-12-31. The text is valid (model.py)."""
    last = as_of.split("/")[-1]
    year = int(last[:4])
    if "-Q" in last:
        month = int(last[-1]) * 3
    elif len(last) >= 7:
        month = int(last[5:7])
    else:
        month = 12
    if len(last) == 10:
        return dt.date.fromisoformat(last)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _stale_as_of(rb: ResolvedBriefing, days: int) -> list[Problem]:
    edition = rb.briefing.edition
    out = []
    for i, fact in enumerate(rb.briefing.facts):
        view = rb.facts.get(fact.id)
        # A date value says when something happened: never out of date. A fact taken from
        # a dataset has the as-of of its row (the view's), where its own may be unset.
        if isinstance(fact.value, dt.date) or view is None or view.as_of is None:
            continue
        age = (edition - period_end(view.as_of)).days
        if age > days and not fact.historical:
            where = "as_of" if fact.as_of is not None else "from"
            out.append(_problem(
                rb, ("facts", i, where),
                f"an as-of date at most {days:,} days before the edition "
                f"({edition.isoformat()}) of a developing briefing",
                f"'{view.as_of}', {age:,} days before",
                "give the newest figure, or add historical: true to a figure that "
                "describes the past on purpose"))
    return out


def _stale_sources(rb: ResolvedBriefing, days: int) -> list[Problem]:
    edition = rb.briefing.edition
    out = []
    for i, source in enumerate(rb.briefing.sources):
        if source.accessed is None:
            if source.published is None:
                out.append(_problem(
                    rb, ("sources", i, "id"), "a published or an accessed date",
                    f"neither, for '{source.id}'",
                    "add accessed: the day you last read it, as a page can change"))
            continue
        age = (edition - source.accessed).days
        if age > days:
            out.append(_problem(
                rb, ("sources", i, "accessed"),
                f"an access date at most {days:,} days before the edition "
                f"({edition.isoformat()}) of a developing briefing",
                f"{source.accessed.isoformat()}, {age:,} days before",
                "read the source again, check the figures it gives, then update accessed"))
    return out
