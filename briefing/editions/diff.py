"""What changed between two editions: two facts.json snapshots compared, briefing by briefing.

Pure: snapshots in, a ChangeSet out. Where the snapshots come from is history.py's job;
how changes are shown is pages.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import format as fmt
from ..fields import VERDICT_TEXT

CHANGES_FORMAT = "briefing-changes/1"  # the format of changes.json, one per edition


@dataclass(frozen=True)
class Change:
    """One thing that changed between two editions, in one briefing."""

    kind: str  # see KINDS
    slug: str
    briefing: str  # the briefing's title
    id: str | None = None
    label: str = ""  # fact label, claim summary, event or source title
    old: str | None = None  # as readers saw it: display text, or a verdict key
    new: str | None = None
    detail: str | None = None  # as-of date, event date
    source: str | None = None  # "Publisher, Title" behind the new value
    anchor: str | None = None  # where on the briefing page it is, when it is there

    def text(self) -> str:
        """One plain line, for the feed and for changes.json."""
        src = f" (source: {self.source})" if self.source else ""
        asof = f", as of {fmt.format_date_text(self.detail)}" if self.detail else ""
        old_v = VERDICT_TEXT.get(self.old or "", self.old)
        new_v = VERDICT_TEXT.get(self.new or "", self.new)
        return {
            "briefing-added": f"New briefing: {self.briefing}.",
            "briefing-removed": f"Briefing withdrawn: {self.briefing}.",
            "fact-changed": f"{self.label}: {self.old} → {self.new}{asof}{src}.",
            "fact-added": f"New figure: {self.label}: {self.new}{asof}{src}.",
            "fact-removed": f"Figure removed: {self.label} (was {self.old}).",
            "verdict-changed": f"Verdict on “{self.label}”: {old_v} → {new_v}.",
            "claim-added": f"New claim checked: “{self.label}”: {new_v}.",
            "claim-removed": f"Claim removed: “{self.label}”.",
            "event-added": f"New event: {fmt.format_date_text(self.detail or '')}: {self.label}.",
            "source-added": f"New source: {self.label}.",
        }[self.kind]


KINDS = ("briefing-added", "briefing-removed", "fact-changed", "fact-added", "fact-removed",
         "verdict-changed", "claim-added", "claim-removed", "event-added", "source-added")


def _source_names(b: dict[str, Any], ids: list[str]) -> str | None:
    names = [f"{b['sources'][s]['publisher']}, {b['sources'][s]['title']}"
             for s in ids if s in b.get("sources", {})]
    return "; ".join(names) or None


def _claim_label(c: dict[str, Any]) -> str:
    text = c.get("summary") or c.get("words") or ""
    return text if len(text) <= 120 else text[:117].rstrip() + "…"


def _event_key(e: dict[str, Any]) -> str:
    return e.get("id") or f"{e.get('date')}|{e.get('title')}"


def _fact_text(f: dict[str, Any]) -> str:
    return str(f.get("display") or f.get("value"))


def _raw_text(f: dict[str, Any]) -> str:
    value = f.get("value")
    if isinstance(value, dict):  # a range: {low, high}
        value = f"{value.get('low')}–{value.get('high')}"
    return f"{value} {f.get('unit') or ''}".strip()


def diff_briefing(slug: str, old: dict[str, Any], new: dict[str, Any],
                  key_figures: Iterable[str] = ()) -> list[Change]:
    """What changed in one briefing between two snapshots (facts.json entries)."""
    title = new["title"]
    key = set(key_figures)
    out: list[Change] = []

    def anchor(kind: str, ident: str | None) -> str | None:
        if ident is None:
            return None
        if kind == "fact":
            return f"kf-{ident}" if ident in key else None
        return f"{kind}-{ident}"

    old_facts, new_facts = old.get("facts", {}), new.get("facts", {})
    for fid, f in new_facts.items():
        was = old_facts.get(fid)
        if was is None:
            out.append(Change("fact-added", slug, title, fid, f["label"], None, _fact_text(f),
                              f.get("as_of"), _source_names(new, f.get("sources", [])),
                              anchor("fact", fid)))
            continue
        fields = ("value", "unit", "display", "as_of", "sources")
        if all(was.get(k) == f.get(k) for k in fields):
            continue
        before, after = _fact_text(was), _fact_text(f)
        moved = (was.get("value"), was.get("unit")) != (f.get("value"), f.get("unit"))
        if before == after and moved:
            before, after = _raw_text(was), _raw_text(f)  # rounding hid the change: show raw values
        out.append(Change("fact-changed", slug, title, fid, f["label"], before, after,
                          f.get("as_of") if f.get("as_of") != was.get("as_of") else None,
                          _source_names(new, f.get("sources", [])), anchor("fact", fid)))
    for fid, was in old_facts.items():
        if fid not in new_facts:
            out.append(Change("fact-removed", slug, title, fid, was.get("label", fid),
                              _fact_text(was)))

    old_claims, new_claims = old.get("claims", {}), new.get("claims", {})
    for cid, c in new_claims.items():
        was = old_claims.get(cid)
        if was is None:
            out.append(Change("claim-added", slug, title, cid, _claim_label(c), None,
                              c.get("verdict"), anchor=anchor("claim", cid)))
        elif was.get("verdict") != c.get("verdict"):
            out.append(Change("verdict-changed", slug, title, cid, _claim_label(c),
                              was.get("verdict"), c.get("verdict"), anchor=anchor("claim", cid)))
    for cid, was in old_claims.items():
        if cid not in new_claims:
            out.append(Change("claim-removed", slug, title, cid, _claim_label(was)))

    seen = {_event_key(e) for e in old.get("events", [])}
    for e in new.get("events", []):
        if _event_key(e) not in seen:
            out.append(Change("event-added", slug, title, e.get("id"), e.get("title", ""),
                              detail=str(e.get("date")), anchor=anchor("event", e.get("id"))))

    old_sources = old.get("sources", {})
    for sid, s in new.get("sources", {}).items():
        if sid not in old_sources:
            out.append(Change("source-added", slug, title, sid, f"{s['publisher']}, {s['title']}",
                              anchor=anchor("source", sid)))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: order[c.kind])  # stable: within a kind, file order


@dataclass
class ChangeSet:
    """What changed in one edition since the edition before it."""

    edition: dt.date
    previous: dt.date | None  # None: the first edition
    changes: list[Change]
    titles: dict[str, str]  # slug → title of every briefing in this edition
    unchanged: list[str] = field(default_factory=list)  # slugs
    removed: list[str] = field(default_factory=list)  # slugs of withdrawn briefings

    @property
    def first(self) -> bool:
        return self.previous is None

    @property
    def count(self) -> int:
        return len(self.changes)

    def _by_slug(self) -> dict[str, list[Change]]:
        """Changes by briefing. of() is asked for every briefing: scanning every change each
        time grew with briefings × changes (640,000 steps at 800 briefings, one change
        each). Rebuilt if the list has grown since."""
        index: dict[str, list[Change]] | None = self.__dict__.get("_index")
        if index is None or self.__dict__.get("_indexed") != len(self.changes):
            index = {}
            for c in self.changes:
                index.setdefault(c.slug, []).append(c)
            self.__dict__["_index"], self.__dict__["_indexed"] = index, len(self.changes)
        return index

    def of(self, slug: str) -> list[Change]:
        return list(self._by_slug().get(slug, []))

    def is_new(self, slug: str) -> bool:
        return any(c.kind == "briefing-added" for c in self._by_slug().get(slug, []))

    def summary(self) -> str:
        """One line for the command line."""
        if self.first:
            return (f"edition {self.edition}: this is the first edition; "
                    "there is no earlier edition to compare it with.")
        if not self.changes:
            return f"edition {self.edition}: no changes since the edition of {self.previous}."
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        parts = ", ".join(f"{n} {KIND_NAMES[k][n != 1]}" for k, n in counts.items())
        return (f"edition {self.edition}: {plural(self.count, 'change')} since the edition of "
                f"{self.previous} ({parts}).")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CHANGES_FORMAT,
            "edition": self.edition.isoformat(),
            "previous": self.previous.isoformat() if self.previous else None,
            "count": self.count,
            "changes": [{**{k: v for k, v in asdict(c).items() if v is not None},
                         "text": c.text()} for c in self.changes],
        }


KIND_NAMES = {  # singular, plural: for the command line's summary
    "briefing-added": ("briefing added", "briefings added"),
    "briefing-removed": ("briefing withdrawn", "briefings withdrawn"),
    "fact-changed": ("figure revised", "figures revised"),
    "fact-added": ("figure added", "figures added"),
    "fact-removed": ("figure removed", "figures removed"),
    "verdict-changed": ("verdict changed", "verdicts changed"),
    "claim-added": ("claim added", "claims added"),
    "claim-removed": ("claim removed", "claims removed"),
    "event-added": ("event added", "events added"),
    "source-added": ("source added", "sources added"),
}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def compare(old: dict[str, Any] | None, new: dict[str, Any], edition: dt.date,
            previous: dt.date | None,
            key_figures: dict[str, list[str]] | None = None) -> ChangeSet:
    """Diff two snapshots (facts.json as pages.facts_json writes it). `old` None: first edition."""
    briefings = new.get("briefings", {})
    titles = {slug: b["title"] for slug, b in briefings.items()}
    if old is None:
        return ChangeSet(edition, None, [], titles)
    before = old.get("briefings", {})
    changes: list[Change] = []
    unchanged: list[str] = []
    for slug, b in sorted(briefings.items()):
        if slug not in before:
            changes.append(Change("briefing-added", slug, b["title"]))
            continue
        found = diff_briefing(slug, before[slug], b, (key_figures or {}).get(slug, ()))
        changes.extend(found)
        if not found:
            unchanged.append(slug)
    removed = sorted(s for s in before if s not in briefings)
    for slug in removed:
        changes.append(Change("briefing-removed", slug, before[slug].get("title", slug)))
    return ChangeSet(edition, previous, changes, titles, unchanged, removed)
