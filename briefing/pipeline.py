"""Runs the stages in order: load → resolve → charts → pages → site. Nothing else."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problems
from .load import load_all
from .pages import Page, render_all
from .resolve import ResolvedBriefing, resolve


@dataclass
class Project:
    """Where things are. Defaults follow the repository's layout."""

    root: Path
    data_dir: Path = field(default=Path("data"))
    templates_dir: Path = field(default=Path("templates"))
    docs_dir: Path = field(default=Path("docs"))
    site_dir: Path = field(default=Path("site"))
    config_file: Path = field(default=Path("mkdocs.yml"))

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
    problems = Problems()
    loaded = load_all(project.data_dir, project.root, problems)
    resolved = [rb for item in loaded if (rb := resolve(item, problems)) is not None]
    if problems:
        raise InputError(problems.sorted())
    return resolved


def generate(project: Project, edition: dt.date | None = None) -> Result:
    """Everything up to the Markdown pages, in memory."""
    briefings = validate(project)
    newest = max(rb.briefing.edition for rb in briefings)
    pages = render_all(project.templates_dir, briefings)
    return Result(briefings, pages, edition or newest)


def build(project: Project, edition: dt.date | None = None, mkdocs: bool = True) -> Result:
    from .site import publish_build

    result = generate(project, edition)
    publish_build(result.pages, project.root, project.docs_dir, project.site_dir,
                  project.config_file, result.epoch, build_mkdocs=mkdocs)
    return result
