"""A dataset's rows, inline in briefing.yaml or in a CSV file beside it, typed by its columns.

Each row keeps the line it came from, so that a check on the data (a chart's log axis,
a repeated category) points at the row in the file where it stands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Problems, did_you_mean, relative
from ..model import Dataset, finite_number
from .files import read_text
from .records import TYPE_WORDS, found
from .sourcemap import SourceMap

Cell = str | int | float | None  # dates as ISO partial text; None for an empty cell
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?$")


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
        # A date at the precision the source gives: "2023", "2023-Q2", "2023-06" or
        # "2023-06-15", stored as typed (a month is no first of the month).
        match = _PARTIAL_DATE.match(value)
        if not match:
            raise ValueError
        year, quarter, month, day = match.groups()
        if quarter is None and month is not None:
            dt.date(int(year), int(month), int(day or 1))  # a real month and day
        return value
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
            elif column.type == "date" and isinstance(value, dt.date):
                row[column.name] = value.isoformat()
            elif (
                column.type == "text"
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                row[column.name] = str(value)
            else:
                raise ValueError
        except ValueError:
            errors.append(
                (
                    column.name,
                    TYPE_WORDS.get(column.type, column.type)
                    if column.type != "year"
                    else "a year",
                    found(value),
                )
            )
    return row, errors


def load_table(dataset: Dataset, index: int, *, folder: Path, file: str,
               source_map: SourceMap, root: Path, problems: Problems) -> Table | None:
    """The rows of `dataset`, the index-th of the briefing in `folder` (shown as `file`)."""
    width = len(dataset.columns)
    names = [c.name for c in dataset.columns]
    if dataset.rows is not None:
        rows, lines = [], []
        for r, values in enumerate(dataset.rows):
            line, col = source_map.position(("datasets", index, "rows", r))
            if len(values) != width:
                problems.add(
                    Problem(
                        file,
                        line,
                        col,
                        f"datasets[{index}].rows[{r}]",
                        f"{width} values ({', '.join(names)})",
                        f"{len(values)} values",
                    )
                )
                continue
            row, errors = typed_row(values, dataset)
            for name, expected, was in errors:
                problems.add(
                    Problem(file, line, col, f"datasets[{index}].rows[{r}].{name}", expected, was)
                )
            rows.append(row)
            lines.append(line)
        return Table(names, rows, lines, file)

    assert dataset.csv is not None
    path = folder / dataset.csv
    shown = relative(path, root)
    line, col = source_map.position(("datasets", index, "csv"))
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
    width = len(names)
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
    rows, lines = [], []
    for number, values in enumerate(records[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != width:
            problems.add(
                Problem(
                    shown,
                    number,
                    1,
                    f"row {number - 1}",
                    f"{width} values ({','.join(names)})",
                    f"{len(values)} values",
                )
            )
            continue
        row, errors = typed_row(list(values), dataset)
        for name, expected, was in errors:
            col_no = names.index(name) + 1
            problems.add(
                Problem(shown, number, col_no, f"row {number - 1}.{name}", expected, was)
            )
        rows.append(row)
        lines.append(number)
    return Table(names, rows, lines, shown)
