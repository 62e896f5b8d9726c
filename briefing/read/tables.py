"""A dataset's rows, inline in briefing.yaml or in a CSV file beside it, typed by its columns.

Each row keeps the line it came from, so that a check on the data (a chart's log axis,
a repeated category) points at the row in the file where it stands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Problems, did_you_mean, relative
from ..fields import date_precision, finite_number, partial_date_text
from ..model import Dataset
from .files import inside, read_text, relative_unresolved
from .records import TYPE_WORDS, found
from .sourcemap import SourceMap

# Dates as ISO partial text, as precise as the source: "2023", "2023-Q2", "2023-06",
# "2023-06-15"; None for an empty cell.
Cell = str | int | float | None


@dataclass
class Table:
    """A dataset's rows, typed by its declared columns, with the line each row came from."""

    columns: list[str]
    rows: list[dict[str, Cell]]
    lines: list[int]
    file: str


def _typed(value: str, kind: str) -> Cell:
    value = value.strip()
    if value == "" or value.upper() in ("NA", "N/A"):
        return None
    if kind == "number":
        number = (
            float(value.replace(",", ""))
            if any(c in value for c in ".eE")
            else int(value.replace(",", ""))
        )
        finite_number(number)  # "nan", "inf", "1e999" are not figures
        return number
    if kind == "year":
        year = int(value)
        if not 1000 <= year <= 9999:
            raise ValueError
        return year
    if kind == "date":
        return partial_date_text(value)
    return value


def typed_row(
    values: list[object], dataset: Dataset
) -> tuple[dict[str, Cell], list[tuple[str, str, str]]]:
    """One row as a dict; errors as (column, expected, found)."""
    row: dict[str, Cell] = {}
    errors: list[tuple[str, str, str]] = []
    for column, value in zip(dataset.columns, values, strict=False):
        try:
            if isinstance(value, str):
                row[column.name] = _typed(value, column.type)
            elif value is None:
                row[column.name] = None
            elif (
                column.type in ("number",)
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ) or (column.type == "year" and isinstance(value, int) and not isinstance(value, bool)):
                finite_number(value)
                row[column.name] = value
            elif column.type == "date" and isinstance(value, dt.date | int) \
                    and not isinstance(value, bool):
                row[column.name] = partial_date_text(value)
            elif (
                column.type == "text"
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                row[column.name] = str(value)
            else:
                raise ValueError
        except ValueError as exc:
            words = {"year": "a year", "date": str(exc) or "a date"}
            errors.append((column.name, words.get(column.type) or TYPE_WORDS.get(
                column.type, column.type), found(value)))
    return row, errors


def date_precision_problems(table: Table, dataset: Dataset,
                            where: Callable[[int, str], tuple[str, int, int, str]]
                            ) -> list[Problem]:
    """A date column's cells all of one precision: the declared one, or the first cell's.
    `where(row, column)`: the file, line, column and field of a cell, for the message."""
    out: list[Problem] = []
    for column in dataset.columns:
        if column.type != "date":
            continue
        want = column.precision
        first: tuple[int, str] | None = None
        for r, row in enumerate(table.rows):
            cell = row.get(column.name)
            if not isinstance(cell, str):
                continue
            have = date_precision(cell)
            if want is None and first is None:
                first = (r, have)
                continue
            if have == (want or (first[1] if first else have)):
                continue
            file, line, col, field = where(r, column.name)
            if want is not None:
                out.append(Problem(file, line, col, field, f"a {want} (the column's precision), "
                                   f"such as {_EXAMPLE[want]}", repr(cell),
                                   "give every cell as the source does, or change the "
                                   "column's precision"))
            else:
                assert first is not None
                out.append(Problem(file, line, col, field, f"a {first[1]} like the column's "
                                   f"first cell ({table.rows[first[0]][column.name]})",
                                   repr(cell), "one precision per date column; declare "
                                   "precision: year, quarter, month or day"))
            break  # the first odd cell says it; the rest would repeat it
    return out


_EXAMPLE = {"year": "2023", "quarter": "2023-Q2", "month": "2023-06", "day": "2023-06-15"}


def load_table(dataset: Dataset, index: int, *, folder: Path, file: str,
               source_map: SourceMap, root: Path, problems: Problems) -> Table | None:
    """The rows of `dataset`, the index-th of the briefing in `folder` (shown as `file`)."""
    names = [c.name for c in dataset.columns]
    if dataset.rows is not None:
        given = ((f"datasets[{index}].rows[{r}]",
                  *source_map.position(("datasets", index, "rows", r)), values)
                 for r, values in enumerate(dataset.rows))
        return _typed_table(given, dataset, file, problems, cell_columns=False)

    assert dataset.csv is not None
    path = folder / dataset.csv
    shown = relative(path, root)
    line, col = source_map.position(("datasets", index, "csv"))
    if path.is_symlink() or path.exists():
        if not inside(path, folder, "a file inside the briefing's folder", root, problems,
                      f"copy the file into {relative_unresolved(folder, root)}/ instead of "
                      "linking it"):
            return None
        shown = relative_unresolved(path, root)
    if not path.is_file():
        present = [p.name for p in folder.glob("*.csv")]
        problems.add(
            Problem(
                file,
                line,
                col,
                f"datasets[{index}].csv",
                "a CSV file beside briefing.yaml",
                f"no file {dataset.csv!r}",
                did_you_mean(dataset.csv, present),
            )
        )
        return None
    text = read_text(path, shown, problems, "a CSV table with a header row")
    if text is None:
        return None
    return _csv_table(text, shown, names, dataset, problems)


def _csv_table(text: str, shown: str, names: list[str], dataset: Dataset,
               problems: Problems) -> Table | None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        problems.add(Problem(shown, reader.line_num, 0, "", "well-formed CSV", str(exc)))
        return None
    header = [h.strip() for h in records[0]] if records else []
    if header != names:
        delim = next(
            (d for d in (";", "\t", "|") if d in (records[0][0] if records and records[0] else "")),
            None,
        )
        problems.add(
            Problem(
                shown,
                1,
                1,
                "header",
                "the columns " + ",".join(names),
                ",".join(header) or "nothing",
                f"the file seems to use {delim!r} as delimiter; use commas"
                if delim
                else "the header must name the dataset's columns in order",
            )
        )
        return None
    given = ((f"row {number - 1}", number, 1, values)
             for number, values in enumerate(records[1:], start=2)
             if any(v.strip() for v in values))
    return _typed_table(given, dataset, shown, problems, cell_columns=True)


def _typed_table(given: Iterable[tuple[str, int, int, Sequence[object]]], dataset: Dataset,
                 file: str, problems: Problems, *, cell_columns: bool) -> Table:
    """The typed table from each given row's (field, line, column, values), inline or read
    from a CSV file alike. A cell's problem is placed at its row's position in the YAML, or,
    with `cell_columns`, at its own column of the CSV line. Rows of the wrong width, or with
    a cell that does not read as its column's type, are reported and left out."""
    names = [c.name for c in dataset.columns]
    # How each source lists its columns in a message: as the YAML reads, or as a CSV header.
    listed = (",".join if cell_columns else ", ".join)(names)
    rows: list[dict[str, Cell]] = []
    places: list[tuple[str, int, int]] = []

    def where(place: tuple[str, int, int], name: str) -> tuple[str, int, int, str]:
        field, line, col = place
        return file, line, (names.index(name) + 1 if cell_columns else col), f"{field}.{name}"

    for field, line, col, values in given:
        if len(values) != len(names):
            problems.add(Problem(file, line, col, field, f"{len(names)} values ({listed})",
                                 f"{len(values)} values"))
            continue
        row, errors = typed_row(list(values), dataset)
        for name, expected, was in errors:
            problems.add(Problem(*where((field, line, col), name), expected, was))
        rows.append(row)
        places.append((field, line, col))
    table = Table(names, rows, [line for _, line, _ in places], file)
    problems.extend(date_precision_problems(table, dataset,
                                            lambda r, name: where(places[r], name)))
    return table
