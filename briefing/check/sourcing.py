"""Every figure a reader sees as ours comes from a fact: figures typed by hand are refused.

Our own texts are the bottom line, sections, claim summaries and reasoning, notes, event
titles and details, labels, chart and dataset titles, the briefing's title and topics. A
number typed into one of them has no source, no as-of date and no unit: it is refused at
the place it was typed (line and column of the number itself), with the fact that holds
that value when there is one. What is not ours stays as written: a claim's words (the
speaker's), a source's title (its publisher's), and a text fact's value (a fact, with its
own source). figures.py says what is a figure; this module says where to look.

Names with digits (`Section 232`, `G7`) are listed once: for every briefing in
[tool.briefing] identifiers, for one briefing in its `identifiers:`, or, in prose, written
once as a literal `{{ "G7" }}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..errors import Problem, Problems
from ..figures import FIGURE, Figure, find_figures, is_identifier, is_name, matching_facts
from ..model import Briefing
from ..read.briefing import LoadedBriefing
from ..read.scalars import text_position
from ..read.sourcemap import FieldPath, dotted
from .prose import ProseLiteral, parse
from .resolved import FactView

PROSE_EXPECTED = 'a figure from a fact: {{ fact("id") }}'
PLAIN_EXPECTED = "text without figures typed by hand (only prose can cite a fact)"
NAME_HINT = ("a name with digits goes in identifiers: briefing.yaml's, or for every briefing "
             "[tool.briefing] identifiers in pyproject.toml")
IDENTIFIER_EXPECTED = 'a name with letters, such as "Proclamation 10895", not a figure'
LITERAL_EXPECTED = 'a name in quotes, such as {{ "G7" }}, not a figure'
ORDINAL_RE = re.compile(r"\d[\d,]*(?:st|nd|rd|th)")
# A literal output in prose, `{{ "…" }}` or `{{ '…' }}`, to find where each one stands.
LITERAL_RE = re.compile(r"""\{\{-?\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*-?\}\}""")


# Per list of records, its fields in our own voice: (name, whether it is prose). A claim's
# words and a source's title are someone else's, and a text fact's value is itself a
# sourced fact: not listed.
OUR_FIELDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "sections": (("heading", False), ("body", True)),
    "claims": (("summary", False), ("reasoning", True)),
    "facts": (("label", False), ("note", False)),
    "derived": (("label", False), ("note", False)),
    "sources": (("note", False),),
    "events": (("title", False), ("detail", False)),
    "datasets": (("title", False), ("note", False)),
    "charts": tuple((name, False) for name in ("title", "subtitle", "note", "x_title",
                                                "y_title")),
}


def our_texts(b: Briefing) -> Iterator[tuple[FieldPath, str | None, bool]]:
    """(field path, text, whether it is prose) for every text the briefing says in its
    own voice."""
    yield ("title",), b.title, False
    for i, topic in enumerate(b.topics):
        yield ("topics", i), topic, False
    yield ("bottom_line",), b.bottom_line, True
    for kind, fields in OUR_FIELDS.items():
        for i, record in enumerate(getattr(b, kind)):
            for name, prose in fields:
                yield (kind, i, name), getattr(record, name), prose
    for i, dataset in enumerate(b.datasets):
        for j, column in enumerate(dataset.columns):
            yield ("datasets", i, "columns", j, "label"), column.label, False


def _hint(figure: Figure, matches: Sequence[str], prose: bool) -> str:
    if matches:
        cite = " or ".join(f'{{{{ fact("{m}") }}}}' for m in matches[:3])
        return f"did you mean {cite}?" + (
            "" if prose else " This field cannot cite a fact: move the figure into prose")
    if any(ch.isalpha() for ch in figure.text) and not FIGURE.fullmatch(figure.text) \
            and not ORDINAL_RE.fullmatch(figure.text):
        return NAME_HINT  # "G7", "COVID-19": a name, not a quantity (as "3rd" is a rank)
    if prose:
        return 'add a fact with its source and cite it: {{ fact("id") }}; ' + NAME_HINT
    return ("move the figure into a fact with its source, cited in prose, or leave it out; "
            + NAME_HINT)


def _literal_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, as typed) of each prose literal that holds a figure rather than a name:
    one without letters, or with a percentage, currency or multiplier."""
    literals = [part for part in parse(text).parts if isinstance(part, ProseLiteral)]
    spans = list(LITERAL_RE.finditer(text))
    for n, literal in enumerate(literals):
        if is_name(literal):
            continue
        span = spans[n] if len(spans) == len(literals) else None
        yield (span.start() if span else 0), (span.group(0) if span else f'"{literal}"')


def check_sourcing(loaded: LoadedBriefing, facts: Mapping[str, FactView],
                   identifiers: Sequence[str], problems: Problems) -> None:
    """Refuse every figure typed by hand in the briefing's own texts, at its line and column.
    `identifiers`: the project's names with digits; the briefing's own are added."""
    b = loaded.briefing
    for i, name in enumerate(b.identifiers):
        if not is_identifier(name):  # a list must not let a figure through
            line, col = loaded.position(("identifiers", i))
            problems.add(Problem(loaded.file, line, col, f"identifiers[{i}]", IDENTIFIER_EXPECTED,
                                 repr(name), "a figure comes from a fact, never from a list"))
    names = [*identifiers, *(name for name in b.identifiers if is_identifier(name))]
    values = [(f.id, f.number, f.display) for f in facts.values()]
    for loc, text, prose in our_texts(b):
        if text:
            _check_text(loaded, loc, text, prose, names, values, problems)


def _check_text(loaded: LoadedBriefing, loc: FieldPath, text: str, prose: bool,
                names: Sequence[str], values: Sequence[tuple[str, float | None, str]],
                problems: Problems) -> None:
    start = loaded.position(loc)

    def add(offset: int, expected: str, found: str, hint: str) -> None:
        line, col = text_position(loaded.yaml_text, start, text, offset)
        problems.add(Problem(loaded.file, line, col, dotted(loc), expected, found, hint))

    # Only prose reads `{{ }}`: elsewhere it is shown as typed, so nothing in it is masked.
    for figure in find_figures(text, names, references=prose):
        add(figure.start, PROSE_EXPECTED if prose else PLAIN_EXPECTED, f"'{figure.text}'",
            _hint(figure, matching_facts(figure, values), prose))
    if prose and "{{" in text and not parse(text).problems:
        for offset, typed in _literal_problems(text):
            add(offset, LITERAL_EXPECTED, typed,
                'a literal writes a name; a figure comes from a fact: {{ fact("id") }}')
