"""Rendering: Vega-Lite specs → SVG (for the page) and PNG (for the download) with
vl-convert, in a pool of worker processes when there are enough charts to pay for it.

This module renders what it is given and keeps nothing: the pipeline decides which
plans are already rendered (cache.py) and hands only the others over.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem

if TYPE_CHECKING:
    from .plan import ChartPlan

# A chart takes ~115 ms to draw (SVG ~37 ms, PNG at 2x ~80 ms). vl-convert's engine starts
# once per process (~0.55 s); a pool of two spawned workers costs ~0.9 s before its first
# chart. Measured on 2 cores: one process wins below ~6 charts from a cold start and below
# ~16 when warm (serve); the pool halves the time beyond.
POOL_MIN_CHARTS = 8
PROGRESS_MIN_CHARTS = 20

Spec = dict[str, Any]  # a Vega-Lite spec: JSON, free-form by nature
Job = tuple[str, Spec, Spec]  # key, the page's spec, the download's spec
Rendered = tuple[str, bytes]  # the page's SVG, the download's PNG


def _render(job: Job) -> tuple[str, str, bytes]:
    """In a worker process or in this one: one chart's SVG (page) and PNG (download, 2×)."""
    import vl_convert as vlc

    key, spec, download = job
    svg = _stable_ids(vlc.vegalite_to_svg(spec))
    png = vlc.vegalite_to_png(download, scale=2)
    return key, svg, png


def _stable_ids(svg: str) -> str:
    """Vega numbers clip paths and gradients per process (clip1, clip25, ...): number them
    per chart instead, so that an SVG is the same whichever process drew it."""
    ids = list(dict.fromkeys(re.findall(r' id="([^"]+)"', svg)))
    if not ids:
        return svg
    names = {old: f"i{n}" for n, old in enumerate(ids, start=1)}
    pattern = re.compile(r'( id="|url\(#|href="#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])')
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, requested: int | None = None) -> int:
    """How many processes to render `jobs` charts with; 1 means in this process."""
    if jobs == 0:
        return 0
    if requested is not None:
        return max(1, min(requested, jobs))
    if jobs < POOL_MIN_CHARTS:
        return 1
    return max(1, min(_available_cores(), jobs))


def _render_safely(job: Job) -> tuple[str, str, bytes] | tuple[str, None, str]:
    try:
        return _render(job)
    except Exception as exc:  # a spec vl-convert refuses (a custom chart, usually)
        # vl-convert puts its reason on the lines after "conversion failed:": keep them.
        text = " ".join(str(exc).split())
        return job[0], None, (text if len(text) <= 500 else text[:499] + "…")


def render_jobs(jobs: list[Job], workers: int | None = None, progress: bool | None = None,
                errors: dict[str, str] | None = None) -> dict[str, Rendered]:
    """Render every job; in a pool of spawned processes when that is faster. A job that
    fails is left out of the result, its message put in `errors`."""
    count = worker_count(len(jobs), workers)
    show = progress if progress is not None else (
        len(jobs) > PROGRESS_MIN_CHARTS and sys.stderr.isatty())
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="charts", unit="chart", file=sys.stderr, leave=False)
    out: dict[str, Rendered] = {}
    try:
        def keep(result: tuple[str, str, bytes] | tuple[str, None, str]) -> None:
            key, svg, png_or_error = result
            if isinstance(png_or_error, bytes) and svg is not None:
                out[key] = (svg, png_or_error)
            elif errors is not None:
                errors[key] = str(png_or_error)
            if bar is not None:
                bar.update()

        if count <= 1:
            for job in jobs:
                keep(_render_safely(job))
        else:
            # spawn, never fork: a pool forked after vl-convert has run in this process hangs.
            context = multiprocessing.get_context("spawn")
            try:
                with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                    futures = [pool.submit(_render_safely, job) for job in jobs]
                    for future in as_completed(futures):
                        keep(future.result())
            except BrokenProcessPool:
                # A worker could not start or died (a program run from stdin cannot be
                # re-imported by spawn, say): draw what is left here, slower but drawn.
                for job in jobs:
                    if job[0] not in out and (errors is None or job[0] not in errors):
                        keep(_render_safely(job))
    finally:
        if bar is not None:
            bar.close()
    return out


def render(plans: Iterable[ChartPlan], workers: int | None = None) -> dict[str, Rendered]:
    """SVG and PNG by key for every plan given (each key drawn once). Raises InputError
    naming every chart that vl-convert refuses, in the file it came from."""
    plans = list(plans)
    jobs = {p.key: (p.key, p.spec, p.download) for p in plans}
    errors: dict[str, str] = {}
    out = render_jobs(list(jobs.values()), workers, errors=errors)
    if errors:
        raise InputError([Problem(p.origin, 0, 0, f"chart '{p.chart.id}'",
                                  "a chart Vega-Lite can draw", errors[p.key])
                          for p in plans if p.key in errors])
    return out
