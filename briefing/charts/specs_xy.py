"""Charts of y against x as Altair charts: a time series (lines broken where data is
missing, a highlighted series named at its end) and a scatter plot with named points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import dates
from .columns import (
    Row,
    column_title,
    is_highlighted,
    point_label,
    short_text,
    tip_title,
    value_text,
)
from .specs import (
    BOLD_IF_HL,
    HL,
    LABEL,
    SEG,
    TIME,
    TIP_X,
    TIP_Y,
    hl_color,
    level_title,
    number_axis,
    scale,
)
from .theme import LINE_HEIGHT, PALETTE, SCATTER_HEIGHT, WIDTH, label_width

if TYPE_CHECKING:
    import altair as alt

    from ..model import Chart, Column
    from .columns import Value
    from .specs import Built


# Pixels between two neighbouring point labels, at the least.
LABEL_GAP = 10


def _segments(rows: list[Row], x: Column, y: Column, group: str | None) -> list[Row]:
    """Rows sorted by x, each with a segment id. A line breaks only where the data mark a
    value as missing (an empty or NA cell): never by guessing a usual step between dates,
    which left points of monthly and quarterly series unjoined."""
    def position(value: Value) -> float:
        if x.type == "date":
            return float(dates.millis(dates.parse(value)[1]))
        return float(value)

    out: list[Row] = []
    groups: dict[Value, list[Row]] = {}
    for row in rows:
        if row[x.name] is not None:
            groups.setdefault(row[group] if group else None, []).append(row)
    for key, members in groups.items():
        members.sort(key=lambda r: position(r[x.name]))
        segment = 0
        for row in members:
            if row[y.name] is None:
                segment += 1  # a missing value breaks the line
                continue
            extra = {TIME: position(row[x.name])} if x.type == "date" else {}
            out.append({**row, SEG: f"{key}|{segment}", **extra})
    return out


def _x_encoding(chart: Chart, x: Column, values: list[Value]) -> alt.X:
    import altair as alt

    title = column_title(x, chart.x_title) if chart.x_title or x.type == "number" else (
        chart.x_title)
    if x.type == "date":
        # The period's start in UTC milliseconds: ticks at period starts, labelled with the
        # year and never finer than the data ("Jun 2023", "Q2 2023").
        periods = dates.axis(values, dates.finest(values))
        return alt.X(field=TIME, type="temporal", scale=alt.Scale(type="utc", padding=24),
                     axis=alt.Axis(title=title, grid=False, labelFlush=True, **periods))
    if x.type == "year":
        distinct = sorted(set(values))
        ticks: dict[str, Any] = {"values": distinct} if len(distinct) <= 12 else {}
        axis = alt.Axis(title=title, format="d", grid=False, tickMinStep=1, labelFlush=False,
                        **ticks)
        return alt.X(field=x.name, type="quantitative",
                     scale=alt.Scale(zero=False, nice=False, padding=24),
                     axis=axis)
    return alt.X(field=x.name, type="quantitative", scale=scale(chart.x_scale, 24),
                 axis=number_axis(values, title or "", chart.x_scale == "log", grid=False))


def time_series(chart: Chart, cols: dict[str, Column], rows: list[Row]) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    series = cols[chart.series] if chart.series else None
    data = [{**r, HL: is_highlighted(chart, r), LABEL: short_text(r[y.name], y),
             TIP_X: value_text(r[x.name], x), TIP_Y: value_text(r[y.name], y)}
            for r in _segments(rows, x, y, series.name if series else None)]
    tooltip = ([alt.Tooltip(field=series.name, type="nominal", title=tip_title(series))]
               if series else [])
    tooltip += [alt.Tooltip(field=TIP_X, type="nominal", title=tip_title(x)),
                alt.Tooltip(field=TIP_Y, type="nominal", title=tip_title(y))]
    ys = [d[y.name] for d in data]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=_x_encoding(chart, x, [d[x.name] for d in data]),
        y=alt.Y(field=y.name, type="quantitative", scale=scale(chart.y_scale),
                axis=number_axis(ys, column_title(y, chart.y_title), chart.y_scale == "log",
                                 tickCount=5, **level_title(ys, chart.y_scale == "log"))),
        tooltip=tooltip,
    )
    hl_series = series is not None and chart.highlight is not None and (
        chart.highlight.column == series.name)
    colour: Any  # Any: an Altair value, condition or Color channel
    line_colour: Any
    if series is None:
        colour = hl_color(chart.highlight is not None, PALETTE["bar"])
        line_colour = alt.value(PALETTE["bar"])
    elif hl_series:
        colour = line_colour = hl_color(True, PALETTE["other"])
    else:
        colour = line_colour = alt.Color(field=series.name, type="nominal",
                                         legend=alt.Legend(orient="top", title=None))
    layers = [
        base.mark_line(strokeWidth=2.5, strokeCap="round", strokeJoin="round").encode(
            detail=alt.Detail(field=SEG, type="nominal"), color=line_colour),
        base.mark_point(filled=True, size=55, opacity=1).encode(color=colour),
    ]
    if series is None and len(data) <= 12:
        # Labels only where each point has room for its own: on a phone the interactive
        # view is half as wide, and twelve labels ran into each other ("58.958.959.4").
        room = max(label_width(str(d[LABEL]), dx=0) for d in data) + LABEL_GAP
        layers.append(base.mark_text(dy=-12, fontSize=12, opacity=alt.expr(
            f"width / {len(data)} >= {room} ? 1 : 0")).encode(
            text=alt.Text(field=LABEL, type="nominal"),
            color=hl_color(chart.highlight is not None, PALETTE["text"])))
    elif hl_series and series is not None:
        # Name the lines at their last point rather than in a legend.
        last: dict[Value, Row] = {}
        for d in data:
            last[d[series.name]] = d
        ends = alt.Chart(alt.Data(values=list(last.values()))).mark_text(
            align="left", dx=8, fontSize=12).encode(
            x=alt.X(field=TIME if x.type == "date" else x.name,
                    type="temporal" if x.type == "date" else "quantitative"),
            y=alt.Y(field=y.name, type="quantitative"),
            text=alt.Text(field=series.name, type="nominal"),
            color=hl_color(True, PALETTE["muted"]))
        layers.append(ends)
    return alt.layer(*layers).properties(width=WIDTH, height=LINE_HEIGHT)


def scatter(chart: Chart, cols: dict[str, Column], rows: list[Row]) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    name = point_label(chart, cols)
    data = [{**r, HL: is_highlighted(chart, r), LABEL: str(r[name.name]) if name else "",
             TIP_X: value_text(r[x.name], x), TIP_Y: value_text(r[y.name], y)}
            for r in rows if r[x.name] is not None and r[y.name] is not None]
    tooltip = [alt.Tooltip(field=name.name, type="nominal", title=tip_title(name))] if name else []
    tooltip += [alt.Tooltip(field=TIP_X, type="nominal", title=tip_title(x)),
                alt.Tooltip(field=TIP_Y, type="nominal", title=tip_title(y))]
    has_hl = chart.highlight is not None
    ys = [d[y.name] for d in data]
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X(field=x.name, type="quantitative", scale=scale(chart.x_scale, 24),
                axis=number_axis([d[x.name] for d in data], column_title(x, chart.x_title),
                                 chart.x_scale == "log", grid=True)),
        y=alt.Y(field=y.name, type="quantitative", scale=scale(chart.y_scale, 16),
                axis=number_axis(ys, column_title(y, chart.y_title), chart.y_scale == "log",
                                 grid=True, **level_title(ys, chart.y_scale == "log"))),
        tooltip=tooltip,
    )
    layers = [base.mark_point(filled=True, opacity=0.95).encode(
        color=hl_color(has_hl, PALETTE["bar"]),
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
            text=text, order=order, color=hl_color(has_hl, PALETTE["muted"])))
    return alt.layer(*layers).properties(width=WIDTH, height=SCATTER_HEIGHT)
