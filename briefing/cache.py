"""The one cache: bytes by key under .build/, written atomically, pruned by age of last use.

Loading a briefing (ruamel.yaml with positions, then pydantic) and planning its
charts (Altair) cost about 0.2 s each, rendering a chart (vl-convert) about 0.1 s,
rendering its page another few tens of milliseconds. A site of hundreds of briefings
where one fact changed must not pay that for every briefing, so the results are kept
in .build/ under a key that hashes everything they are made from:

* a validated briefing: every file in its folder, the folder's place, and the
  generator itself (its code, and the versions of the libraries that shape its
  output), so that a change to any of them makes a new key;
* a briefing's chart plans (Altair specs): what charts.plan() reads, so that editing
  a fact or prose reuses them and does not even import Altair;
* a chart's SVG and PNG: by its plan's key (both specs, the theme, the renderer);
* a rendered page: the briefing's key, the templates, and the inputs a page takes
  from the rest of the build (what changed since the last edition, the chart scripts).

This module stores and loads; it runs no stage. The pipeline alone decides what is
looked up, what is made afresh and what is kept. Only briefings without problems are
stored: a briefing with problems is loaded again next time, so that every run reports
every problem.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import json
import os
import pickle
import sys
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .read.sourcemap import SourceMap
from .write.files import atomic_write

if TYPE_CHECKING:
    from .charts import ChartPlan
    from .check.resolved import ResolvedBriefing

CACHE_DAYS = 30  # entries unused for this long are removed
# Libraries whose behaviour is part of what a cached entry holds: parsing (ruamel.yaml),
# records (pydantic), displayed numbers and dates (babel), chart specs (altair, vl-convert),
# prose (jinja2, markupsafe).
LIBRARIES = ("ruamel.yaml", "pydantic", "pydantic-core", "babel", "altair", "vl-convert-python",
             "jinja2", "markupsafe")


def _digest(parts: list[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def tree_hash(folder: Path) -> str:
    """Names and bytes of every file under `folder`, in a fixed order. Editor droppings
    (dotfiles) and bytecode folders are left out: no loader reads them."""
    parts: list[bytes] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                continue
            if path.is_file():
                parts += [rel.as_posix().encode(), path.read_bytes()]
    return _digest(parts)


@functools.lru_cache(maxsize=1)
def generator_version() -> str:
    """The generator's own code and the libraries it builds with: part of every key."""
    package = Path(__file__).resolve().parent
    parts = [sys.version.encode(), tree_hash(package).encode()]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-".encode())
    return _digest(parts)


def key_of(*parts: str | bytes) -> str:
    return _digest([p if isinstance(p, bytes) else p.encode() for p in parts])


_PRUNED: set[Path] = set()  # the folders Store.prune() has walked in this process


class Store:
    """Files by key in one folder, written atomically, pruned by age of last use. A key
    is a file name: `suffix` (if any) is added to every key."""

    def __init__(self, folder: Path, suffix: str = ""):
        self.folder = folder
        self.suffix = suffix

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            now = time.time()
            os.utime(path, (now, now))  # recently used: kept by prune()
        return data

    def put(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self._path(key), data)

    def prune(self, days: int = CACHE_DAYS) -> None:
        """Remove the entries unused for `days`; once per folder and process: serve
        regenerates many times a minute, and the walks over thousands of entries took
        0.3 s of a one-briefing regeneration at 800 briefings (2.1 s under the profiler)."""
        if self.folder in _PRUNED or not self.folder.is_dir():
            return
        _PRUNED.add(self.folder)
        limit = time.time() - days * 86400
        for path in self.folder.iterdir():
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while, then as it was.

    Unpickling a cached briefing, and rendering pages from them, make hundreds of
    thousands of small objects that all live until the pages are written: the collector,
    walking them again and again, took 0.15 s of the 0.75 s a 200-briefing rebuild spends
    generating (measured). Reference counting still frees what is dropped; cycles wait
    for the collector's next run. Not around loading YAML afresh: ruamel's loaders leave
    cycles behind, 150 MB more at 200 briefings without the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ValidatedCache:
    """Briefings that passed validation, with their chart plans, by a key of their inputs;
    and chart plans alone, by a key of what they are made from.

    Stored with pickle: the cache sits in the project's own .build/ folder, which only
    this generator writes, and a stale or unreadable entry is simply loaded again.
    """

    def __init__(self, folder: Path, root: Path, settings: str = ""):
        self.store = Store(folder, ".pickle")
        # The project's settings ([tool.briefing]) shape validation too: part of every key.
        self.settings = settings
        self.plans = Store(folder / "plans", ".pickle")
        self.root = root
        self.keys: dict[str, str] = {}  # slug (folder name) → key, for every folder seen
        self.hits: dict[str, tuple[ResolvedBriefing, list[ChartPlan]]] = {}

    def key(self, briefing_folder: Path) -> str:
        return key_of("validated/1", generator_version(), str(self.root), self.settings,
                      str(briefing_folder.resolve()), tree_hash(briefing_folder))

    def hit(self, briefing_folder: Path) -> bool:
        """For load_all(skip=…): true, and the briefing kept, if this folder is cached."""
        key = self.keys[briefing_folder.name] = self.key(briefing_folder)
        data = self.store.get(key)
        if data is None:
            return False
        try:
            with paused_gc():
                rb, plans = pickle.loads(data)
        except Exception:  # an entry from an older generator or a torn file: load it again
            return False
        self.hits[briefing_folder.name] = (rb, plans)
        return True

    def plans_for(self, key: str) -> list[ChartPlan] | None:
        """The chart plans kept under `key` (see pipeline.py), or None."""
        data = self.plans.get(key)
        if data is None:
            return None
        try:
            with paused_gc():
                return list(pickle.loads(data))
        except Exception:  # unreadable: planned again
            return None

    def keep_plans(self, key: str, plans: list[ChartPlan]) -> None:
        with contextlib.suppress(Exception):  # unpicklable (a custom chart): not kept
            self.plans.put(key, pickle.dumps(plans, protocol=pickle.HIGHEST_PROTOCOL))

    def keep(self, resolved: list[ResolvedBriefing], plans: dict[str, list[ChartPlan]]) -> None:
        """Store the briefings just validated. Call only when the run found no problem."""
        for rb in resolved:
            if rb.slug in self.hits or rb.slug not in self.keys:
                continue
            # Positions in the YAML serve only to report problems, and there are none:
            # leaving the source map out keeps the entry small and quick to read.
            slim = dataclasses.replace(rb, source_map=SourceMap())
            try:
                data = pickle.dumps((slim, plans.get(rb.slug, [])),
                                    protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # something unpicklable (a custom chart's object): not kept
                continue
            self.store.put(self.keys[rb.slug], data)
        self.store.prune()
        self.plans.prune()

    def merged(self, resolved: list[ResolvedBriefing], plans: dict[str, list[ChartPlan]]
               ) -> tuple[list[ResolvedBriefing], dict[str, list[ChartPlan]]]:
        """The cached and the fresh briefings together, in folder order, as load_all gives."""
        every = {rb.slug: rb for rb in resolved}
        all_plans = dict(plans)
        for slug, (rb, p) in self.hits.items():
            every[slug] = rb
            all_plans[slug] = p
        position = {slug: i for i, slug in enumerate(self.keys)}  # dicts keep folder order
        ordered = sorted(every.values(), key=lambda rb: position.get(rb.slug, len(position)))
        return ordered, {rb.slug: all_plans.get(rb.slug, []) for rb in ordered}


class PageCache:
    """Rendered briefing pages (Markdown) by a key of what they are made from: the
    briefing's validated key, the templates, the generator, `salt` (what the whole build
    shares, such as the chart scripts' version) and the page's extras."""

    def __init__(self, folder: Path, templates_dir: Path, salt: str):
        self.store = Store(folder, ".md")
        self.base = key_of("page/1", generator_version(), tree_hash(templates_dir), salt)
        self.missed: dict[str, str] = {}  # slug → key, for pages to render and keep

    def get(self, slug: str, validated_key: str, extras: dict[str, Any]) -> bytes | None:
        # repr for anything not plain JSON: an object without a telling repr then never
        # matches (a page rendered again), rather than matching wrongly.
        key = key_of(self.base, validated_key, json.dumps(
            extras, sort_keys=True, ensure_ascii=False, default=repr))
        data = self.store.get(key)
        if data is None:
            self.missed[slug] = key
        return data

    def keep(self, rendered: dict[str, bytes]) -> None:
        """Store the pages rendered for the slugs that get() missed."""
        for slug, key in self.missed.items():
            if slug in rendered:
                self.store.put(key, rendered[slug])
        self.store.prune()
