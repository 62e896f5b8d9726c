"""What a briefing page offers beyond its text, for the programs that read it: citation
files (BibTeX, CSL-JSON, RIS) and the "Cite this edition" block, schema.org JSON-LD,
citation_* and Open Graph fields for the page head, a CSV per dataset, and the link
preview cards to render. It lives in editions/ as its dates come from the editions: a
briefing was first published in the first edition it appeared in (datePublished), and
this edition modified it (dateModified)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .. import format as fmt
from ..charts.views import csv_bytes
from ..check.resolved import ResolvedBriefing
from ..pages import GENERATED_DIR
from ..pages.cards import BRIEFING_CARD, SITE_CARD, Card, card_svg
from ..pages.citations import CITE_FILES, bibtex, citation_files, entries, ris
from ..pages.markdown import shorten
from ..pages.renderer import Renderer
from ..pages.structured import graph, script
from .history import PastEdition

DATA_DIR = "data"  # each dataset's CSV, beside the briefing page: data/<id>.csv
SITE_TAGLINE = "Sourced briefings: every figure traced to its source, every claim checked."


@dataclass
class Reach:
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # under the generated folder
    cards: list[Card] = field(default_factory=list)


def first_published(slug: str, editions: list[PastEdition]) -> dt.date:
    """The edition a briefing first appeared in, from the records of `editions` (newest
    first, this one included): the newest that added it, else the oldest on record since
    which it has been there."""
    for ed in editions:
        if any(c.get("slug") == slug and c.get("kind") == "briefing-added" for c in ed.changes):
            return ed.date
        if ed.first or ed.count is None:  # the first edition, or one with no record
            return ed.date
    return editions[-1].date


def site_card(site_name: str) -> Card:
    return Card(SITE_CARD, card_svg(site_name, site_name, SITE_TAGLINE, "Every edition kept"))


def reach(env: Environment, rb: ResolvedBriefing, *, site_name: str, site_url: str,
          alias: str, edition: dt.date, editions: list[PastEdition], out: Reach) -> None:
    """Add one briefing's extras, files and card to `out`."""
    slug, b = rb.slug, rb.briefing
    where = f"{GENERATED_DIR}/{slug}/"
    edition_url = f"{site_url}{edition.isoformat()}/{where}" if site_url else None
    page_url = f"{site_url}{alias}/{where}" if site_url else where
    base = edition_url or page_url
    summary = shorten(Renderer(rb).plain(b.bottom_line), 300)

    items = entries(rb, site_name, edition, edition_url)
    out.files += [(f"{slug}/{name}", data) for name, data in citation_files(items).items()]
    data_urls = {}
    for d in rb.datasets.values():
        out.files.append((f"{slug}/{DATA_DIR}/{d.id}.csv", csv_bytes(d, rb.tables[d.id].rows)))
        data_urls[d.id] = f"{base}{DATA_DIR}/{d.id}.csv"

    day = fmt.format_date_text(edition)
    out.cards.append(Card(f"{slug}/{BRIEFING_CARD}", card_svg(
        site_name, b.title, summary, f"Edition of {day}", b.status)))
    objects = graph(rb, site_name=site_name, page_url=page_url,
                    published=min(first_published(slug, editions), edition), modified=edition,
                    description=summary, image=f"{base}{BRIEFING_CARD}", data_urls=data_urls)
    cite = env.get_template("cite.md.j2").render(
        site_name=site_name, title=b.title, edition=edition, url=edition_url,
        files=CITE_FILES, bibtex=bibtex(items[:1]).strip(), ris=ris(items[:1]).strip())
    out.extras[slug] = {
        "cite": Markup(cite), "structured": Markup(script(objects)),
        # The page's permanent address (this edition's), printed on every page of its PDF.
        "permalink": base,
        # Front matter for the page head (overrides/main.html escapes each value).
        "meta": {"citation_title": b.title, "citation_publication_date":
                 edition.strftime("%Y/%m/%d"), "citation_publisher": site_name,
                 # citation_pdf is added by the pipeline once the PDF edition is made.
                 "og_card": BRIEFING_CARD,
                 "og_summary": summary, "card_status": b.status},
    }


def enrich_changes(record: dict[str, Any], old: dict[str, Any] | None,
                   new: dict[str, Any]) -> dict[str, Any]:
    """changes.json with each changed figure's old and new value as numbers (the
    facts.json `quantity` of each side), beside the text kept for current readers."""
    def fact(snapshot: dict[str, Any] | None, slug: str, fid: str) -> dict[str, Any] | None:
        found = ((snapshot or {}).get("briefings", {}).get(slug, {}).get("facts", {})
                 .get(fid))
        return found.get("quantity") if isinstance(found, dict) else None

    for c in record.get("changes", []):
        if not str(c.get("kind", "")).startswith("fact-") or not c.get("id"):
            continue
        before, after = fact(old, c["slug"], c["id"]), fact(new, c["slug"], c["id"])
        if before is not None:
            c["old_quantity"] = before
        if after is not None:
            c["new_quantity"] = after
    return record
