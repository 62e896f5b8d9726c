"""The Jinja environment of the page templates (templates/), and what a broken template says.

Every page and every editions block is rendered through `environment()`. A mistake in a
template (a syntax error, an undefined variable, a missing template) is the maintainer's,
not a bug of the generator: it is raised as `TemplateError`, a `BuildError` whose message
names the template file and its line, `templates/briefing.md.j2:12: 'x' is undefined`,
so that the command line prints one line, not a traceback.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import format as fmt
from ..errors import BuildError, relative
from ..fields import VERDICT_TEXT
from .markdown import md_escape


def _topic_slug(topic: str) -> str:
    from .topics import topic_slug  # topics.py renders through this environment

    return topic_slug(topic)


class TemplateError(BuildError):
    """A template that cannot be loaded or rendered, at its file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)  # all three, so that the error pickles
        self.path = path  # as the maintainer types it: templates/briefing.md.j2
        self.line = line  # None when the error has no line (a template that is missing)
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def environment(templates_dir: Path) -> Environment:
    """A new environment over `templates_dir`: autoescaped HTML, strict about undefined
    names, with the `md` and `date` filters and VERDICT_TEXT."""
    return _PagesEnvironment(templates_dir)


@functools.lru_cache(maxsize=8)
def shared_environment(templates_dir: Path) -> Environment:
    """One environment per templates folder, for what is rendered once per briefing: a
    template is compiled once, not once per briefing. Jinja reloads a template whose file
    changed (auto_reload), so `serve` sees edits."""
    return environment(templates_dir)


class _Template(jinja2.Template):
    """A template whose errors while rendering are TemplateErrors at their template line."""

    def render(self, *args: Any, **kwargs: Any) -> str:  # Any: jinja2's own signature
        try:
            return super().render(*args, **kwargs)
        except Exception as exc:
            env = self.environment
            located = env.located(exc, self.name) if isinstance(env, _PagesEnvironment) else None
            if located is None:
                raise
            raise located from exc


class _PagesEnvironment(Environment):
    template_class = _Template

    def __init__(self, templates_dir: Path) -> None:
        super().__init__(
            loader=FileSystemLoader(str(templates_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.templates_dir = templates_dir
        self.filters["md"] = md_escape
        self.filters["date"] = fmt.format_date_text
        # A table's numbers in full with separators, as a chart's data table shows them.
        self.filters["number"] = functools.partial(fmt.format_number, compact=False)
        self.globals["VERDICT_TEXT"] = VERDICT_TEXT
        self.filters["topic_slug"] = _topic_slug

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,  # Any: jinja2's own signature
    ) -> jinja2.Template:
        if parent is not None:
            # An include or import inside a template: the including template's render
            # reports a failure here, at the line of the include.
            return super().get_template(name, parent, globals)
        try:
            return super().get_template(name, parent, globals)
        except jinja2.TemplateNotFound as exc:
            if exc.name != name:
                raise
            raise TemplateError(self._shown_name(str(name)), None, "no such template") from exc
        except jinja2.TemplateError as exc:
            located = self.located(exc, str(name))
            if located is None:
                raise
            raise located from exc

    def located(self, exc: Exception, name: str | None) -> TemplateError | None:
        """`exc` as a TemplateError at its place in the templates, or None when it is not
        the templates' doing (an error in the Python code that a template called)."""
        if isinstance(exc, TemplateError):
            return exc  # from a template loaded on the way, already located
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            return TemplateError(self._shown(exc.filename), exc.lineno, exc.message or str(exc))
        # Jinja rewrites the traceback of a render so that the frames of template code carry
        # the template's file name and line: the innermost of those is where it failed.
        frames = [(frame.f_code.co_filename, line)
                  for frame, line in traceback.walk_tb(exc.__traceback__)]
        inside = [(file, line) for file, line in frames if self._is_template(file)]
        if isinstance(exc, jinja2.TemplateNotFound) and not isinstance(
                exc, jinja2.TemplatesNotFound):
            message = f"no template {exc.name!r} in {self.templates_dir.name}/"
        elif isinstance(exc, jinja2.TemplateError):
            message = exc.message or str(exc)
        elif inside and frames[-1] == inside[-1]:  # raised by the template's own code
            message = f"{type(exc).__name__}: {exc}"
        else:
            return None
        if inside:
            file, line = inside[-1]
            return TemplateError(self._shown(file), line, message)
        return TemplateError(self._shown_name(name or "?"), None, message)

    def _is_template(self, filename: str) -> bool:
        # Not a .py file: with `--templates .` the generator's own code sits in the folder.
        return not filename.endswith(".py") and Path(filename).resolve().is_relative_to(
            self.templates_dir.resolve())

    def _shown(self, filename: str) -> str:
        """A template file as the maintainer finds it: relative to the folder that holds
        the templates folder, the project root in the repository's layout."""
        return relative(Path(filename), self.templates_dir.parent)

    def _shown_name(self, name: str) -> str:
        return self._shown(str(self.templates_dir / name))
