"""The charts' look: one palette of colours by role, the font, plot sizes, the Vega-Lite config.

The page holds one SVG per chart, drawn in the light palette below. Each palette
colour belongs to one role only, so briefing.css can find it by attribute
(`[fill="#2c4a73"]`) and repaint it from a custom property that the dark scheme
redefines; the interactive view swaps the same colours for the properties' values
before Vega draws (assets.py). One SVG serves both schemes and print.
"""

from __future__ import annotations

from typing import Any

# Plot sizes in CSS pixels: the static SVG scales down on narrow screens; the interactive
# view takes the width of its container.
WIDTH = 600
BAR_STEP = 24
LINE_HEIGHT = 260
SCATTER_HEIGHT = 320
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"  # Arial metrics, as vl-convert measures
PAD = 4  # pixels around the plot (config padding)
# Widths of 12 px Arial characters (Liberation Sans has the same metrics), to leave room
# for labels before Vega has measured them: narrow, wide, capitals; the rest as a digit.
_NARROW, _WIDE = set(".,:;!|'ijlft() "), set("mwMW%@")
_DIGIT = 6.7


def label_width(text: str, dx: int = 5) -> int:
    """About how many pixels a 12 px label takes, with its offset from the mark."""
    width = sum(3.4 if ch in _NARROW else 10.0 if ch in _WIDE else 8.0 if ch.isupper()
                else _DIGIT for ch in text)
    return dx + round(width)

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


def theme_config() -> dict[str, Any]:  # Any: a Vega-Lite config is free-form JSON
    """Vega-Lite config: Material's look in the light palette (dark comes from CSS)."""
    p = PALETTE
    axis = {"labelColor": p["muted"], "titleColor": p["text"], "gridColor": p["grid"],
            "domainColor": p["axis"], "tickColor": p["axis"], "labelFontSize": 12,
            "titleFontSize": 12, "titleFontWeight": "normal", "titlePadding": 10,
            "labelPadding": 4}
    return {
        "font": FONT,
        "background": "transparent",
        "padding": PAD,
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
