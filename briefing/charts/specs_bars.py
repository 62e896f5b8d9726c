"""Bar charts as Altair charts: a ranked bar with a highlighted row, and a share bar (one
bar divided into shares, or one bar per category divided by a series)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import format as fmt
from .columns import (
    Row,
    Value,
    column_title,
    is_highlighted,
    label,
    short_range,
    short_text,
    tip_title,
    value_text,
)
from .specs import (
    BOLD_IF_HL,
    HL,
    KEY,
    LABEL,
    MID,
    ORDER,
    PCT,
    TIP,
    hl_color,
    label_test,
    number_axis,
    scale,
)
from .theme import BAR_STEP, CATEGORY, PAD, PALETTE, WIDTH, label_width

if TYPE_CHECKING:
    from ..model import Chart, Column
    from .specs import Built

# The narrowest plot a ranked bar is fitted to (a phone's width less the bar names).
NARROW = 200
REMAINDER_NAMES = {"other", "others", "other countries", "rest of world", "rest of the world"}


def ranked_bar(chart: Chart, cols: dict[str, Column], rows: list[Row]) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    # A range bar (x2) runs from x, its low end, to x2, its high end, ranked by the high end.
    hi = cols[chart.x2] if chart.x2 else x
    ordered = sorted(rows, key=lambda r: (r[hi.name] is None, -(r[hi.name] or 0)))
    data = [{y.name: r[y.name], x.name: r[x.name], "br-x0": r[hi.name] or 0,
             HL: is_highlighted(chart, r), LABEL: _bar_label(r, x, hi),
             TIP: _bar_tip(r, x, hi), **({hi.name: r[hi.name]} if chart.x2 else {})}
            for r in ordered if r[y.name] is not None]
    values = [d[n] for d in data for n in {x.name, hi.name} if d[n] is not None]
    test = label_test(chart, y.name)
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
        tooltip=[alt.Tooltip(field=y.name, type="nominal", title=tip_title(y)),
                 alt.Tooltip(field=TIP, type="nominal", title=tip_title(x) if not chart.x2
                             else f"{tip_title(x)} to {tip_title(hi)}")],
    )
    has_hl = chart.highlight is not None
    x_enc = alt.X(field=x.name, type="quantitative", scale=scale(chart.x_scale),
                  axis=number_axis(values, column_title(x, chart.x_title) if not chart.x2
                                   else _range_title(x, hi, chart.x_title),
                                   chart.x_scale == "log", grid=True, tickCount=5))
    bars = base.mark_bar(height={"band": 0.72}).encode(
        x=x_enc, **({"x2": alt.X2(field=hi.name)} if chart.x2 else {}),
        color=hl_color(has_hl, PALETTE["bar"]),
    )
    labels = base.mark_text(align="left", baseline="middle", dx=5, fontSize=12,
                            fontWeight=BOLD_IF_HL).encode(
        x=alt.X(field="br-x0", type="quantitative"),
        text=alt.Text(field=LABEL, type="nominal"),
        color=hl_color(has_hl, PALETTE["muted"]),
    )
    # A height in pixels, not a step per bar: the interactive view fits its width to the
    # page, which Vega-Lite allows only with a continuous height. Room on the right for
    # the labels past the bars' ends: fitted to a phone's width, Vega fits the axes, not
    # the text marks, and "3.8–4.1 million" was cut off at the edge. A label needs what
    # its bar leaves short of the plot's end, at the narrowest plot (NARROW pixels).
    top = max((abs(v) for v in values), default=0) or 1
    room = PAD + round(max([0, *(label_width(str(d[LABEL])) - (1 - abs(d["br-x0"]) / top) * NARROW
                           for d in data)]))
    return alt.layer(bars, labels).properties(
        width=WIDTH, height=BAR_STEP * max(len(data), 1),
        padding={"left": PAD, "top": PAD, "bottom": PAD, "right": room})


def _range_title(x: Column, hi: Column, given: str | None) -> str:
    """A range bar's axis: both ends named, "Low estimate to High estimate (t)"."""
    if given:
        return given
    unit = f" ({x.unit})" if x.unit else ""
    return f"{label(x)} to {label(hi)}{unit}"


def _bar_label(r: Row, x: Column, hi: Column) -> str:
    """A bar's label: its value, or both ends of a range ("40–44 million")."""
    if r[x.name] is None or r[hi.name] is None:
        return "not available"
    if hi is x:
        return short_text(r[x.name], x)
    return short_range(r[x.name], r[hi.name], x)


def _bar_tip(r: Row, x: Column, hi: Column) -> str:
    if hi is x:
        return value_text(r[x.name], x)
    return f"{value_text(r[x.name], x)} to {value_text(r[hi.name], hi)}"


@dataclass(frozen=True)
class Share:
    """One segment of a share bar: its row's name and value, its percentage of the whole."""

    name: Value
    value: float
    pct: float
    row: Row | None  # None for the rest of a real total


@dataclass(frozen=True)
class Shares:
    parts: list[Share]
    of: str  # what the shares are of: "the total of the rows shown", "world production"
    divided: bool  # False when the column holds the source's own percentages


def shares(chart: Chart, x: Column, y: Column, rows: list[Row],
           total: tuple[float, str] | None = None) -> Shares:
    """The segments of a one-bar share chart. A column in % is drawn as the source gives
    it (never divided again: 98.4% where the source says 99%); other values are divided by
    the real total when the chart names one (`total:` a fact, given here as value and
    label, or the y value of a row), else by the sum of the rows, and the chart says so."""
    kept = [r for r in rows if r[x.name] is not None and r[y.name] is not None]
    if x.unit == "%":
        return Shares([Share(r[y.name], r[x.name], r[x.name], r) for r in kept],
                      label(x).lower(), False)
    of, whole = "the total of the rows shown", None
    if total is not None:
        whole, of = total
    elif chart.total is not None:
        row = next((r for r in kept if str(r[y.name]) == str(chart.total)), None)
        if row is not None:
            kept = [r for r in kept if r is not row]
            whole, of = row[x.name], str(row[y.name])
    summed = sum(r[x.name] for r in kept)
    base = whole if whole else (summed or 1)
    parts = [Share(r[y.name], r[x.name], r[x.name] / base * 100, r) for r in kept]
    if whole and whole > summed:
        parts.append(Share("Rest of the total", whole - summed, (whole - summed) / base * 100,
                           None))
    return Shares(parts, of, True)


def share_title(x: Column, made: Shares, given: str | None) -> str:
    """The percentage axis's title: what the shares are of, always in %."""
    if given and "%" in given:
        return given  # a title in any other unit is refused by check/charts.py
    if not made.divided:
        return column_title(x)
    return f"Share of {made.of} (%)"


def share_bar(chart: Chart, cols: dict[str, Column], rows: list[Row],
              total: tuple[float, str] | None = None) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    axis = alt.Axis(format="%", title=share_title(
        x, Shares([], "the total of each bar", True), chart.x_title),
        values=[0, 0.25, 0.5, 0.75, 1], grid=False)
    if chart.series:
        series = cols[chart.series]
        data = [{**r, TIP: value_text(r[x.name], x)} for r in rows
                if r[x.name] is not None and r[y.name] is not None]
        split: alt.Chart = alt.Chart(alt.Data(values=data)).mark_bar(
            stroke=PALETTE["bg"], strokeWidth=1.5).encode(
            x=alt.X(field=x.name, type="quantitative", stack="normalize", axis=axis),
            y=alt.Y(field=y.name, type="nominal", sort=None, title=chart.y_title,
                    axis=alt.Axis(ticks=False, domain=False, labelPadding=8)),
            color=alt.Color(field=series.name, type="nominal",
                            legend=alt.Legend(orient="top", title=None)),
            tooltip=[alt.Tooltip(field=y.name, type="nominal", title=tip_title(y)),
                     alt.Tooltip(field=series.name, type="nominal", title=tip_title(series)),
                     alt.Tooltip(field=TIP, type="nominal", title=tip_title(x))],
        ).properties(width=WIDTH, height=(BAR_STEP + 8) * max(
            len({str(d[y.name]) for d in data}), 1))
        return split

    made = shares(chart, x, y, rows, total)
    top = max(100.0, sum(p.pct for p in made.parts))
    axis = alt.Axis(title=share_title(x, made, chart.x_title), values=[0, 25, 50, 75, 100],
                    labelExpr="datum.value + '%'", grid=False)
    # Grey is kept for "Other" and the rest of a total, warm colours for the highlight.
    palette = [c for c in CATEGORY if c != PALETTE["cat-6"] and (
        chart.highlight is None or c not in (PALETTE["cat-2"], PALETTE["cat-8"]))]
    data, legend, colours, cumulative, other = [], [], [], 0.0, 0
    for i, part in enumerate(made.parts):
        pct = part.pct
        name = f"{part.name} {fmt.format_number(round(pct, 1))}%"
        data.append({y.name: part.name, x.name: part.value, ORDER: i, KEY: name,
                     MID: cumulative + pct / 2, PCT: pct, "br-x0": cumulative,
                     "br-x1": cumulative + pct,
                     LABEL: f"{fmt.format_number(round(pct))}%",
                     TIP: value_text(part.value, x),
                     "br-share": f"{fmt.format_number(round(pct, 1))}% of {made.of}"})
        cumulative += pct
        legend.append(name)
        if part.row is not None and is_highlighted(chart, part.row):
            colours.append(PALETTE["highlight"])
        elif part.row is None or str(part.name).strip().lower() in REMAINDER_NAMES:
            colours.append(PALETTE["cat-6"])  # "Other" is no category: grey, not a colour
        else:
            colours.append(palette[other % len(palette)])
            other += 1
    tooltip = [alt.Tooltip(field=y.name, type="nominal", title=tip_title(y)),
               alt.Tooltip(field=TIP, type="nominal", title=tip_title(x))]
    if made.divided:
        tooltip.append(alt.Tooltip(field="br-share", type="nominal", title="Share"))
    base = alt.Chart(alt.Data(values=data))
    # Three columns of legend where they fit, fewer on a phone: a legend is not fitted to
    # the width, and "Rest of the total 6.7%" ran off the edge. Symbol and gap: 30 px.
    column = 30 + max((label_width(str(name), dx=0) for name in legend), default=0)
    columns = alt.expr(f"max(1, min(3, floor(width / {column})))")
    # Segments from their own start to end, in percent: no "normalize", which would divide
    # the source's own percentages by their sum again.
    bar = base.mark_bar(stroke=PALETTE["bg"], strokeWidth=2, height={"band": 1}).encode(
        x=alt.X(field="br-x0", type="quantitative", axis=axis,
                scale=alt.Scale(domain=[0, top], nice=False, zero=True)),
        x2=alt.X2(field="br-x1"),
        color=alt.Color(field=KEY, type="nominal", sort=legend,
                        scale=alt.Scale(domain=legend, range=colours),
                        legend=alt.Legend(orient="bottom", title=None, columns=columns,
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
