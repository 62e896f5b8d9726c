"""A fact that repeats a figure a dataset holds must agree with it.

Where a figure is typed twice, once as a fact and once in a table (a chart's CSV), the two
drift apart when one is corrected and the other is not, and the page then contradicts
itself. A fact's value and a dataset's cell are taken to be the same figure when all of
these hold (docs/guide.md, "One home for each figure"):

* the fact has its own value, one number, with no qualifier but `about`;
* the fact's source is the dataset's (two sources may differ; one source cannot);
* exactly one row's key cell (its first text, year or date column: Russia, 2017) appears
  in the fact's label or id, as a whole word, or, in a table keyed by dates or years, reads
  the fact's as_of (the month of a monthly series); and the row's date or year cell, if
  the table has one, reads the fact's as_of exactly;
* exactly one number column measures what the fact's unit measures (t REO, kt/yr) and is
  named in the fact's label, by its name or its label ("reserves" in "Russia's rare-earth
  reserves"): one source's tables hold output, capacity and imports in one unit;
* the label says nothing the table does not: each of its words outside parentheses, but
  the row's key, numbers and little words (of, the, 's), is in the dataset's title or the
  column's name or label. "France's share of world output" is not a cell of "Where
  aluminium imports come from", even from one source, with a France row and a share column.

They disagree when the cell, converted into the fact's unit, is shown differently at the
fact's precision: a table holding 3,790,000 t agrees with "3.8 million t". A disagreement
is a problem at the fact's value that names the cell too, and suggests `from:`.
"""

from __future__ import annotations

import json
import re

from .. import units
from ..errors import Problem, Problems
from ..model import Dataset, Fact
from ..read.briefing import LoadedBriefing
from ..read.tables import Table
from .taken import cell_position, cell_text, date_column, key_column


def check_agreement(loaded: LoadedBriefing, datasets: dict[str, Dataset], problems: Problems,
                    definitions: str = "") -> None:
    """A problem for each fact whose own value differs from the dataset cell holding the
    same figure."""
    for i, fact in enumerate(loaded.briefing.facts):
        unit = _own_number_unit(fact, definitions)
        if unit is None:
            continue
        for dataset in datasets.values():
            table = loaded.tables.get(dataset.id)
            if table is None or dataset.source != fact.source:
                continue
            _compare(loaded, i, fact, unit, dataset, table, problems, definitions)


def _own_number_unit(fact: Fact, definitions: str) -> units.Unit | None:
    """The unit of a fact this check applies to, or None."""
    if fact.from_ is not None or fact.unit is None or fact.qualifier not in (None, "about"):
        return None
    if not isinstance(fact.value, int | float):
        return None  # a range, a date or text: no one cell holds it
    try:
        return units.parse_unit(fact.unit, definitions)
    except units.UnitError:
        return None  # reported with the fact


def _mentions(text: str, name: str) -> bool:
    """Whether `name` stands in `text` as a whole word, whatever its case."""
    # Asked once per row of a table (100,000 rows): most names are not in the label at all,
    # and a substring test says so without compiling a pattern for each (33 s before).
    if not name or name.casefold() not in text.casefold():
        return False
    return bool(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text, re.IGNORECASE))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _compare(loaded: LoadedBriefing, i: int, fact: Fact, unit: units.Unit, dataset: Dataset,
             table: Table, problems: Problems, definitions: str) -> None:
    key, dated = key_column(dataset), date_column(dataset)
    # The column first: it costs nothing, and without one no row of the table (100,000 of
    # them, perhaps) need be read.
    column = _column(fact, unit, dataset, definitions)
    if key is None or column is None:
        return
    # A table keyed by its dates (a monthly price series) names its rows by when: the row
    # whose date is the fact's as_of, whatever the label says of the period.
    by_date = key.type in ("date", "year")
    rows = [
        r for r, row in enumerate(table.rows)
        if (name := row.get(key.name)) is not None
        and _slug(cell_text(name))  # a key of punctuation alone names nothing
        and ((by_date and cell_text(name) == str(fact.as_of))
             or _mentions(fact.label, cell_text(name))
             or _mentions(fact.id.replace("-", " "), _slug(cell_text(name)).replace("-", " ")))
        and (dated is None or cell_text(row.get(dated.name)) == str(fact.as_of))
    ]
    if len(rows) != 1:
        return  # no row, or the label names several: no one figure to compare with
    name, in_column = column
    if not _covered(fact.label, cell_text(table.rows[rows[0]].get(key.name)), dataset, name,
                    by_date):
        return
    cell = table.rows[rows[0]].get(name)
    if not isinstance(cell, int | float):
        return
    assert isinstance(fact.value, int | float)
    converted = units.convert(cell, in_column, unit)
    ours = units.format_quantity(fact.value, unit, fact.precision)
    theirs = units.format_quantity(converted, unit, fact.precision)
    if ours == theirs:
        return
    row_name = cell_text(table.rows[rows[0]].get(key.name))
    # As the analyst would type it in a flow mapping: quoted when YAML would misread it.
    typed = json.dumps(row_name) if re.search(r"[,:{}\[\]#&*!|>'\"%@`]", row_name) \
        else row_name
    where = cell_position(table, dataset, rows[0], name)
    line, col = loaded.position(("facts", i, "value"))
    problems.add(Problem(
        loaded.file, line, col, f"facts[{i}].value",
        f"the figure dataset '{dataset.id}' holds for {row_name} in '{name}' ({theirs}, at "
        f"{where})", f"{fact.value:,.12g} ({ours})",
        f"keep the figure in one place: replace value and unit with from: {{dataset: "
        f"{dataset.id}, row: {typed}, column: {name}}}, or correct the one that is wrong"))


# Words a label may hold that say nothing about which figure it is.
_LITTLE = frozenset({"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "s", "the",
                     "to", "with"})


# Words that say when, in the label of a figure from a table keyed by dates.
_WHEN = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                   "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "year", "month",
                   "quarter", "annual", "monthly", "quarterly", "q"})


def _covered(label: str, row_name: str, dataset: Dataset, column: str,
             by_date: bool = False) -> bool:
    """Whether every telling word of `label` is in the dataset's title or the column's
    name or label: the fact describes that table's cell, not another figure of its row.
    In a table keyed by dates, words that say when are the row's, not the figure's."""
    text = re.sub(r"\([^)]*\)", " ", label)
    text = re.sub(rf"(?<![\w]){re.escape(row_name)}(?![\w])", " ", text, flags=re.IGNORECASE)
    said = next(c for c in dataset.columns if c.name == column)
    table_words = set(re.findall(r"[a-z]+", " ".join(
        [dataset.title, said.name.replace("_", " "), said.label or ""]).lower()))
    return set(re.findall(r"[a-z]+", text.lower())) - _LITTLE - (_WHEN if by_date
                                                                  else frozenset()) <= table_words


def _column(fact: Fact, unit: units.Unit, dataset: Dataset,
            definitions: str) -> tuple[str, units.Unit] | None:
    """The one number column measuring what the fact's unit measures that the fact's label
    names, with its unit."""
    alike: list[tuple[str, units.Unit]] = []
    for column in dataset.columns:
        if column.type != "number" or column.unit is None:
            continue
        if not (_mentions(fact.label, column.name.replace("_", " "))
                or (column.label is not None and _mentions(fact.label, column.label))):
            continue
        try:
            theirs = units.parse_unit(column.unit, definitions)
            units.convert(1.0, theirs, unit)
        except units.UnitError:
            continue  # another dimension, or a unit reported where charts read it
        alike.append((column.name, theirs))
    return alike[0] if len(alike) == 1 else None
