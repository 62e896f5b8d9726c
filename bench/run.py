"""`make bench`: how long builds take and how big the site gets, from 50 to 800 briefings.

    python bench/run.py [--scales 50,200,800] [--briefings 200] [--facts 30] ...

Default scales 50, 200 and 800: about 66 minutes on 2 cores, most of it at 800 (the cold
build of 800 briefings, 2,400 charts and 800 PDFs, and the pairs of warm rebuilds).
`--scales 50,200` gives a first picture in about 10 minutes.

For each scale, a synthetic corpus (bench/corpus.py) in a temporary folder is built
cold (empty caches), rebuilt unchanged, rebuilt after one fact is edited, and built
by plain `mkdocs build` over the same generated docs/ (bench/measure.py). Then chart
rendering speed with one and two worker processes (bench/charts.py), the example
briefing's load in headless Chromium against a browser-only variant, and what a search
downloads on the largest scale's site (bench/browser.py). At each scale, on its built
corpus, the time from a save to the reloaded page in `build.py serve` (bench/serve_edit.py;
serve_edit_s at the top is the largest scale's), and Lighthouse's scores of the example
page, mobile and desktop (bench/lighthouse.py).

The ratios that targets hold (overhead_ratio, chart_workers_ratio) are the median of
interleaved pairs (A, B, A, B, ...; --pairs, 5 by default), each written with the [min,
max] of its pairs as *_spread: a ratio of two fastest runs could pair a quiet moment of
the machine with a busy one and flip a target with noise.

Prints a table and writes bench/results/latest.json. The top-level figures are those of
the default scale (--briefings, 200); `scales` holds every scale's. Timings are wall
clock on a machine that may be doing other work: ratios are taken within one run, and
CPU seconds are recorded beside them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# bench/'s modules, and the repository's devtools/ (project copies, server, Chromium).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import charts  # bench/charts.py: ms per chart with 1 and 2 workers (the charts stage's own)
import corpus
import lighthouse
import measure

RESULTS = Path(__file__).resolve().parent / "results"
# Measured in Chromium, null where skipped: from a save to the reloaded page in `serve` (per
# scale; the top-level figure is the largest scale's), and Lighthouse on the example page.
BROWSER_KEYS = ("serve_edit_s", "lighthouse_mobile", "lighthouse_desktop",
                "lighthouse_mobile_tbt_ms")
# Ratios taken as the median of interleaved pairs, each with its [min, max].
PAIRED_KEYS = ("overhead_ratio", "overhead_ratio_spread", "chart_workers_ratio",
               "chart_workers_ratio_spread")
REQUIRED = ("briefings", "pages", "charts", "cold_s", "warm_s", "one_edit_s", "mkdocs_only_s",
            "overhead_ratio", "chart_ms_1w", "chart_ms_2w", "site_bytes", "page_bytes_median",
            "search_index_bytes", "page_charts_ms", "page_bytes", "browser_only_charts_ms",
            "browser_only_bytes", *BROWSER_KEYS, *PAIRED_KEYS)
# What one search downloads, measured in Chromium on the largest scale's site only.
SEARCH_KEYS = ("search_query_bytes", "search_query_requests", "search_query_ms")


def _scales(text: str) -> list[int]:
    try:
        values = sorted({int(v) for v in text.split(",") if v.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers such as 50,200,800, found {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("expected at least one scale of 1 or more")
    return values


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n")[0])
    # The whole run takes about 40 minutes on 2 cores, most of it at 800 (its cold build
    # renders 2,400 charts); --scales 50,200 is a quicker look.
    p.add_argument("--scales", type=_scales, default=[50, 200, 800],
                   help="corpus sizes to build, comma-separated (default: 50,200,800)")
    p.add_argument("--briefings", type=int, default=200,
                   help="the scale whose figures are the top-level keys (default: 200, or "
                   "the scale nearest to it)")
    p.add_argument("--cold", choices=("all", "default", "none"), default="all",
                   help="which scales start from empty caches and report cold_s (default: "
                   "all); the others still build once first")
    for name, default in (("facts", 30), ("claims", 5), ("events", 10), ("datasets", 3),
                          ("charts", 3), ("sections", 4)):
        p.add_argument(f"--{name}", type=int, default=default,
                       help=f"{name} per briefing (default: {default})")
    p.add_argument("--repeat", type=int, default=3,
                   help="no-change rebuilds, plain mkdocs builds and one-edit rebuilds per "
                   "scale, and chart rendering runs per worker count, the fastest of each "
                   "kept (default: 3)")
    p.add_argument("--pairs", type=int, default=5,
                   help="interleaved pairs behind each ratio: no-change rebuild and plain "
                   "mkdocs, one chart worker and two (default: 5)")
    p.add_argument("--serve-edits", type=int, default=5,
                   help="saves timed to the reloaded page in `serve`, per scale (default: "
                   "5; skipped with --browser-loads 0)")
    p.add_argument("--lighthouse-runs", type=int, default=3,
                   help="Lighthouse runs of the example page per preset, mobile and "
                   "desktop (default: 3; 0, or --browser-loads 0, skips them)")
    p.add_argument("--chart-jobs", type=int, default=120,
                   help="charts rendered for chart_ms_1w/2w (default: 120; 0 skips)")
    p.add_argument("--browser-loads", type=int, default=5,
                   help="page loads per variant in Chromium (default: 5; 0 skips them "
                   "and the search measurement)")
    p.add_argument("--out", type=Path, default=RESULTS / "latest.json",
                   help="where to write the results (default: bench/results/latest.json)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p


def targets(r: dict[str, Any], by_scale: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value and whether it holds."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, text: str,
            at_least: bool = False) -> None:
        met = None if value is None else (value >= limit if at_least else value <= limit)
        out.append({"target": name, "value": value, "limit": limit, "text": text,
                    "met": met, "at_least": at_least})

    add("overhead_ratio", r.get("overhead_ratio"), 1.15,
        "warm build ÷ plain mkdocs build, median of interleaved pairs")
    add("one_edit_ratio", r.get("one_edit_ratio"), 1.2, "one-edit rebuild ÷ plain mkdocs build")
    add("one_edit_generation_s", r.get("one_edit_generation_s"), 1.0,
        "generation part of the one-edit rebuild, seconds")
    if r.get("chart_workers_ratio") is not None:
        add("chart_ms_2w / chart_ms_1w", r["chart_workers_ratio"], 0.6,
            "two workers against one, median of interleaved pairs")
    small, large = min(by_scale), max(by_scale)
    if large > small:
        a, b = by_scale[small], by_scale[large]
        add(f"warm per briefing, {large} ÷ {small}",
            round(b["warm_ms_per_briefing"] / a["warm_ms_per_briefing"], 3), 1.3,
            "growth of the no-change rebuild per briefing")
        add(f"one-edit per briefing, {large} ÷ {small}",
            round(b["one_edit_ms_per_briefing"] / a["one_edit_ms_per_briefing"], 3), 1.3,
            "growth of the one-edit rebuild per briefing")
        if a.get("cold_ms_per_briefing") and b.get("cold_ms_per_briefing"):
            add(f"cold per briefing, {large} ÷ {small}",
                round(b["cold_ms_per_briefing"] / a["cold_ms_per_briefing"], 3), 1.3,
                "growth of the cold build per briefing")
    serve = {n: s["serve_edit_s"] for n, s in by_scale.items() if s.get("serve_edit_s")}
    if serve:
        add(f"serve_edit_s at {max(serve)}", serve[max(serve)], 2.0,
            "from a save to the reloaded page in serve, seconds")
    if len(serve) > 1:
        add(f"serve_edit_s, {max(serve)} ÷ {min(serve)}",
            round(serve[max(serve)] / serve[min(serve)], 2), 1.5,
            "growth of serve's save-to-reload with the corpus")
    if r.get("chart_edit_charts_rendered") is not None:
        add(f"charts rendered after one charted value, at {r['briefings']}",
            r["chart_edit_charts_rendered"], r["charts_per_briefing"],
            "what a publish with .build/ restored renders: that briefing's charts at most")
    if r.get("search_first_rate") is not None:
        add("search_first_rate", r["search_first_rate"], 1.0,
            "share of the query set with the expected page first", at_least=True)
    if r.get("lighthouse_mobile") is not None:
        add("lighthouse_mobile", r["lighthouse_mobile"], 95, "performance, example page",
            at_least=True)
        add("lighthouse_desktop", r["lighthouse_desktop"], 100, "performance, example page",
            at_least=True)
        add("lighthouse_mobile_tbt_ms", r["lighthouse_mobile_tbt_ms"], 200,
            "total blocking time on mobile, ms")
    add("page_bytes_median (KB)", round(r["page_bytes_median"] / 1000, 1), 150,
        "median briefing page, HTML")
    if 800 in by_scale:
        add("search_index_bytes at 800 (MB)", round(by_scale[800]["search_index_bytes"] / 1e6, 2),
            3, "Pagefind index (chunks loaded per query)")
    if r.get("page_charts_ms") and r.get("browser_only_charts_ms"):
        add("page_charts_ms / browser_only_charts_ms",
            round(r["page_charts_ms"] / r["browser_only_charts_ms"], 3), 0.35,
            "time to every chart, build-time SVG against vega-embed")
        add("page_bytes / browser_only_bytes",
            round(r["page_bytes"] / r["browser_only_bytes"], 3), 0.3,
            "bytes before every chart is drawn")
    return out


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def _stage(s: dict[str, Any], build: str, stage: str, digits: int = 2) -> str:
    return f"{s['stages'][build].get(stage, 0):.{digits}f} s"


def table(results: dict[str, Any]) -> str:
    scales = results["scales"]
    rows = [
        ("briefings", lambda s: f"{s['briefings']}"),
        ("HTML pages / charts", lambda s: f"{s['pages']} / {s['charts']}"),
        ("cold build", lambda s: "-" if s["cold_s"] is None else f"{s['cold_s']:.1f} s"),
        ("no-change rebuild (warm)", lambda s: f"{s['warm_s']:.1f} s"),
        ("one fact edited", lambda s: f"{s['one_edit_s']:.1f} s"),
        ("plain mkdocs build", lambda s: f"{s['mkdocs_only_s']:.1f} s"),
        ("overhead ratio (warm ÷ mkdocs)", lambda s: f"{s['overhead_ratio']:.2f}"),
        ("  spread of the pairs", lambda s: "{:.2f} to {:.2f}".format(
            *s["overhead_ratio_spread"])),
        ("one edit ÷ mkdocs", lambda s: f"{s['one_edit_ratio']:.2f}"),
        ("  generation part of one edit", lambda s: f"{s['one_edit_generation_s']:.2f} s"),
        ("  warm: load+validate", lambda s: _stage(s, "warm", "load+validate")),
        ("  warm: charts", lambda s: _stage(s, "warm", "charts")),
        ("  warm: pages", lambda s: _stage(s, "warm", "pages")),
        ("  warm: stage + link + swap", lambda s: "{:.2f} s".format(sum(
            s["stages"]["warm"].get(k, 0) for k in ("stage", "link", "swap")))),
        ("  warm: mkdocs (in the build)", lambda s: _stage(s, "warm", "mkdocs", 1)),
        ("  cold: load+validate", lambda s: _stage(s, "cold", "load+validate", 1)),
        ("  cold: charts", lambda s: _stage(s, "cold", "charts", 1)),
        ("  cold: pdf (Typst)", lambda s: _stage(s, "cold", "pdf", 1)),
        ("  warm: pdf (from the cache)", lambda s: _stage(s, "warm", "pdf")),
        ("warm ms per briefing", lambda s: f"{s['warm_ms_per_briefing']:.0f}"),
        ("files rewritten: no change / one edit", lambda s:
         f"{s['warm_files_rewritten']} / {s['one_edit_files_rewritten']} of "
         f"{s['generated_files']}"),
        ("charts re-rendered after one edit", lambda s:
         f"{max(n or 0 for n in s['one_edit_charts_rendered'])} of {s['charts']} "
         f"({s['charts_per_briefing']} per briefing)"),
        ("charts re-rendered after one charted value", lambda s:
         f"{s['chart_edit_charts_rendered']} of {s['charts']}"),
        ("site size", lambda s: _kb(s["site_bytes"])),
        ("briefing page, median", lambda s: f"{_kb(s['page_bytes_median'])} "
         f"({_kb(s['page_gzip_bytes_median'])} gz)"),
        ("search index (Pagefind) in chunks", lambda s: f"{_kb(s['search_index_bytes'])} "
         f"in {s['search_index_chunks']}"),
        ("  largest index chunk", lambda s: _kb(s["search_index_chunk_max_bytes"])),
        ("  fragments / whole bundle", lambda s: f"{_kb(s['search_fragments_bytes'])} / "
         f"{_kb(s['search_bundle_bytes'])}"),
        ("save to reloaded page (serve)", lambda s: "-" if s.get("serve_edit_s") is None
         else f"{s['serve_edit_s']:.1f} s"),
        ("one search: downloaded in requests", lambda s: "-"
         if s.get("search_query_bytes") is None
         else f"{_kb(s['search_query_bytes'])} in {s['search_query_requests']}"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = []
    for label, cell in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{cell(s):>18}" for s in scales))
    r = results
    if r.get("chart_ms_1w") is not None:
        lines.append(f"\ncharts: {r['chart_ms_1w']:.1f} ms per chart with 1 worker, "
                     f"{r['chart_ms_2w']:.1f} ms with 2 ({r['chart_jobs']} charts, cold start "
                     f"included); 2 ÷ 1 workers {r['chart_workers_ratio']:.2f}, median of "
                     f"{r['chart_pairs']} pairs ({r['chart_workers_ratio_spread'][0]:.2f} to "
                     f"{r['chart_workers_ratio_spread'][1]:.2f})")
    if r.get("page_charts_ms") is not None:
        lines.append(f"example page: every chart drawn in {r['page_charts_ms']:.0f} ms, "
                     f"{_kb(r['page_bytes'])} by then ({r['page_requests']:.0f} requests); "
                     f"{_kb(r['page_total_bytes'])} in all with the interactive script")
        lines.append(f"browser-only (vega-embed): {r['browser_only_charts_ms']:.0f} ms, "
                     f"{_kb(r['browser_only_bytes'])} by then "
                     f"({r['browser_only_requests']:.0f} requests)")
        lines.append(f"a page of the site without charts paints first at "
                     f"{r['no_charts_page_fcp_ms']:.0f} ms: the floor for any page here")
    if r.get("lighthouse_mobile") is not None:
        m, d = r["lighthouse"]["mobile"], r["lighthouse"]["desktop"]
        lines.append(f"Lighthouse, example page, median of {r['lighthouse']['runs']}: "
                     f"performance {r['lighthouse_mobile']:.0f} mobile (TBT "
                     f"{r['lighthouse_mobile_tbt_ms']:.0f} ms, LCP {m['lcp_ms']:.0f} ms) and "
                     f"{r['lighthouse_desktop']:.0f} desktop (LCP {d['lcp_ms']:.0f} ms); "
                     f"accessibility {m['accessibility']:.0f}, best practices "
                     f"{m['best_practices']:.0f}, SEO {m['seo']:.0f} (mobile)")
    if r.get("serve_edit_s") is not None:
        lines.append(f"serve: {r['serve_edit_s']:.1f} s from a save to the reloaded page "
                     f"at {r['serve_edit_scale']} briefings (median of "
                     f"{len(r['serve_edit_runs_s'])} saves)")
    if r.get("search_query_bytes") is not None:
        q = r["search"]
        lines.append(f"search on the {q['scale']}-briefing site, median of "
                     f"{len(q['queries'])} queries typed from the home page: "
                     f"{_kb(r['search_query_bytes'])} under /pagefind/ in "
                     f"{r['search_query_requests']} requests (scripts and wasm included), "
                     f"first result {r['search_query_ms']:.0f} ms after the last key "
                     "(Pagefind's 300 ms debounce included)")
        lines.append(f"search query set: the expected page first for "
                     f"{q['first_rate']:.0%} of {q['first_rate_queries']} queries "
                     "(tests/search_queries.yaml, those about corpus pages)")
    lines.append("\ntargets:")
    for t in r["targets"]:
        mark = "n/a " if t["met"] is None else ("met " if t["met"] else "MISS")
        sign = "≥" if t.get("at_least") else "≤"
        lines.append(f"  {mark} {t['target']}: {t['value']} ({sign} {t['limit']}) — {t['text']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    sizes = corpus.Sizes(args.facts, args.claims, args.events, args.datasets, args.charts,
                         args.sections)
    default = min(args.scales, key=lambda n: (abs(n - args.briefings), n))
    started = time.perf_counter()
    load_before = os.getloadavg()

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    in_browser = args.browser_loads > 0
    use_lighthouse = in_browser and args.lighthouse_runs > 0
    if use_lighthouse:
        lighthouse.check_installed()
    then = None
    if in_browser and args.serve_edits > 0:
        from bench import serve_edit

        def then(project: Path, slugs: list[str]) -> dict[str, Any]:
            found = serve_edit.measure_project(project, slugs, args.serve_edits, log=log)
            return {k: found[k] for k in ("serve_edit_s", "serve_edit_runs_s")}

    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results: dict[str, Any] = {}
    try:
        by_scale: dict[int, dict[str, Any]] = {}
        largest = max(args.scales)
        # The largest scale's site is kept for the search measurement in the browser.
        search_site = workdir / f"site-{largest}" if args.browser_loads > 0 else None
        for count in args.scales:
            cold = args.cold == "all" or (args.cold == "default" and count == default)
            log(f"scale {count}:")
            by_scale[count] = measure.run_scale(
                workdir, count, sizes, cold=cold, repeat=max(1, args.repeat), log=log,
                keep_site=search_site if count == largest else None,
                pairs=max(1, args.pairs), then=then)
            by_scale[count].update(dict.fromkeys(SEARCH_KEYS))
            by_scale[count].setdefault("serve_edit_s", None)
        results.update({k: v for k, v in by_scale[default].items() if k != "notes"})
        # serve's save-to-reload at the largest scale, whatever the default scale is.
        results["serve_edit_s"] = by_scale[largest]["serve_edit_s"]
        results["serve_edit_runs_s"] = by_scale[largest].get("serve_edit_runs_s")
        results["serve_edit_scale"] = largest
        results["chart_jobs"] = args.chart_jobs
        for key in ("chart_ms_1w", "chart_ms_2w", "chart_workers_ratio",
                    "chart_workers_ratio_spread"):
            results[key] = None
        if args.chart_jobs > 0:
            log(f"charts: {args.chart_jobs} charts with 1 and 2 workers in turns, "
                f"{max(1, args.pairs)} pairs ...")
            results.update(charts.measure_pairs(args.chart_jobs, max(1, args.pairs)))
        for key in ("page_charts_ms", "page_bytes", "browser_only_charts_ms",
                    "browser_only_bytes", "search_first_rate", *SEARCH_KEYS):
            results[key] = None
        results.update(lighthouse.keys(None))
        if args.browser_loads > 0:
            import browser

            log(f"browser: the example page, {args.browser_loads} loads each way ...")
            page = browser.run(workdir, args.browser_loads, log=log)
            results["browser"] = page
            for name in ("page", "browser_only"):
                results[f"{name}_charts_ms"] = page[name]["charts_ms"]
                results[f"{name}_bytes"] = page[name]["bytes"]
                results[f"{name}_requests"] = page[name]["requests"]
                results[f"{name}_total_bytes"] = page[name]["total_bytes"]
                results[f"{name}_total_requests"] = page[name]["total_requests"]
            results["no_charts_page_fcp_ms"] = page["no_charts"]["fcp_ms"]
            if use_lighthouse:
                log(f"lighthouse: the example page, {args.lighthouse_runs} runs each of "
                    "mobile and desktop ...")
                # The example site browser.run built (its browser-only variant is a file
                # beside the page, not the page).
                found_lh = lighthouse.measure(workdir / "example" / "site",
                                              args.lighthouse_runs, log=log)
                results["lighthouse"] = found_lh
                results.update(lighthouse.keys(found_lh))
            assert search_site is not None
            log(f"browser: {len(browser.SEARCH_QUERIES)} searches on the {largest}-briefing "
                "site ...")
            found = browser.search(search_site, log=log)
            results["search"] = {"scale": largest, **found}
            for key in SEARCH_KEYS:
                results[key] = by_scale[largest][key] = found[key.removeprefix("search_query_")]
            # Share of the suite's query set (those about corpus pages) whose page came first.
            results["search_first_rate"] = found["first_rate"]
        results["scales"] = [by_scale[n] for n in args.scales]
        results["targets"] = targets(results, by_scale)
        results["run"] = {
            "command": "python bench/run.py " + " ".join(argv if argv is not None
                                                         else sys.argv[1:]),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 1),
            "cores": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "sizes": dataclasses.asdict(sizes),
            "default_scale": default,
        }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")
    missing = [k for k in REQUIRED if k not in results]
    if missing:
        raise SystemExit(f"internal error: results lack {missing}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {args.out} in {results['run']['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
