"""What editions add to a build: change blocks on briefing pages, What's new, the archive,
the Atom feed and changes.json.

Nothing here takes a date from the clock: every date shown comes from an edition.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .. import format as fmt
from ..check.resolved import ResolvedBriefing
from ..pages import GENERATED_DIR, Page
from ..pages.cards import Card
from ..pages.environment import shared_environment
from ..pages.export_schemas import CHANGES, schema_bytes
from ..pages.exports import facts_json
from ..write.engine import SiteSettings, read_settings
from .diff import ChangeSet, compare, plural
from .history import CHANGES_FILE, Branch, PastEdition, read_history
from .reach import Reach, enrich_changes, reach, site_card

FEED_FILE = f"{GENERATED_DIR}/feed.xml"
FEED_LIMIT = 50  # feed readers need the recent editions; the archive page lists them all
ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class EditionPages:
    """What editions add to a build: extra template variables per briefing, and pages."""

    changes: ChangeSet
    extras: dict[str, dict[str, Any]]
    pages: list[Page]
    notes: list[str]
    cards: list[Card] = field(default_factory=list)  # link previews for the pipeline to render


def _url(site_url: str, path: str) -> str:
    return f"{site_url}{path}" if site_url else path


def feed(settings: SiteSettings, editions: list[PastEdition]) -> bytes:
    """An Atom feed of editions, newest first; each entry's summary is its change list."""
    ET.register_namespace("", ATOM)
    alias = settings.default_alias

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        node.text = text
        return node

    root = ET.Element(f"{{{ATOM}}}feed")
    el(root, "title", f"{settings.site_name}: editions")
    el(root, "subtitle", "Each edition of these briefings, with what changed since the one before.")
    self_url = _url(settings.site_url, f"{alias}/{FEED_FILE}")
    el(root, "id", self_url if settings.site_url else "urn:briefing-site:editions")
    el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    el(root, "link", rel="alternate", type="text/html", href=_url(settings.site_url, f"{alias}/"))
    el(root, "updated", f"{editions[0].date.isoformat()}T00:00:00Z")
    author = el(root, "author")
    el(author, "name", settings.site_name)
    for ed in editions[:FEED_LIMIT]:
        entry = el(root, "entry")
        day = fmt.format_date_text(ed.date)
        el(entry, "title", f"Edition of {day}")
        page = _url(settings.site_url, f"{ed.date.isoformat()}/{GENERATED_DIR}/whats-new/")
        el(entry, "id", page if settings.site_url else f"urn:briefing-site:edition:{ed.date}")
        el(entry, "link", rel="alternate", type="text/html", href=page)
        el(entry, "updated", f"{ed.date.isoformat()}T00:00:00Z")
        el(entry, "summary", _summary_html(ed), type="html")
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def _summary_html(ed: PastEdition) -> str:
    """The change list of one edition as HTML (escaped again by the XML writer)."""
    if ed.first:
        return "<p>The first edition.</p>"
    if ed.count is None:
        return "<p>Published without a record of its changes.</p>"
    since = f" since the edition of {fmt.format_date_text(ed.previous)}" if ed.previous else ""
    if not ed.changes:
        return f"<p>No changes{since}.</p>"
    parts = [f"<p>{plural(ed.count, 'change')}{since}.</p>"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in ed.changes:
        groups.setdefault(str(c.get("briefing", "")), []).append(c)
    for title, items in groups.items():
        parts.append(f"<p><strong>{escape(title)}</strong></p><ul>")
        parts.extend(f"<li>{escape(c.get('text', ''))}</li>" for c in items)
        parts.append("</ul>")
    return "".join(parts)


def prepare(templates_dir: Path, config_file: Path, root: Path,
            briefings: list[ResolvedBriefing], edition: dt.date,
            previous: Path | None = None, remote: str | None = None) -> EditionPages:
    """Compare this edition with the previous one and render what editions add to the site.
    The previous editions are those on `remote`'s branch (publish --remote), else the
    configured remote's."""
    settings = read_settings(config_file)
    branch = Branch.open(root, settings.branch, remote or settings.remote)
    history = read_history(branch, edition, previous)
    snapshot = facts_json(briefings)
    key_figures = {rb.slug: list(rb.briefing.key_figures) for rb in briefings}
    changes = compare(history.snapshot, snapshot, edition, history.previous, key_figures)

    env = shared_environment(templates_dir)
    by_slug = {rb.slug: rb for rb in briefings}
    extras: dict[str, dict[str, Any]] = {}
    for slug in by_slug:
        mine = changes.of(slug)
        marks: dict[str, dict[str, str]] = {}
        for c in mine:
            if c.id and c.kind in ("fact-changed", "fact-added"):
                marks[c.id] = {"kind": "added" if c.kind == "fact-added" else "changed",
                               "was": c.old or ""}
        block = env.get_template("changes.md.j2").render(
            changes=[c for c in mine if c.kind != "briefing-added"], cs=changes,
            new_briefing=changes.is_new(slug), base="")
        extras[slug] = {"changes": Markup(block), "changed_facts": marks}

    this = PastEdition.from_changeset(changes)
    # Citations, structured data, head fields and cards (editions/reach.py).
    more = Reach(cards=[site_card(settings.site_name)])
    for slug, rb in by_slug.items():
        reach(env, rb, site_name=settings.site_name, site_url=settings.site_url,
              alias=settings.default_alias, edition=edition,
              editions=[this, *history.past], out=more)
        extras[slug].update(more.extras[slug])

    archive = [this, *history.past]
    by_title = sorted(by_slug.values(), key=lambda rb: (rb.briefing.title.lower(), rb.slug))
    groups = [(rb.slug, rb.briefing.title, changes.of(rb.slug)) for rb in by_title
              if changes.of(rb.slug)]
    unchanged_slugs = set(changes.unchanged)  # a set: looked up once per briefing
    whats_new = env.get_template("whats-new.md.j2").render(
        cs=changes, groups=groups,
        removed=[c for c in changes.changes if c.kind == "briefing-removed"],
        unchanged=[(rb.slug, rb.briefing.title) for rb in by_title
                   if rb.slug in unchanged_slugs])
    archive_page = env.get_template("archive.md.j2").render(
        editions=archive, current=edition, alias=settings.default_alias)
    record = json.dumps(enrich_changes(changes.to_json(), history.snapshot, snapshot),
                        indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    pages = [
        Page(f"{GENERATED_DIR}/whats-new.md", whats_new.encode()),
        Page(f"{GENERATED_DIR}/archive.md", archive_page.encode()),
        Page(FEED_FILE, feed(settings, archive)),
        Page(CHANGES_FILE, record.encode()),
        Page(f"{GENERATED_DIR}/changes.schema.json", schema_bytes(CHANGES)),
        *(Page(f"{GENERATED_DIR}/{path}", data) for path, data in more.files),
    ]
    return EditionPages(changes, extras, pages, [*history.notes, changes.summary()],
                        more.cards)
