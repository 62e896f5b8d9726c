"""Charts: a briefing's chart records → Vega-Lite specs → SVG and PNG, with CSV and words.

One stage, between the checks and the pages. It knows a briefing's records and
tables; it knows nothing of pages, templates or MkDocs, and keeps no cache: the
pipeline decides what is rendered again. A chart is data first and pixels second:

    plan()      specs and words for every chart of a briefing (Altair; cheap)
    render()    SVG and PNG for the plans the pipeline has not rendered yet (vl-convert; slow)
    assemble()  views for the template and files for the site, from plans and pixels

The modules, in the order a chart goes through them:

    theme.py       palette (one colour per role, repainted by CSS), font, sizes, config
    columns.py     values and column names as readers see them; the highlighted row
    specs.py       what the builders share: added fields, axes, scales, highlight colours
    specs_bars.py  ranked bar, share bar
    specs_xy.py    time series, scatter
    describe.py    the text alternative of each chart
    custom.py      an analyst's own chart functions (charts.py beside briefing.yaml)
    plan.py        ChartPlan, plan(), plan_inputs(), the download spec, each plan's key
    render.py      vl-convert, the spawned worker pool, the progress bar
    assets.py      the Vega bundle and the interactive script
    views.py       ChartView, Drawn, assemble(): what the pages and the writer get
"""

from .assets import bundle_name, vega_bundle
from .plan import ChartPlan, plan, plan_inputs
from .render import Rendered, render
from .views import ChartView, Drawn, assemble, csv_bytes

__all__ = ["ChartPlan", "ChartView", "Drawn", "Rendered", "assemble", "bundle_name", "csv_bytes",
           "plan", "plan_inputs", "render", "vega_bundle"]
