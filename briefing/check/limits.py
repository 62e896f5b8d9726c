"""What the project allows a briefing's charts: to run code, and how many rows to draw.

Both are the maintainer's decision ([tool.briefing] in pyproject.toml), not the
briefing's: a custom chart is Python that runs on the machine that builds the site, so a
briefing folder holding a charts.py is no consent; and a chart of 100,000 rows takes
minutes to draw and shows nothing a reader can read. Checked on every run, outside the
chart-plan cache, so that a tightened setting applies to charts planned before.
"""

from __future__ import annotations

from ..errors import Problem
from ..read.config import CONFIG_FILE, SECTION, ProjectConfig
from .resolved import ResolvedBriefing

# Measured with vl-convert 1.x on this machine's 2 cores (see docs/guide.md, "Limits"):
# a ranked bar of 500 rows draws in 2.8 s (SVG and 2x PNG), 1,000 rows in 5.7 s, 1,200
# rows in 11.6 s; from about 1,300 rows Vega fails ("RangeError: Maximum call stack size
# exceeded": the bar order is one expression per bar). Time series and scatters go
# further: 5,000 rows in 2.3 s, 20,000 in 8.4 s. So bars have their own, lower ceiling.
BAR_ROWS = 1_000
AGGREGATE = 'aggregate the table, e.g. by year or the top 20 with the rest as "Other"'


def limit_problems(rb: ResolvedBriefing, config: ProjectConfig) -> list[Problem]:
    """A problem for each chart the project does not allow: custom code without consent,
    more rows than the project's limit (or than a bar chart can draw)."""
    problems = []
    for i, chart in enumerate(rb.charts):
        if chart.kind == "custom" and rb.slug not in config.custom_charts:
            line, col = rb.position(("charts", i, "kind"))
            problems.append(Problem(
                rb.file, line, col, f"charts[{i}].kind",
                "a chart kind that runs no code (ranked-bar, time-series, share-bar, scatter), "
                f"or consent to run {rb.slug}'s charts.py",
                "'custom'",
                f'add "{rb.slug}" to custom_charts under [{SECTION}] in {CONFIG_FILE}'))
        table = rb.tables.get(chart.dataset)
        if table is None:
            continue  # reported by resolve
        limit, what = config.chart_rows, "a chart"
        if chart.kind == "ranked-bar" and limit > BAR_ROWS:
            limit, what = BAR_ROWS, "a ranked-bar chart (Vega cannot draw more bars)"
        if len(table.rows) > limit:
            line, col = rb.position(("charts", i, "dataset"))
            problems.append(Problem(rb.file, line, col, f"charts[{i}].dataset",
                                    f"at most {limit:,} rows for {what}",
                                    f"{len(table.rows):,}", AGGREGATE))
    return problems
