"""The Jinja environment of the page templates (templates/): filters and globals."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import format as fmt
from ..resolve import VERDICT_TEXT
from .markdown import md_escape


def environment(templates_dir: Path) -> Environment:
    """A new environment over `templates_dir`: autoescaped HTML, strict about undefined
    names, with the `md` and `date` filters and VERDICT_TEXT."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["date"] = fmt.format_date_text
    env.globals["VERDICT_TEXT"] = VERDICT_TEXT
    return env


@functools.lru_cache(maxsize=8)
def shared_environment(templates_dir: Path) -> Environment:
    """One environment per templates folder, for what is rendered once per briefing: a
    template is compiled once, not once per briefing. Jinja reloads a template whose file
    changed (auto_reload), so `serve` sees edits."""
    return environment(templates_dir)
