"""Figures typed into text: found, so that validation can refuse them.

Every number a reader sees must come from a fact with a source. In our own texts (the
bottom line, sections, claim reasoning, event titles, chart titles, labels, ...) a figure
is written `{{ fact("id") }}`; a number typed by hand is untraced. This module finds
those numbers, and leaves alone what is not a figure:

* dates, periods and times of day: `24 February 2025`, `February 24, 2025`, `Feb. 2025`,
  `2025-02-24`, `2025-02`, `2025-Q1`, `Q1 2025`, `H2 2024`, `FY2024`, `12:01 a.m.`;
* years and spans of years: `2025`, `the 1990s`, `mid-2025`, `2017–2018`, `2019-21`, `2017/18`;
* identifiers the project or the briefing lists (`Section 232`, `Proclamation 10522`,
  `G7`): names with digits in them, written once in a list rather than guessed at;
* what stands inside `{{ … }}` (the references themselves), link targets and DOIs.

Pure functions: no I/O, no knowledge of records beyond values passed in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
YEAR = r"(?:1[5-9]\d\d|20\d\d|21\d\d)"
_M = rf"(?:{MONTHS})\.?"
# Order matters: longer forms first, so that "24 February 2025" is one date, not a
# number 24 before a month.
NOT_FIGURES = re.compile(
    r"\{\{.*?\}\}"  # a reference: {{ fact("id") }}
    r"|\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|\bhttps?://\S+"  # link targets and URLs
    r"|\b10\.\d{4,9}/[^\s,;]+"  # a DOI: 10.5066/P1WKQ63T
    r"|&#\d+;|&#x[0-9a-fA-F]+;"  # character references (escaped text)
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_M}(?:,?\s+{YEAR})?\b"  # 24 February (2025)
    rf"|\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b"  # February 24, 2025
    rf"|\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*[,.]?\d)"  # February 24
    rf"|\b{_M},?\s+{YEAR}\b"  # February 2025
    r"|\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[ap]\.?m\.?)?(?![\d:])"  # a time: 12:01 a.m.
    rf"|\b{YEAR}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?\b"  # 2025-02(-24)
    rf"|\b{YEAR}-?Q[1-4]\b|\b[QH][1-4]\s+{YEAR}\b|\b[QH][1-4]-{YEAR}\b"  # 2025-Q1, Q1 2025
    rf"|\bFY\s?(?:{YEAR}|\d\d)(?:[/–-]\d\d(?:\d\d)?)?\b"  # FY2024, FY24, FY2024/25
    rf"|\b{YEAR}s?(?:\s*(?:–|—|-|/|to)\s*(?:{YEAR}|\d\d)s?)?\b(?![.,]\d|\s*%)"  # years, spans
)
# A figure: a number with its sign, currency, separators, decimals and what follows it
# ("40%", "$1.2 billion", "2,500 t", "3.8 million").
FIGURE = re.compile(
    r"(?:[$€£¥]\s?)?[-+−]?\d(?:[\d,]*\d)?(?:\.\d+)?"  # "232," is 232 before a comma
    r"(?:\s?(?:%|percent\b|per cent\b|(?:thousand|million|billion|trillion|bn|mn|m|k)\b))?"
)
MULTIPLIERS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
               "billion": 1e9, "bn": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Figure:
    """A number found in a text: where it starts and ends, and as typed."""

    start: int
    end: int
    text: str

    @property
    def value(self) -> float | None:
        """The number it reads as: '$1.2 billion' → 1.2e9, '40%' → 40."""
        m = re.match(r"[$€£¥]?\s?([-+−]?\d[\d,]*(?:\.\d+)?)\s?([a-z%]*)", self.text.strip())
        if not m:
            return None
        try:
            number = float(m.group(1).replace(",", "").replace("−", "-"))
        except ValueError:
            return None
        return number * MULTIPLIERS.get(m.group(2), 1.0)


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def find_figures(text: str, identifiers: Sequence[str] = (),
                 references: bool = True) -> list[Figure]:
    """Every hand-typed figure in `text`, in order of appearance. `references`: whether
    `{{ … }}` is a reference (in prose) or text shown as typed (anywhere else)."""
    spans: list[tuple[int, int]] = []
    for name in sorted(identifiers, key=len, reverse=True):
        if name:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    masked = _mask(text, spans)
    if not references:
        masked = masked.replace("{{", "{ ")  # same length: offsets hold
    masked = _mask(masked, [(m.start(), m.end()) for m in NOT_FIGURES.finditer(masked)])
    found = []
    for m in FIGURE.finditer(masked):
        start, end = m.start(), m.end()
        # A digit inside a word ("G7", "COVID-19", "B2B") is a name, not a figure: report it
        # so that the analyst lists it as an identifier, whole.
        while start > 0 and (masked[start - 1].isalnum() or masked[start - 1] in "-_"):
            start -= 1
        while end < len(masked) and masked[end].isalnum():
            end += 1
        found.append(Figure(start, end, text[start:end].strip()))
    return found


# What makes a number a quantity rather than part of a name: "40%", "$1.2", "3 million".
QUANTITY_RE = re.compile(
    r"[$€£¥%]|\bper ?cent\b|\d\s?(?:thousand|million|billion|trillion|bn|mn|m|k)\b")


def is_identifier(text: str) -> bool:
    """Whether `text` can be listed as an identifier: it has a letter, so that no list
    can let a bare figure ("40%", "2020") through. Lists are reviewed as a whole."""
    return any(ch.isalpha() for ch in text)


def is_name(text: str) -> bool:
    """Whether `text` can be a literal in prose, `{{ "G7" }}`: an identifier that holds no
    quantity either, as a literal is typed inline, unreviewed. "Section 232" and "G7" are
    names; "40%", "$5 million", "about 40 percent" and "2020" are not."""
    return is_identifier(text) and not any(
        QUANTITY_RE.search(f.text) for f in find_figures(text))


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` within `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def matching_facts(figure: Figure, facts: Iterable[tuple[str, float | None, str]]) -> list[str]:
    """Ids of facts whose value or shown text matches the figure: (id, value, display)."""
    value = figure.value
    shown = " ".join(figure.text.split()).lower()
    out = []
    for fact_id, fact_value, display in facts:
        same_text = bool(display) and " ".join(display.split()).lower() == shown
        same_value = (value is not None and fact_value is not None and value != 0
                      and math.isclose(value, fact_value, rel_tol=5e-3))
        if same_text or same_value:
            out.append(fact_id)
    return out
