"""The prose mini-language: Markdown with `{{ fact("id") }}` references, parsed once.

Prose (a bottom line, section bodies, claim reasoning) may do two things beyond Markdown:
point at records by id, through fact/value/label/claim/source("id"), and write a name
with digits as typed, `{{ "G7" }}`, where listing it as an identifier is not worth it.
Arithmetic, loops, filters and every other piece of Jinja are refused, so that no number
is ever computed in prose (check/sourcing.py refuses one typed by hand). parse() reads a
text with Jinja's own lexer and parser (in a sandboxed environment; nothing is compiled
or run) into literal parts and calls, or the problems that refuse it. Validation reports
those problems (check_prose), and pages render from the same parts (render): what
validation accepts is exactly what rendering renders.

The link policy lives here too: prose links go to http(s), mailto or pages of this site,
carry no title (Material's tooltips read a title as HTML), and prose holds no images.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import Problem, Problems, did_you_mean, known_list
from ..read.briefing import LoadedBriefing
from ..read.sourcemap import FieldPath, dotted

# The only things prose may do: point at records by id. The kind of record each names.
PROSE_FUNCTIONS = {
    "fact": "facts",  # value with unit, tooltip and citation
    "value": "facts",  # the same, without the citation (for a second mention)
    "label": "facts",  # a fact's label as text
    "claim": "claims",  # a link to the claim with its verdict
    "source": "sources",  # a citation to a source
}

LINK_TARGET_RE = re.compile(
    r"\]\(\s*<?([^)>]*)"  # an inline link or image: [text](target "title")
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"  # an autolink: <scheme:...>
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?(\S+)",  # a reference definition: [id]: target
    re.MULTILINE,
)
SAFE_LINK_RE = re.compile(r"^(https?://|mailto:|#|/|\.|[a-zA-Z0-9_-][^:&]*$)")
IMAGE_RE = re.compile(r"!\[")  # prose has no images: they could only come from other sites
# A link title becomes a `title` attribute, which Material's tooltips insert as HTML.
LINK_TITLE_RE = re.compile(
    r"\]\(\s*(?:<[^>\n]*>|[^)\s]*)\s+[\"'(]"  # [text](target "title")
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(?:<[^>\n]*>|\S+)[ \t]*\n?[ \t]*[\"'(]",  # [id]: url "t"
    re.MULTILINE,
)


class ProseCall(NamedTuple):
    """`{{ name("id") }}`, on line `line` of the text (1-based)."""

    name: str
    id: str
    line: int


class ProseLiteral(str):
    """`{{ "G7" }}`: a name with digits, written as typed, once (figures in it are not
    refused; check/sourcing.py sees that it is a name and not a figure). Renders as text."""

    __slots__ = ()


class ProseProblem(NamedTuple):
    """Something prose may not hold, on line `line` of the text (1-based)."""

    line: int
    expected: str
    found: str
    hint: str = ""


@dataclass(frozen=True)
class ProseParse:
    """A prose text as Jinja's parser reads it: literal text and calls, in order, or the
    problems that refuse it. Only a parse without problems can be rendered."""

    parts: tuple[str | ProseCall, ...]
    problems: tuple[ProseProblem, ...]
    # Jinja could not read the text at all: `problems` holds that alone, `parts` is empty.
    syntax_error: bool = False

    @property
    def calls(self) -> tuple[ProseCall, ...]:
        return tuple(part for part in self.parts if isinstance(part, ProseCall))


# Parsing depends on nothing of an environment but its delimiters; these are Jinja's own.
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
_ONLY_CALLS = ('only fact("id"), value("id"), label("id"), claim("id"), source("id") '
               'or a name in quotes ("G7") inside {{ }}')
_NEVER_COMPUTES = "write numbers as facts and cite them; prose never computes"


# Prose is read for every briefing on every build, and rendered twice (page and plain
# text): a text is parsed once. Walking the tree rather than compiling it matters too:
# compiling each text as a template cost more than all the rest of a page (34 ms of 40).
@functools.lru_cache(maxsize=50_000)
def parse(text: str) -> ProseParse:
    """The parts of a prose text, or the problems that refuse it."""
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        problem = ProseProblem(exc.lineno or 1, 'prose with {{ fact("id") }} references',
                               exc.message or "a syntax error")
        return ProseParse((), (problem,), syntax_error=True)
    parts: list[str | ProseCall] = []
    refused: list[ProseProblem] = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            refused.append(ProseProblem(node.lineno, _ONLY_CALLS,
                                        f"a '{type(node).__name__.lower()}' block",
                                        _NEVER_COMPUTES))
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                parts.append(child.data)
            elif isinstance(child, nodes.Const) and isinstance(child.value, str):
                parts.append(ProseLiteral(child.value))
            elif (call := _reference(child)) is not None:
                parts.append(call)
            else:
                refused.append(ProseProblem(
                    child.lineno, _ONLY_CALLS,
                    'an expression other than fact("id"), claim("id") or source("id")',
                    _NEVER_COMPUTES))
    for call in (part for part in parts if isinstance(part, ProseCall)):
        if call.name not in PROSE_FUNCTIONS:
            refused.append(ProseProblem(call.line,
                                        "one of " + ", ".join(f"{f}()" for f in PROSE_FUNCTIONS),
                                        f"{call.name}()", did_you_mean(call.name, PROSE_FUNCTIONS)))
    return ProseParse(tuple(parts), tuple(refused))


def _reference(node: nodes.Node) -> ProseCall | None:
    """`name("id")` and nothing more: one constant text argument, no keywords, and no
    `*args` or `**kwargs` (which Jinja would have to evaluate)."""
    if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            and len(node.args) == 1 and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str) and not node.kwargs
            and node.dyn_args is None and node.dyn_kwargs is None):
        return ProseCall(node.node.name, node.args[0].value, node.lineno)
    return None


def render(text: str, helpers: Mapping[str, Callable[[str], str]]) -> str:
    """The text with each call replaced by what its helper (by function name) gives for the
    id. Only for prose that validation accepted: anything else is a bug, not an input."""
    parsed = parse(text)
    if parsed.problems:
        raise ValueError(f"prose that validation refuses reached rendering: {parsed.problems[0]}")
    return "".join(part if isinstance(part, str) else str(helpers[part.name](part.id))
                   for part in parsed.parts)


def link_problems(text: str) -> list[ProseProblem]:
    """Images, link titles and links to anything but http(s), mailto and this site."""
    def line_of(start: int) -> int:
        return text.count("\n", 0, start) + 1

    out = [ProseProblem(line_of(m.start()), "prose without images", "an image ![...]",
                        "a page may load nothing from other sites; show figures as charts")
           for m in IMAGE_RE.finditer(text)]
    out += [ProseProblem(line_of(m.start()), "a link without a title: [text](https://…)",
                         "a link title", "a title becomes a tooltip that reads HTML; put the "
                         "words in the link text")
            for m in LINK_TITLE_RE.finditer(text)]
    for m in LINK_TARGET_RE.finditer(text):
        target = _unsafe_target(m.group(1) or m.group(2) or m.group(3) or "")
        if target is not None:
            out.append(ProseProblem(line_of(m.start()),
                                    "a link to http(s), mailto or a page of this site",
                                    f"'{target[:60]}'",
                                    "links to scripts and other schemes are refused"))
    return out


def _unsafe_target(raw: str) -> str | None:
    """The link target as a browser would read it, if it is not a safe one.

    Browsers drop tabs and newlines anywhere in a URL and spaces or control characters
    around it, so `java<newline>script:` is javascript:. Both readings must be safe: the
    whole target so read, and its first word (what Markdown takes when a title follows).
    """
    joined = re.sub(r"^[\x00-\x20]+", "", re.sub(r"[\t\n\r]", "", raw)).split(" ")[0]
    first = raw.split()[0] if raw.split() else ""
    for target in (joined, first):
        if target and not SAFE_LINK_RE.match(target):
            return target
    return None


def check_prose(
    loaded: LoadedBriefing,
    loc: FieldPath,
    text: str,
    known: Mapping[str, Mapping[str, object]],
    problems: Problems,
) -> None:
    """Every problem of the prose at `loc`: what the mini-language refuses, ids that name
    no record of this briefing, and links the policy refuses."""
    line0, _col0 = loaded.position(loc)
    style = loaded.source_map.style(loc)
    offset = line0 + (1 if style != "plain" else 0) - 1

    def at(lineno: int) -> int:
        """The file line of a line of the text. Only a literal block (|) keeps its lines as
        typed; a folded (>), plain or quoted value does not, so point at where it starts."""
        return offset + lineno if style == "literal" else offset + 1

    field_path = dotted(loc)

    def add(problem: ProseProblem) -> None:
        problems.add(Problem(loaded.file, at(problem.line), 0, field_path, problem.expected,
                             problem.found, problem.hint))

    parsed = parse(text)
    for problem in parsed.problems:
        add(problem)
    if parsed.syntax_error:
        return
    for name, ref, lineno in parsed.calls:
        kind = PROSE_FUNCTIONS.get(name)
        if kind is not None and ref not in known[kind] and ref not in loaded.broken_ids:
            add(ProseProblem(lineno, f"the id of one of this briefing's {kind}",
                             f'{name}("{ref}")',
                             did_you_mean(ref, known[kind]) or known_list(known[kind])))
    for problem in link_problems(text):
        add(problem)
