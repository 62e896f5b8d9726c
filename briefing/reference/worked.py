"""Derivations worked through by the checks themselves, so that the reference shows what
each operation really gives, bounds and unit conversions included, never a typed result.

The inputs below and the derived facts of values.DERIVATIONS (each example is a derived
fact's `derive:` and `unit:`) make a small briefing, which is read and resolved like any
other; the page shows each input and result as readers would see them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..check.references import resolve
from ..errors import Problem, Problems
from ..model import Briefing
from ..read.briefing import LoadedBriefing
from ..read.yaml import parse_yaml
from .values import DERIVATIONS

# Round figures, chosen to show conversions (a t fact beside kt facts) and a bound.
INPUTS = """\
title: Worked derivations
edition: 2026-11-27
bottom_line: Derivations as the checks compute them.
sources:
  - {id: src, title: Example, publisher: Example, url: "https://example.org/"}
facts:
  - {id: ru-reserves, label: Russia, value: 3800000, unit: t REO, as_of: 2024, source: src}
  - {id: world-reserves, label: World, value: 90000000, unit: t REO, qualifier: more-than,
     as_of: 2024, source: src}
  - {id: us-mine, label: United States, value: 45000, unit: t REO, as_of: 2024, source: src}
  - {id: ru-mine, label: Russia, value: 2500, unit: t REO, as_of: 2024, source: src}
  - {id: output-2024, label: Output 2024, value: 4000, unit: kt/yr, as_of: 2024, source: src}
  - {id: output-2023, label: Output 2023, value: 3700000, unit: t/yr, as_of: 2023,
     source: src}
  - {id: imports-canada, label: Canada, value: 2500, unit: kt, as_of: 2024, source: src}
  - {id: imports-uae, label: UAE, value: 300, unit: kt, as_of: 2024, source: src}
  - {id: imports-other, label: Others, value: 1000000, unit: t, as_of: 2024, source: src}
"""

SYMBOLS = {"share": "÷", "ratio": "÷", "difference": "−", "sum": "+"}


@dataclass(frozen=True)
class Worked:
    inputs: str  # the inputs as readers see them, joined by the operation's sign
    shows: str  # the result as readers see it


def worked() -> tuple[dict[str, Worked], list[str]]:
    """Each operation's example computed, and what went wrong (as messages) if any did."""
    derived = "".join(
        f"  - id: {op}\n    label: {op}\n"
        + "".join(f"    {line}\n" for line in choice.example.splitlines())
        for op, choice in DERIVATIONS.choices.items()
    )
    problems = Problems()
    document = parse_yaml(INPUTS + "derived:\n" + derived, "worked example", problems)
    ops = list(DERIVATIONS.choices)
    if document is None:
        return {}, [_said(p, ops) for p in problems.items]
    try:
        briefing = Briefing.model_validate(document.data)
    except ValidationError as exc:  # the model changed under the example: say where
        return {}, [f"worked example: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                    for e in exc.errors()]
    loaded = LoadedBriefing("worked", Path("."), "worked example", briefing,
                            document.source_map)
    rb = resolve(loaded, problems)
    if rb is None:
        return {}, [_said(p, ops) for p in problems.sorted()]
    out = {}
    for d in briefing.derived:
        view = rb.facts[d.id]
        sign = f" {SYMBOLS.get(d.derive.op, d.derive.op)} "
        out[d.id] = Worked(sign.join(rb.facts[i].display for i in view.derived_from),
                           view.display)
    return out, []


def _said(problem: Problem, ops: list[str]) -> str:
    """A problem of the worked example, named by the operation whose example it is (its
    line in the generated text would mean nothing to whoever edits values.py)."""
    field = problem.field
    if m := re.match(r"derived\[(\d+)\]\.?", field):
        i = int(m.group(1))
        field = f"the '{ops[i] if i < len(ops) else i}' example: {field[m.end():] or 'it'}"
    text = f"{field}: expected {problem.expected}, found {problem.found}"
    return text + (f" ({problem.hint})" if problem.hint else "")
