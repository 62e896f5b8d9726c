"""What checking hands on: a briefing whose references hold, with its facts ready to show.

Later stages (charts, pages, editions) read these records and nothing earlier: a position
in the YAML, should a later stage need one for a message, is asked of the source map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..model import Briefing, Chart, Claim, Dataset, Event, Range, Source
from ..read.sourcemap import FieldPath, Position, SourceMap
from ..read.tables import Table

FactValue = int | float | dt.date | str | Range  # as model.Fact.value; derived: a float


@dataclass
class FactView:
    """A fact as pages need it: value, display text and where it comes from."""

    id: str
    label: str
    value: FactValue
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
    file: str  # briefing.yaml as messages show it
    folder: Path  # the briefing's folder (its CSV tables, a custom charts.py)
    briefing: Briefing
    facts: dict[str, FactView]
    sources: dict[str, Source]
    source_numbers: dict[str, int]
    claims: dict[str, Claim]
    events: list[Event]
    datasets: dict[str, Dataset]
    tables: dict[str, Table]
    charts: list[Chart]
    source_map: SourceMap
    # Warnings (check/lints.py), found while the positions are known and kept with the
    # briefing in the validated cache, which keeps no source map.
    lints: list[Problem] = field(default_factory=list)

    def position(self, loc: FieldPath, key: bool = False) -> Position:
        """Line and column (1-based) of the field at `loc` in briefing.yaml, or of its nearest
        parent; (0, 0) when unknown (a briefing from the cache keeps no positions)."""
        return self.source_map.position(loc, key=key)
