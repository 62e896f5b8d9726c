"""A data bundle per chart: one zip holding the chart's CSV, a metadata JSON (title, source
with address and access date, as-of, units per column, licence, how to cite) and a short
README, beside the chart's other downloads.

The zip is deterministic: entries in sorted order, each with the same fixed timestamp and
permissions, so that two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import ChartPlan

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no clock in the output
LICENCE = ("The figures are the source's, under its terms of use (see its address). This "
           "compilation and its metadata may be reused with attribution.")


def _date(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def metadata(p: ChartPlan, csv_name: str, site_name: str = "Briefings") -> dict[str, Any]:
    s = p.source
    url = str(s.url) if getattr(s, "url", None) else None
    return {
        "format": "briefing-chart-data/1",
        "title": p.chart.title,
        "dataset": {"id": p.dataset.id, "title": p.dataset.title, "file": csv_name},
        "briefing": p.slug,
        "source": {"publisher": s.publisher, "title": s.title, "url": url,
                   # Where a print or broadcast source appeared (its page, programme):
                   # what identifies it without an address. Only where there is one.
                   **({"where": s.where} if s.where else {}),
                   "published": _date(s.published), "accessed": _date(s.accessed)},
        # The dataset's as-of is its source's publication date: a table carries no other.
        "as_of": _date(s.published),
        "columns": [{"name": c.name, "label": c.label or c.name, "type": c.type,
                     "unit": c.unit} for c in p.dataset.columns],
        # "see its address" would point nowhere for a print or broadcast source.
        "licence": LICENCE if url else LICENCE.replace(" (see its address)", ""),
        "how_to_cite": f"{s.publisher}, “{s.title}”" + (f", {s.where}" if s.where else "")
                       + (f", {url}" if url else "")
                       + f"; via {site_name}, briefing “{p.slug}”, chart “{p.chart.title}”.",
    }


def readme(meta: dict[str, Any]) -> str:
    src = meta["source"]
    cols = "\n".join(f"- {c['name']}: {c['label']}" + (f" ({c['unit']})" if c["unit"] else "")
                     for c in meta["columns"])
    lines = [meta["title"], "=" * len(meta["title"]), "",
             f"{meta['dataset']['file']}: the data, one row per line, as the source gives it.",
             "metadata.json: the same description for programs.", "",
             f"Source: {src['publisher']}, {src['title']}",
             *([f"Appeared in: {src['where']}"] if src.get("where") else []),
             *([f"Address: {src['url']}"] if src["url"] else []),
             *([f"Accessed: {src['accessed']}"] if src["accessed"] else []),
             *([f"As of: {meta['as_of']}"] if meta["as_of"] else []), "",
             "Columns:", cols, "", f"Licence: {meta['licence']}", "",
             f"How to cite: {meta['how_to_cite']}", ""]
    return "\n".join(lines)


def bundle(p: ChartPlan, csv_data: bytes) -> bytes:
    """The zip of one chart's data, the same bytes for the same inputs."""
    csv_name = f"{p.chart.id}.csv"
    meta = metadata(p, csv_name)
    files = {csv_name: csv_data,
             "metadata.json": (json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True)
                               + "\n").encode(),
             "README.txt": readme(meta).encode()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix: the same header whichever system builds it
            z.writestr(info, files[name])
    return out.getvalue()
