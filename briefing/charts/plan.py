"""Planning: every chart of a briefing as Vega-Lite specs and words, ready to render.

`plan()` builds the specs with Altair (cheap, and where an analyst's custom chart
function runs); validation calls it too, so that a broken chart fails there with file
and line. Each plan carries a key that hashes what its pixels are made from: the
pipeline renders only the plans whose key it has not rendered before. `plan_inputs()`
is what a briefing's plans are made from, so that the pipeline can reuse them whole.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import Problem, Problems
from .columns import Row
from .custom import custom_chart, custom_file_shown
from .describe import describe
from .specs_bars import ranked_bar, share_bar
from .specs_xy import scatter, time_series
from .theme import FONT, PALETTE, theme_config

if TYPE_CHECKING:
    from ..check.resolved import ResolvedBriefing
    from ..model import Chart, Dataset, Source
    from .custom import ChartLike
    from .specs import Builder

# Bump when a change here alters what the rendered files hold, so the cache forgets them.
RENDER_VERSION = "3"
# Keys a Vega-Lite spec may carry only at its top level (hoisted when a spec is wrapped).
TOP_LEVEL_KEYS = ("$schema", "config", "datasets", "autosize", "padding", "background",
                  "usermeta")
BUILDERS: dict[str, Builder] = {
    "ranked-bar": ranked_bar,
    "time-series": time_series,
    "share-bar": share_bar,
    "scatter": scatter,
}
Spec = dict[str, Any]  # a Vega-Lite spec: JSON, free-form by nature


@dataclass(frozen=True)
class ChartPlan:
    """One chart as specs and words, ready to render."""

    slug: str
    chart: Chart
    dataset: Dataset
    source: Source
    rows: list[Row]
    spec: Spec  # the page's chart: plot only (title and source are in the page)
    download: Spec  # standalone: title, subtitle, source line, white background
    description: str  # the text alternative
    key: str  # cache key: hash of both specs, the renderer and the theme
    origin: str  # the file to name if vl-convert refuses the spec
    # The download spec as written to <chart>.vl.json. Made here, not when drawing: an
    # indented dump runs in pure Python (0.4 ms a chart), and plans of unchanged briefings
    # come from the validation cache, so a rebuild does not pay it again.
    download_json: str = ""


def _merge(base: Spec, over: Spec) -> Spec:
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


def download_spec(spec: Spec, chart: Chart, source: Source) -> Spec:
    """The standalone chart behind the JSON and PNG downloads: title, subtitle and source
    line drawn in, on white, so that a copy carries its provenance."""
    inner = {k: v for k, v in spec.items() if k not in TOP_LEVEL_KEYS and k != "params"}
    params = spec.get("params", [])
    # Selections may sit in the inner chart; plain variables must be at the top.
    if any("select" in p for p in params):
        inner["params"] = [p for p in params if "select" in p]
    inner["title"] = {"text": _wrap(chart.title, 70), "subtitle": _wrap(chart.subtitle),
                      "fontWeight": "bold"}
    out: Spec = {k: spec[k] for k in TOP_LEVEL_KEYS if k in spec}
    out["config"] = _merge(spec.get("config", {}), {"background": "#ffffff"})
    out["padding"] = 16
    if [p for p in params if "select" not in p]:
        out["params"] = [p for p in params if "select" not in p]
    out["vconcat"] = [inner]
    where = f", {source.where}" if source.where else ""  # a print or broadcast source's page
    out["title"] = {"text": _wrap(f"Source: {source.publisher}, {source.title}{where}", 100),
                    "orient": "bottom", "anchor": "start", "fontSize": 11,
                    "fontWeight": "normal", "color": PALETTE["muted"], "offset": 18}
    return out


def download_json(download: Spec) -> str:
    """<chart>.vl.json: the download spec, indented for people who open it."""
    return json.dumps(download, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _chart_key(spec: Spec, download: Spec) -> str:
    import vl_convert as vlc

    version = vlc.__version__  # type: ignore[attr-defined]  # missing from vl-convert's stub
    payload = {"spec": spec, "download": download, "theme": [PALETTE, FONT],
               "renderer": [version, vlc.get_vega_version(), RENDER_VERSION]}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_inputs(rb: ResolvedBriefing) -> str:
    """Everything of a briefing that plan() reads, as one text: equal texts, equal plans.

    A build reuses the plans of a briefing whose charts, datasets, tables and sources are
    unchanged (pipeline.py), so that editing a fact or prose does not import Altair
    (0.7 s) and rebuild every spec. Keep this in step with plan() and the builders:
    anything they come to read must be here too. A custom chart may read anything in its
    folder, so then the whole folder counts."""
    parts: list[object] = [RENDER_VERSION, rb.slug, rb.file, str(rb.folder)]
    for chart in rb.charts:
        dataset = rb.datasets.get(chart.dataset)
        table = rb.tables.get(chart.dataset)
        source = rb.sources.get(dataset.source) if dataset is not None else None
        parts += [chart.model_dump(mode="json"),
                  dataset.model_dump(mode="json") if dataset is not None else None,
                  table.rows if table is not None else None,
                  source.model_dump(mode="json") if source is not None else None,
                  share_total(rb, chart)]
    if any(chart.kind == "custom" for chart in rb.charts):
        folder = rb.folder
        parts += [[p.relative_to(folder).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()]
                  for p in sorted(folder.rglob("*")) if p.is_file()
                  and "__pycache__" not in p.parts]
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def share_total(rb: ResolvedBriefing, chart: Chart) -> tuple[float, str] | None:
    """A share bar's real total when `total:` names a fact: its value and label."""
    fact = rb.facts.get(str(chart.total)) if chart.total is not None else None
    if fact is None or fact.number is None:
        return None  # a row's y value, or nothing: the builder finds it in the rows
    return float(fact.number), fact.label


def plan(rb: ResolvedBriefing, problems: Problems) -> list[ChartPlan]:
    """Every chart of a briefing as specs and words. Problems (custom functions, specs that
    Altair refuses) are added, not raised."""
    plans: list[ChartPlan] = []
    modules: dict[str, ModuleType | None] = {}
    for i, chart in enumerate(rb.charts):
        dataset = rb.datasets.get(chart.dataset)
        table = rb.tables.get(chart.dataset)
        if dataset is None or table is None:
            continue  # reported by resolve
        rows = [dict(r) for r in table.rows]
        cols = {c.name: c for c in dataset.columns}
        made: ChartLike | None
        try:
            if chart.kind == "custom":
                made = custom_chart(rb, i, chart, rows, modules, problems)
                if made is None:
                    continue
            elif chart.kind == "share-bar":
                made = share_bar(chart, cols, rows, share_total(rb, chart))
            else:
                made = BUILDERS[chart.kind](chart, cols, rows)
            spec: Spec = made.to_dict()
        except Exception as exc:  # a schema error from Altair: name the chart, not a traceback
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            line, col = rb.position(("charts", i))
            shown = custom_file_shown(rb) if chart.kind == "custom" else ""
            problems.add(Problem(rb.file, line, col, f"charts[{i}]",
                                 "a chart Vega-Lite can draw" + (f" (from {shown})" if shown
                                                                 else ""),
                                 first[:300]))
            continue
        if "data" not in spec and "datasets" not in spec:
            spec["data"] = {"values": rows}  # a custom chart may leave its data to us
        description = describe(chart, dataset, rows, share_total(rb, chart))
        spec["config"] = _merge(theme_config(), spec.get("config", {}))
        spec["description"] = description
        source = rb.sources[dataset.source]
        download = download_spec(spec, chart, source)
        origin = custom_file_shown(rb) if chart.kind == "custom" else rb.file
        plans.append(ChartPlan(rb.slug, chart, dataset, source, rows, spec, download,
                               description, _chart_key(spec, download), origin,
                               download_json(download)))
    return plans
