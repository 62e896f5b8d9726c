"""Bar charts as Altair charts: a ranked bar with a highlighted row, and a share bar (one
bar divided into shares, or one bar per category divided by a series)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import format as fmt
from .columns import Row, column_title, is_highlighted, short_text, tip_title, value_text
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
from .theme import BAR_STEP, CATEGORY, PALETTE, WIDTH

if TYPE_CHECKING:
    from ..model import Chart, Column
    from .specs import Built

REMAINDER_NAMES = {"other", "others", "other countries", "rest of world", "rest of the world"}


def ranked_bar(chart: Chart, cols: dict[str, Column], rows: list[Row]) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    ordered = sorted(rows, key=lambda r: (r[x.name] is None, -(r[x.name] or 0)))
    data = [{y.name: r[y.name], x.name: r[x.name], "br-x0": r[x.name] or 0,
             HL: is_highlighted(chart, r), LABEL: short_text(r[x.name], x)
             if r[x.name] is not None else "not available", TIP: value_text(r[x.name], x)}
            for r in ordered if r[y.name] is not None]
    values = [d[x.name] for d in data if d[x.name] is not None]
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
                 alt.Tooltip(field=TIP, type="nominal", title=tip_title(x))],
    )
    has_hl = chart.highlight is not None
    bars = base.mark_bar(height={"band": 0.72}).encode(
        x=alt.X(field=x.name, type="quantitative", scale=scale(chart.x_scale),
                axis=number_axis(values, column_title(x, chart.x_title), chart.x_scale == "log",
                                 grid=True, tickCount=5)),
        color=hl_color(has_hl, PALETTE["bar"]),
    )
    labels = base.mark_text(align="left", baseline="middle", dx=5, fontSize=12,
                            fontWeight=BOLD_IF_HL).encode(
        x=alt.X(field="br-x0", type="quantitative"),
        text=alt.Text(field=LABEL, type="nominal"),
        color=hl_color(has_hl, PALETTE["muted"]),
    )
    # A height in pixels, not a step per bar: the interactive view fits its width to the
    # page, which Vega-Lite allows only with a continuous height.
    return alt.layer(bars, labels).properties(width=WIDTH, height=BAR_STEP * max(len(data), 1))


def share_bar(chart: Chart, cols: dict[str, Column], rows: list[Row]) -> Built:
    import altair as alt

    x, y = cols[chart.x or ""], cols[chart.y or ""]
    axis = alt.Axis(format="%", title=column_title(x, chart.x_title).replace(" (%)", ""),
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
        if is_highlighted(chart, r):
            colours.append(PALETTE["highlight"])
        elif str(r[y.name]).strip().lower() in REMAINDER_NAMES:
            colours.append(PALETTE["cat-6"])  # "Other" is no category: grey, not a colour
        else:
            colours.append(palette[other % len(palette)])
            other += 1
    tooltip = [alt.Tooltip(field=y.name, type="nominal", title=tip_title(y)),
               alt.Tooltip(field=TIP, type="nominal", title=tip_title(x))]
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
