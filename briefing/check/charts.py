"""What a chart asks of its dataset: columns that exist and fit its kind, and data it can draw.

Reference checks (that a chart's dataset exists) are made with the other id references
(references.py); a chart over a dataset that is missing or broken is skipped here.
"""

from __future__ import annotations

from typing import Protocol

from ..errors import Problem, Problems, did_you_mean, known_list
from ..model import Chart, Column, Dataset, Fact
from ..read.briefing import LoadedBriefing
from ..read.sourcemap import FieldPath
from .taken import cell_of

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


class _Add(Protocol):
    """Adds a problem about one chart, at the field `loc` under it."""

    def __call__(self, loc: FieldPath, expected: str, found: str, hint: str = "",
                 field: str | None = None) -> None: ...


def check_charts(loaded: LoadedBriefing, datasets: dict[str, Dataset], problems: Problems) -> None:
    """Every chart's columns and data, against the dataset it names."""
    for i, chart in enumerate(loaded.briefing.charts):
        if chart.dataset not in datasets:
            continue  # an unknown or broken dataset, reported where it stands
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
        if chart.x2 is not None:
            if chart.kind != "ranked-bar":
                add(("x2",), f"no x2 for a {chart.kind} chart", f"'{chart.x2}'",
                    "x2 (the high end of a range) is for ranked-bar charts")
            elif chart.x2 not in columns:
                _unknown_column(add, ("x2",), chart.x2, chart, columns)
            elif columns[chart.x2].type != "number":
                add(("x2",), "a number column, the high end of each range",
                    f"'{chart.x2}' ({columns[chart.x2].type})", _fitting(columns, ("number",)))
        if chart.highlight is not None and chart.highlight.column not in columns:
            _unknown_column(add, ("highlight", "column"), chart.highlight.column, chart, columns)
        check_chart_data(loaded, i, chart, columns, problems)
        check_share(loaded, i, chart, columns, problems)
        check_range(loaded, chart, columns, problems)


def _chart_problems(loaded: LoadedBriefing, i: int, problems: Problems) -> _Add:
    """A function that adds a problem about chart i, positioned at a field under it.

    `field` names a missing field: the position is then the chart's, the path the field's.
    """

    def add(loc: FieldPath, expected: str, found: str, hint: str = "",
            field: str | None = None) -> None:
        line, col = loaded.position(("charts", i, *loc))
        path = f"charts[{i}]" + "".join(f".{p}" for p in (*loc, *([field] if field else [])))
        problems.add(Problem(loaded.file, line, col, path, expected, found, hint))

    return add


def _unknown_column(add: _Add, loc: FieldPath, name: str, chart: Chart,
                    columns: dict[str, Column]) -> None:
    add(loc, f"a column of dataset '{chart.dataset}'", f"'{name}'",
        did_you_mean(name, columns) or known_list(columns))


def _fitting(columns: dict[str, Column], types: tuple[str, ...]) -> str:
    """The columns whose type would fit, as a hint after a type mismatch."""
    fit = [name for name, column in columns.items() if column.type in types]
    return "columns that fit: " + ", ".join(fit) if fit else "no column of this dataset fits"


def check_chart_data(loaded: LoadedBriefing, i: int, chart: Chart, columns: dict[str, Column],
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
        bad = [(r, value) for r, row in enumerate(table.rows)
               if isinstance(value := row.get(name), int | float) and value <= 0]
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


def check_share(loaded: LoadedBriefing, i: int, chart: Chart, columns: dict[str, Column],
                problems: Problems) -> None:
    """A share bar says what its shares are of: a percentage axis title, and a `total:`
    that names a fact in the column's unit or a row of the table, at least the sum."""
    add = _chart_problems(loaded, i, problems)
    if chart.kind != "share-bar":
        if chart.total is not None:
            add(("total",), f"no total for a {chart.kind} chart", repr(chart.total),
                "total (what the shares are of) is for share-bar charts")
        return
    if chart.x_title is not None and "%" not in chart.x_title:
        add(("x_title",), "a title for the percentage axis, with (%)", repr(chart.x_title),
            "a share bar's axis shows percentages: say of what, e.g. "
            "'Share of world production (%)'")
    x = columns.get(chart.x or "")
    if chart.total is None or x is None or x.type != "number":
        return
    if chart.series is not None:
        add(("total",), "no total for a share bar split by a series", repr(chart.total),
            "each bar of a split share bar is its own whole")
        return
    if x.unit == "%":
        add(("total",), "no total for a column already in %", repr(chart.total),
            f"'{x.name}' holds the source's own percentages, drawn as given; remove total")
        return
    facts = {f.id: f for f in loaded.briefing.facts}
    derived = {d.id: d for d in loaded.briefing.derived}
    table = loaded.tables.get(chart.dataset)
    rows = table.rows if table is not None else []
    names = [str(r.get(chart.y or "")) for r in rows if r.get(chart.y or "") is not None]
    summed = sum(v for r in rows if str(r.get(chart.y or "")) != str(chart.total)
                 and isinstance(v := r.get(x.name), int | float))
    whole: float | None = None
    key = str(chart.total)
    if key in facts or key in derived:
        fact = facts.get(key) or derived[key]
        unit, value = fact.unit, getattr(fact, "value", None)
        if isinstance(fact, Fact) and fact.from_ is not None:
            cell = cell_of(loaded, fact.from_)
            if cell is None:
                return  # reported at the fact's from
            unit, value = cell[0].unit, cell[1]
        if unit != x.unit:
            add(("total",), f"a fact in '{x.name}''s unit ({x.unit})",
                f"'{key}' in {unit or 'no unit'}")
            return
        whole = value if isinstance(value, int | float) else None
    elif key in names:
        value = next(r.get(x.name) for r in rows if str(r.get(chart.y or "")) == key)
        whole = value if isinstance(value, int | float) else None
    else:
        add(("total",), f"a fact id, or a value of column '{chart.y}' naming the row that "
            "holds the total", repr(chart.total),
            did_you_mean(key, [*facts, *derived, *names]) or known_list([*facts, *derived]))
        return
    if whole is not None and whole < summed:
        add(("total",), f"a total at least the sum of the rows shown ({summed:,.12g})",
            f"{whole:,.12g}")


def check_range(loaded: LoadedBriefing, chart: Chart, columns: dict[str, Column],
                problems: Problems) -> None:
    """A range bar's low end is not above its high end, row by row."""
    table = loaded.tables.get(chart.dataset)
    if (chart.kind != "ranked-bar" or chart.x2 is None or table is None
            or chart.x2 not in columns or chart.x not in columns):
        return
    low, high = chart.x or "", chart.x2
    for r, row in enumerate(table.rows):
        a, b = row.get(low), row.get(high)
        if isinstance(a, int | float) and isinstance(b, int | float) and a > b:
            problems.add(Problem(table.file, table.lines[r], 0, f"row {r + 1}.{high}",
                                 f"a high end at least the low end ({low} = {a:,.12g}) for "
                                 f"chart '{chart.id}'", f"{b:,.12g}",
                                 f"swap x: {high} and x2: {low}, or correct the row"))
