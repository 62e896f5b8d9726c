"""Exports for machines: facts.json, every briefing's records by id.

editions/ compares this snapshot with the last published one; the build writes it as
docs/briefings/facts.json.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..check.resolved import ResolvedBriefing
from ..model import IDENTIFYING_FIELDS, Range

# Each build asks for facts_json twice (editions/ compares it with the last edition, then
# it is written as facts.json), 0.1 s a time at 200 briefings: each briefing's entry is made
# once and shared by both. Entries are read, never changed, by every caller.
_ENTRIES: dict[int, tuple[ResolvedBriefing, dict[str, Any]]] = {}


def facts_json(briefings: list[ResolvedBriefing]) -> dict[str, Any]:
    """The data behind an edition, for machines: every briefing's records by id."""
    out: dict[str, Any] = {"format": "briefing-facts/1", "briefings": {}}
    wanted = {id(rb) for rb in briefings}
    for gone in [k for k, (rb, _) in _ENTRIES.items() if k not in wanted]:
        del _ENTRIES[gone]  # briefings of an earlier build (serve): not kept alive
    for rb in sorted(briefings, key=lambda rb: rb.slug):
        kept = _ENTRIES.get(id(rb))
        if kept is None or kept[0] is not rb:
            kept = _ENTRIES[id(rb)] = (rb, _facts_entry(rb))
        out["briefings"][rb.slug] = kept[1]
    return out


def _value(value: object) -> object:
    """A fact's value as JSON holds it: a range as {low, high}, as the analyst wrote it."""
    if isinstance(value, Range):
        return {"low": value.low, "high": value.high}
    return value.isoformat() if isinstance(value, dt.date) else value


def as_of_precision(as_of: object) -> str | None:
    """How precise an as-of is: "day" (2025-03-04), "month" (2025-03), "year" (2025), or
    "quarter" (2025-Q1), or "years" for a span of two years (2016/2017, a fiscal or crop year)."""
    text = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of or "")
    if "/" in text:
        return "years"
    if "-Q" in text:
        return "quarter"
    return {10: "day", 7: "month", 4: "year"}.get(len(text)) if text else None


def number_of(value: object) -> float | int | dict[str, Any] | None:
    """A fact's value for machines: a number, a {low, high} range, or None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, dict):  # a range, {low, high} (or any mapping of numbers)
        return {str(k): number_of(v) for k, v in sorted(value.items())}
    low, high = (getattr(value, name, None) for name in ("low", "high"))
    if low is not None or high is not None:  # a range as an object with low and high
        return {"high": number_of(high), "low": number_of(low)}
    return None


def quantity(value: object, unit: str | None, display: str, as_of: object,
             sources: list[str]) -> dict[str, Any]:
    """A value as a number with its unit, as-of (with its precision) and sources; `text` is
    how the page shows it."""
    shown = as_of.isoformat() if isinstance(as_of, dt.date) else as_of
    return {"value": number_of(value), "unit": unit, "text": display,
            "as_of": {"date": None if shown is None else str(shown),
                      "precision": as_of_precision(as_of)},
            "sources": list(sources)}


def _facts_entry(rb: ResolvedBriefing) -> dict[str, Any]:
    b = rb.briefing
    return {
        "title": b.title,
        "edition": b.edition.isoformat(),
        "facts": {
            v.id: {"label": v.label, "value": _value(v.value), "unit": v.unit,
                   "display": v.display,
                   "as_of": v.as_of, "sources": v.sources, "confidence": v.confidence,
                   **({"derived_from": v.derived_from} if v.derived_from else {}),
                   # A bound or an estimate changes what the number means: a machine that
                   # reads value 1250 must also read "more than", as the page says.
                   "quantity": {**quantity(v.value, v.unit, v.display, v.as_of, v.sources),
                                "qualifier": v.qualifier, "estimate": v.estimate}}
            for v in rb.facts.values()
        },
        "claims": {
            c.id: {"speaker": c.speaker, "date": str(c.date), "words": c.words,
                   "form": c.form, "source": c.source, "verdict": c.verdict,
                   "summary": c.summary, "evidence": c.evidence}
            for c in rb.claims.values()
        },
        "events": [
            {"id": e.id, "date": str(e.date), "title": e.title, "source": e.source}
            for e in rb.events
        ],
        "sources": {
            s.id: {"title": s.title, "publisher": s.publisher,
                   "url": str(s.url) if s.url else None,
                   # What identifies a source without an address; only where given, so
                   # that the keys published for sources with an address stay as they were.
                   **{name: getattr(s, name) for name in IDENTIFYING_FIELDS
                      if getattr(s, name)},
                   "published": s.published, "accessed": s.accessed.isoformat()
                   if s.accessed else None}
            for s in rb.sources.values()
        },
    }
