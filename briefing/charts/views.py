"""What the stage hands on: a view of each chart for the template (ChartView), and the
files to write beside each briefing page (CSV, data zip, Vega-Lite JSON, PNG) and once
for the site (the scripts), assembled from the plans and their rendered SVG and PNG."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .assets import ASSETS_DIR, interactive_script
from .bundles import bundle as data_bundle
from .columns import Cell, Row, cell_text, column_title
from .plan import ChartPlan, Spec, download_json
from .theme import FONT

if TYPE_CHECKING:
    from ..model import Dataset, Source
    from .render import Rendered

__all__ = ["Cell", "ChartView", "Drawn", "LazyViews", "assemble", "csv_bytes"]


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
    view_url: str  # the spec of the interactive view, fetched when a reader reaches for it
    csv_url: str
    json_url: str
    png_url: str
    zip_url: str = ""  # the data bundle: CSV, metadata.json, README.txt
    width: int = 0  # the static SVG's size in px: the page keeps its box before drawing it
    height: int = 0

    @property
    def page_svg(self) -> str:
        """The SVG as the page inlines it: the theme's font given once, on the root, for
        every text mark to inherit, instead of on each, and SVG's default opacity left
        out. They were 6 KB of a 152 KB corpus page (72 font attributes, 130 opacities).
        The PDF keeps the SVG as vl-convert wrote it."""
        font = f' font-family="{FONT}"'
        svg = self.svg.replace(font, "").replace(' opacity="1"', "")
        return svg.replace("<svg", "<svg" + font, 1)


class LazyViews(Mapping[str, list[ChartView]]):
    """Views by briefing slug, assembled when first asked for. A page that an earlier build
    rendered from the same inputs (the page cache) never needs its views, and assembling
    them (tables of formatted cells, SVG ids) was a third of this stage on a rebuild."""

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

    @property
    def summary(self) -> str:
        return f"charts: {self.rendered} rendered, {self.cached} from cache"


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


def _view_json(spec: Spec) -> bytes:
    """<chart>.view.json: the interactive view's spec, compact. A file beside the page, not
    inlined in it: only a reader who reaches for a chart fetches it, with the Vega bundle
    (about 4 KB a chart: 12 KB of a 163 KB corpus page with three charts, measured)."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def csv_bytes(dataset: Dataset, rows: list[Row]) -> bytes:
    """The dataset's rows as CSV, as typed: empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [c.name for c in dataset.columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(n) is None else row[n] for n in names])
    return out.getvalue().encode()


_SIZE = re.compile(r'<svg\b[^>]*? width="([\d.]+)" height="([\d.]+)"')


def _view(p: ChartPlan, svg: str) -> ChartView:
    c = p.chart
    size = _SIZE.match(svg)
    width, height = (round(float(size[1])), round(float(size[2]))) if size else (0, 0)
    columns = p.dataset.columns
    header = [Cell(column_title(col), col.type == "number") for col in columns]
    cells = [[cell_text(row.get(col.name), col) for col in columns] for row in p.rows]
    return ChartView(c.id, c.kind, c.title, c.subtitle, c.note, p.description, p.source,
                     p.dataset, header, cells, _static_svg(svg, c.id), f"charts/{c.id}.view.json",
                     f"charts/{c.id}.csv", f"charts/{c.id}.vl.json", f"charts/{c.id}.png",
                     f"charts/{c.id}.zip", width, height)


def assemble(plans: Mapping[str, list[ChartPlan]], rendered: Mapping[str, Rendered],
             fresh: Collection[str], bundle: bytes | None) -> Drawn:
    """Views and files for every briefing, from its plans and their SVG and PNG by key.
    `fresh` are the keys rendered by this run (the rest came from the cache); `bundle` is
    the Vega bundle, given when any briefing has a chart."""
    drawn = Drawn(rendered=len(fresh))
    for slug, items in plans.items():
        views = []
        for p in items:
            svg, png = rendered[p.key]
            views.append((p, svg))
            base = f"{slug}/charts/{p.chart.id}"
            download = p.download_json or download_json(p.download)
            data = csv_bytes(p.dataset, p.rows)
            drawn.files += [(f"{base}.csv", data), (f"{base}.zip", data_bundle(p, data)),
                            (f"{base}.vl.json", download.encode()),
                            (f"{base}.view.json", _view_json(p.spec)),
                            (f"{base}.png", png)]
            drawn.cached += p.key not in fresh
        drawn.views.add(slug, views)
    if bundle is not None:
        script = interactive_script()
        drawn.asset_version = hashlib.sha256(bundle + script).hexdigest()[:10]
        drawn.files += [(f"{ASSETS_DIR}/vega-bundle.js", bundle),
                        (f"{ASSETS_DIR}/charts.js", script)]
    return drawn
