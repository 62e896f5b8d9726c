"""Derived facts: figures computed from other facts by a declared formula, never typed.

A derived fact is computed once its inputs are, in dependency order; a cycle, an input
without a number or unit, units that do not measure alike, a zero denominator or a
result too large to show is a problem at the derived fact's line.
"""

from __future__ import annotations

import math

from .. import units
from ..errors import Problem, Problems
from ..fields import MAX_MAGNITUDE
from ..model import DerivedFact, Range
from ..read.briefing import LoadedBriefing
from .resolved import FactView


def derive_facts(loaded: LoadedBriefing, facts: dict[str, FactView], unresolved: set[int],
                 problems: Problems, definitions: str = "") -> None:
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
                view = _compute(loaded, i, d, [facts[r] for r in d.derive.of], problems,
                                definitions)
            if view is None:
                failed.add(d.id)
            else:
                facts[d.id] = view


def _compute(
    loaded: LoadedBriefing, i: int, d: DerivedFact, inputs: list[FactView], problems: Problems,
    definitions: str = "",
) -> FactView | None:
    """The derived fact at index i from its inputs' views, or None with the problem added.

    Units are pint's (units.py): inputs are converted before they combine (a kt fact minus
    a t fact), a share or a ratio into % or times needs inputs measured alike, a ratio
    into another unit (USD / t → USD/t) must give what that unit measures, and the result
    is expressed in the derived fact's unit. A range is refused as an input: its ends do
    not combine into one figure honestly (the difference of two ranges is not low − low).
    """
    loc = ("derived", i)
    # Point at what is wrong: the list of inputs, or the unit.
    line, col = loaded.position((*loc, "derive", "of"))
    uline, ucol = loaded.position((*loc, "unit"))
    field, ufield = f"derived[{i}].derive.of", f"derived[{i}].unit"

    def refuse(expected: str, found: str, hint: str = "", at_unit: bool = False) -> None:
        problems.add(Problem(loaded.file, uline if at_unit else line, ucol if at_unit else col,
                             ufield if at_unit else field, expected, found, hint))

    try:
        target = units.parse_unit(d.unit, definitions)
    except units.UnitError as exc:
        refuse(exc.expected, f"'{d.unit}'", exc.hint, at_unit=True)
        return None
    for view in inputs:
        if isinstance(view.value, Range):
            refuse("facts with one number each", f"'{view.id}', a range ({view.display})",
                   "a derived fact is not computed over a range; derive from single figures")
            return None
        if view.number is None or view.unit is None:
            refuse("facts with numeric values and units", f"'{view.id}' ({view.value!r})")
            return None
    # Checked just above: every input has a number and a unit.
    given = [units.parse_unit(str(v.unit), definitions) for v in inputs]
    numbers = [float(v.number or 0) for v in inputs]
    op = d.derive.op
    alike = len({u.dimensionality for u in given}) == 1
    if op in ("share", "ratio"):
        if len(inputs) != 2:
            refuse(f"two facts for a {op} (numerator, denominator)", f"{len(inputs)}")
            return None
        a, b = numbers[0], numbers[1]
        assert a is not None and b is not None
        if b == 0:
            refuse("a denominator other than zero", f"'{inputs[1].id}' = 0")
            return None
        if target.kind in ("percent", "times") or op == "share":
            if not alike:
                refuse(f"facts measured alike for a {op}",
                       " and ".join(f"{v.id} in {v.unit}" for v in inputs),
                       "convert one of them, or derive from facts of the same kind")
                return None
            if target.kind not in ("percent", "times"):
                refuse(f"'%' or 'times' for a {op}", f"'{d.unit}'", at_unit=True)
                return None
            result = units.convert(a, given[0], given[1]) / b
            if target.kind == "percent":
                result *= 100
        else:
            quotient = _quotient(a, given[0], b, given[1], target)
            if quotient is None:
                refuse(f"a unit measuring what {inputs[0].unit} per {inputs[1].unit} "
                       "measures", f"'{d.unit}'", at_unit=True)
                return None
            result = quotient
        symbol = "÷"
    else:
        if not alike:
            refuse(f"facts measured alike for a {op}",
                   " and ".join(f"{v.id} in {v.unit}" for v in inputs),
                   "convert one of them, or derive from facts of the same kind")
            return None
        # A difference of shares is in percentage points.
        points = target.kind == "points" and given[0].kind == "percent"
        try:
            base = [n if points else units.convert(n, u, target)
                    for n, u in zip(numbers, given, strict=True)]
        except units.UnitError:
            refuse(f"a unit measuring what its inputs measure ({inputs[0].unit})",
                   f"'{d.unit}'", at_unit=True)
            return None
        result = base[0] - sum(base[1:]) if op == "difference" else sum(base)
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
    display = units.format_quantity(result, target, d.precision, qualifier)
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


def _quotient(a: float, ua: units.Unit, b: float, ub: units.Unit,
              target: units.Unit) -> float | None:
    """a / b in the target unit (USD and t → USD/t), or None if it measures otherwise."""
    if ua.quantity is None or ub.quantity is None or target.quantity is None:
        return None
    quotient = (a * ua.scale * ua.quantity) / (b * ub.scale * ub.quantity)
    if quotient.dimensionality != target.quantity.dimensionality:
        return None
    return float(quotient.to(target.quantity).magnitude) / target.scale
