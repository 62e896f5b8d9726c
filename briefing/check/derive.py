"""Derived facts: figures computed from other facts by a declared formula, never typed.

A derived fact is computed once its inputs are, in dependency order; a cycle, an input
without a number or unit, units that do not measure alike, a zero denominator or a
result too large to show is a problem at the derived fact's line.
"""

from __future__ import annotations

import math

from .. import format as fmt
from ..errors import Problem, Problems, did_you_mean, known_list
from ..model import MAX_MAGNITUDE, DerivedFact
from ..read.briefing import LoadedBriefing
from .resolved import FactView


def derive_facts(loaded: LoadedBriefing, facts: dict[str, FactView], unresolved: set[int],
                 problems: Problems) -> None:
    """Compute derived facts into `facts`; report cycles and what _compute refuses.

    `unresolved`: the indexes of derived facts with an input id that names no fact (the
    caller reported those). A derived fact over an input that is itself broken is skipped
    quietly: the broken input was reported where it stands, and one mistake should give
    one message.
    """
    briefing = loaded.briefing
    failed = ({f.id for f in briefing.facts} - set(facts)) | loaded.broken_ids
    pending: list[tuple[int, DerivedFact]] = []
    for i, d in enumerate(briefing.derived):
        if i in unresolved:
            failed.add(d.id)
        else:
            pending.append((i, d))
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
    loaded: LoadedBriefing, i: int, d: DerivedFact, inputs: list[FactView], problems: Problems
) -> FactView | None:
    """The derived fact at index i from its inputs' views, or None with the problem added."""
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
