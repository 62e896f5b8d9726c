"""Chart specs → Altair → Vega-Lite → SVG and PNG (vl-convert), with CSV and a text alternative.

One stage, between `resolve` and `pages`. It knows a briefing's records and
tables; it knows nothing of pages, templates or MkDocs. It hands back a view of
each chart for the template and the files to write beside the page.

A chart is data first and pixels second:

* `plan()` builds every Vega-Lite spec with Altair (cheap, and where an analyst's
  custom chart function runs); `validate` calls it too, so a broken chart fails
  there with file and line;
* `draw()` turns specs into SVG and PNG with vl-convert (the slow part), cached
  by a hash of what goes in, in a process pool when there are many.

Theming. The page holds one SVG per chart, drawn in the light palette below.
Each palette colour belongs to one role only, so briefing.css can find it by
attribute (`[fill="#2c4a73"]`) and repaint it from a custom property that the
dark scheme redefines; the interactive view swaps the same colours for the
properties' values before Vega draws. One SVG serves both schemes and print.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import hashlib
import importlib.util
import io
import itertools
import json
import math
import multiprocessing
import os
import re
import sys
import textwrap
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import format as fmt
from .errors import InputError, Problem, Problems, did_you_mean, known_list

if TYPE_CHECKING:
    import altair as alt

    from .check.resolved import ResolvedBriefing
    from .model import Chart, Column, Dataset, Source

# Bump when a change here alters what the rendered files hold, so the cache forgets them.
RENDER_VERSION = "2"
CUSTOM_FILE = "charts.py"  # an analyst's custom chart functions, beside briefing.yaml
ASSETS_DIR = "_assets"  # under the generated folder; no slug can start with "_"
# A chart takes ~115 ms to draw (SVG ~37 ms, PNG at 2x ~80 ms). vl-convert's engine starts
# once per process (~0.55 s); a pool of two spawned workers costs ~0.9 s before its first
# chart. Measured on 2 cores: one process wins below ~6 charts from a cold start and below
# ~16 when warm (serve); the pool halves the time beyond.
POOL_MIN_CHARTS = 8
PROGRESS_MIN_CHARTS = 20
CACHE_DAYS = 30  # cache entries unused for this long are removed

# Plot sizes in CSS pixels: the static SVG scales down on narrow screens; the interactive
# view takes the width of its container.
WIDTH = 600
BAR_STEP = 24
LINE_HEIGHT = 260
SCATTER_HEIGHT = 320
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # Arial metrics, as vl-convert measures

# role → light colour. Every colour is used by one role only: briefing.css maps each to
# --br-chart-<role>, whose value the dark scheme changes. Keep the two lists in step
# (a test checks that every colour here has its rule there).
PALETTE: dict[str, str] = {
    "text": "#1f2329",
    "muted": "#5a5f66",
    "grid": "#e6e2d9",
    "axis": "#8b8a85",
    "bar": "#2c4a73",
    "highlight": "#b5531c",
    "other": "#a7aab0",  # lines and points that are not highlighted
    "bg": "#fffffe",  # gaps between stacked segments: the page's background
    "on-data": "#fdfdfc",  # text drawn on top of coloured bars
    "cat-1": "#345f94",
    "cat-2": "#a0600f",
    "cat-3": "#3f7a3a",
    "cat-4": "#7d4a7a",
    "cat-5": "#2f7c7b",
    "cat-6": "#6b6f77",
    "cat-7": "#8a6d1e",
    "cat-8": "#9b3f4e",
}
CATEGORY = [PALETTE[f"cat-{i}"] for i in range(1, 9)]

# Fields we add to a chart's data. Column names cannot contain "-", so these never clash.
HL, SEG, LABEL, TIP, TIP_X, TIP_Y, ORDER, MID, PCT, KEY = (
    "br-hl", "br-seg", "br-label", "br-tip", "br-tip-x", "br-tip-y", "br-order", "br-mid",
    "br-pct", "br-key")
REMAINDER_NAMES = {"other", "others", "other countries", "rest of world", "rest of the world"}
# Font weight is no encoding channel; a mark property expression can read the datum.
BOLD_IF_HL = {"expr": f"datum['{HL}'] ? 'bold' : 'normal'"}
# Keys a Vega-Lite spec may carry only at its top level (hoisted when a spec is wrapped).
TOP_LEVEL_KEYS = ("$schema", "config", "datasets", "autosize", "padding", "background",
                  "usermeta")


def theme_config() -> dict[str, Any]:
    """Vega-Lite config: Material's look in the light palette (dark comes from CSS)."""
    p = PALETTE
    axis = {"labelColor": p["muted"], "titleColor": p["text"], "gridColor": p["grid"],
            "domainColor": p["axis"], "tickColor": p["axis"], "labelFontSize": 12,
            "titleFontSize": 12, "titleFontWeight": "normal", "titlePadding": 10,
            "labelPadding": 4}
    return {
        "font": FONT,
        "background": "transparent",
        "padding": 4,
        "view": {"stroke": None},
        "axis": axis,
        "legend": {"labelColor": p["text"], "titleColor": p["text"], "labelFontSize": 12,
                   "titleFontSize": 12, "symbolType": "square", "symbolSize": 120},
        "title": {"color": p["text"], "subtitleColor": p["muted"], "anchor": "start",
                  "fontSize": 17, "subtitleFontSize": 13, "subtitlePadding": 6, "offset": 14},
        "text": {"color": p["text"], "fontSize": 12},
        "mark": {"color": p["bar"]},
        "range": {"category": CATEGORY},
    }


# --- what a chart is before and after rendering ------------------------------------------------


@dataclass(frozen=True)
class ChartPlan:
    """One chart as specs and words, ready to render."""

    slug: str
    chart: Chart
    dataset: Dataset
    source: Source
    rows: list[dict[str, Any]]
    spec: dict[str, Any]  # the page's chart: plot only (title and source are in the page)
    download: dict[str, Any]  # standalone: title, subtitle, source line, white background
    description: str  # the text alternative
    key: str  # cache key: hash of both specs, the renderer and the theme
    origin: str  # the file to name if vl-convert refuses the spec
    # The download spec as written to <chart>.vl.json. Made here, not in draw(): an indented
    # dump runs in pure Python (0.4 ms a chart), and plans of unchanged briefings come
    # from the validation cache (cache.py), so a rebuild does not pay it again.
    download_json: str = ""


@dataclass
class Cell:
    text: str
    numeric: bool = False


@dataclass
class ChartView:
    """What the template needs to show one chart. Strings marked html are safe markup."""

    id: str
    kind: str
    title: str
    subtitle: str | None
    note: str | None
    description: str
    source: Source
    dataset: Dataset
    header: list[Cell]
    cells: list[list[Cell]]
    svg: str  # html: the static chart, an <svg role="img">
    spec_json: str  # html: the spec for the interactive view, safe inside <script>
    csv_url: str
    json_url: str
    png_url: str


class LazyViews(Mapping[str, list["ChartView"]]):
    """Views by briefing slug, assembled when first asked for. A page that an earlier build
    rendered from the same inputs (cache.py) never needs its views, and assembling them
    (tables of formatted cells, SVG ids) was a third of this stage on a rebuild."""

    def __init__(self) -> None:
        self._parts: dict[str, list[tuple[ChartPlan, str]]] = {}
        self._views: dict[str, list[ChartView]] = {}

    def add(self, slug: str, parts: list[tuple[ChartPlan, str]]) -> None:
        self._parts[slug] = parts

    def __getitem__(self, slug: str) -> list[ChartView]:
        if slug not in self._views:
            self._views[slug] = [_view(p, svg) for p, svg in self._parts[slug]]
        return self._views[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


@dataclass
class Drawn:
    """The stage's output: views per briefing, files for the generated folder, counts."""

    views: LazyViews = field(default_factory=LazyViews)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # path under the folder
    assets: str = f"../{ASSETS_DIR}/"  # the scripts, relative to a briefing page
    asset_version: str = ""
    rendered: int = 0
    cached: int = 0
    workers: int = 0

    @property
    def summary(self) -> str:
        return f"charts: {self.rendered} rendered, {self.cached} from cache"


# --- words and numbers ---------------------------------------------------------------------


def column_title(column: Column, given: str | None = None) -> str:
    """An axis title with its unit: 'Reserves (t REO)'."""
    if given:
        return given
    name = column.label or column.name
    return f"{name} ({column.unit})" if column.unit else name


def value_text(value: Any, column: Column) -> str:
    """A value as readers see it in sentences and tooltips: '3.8 million t REO'."""
    if value is None:
        return "not available"
    if column.type == "year":
        return str(value)
    if column.type == "date":
        return fmt.format_date_text(value)
    if column.type == "number":
        if column.unit in fmt.UNITS:
            return fmt.format_quantity(value, column.unit)
        text = fmt.format_number(value)
        return f"{text} {column.unit}" if column.unit else text
    return str(value)


def short_text(value: Any, column: Column) -> str:
    """A value as on the axis, without its unit (bar labels): '3.8 million', '14.6%'."""
    if value is None:
        return "n/a"
    if column.type == "number":
        text = fmt.format_number(value)
        return text + "%" if column.unit == "%" else text
    return value_text(value, column)


def cell_text(value: Any, column: Column) -> Cell:
    """A data-table cell: numbers in full with separators, as the source gives them."""
    if value is None:
        return Cell("n/a", column.type == "number")
    if column.type == "number":
        return Cell(fmt.format_number(value, compact=False), True)
    return Cell(str(value), column.type == "year")


def _label(column: Column) -> str:
    return column.label or column.name


def _tip_title(column: Column) -> str:
    """A column's label as a tooltip title. Vega-Lite copies tooltip titles into a Vega
    expression without escaping backslashes (a label ending in a backslash broke the
    chart): double them, so the expression reads them back as typed."""
    return _label(column).replace("\\", "\\\\")


def _rank(value: float, values: Iterable[float]) -> int:
    """1 for the highest; ties share a rank."""
    return 1 + sum(1 for v in values if v > value)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- building specs ------------------------------------------------------------------------


def _number_axis(values: list[float], title: str, log: bool = False, **extra: Any) -> alt.Axis:
    import altair as alt

    top = max((abs(v) for v in values), default=0)
    kw: dict[str, Any] = {"title": title, **extra}
    if top >= 1e6 or log:
        # SI prefixes keep tick labels short; the axis title carries the unit. "G" reads as
        # "B" (billion) to a general reader.
        kw["labelExpr"] = "replace(format(datum.value, '~s'), 'G', 'B')"
    else:
        # An explicit precision: without one Vega derives it from the tick step ("6e+3").
        kw["format"] = ",.12~g"
    kw.setdefault("tickCount", 5)
    if log:
        positive = [v for v in values if v > 0]
        if positive:
            low = math.floor(math.log10(min(positive)))
            high = math.ceil(math.log10(max(positive)))
            kw["values"] = [10.0 ** k for k in range(low, high + 1)]
            # Vega thins explicit ticks down to tickCount: keep every power of ten.
            kw["tickCount"] = len(kw["values"])
    return alt.Axis(**kw)


def _scale(kind: str, padding: int = 0) -> alt.Scale:
    import altair as alt

    extra = {"padding": padding} if padding else {}
    if kind == "log":
        return alt.Scale(type="log", **extra)
    return alt.Scale(zero=True, nice=True, **extra)


def _level_title(values: list[float], log: bool) -> dict[str, Any]:
    """A y-axis title set level above the plot, where it reads without turning the head,
    starting about where the tick labels start."""
    top = max((abs(v) for v in values), default=0)
    if top >= 1e6 or log:
        chars = 4
    else:
        chars = len(f"{top:,.0f}") + (2 if any(v != int(v) for v in values) else 0)
    return {"titleAngle": 0, "titleAlign": "left", "titleAnchor": "end",
            "titleBaseline": "bottom", "titleY": -12, "titleX": -(chars * 7 + 10)}


def _hl_color(highlighted: bool, normal: str) -> Any:
    import altair as alt

    if not highlighted:
        return alt.value(normal)
    return alt.condition(f"datum['{HL}']", alt.value(PALETTE["highlight"]), alt.value(normal))


def _is_hl(chart: Chart, row: dict[str, Any]) -> bool:
    hl = chart.highlight
    return hl is not None and row.get(hl.column) is not None and str(row[hl.column]) == str(
        hl.value)


def _label_test(chart: Chart, axis_field: str | None) -> str | None:
    """A Vega expression true for the highlighted category's axis label."""
    hl = chart.highlight
    if hl is None or hl.column != axis_field:
        return None
    return f"datum.label === {json.dumps(str(hl.value))}"


def _ranked_bar(chart: Chart, cols: dict[str, Column], rows: list[dict[str, Any]]) -> Any:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    ordered = sorted(rows, key=lambda r: (r[x.name] is None, -(r[x.name] or 0)))
    data = [{y.name: r[y.name], x.name: r[x.name], "br-x0": r[x.name] or 0,
             HL: _is_hl(chart, r), LABEL: short_text(r[x.name], x) if r[x.name] is not None
             else "not available", TIP: value_text(r[x.name], x)}
            for r in ordered if r[y.name] is not None]
    values = [d[x.name] for d in data if d[x.name] is not None]
    test = _label_test(chart, y.name)
    y_axis: dict[str, Any] = {"ticks": False, "domain": False, "labelPadding": 8,
                              "labelLimit": 200, "labelFontSize": 12}
    if test:
        y_axis["labelFontWeight"] = {"condition": {"test": test, "value": "bold"},
                                     "value": "normal"}
        y_axis["labelColor"] = {"condition": {"test": test, "value": PALETTE["highlight"]},
                                "value": PALETTE["text"]}
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y(field=y.name, type="ordinal" if y.type == "year" else "nominal",
                sort=[d[y.name] for d in data], title=chart.y_title,
                axis=alt.Axis(**y_axis)),
        tooltip=[alt.Tooltip(field=y.name, type="nominal", title=_tip_title(y)),
                 alt.Tooltip(field=TIP, type="nominal", title=_tip_title(x))],
    )
    has_hl = chart.highlight is not None
    bars = base.mark_bar(height={"band": 0.72}).encode(
        x=alt.X(field=x.name, type="quantitative", scale=_scale(chart.x_scale),
                axis=_number_axis(values, column_title(x, chart.x_title), chart.x_scale == "log",
                                  grid=True, tickCount=5)),
        color=_hl_color(has_hl, PALETTE["bar"]),
    )
    labels = base.mark_text(align="left", baseline="middle", dx=5, fontSize=12,
                            fontWeight=BOLD_IF_HL).encode(
        x=alt.X(field="br-x0", type="quantitative"),
        text=alt.Text(field=LABEL, type="nominal"),
        color=_hl_color(has_hl, PALETTE["muted"]),
    )
    # A height in pixels, not a step per bar: the interactive view fits its width to the
    # page, which Vega-Lite allows only with a continuous height.
    return alt.layer(bars, labels).properties(width=WIDTH, height=BAR_STEP * max(len(data), 1))


def _segments(rows: list[dict[str, Any]], x: Column, y: Column,
              group: str | None) -> list[dict[str, Any]]:
    """Rows sorted by x, each with a segment id: a line breaks where data is missing."""
    def position(value: Any) -> float:
        if x.type == "date":
            return dt.date.fromisoformat(value).toordinal()
        return float(value)

    out: list[dict[str, Any]] = []
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        if row[x.name] is not None:
            groups.setdefault(row[group] if group else None, []).append(row)
    for key, members in groups.items():
        members.sort(key=lambda r: position(r[x.name]))
        xs = [position(r[x.name]) for r in members]
        steps = [b - a for a, b in itertools.pairwise(xs) if b > a]
        usual = min(steps) if steps else 1.0
        segment, previous = 0, None
        for row, pos in zip(members, xs, strict=True):
            if row[y.name] is None:
                segment += 1  # a missing value breaks the line
                previous = None
                continue
            if previous is not None and pos - previous > usual * 1.5:
                segment += 1  # so does a gap in the years
            previous = pos
            out.append({**row, SEG: f"{key}|{segment}"})
    return out


def _x_encoding(chart: Chart, x: Column, values: list[Any]) -> Any:
    import altair as alt

    title = column_title(x, chart.x_title) if chart.x_title or x.type == "number" else (
        chart.x_title)
    if x.type == "date":
        return alt.X(field=x.name, type="temporal", scale=alt.Scale(type="utc", padding=24),
                     axis=alt.Axis(title=title, grid=False, labelFlush=True))
    if x.type == "year":
        distinct = sorted(set(values))
        axis = alt.Axis(title=title, format="d", grid=False, tickMinStep=1, labelFlush=False,
                        **({"values": distinct} if len(distinct) <= 12 else {}))
        return alt.X(field=x.name, type="quantitative",
                     scale=alt.Scale(zero=False, nice=False, padding=24),
                     axis=axis)
    return alt.X(field=x.name, type="quantitative", scale=_scale(chart.x_scale, 24),
                 axis=_number_axis(values, title or "", chart.x_scale == "log", grid=False))


def _time_series(chart: Chart, cols: dict[str, Column], rows: list[dict[str, Any]]) -> Any:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    series = cols[chart.series] if chart.series else None
    data = [{**r, HL: _is_hl(chart, r), LABEL: short_text(r[y.name], y),
             TIP_X: value_text(r[x.name], x), TIP_Y: value_text(r[y.name], y)}
            for r in _segments(rows, x, y, series.name if series else None)]
    tooltip = ([alt.Tooltip(field=series.name, type="nominal", title=_tip_title(series))]
               if series else [])
    tooltip += [alt.Tooltip(field=TIP_X, type="nominal", title=_tip_title(x)),
                alt.Tooltip(field=TIP_Y, type="nominal", title=_tip_title(y))]
    ys = [d[y.name] for d in data]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=_x_encoding(chart, x, [d[x.name] for d in data]),
        y=alt.Y(field=y.name, type="quantitative", scale=_scale(chart.y_scale),
                axis=_number_axis(ys, column_title(y, chart.y_title), chart.y_scale == "log",
                                  tickCount=5, **_level_title(ys, chart.y_scale == "log"))),
        tooltip=tooltip,
    )
    hl_series = series is not None and chart.highlight is not None and (
        chart.highlight.column == series.name)
    if series is None:
        colour: Any = _hl_color(chart.highlight is not None, PALETTE["bar"])
        line_colour: Any = alt.value(PALETTE["bar"])
    elif hl_series:
        colour = line_colour = _hl_color(True, PALETTE["other"])
    else:
        colour = line_colour = alt.Color(field=series.name, type="nominal",
                                         legend=alt.Legend(orient="top", title=None))
    layers = [
        base.mark_line(strokeWidth=2.5, strokeCap="round", strokeJoin="round").encode(
            detail=alt.Detail(field=SEG, type="nominal"), color=line_colour),
        base.mark_point(filled=True, size=55, opacity=1).encode(color=colour),
    ]
    if series is None and len(data) <= 12:
        layers.append(base.mark_text(dy=-12, fontSize=12).encode(
            text=alt.Text(field=LABEL, type="nominal"),
            color=_hl_color(chart.highlight is not None, PALETTE["text"])))
    elif hl_series:
        # Name the lines at their last point rather than in a legend.
        last: dict[Any, dict[str, Any]] = {}
        for d in data:
            last[d[series.name]] = d
        ends = alt.Chart(alt.Data(values=list(last.values()))).mark_text(
            align="left", dx=8, fontSize=12).encode(
            x=alt.X(field=x.name, type="temporal" if x.type == "date" else "quantitative"),
            y=alt.Y(field=y.name, type="quantitative"),
            text=alt.Text(field=series.name, type="nominal"),
            color=_hl_color(True, PALETTE["muted"]))
        layers.append(ends)
    return alt.layer(*layers).properties(width=WIDTH, height=LINE_HEIGHT)


def _share_bar(chart: Chart, cols: dict[str, Column], rows: list[dict[str, Any]]) -> Any:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    axis = alt.Axis(format="%", title=column_title(x, chart.x_title).replace(" (%)", ""),
                    values=[0, 0.25, 0.5, 0.75, 1], grid=False)
    if chart.series:
        series = cols[chart.series]
        data = [{**r, TIP: value_text(r[x.name], x)} for r in rows
                if r[x.name] is not None and r[y.name] is not None]
        return alt.Chart(alt.Data(values=data)).mark_bar(
            stroke=PALETTE["bg"], strokeWidth=1.5).encode(
            x=alt.X(field=x.name, type="quantitative", stack="normalize", axis=axis),
            y=alt.Y(field=y.name, type="nominal", sort=None, title=chart.y_title,
                    axis=alt.Axis(ticks=False, domain=False, labelPadding=8)),
            color=alt.Color(field=series.name, type="nominal",
                            legend=alt.Legend(orient="top", title=None)),
            tooltip=[alt.Tooltip(field=y.name, type="nominal", title=_tip_title(y)),
                     alt.Tooltip(field=series.name, type="nominal", title=_tip_title(series)),
                     alt.Tooltip(field=TIP, type="nominal", title=_tip_title(x))],
        ).properties(width=WIDTH, height=(BAR_STEP + 8) * max(
            len({str(d[y.name]) for d in data}), 1))

    kept = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    total = sum(r[x.name] for r in kept) or 1
    # Grey is kept for "Other", warm colours for the highlight.
    palette = [c for c in CATEGORY if c != PALETTE["cat-6"] and (
        chart.highlight is None or c not in (PALETTE["cat-2"], PALETTE["cat-8"]))]
    data, legend, colours, cumulative, other = [], [], [], 0.0, 0
    for i, r in enumerate(kept):
        pct = r[x.name] / total * 100
        name = f"{r[y.name]} {fmt.format_number(round(pct, 1))}%"
        data.append({y.name: r[y.name], x.name: r[x.name], ORDER: i, KEY: name,
                     MID: (cumulative + r[x.name] / 2) / total, PCT: round(pct, 1),
                     LABEL: f"{fmt.format_number(round(pct))}%",
                     TIP: value_text(r[x.name], x),
                     "br-share": f"{fmt.format_number(round(pct, 1))}% of the total"})
        cumulative += r[x.name]
        legend.append(name)
        if _is_hl(chart, r):
            colours.append(PALETTE["highlight"])
        elif str(r[y.name]).strip().lower() in REMAINDER_NAMES:
            colours.append(PALETTE["cat-6"])  # "Other" is no category: grey, not a colour
        else:
            colours.append(palette[other % len(palette)])
            other += 1
    tooltip = [alt.Tooltip(field=y.name, type="nominal", title=_tip_title(y)),
               alt.Tooltip(field=TIP, type="nominal", title=_tip_title(x))]
    if x.unit != "%":
        tooltip.append(alt.Tooltip(field="br-share", type="nominal", title="Share"))
    base = alt.Chart(alt.Data(values=data))
    bar = base.mark_bar(stroke=PALETTE["bg"], strokeWidth=2, height={"band": 1}).encode(
        x=alt.X(field=x.name, type="quantitative", stack="normalize", axis=axis),
        color=alt.Color(field=KEY, type="nominal", sort=legend,
                        scale=alt.Scale(domain=legend, range=colours),
                        legend=alt.Legend(orient="bottom", title=None, columns=3,
                                          labelLimit=260, symbolSize=160)),
        order=alt.Order(field=ORDER, type="quantitative"),
        tooltip=tooltip,
    )
    # Percentages inside the segments wide enough to hold them.
    text = base.transform_filter(f"datum['{PCT}'] >= 7").mark_text(
        fontSize=13, fontWeight="bold", color=PALETTE["on-data"]).encode(
        x=alt.X(field=MID, type="quantitative"),
        text=alt.Text(field=LABEL, type="nominal"),
        tooltip=tooltip,
    )
    return alt.layer(bar, text).properties(width=WIDTH, height=56)


def _point_label(chart: Chart, cols: dict[str, Column]) -> Column | None:
    if chart.label:
        return cols[chart.label]
    if chart.highlight and chart.highlight.column in cols:
        return cols[chart.highlight.column]
    return next((c for c in cols.values() if c.type == "text"), None)


def _scatter(chart: Chart, cols: dict[str, Column], rows: list[dict[str, Any]]) -> Any:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    name = _point_label(chart, cols)
    data = [{**r, HL: _is_hl(chart, r), LABEL: str(r[name.name]) if name else "",
             TIP_X: value_text(r[x.name], x), TIP_Y: value_text(r[y.name], y)}
            for r in rows if r[x.name] is not None and r[y.name] is not None]
    tooltip = [alt.Tooltip(field=name.name, type="nominal", title=_tip_title(name))] if name else []
    tooltip += [alt.Tooltip(field=TIP_X, type="nominal", title=_tip_title(x)),
                alt.Tooltip(field=TIP_Y, type="nominal", title=_tip_title(y))]
    has_hl = chart.highlight is not None
    ys = [d[y.name] for d in data]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(field=x.name, type="quantitative", scale=_scale(chart.x_scale, 24),
                axis=_number_axis([d[x.name] for d in data], column_title(x, chart.x_title),
                                  chart.x_scale == "log", grid=True)),
        y=alt.Y(field=y.name, type="quantitative", scale=_scale(chart.y_scale, 16),
                axis=_number_axis(ys, column_title(y, chart.y_title), chart.y_scale == "log",
                                  grid=True, **_level_title(ys, chart.y_scale == "log"))),
        tooltip=tooltip,
    )
    layers = [base.mark_point(filled=True, opacity=0.95).encode(
        color=_hl_color(has_hl, PALETTE["bar"]),
        size=alt.condition(f"datum['{HL}']", alt.value(120), alt.value(70)))]
    if name:
        # Names over a halo of the page's colour, the highlighted one drawn last, so that
        # labels of nearby points stay legible where they touch.
        order = alt.Order(field=HL, type="quantitative")
        text = alt.Text(field=LABEL, type="nominal")
        layers.append(base.mark_text(dy=-11, fontSize=12, fontWeight=BOLD_IF_HL,
                                     stroke=PALETTE["bg"], strokeWidth=4, strokeJoin="round"
                                     ).encode(text=text, order=order))
        layers.append(base.mark_text(dy=-11, fontSize=12, fontWeight=BOLD_IF_HL).encode(
            text=text, order=order, color=_hl_color(has_hl, PALETTE["muted"])))
    return alt.layer(*layers).properties(width=WIDTH, height=SCATTER_HEIGHT)


BUILDERS: dict[str, Callable[[Chart, dict[str, Column], list[dict[str, Any]]], Any]] = {
    "ranked-bar": _ranked_bar,
    "time-series": _time_series,
    "share-bar": _share_bar,
    "scatter": _scatter,
}


# --- text alternatives --------------------------------------------------------------------


def describe(chart: Chart, dataset: Dataset, rows: list[dict[str, Any]]) -> str:
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
    name = _point_label(chart, cols) if chart.label or chart.highlight else next(
        (c for c in (y, x) if c and c.type in ("text", "year")), None) or next(
        (c for c in cols.values() if c.type in ("text", "year")), None)
    text = f"Chart of {dataset.title}, {len(rows)} rows."
    if number and name:
        return text + " " + _describe_ranking(chart, "", name, number, rows).split(". ", 1)[-1]
    return text


def _describe_ranking(chart: Chart, lead: str, name: Column, value: Column,
                      rows: list[dict[str, Any]]) -> str:
    known = sorted((r for r in rows if r[value.name] is not None and r[name.name] is not None),
                   key=lambda r: -r[value.name])
    missing = [str(r[name.name]) for r in rows if r[value.name] is None and r[name.name]]
    n = len(known)
    parts = [f"{lead} {n} values of {_label(value)} by {_label(name)}, highest first."]
    if known:
        top, bottom = known[0], known[-1]
        parts.append(f"Highest: {top[name.name]}, {value_text(top[value.name], value)}.")
        parts.append(f"Lowest: {bottom[name.name]}, {value_text(bottom[value.name], value)}.")
    parts.extend(_highlight_rank(chart, name, value, known))
    if missing:
        parts.append(f"No value for {_join(missing)}.")
    return " ".join(parts).strip()


def _highlight_rank(chart: Chart, name: Column, value: Column,
                    known: list[dict[str, Any]]) -> list[str]:
    hits = [r for r in known if _is_hl(chart, r)]
    if not hits:
        return []
    row = hits[0]
    rank = _rank(row[value.name], (r[value.name] for r in known))
    return [f"{row[name.name]} ranks {fmt.ordinal(rank)} of {len(known)}, with "
            f"{value_text(row[value.name], value)}."]


def _describe_shares(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[dict[str, Any]]) -> str:
    kept = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if chart.series:
        series = cols[chart.series]
        groups = list(dict.fromkeys(str(r[y.name]) for r in kept))
        return (f"Bars for {len(groups)} values of {_label(y)}, each divided by "
                f"{_label(series)} into shares of {_label(x)}.")
    total = sum(r[x.name] for r in kept) or 1
    shares = [(str(r[y.name]), r[x.name] / total * 100) for r in kept]
    listed = ", ".join(f"{n} {fmt.format_number(round(p, 1))}%" for n, p in shares)
    parts = [f"One bar divided into the shares of {_label(x)} by {_label(y)}: {listed}."]
    if shares:
        big = max(shares, key=lambda s: s[1])
        small = min(shares, key=lambda s: s[1])
        parts.append(f"Largest: {big[0]} ({fmt.format_number(round(big[1], 1))}%). "
                     f"Smallest: {small[0]} ({fmt.format_number(round(small[1], 1))}%).")
    parts.extend(_highlight_rank(chart, y, x, sorted(kept, key=lambda r: -r[x.name])))
    return " ".join(parts)


def _describe_series(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                     rows: list[dict[str, Any]]) -> str:
    known = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if not known:
        return f"Line chart of {_label(y)} by {_label(x)}, with no values."
    order = sorted(known, key=lambda r: str(r[x.name]) if x.type == "date" else r[x.name])
    first, last = value_text(order[0][x.name], x), value_text(order[-1][x.name], x)
    parts = [f"Line chart of {_label(y)} by {_label(x)}, {first} to {last}"]
    series = cols.get(chart.series or "")
    top = max(known, key=lambda r: r[y.name])
    low = min(known, key=lambda r: r[y.name])

    def where(r: dict[str, Any]) -> str:
        label = f"{r[series.name]}, " if series else ""
        return f"{value_text(r[y.name], y)} ({label}{value_text(r[x.name], x)})"

    if series:
        names = list(dict.fromkeys(str(r[series.name]) for r in known))
        parts[0] += f", {len(names)} lines: {_join(names)}."
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
        mine = [r for r in order if _is_hl(chart, r)]
        if mine:
            end = mine[-1]
            same = [r[y.name] for r in known if r[x.name] == end[x.name]]
            parts.append(f"{end[series.name]}: {value_text(end[y.name], y)} in "
                         f"{value_text(end[x.name], x)}, {fmt.ordinal(_rank(end[y.name], same))} "
                         f"of {len(same)} that {'year' if x.type == 'year' else 'point'}.")
    return " ".join(parts)


def _describe_scatter(chart: Chart, cols: dict[str, Column], x: Column, y: Column,
                      rows: list[dict[str, Any]]) -> str:
    name = _point_label(chart, cols)
    known = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    scales = [a for a in ("x", "y") if getattr(chart, f"{a}_scale") == "log"]
    log = "" if not scales else (
        " (logarithmic axes)" if len(scales) == 2 else f" (logarithmic {scales[0]} axis)")
    parts = [f"Scatter plot of {_label(y)} against {_label(x)}, {len(known)} points{log}."]
    if known and name:
        for col in (y, x):
            top = max(known, key=lambda r, c=col: r[c.name])
            low = min(known, key=lambda r, c=col: r[c.name])
            parts.append(f"Highest {_label(col)}: {top[name.name]}, "
                         f"{value_text(top[col.name], col)}; lowest: {low[name.name]}, "
                         f"{value_text(low[col.name], col)}.")
        hits = [r for r in known if _is_hl(chart, r)]
        if hits:
            r = hits[0]
            ranks = [f"{_label(c)} {value_text(r[c.name], c)} ({fmt.ordinal(_rank(r[c.name], (o[c.name] for o in known)))} of {len(known)})"  # noqa: E501
                     for c in (x, y)]
            parts.append(f"{r[name.name]}: {'; '.join(ranks)}.")
    left_out = [str(r[name.name]) for r in rows if name and r not in known and r[name.name]]
    if left_out:
        parts.append(f"Not shown for want of a value: {_join(left_out)}.")
    return " ".join(parts)


# --- custom charts --------------------------------------------------------------------------


def _custom_chart(rb: ResolvedBriefing, i: int, chart: Chart, rows: list[dict[str, Any]],
                  modules: dict[str, Any], problems: Problems) -> Any:
    """Run the analyst's function; every failure becomes a problem naming charts.py."""
    path = rb.folder / CUSTOM_FILE
    shown = str(Path(rb.file).parent / CUSTOM_FILE)
    line, col = rb.position(("charts", i, "function"))
    where = f"charts[{i}].function"
    if not path.is_file():
        problems.add(Problem(rb.file, line, col, where,
                             f"a file {shown} defining {chart.function}(rows)", "no such file"))
        return None
    if "module" not in modules:
        modules["module"] = _import_custom(path, shown, rb.slug, problems)
    module = modules["module"]
    if module is None:
        return None  # import failed; reported once
    fn = getattr(module, chart.function or "", None)
    if not callable(fn):
        names = [n for n, v in vars(module).items() if callable(v) and not n.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
        problems.add(Problem(rb.file, line, col, where, f"a function defined in {shown}",
                             f"'{chart.function}'",
                             did_you_mean(chart.function or "", names) or known_list(names)))
        return None
    try:
        result = fn(copy.deepcopy(rows))
    except Exception as exc:  # the analyst's code: report it, never crash
        problems.add(Problem(shown, _line_in(exc, path), 0, f"{chart.function}() for chart "
                             f"'{chart.id}'", "an Altair chart",
                             f"{type(exc).__name__}: {exc}"[:300]))
        return None
    if not hasattr(result, "to_dict"):
        problems.add(Problem(shown, _def_line(fn), 0, f"{chart.function}() for chart "
                             f"'{chart.id}'", "an Altair chart (alt.Chart, alt.layer, ...)",
                             f"{type(result).__name__}"))
        return None
    return result


def _import_custom(path: Path, shown: str, slug: str, problems: Problems) -> Any:
    name = f"briefing_custom_charts_{slug.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        problems.add(Problem(shown, 0, 0, "", "a Python file", "a file Python cannot load"))
        return None
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs (dataclasses and pickling look it up), then dropped, so that
    # a rebuild (serve) reads the file afresh.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        problems.add(Problem(shown, exc.lineno or 0, exc.offset or 0, "", "valid Python",
                             f"SyntaxError: {exc.msg}"))
        return None
    except Exception as exc:
        problems.add(Problem(shown, _line_in(exc, path), 0, "", "a module that imports cleanly",
                             f"{type(exc).__name__}: {exc}"[:300]))
        return None
    finally:
        sys.modules.pop(name, None)
    return module


def _line_in(exc: BaseException, path: Path) -> int:
    """The last line of `path` that the traceback passed through."""
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno or 0
    return line


def _def_line(fn: Any) -> int:
    code = getattr(fn, "__code__", None)
    return code.co_firstlineno if code else 0


# --- planning ------------------------------------------------------------------------------


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` wins, key by key, at every depth."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _wrap(text: str | None, width: int = 90) -> list[str]:
    return textwrap.wrap(text, width) if text else []


def download_spec(spec: dict[str, Any], chart: Chart, source: Source) -> dict[str, Any]:
    """The standalone chart behind the JSON and PNG downloads: title, subtitle and source
    line drawn in, on white, so that a copy carries its provenance."""
    inner = {k: v for k, v in spec.items() if k not in TOP_LEVEL_KEYS and k != "params"}
    params = spec.get("params", [])
    # Selections may sit in the inner chart; plain variables must be at the top.
    if any("select" in p for p in params):
        inner["params"] = [p for p in params if "select" in p]
    inner["title"] = {"text": _wrap(chart.title, 70), "subtitle": _wrap(chart.subtitle),
                      "fontWeight": "bold"}
    out: dict[str, Any] = {k: spec[k] for k in TOP_LEVEL_KEYS if k in spec}
    out["config"] = _merge(spec.get("config", {}), {"background": "#ffffff"})
    out["padding"] = 16
    if [p for p in params if "select" not in p]:
        out["params"] = [p for p in params if "select" not in p]
    out["vconcat"] = [inner]
    out["title"] = {"text": _wrap(f"Source: {source.publisher}, {source.title}", 100),
                    "orient": "bottom", "anchor": "start", "fontSize": 11,
                    "fontWeight": "normal", "color": PALETTE["muted"], "offset": 18}
    return out


def _cache_key(spec: dict[str, Any], download: dict[str, Any]) -> str:
    import vl_convert as vlc

    payload = {"spec": spec, "download": download, "theme": [PALETTE, FONT],
               "renderer": [vlc.__version__, vlc.get_vega_version(), RENDER_VERSION]}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_inputs(rb: ResolvedBriefing) -> str:
    """Everything of a briefing that plan() reads, as one text: equal texts, equal plans.

    A build reuses the plans of a briefing whose charts, datasets, tables and sources are
    unchanged (cache.py), so that editing a fact or prose does not import Altair (0.7 s)
    and rebuild every spec. Keep this in step with plan() and the builders: anything they
    come to read must be here too. A custom chart may read anything in its folder, so
    then the whole folder counts."""
    parts: list[Any] = [RENDER_VERSION, rb.slug, rb.file, str(rb.folder)]
    for chart in rb.charts:
        dataset = rb.datasets.get(chart.dataset)
        table = rb.tables.get(chart.dataset)
        source = rb.sources.get(dataset.source) if dataset is not None else None
        parts += [chart.model_dump(mode="json"),
                  dataset.model_dump(mode="json") if dataset is not None else None,
                  table.rows if table is not None else None,
                  source.model_dump(mode="json") if source is not None else None]
    if any(chart.kind == "custom" for chart in rb.charts):
        folder = rb.folder
        parts += [[p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()]
                  for p in sorted(folder.rglob("*")) if p.is_file()
                  and "__pycache__" not in p.parts]
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def plan(rb: ResolvedBriefing, problems: Problems) -> list[ChartPlan]:
    """Every chart of a briefing as specs and words. Problems (custom functions, specs that
    Altair refuses) are added, not raised."""
    plans: list[ChartPlan] = []
    modules: dict[str, Any] = {}
    for i, chart in enumerate(rb.charts):
        dataset = rb.datasets.get(chart.dataset)
        table = rb.tables.get(chart.dataset)
        if dataset is None or table is None:
            continue  # reported by resolve
        rows = [dict(r) for r in table.rows]
        cols = {c.name: c for c in dataset.columns}
        try:
            if chart.kind == "custom":
                made = _custom_chart(rb, i, chart, rows, modules, problems)
                if made is None:
                    continue
            else:
                made = BUILDERS[chart.kind](chart, cols, rows)
            spec = made.to_dict()
        except Exception as exc:  # a schema error from Altair: name the chart, not a traceback
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            line, col = rb.position(("charts", i))
            shown = str(Path(rb.file).parent / CUSTOM_FILE) if chart.kind == "custom" else ""
            problems.add(Problem(rb.file, line, col, f"charts[{i}]",
                                 "a chart Vega-Lite can draw" + (f" (from {shown})" if shown
                                                                 else ""),
                                 first[:300]))
            continue
        if "data" not in spec and "datasets" not in spec:
            spec["data"] = {"values": rows}  # a custom chart may leave its data to us
        description = describe(chart, dataset, rows)
        spec["config"] = _merge(theme_config(), spec.get("config", {}))
        spec["description"] = description
        source = rb.sources[dataset.source]
        download = download_spec(spec, chart, source)
        origin = str(Path(rb.file).parent / CUSTOM_FILE) if chart.kind == "custom" else rb.file
        plans.append(ChartPlan(rb.slug, chart, dataset, source, rows, spec, download,
                               description, _cache_key(spec, download), origin,
                               _download_json(download)))
    return plans


def _download_json(download: dict[str, Any]) -> str:
    """<chart>.vl.json: the download spec, indented for people who open it."""
    return json.dumps(download, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# --- rendering --------------------------------------------------------------------------------


def _render(job: tuple[str, dict[str, Any], dict[str, Any]]) -> tuple[str, str, bytes]:
    """In a worker process or in this one: one chart's SVG (page) and PNG (download, 2×)."""
    import vl_convert as vlc

    key, spec, download = job
    svg = _stable_ids(vlc.vegalite_to_svg(spec))
    png = vlc.vegalite_to_png(download, scale=2)
    return key, svg, png


def _stable_ids(svg: str) -> str:
    """Vega numbers clip paths and gradients per process (clip1, clip25, ...): number them
    per chart instead, so that an SVG is the same whichever process drew it."""
    ids = list(dict.fromkeys(re.findall(r' id="([^"]+)"', svg)))
    if not ids:
        return svg
    names = {old: f"i{n}" for n, old in enumerate(ids, start=1)}
    pattern = re.compile(r'( id="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, requested: int | None = None) -> int:
    """How many processes to render `jobs` charts with; 1 means in this process."""
    if jobs == 0:
        return 0
    if requested is not None:
        return max(1, min(requested, jobs))
    if jobs < POOL_MIN_CHARTS:
        return 1
    return max(1, min(_available_cores(), jobs))


def _render_safely(job: tuple[str, dict[str, Any], dict[str, Any]]
                   ) -> tuple[str, str, bytes] | tuple[str, None, str]:
    try:
        return _render(job)
    except Exception as exc:  # a spec vl-convert refuses (a custom chart, usually)
        # vl-convert puts its reason on the lines after "conversion failed:": keep them.
        text = " ".join(str(exc).split())
        return job[0], None, (text if len(text) <= 500 else text[:499] + "…")


def render_jobs(jobs: list[tuple[str, dict[str, Any], dict[str, Any]]],
                workers: int | None = None, progress: bool | None = None,
                errors: dict[str, str] | None = None) -> dict[str, tuple[str, bytes]]:
    """Render every job; in a pool of spawned processes when that is faster. A job that
    fails is left out of the result, its message put in `errors`."""
    count = worker_count(len(jobs), workers)
    show = progress if progress is not None else (
        len(jobs) > PROGRESS_MIN_CHARTS and sys.stderr.isatty())
    bar: Any = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="charts", unit="chart", file=sys.stderr, leave=False)
    out: dict[str, tuple[str, bytes]] = {}
    try:
        def keep(result: tuple[str, str | None, Any]) -> None:
            key, svg, png = result
            if svg is None:
                if errors is not None:
                    errors[key] = png
            else:
                out[key] = (svg, png)
            if bar is not None:
                bar.update()

        if count <= 1:
            for job in jobs:
                keep(_render_safely(job))
        else:
            # spawn, never fork: a pool forked after vl-convert has run in this process hangs.
            context = multiprocessing.get_context("spawn")
            try:
                with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                    futures = [pool.submit(_render_safely, job) for job in jobs]
                    for future in as_completed(futures):
                        keep(future.result())
            except BrokenProcessPool:
                # A worker could not start or died (a program run from stdin cannot be
                # re-imported by spawn, say): draw what is left here, slower but drawn.
                for job in jobs:
                    if job[0] not in out and (errors is None or job[0] not in errors):
                        keep(_render_safely(job))
    finally:
        if bar is not None:
            bar.close()
    return out


class ChartCache:
    """Rendered charts by key in .build/chart-cache/: <key>.svg and <key>.png."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> tuple[str, bytes] | None:
        svg, png = self.folder / f"{key}.svg", self.folder / f"{key}.png"
        try:
            result = svg.read_text(encoding="utf-8"), png.read_bytes()
        except OSError:
            return None
        now = time.time()
        for path in (svg, png):
            with contextlib.suppress(OSError):
                os.utime(path, (now, now))  # recently used: kept by prune()
        return result

    def put(self, key: str, svg: str, png: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # PNG first, SVG last: get() needs both, and a killed build leaves no half entry.
        _atomic_write(self.folder / f"{key}.png", png)
        _atomic_write(self.folder / f"{key}.svg", svg.encode())

    def prune(self, days: int = CACHE_DAYS) -> None:
        limit = time.time() - days * 86400
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def vega_bundle(cache_dir: Path) -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one offline script, made once per vl-convert."""
    import vl_convert as vlc

    path = cache_dir / f"vega-bundle-{vlc.__version__}.js"
    if path.is_file():
        return path.read_bytes()
    data = vlc.javascript_bundle().encode()
    cache_dir.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, data)
    return data


def interactive_script() -> bytes:
    """assets/charts.js with the palette filled in: colour → CSS custom property."""
    text = (Path(__file__).parent / "assets" / "charts.js").read_text(encoding="utf-8")
    mapping = {colour: f"--br-chart-{role}" for role, colour in PALETTE.items()}
    return text.replace("/*PALETTE*/{}", json.dumps(mapping, sort_keys=True)).encode()


# --- assembling what the page shows ----------------------------------------------------------


def _static_svg(svg: str, chart_id: str) -> str:
    """vl-convert's SVG as an image in the page: role, names, ids unique on the page."""
    prefix = f"chart-{chart_id}"
    # Several SVGs share one page: Vega's clip and gradient ids must not collide.
    svg = svg.replace(' id="', f' id="{prefix}-').replace("url(#", f"url(#{prefix}-").replace(
        'href="#', f'href="#{prefix}-')
    head, rest = svg.split(">", 1)
    head = head.replace(' class="marks"', ' class="marks chart__svg"')
    head += (f' role="img" aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc"'
             ' focusable="false"')
    return head + ">" + rest


def _spec_json(spec: dict[str, Any]) -> str:
    """JSON that is safe inside <script type="application/json">."""
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csv_bytes(dataset: Dataset, rows: list[dict[str, Any]]) -> bytes:
    """The dataset's rows as CSV, as typed: empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [c.name for c in dataset.columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else row[n] for n in names])
    return out.getvalue().encode()


def _view(p: ChartPlan, svg: str) -> ChartView:
    c = p.chart
    columns = p.dataset.columns
    header = [Cell(column_title(col), col.type == "number") for col in columns]
    cells = [[cell_text(row.get(col.name), col) for col in columns] for row in p.rows]
    return ChartView(c.id, c.kind, c.title, c.subtitle, c.note, p.description, p.source,
                     p.dataset, header, cells, _static_svg(svg, c.id), _spec_json(p.spec),
                     f"charts/{c.id}.csv", f"charts/{c.id}.vl.json", f"charts/{c.id}.png")


def draw(plans: dict[str, list[ChartPlan]], cache_dir: Path,
         workers: int | None = None) -> Drawn:
    """Render what the cache lacks, then assemble views and files for every briefing."""
    cache = ChartCache(cache_dir)
    drawn = Drawn()
    results: dict[str, tuple[str, bytes]] = {}
    todo: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {}
    for items in plans.values():
        for p in items:
            if p.key in results or p.key in todo:
                continue
            hit = cache.get(p.key)
            if hit is not None:
                results[p.key] = hit
            else:
                todo[p.key] = (p.key, p.spec, p.download)
    drawn.workers = worker_count(len(todo), workers)
    errors: dict[str, str] = {}
    fresh = render_jobs(list(todo.values()), workers, errors=errors)
    if errors:
        raise InputError([Problem(p.origin, 0, 0, f"chart '{p.chart.id}'",
                                  "a chart Vega-Lite can draw", errors[p.key])
                          for items in plans.values() for p in items if p.key in errors])
    for key, (svg, png) in fresh.items():
        cache.put(key, svg, png)
    results.update(fresh)
    drawn.rendered = len(fresh)
    for slug, items in plans.items():
        views = []
        for p in items:
            svg, png = results[p.key]
            views.append((p, svg))
            base = f"{slug}/charts/{p.chart.id}"
            download = p.download_json or _download_json(p.download)
            drawn.files += [(f"{base}.csv", csv_bytes(p.dataset, p.rows)),
                            (f"{base}.vl.json", download.encode()),
                            (f"{base}.png", png)]
            drawn.cached += p.key not in fresh
        drawn.views.add(slug, views)
    if any(plans.values()):
        bundle = vega_bundle(cache_dir)
        script = interactive_script()
        drawn.asset_version = hashlib.sha256(bundle + script).hexdigest()[:10]
        drawn.files += [(f"{ASSETS_DIR}/vega-bundle.js", bundle),
                        (f"{ASSETS_DIR}/charts.js", script)]
    cache.prune()
    return drawn


# --- benchmark --------------------------------------------------------------------------------


def _synthetic_jobs(n: int, seed: int) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """n distinct ranked-bar charts of 12 rows (distinct data, so no cache can help)."""
    from .model import Chart, Column, Dataset, Highlight, Source

    cols = [Column(name="country", type="text"), Column(name="value", type="number", unit="kt")]
    dataset = Dataset(id="bench", title="Benchmark", source="bench", columns=cols, rows=[])
    source = Source(id="bench", title="Benchmark data", publisher="Benchmark",
                    url="https://example.org/")
    chart = Chart(id="bench", kind="ranked-bar", dataset="bench", title="Benchmark chart",
                  subtitle="Synthetic data", x="value", y="country",
                  highlight=Highlight(column="country", value="C3"))
    jobs = []
    for k in range(n):
        rows = [{"country": f"C{j}", "value": (seed * 7919 + k * 104729 + j * 1301) % 50000}
                for j in range(12)]
        spec = _ranked_bar(chart, {c.name: c for c in cols}, rows).to_dict()
        spec["config"] = theme_config()
        spec["description"] = describe(chart, dataset, rows)
        jobs.append((f"bench-{k}", spec, download_spec(spec, chart, source)))
    return jobs


def _bench_child(n: int, workers: int, seed: int, queue: Any) -> None:
    jobs = _synthetic_jobs(n, seed)
    started = time.perf_counter()
    render_jobs(jobs, workers, progress=False)
    queue.put((time.perf_counter() - started) * 1000 / n)


def benchmark(n_charts: int = 24, workers: int = 1, repeats: int = 3) -> float:
    """Milliseconds per chart (SVG + PNG at 2x) to render n distinct charts from a cold
    start, as a build does: each run in a fresh process, so that vl-convert's start-up
    (and with workers > 1, the pool's) is counted as a build pays it. workers=1 renders in
    that process; more use the spawned pool. The best of `repeats` runs: other work on the
    machine only ever adds time."""
    context = multiprocessing.get_context("spawn")
    best = math.inf
    for run in range(repeats):
        queue = context.Queue()
        child = context.Process(target=_bench_child,
                                args=(n_charts, workers, int(time.time()) + run, queue))
        child.start()
        try:
            best = min(best, float(queue.get(timeout=600)))
        finally:
            child.join(timeout=60)
    return best
