"""Build timings and site sizes for one synthetic corpus (one scale of the benchmark).

Every build runs in a fresh process, as a user's `python build.py build` does, so that
interpreter start-up and imports count. Plain `mkdocs build` runs the same way over the
same generated docs/, which is the yardstick: the generator's overhead is the warm build
divided by it.
"""

from __future__ import annotations

import gzip
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import corpus
from pairs import paired_ratio

from devtools.projects import cli_env, copy_project

GENERATION_STAGES = ("load+validate", "charts", "pages", "stage")


def _env() -> dict[str, str]:
    env = cli_env(coverage=False)  # a tracer's time is not the code's (the suite runs this)
    env["NO_MKDOCS_2_WARNING"] = "1"  # the same quiet for both kinds of build
    return env


@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + system, this process and every process it started
    stages: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def generation_s(self) -> float:
        """Everything before MkDocs: load and validate, charts, pages, staging."""
        return sum(self.stages.get(s, 0.0) for s in GENERATION_STAGES)


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=3600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def build(project: Path) -> Run:
    """`python build.py build`, through bench/build_child.py to read the stage timings."""
    import json

    wall, cpu, out = _timed([sys.executable, str(Path(__file__).parent / "build_child.py"),
                             str(project)], project)
    report = json.loads(out.strip().splitlines()[-1])
    return Run(wall, cpu, report["stages"], report["notes"])


def mkdocs_only(project: Path) -> Run:
    """Plain `mkdocs build` over the project's docs/ (its generated folder included), into
    site-plain/ (which it cleans first, as it would site/)."""
    wall, cpu, _ = _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml",
                           "-d", "site-plain"], project)
    return Run(wall, cpu)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def site_sizes(site: Path, slugs: list[str]) -> dict[str, Any]:
    pages = [site / "briefings" / slug / "index.html" for slug in slugs]
    html = [p.read_bytes() for p in pages if p.is_file()]
    # Pagefind's bundle (briefing/search_index.py). The index proper is what a query can
    # need to load: the metadata file(s), the word-index chunks and the filter index; a
    # reader loads the metadata and only the chunks holding the query's words. Fragments
    # (one per page, its text for excerpts) load one per result shown, like pages.
    # No gzip figures: Pagefind writes these files gzip-compressed already.
    bundle = site / "pagefind"
    meta = sorted(bundle.glob("pagefind*.pf_meta"))
    chunks = [p.stat().st_size for p in sorted((bundle / "index").glob("*.pf_index"))]
    filters = sorted((bundle / "filter").glob("*.pf_filter"))
    return {
        "pages": sum(1 for _ in site.rglob("*.html")),
        "site_bytes": _size(site),
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
        "page_bytes_median": int(statistics.median(len(h) for h in html)) if html else 0,
        "page_bytes_max": max((len(h) for h in html), default=0),
        "page_gzip_bytes_median": int(statistics.median(
            len(gzip.compress(h, 6)) for h in html[:50])) if html else 0,
        "search_index_bytes": sum(chunks) + sum(p.stat().st_size for p in meta + filters),
        "search_index_chunks": len(chunks),
        "search_index_chunk_max_bytes": max(chunks, default=0),
        "search_fragments_bytes": _size(bundle / "fragment") if bundle.is_dir() else 0,
        "search_bundle_bytes": _size(bundle) if bundle.is_dir() else 0,
    }


def run_scale(workdir: Path, count: int, sizes: corpus.Sizes, cold: bool = True,
              repeat: int = 1, log: Any = print,
              keep_site: Path | None = None, pairs: int = 5,
              then: Callable[[Path, list[str]], dict[str, Any]] | None = None,
              ) -> dict[str, Any]:
    """Cold build; then, `pairs` times each, a no-change rebuild and plain mkdocs (in
    turns, so that whatever else the machine does weighs on both), and `repeat` rebuilds
    after one more edited fact. Each time is the fastest of its runs, the usual estimate
    of what the code costs on a machine shared with other work; every run is recorded.
    overhead_ratio is the median of the pairs' ratios (the fastest of each side may come
    from different moments of the machine's load), with their spread.
    `then(project, slugs)` runs on the built project last and its figures join the
    result (the save-to-reload timing in `serve`, on caches as warm as a desk's). The
    project is deleted afterwards; its built site/ is moved to `keep_site` if given (for
    the search measurement in the browser)."""
    project = copy_project(workdir / f"project-{count}", data=None)
    slugs = corpus.write_corpus(project / "data", count, sizes)
    result: dict[str, Any] = {"briefings": count, "charts": count * sizes.charts,
                              "facts": count * sizes.facts, "repeat": repeat,
                              "pairs": pairs}

    def step(what: str, run: Any) -> Run:
        log(f"  {count} briefings: {what} ...")
        done = run()
        log(f"    {done.wall_s:.1f} s")
        return done

    first = step("cold build (empty caches)" if cold else "first build (not reported as "
                 "cold)", lambda: build(project))
    generated = project / "docs" / "briefings"
    warm: list[Run] = []
    plain: list[Run] = []
    edits: list[Run] = []
    rewritten: dict[str, int] = {}
    for _ in range(pairs):
        before = _inodes(generated)
        warm.append(step("no-change rebuild", lambda: build(project)))
        rewritten.setdefault("warm", _rewritten(before, _inodes(generated)))
        # Into its own folder, which each run replaces: as a user rebuilding with MkDocs
        # alone would, and without touching the site/ that our next rebuild replaces.
        plain.append(step("plain mkdocs build over the same docs/",
                          lambda: mkdocs_only(project)))
    for i in range(repeat):
        corpus.edit_one_fact(project / "data", index=count // 2, step=i + 1)
        before = _inodes(generated)
        edits.append(step("rebuild after editing one fact", lambda: build(project)))
        rewritten.setdefault("one_edit", _rewritten(before, _inodes(generated)))
    # A fact's edit draws nothing again (the corpus charts no fact); a value in a chart's
    # dataset must draw that chart again, and no other briefing's.
    corpus.edit_one_charted_value(project / "data", index=count // 2)
    charted = step("rebuild after editing one charted value", lambda: build(project))
    result.update(site_sizes(project / "site", slugs))

    w, p, e = (min(runs, key=lambda r: r.wall_s) for runs in (warm, plain, edits))
    overhead, spread = paired_ratio([r.wall_s for r in warm], [r.wall_s for r in plain])
    result.update({
        "cold_s": round(first.wall_s, 3) if cold else None,
        "first_build_s": round(first.wall_s, 3),
        "warm_s": round(w.wall_s, 3),
        "one_edit_s": round(e.wall_s, 3),
        "mkdocs_only_s": round(p.wall_s, 3),
        "overhead_ratio": overhead,
        "overhead_ratio_spread": spread,
        "overhead_ratio_fastest": round(w.wall_s / p.wall_s, 3),
        "one_edit_ratio": round(e.wall_s / p.wall_s, 3),
        "one_edit_generation_s": round(min(r.generation_s for r in edits), 3),
        "warm_generation_s": round(min(r.generation_s for r in warm), 3),
        "runs_s": {"warm": [round(r.wall_s, 2) for r in warm],
                   "mkdocs_only": [round(r.wall_s, 2) for r in plain],
                   "one_edit": [round(r.wall_s, 2) for r in edits]},
        "cpu_s": {"cold": round(first.cpu_s, 2), "warm": round(w.cpu_s, 2),
                  "one_edit": round(e.cpu_s, 2), "mkdocs_only": round(p.cpu_s, 2)},
        "overhead_ratio_cpu": round(min(r.cpu_s for r in warm) / min(r.cpu_s for r in plain),
                                    3),
        "stages": {"cold": _rounded(first.stages), "warm": _rounded(w.stages),
                   "one_edit": _rounded(e.stages)},
        "warm_ms_per_briefing": round(w.wall_s * 1000 / count, 2),
        "one_edit_ms_per_briefing": round(e.wall_s * 1000 / count, 2),
        "mkdocs_only_ms_per_briefing": round(p.wall_s * 1000 / count, 2),
        "generated_files": len(_inodes(generated)),
        # Generated files that a rebuild replaced (new inode or mtime); the others it left
        # alone, as `mkdocs serve` and rsync-style deploys want.
        "warm_files_rewritten": rewritten["warm"],
        "one_edit_files_rewritten": rewritten["one_edit"],
        # What a publish re-renders after one changed briefing, its .build/ restored (the
        # workflow's cache): the charts of that briefing alone, out of `charts`.
        "one_edit_charts_rendered": [_charts_rendered(r.notes) for r in edits],
        "charts_per_briefing": sizes.charts,
        "chart_edit_charts_rendered": _charts_rendered(charted.notes),
        "notes": first.notes,
    })
    if cold:
        result["cold_ms_per_briefing"] = round(first.wall_s * 1000 / count, 2)
    if keep_site is not None:
        shutil.move(project / "site", keep_site)
    if then is not None:
        result.update(then(project, slugs))
    shutil.rmtree(project, ignore_errors=True)
    return result


def _inodes(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return out


def _rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    return sum(1 for path, ident in after.items() if before.get(path) != ident)


def _charts_rendered(notes: list[str]) -> int | None:
    """N of the build's note "charts: N rendered, M from cache"."""
    found = next((re.match(r"charts: (\d+) rendered", n) for n in notes
                  if n.startswith("charts: ")), None)
    return int(found[1]) if found else None


def _rounded(stages: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in stages.items()}
