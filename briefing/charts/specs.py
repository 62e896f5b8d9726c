"""What the four chart builders share: the fields they add to a chart's data, number axes,
scales, level y-axis titles and the highlight's colours. The builders themselves are in
specs_bars.py (ranked bar, share bar) and specs_xy.py (time series, scatter); each takes
a chart, its columns by name and its rows, and returns an Altair chart."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

from .theme import PALETTE

if TYPE_CHECKING:
    import altair as alt

    from ..model import Chart, Column
    from .columns import Row

    Built: TypeAlias = alt.Chart | alt.LayerChart | alt.FacetChart
    Builder: TypeAlias = Callable[[Chart, dict[str, Column], list[Row]], Built]

# Fields we add to a chart's data. Column names cannot contain "-", so these never clash.
HL, SEG, LABEL, TIP, TIP_X, TIP_Y, ORDER, MID, PCT, KEY, TIME, X2 = (
    "br-hl", "br-seg", "br-label", "br-tip", "br-tip-x", "br-tip-y", "br-order", "br-mid",
    "br-pct", "br-key", "br-time", "br-x2")
# Font weight is no encoding channel; a mark property expression can read the datum.
BOLD_IF_HL = {"expr": f"datum['{HL}'] ? 'bold' : 'normal'"}


def number_axis(values: list[float], title: str, log: bool = False,
                **extra: Any) -> alt.Axis:  # Any: Vega-Lite axis properties
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


def scale(kind: str, padding: int = 0) -> alt.Scale:
    import altair as alt

    extra: dict[str, Any] = {"padding": padding} if padding else {}
    if kind == "log":
        return alt.Scale(type="log", **extra)
    return alt.Scale(zero=True, nice=True, **extra)


def level_title(values: list[float], log: bool) -> dict[str, Any]:
    """A y-axis title set level above the plot, where it reads without turning the head,
    starting about where the tick labels start."""
    top = max((abs(v) for v in values), default=0)
    if top >= 1e6 or log:
        chars = 4
    else:
        chars = len(f"{top:,.0f}") + (2 if any(v != int(v) for v in values) else 0)
    return {"titleAngle": 0, "titleAlign": "left", "titleAnchor": "end",
            "titleBaseline": "bottom", "titleY": -12, "titleX": -(chars * 7 + 10)}


def hl_color(highlighted: bool, normal: str) -> Any:  # Any: Altair's value types are private
    """`normal`, or the highlight colour for the highlighted rows."""
    import altair as alt

    if not highlighted:
        return alt.value(normal)
    return alt.condition(f"datum['{HL}']", alt.value(PALETTE["highlight"]), alt.value(normal))


def label_test(chart: Chart, axis_field: str | None) -> str | None:
    """A Vega expression true for the highlighted category's axis label."""
    hl = chart.highlight
    if hl is None or hl.column != axis_field:
        return None
    return f"datum.label === {json.dumps(str(hl.value))}"
