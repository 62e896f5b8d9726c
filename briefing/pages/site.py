"""The generated pages of docs/briefings/: one per briefing, the lists, the sources, facts.json.

Pages are made in memory (Page: a path under docs/ and its bytes); writing them is the
next stage's job. Templates come from templates/ through environment.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..check.resolved import ResolvedBriefing
from ..fields import VERDICTS
from .environment import shared_environment
from .export_schemas import FACTS, schema_bytes
from .exports import facts_json
from .markdown import front_matter, shorten
from .renderer import Renderer
from .search_terms import spelling_block
from .topics import topic_pages

GENERATED_DIR = "briefings"  # the folder of docs/ that the build owns
VERDICTS_PAGE = f"{GENERATED_DIR}/_verdicts.md"  # included by docs/methodology.md, guide.md


@dataclass
class Page:
    path: str  # relative to docs/, e.g. "briefings/<slug>/index.md"
    content: bytes


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
    body += spelling_block(body)  # "aluminum" finds a page that says "aluminium"
    # `meta`: citation_* and card fields for the head (editions/reach.py), when given.
    front = front_matter(title=b.title, description=shorten(r.plain(b.bottom_line)),
                         og_type="article", hide=["navigation"], **extra.get("meta", {}))
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
    # The verdicts' table, from the model, for the hand-written methodology and guide pages.
    verdicts = env.get_template("verdicts.md.j2").render(verdicts=VERDICTS)
    pages.append(Page(VERDICTS_PAGE, verdicts.encode()))
    index = env.get_template("briefings.md.j2").render(briefings=ordered)
    pages.append(Page(f"{GENERATED_DIR}/index.md", index.encode()))

    # Site-wide sources: one entry per address (or per print or broadcast work), with
    # every briefing that cites it.
    by_url: dict[str, dict[str, Any]] = {}
    listed: set[tuple[str, str]] = set()  # (url, slug): a set, as the list grows with the site
    for rb in ordered:
        for source in rb.sources.values():
            # A source without an address is one work where all that identifies it agrees.
            key = str(source.url) if source.url else "\n".join(
                (source.publisher, source.title, source.where, str(source.published)))
            entry = by_url.setdefault(key, {"source": source, "briefings": []})
            if (key, rb.slug) not in listed:
                listed.add((key, rb.slug))
                entry["briefings"].append(rb)
    entries = sorted(by_url.values(), key=lambda e: (e["source"].publisher.lower(),
                                                     e["source"].title.lower()))
    sources = env.get_template("sources.md.j2").render(entries=entries)
    pages.append(Page(f"{GENERATED_DIR}/sources.md", sources.encode()))
    pages += [Page(f"{GENERATED_DIR}/{path}", data) for path, data in topic_pages(env, ordered)]
    return pages


def render_all(templates: Path, briefings: list[ResolvedBriefing],
               extras: dict[str, dict[str, Any]] | None = None,
               done: dict[str, Page] | None = None) -> list[Page]:
    """Every generated page. A briefing page depends only on its briefing, the templates and
    its `extras`: that is what cache.py keys a rendered page on, to pass it back as `done`."""
    env = shared_environment(templates)
    pages = site_pages(env, briefings, extras or {}, done)
    data = json.dumps(facts_json(briefings), indent=1, ensure_ascii=False, sort_keys=True)
    pages.append(Page(f"{GENERATED_DIR}/facts.json", (data + "\n").encode()))
    pages.append(Page(f"{GENERATED_DIR}/facts.schema.json", schema_bytes(FACTS)))
    return pages


def charts_block(templates: Path, rb: ResolvedBriefing, charts: list[Any], assets: str,
                 version: str, table_rows: int = 200) -> Markup:
    """A briefing's charts section (templates/charts.md.j2), for the `charts` slot of its
    page. `charts` are briefing.charts.ChartView; `assets` is where the scripts are,
    relative to the page; a chart's data table shows its first `table_rows` rows."""
    if not charts:
        return Markup("")
    env = shared_environment(templates)
    text = env.get_template("charts.md.j2").render(rb=rb, r=Renderer(rb), charts=charts,
                                                   assets=assets, version=version,
                                                   table_rows=table_rows)
    return Markup(text)
