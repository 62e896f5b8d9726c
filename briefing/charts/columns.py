"""Values and column names as readers see them: in axis titles, labels, tooltips, the data
table and the text alternative. Also the two questions every builder and description asks
of a chart's rows: which row is highlighted, which column names the points."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import format as fmt
from .. import units
from . import dates

if TYPE_CHECKING:
    from ..model import Chart, Column

# A table's value is a number, a year, an ISO partial date (2023, 2023-Q2, 2023-06,
# 2023-06-15), text or None, as its column's type says;
# Any, because the rows arrive typed by the columns, not by Python (load.Table.rows).
Value = Any
Row = dict[str, Any]


@dataclass
class Cell:
    """A cell of a chart's data table."""

    text: str
    numeric: bool = False


def column_title(column: Column, given: str | None = None) -> str:
    """An axis title with its unit: 'Reserves (t REO)'."""
    if given:
        return given
    name = column.label or column.name
    return f"{name} ({column.unit})" if column.unit else name


def value_text(value: Value, column: Column) -> str:
    """A value as readers see it in sentences and tooltips: '3.8 million t REO'."""
    if value is None:
        return "not available"
    if column.type == "year":
        return str(value)
    if column.type == "date":
        return dates.text(value)  # at the data's precision: "June 2023", never "1 June"
    if column.type == "number":
        unit = column_unit(column)
        if unit is not None:
            return units.format_quantity(value, unit)
        text = fmt.format_number(value)
        return f"{text} {column.unit}" if column.unit else text
    return str(value)


def short_text(value: Value, column: Column) -> str:
    """A value as on the axis, without its unit (bar labels): '3.8 million', '14.6%'."""
    if value is None:
        return "n/a"
    if column.type == "number":
        text = fmt.format_number(value)
        return text + "%" if column.unit == "%" else text
    return value_text(value, column)


def short_range(low: Value, high: Value, column: Column) -> str:
    """Both ends of a range as on the axis, without the unit and with one magnitude word:
    '3.8–4.1 million' (not '3.8 million–4.1 million'), '14–15%'."""
    if low is None or high is None:
        return "n/a"
    # units.format_range joins the ends; a unitless count or percent keeps the unit out.
    bare = units.Unit("", "percent" if column.unit == "%" else "count", compact=True)
    return units.format_range(low, high, bare)


def cell_text(value: Value, column: Column) -> Cell:
    """A data-table cell: numbers in full with separators, as the source gives them."""
    if value is None:
        return Cell("n/a", column.type == "number")
    if column.type == "number":
        return Cell(fmt.format_number(value, compact=False), True)
    if column.type == "date":
        return Cell(dates.text(value))
    return Cell(str(value), column.type == "year")


@functools.lru_cache(maxsize=256)
def _unit(text: str) -> units.Unit | None:
    try:
        return units.parse_unit(text)
    except units.UnitError:
        return None  # a column unit pint does not know is shown as written


def column_unit(column: Column) -> units.Unit | None:
    """A number column's unit as units.py reads it, or None (none, or not one it knows)."""
    return _unit(column.unit) if column.unit else None


def label(column: Column) -> str:
    return column.label or column.name


def tip_title(column: Column) -> str:
    """A column's label as a tooltip title. Vega-Lite copies tooltip titles into a Vega
    expression without escaping backslashes (a label ending in a backslash broke the
    chart): double them, so the expression reads them back as typed."""
    return label(column).replace("\\", "\\\\")


def rank(value: float, values: Iterable[float]) -> int:
    """1 for the highest; ties share a rank."""
    return 1 + sum(1 for v in values if v > value)


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def is_highlighted(chart: Chart, row: Row) -> bool:
    hl = chart.highlight
    return hl is not None and row.get(hl.column) is not None and str(row[hl.column]) == str(
        hl.value)


def point_label(chart: Chart, cols: dict[str, Column]) -> Column | None:
    """The column that names a point: the chart's label, its highlight's, or the first text."""
    if chart.label:
        return cols[chart.label]
    if chart.highlight and chart.highlight.column in cols:
        return cols[chart.highlight.column]
    return next((c for c in cols.values() if c.type == "text"), None)
