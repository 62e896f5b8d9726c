"""`make bench` at a tiny scale: it runs end to end and writes every key it promises.

No timing is asserted: this machine's speed is not the code's. bench/run.py itself
checks that the required keys are present; here their types and the shape of the
per-scale results are checked, with one chart timing and one page load per variant.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from devtools.projects import ROOT

NUMBERS = ("cold_s", "warm_s", "one_edit_s", "mkdocs_only_s", "overhead_ratio", "chart_ms_1w",
           "chart_ms_2w", "page_charts_ms", "browser_only_charts_ms", "search_query_ms")
SEARCH_SIZES = ("search_index_bytes", "search_index_chunks", "search_index_chunk_max_bytes",
                "search_fragments_bytes", "search_bundle_bytes")
SEARCH_QUERY = ("search_query_bytes", "search_query_requests", "search_query_ms")
COUNTS = ("briefings", "pages", "charts", "site_bytes", "page_bytes_median", *SEARCH_SIZES,
          "page_bytes", "browser_only_bytes", "search_query_bytes", "search_query_requests")
PER_SCALE = ("briefings", "pages", "charts", "cold_s", "warm_s", "one_edit_s", "mkdocs_only_s",
             "overhead_ratio", "one_edit_generation_s", "site_bytes", "page_bytes_median",
             *SEARCH_SIZES, *SEARCH_QUERY, "stages", "warm_files_rewritten",
             "one_edit_files_rewritten", "generated_files")


def test_bench_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    proc = subprocess.run(
        [sys.executable, "bench/run.py", "--scales", "2,3", "--briefings", "3", "--facts", "8",
         "--claims", "2", "--events", "3", "--repeat", "2", "--chart-jobs", "2",
         "--browser-loads", "1",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "overhead ratio" in proc.stdout  # the table was printed
    results = json.loads(out.read_text())

    for key in NUMBERS:
        assert isinstance(results[key], int | float) and results[key] > 0, key
    for key in COUNTS:
        assert isinstance(results[key], int) and results[key] > 0, key
    assert results["briefings"] == 3 and results["charts"] == 9
    assert "search_index_gzip_bytes" not in results  # Pagefind's files are gzipped on disk
    assert results["search_index_chunk_max_bytes"] <= results["search_index_bytes"]
    assert (results["search_index_bytes"] + results["search_fragments_bytes"]
            < results["search_bundle_bytes"])

    assert [s["briefings"] for s in results["scales"]] == [2, 3]
    for scale in results["scales"]:
        for key in PER_SCALE:
            assert key in scale, key
        for build in ("cold", "warm", "one_edit"):
            assert {"load+validate", "charts", "pages", "mkdocs"} <= set(scale["stages"][build])
        # A rebuild with nothing changed writes no generated file; one edited fact, a few.
        assert scale["warm_files_rewritten"] == 0
        assert 0 < scale["one_edit_files_rewritten"] < scale["generated_files"]

    # One search is measured, on the largest scale's site: it loads index chunks (not the
    # whole bundle) and one fragment per result shown.
    largest = results["scales"][-1]
    assert all(largest[key] == results[key] for key in SEARCH_QUERY)
    assert all(results["scales"][0][key] is None for key in SEARCH_QUERY)
    assert results["search"]["scale"] == 3
    for query in results["search"]["queries"]:
        assert query["index_chunks"] >= 1 and query["fragment_bytes"] > 0, query

    targets = {t["target"]: t for t in results["targets"]}
    assert {"overhead_ratio", "one_edit_ratio", "page_bytes / browser_only_bytes"} <= set(targets)
    assert all(isinstance(t["met"], bool) for t in targets.values())
