"""Runs the stages in order: load → resolve → charts → pages → site → mike, and alone
decides what a stage does again and what comes from the cache (cache.py stores it)."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import charts
from .cache import (
    CACHE_DAYS,
    PageCache,
    Store,
    ValidatedCache,
    generator_version,
    key_of,
    paused_gc,
)
from .check.limits import limit_problems
from .check.lints import lints, unused_library
from .check.references import resolve
from .check.resolved import ResolvedBriefing
from .editions.pages import prepare as prepare_edition
from .errors import InputError, Problem, Problems
from .pages import GENERATED_DIR, Page, pdf
from .pages.cards import Card
from .pages.cards import render_png as render_card
from .pages.site import charts_block, render_all
from .read.briefing import load_all
from .read.config import ProjectConfig, load_config, load_units
from .read.files import data_file
from .read.library import load_library
from .write import scaffold

if TYPE_CHECKING:
    from .editions.publish import Deployed


@dataclass
class Project:
    """Where things are. Defaults follow the repository's layout."""

    root: Path
    data_dir: Path = field(default=Path("data"))
    templates_dir: Path = field(default=Path("templates"))
    docs_dir: Path = field(default=Path("docs"))
    site_dir: Path = field(default=Path("site"))
    config_file: Path = field(default=Path("mkdocs.yml"))
    workers: int | None = None  # chart rendering processes; None: as many as make it faster

    def __post_init__(self) -> None:
        for name in ("data_dir", "templates_dir", "docs_dir", "site_dir", "config_file"):
            value = getattr(self, name)
            if not value.is_absolute():
                setattr(self, name, self.root / value)


@dataclass
class Result:
    briefings: list[ResolvedBriefing]
    pages: list[Page]
    edition: dt.date
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # lints (check/lints.py)
    # Seconds per stage ("load+validate", "charts", "pages", "stage", "mkdocs", "search",
    # "link", "swap"): what the benchmark (bench/) reports, and where a slow build spends
    # its time.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def epoch(self) -> int:
        """The build date MkDocs writes (sitemap): the edition's, never the wall clock's."""
        return calendar.timegm(self.edition.timetuple())


@contextlib.contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def new_briefing(project: Project, slug: str, edition: dt.date) -> Path:
    """Start data/briefings/<slug>/briefing.yaml from the scaffold (which validates as it
    stands: tests/test_new.py). InputError for a slug that is bad or taken."""
    return scaffold.new_briefing(project.data_dir, slug, edition, project.root)


def validate(project: Project, strict: bool = False) -> list[ResolvedBriefing]:
    """Load and resolve every briefing; raise InputError listing every problem found (and,
    when `strict`, every lint). The lints of each briefing are in its `lints`."""
    return _checked(project, strict).briefings


def check(project: Project, strict: bool = False) -> tuple[list[ResolvedBriefing],
                                                            list[Problem]]:
    """validate(), with every warning: each briefing's lints and the source library's."""
    checked = _checked(project, strict)
    return checked.briefings, checked.warnings


def warnings_of(briefings: list[ResolvedBriefing]) -> list[Problem]:
    return [w for rb in briefings for w in rb.lints]


@dataclass
class _Checked:
    briefings: list[ResolvedBriefing]
    plans: dict[str, list[charts.ChartPlan]]
    keys: dict[str, str]  # slug → a hash of everything the briefing was made from
    config: ProjectConfig = field(default_factory=ProjectConfig)  # [tool.briefing]
    warnings: list[Problem] = field(default_factory=list)  # lints, the library's included


def _checked(project: Project, strict: bool = False,
             only: Collection[str] | None = None) -> _Checked:
    """validate(), keeping the chart specs it built to check the charts (custom chart
    functions run once per build). A briefing whose files and generator are unchanged
    since it last passed comes from .build/validated/ instead (cache.py)."""
    problems = Problems()
    config = load_config(project.root, problems)
    # Nothing outside data/ is read: the units file is checked before it is opened.
    units_file = data_file(project.data_dir, config.units, project.root, problems)
    definitions = (load_units(project.data_dir, project.root, config, problems)
                   if units_file is not None else "")
    # Sources any briefing may cite (data/sources.yaml): its problems are reported with the
    # briefings', and the briefings are still checked, against their own sources.
    library = load_library(project.data_dir, project.root, problems)
    # The unit definitions shape every display, and the library every briefing's sources:
    # part of the cache key, as the settings are (an edited library revalidates them all).
    cache = ValidatedCache(project.root / ".build" / "validated", project.root,
                           f"{config!r}\n{definitions}\n"
                           f"{library.digest if library is not None else ''}")
    loaded = load_all(project.data_dir, project.root, problems, skip=cache.hit, only=only)
    resolved = [rb for item in loaded
                if (rb := resolve(item, problems, definitions, config.identifiers,
                                  library)) is not None]
    plans = {}
    for rb in resolved:
        refused = limit_problems(rb, config)
        problems.extend(refused)
        # A chart refused here is not planned: custom code without consent never runs.
        plans[rb.slug] = [] if refused else _plans(cache, rb, problems)
    for rb in resolved:  # a briefing from the cache keeps the lints found with it
        rb.lints = lints(rb, config)
    every, every_plan = cache.merged(resolved, plans)
    # Which library sources no briefing cites is known only once every briefing is
    # (a failed briefing's citations are not): asked only of a run without problems.
    # (nor by a run over some briefings only).
    whole = not problems and only is None
    warnings = warnings_of(every) + (unused_library(library, every) if whole else [])
    if problems or (strict and warnings):
        if strict:
            raise InputError(sorted(set(problems.items + warnings)), promoted=len(warnings))
        raise InputError(problems.sorted(), warnings)
    cache.keep(resolved, plans)
    return _Checked(every, every_plan, cache.keys, config, warnings)


def _plans(cache: ValidatedCache, rb: ResolvedBriefing,
           problems: Problems) -> list[charts.ChartPlan]:
    """charts.plan(), or the plans made earlier from the same chart inputs: a briefing
    whose facts or prose changed keeps its charts without Altair being imported."""
    key = key_of("plans/1", generator_version(), charts.plan_inputs(rb))
    kept = cache.plans_for(key)
    if kept is not None:
        return kept
    before = len(problems)
    made = charts.plan(rb, problems)
    if len(problems) == before:
        cache.keep_plans(key, made)
    return made


def _draw(project: Project, plans: dict[str, list[charts.ChartPlan]]) -> charts.Drawn:
    """The charts stage: render the plans whose key no earlier build rendered, keep what
    was rendered, then assemble every briefing's views and files."""
    store = Store(project.root / ".build" / "chart-cache")
    every = [p for items in plans.values() for p in items]
    done: dict[str, charts.Rendered] = {}
    for key in dict.fromkeys(p.key for p in every):
        svg, png = store.get(f"{key}.svg"), store.get(f"{key}.png")
        if svg is not None and png is not None:
            done[key] = (svg.decode("utf-8"), png)
    fresh = charts.render([p for p in every if p.key not in done], project.workers)
    for key, (svg_text, png_data) in fresh.items():
        # PNG first, SVG last: a hit needs both, and a killed build leaves no half entry.
        store.put(f"{key}.png", png_data)
        store.put(f"{key}.svg", svg_text.encode())
    bundle = None
    if every:
        # Made once per vl-convert version (a second or so), then kept.
        bundle = store.get(charts.bundle_name())
        if bundle is None:
            bundle = charts.vega_bundle()
            store.put(charts.bundle_name(), bundle)
    drawn = charts.assemble(plans, {**done, **fresh}, fresh, bundle)
    store.prune(CACHE_DAYS)
    return drawn


def _cards(project: Project, cards: list[Card]) -> list[Page]:
    """The link preview cards as PNG: each rendered once per SVG (its key), then kept with
    the chart images, as rendering one takes a fifth of a second."""
    store = Store(project.root / ".build" / "chart-cache")
    out = []
    for card in cards:
        png = store.get(f"{card.key}.png")
        if png is None:
            png = render_card(card.svg)
            store.put(f"{card.key}.png", png)
        out.append(Page(f"{GENERATED_DIR}/{card.path}", png))
    return out


def generate(project: Project, edition: dt.date | None = None,
             previous: Path | None = None, remote: str | None = None,
             strict: bool = False, only: Collection[str] | None = None) -> Result:
    """Everything up to the Markdown pages, in memory. `remote`: whose gh-pages holds the
    editions to compare with (publish --remote); by default the configured one. `strict`:
    lints are problems. `only`: the briefings of these slugs alone, for serve's preview of
    an edit (their own files are as a whole run makes them, given the whole run's
    `edition`; the list pages and site-wide files are not: serve.py keeps its own)."""
    timings: dict[str, float] = {}
    with timed(timings, "load+validate"):
        checked = _checked(project, strict, only)
    # From here on, every object made lives until the pages are written (cache.py).
    with paused_gc():
        return _generate(project, checked, timings, edition, previous, remote)


def _generate(project: Project, checked: _Checked, timings: dict[str, float],
              edition: dt.date | None, previous: Path | None,
              remote: str | None = None) -> Result:
    briefings = checked.briefings
    with timed(timings, "charts"):
        drawn = _draw(project, checked.plans)
    with timed(timings, "pages"):
        newest = max(rb.briefing.edition for rb in briefings)
        edition = edition or newest
        # What changed since the previous edition (gh-pages or --previous): a block per
        # briefing, What's new, the archive, the feed.
        ed = prepare_edition(project.templates_dir, project.config_file, project.root,
                             briefings, edition, previous, remote)
        extras = {slug: dict(values) for slug, values in ed.extras.items()}
        for rb in briefings:
            # Part of the page cache's key, as extras are: a new limit renders pages again.
            extras.setdefault(rb.slug, {})["table_rows"] = checked.config.table_rows
    with timed(timings, "pdf"):
        pdfs = _pdfs(project, checked, drawn, extras)
    with timed(timings, "pages"):
        # A briefing page rendered by an earlier build from the same inputs is reused.
        reuse = PageCache(project.root / ".build" / "pages", project.templates_dir,
                          f"{drawn.assets}|{drawn.asset_version}")
        done: dict[str, Page] = {}
        for rb in briefings:
            hit = reuse.get(rb.slug, checked.keys[rb.slug], extras.get(rb.slug, {}))
            if hit is not None:
                done[rb.slug] = Page(f"{GENERATED_DIR}/{rb.slug}/index.md", hit)
                continue
            extras.setdefault(rb.slug, {})["charts"] = charts_block(
                project.templates_dir, rb, drawn.views.get(rb.slug, []), drawn.assets,
                drawn.asset_version, checked.config.table_rows)
        pages = render_all(project.templates_dir, briefings, extras, done) + ed.pages
        by_path = {page.path: page.content for page in pages}
        reuse.keep({slug: by_path[f"{GENERATED_DIR}/{slug}/index.md"] for slug in reuse.missed})
        pages += [Page(f"{GENERATED_DIR}/{path}", data) for path, data in drawn.files]
        pages += _dataset_files(briefings)
        pages += pdfs
        pages += _cards(project, ed.cards)
    return Result(briefings, pages, edition, notes=[*ed.notes, drawn.summary],
                  warnings=checked.warnings, timings=timings)


def _pdfs(project: Project, checked: _Checked, drawn: charts.Drawn,
          extras: dict[str, dict[str, Any]]) -> list[Page]:
    """Each briefing's PDF edition (pages/pdf.py), linked from its page and named in its
    citation_pdf_url. A PDF typeset by an earlier build from the same inputs (the briefing,
    its charts, its address, the template, the paper, Typst's version) is kept in
    .build/chart-cache: typesetting one takes about a second."""
    store = Store(project.root / ".build" / "chart-cache")
    template = project.templates_dir / pdf.TEMPLATE
    template_text = template.read_bytes() if template.is_file() else b""
    out = []
    for rb in checked.briefings:
        extra = extras.setdefault(rb.slug, {})
        meta = dict(extra.get("meta", {}))
        url = str(extra.get("permalink", f"{GENERATED_DIR}/{rb.slug}/"))
        site_name = str(meta.get("citation_publisher", ""))
        chart_keys = [p.key for p in checked.plans.get(rb.slug, [])]
        key = key_of("pdf/1", generator_version(), pdf.engine_version(), checked.keys[rb.slug],
                     ",".join(chart_keys), url, site_name, checked.config.paper, template_text)
        data = store.get(f"{key}.pdf")
        if data is None:
            doc = pdf.document(rb, drawn.views.get(rb.slug, []), url=url, site_name=site_name,
                               paper=checked.config.paper)
            data = pdf.typeset(project.templates_dir, doc, project.root)
            store.put(f"{key}.pdf", data)
        name = pdf.pdf_name(rb.slug)
        extra["pdf"] = {"file": name, "size": pdf.size_text(len(data))}
        extra["meta"] = {**meta, "citation_pdf": name}
        out.append(Page(f"{GENERATED_DIR}/{rb.slug}/{name}", data))
    return out


def _dataset_files(briefings: list[ResolvedBriefing]) -> list[Page]:
    """<dataset>.csv beside each briefing page, for every dataset no chart shows: its page
    shows the first rows only (table_rows), the download holds them all. A charted
    dataset's CSV is the chart's (charts/<chart>.csv)."""
    pages = []
    for rb in briefings:
        charted = {chart.dataset for chart in rb.charts}
        for dataset in rb.datasets.values():
            table = rb.tables.get(dataset.id)
            if dataset.id not in charted and table is not None:
                pages.append(Page(f"{GENERATED_DIR}/{rb.slug}/{dataset.id}.csv",
                                  charts.csv_bytes(dataset, table.rows)))
    return pages


def build(project: Project, edition: dt.date | None = None, mkdocs: bool = True,
          previous: Path | None = None, remote: str | None = None,
          strict: bool = False) -> Result:
    from .write.staging import publish_build

    result = generate(project, edition, previous, remote, strict)
    publish_build(result.pages, project.root, project.docs_dir, project.site_dir,
                  project.config_file, result.epoch, build_mkdocs=mkdocs,
                  timings=result.timings)
    return result


def publish(project: Project, edition: dt.date | None = None, *, push: bool = False,
            remote: str | None = None, previous: Path | None = None, force: bool = False,
            message: str | None = None, strict: bool = False) -> tuple[Result, Deployed]:
    """Build an edition, then commit it to gh-pages with mike (and push it if asked).

    Everything that would make publishing fail is checked before anything is written.
    """
    from .editions.publish import check_publishable, deploy

    newest = max(rb.briefing.edition for rb in validate(project, strict))
    edition = edition or newest
    check_publishable(project.root, project.config_file, edition, force,
                      newest_briefing=newest, push=push, remote=remote)
    result = build(project, edition, previous=previous, remote=remote, strict=strict)
    done = deploy(project.root, project.config_file, project.docs_dir, edition, result.epoch,
                  push=push, remote=remote, message=message)
    return result, done
