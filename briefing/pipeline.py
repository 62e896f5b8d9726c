"""Runs the stages in order: load → resolve → charts → pages → site → mike. Nothing else."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import charts
from .editions import prepare as prepare_edition
from .errors import InputError, Problems
from .load import load_all
from .pages import GENERATED_DIR, Page, charts_block, render_all
from .resolve import ResolvedBriefing, resolve

if TYPE_CHECKING:
    from .editions import Deployed


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

    @property
    def epoch(self) -> int:
        """The build date MkDocs writes (sitemap): the edition's, never the wall clock's."""
        return calendar.timegm(self.edition.timetuple())


def validate(project: Project) -> list[ResolvedBriefing]:
    """Load and resolve every briefing; raise InputError listing every problem found."""
    return _checked(project)[0]


def _checked(project: Project) -> tuple[list[ResolvedBriefing], dict[str, list[charts.ChartPlan]]]:
    """validate(), keeping the chart specs it built to check the charts (custom chart
    functions run once per build)."""
    problems = Problems()
    loaded = load_all(project.data_dir, project.root, problems)
    resolved = [rb for item in loaded if (rb := resolve(item, problems)) is not None]
    plans = {rb.slug: charts.plan(rb, problems) for rb in resolved}
    if problems:
        raise InputError(problems.sorted())
    return resolved, plans


def generate(project: Project, edition: dt.date | None = None,
             previous: Path | None = None) -> Result:
    """Everything up to the Markdown pages, in memory."""
    briefings, plans = _checked(project)
    drawn = charts.draw(plans, project.root / ".build" / "chart-cache", project.workers)
    newest = max(rb.briefing.edition for rb in briefings)
    edition = edition or newest
    # What changed since the previous edition (gh-pages or --previous): a block per
    # briefing, What's new, the archive, the feed.
    ed = prepare_edition(project.templates_dir, project.config_file, project.root, briefings,
                         edition, previous)
    extras = {slug: dict(values) for slug, values in ed.extras.items()}
    for rb in briefings:
        extras.setdefault(rb.slug, {})["charts"] = charts_block(
            project.templates_dir, rb, drawn.views.get(rb.slug, []), drawn.assets,
            drawn.asset_version)
    pages = render_all(project.templates_dir, briefings, extras) + ed.pages
    pages += [Page(f"{GENERATED_DIR}/{path}", data) for path, data in drawn.files]
    return Result(briefings, pages, edition, notes=[*ed.notes, drawn.summary])


def build(project: Project, edition: dt.date | None = None, mkdocs: bool = True,
          previous: Path | None = None) -> Result:
    from .site import publish_build

    result = generate(project, edition, previous)
    publish_build(result.pages, project.root, project.docs_dir, project.site_dir,
                  project.config_file, result.epoch, build_mkdocs=mkdocs)
    return result


def publish(project: Project, edition: dt.date | None = None, *, push: bool = False,
            remote: str | None = None, previous: Path | None = None, force: bool = False,
            message: str | None = None) -> tuple[Result, Deployed]:
    """Build an edition, then commit it to gh-pages with mike (and push it if asked).

    Everything that would make publishing fail is checked before anything is written.
    """
    from .editions import check_publishable, deploy

    newest = max(rb.briefing.edition for rb in validate(project))
    edition = edition or newest
    check_publishable(project.root, project.config_file, edition, force,
                      newest_briefing=newest, push=push, remote=remote)
    result = build(project, edition, previous=previous)
    done = deploy(project.root, project.config_file, edition, result.epoch, push=push,
                  remote=remote, message=message)
    return result, done
