"""`make bench` at a tiny scale: it runs end to end and writes every key it promises.

One scale of three small briefings, every measurement taken once (one pair behind each
ratio), a two-chart rendering timing, without coverage (which would time its tracer), and
no browser (`--browser-loads 0`: the page loads, the search, serve's save-to-reload and
Lighthouse are skipped, and their keys say so with null). No timing is asserted: this
machine's speed is not the code's. bench/run.py itself checks that the required keys are
present; here every figure must be a number (or null where it was skipped), and the
per-scale results have their shape. The browser part's one piece of logic that depends on
the pages, the browser-only variant of the example page, is checked on its own below, and
so are the reading of a Lighthouse report (a fixture) and the median of interleaved pairs.
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
           "chart_ms_2w", "chart_workers_ratio")
# Each ratio of interleaved pairs is written with the [min, max] of the pairs.
SPREADS = ("overhead_ratio", "chart_workers_ratio")
SEARCH_SIZES = ("search_index_bytes", "search_index_chunks", "search_index_chunk_max_bytes",
                "search_fragments_bytes", "search_bundle_bytes")
SEARCH_QUERY = ("search_query_bytes", "search_query_requests", "search_query_ms")
LIGHTHOUSE = ("lighthouse_mobile", "lighthouse_desktop", "lighthouse_mobile_tbt_ms",
              "lighthouse_mobile_seo", "lighthouse_mobile_accessibility",
              "lighthouse_mobile_best_practices", "lighthouse_desktop_seo",
              "lighthouse_desktop_accessibility", "lighthouse_desktop_best_practices")
BROWSER = ("page_charts_ms", "page_bytes", "browser_only_charts_ms", "browser_only_bytes",
           "search_first_rate", *SEARCH_QUERY, "serve_edit_s", *LIGHTHOUSE)
COUNTS = ("briefings", "pages", "charts", "site_bytes", "page_bytes_median", *SEARCH_SIZES)
PER_SCALE = ("briefings", "pages", "charts", "cold_s", "warm_s", "one_edit_s", "mkdocs_only_s",
             "overhead_ratio", "one_edit_generation_s", "site_bytes", "page_bytes_median",
             "overhead_ratio_spread", *SEARCH_SIZES, *SEARCH_QUERY, "serve_edit_s", "stages",
             "warm_files_rewritten", "one_edit_files_rewritten", "generated_files",
             "one_edit_charts_rendered", "charts_per_briefing", "chart_edit_charts_rendered")


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
         "--pairs", "1", "--browser-loads", "0", "--out", str(out)],
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
    assert "browser" not in results and "search" not in results and "lighthouse" not in results
    for key in SPREADS:
        low, high = results[f"{key}_spread"]
        assert 0 < low <= results[key] <= high, (key, results[key], low, high)
    assert len(results["runs_s"]["warm"]) == len(results["runs_s"]["mkdocs_only"]) == 1
    assert len(results["chart_runs_ms"]["1w"]) == len(results["chart_runs_ms"]["2w"]) == 1
    assert results["briefings"] == 3 and results["charts"] == 9
    assert "search_index_gzip_bytes" not in results  # Pagefind's files are gzipped on disk
    assert results["search_index_chunk_max_bytes"] <= results["search_index_bytes"]
    assert (results["search_index_bytes"] + results["search_fragments_bytes"]
            < results["search_bundle_bytes"])

    (scale,) = results["scales"]
    assert scale["briefings"] == 3
    for key in PER_SCALE:
        assert key in scale, key
    figures = {k: v for k, v in scale.items()
               if k != "notes" and k not in SEARCH_QUERY and k != "serve_edit_s"}
    assert scale["serve_edit_s"] is None
    assert not_numbers(figures) == []
    assert all(isinstance(note, str) for note in scale["notes"])
    for build in ("cold", "warm", "one_edit"):
        assert {"load+validate", "charts", "pages", "mkdocs"} <= set(scale["stages"][build])
    # A rebuild with nothing changed writes no generated file; one edited fact, a few.
    assert scale["warm_files_rewritten"] == 0
    assert 0 < scale["one_edit_files_rewritten"] < scale["generated_files"]
    # One edited briefing re-renders its own charts at most (what a publish with the
    # workflow's cache restored renders).
    assert all(0 <= n <= scale["charts_per_briefing"] < scale["charts"]
               for n in scale["one_edit_charts_rendered"])
    # A value one chart draws, edited: that chart alone is drawn again.
    assert scale["chart_edit_charts_rendered"] == 1

    targets = {t["target"]: t for t in results["targets"]}
    assert {"overhead_ratio", "one_edit_ratio", "chart_ms_2w / chart_ms_1w"} <= set(targets)
    assert all(isinstance(t["met"], bool) and is_number(t["value"]) for t in targets.values())
    assert targets["charts rendered after one charted value, at 3"]["met"] is True
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
    assert html.count('data-spec="charts/') == original.count('data-spec="charts/') == charts
    assert "_assets/charts.js" not in html and "vegaEmbed(live, spec" in html
    page.write_text(original.replace('<figure class="chart ', '<figure class="x ', 1),
                    encoding="utf-8")
    try:
        bench_browser.browser_only_variant(page)
    except RuntimeError as refused:
        assert "unexpected chart markup" in str(refused)
    else:
        raise AssertionError("a page with markup it does not expect was not refused")


def _bench_module(name: str) -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_paired_ratio_is_the_median_of_the_pairs() -> None:
    """One slow run of A (the machine busy) moves the spread, not the ratio."""
    pairs = _bench_module("pairs")
    ratio, spread = pairs.paired_ratio([1.2, 1.1, 3.0, 1.1, 1.2], [1.0, 1.0, 1.0, 1.0, 1.0])
    assert ratio == 1.2 and spread == [1.1, 3.0]
    try:
        pairs.paired_ratio([1.0, 2.0], [1.0])
    except ValueError as refused:
        assert "as many runs of each" in str(refused)
    else:
        raise AssertionError("unpaired runs were not refused")


def test_lighthouse_report_is_read(tmp_path: Path) -> None:
    """A Lighthouse 13.5 JSON report (tests/fixtures/lighthouse/mobile.json, trimmed from a
    real run on the example page) gives scores out of 100 and TBT in ms; the top-level
    keys take the medians; a failed run says why instead of giving a score."""
    lighthouse = _bench_module("lighthouse")
    report = json.loads((ROOT / "tests" / "fixtures" / "lighthouse" / "mobile.json")
                        .read_text(encoding="utf-8"))
    one = lighthouse.parse(report)
    assert one["form_factor"] == "mobile" and one["version"] == "13.5.0"
    assert (one["performance"], one["accessibility"], one["best_practices"], one["seo"]) == (
        91, 100, 100, 100)
    assert one["tbt_ms"] == 105 and one["lcp_ms"] == 2690
    slower = dict(one, performance=70, tbt_ms=400)
    faster = dict(one, performance=95, tbt_ms=50)
    median = lighthouse.median_of([slower, one, faster])
    assert median["performance"] == 91 and median["tbt_ms"] == 105
    keys = lighthouse.keys({"mobile": median, "desktop": dict(median, performance=99)})
    assert keys["lighthouse_mobile"] == 91 and keys["lighthouse_desktop"] == 99
    assert keys["lighthouse_mobile_tbt_ms"] == 105 and keys["lighthouse_mobile_seo"] == 100
    assert set(lighthouse.keys(None).values()) == {None}
    failed = dict(report, runtimeError={"code": "NO_FCP", "message": "The page did not paint"})
    for bad, said in ((failed, "NO_FCP: The page did not paint"),
                      (dict(report, categories={}), "no performance score")):
        try:
            lighthouse.parse(bad)
        except ValueError as refused:
            assert said in str(refused), str(refused)
        else:
            raise AssertionError(f"a report without a score was read: {said}")
