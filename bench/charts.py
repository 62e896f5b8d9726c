"""Chart rendering speed: milliseconds per chart (SVG for the page + PNG at 2x), with 1 and
with 2 worker processes, each measured cold in a fresh process as a build renders them.

    python bench/charts.py [--charts N]

The charts are synthetic ranked bars, each with its own data so that no cache can help,
rendered by the charts stage's own render_jobs() (briefing/charts/render.py).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import time
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import paired_ratio

from briefing.charts.describe import describe
from briefing.charts.plan import download_spec
from briefing.charts.render import Job, render_jobs
from briefing.charts.specs_bars import ranked_bar
from briefing.charts.theme import theme_config
from briefing.model import Chart, Column, Dataset, Highlight, Source


def synthetic_jobs(n: int, seed: int) -> list[Job]:
    """n distinct ranked-bar charts of 12 rows (distinct data, so no cache can help)."""
    cols = [Column(name="country", type="text"), Column(name="value", type="number", unit="kt")]
    dataset = Dataset(id="bench", title="Benchmark", source="bench", columns=cols, rows=[])
    source = Source(id="bench", title="Benchmark data", publisher="Benchmark",
                    url="https://example.org/")
    chart = Chart(id="bench", kind="ranked-bar", dataset="bench", title="Benchmark chart",
                  subtitle="Synthetic data", x="value", y="country",
                  highlight=Highlight(column="country", value="C3"))
    jobs = []
    for k in range(n):
        rows = [{"country": f"C{j}", "value": (seed * 7919 + k * 104729 + j * 1301) % 50000}
                for j in range(12)]
        spec = ranked_bar(chart, {c.name: c for c in cols}, rows).to_dict()
        spec["config"] = theme_config()
        spec["description"] = describe(chart, dataset, rows)
        jobs.append((f"bench-{k}", spec, download_spec(spec, chart, source)))
    return jobs


def _bench_child(n: int, workers: int, seed: int, queue: Queue[float]) -> None:
    jobs = synthetic_jobs(n, seed)
    started = time.perf_counter()
    render_jobs(jobs, workers, progress=False)
    queue.put((time.perf_counter() - started) * 1000 / n)


def benchmark(n_charts: int = 24, workers: int = 1, repeats: int = 3) -> float:
    """Milliseconds per chart (SVG + PNG at 2x) to render n distinct charts from a cold
    start, as a build does: each run in a fresh process, so that vl-convert's start-up
    (and with workers > 1, the pool's) is counted as a build pays it. workers=1 renders in
    that process; more use the spawned pool. The best of `repeats` runs: other work on the
    machine only ever adds time."""
    context = multiprocessing.get_context("spawn")
    best = math.inf
    for run in range(repeats):
        queue: Queue[float] = context.Queue()
        child = context.Process(target=_bench_child,
                                args=(n_charts, workers, int(time.time()) + run, queue))
        child.start()
        try:
            best = min(best, float(queue.get(timeout=600)))
        finally:
            child.join(timeout=60)
    return best


def measure(n_charts: int = 24, workers: tuple[int, ...] = (1, 2),
            repeats: int | None = None) -> dict[int, float]:
    """Milliseconds per chart for each worker count: the best of three runs (other work on
    the machine only adds time; one run each swung the 2-worker ratio from 0.53 to 0.61)."""
    runs = repeats if repeats is not None else 3
    return {w: benchmark(n_charts, w, runs) for w in workers}


def measure_pairs(n_charts: int, pairs: int = 5) -> dict[str, Any]:
    """One worker, then two, `pairs` times in turns (each run a fresh process): the best
    of each, and the two-against-one ratio as the median of the pairs with its spread. A
    ratio of the two bests could pair a quiet moment of the machine with a busy one."""
    one: list[float] = []
    two: list[float] = []
    for _ in range(pairs):
        one.append(benchmark(n_charts, 1, 1))
        two.append(benchmark(n_charts, 2, 1))
    ratio, spread = paired_ratio(two, one)
    return {"chart_ms_1w": round(min(one), 2), "chart_ms_2w": round(min(two), 2),
            "chart_workers_ratio": ratio, "chart_workers_ratio_spread": spread,
            "chart_pairs": pairs, "chart_runs_ms": {"1w": [round(x, 2) for x in one],
                                                     "2w": [round(x, 2) for x in two]}}


def report(n_charts: int = 24) -> list[str]:
    lines = []
    for w, ms in measure(n_charts).items():
        where = "in the build's process" if w == 1 else f"{w} spawned processes"
        lines.append(f"charts: {ms:.1f} ms per chart with {w} worker{'s' if w > 1 else ''} "
                     f"({n_charts} charts, {where}, cold start included)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=24, help="charts to render (default 24)")
    args = parser.parse_args()
    for line in report(args.charts):
        print(line)


if __name__ == "__main__":
    main()
