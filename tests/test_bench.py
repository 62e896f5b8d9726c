"""`make bench` at a tiny scale: it runs end to end and writes every key it promises.

One scale of three small briefings, every measurement taken once, a two-chart rendering
timing, without coverage (which would time its tracer), and no browser (`--browser-loads
0`: the page loads and the search in Chromium are skipped, and their keys say so with
null). No timing is asserted: this machine's speed is not the code's. bench/run.py itself
checks that the required keys are present; here every figure must be a number (or null
where it was skipped), and the per-scale results have their shape. The browser part's one
piece of logic that depends on the pages, the browser-only variant of the example page,
is checked on its own below.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from devtools.projects import EXAMPLE_SLUG, ROOT, cli_env

NUMBERS = ("cold_s", "warm_s", "one_edit_s", "mkdocs_only_s", "overhead_ratio", "chart_ms_1w",
           "chart_ms_2w")
SEARCH_SIZES = ("search_index_bytes", "search_index_chunks", "search_index_chunk_max_bytes",
                "search_fragments_bytes", "search_bundle_bytes")
SEARCH_QUERY = ("search_query_bytes", "search_query_requests", "search_query_ms")
BROWSER = ("page_charts_ms", "page_bytes", "browser_only_charts_ms", "browser_only_bytes",
           "search_first_rate", *SEARCH_QUERY)
COUNTS = ("briefings", "pages", "charts", "site_bytes", "page_bytes_median", *SEARCH_SIZES)
PER_SCALE = ("briefings", "pages", "charts", "cold_s", "warm_s", "one_edit_s", "mkdocs_only_s",
             "overhead_ratio", "one_edit_generation_s", "site_bytes", "page_bytes_median",
             *SEARCH_SIZES, *SEARCH_QUERY, "stages", "warm_files_rewritten",
             "one_edit_files_rewritten", "generated_files")


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def not_numbers(value: Any, where: str = "") -> list[str]:
    """Where in `value` (nested dicts and lists) a leaf is anything but a number."""
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in not_numbers(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [w for i, v in enumerate(value) for w in not_numbers(v, f"{where}[{i}]")]
    return [] if is_number(value) else [f"{where} = {value!r}"]


def test_bench_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    proc = subprocess.run(
        [sys.executable, "bench/run.py", "--scales", "3", "--briefings", "3", "--facts", "8",
         "--claims", "2", "--events", "3", "--repeat", "1", "--chart-jobs", "2",
         "--browser-loads", "0", "--out", str(out)],
        cwd=ROOT, env=cli_env(coverage=False), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "overhead ratio" in proc.stdout  # the table was printed
    results = json.loads(out.read_text())

    for key in NUMBERS:
        assert is_number(results[key]) and results[key] > 0, (key, results[key])
    for key in COUNTS:
        assert isinstance(results[key], int) and results[key] > 0, (key, results[key])
    for key in BROWSER:
        assert results[key] is None, key  # skipped, and said so
    assert "browser" not in results and "search" not in results
    assert results["briefings"] == 3 and results["charts"] == 9
    assert "search_index_gzip_bytes" not in results  # Pagefind's files are gzipped on disk
    assert results["search_index_chunk_max_bytes"] <= results["search_index_bytes"]
    assert (results["search_index_bytes"] + results["search_fragments_bytes"]
            < results["search_bundle_bytes"])

    (scale,) = results["scales"]
    assert scale["briefings"] == 3
    for key in PER_SCALE:
        assert key in scale, key
    figures = {k: v for k, v in scale.items() if k != "notes" and k not in SEARCH_QUERY}
    assert not_numbers(figures) == []
    assert all(isinstance(note, str) for note in scale["notes"])
    for build in ("cold", "warm", "one_edit"):
        assert {"load+validate", "charts", "pages", "mkdocs"} <= set(scale["stages"][build])
    # A rebuild with nothing changed writes no generated file; one edited fact, a few.
    assert scale["warm_files_rewritten"] == 0
    assert 0 < scale["one_edit_files_rewritten"] < scale["generated_files"]

    targets = {t["target"]: t for t in results["targets"]}
    assert {"overhead_ratio", "one_edit_ratio", "chart_ms_2w / chart_ms_1w"} <= set(targets)
    assert all(isinstance(t["met"], bool) and is_number(t["value"]) for t in targets.values())
    assert is_number(results["run"]["seconds"])


def test_browser_only_variant_of_the_example_page(built_example: Path, tmp_path: Path) -> None:
    """The benchmark's browser-only page (bench/browser.py): the example page with each
    chart's build-time SVG dropped and vega-embed drawing it instead; it refuses markup it
    does not expect rather than measure the wrong page."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        bench_browser = importlib.import_module("browser")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    folder = tmp_path / EXAMPLE_SLUG
    folder.mkdir()
    page = folder / "index.html"
    original = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text(
        encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    variant, charts = bench_browser.browser_only_variant(page)
    html = variant.read_text(encoding="utf-8")
    assert charts >= 4 and charts == original.count('<figure class="chart ')
    assert original.count("chart__svg") >= charts  # the build-time SVGs ...
    assert "chart__svg" not in html  # ... are gone,
    assert html.count('class="chart__spec"') == original.count('class="chart__spec"')  # specs not
    assert "_assets/charts.js" not in html and "vegaEmbed(live, spec" in html
    page.write_text(original.replace('<figure class="chart ', '<figure class="x ', 1),
                    encoding="utf-8")
    try:
        bench_browser.browser_only_variant(page)
    except RuntimeError as refused:
        assert "unexpected chart markup" in str(refused)
    else:
        raise AssertionError("a page with markup it does not expect was not refused")
