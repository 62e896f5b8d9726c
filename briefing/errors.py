"""One error type for every problem in an analyst's input.

Problems are collected, never raised one at a time: an analyst fixing a
briefing wants the whole list in one run, each naming the file, line, column,
field path, what was expected and what was found.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, positioned as precisely as we know it."""

    file: str
    line: int  # 1-based; 0 when the whole file is meant
    column: int  # 1-based; 0 when unknown
    field: str  # dotted path such as "facts[3].source"
    expected: str
    found: str
    hint: str = ""

    def render(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.field or '(file)'}: expected {self.expected}, found {self.found}"
        if self.hint:
            text += f" ({self.hint})"
        return text


@dataclass
class Problems:
    """An ordered collection of problems; a stage adds to it and carries on."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


class InputError(Exception):
    """Raised at the end of a stage when its problems make going on pointless.

    `warnings`: the lints of the briefings that passed, shown beside the problems;
    `promoted`: how many of `problems` are lints that --strict made errors."""

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = (),
                 promoted: int = 0):
        self.problems = list(problems)
        self.warnings = list(warnings)
        self.promoted = promoted
        super().__init__(f"{len(self.problems)} problem(s) in the input")


def plural(n: int, word: str) -> str:
    """'1 warning', '3 warnings'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def warning_lines(warnings: Iterable[Problem]) -> list[str]:
    """Lints as the command line prints them: as problems are, marked as warnings."""
    return [f"warning: {w.render()}" for w in warnings]


class BuildError(Exception):
    """A failure outside the analyst's input (MkDocs, git, the file system)."""


def did_you_mean(found: str, known: Iterable[str]) -> str:
    """A suggestion for a mistyped name, or an empty string."""
    close = difflib.get_close_matches(found, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def known_list(known: Iterable[str], limit: int = 8) -> str:
    names = sorted(known)
    if not names:
        return "none are defined"
    shown = ", ".join(names[:limit])
    more = f", … ({len(names) - limit} more)" if len(names) > limit else ""
    return f"known: {shown}{more}"


def relative(path: Path, root: Path | None = None) -> str:
    """A path as the analyst would type it: relative to the project where possible."""
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
