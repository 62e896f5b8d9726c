"""Jinja templates in templates/ → Markdown pages for docs/briefings/ (in memory).

Two kinds of text meet here and are kept apart:

* data text (labels, quotes, titles, table cells) is escaped for HTML by Jinja's
  autoescape, and for Markdown where it lands in a Markdown context;
* prose (bottom line, section bodies, claim reasoning) is Markdown written by the
  analyst. Its `{{ fact("id") }}` references are rendered here; anything else in
  it that looks like HTML is escaped, so a `<script>` shows as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import format as fmt
from .check.prose import render as render_prose
from .check.resolved import FactView, ResolvedBriefing
from .model import VERDICT_TEXT

GENERATED_DIR = "briefings"  # the folder of docs/ that the build owns
MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|>-])")


def md_escape(text: str) -> Markup:
    """Text for a Markdown context (headings, list items): HTML- and Markdown-escaped.

    Quotes stay as they are: in text they need no escape, and the table of contents
    would show an escaped one (&#34;) as typed."""
    return Markup(MD_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False)))


# What Markdown reads inside a line, and what ends an HTML attribute. Data text inside a
# fragment that Markdown still reads (a figure, citation or claim in prose) carries these as
# numeric character references: Markdown leaves them alone, browsers show the characters.
# Without this, `[a](javascript:...)` in a source title became a link inside a tooltip.
_MD_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}\n\r"})


def md_safe(text: str) -> Markup:
    """Data text for an HTML fragment that Markdown will read: HTML- and Markdown-inert."""
    return Markup(str(text).translate(_MD_INLINE))


def plain(text: str) -> str:
    """Prose reduced to one plain line, for meta descriptions and feeds."""
    text = re.sub(r"[*_`#>\[\]]", "", text)
    return " ".join(text.split())


def shorten(text: str, limit: int = 300) -> str:
    """At most `limit` characters, cut between words with an ellipsis: a search result or a
    link preview shows the description whole or ending cleanly."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


@dataclass
class Page:
    path: str  # relative to docs/, e.g. "briefings/<slug>/index.md"
    content: bytes


class Renderer:
    """Renders facts, claims and sources as HTML fragments for one briefing."""

    def __init__(self, rb: ResolvedBriefing, page: str = ""):
        self.rb = rb
        # Where citations and claim links point: "" on the briefing's own page, its URL
        # relative to the page elsewhere (a card on the home page cites the briefing's list).
        self.page = page

    def _source_name(self, source_id: str) -> str:
        source = self.rb.sources[source_id]
        return f"{source.publisher}, {source.title}"

    def source_tip(self, view: FactView) -> str:
        names = [self._source_name(s) for s in view.sources]
        tip = "; ".join(names)
        if view.as_of:
            tip += f" — as of {fmt.format_date_text(view.as_of)}"
            if view.estimate:
                tip += " (estimate)"
        if view.formula:
            tip = f"Derived: {view.formula}. " + tip
        return tip

    def cite(self, source_ids: list[str]) -> Markup:
        # No `title` attribute: Material's tooltips insert a title into the page as HTML,
        # so a hostile source title would run on hover. The tooltip is our own CSS one,
        # drawn from `data-tip` as text (as for figures).
        links = ", ".join(
            f'<a href="{self.page}#source-{s}" data-tip="{md_safe(self._source_name(s))}" '
            f'aria-label="Source {self.rb.source_numbers[s]}: '
            f'{md_safe(self._source_name(s))}">{self.rb.source_numbers[s]}</a>'
            for s in source_ids
        )
        # Out of the search index: "[3]" in every result's text helps no reader, and at
        # 800 briefings the markers alone were 1.3 MB of it.
        return Markup(f'<sup class="cite" data-search-exclude>[{links}]</sup>')

    def fact(self, fact_id: str, cite: bool = True) -> Markup:
        view = self.rb.facts[fact_id]
        classes = "fact"
        flag = ""
        if view.confidence == "low":
            classes += " fact--low"
            flag = ' <span class="fact__flag">(low confidence)</span>'
        elif view.formula:
            classes += " fact--derived"
        out = (
            f'<span class="{classes}" data-fact="{escape(view.id)}" tabindex="0" '
            f'data-tip="{md_safe(self.source_tip(view))}">{md_safe(view.display)}</span>{flag}'
        )
        return Markup(out) + (self.cite(view.sources) if cite else Markup(""))

    def claim(self, claim_id: str) -> Markup:
        claim = self.rb.claims[claim_id]
        label = claim.summary or claim.words
        return Markup(
            f'<a class="claim-ref" href="{self.page}#claim-{escape(claim.id)}">'
            f"{md_safe(label)}</a> "
            f'<span class="verdict verdict--{claim.verdict}">{VERDICT_TEXT[claim.verdict]}</span>'
        )

    def source(self, source_id: str) -> Markup:
        return self.cite([source_id])

    def plain(self, text: str) -> str:
        """Prose as one plain line (meta descriptions, feeds): figures as text, no markup."""
        helpers: dict[str, Callable[[str], str]] = {
            "fact": lambda i: self.rb.facts[i].display,
            "value": lambda i: self.rb.facts[i].display,
            "label": lambda i: self.rb.facts[i].label,
            "claim": lambda i: self.rb.claims[i].summary or self.rb.claims[i].words,
            "source": lambda i: "",
        }
        return plain(render_prose(text, helpers))

    def prose(self, text: str) -> Markup:
        """Analyst Markdown with references rendered and raw HTML escaped."""
        fragments: dict[str, str] = {}

        def keep(fragment: Markup) -> str:
            token = f"\x1a{len(fragments)}\x1a"
            fragments[token] = str(fragment)
            return token

        helpers: dict[str, Callable[[str], str]] = {
            "fact": lambda i: keep(self.fact(i)),
            "value": lambda i: keep(self.fact(i, cite=False)),
            "label": lambda i: keep(md_safe(self.rb.facts[i].label)),
            "claim": lambda i: keep(self.claim(i)),
            "source": lambda i: keep(self.source(i)),
        }
        rendered = render_prose(text, helpers)
        # Escape what the analyst typed (no raw HTML from data), then put our fragments back.
        escaped = html.escape(rendered, quote=False)
        # Nor Markdown that reaches past text: attribute lists (`{: onclick=...}`) and
        # snippet includes (`--8<-- "file"`) are shown as typed.
        escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
        escaped = re.sub(r"(?m)^(\s*;?)-(-*8<)", r"\1&#45;\2", escaped)
        for token, fragment in fragments.items():
            escaped = escaped.replace(token, fragment)
        return Markup(escaped)


def _environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["date"] = fmt.format_date_text
    env.filters["plain"] = plain
    env.filters["json"] = lambda v: Markup(json.dumps(v, ensure_ascii=False))
    env.globals["VERDICT_TEXT"] = VERDICT_TEXT
    return env


@functools.lru_cache(maxsize=8)
def _shared_environment(templates: Path) -> Environment:
    """One environment per templates folder, for what is rendered once per briefing: a
    template is compiled once, not once per briefing. Jinja reloads a template whose file
    changed (auto_reload), so `serve` sees edits."""
    return _environment(templates)


def _front_matter(**fields: Any) -> str:
    """YAML front matter. MkDocs and Material print a page's title and description into the
    HTML as they are (the head, the header bar, the search index): they are HTML, so data
    text in them is escaped here."""
    lines = ["---"]
    for key, value in fields.items():
        if key in ("title", "description") and isinstance(value, str):
            value = html.escape(value, quote=True)
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def briefing_page(env: Environment, rb: ResolvedBriefing, extra: dict[str, Any]) -> Page:
    r = Renderer(rb)
    b = rb.briefing
    cited_by: dict[str, list[str]] = {s: [] for s in rb.sources}
    for view in rb.facts.values():
        for s in view.sources:
            cited_by[s].append(view.label)
    body = env.get_template("briefing.md.j2").render(
        rb=rb, b=b, r=r, facts=rb.facts, cited_by=cited_by, **extra
    )
    front = _front_matter(title=b.title, description=shorten(r.plain(b.bottom_line)),
                          og_type="article", hide=["navigation"])
    return Page(f"{GENERATED_DIR}/{rb.slug}/index.md", (front + body).encode())


def site_pages(env: Environment, briefings: list[ResolvedBriefing],
               extras: dict[str, dict[str, Any]],
               done: dict[str, Page] | None = None) -> list[Page]:
    """Every generated page: one per briefing, the lists, and the site-wide sources.
    `done`: briefing pages by slug that the caller already holds (cache.py), used as given."""
    done = done or {}
    ordered = sorted(briefings, key=lambda rb: (rb.briefing.edition, rb.slug), reverse=True)
    pages = [done[rb.slug] if rb.slug in done else briefing_page(env, rb, extras.get(rb.slug, {}))
             for rb in ordered]
    cards = env.get_template("cards.md.j2").render(briefings=ordered, Renderer=Renderer,
                                                   base=f"{GENERATED_DIR}/")
    pages.append(Page(f"{GENERATED_DIR}/_cards.md", cards.encode()))
    index = env.get_template("briefings.md.j2").render(briefings=ordered)
    pages.append(Page(f"{GENERATED_DIR}/index.md", index.encode()))

    # Site-wide sources: one entry per address, with every briefing that cites it.
    by_url: dict[str, dict[str, Any]] = {}
    listed: set[tuple[str, str]] = set()  # (url, slug): a set, as the list grows with the site
    for rb in ordered:
        for source in rb.sources.values():
            entry = by_url.setdefault(str(source.url), {"source": source, "briefings": []})
            if (str(source.url), rb.slug) not in listed:
                listed.add((str(source.url), rb.slug))
                entry["briefings"].append(rb)
    entries = sorted(by_url.values(), key=lambda e: (e["source"].publisher.lower(),
                                                     e["source"].title.lower()))
    sources = env.get_template("sources.md.j2").render(entries=entries)
    pages.append(Page(f"{GENERATED_DIR}/sources.md", sources.encode()))
    return pages


# Each build asks for facts_json twice (editions.py compares it with the last edition, then
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


def _facts_entry(rb: ResolvedBriefing) -> dict[str, Any]:
    b = rb.briefing
    return {
        "title": b.title,
        "edition": b.edition.isoformat(),
        "facts": {
            v.id: {"label": v.label, "value": v.value if not isinstance(v.value, dt.date)
                   else v.value.isoformat(), "unit": v.unit, "display": v.display,
                   "as_of": v.as_of, "sources": v.sources, "confidence": v.confidence,
                   **({"derived_from": v.derived_from} if v.derived_from else {})}
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
            s.id: {"title": s.title, "publisher": s.publisher, "url": str(s.url),
                   "published": s.published, "accessed": s.accessed.isoformat()
                   if s.accessed else None}
            for s in rb.sources.values()
        },
    }


def render_all(templates: Path, briefings: list[ResolvedBriefing],
               extras: dict[str, dict[str, Any]] | None = None,
               done: dict[str, Page] | None = None) -> list[Page]:
    """Every generated page. A briefing page depends only on its briefing, the templates and
    its `extras`: that is what cache.py keys a rendered page on, to pass it back as `done`."""
    env = _environment(templates)
    pages = site_pages(env, briefings, extras or {}, done)
    data = json.dumps(facts_json(briefings), indent=1, ensure_ascii=False, sort_keys=True)
    pages.append(Page(f"{GENERATED_DIR}/facts.json", (data + "\n").encode()))
    return pages


def charts_block(templates: Path, rb: ResolvedBriefing, charts: list[Any], assets: str,
                 version: str) -> Markup:
    """A briefing's charts section (templates/charts.md.j2), for the `charts` slot of its
    page. `charts` are briefing.charts.ChartView; `assets` is where the scripts are,
    relative to the page."""
    if not charts:
        return Markup("")
    env = _shared_environment(templates)
    text = env.get_template("charts.md.j2").render(rb=rb, r=Renderer(rb), charts=charts,
                                                   assets=assets, version=version)
    return Markup(text)
