"""Facts taken from a dataset's cell (`from: {dataset, row, column}`): the cell found.

A figure that stands in a table and in the prose is kept in one place, the table, so that
the chart, the data table, the key-figure card and the sentence citing it cannot drift
apart. An unknown dataset, column or row, a row key that names two rows and an empty cell
are each a problem at the fact's `from`, with the names that would do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from .. import units
from ..errors import Problem, Problems, did_you_mean, known_list
from ..model import Column, Dataset, Fact, FactFrom
from ..read.briefing import LoadedBriefing
from ..read.sourcemap import FieldPath, dotted
from ..read.tables import Cell, Table


class _Add(Protocol):
    def __call__(self, part: str, expected: str, found: str, hint: str = "") -> None: ...


# Columns that can name a row: a country, a year, a date. Numbers are what rows hold.
KEY_TYPES = ("text", "year", "date")


@dataclass(frozen=True)
class Taken:
    """What a fact takes from its cell: the figure, its unit, its as-of date and source."""

    value: int | float | str
    unit: units.Unit | None
    as_of: str
    source: str


def key_column(dataset: Dataset) -> Column | None:
    """The column whose cells name the rows: the first text, year or date column."""
    return next((c for c in dataset.columns if c.type in KEY_TYPES), None)


def date_column(dataset: Dataset) -> Column | None:
    """The column that dates a row (the first year or date column), if the table has one."""
    return next((c for c in dataset.columns if c.type in ("year", "date")), None)


def cell_text(value: Cell | dt.date) -> str:
    """A key as written in YAML (2017, 2024-06-15, Russia) or held in a cell, as text."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def cell_position(table: Table, dataset: Dataset, row: int, column: str) -> str:
    """Where a cell stands, as a message shows it: the CSV's line and column, or the
    line of the inline row in briefing.yaml."""
    if dataset.csv is not None:
        return f"{table.file}:{table.lines[row]}:{table.columns.index(column) + 1}"
    return f"{table.file}:{table.lines[row]}"


def taken_figure(loaded: LoadedBriefing, i: int, fact: Fact, datasets: dict[str, Dataset],
                 problems: Problems, definitions: str = "") -> Taken | None:
    """The figure fact `i` takes from its dataset, or None with a problem (or quietly, when
    the dataset itself failed and was reported where it stands)."""
    ref = fact.from_
    assert ref is not None
    at: FieldPath = ("facts", i, "from")

    def add(part: str, expected: str, found: str, hint: str = "") -> None:
        # `part`: a field of `from`; "" for `from` itself; "as_of" for the fact's as_of.
        loc = ("facts", i, "as_of") if part == "as_of" else (*at, part) if part else at
        line, col = loaded.position(loc)
        problems.add(Problem(loaded.file, line, col, dotted(loc), expected, found, hint))

    dataset = datasets.get(ref.dataset)
    if dataset is None:
        if ref.dataset not in loaded.broken_ids:
            add("dataset", "the id of one of this briefing's datasets", f"'{ref.dataset}'",
                did_you_mean(ref.dataset, datasets) or known_list(datasets))
        return None
    table = loaded.tables.get(dataset.id)
    if table is None:
        return None  # its CSV or rows were reported where they stand
    columns = {c.name: c for c in dataset.columns}
    column = columns.get(ref.column)
    if column is None:
        add("column", f"a column of dataset '{dataset.id}'", f"'{ref.column}'",
            did_you_mean(ref.column, columns) or known_list(columns))
        return None
    key = _key(dataset, ref, columns, add)
    if key is None:
        return None
    r = _row(table, dataset, ref, key, add)
    if r is None:
        return None
    if column.name not in table.rows[r]:
        return None  # a cell that failed its column's type: reported where it stands
    cell = table.rows[r].get(column.name)
    where = cell_position(table, dataset, r, column.name)
    if cell is None:
        add("column", "a cell holding a figure", f"an empty cell ({where})",
            "fill in the cell, or give the fact a value of its own instead of 'from'")
        return None
    unit = None
    if column.type == "number":
        if column.unit is None:
            add("column", "a number column with a unit", f"'{column.name}' without one",
                f"give column '{column.name}' of dataset '{dataset.id}' a unit")
            return None
        try:
            unit = units.parse_unit(column.unit, definitions)
        except units.UnitError as exc:
            # A chart shows a unit it cannot read as written; a fact needs one it can.
            d = next(n for n, ds in enumerate(loaded.briefing.datasets) if ds is dataset)
            loc = ("datasets", d, "columns", dataset.columns.index(column), "unit")
            line, col = loaded.position(loc)
            problems.add(Problem(loaded.file, line, col, dotted(loc), exc.expected,
                                 f"'{column.unit}'", "; ".join(filter(None, [
                                     exc.hint, f"fact '{fact.id}' is taken from this column"]))))
            return None
    as_of = _as_of(fact, dataset, table, r, add)
    if as_of is None:
        return None
    return Taken(cell, unit, as_of, fact.source or dataset.source)


def _key(dataset: Dataset, ref: FactFrom, columns: dict[str, Column],
         add: _Add) -> Column | None:
    if ref.key is None:
        key = key_column(dataset)
        if key is None:
            add("", f"a dataset with a text, year or date column naming its rows "
                f"('{dataset.id}' has only numbers)", f"'{dataset.id}'",
                "add a column such as country or year")
        return key
    key = columns.get(ref.key)
    if key is None:
        add("key", f"a column of dataset '{dataset.id}'", f"'{ref.key}'",
            did_you_mean(ref.key, columns) or known_list(columns))
        return None
    if key.type not in KEY_TYPES:
        add("key", "a text, year or date column to name the row by",
            f"'{key.name}', a {key.type} column")
        return None
    return key


def _row(table: Table, dataset: Dataset, ref: FactFrom, key: Column, add: _Add) -> int | None:
    wanted = cell_text(ref.row)
    keys = [cell_text(row.get(key.name)) for row in table.rows]
    hits = [r for r, text in enumerate(keys) if text == wanted]
    if not hits:
        named = [k for k in keys if k != "None"]
        add("row", f"a value of column '{key.name}' of dataset '{dataset.id}'", f"'{wanted}'",
            did_you_mean(wanted, named) or known_list(named))
        return None
    if len(hits) > 1:
        where = ", ".join(cell_position(table, dataset, r, key.name) for r in hits)
        add("row", f"a value naming one row of column '{key.name}'",
            f"'{wanted}' in {len(hits)} rows ({where})",
            "name the column that tells them apart with key:")
        return None
    return hits[0]


def _as_of(fact: Fact, dataset: Dataset, table: Table, r: int, add: _Add) -> str | None:
    """The fact's as_of: its own, or the row's date or year cell. Both given: they agree,
    or the fact would date a figure differently from the table it is taken from."""
    dated = date_column(dataset)
    cell = table.rows[r].get(dated.name) if dated is not None else None
    if fact.as_of is None:
        if cell is None:
            add("", "an as_of beside 'from' (the row has no date or year cell to take it "
                "from)", "nothing", "add as_of: with the date the figure stands for")
            return None
        return cell_text(cell)
    if dated is not None and cell is not None and cell_text(cell) != str(fact.as_of):
        add("as_of", f"the row's {dated.name} ({cell_text(cell)}), or no as_of",
            f"'{fact.as_of}'", "remove as_of: a fact taken from a row is dated by it")
        return None
    return str(fact.as_of)


def cell_of(loaded: LoadedBriefing, ref: FactFrom) -> tuple[Column, Cell] | None:
    """The column and cell `ref` names, or None, quietly: for checks that read a taken
    fact's figure (a chart's total); taken_figure reports what is wrong with `ref`."""
    dataset = next((d for d in loaded.briefing.datasets if d.id == ref.dataset), None)
    table = loaded.tables.get(ref.dataset)
    if dataset is None or table is None:
        return None
    columns = {c.name: c for c in dataset.columns}
    key = columns.get(ref.key) if ref.key is not None else key_column(dataset)
    column = columns.get(ref.column)
    if key is None or column is None:
        return None
    hits = [row for row in table.rows if cell_text(row.get(key.name)) == cell_text(ref.row)]
    return (column, hits[0].get(column.name)) if len(hits) == 1 else None
