"""Chart rendering speed: milliseconds per chart (SVG for the page + PNG at 2x), with 1 and
with 2 worker processes, each measured cold in a fresh process as a build renders them.

    python bench/charts.py [--charts N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing import charts as chart_stage


def measure(n_charts: int = 24, workers: tuple[int, ...] = (1, 2),
            repeats: int | None = None) -> dict[int, float]:
    """Milliseconds per chart for each worker count: the best of three runs (other work on
    the machine only adds time; one run each swung the 2-worker ratio from 0.53 to 0.61)."""
    runs = repeats if repeats is not None else 3
    return {w: chart_stage.benchmark(n_charts, w, runs) for w in workers}


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
