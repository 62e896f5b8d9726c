"""References checked, derived facts computed: from loaded records to a linked briefing.

Nothing here reads files or writes output. Every broken reference becomes a
Problem that names the file, line and field, with the known ids and a
"did you mean" where one is close.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from . import format as fmt
from .errors import Problem, Problems, did_you_mean, known_list
from .load import LoadedBriefing, Table
from .model import MAX_MAGNITUDE, Briefing, Chart, Claim, Dataset, Event, Fact, Source

# The only things prose may do: point at records by id. Arithmetic, loops and
# filters are refused, so that no number is ever computed or typed in prose.
PROSE_FUNCTIONS = {
    "fact": "facts",  # value with unit, tooltip and citation
    "value": "facts",  # the same, without the citation (for a second mention)
    "label": "facts",  # a fact's label as text
    "claim": "claims",  # a link to the claim with its verdict
    "source": "sources",  # a citation to a source
}
PROSE_FIELDS = ("bottom_line", "sections[].body", "claims[].reasoning")
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


VERDICT_TEXT = {
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "misleading": "Misleading",
    "outdated": "Outdated",
    "unsupported": "Unsupported",
    "false": "False",
    "not-yet-checked": "Not yet checked",
}


@dataclass
class FactView:
    """A fact as pages need it: value, display text and where it comes from."""

    id: str
    label: str
    value: Any
    unit: str | None
    display: str
    as_of: str | None
    sources: list[str]
    confidence: str = "high"
    estimate: bool = False
    note: str | None = None
    derived_from: list[str] = field(default_factory=list)
    formula: str | None = None
    qualifier: str | None = None

    @property
    def number(self) -> float | None:
        return self.value if isinstance(self.value, int | float) else None


@dataclass
class ResolvedBriefing:
    slug: str
    file: str
    briefing: Briefing
    facts: dict[str, FactView]
    sources: dict[str, Source]
    source_numbers: dict[str, int]
    claims: dict[str, Claim]
    events: list[Event]
    datasets: dict[str, Dataset]
    tables: dict[str, Table]
    charts: list[Chart]
    loaded: LoadedBriefing

    # The interface check/resolved.py gives at the merge (without the YAML tree).
    @property
    def folder(self) -> Path:
        return self.loaded.folder

    def position(self, loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        return self.loaded.position(loc, key=key)


def _index(
    loaded: LoadedBriefing,
    kind: str,
    items: Iterable[Any],
    problems: Problems,
    taken: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Records by id; a repeated id is a problem that names both places."""
    out: dict[str, Any] = {}
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id is None:
            continue
        line, col = loaded.position((kind, i, "id"))
        if item.id in out or (taken is not None and item.id in taken):
            where = f"line {first_seen[item.id]}" if item.id in first_seen else taken[item.id]
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"{kind}[{i}].id",
                    "an id used once in this briefing",
                    f"'{item.id}' again (first at {where})",
                )
            )
            continue
        out[item.id] = item
        first_seen[item.id] = line
    return out


def _check_ref(
    loaded: LoadedBriefing,
    loc: tuple[Any, ...],
    ref: str,
    known: dict[str, Any],
    what: str,
    problems: Problems,
) -> bool:
    if ref in known or ref in loaded.broken_ids:
        return True  # a broken record was reported where it stands
    line, col = loaded.position(loc)
    field_path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    problems.add(
        Problem(
            loaded.file,
            line,
            col,
            field_path,
            f"the id of one of this briefing's {what}",
            f"'{ref}'",
            did_you_mean(ref, known) or known_list(known),
        )
    )
    return False


NUMERIC_TEXT_RE = re.compile(r"^[<>~≈]?\s*[-+]?[\d,.]*\d\s*%?$")


def _looks_numeric(text: str) -> bool:
    """'12', '3,800', '>90,000,000', '14.6%': numbers typed as text lose units and formats."""
    return bool(NUMERIC_TEXT_RE.match(text.strip()))


def _fact_view(fact: Fact, sources: dict[str, Source]) -> FactView:
    if isinstance(fact.value, int | float) and fact.unit in fmt.UNITS:
        display = fmt.format_quantity(fact.value, fact.unit, fact.precision, fact.qualifier)
    elif hasattr(fact.value, "isoformat"):
        display = fmt.format_date_text(fact.value)
    else:
        display = str(fact.value)
    return FactView(
        fact.id,
        fact.label,
        fact.value,
        fact.unit,
        display,
        fact.as_of,
        [fact.source],
        fact.confidence,
        fact.estimate,
        fact.note,
        qualifier=fact.qualifier,
    )


def _derive(loaded: LoadedBriefing, facts: dict[str, FactView], problems: Problems) -> None:
    """Compute derived facts in dependency order; report cycles, unknown ids and unit clashes.

    A derived fact over an input that is itself broken is skipped quietly: the broken
    input was reported where it stands, and one mistake should give one message.
    """
    briefing = loaded.briefing
    assert briefing is not None
    record_ids = {f.id for f in briefing.facts} | {d.id for d in briefing.derived}
    failed = ({f.id for f in briefing.facts} - set(facts)) | loaded.broken_ids
    pending: list[tuple[int, Any]] = []
    for i, d in enumerate(briefing.derived):
        known = all(
            [
                _check_ref(
                    loaded,
                    ("derived", i, "derive", "of", j),
                    ref,
                    dict.fromkeys(record_ids),
                    "facts",
                    problems,
                )
                for j, ref in enumerate(d.derive.of)
            ]
        )
        if known:
            pending.append((i, d))
        else:
            failed.add(d.id)
    while pending:
        ready = [
            (i, d) for i, d in pending if all(ref in facts or ref in failed for ref in d.derive.of)
        ]
        if not ready:
            for i, d in pending:
                line, col = loaded.position(("derived", i, "derive", "of"))
                problems.add(
                    Problem(
                        loaded.file,
                        line,
                        col,
                        f"derived[{i}].derive.of",
                        "facts that do not depend on this one",
                        "a cycle through " + ", ".join(d.derive.of),
                    )
                )
            return
        for i, d in ready:
            pending.remove((i, d))
            view = None
            if not any(ref in failed for ref in d.derive.of):
                view = _compute(loaded, i, d, [facts[r] for r in d.derive.of], problems)
            if view is None:
                failed.add(d.id)
            else:
                facts[d.id] = view


def _compute(
    loaded: LoadedBriefing, i: int, d: Any, inputs: list[FactView], problems: Problems
) -> FactView | None:
    loc = ("derived", i)
    # Point at what is wrong: the list of inputs, or the unit.
    line, col = loaded.position((*loc, "derive", "of"))
    uline, ucol = loaded.position((*loc, "unit"))
    if d.unit not in fmt.UNITS:
        problems.add(
            Problem(
                loaded.file,
                uline,
                ucol,
                f"derived[{i}].unit",
                "a known unit",
                f"'{d.unit}'",
                did_you_mean(d.unit, fmt.UNITS) or known_list(fmt.UNITS, 20),
            )
        )
        return None
    for view in inputs:
        if view.number is None or view.unit not in fmt.UNITS:
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"derived[{i}].derive.of",
                    "facts with numeric values and units",
                    f"'{view.id}' ({view.value!r})",
                )
            )
            return None
    families = {fmt.UNITS[v.unit].family for v in inputs}  # type: ignore[index]
    base = [fmt.to_base(v.number, v.unit) for v in inputs]  # type: ignore[arg-type]
    op = d.derive.op
    target = fmt.UNITS[d.unit]
    if len(families) != 1:
        problems.add(
            Problem(
                loaded.file,
                line,
                col,
                f"derived[{i}].derive.of",
                f"facts measured alike for a {op}",
                " and ".join(f"{v.id} in {v.unit}" for v in inputs),
                "convert one of them, or derive from facts of the same kind",
            )
        )
        return None
    family = families.pop()
    if op in ("share", "ratio"):
        if len(inputs) != 2:
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"derived[{i}].derive.of",
                    f"two facts for a {op} (numerator, denominator)",
                    f"{len(inputs)}",
                )
            )
            return None
        if base[1] == 0:
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"derived[{i}].derive.of",
                    "a denominator other than zero",
                    f"'{inputs[1].id}' = 0",
                )
            )
            return None
        result = base[0] / base[1]
        if target.family == "percent":
            result *= 100
        elif target.family != "ratio":
            problems.add(
                Problem(
                    loaded.file,
                    uline,
                    ucol,
                    f"derived[{i}].unit",
                    f"'%' or 'times' for a {op}",
                    f"'{d.unit}'",
                )
            )
            return None
        symbol = "÷"
    else:
        if target.family != family:
            problems.add(
                Problem(
                    loaded.file,
                    uline,
                    ucol,
                    f"derived[{i}].unit",
                    f"a unit measuring {family} like its inputs",
                    f"'{d.unit}'",
                )
            )
            return None
        result = base[0] - sum(base[1:]) if op == "difference" else sum(base)
        result /= target.factor
        symbol = "−" if op == "difference" else "+"
    if not math.isfinite(result) or abs(result) >= MAX_MAGNITUDE:
        problems.add(
            Problem(loaded.file, line, col, f"derived[{i}].derive.of",
                    "inputs whose result is a number that can be shown",
                    f"{result:g}", "one input is far larger or smaller than the other")
        )
        return None
    # A bound in an input bounds the result: a share of "more than 90 million" is "at most".
    qualifier = None
    if op in ("share", "ratio") and len(inputs) == 2:
        flip = {
            "more-than": "less-than",
            "at-least": "at-most",
            "less-than": "more-than",
            "at-most": "at-least",
            "about": "about",
        }
        qualifier = inputs[0].qualifier or flip.get(inputs[1].qualifier or "")
    elif any(v.qualifier for v in inputs):
        qualifier = "about"
    sources: list[str] = []
    for view in inputs:
        sources.extend(s for s in view.sources if s not in sources)
    display = fmt.format_quantity(result, d.unit, d.precision, qualifier)
    formula = f" {symbol} ".join(v.label for v in inputs)
    as_of = max((v.as_of or "" for v in inputs), default="") or None
    confidence = min((v.confidence for v in inputs), key=["low", "medium", "high"].index)
    return FactView(
        d.id,
        d.label,
        result,
        d.unit,
        display,
        as_of,
        sources,
        confidence,
        any(v.estimate for v in inputs),
        d.note,
        [v.id for v in inputs],
        formula,
        qualifier,
    )


def _prose_calls(
    template: nodes.Template,
) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    """The (function, id, line) calls in a prose template, and what else it tries to do."""
    calls: list[tuple[str, str, int]] = []
    refused: list[tuple[str, int]] = []
    for node in template.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                if (
                    isinstance(child, nodes.Call)
                    and isinstance(child.node, nodes.Name)
                    and len(child.args) == 1
                    and isinstance(child.args[0], nodes.Const)
                    and isinstance(child.args[0].value, str)
                    and not child.kwargs
                ):
                    calls.append((child.node.name, child.args[0].value, child.lineno))
                else:
                    refused.append(
                        (
                            'an expression other than fact("id"), claim("id") or source("id")',
                            child.lineno,
                        )
                    )
        else:
            refused.append((f"a '{type(node).__name__.lower()}' block", node.lineno))
    return calls, refused


def check_prose(
    loaded: LoadedBriefing,
    loc: tuple[Any, ...],
    text: str,
    known: dict[str, dict[str, Any]],
    problems: Problems,
) -> None:
    env = SandboxedEnvironment()
    line0, _col0 = loaded.position(loc)
    node: Any = loaded.raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None  # a placeholder for a missing field, reported where it is missing
            break
    block = type(node).__name__ in ("LiteralScalarString", "FoldedScalarString")
    offset = line0 + (1 if block else 0) - 1

    def at(lineno: int) -> int:
        """The file line of a line of the text. Only a literal block (|) keeps its lines as
        typed; a folded (>), plain or quoted value does not, so point at where it starts."""
        if type(node).__name__ == "LiteralScalarString":
            return offset + lineno
        return offset + 1
    field_path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    try:
        template = env.parse(text)
    except TemplateSyntaxError as exc:
        problems.add(
            Problem(
                loaded.file,
                at(exc.lineno or 1),
                0,
                field_path,
                'prose with {{ fact("id") }} references',
                exc.message or "a syntax error",
            )
        )
        return
    calls, refused = _prose_calls(template)
    for what, lineno in refused:
        problems.add(
            Problem(
                loaded.file,
                at(lineno),
                0,
                field_path,
                'only fact("id"), value("id"), label("id"), claim("id") or '
                'source("id") inside {{ }}',
                what,
                "write numbers as facts and cite them; prose never computes",
            )
        )
    for name, ref, lineno in calls:
        kind = PROSE_FUNCTIONS.get(name)
        if kind is None:
            problems.add(
                Problem(
                    loaded.file,
                    at(lineno),
                    0,
                    field_path,
                    "one of " + ", ".join(f"{f}()" for f in PROSE_FUNCTIONS),
                    f"{name}()",
                    did_you_mean(name, PROSE_FUNCTIONS),
                )
            )
        elif ref not in known[kind] and ref not in loaded.broken_ids:
            problems.add(
                Problem(
                    loaded.file,
                    at(lineno),
                    0,
                    field_path,
                    f"the id of one of this briefing's {kind}",
                    f'{name}("{ref}")',
                    did_you_mean(ref, known[kind]) or known_list(known[kind]),
                )
            )
    for match in IMAGE_RE.finditer(text):
        problems.add(
            Problem(
                loaded.file,
                at(text.count("\n", 0, match.start()) + 1),
                0,
                field_path,
                "prose without images",
                "an image ![...]",
                "a page may load nothing from other sites; show figures as charts",
            )
        )
    for match in LINK_TITLE_RE.finditer(text):
        problems.add(
            Problem(
                loaded.file,
                at(text.count("\n", 0, match.start()) + 1),
                0,
                field_path,
                "a link without a title: [text](https://…)",
                "a link title",
                "a title becomes a tooltip that reads HTML; put the words in the link text",
            )
        )
    for match in LINK_TARGET_RE.finditer(text):
        target = _unsafe_target(match.group(1) or match.group(2) or match.group(3) or "")
        if target is not None:
            lineno = text.count("\n", 0, match.start()) + 1
            problems.add(
                Problem(
                    loaded.file,
                    at(lineno),
                    0,
                    field_path,
                    "a link to http(s), mailto or a page of this site",
                    f"'{target[:60]}'",
                    "links to scripts and other schemes are refused",
                )
            )


def resolve(loaded: LoadedBriefing, problems: Problems) -> ResolvedBriefing | None:
    b = loaded.briefing
    if b is None:
        return None
    before = len(problems)
    sources = _index(loaded, "sources", b.sources, problems)
    fact_records = _index(loaded, "facts", b.facts, problems)
    fact_lines = {f.id: loaded.position(("facts", n, "id"))[0] for n, f in enumerate(b.facts)}
    _index(loaded, "derived", b.derived, problems,
           taken={k: f"line {fact_lines[k]}, in facts" for k in fact_records})
    claims = _index(loaded, "claims", b.claims, problems)
    datasets = _index(loaded, "datasets", b.datasets, problems)
    _index(loaded, "events", b.events, problems)
    _index(loaded, "charts", b.charts, problems)

    facts: dict[str, FactView] = {}
    for i, fact in enumerate(b.facts):
        ok = _check_ref(loaded, ("facts", i, "source"), fact.source, sources, "sources", problems)
        if (
            fact.unit is not None
            and isinstance(fact.value, int | float)
            and fact.unit not in fmt.UNITS
        ):
            line, col = loaded.position(("facts", i, "unit"))
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"facts[{i}].unit",
                    "a known unit",
                    f"'{fact.unit}'",
                    did_you_mean(fact.unit, fmt.UNITS) or known_list(fmt.UNITS, 20),
                )
            )
            ok = False
        if isinstance(fact.value, str) and _looks_numeric(fact.value):
            line, col = loaded.position(("facts", i, "value"))
            problems.add(Problem(loaded.file, line, col, f"facts[{i}].value",
                                 "a number, not text", repr(fact.value),
                                 "write it without quotes and separators, e.g. 3800000, "
                                 "with a qualifier for bounds (more-than, about)"))
            ok = False
        if fact.unit == "rank" and not isinstance(fact.value, int):
            line, col = loaded.position(("facts", i, "value"))
            problems.add(
                Problem(
                    loaded.file,
                    line,
                    col,
                    f"facts[{i}].value",
                    "a whole number for a rank",
                    repr(fact.value),
                )
            )
            ok = False
        if ok and fact_records.get(fact.id) is fact:
            facts[fact.id] = _fact_view(fact, sources)
    _derive(loaded, facts, problems)
    all_fact_ids = {f.id: None for f in b.facts} | {d.id: None for d in b.derived}

    for i, ref in enumerate(b.key_figures):
        _check_ref(loaded, ("key_figures", i), ref, all_fact_ids, "facts", problems)
    for i, claim in enumerate(b.claims):
        _check_ref(loaded, ("claims", i, "source"), claim.source, sources, "sources", problems)
        for j, ref in enumerate(claim.evidence):
            _check_ref(loaded, ("claims", i, "evidence", j), ref, all_fact_ids, "facts", problems)
    for i, event in enumerate(b.events):
        _check_ref(loaded, ("events", i, "source"), event.source, sources, "sources", problems)
    for i, dataset in enumerate(b.datasets):
        _check_ref(loaded, ("datasets", i, "source"), dataset.source, sources, "sources", problems)
    check_charts(loaded, datasets, problems)

    known = {"facts": all_fact_ids, "claims": claims, "sources": sources}
    check_prose(loaded, ("bottom_line",), b.bottom_line, known, problems)
    for i, section in enumerate(b.sections):
        check_prose(loaded, ("sections", i, "body"), section.body, known, problems)
    for i, claim in enumerate(b.claims):
        check_prose(loaded, ("claims", i, "reasoning"), claim.reasoning, known, problems)

    if len(problems) > before or not loaded.valid:
        return None
    numbers = {s.id: n for n, s in enumerate(b.sources, start=1)}
    events = sorted(b.events, key=lambda e: str(e.date))
    return ResolvedBriefing(
        loaded.slug,
        loaded.file,
        b,
        facts,
        sources,
        numbers,
        claims,
        events,
        datasets,
        loaded.tables,
        list(b.charts),
        loaded,
    )


# Which columns each chart kind reads, and the types they must have.
CHART_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "ranked-bar": {"x": ("number",), "y": ("text", "year")},
    "time-series": {"x": ("year", "date", "number"), "y": ("number",)},
    "share-bar": {"x": ("number",), "y": ("text", "year")},
    "scatter": {"x": ("number",), "y": ("number",)},
    "custom": {},
}
# Kinds that can split their marks by a third column, and the types it may have.
CHART_SERIES: dict[str, tuple[str, ...]] = {
    "time-series": ("text", "year"),
    "share-bar": ("text", "year"),
    "custom": ("text", "year", "date", "number"),
}


def check_charts(loaded: LoadedBriefing, datasets: dict[str, Dataset], problems: Problems) -> None:
    b = loaded.briefing
    assert b is not None
    for i, chart in enumerate(b.charts):
        if not _check_ref(
            loaded, ("charts", i, "dataset"), chart.dataset, datasets, "datasets", problems
        ):
            continue
        if chart.dataset not in datasets:
            continue  # a dataset that failed validation, reported where it stands
        columns = {c.name: c for c in datasets[chart.dataset].columns}
        wanted = CHART_FIELDS[chart.kind]
        add = _chart_problems(loaded, i, problems)
        if chart.kind == "custom" and chart.function is None:
            add((), "the name of a function in charts.py beside briefing.yaml", "nothing",
                field="function")
        for axis in ("x", "y", "series"):
            name = getattr(chart, axis)
            if name is None:
                if axis in wanted:
                    add((), f"a column of dataset '{chart.dataset}'", "nothing",
                        known_list(columns), field=axis)
            elif name not in columns:
                _unknown_column(add, (axis,), name, chart, columns)
            elif axis in wanted and columns[name].type not in wanted[axis]:
                add((axis,), f"a {' or '.join(wanted[axis])} column for a {chart.kind} chart",
                    f"'{name}' ({columns[name].type})", _fitting(columns, wanted[axis]))
        if chart.highlight is not None and chart.highlight.column not in columns:
            _unknown_column(add, ("highlight", "column"), chart.highlight.column, chart, columns)
        check_chart_data(loaded, i, chart, columns, problems)


def _chart_problems(loaded: LoadedBriefing, i: int, problems: Problems) -> Any:
    """A function that adds a problem about chart i, positioned at a field under it.

    `field` names a missing field: the position is then the chart's, the path the field's.
    """

    def add(loc: tuple[Any, ...], expected: str, found: str, hint: str = "",
            field: str | None = None) -> None:
        line, col = loaded.position(("charts", i, *loc))
        path = f"charts[{i}]" + "".join(f".{p}" for p in (*loc, *([field] if field else [])))
        problems.add(Problem(loaded.file, line, col, path, expected, found, hint))

    return add


def _unknown_column(add: Any, loc: tuple[Any, ...], name: str, chart: Chart,
                    columns: dict[str, Any]) -> None:
    add(loc, f"a column of dataset '{chart.dataset}'", f"'{name}'",
        did_you_mean(name, columns) or known_list(columns))


def _fitting(columns: dict[str, Any], types: tuple[str, ...]) -> str:
    """The columns whose type would fit, as a hint after a type mismatch."""
    fit = [name for name, column in columns.items() if column.type in types]
    return "columns that fit: " + ", ".join(fit) if fit else "no column of this dataset fits"


def check_chart_data(loaded: LoadedBriefing, i: int, chart: Chart, columns: dict[str, Any],
                     problems: Problems) -> None:
    """What a chart asks of its data beyond column names: series, labels, highlight, scales."""
    add = _chart_problems(loaded, i, problems)

    if chart.series is not None and chart.series in columns:
        allowed = CHART_SERIES.get(chart.kind)
        if allowed is None:
            add(("series",), f"no series for a {chart.kind} chart", f"'{chart.series}'",
                "series split time-series and share-bar charts; remove it or change the kind")
        elif columns[chart.series].type not in allowed:
            add(("series",), f"a {' or '.join(allowed)} column to split a {chart.kind} chart",
                f"'{chart.series}' ({columns[chart.series].type})", _fitting(columns, allowed))
    if chart.label is not None:
        if chart.label not in columns:
            _unknown_column(add, ("label",), chart.label, chart, columns)
        elif columns[chart.label].type not in ("text", "year", "date"):
            add(("label",), "a text column naming each point", f"'{chart.label}' "
                f"({columns[chart.label].type})", _fitting(columns, ("text",)))
    table = loaded.tables.get(chart.dataset)
    if table is None:
        return  # the table failed to load; that problem is reported where it stands
    hl = chart.highlight
    if hl is not None and hl.column in columns:
        values = [row.get(hl.column) for row in table.rows if row.get(hl.column) is not None]
        if str(hl.value) not in {str(v) for v in values}:
            names = list(dict.fromkeys(str(v) for v in values))
            add(("highlight", "value"), f"a value found in column '{hl.column}' of dataset "
                f"'{chart.dataset}'", repr(hl.value),
                did_you_mean(str(hl.value), names) or known_list(names))
    for axis in ("x", "y"):
        name = getattr(chart, axis)
        if getattr(chart, f"{axis}_scale") != "log" or name not in columns:
            continue
        if columns[name].type != "number":
            add((f"{axis}_scale",), "a number column for a logarithmic axis",
                f"'{name}' ({columns[name].type})")
            continue
        bad = [(r, row[name]) for r, row in enumerate(table.rows)
               if row.get(name) is not None and row[name] <= 0]
        for r, value in bad[:5]:
            problems.add(Problem(table.file, table.lines[r], 0, f"row {r + 1}.{name}",
                                 f"a value above zero for the logarithmic {axis} axis of chart "
                                 f"'{chart.id}'", repr(value),
                                 f"use {axis}_scale: linear, or leave the cell empty"))
    # One bar per category: a repeated category would draw two bars on one line.
    if chart.kind in ("ranked-bar", "share-bar") and chart.series is None and chart.y in columns:
        seen: dict[str, int] = {}
        for r, row in enumerate(table.rows):
            key = row.get(chart.y)
            if key is None:
                continue
            if str(key) in seen:
                problems.add(Problem(table.file, table.lines[r], 0, f"row {r + 1}.{chart.y}",
                                     f"one row per {chart.y} for chart '{chart.id}'",
                                     f"'{key}' again (first at line {seen[str(key)]})",
                                     "add a series column, or sum the rows"))
            else:
                seen[str(key)] = table.lines[r]
