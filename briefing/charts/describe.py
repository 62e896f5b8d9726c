"""Text alternatives: what a chart shows, in words, from its data (the extremes, the
highlighted row's rank, gaps and missing values). Screen readers read it, and it is the
spec's `description`."""

from __future__ import annotations

import itertools
from operator import itemgetter
from typing import TYPE_CHECKING

from .. import format as fmt
from .columns import Row, is_highlighted, join, label, point_label, rank, value_text

if TYPE_CHECKING:
    from ..model import Chart, Column, Dataset


def describe(chart: Chart, dataset: Dataset, rows: list[Row]) -> str:
    """What the chart shows in words, from its data: extremes, and the highlighted row."""
    cols = {c.name: c for c in dataset.columns}
    x = cols.get(chart.x or "")
    y = cols.get(chart.y or "")
    if chart.kind == "ranked-bar" and x and y:
        return _describe_ranking(chart, "Bar chart ranking", y, x, rows)
    if chart.kind == "share-bar" and x and y:
        return _describe_shares(chart, cols, x, y, rows)
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


def _describe_ranking(chart: Chart, lead: str, name: Column, value: Column,
                      rows: list[Row]) -> str:
    known = sorted((r for r in rows if r[value.name] is not None and r[name.name] is not None),
                   key=lambda r: -r[value.name])
    missing = [str(r[name.name]) for r in rows if r[value.name] is None and r[name.name]]
    n = len(known)
    parts = [f"{lead} {n} values of {label(value)} by {label(name)}, highest first."]
    if known:
        top, bottom = known[0], known[-1]
        parts.append(f"Highest: {top[name.name]}, {value_text(top[value.name], value)}.")
        parts.append(f"Lowest: {bottom[name.name]}, {value_text(bottom[value.name], value)}.")
    parts.extend(_highlight_rank(chart, name, value, known))
    if missing:
        parts.append(f"No value for {join(missing)}.")
    return " ".join(parts).strip()


def _highlight_rank(chart: Chart, name: Column, value: Column, known: list[Row]) -> list[str]:
    hits = [r for r in known if is_highlighted(chart, r)]
    if not hits:
        return []
    row = hits[0]
    place = rank(row[value.name], (r[value.name] for r in known))
    return [f"{row[name.name]} ranks {fmt.ordinal(place)} of {len(known)}, with "
            f"{value_text(row[value.name], value)}."]


def _describe_shares(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[Row]) -> str:
    kept = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if chart.series:
        series = cols[chart.series]
        groups = list(dict.fromkeys(str(r[y.name]) for r in kept))
        return (f"Bars for {len(groups)} values of {label(y)}, each divided by "
                f"{label(series)} into shares of {label(x)}.")
    total = sum(r[x.name] for r in kept) or 1
    shares = [(str(r[y.name]), r[x.name] / total * 100) for r in kept]
    listed = ", ".join(f"{n} {fmt.format_number(round(p, 1))}%" for n, p in shares)
    parts = [f"One bar divided into the shares of {label(x)} by {label(y)}: {listed}."]
    if shares:
        big = max(shares, key=lambda s: s[1])
        small = min(shares, key=lambda s: s[1])
        parts.append(f"Largest: {big[0]} ({fmt.format_number(round(big[1], 1))}%). "
                     f"Smallest: {small[0]} ({fmt.format_number(round(small[1], 1))}%).")
    parts.extend(_highlight_rank(chart, y, x, sorted(kept, key=lambda r: -r[x.name])))
    return " ".join(parts)


def _describe_series(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[Row]) -> str:
    known = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if not known:
        return f"Line chart of {label(y)} by {label(x)}, with no values."
    order = sorted(known, key=lambda r: str(r[x.name]) if x.type == "date" else r[x.name])
    first, last = value_text(order[0][x.name], x), value_text(order[-1][x.name], x)
    parts = [f"Line chart of {label(y)} by {label(x)}, {first} to {last}"]
    series = cols.get(chart.series or "")
    top = max(known, key=lambda r: r[y.name])
    low = min(known, key=lambda r: r[y.name])

    def where(r: Row) -> str:
        which = f"{r[series.name]}, " if series else ""
        return f"{value_text(r[y.name], y)} ({which}{value_text(r[x.name], x)})"

    if series:
        names = list(dict.fromkeys(str(r[series.name]) for r in known))
        parts[0] += f", {len(names)} lines: {join(names)}."
    else:
        parts[0] += f" ({len(known)} points)."
    parts.append(f"Highest: {where(top)}. Lowest: {where(low)}.")
    if not series:
        parts.append(f"Latest: {where(order[-1])}.")
        if x.type == "year":
            years = sorted({r[x.name] for r in known})
            gaps = [(a + 1, b - 1) for a, b in itertools.pairwise(years) if b - a > 1]
            for a, b in gaps:
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
            top = max(known, key=itemgetter(col.name))
            low = min(known, key=itemgetter(col.name))
            parts.append(f"Highest {label(col)}: {top[name.name]}, "
                         f"{value_text(top[col.name], col)}; lowest: {low[name.name]}, "
                         f"{value_text(low[col.name], col)}.")
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
