"""Text alternatives: what a chart shows, in words, from its data (the extremes, the
highlighted row's rank, gaps and missing values). Screen readers read it, and it is the
spec's `description`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import format as fmt
from . import dates
from .columns import Row, is_highlighted, join, label, point_label, rank, value_text

if TYPE_CHECKING:
    from ..model import Chart, Column, Dataset


def describe(chart: Chart, dataset: Dataset, rows: list[Row],
             total: tuple[float, str] | None = None) -> str:
    """What the chart shows in words, from its data: extremes (every row that ties for
    one), both ends of a range, and the highlighted row. `total` is a share bar's real
    total (plan.share_total)."""
    cols = {c.name: c for c in dataset.columns}
    x = cols.get(chart.x or "")
    y = cols.get(chart.y or "")
    if chart.kind == "ranked-bar" and x and y and chart.x2 in cols:
        return _describe_ranges(chart, y, x, cols[chart.x2 or ""], rows)
    if chart.kind == "ranked-bar" and x and y:
        return _describe_ranking(chart, "Bar chart ranking", y, x, rows)
    if chart.kind == "share-bar" and x and y:
        return _describe_shares(chart, cols, x, y, rows, total)
    if chart.kind == "time-series" and x and y:
        return _describe_series(chart, cols, x, y, rows)
    if chart.kind == "scatter" and x and y:
        return _describe_scatter(chart, cols, x, y, rows)
    # Custom: describe its numbers by the columns it names, else the first ones that fit.
    number = next((c for c in (x, y) if c and c.type == "number"), None) or next(
        (c for c in cols.values() if c.type == "number"), None)
    name = point_label(chart, cols) if chart.label or chart.highlight else next(
        (c for c in (y, x) if c and c.type in ("text", "year")), None) or next(
        (c for c in cols.values() if c.type in ("text", "year")), None)
    text = f"Chart of {dataset.title}, {len(rows)} rows."
    if number and name:
        return text + " " + _describe_ranking(chart, "", name, number, rows).split(". ", 1)[-1]
    return text


def _names(rows: list[Row], name: Column) -> str:
    return join([str(r[name.name]) for r in rows])


def _ends(known: list[Row], key: str) -> tuple[list[Row], list[Row]]:
    """The rows that tie for the highest and for the lowest value of `key`."""
    top = max(r[key] for r in known)
    low = min(r[key] for r in known)
    return [r for r in known if r[key] == top], [r for r in known if r[key] == low]


def _tied(rows: list[Row], name: Column, text: str) -> str:
    """'China, 44 million t' or, for a tie, 'China and Russia, 44 million t each'."""
    return f"{_names(rows, name)}, {text}{' each' if len(rows) > 1 else ''}"


def _describe_ranking(chart: Chart, lead: str, name: Column, value: Column,
                      rows: list[Row]) -> str:
    known = sorted((r for r in rows if r[value.name] is not None and r[name.name] is not None),
                   key=lambda r: -r[value.name])
    missing = [str(r[name.name]) for r in rows if r[value.name] is None and r[name.name]]
    n = len(known)
    parts = [f"{lead} {n} values of {label(value)} by {label(name)}, highest first."]
    if known:
        top, bottom = _ends(known, value.name)
        parts.append(f"Highest: {_tied(top, name, value_text(top[0][value.name], value))}.")
        parts.append(f"Lowest: {_tied(bottom, name, value_text(bottom[0][value.name], value))}.")
    parts.extend(_highlight_rank(chart, name, value, known))
    if missing:
        parts.append(f"No value for {join(missing)}.")
    return " ".join(parts).strip()


def _describe_ranges(chart: Chart, name: Column, low: Column, high: Column,
                     rows: list[Row]) -> str:
    """A bar from low to high per row: both ends of every range, then the extremes."""
    known = sorted((r for r in rows if r[low.name] is not None and r[high.name] is not None
                    and r[name.name] is not None), key=lambda r: -r[high.name])
    missing = [str(r[name.name]) for r in rows if r not in known and r[name.name]]
    parts = [f"Bar chart of {len(known)} ranges of {label(low)} to {label(high)} by "
             f"{label(name)}, highest first:"]
    parts.append("; ".join(f"{r[name.name]} {value_text(r[low.name], low)} to "
                           f"{value_text(r[high.name], high)}" for r in known) + ".")
    if known:
        top, _ = _ends(known, high.name)
        _, bottom = _ends(known, low.name)
        parts.append(f"Highest upper end: {_tied(top, name, value_text(top[0][high.name], high))}."
                     f" Lowest lower end: "
                     f"{_tied(bottom, name, value_text(bottom[0][low.name], low))}.")
    if missing:
        parts.append(f"No range for {join(missing)}.")
    return " ".join(parts)


def _highlight_rank(chart: Chart, name: Column, value: Column, known: list[Row]) -> list[str]:
    hits = [r for r in known if is_highlighted(chart, r)]
    if not hits:
        return []
    row = hits[0]
    place = rank(row[value.name], (r[value.name] for r in known))
    return [f"{row[name.name]} ranks {fmt.ordinal(place)} of {len(known)}, with "
            f"{value_text(row[value.name], value)}."]


def _describe_shares(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[Row], total: tuple[float, str] | None) -> str:
    from .specs_bars import shares  # no Altair at import: it is imported where drawn

    kept = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if chart.series:
        series = cols[chart.series]
        groups = list(dict.fromkeys(str(r[y.name]) for r in kept))
        return (f"Bars for {len(groups)} values of {label(y)}, each divided by "
                f"{label(series)} into shares of {label(x)}.")
    made = shares(chart, x, y, rows, total)
    listed = ", ".join(f"{p.name} {fmt.format_number(round(p.pct, 1))}%" for p in made.parts)
    what = (f"shares of {made.of}, {label(x)} by {label(y)}" if made.divided
            else f"{label(x)} by {label(y)}, as the source gives them")
    parts = [f"One bar divided into {what}: {listed}."]
    named = [p for p in made.parts if p.row is not None]
    if named:
        def pct(p: float) -> str:
            return f"{fmt.format_number(round(p, 1))}%"

        top = max(p.pct for p in named)
        low = min(p.pct for p in named)
        big = [p for p in named if p.pct == top]
        small = [p for p in named if p.pct == low]
        each = " each" if len(big) > 1 else ""
        parts.append(f"Largest: {join([str(p.name) for p in big])} ({pct(top)}{each}).")
        each = " each" if len(small) > 1 else ""
        parts.append(f"Smallest: {join([str(p.name) for p in small])} ({pct(low)}{each}).")
    parts.extend(_highlight_rank(chart, y, x, sorted(
        [p.row for p in named if p.row is not None], key=lambda r: -r[x.name])))
    return " ".join(parts)


def _describe_series(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[Row]) -> str:
    known = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if not known:
        return f"Line chart of {label(y)} by {label(x)}, with no values."
    order = sorted(known, key=lambda r: _position(r[x.name], x))
    first, last = value_text(order[0][x.name], x), value_text(order[-1][x.name], x)
    parts = [f"Line chart of {label(y)} by {label(x)}, {first} to {last}"]
    series = cols.get(chart.series or "")
    tops, lows = _ends(known, y.name)

    def at(r: Row) -> str:
        which = f"{r[series.name]}, " if series else ""
        return f"{which}{value_text(r[x.name], x)}"

    def where(r: Row | list[Row]) -> str:
        many = r if isinstance(r, list) else [r]
        return f"{value_text(many[0][y.name], y)} ({join([at(o) for o in many])})"

    if series:
        names = list(dict.fromkeys(str(r[series.name]) for r in known))
        parts[0] += f", {len(names)} lines: {join(names)}."
    else:
        parts[0] += f" ({len(known)} points)."
    parts.append(f"Highest: {where(tops)}. Lowest: {where(lows)}.")
    if not series:
        parts.append(f"Latest: {where(order[-1])}.")
        # Gaps where the data mark a value as missing, as the line breaks there.
        marked = sorted((r for r in rows if r[x.name] is not None and r[y.name] is None),
                        key=lambda r: _position(r[x.name], x))
        for run in _runs(marked, known, x):
            a, b = value_text(run[0][x.name], x), value_text(run[-1][x.name], x)
            parts.append(f"No data for {a}." if a == b else f"No data for {a}–{b}.")
    elif chart.highlight is not None and chart.highlight.column == series.name:
        mine = [r for r in order if is_highlighted(chart, r)]
        if mine:
            end = mine[-1]
            same = [r[y.name] for r in known if r[x.name] == end[x.name]]
            parts.append(f"{end[series.name]}: {value_text(end[y.name], y)} in "
                         f"{value_text(end[x.name], x)}, {fmt.ordinal(rank(end[y.name], same))} "
                         f"of {len(same)} that {'year' if x.type == 'year' else 'point'}.")
    return " ".join(parts)


def _describe_scatter(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                      rows: list[Row]) -> str:
    name = point_label(chart, cols)
    known = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    scales = [a for a in ("x", "y") if getattr(chart, f"{a}_scale") == "log"]
    log = "" if not scales else (
        " (logarithmic axes)" if len(scales) == 2 else f" (logarithmic {scales[0]} axis)")
    parts = [f"Scatter plot of {label(y)} against {label(x)}, {len(known)} points{log}."]
    if known and name:
        for col in (y, x):
            # Every point that ties for an extreme is named, as bar charts name theirs.
            tops, lows = _ends(known, col.name)
            parts.append(f"Highest {label(col)}: "
                         f"{_tied(tops, name, value_text(tops[0][col.name], col))}; lowest: "
                         f"{_tied(lows, name, value_text(lows[0][col.name], col))}.")
        hits = [r for r in known if is_highlighted(chart, r)]
        if hits:
            r = hits[0]
            ranks = [f"{label(c)} {value_text(r[c.name], c)} "
                     f"({fmt.ordinal(rank(r[c.name], (o[c.name] for o in known)))} "
                     f"of {len(known)})" for c in (x, y)]
            parts.append(f"{r[name.name]}: {'; '.join(ranks)}.")
    left_out = [str(r[name.name]) for r in rows if name and r not in known and r[name.name]]
    if left_out:
        parts.append(f"Not shown for want of a value: {join(left_out)}.")
    return " ".join(parts)


def _position(value: object, x: Column) -> float:
    if x.type == "date":
        return float(dates.millis(dates.parse(str(value))[1]))
    return float(value)  # type: ignore[arg-type]  # a year or a number, by the column


def _runs(marked: list[Row], known: list[Row], x: Column) -> list[list[Row]]:
    """Missing rows in runs that no known point interrupts: '2019–2021', not three gaps."""
    points = sorted(_position(r[x.name], x) for r in known)
    runs: list[list[Row]] = []
    for row in marked:
        pos = _position(row[x.name], x)
        if runs:
            prev = _position(runs[-1][-1][x.name], x)
            if not any(prev < p < pos for p in points):
                runs[-1].append(row)
                continue
        runs.append([row])
    return runs
