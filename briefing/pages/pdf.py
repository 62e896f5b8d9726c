"""The PDF edition of a briefing: the resolved briefing as JSON, typeset by Typst with
templates/briefing.typ into <slug>.pdf beside its page.

Typst runs in-process (the `typst` package): no browser, no network. Only the fonts built
into Typst are used (system fonts are ignored), so that the same input gives the same
bytes on any machine; the PDF's date is the edition's, never the clock's.

The PDF is tagged (headings, paragraphs, lists, figures with their text alternative) and
asked to conform to PDF/UA-1. PDF/UA-1 refuses a character that no embedded font can
draw, and data text may be in any script: such a briefing is typeset again without the
PDF/UA-1 claim (still tagged), rather than not at all.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typst

from .. import format as fmt
from ..charts.views import ChartView
from ..check.resolved import ResolvedBriefing
from ..errors import relative
from ..fields import VERDICT_TEXT
from ..model import Source
from .environment import TemplateError
from .pdf_text import Prose, as_of_text, clean, fact_record

TEMPLATE = "briefing.typ"
# `[tool.briefing] paper` → Typst's paper name.
PAPERS = {"a4": "a4", "letter": "us-letter"}
# Typst's built-in fonts, in order of fallback: body text, then what it lacks (Greek and
# Cyrillic in both; DejaVu Sans Mono adds box drawing, arrows and much of Unicode's
# symbols).
FONTS = ["Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono"]

Record = dict[str, Any]  # Any: the template reads free-form JSON
# What PDF/UA-1 refuses in data text (Typst's messages): a character no font can draw, or
# one the standard does not allow. Then the PDF is made without claiming PDF/UA-1.
_UNDRAWABLE = ("could not be displayed with font", "disallowed codepoint")


def pdf_name(slug: str) -> str:
    return f"{slug}.pdf"


def _source_line(source: Source) -> str:
    return clean(f"{source.publisher}, {source.title}")


def document(rb: ResolvedBriefing, charts: Sequence[ChartView], *, url: str,
             site_name: str, paper: str) -> Record:
    """Everything the template shows, as JSON-ready records, built in the order the
    template shows them (a figure's footnote is at its first place)."""
    b = rb.briefing
    prose = Prose(rb, url)
    num = rb.source_numbers
    return {
        "title": clean(b.title), "site": clean(site_name), "url": url,
        "paper": PAPERS[paper], "fonts": FONTS,
        "date": {"year": b.edition.year, "month": b.edition.month, "day": b.edition.day},
        "edition_text": fmt.format_date_text(b.edition),
        "status_text": b.status.capitalize(), "topics": [clean(t) for t in b.topics],
        "bottom_line": prose.blocks(b.bottom_line),
        "key_figures": [{**fact_record(rb, fid, prose.seen), "label": clean(rb.facts[fid].label),
                         "as_of": as_of_text(rb.facts[fid])} for fid in b.key_figures],
        "sections": [{"heading": clean(s.heading), "blocks": prose.blocks(s.body)}
                     for s in b.sections],
        "charts": [{"title": clean(c.title), "subtitle": _opt(c.subtitle),
                    "note": _opt(c.note), "description": clean(c.description),
                    "svg": c.svg, "source": _source_line(c.source),
                    "source_numbers": [num[c.source.id]]} for c in charts],
        "claims": [{"verdict": c.verdict, "verdict_text": VERDICT_TEXT[c.verdict],
                    "summary": _opt(c.summary), "form": c.form, "words": clean(c.words),
                    "speaker": clean(c.speaker), "date": fmt.format_date_text(str(c.date)),
                    "publisher": clean(rb.sources[c.source].publisher),
                    "source_numbers": [num[c.source]], "reasoning": prose.blocks(c.reasoning),
                    "evidence": [{**fact_record(rb, e, prose.seen),
                                  "label": clean(rb.facts[e].label)} for e in c.evidence]}
                   for c in rb.claims.values()],
        "events": [{"date": fmt.format_date_text(str(e.date)), "title": clean(e.title),
                    "detail": _opt(e.detail), "source_numbers": [num[e.source]]}
                   for e in rb.events],
        "sources": [{"n": num[s.id], "publisher": clean(s.publisher), "title": clean(s.title),
                     "url": str(s.url), "url_text": clean(str(s.url)),
                     "published": fmt.format_date_text(str(s.published)) if s.published else None,
                     "accessed": fmt.format_date_text(s.accessed) if s.accessed else None,
                     "note": _opt(s.note)} for s in rb.sources.values()],
    }


def _opt(text: str | None) -> str | None:
    return clean(text) if text is not None else None


def typeset(templates_dir: Path, doc: Record, root: Path) -> bytes:
    """The PDF of `doc`, byte for byte the same for the same document and template."""
    template = templates_dir / TEMPLATE
    if not template.is_file():
        raise TemplateError(relative(template, root), None, "the PDF template is missing")
    data = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    year, month, day = (doc["date"][k] for k in ("year", "month", "day"))
    options: dict[str, Any] = {
        "root": str(templates_dir), "font_paths": [], "ignore_system_fonts": True,
        "sys_inputs": {"data": data}, "format": "pdf",
        # The PDF's creation date: the edition's midnight, UTC.
        "timestamp": calendar.timegm((year, month, day, 0, 0, 0)),
    }
    try:
        try:
            out = typst.compile(str(template), pdf_standards=["ua-1"], **options)
        except typst.TypstError as exc:
            if not any(why in str(exc) for why in _UNDRAWABLE):
                raise  # anything else PDF/UA-1 refuses is the template's to fix
            out = typst.compile(str(template), **options)  # tagged, without the claim
    except typst.TypstError as exc:
        # A mistake in the template is the maintainer's: its file and line, no traceback.
        where = re.search(r"┌─ .*?:(\d+):\d+", str(getattr(exc, "diagnostic", "")))
        raise TemplateError(relative(template, root), int(where.group(1)) if where else None,
                            " ".join(str(exc).split())) from None
    assert isinstance(out, bytes)  # no output path given: the bytes come back
    return out


def size_text(size: int) -> str:
    """A file's size as a reader sees it: '312 KB', '1.4 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def engine_version() -> str:
    """Part of the cache key: another Typst may set the same document differently."""
    return str(getattr(typst, "__version__", "unknown"))
