"""Writes the generated pages into docs/ and builds site/, atomically.

A build prepares everything aside, in .build/, and swaps the finished folders in at the
end with one rename each: the docs folder is staged (hand-written pages linked, generated
ones written), the engine builds the site from it, Pagefind indexes that site, and only
then do docs/'s generated folder and site/ change. A build killed at any moment leaves
them as they were (old and complete) or as they will be (new and complete), never a mix;
the next build clears what a killed one left.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from ..pages import GENERATED_DIR, Page
from . import engine, search
from .files import atomic_write, clear_leftovers, link_or_copy, new_stage, renameat2, swap_in


def write_pages(pages: Iterable[Page], folder: Path, reuse: Path | None = None) -> int:
    """Write each page under `folder`; returns how many were written.

    A page whose bytes equal the file at its path under `reuse` (the folder that the
    build will replace) is hard-linked to that file instead: unchanged files keep their
    inode and mtime from build to build, and a rebuild writes only what changed (at 200
    briefings, 2,000 files and 130 MB, mostly PNG). The stage stays a complete folder of
    its own, so the swap is as atomic as before; nothing ever writes into a linked file
    (write_incremental replaces files, never rewrites them in place)."""
    written = 0
    made: set[Path] = set()
    for page in pages:
        path = folder / page.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if reuse is not None and _link_if_same(reuse / page.path, path, page.content):
            continue
        path.write_bytes(page.content)
        written += 1
    return written


def _link_if_same(old: Path, new: Path, content: bytes) -> bool:
    try:
        if old.stat().st_size != len(content) or old.read_bytes() != content:
            return False
        os.link(old, new)
    except OSError:  # no such file, or no hard links here (another file system): write it
        return False
    return True


def link_unchanged(new: Path, old: Path) -> int:
    """In the freshly built folder `new`, replace every file whose bytes equal the file at
    the same path in `old` (the site it replaces) by a hard link to that file. Returns how
    many were linked.

    MkDocs writes every file of the site on every build. Removing the old site afterwards
    is what costs: on a file system that discards freed blocks (ext4 mounted with
    `discard`, as here) deleting 140 MB took 1 to 9 s. Linked, an unchanged file's old
    blocks stay in use and its new copy, still in the page cache, goes before it reaches
    the disk. Unchanged files also keep their inode and mtime in site/, which rsync-style
    deploys notice. `new` is complete before and after, so the swap stays atomic."""
    if not old.is_dir() or old.is_symlink():
        return 0
    linked = 0
    for folder, _dirs, files in os.walk(new):
        for name in files:
            path = os.path.join(folder, name)
            before = os.path.join(old, os.path.relpath(path, new))
            try:
                if os.path.islink(before) or not _same_bytes(path, before):
                    continue
                tmp = f"{path}.link-tmp"
                os.link(before, tmp)
                os.replace(tmp, path)
            except OSError:  # gone, unreadable, or no links on this file system: keep it
                continue
            linked += 1
    return linked


def _same_bytes(a: str, b: str) -> bool:
    sa, sb = os.stat(a), os.stat(b)
    if sa.st_size != sb.st_size or not stat.S_ISREG(sb.st_mode):
        return False
    if sa.st_ino == sb.st_ino and sa.st_dev == sb.st_dev:
        return False  # already one file
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def write_incremental(pages: list[Page], docs_dir: Path,
                      within: tuple[str, ...] = ()) -> list[str]:
    """Serve mode: rewrite only files whose bytes change, delete stale ones. Returns changes.
    `within`: the pages are those of these folders of docs/ ("briefings/x/") only, and
    stale files are looked for there alone."""
    target = docs_dir / GENERATED_DIR
    changed: list[str] = []
    wanted = {page.path for page in pages}
    # Every comparison first, then every write in one burst: the engine rebuilds once the
    # folder has been quiet for a tenth of a second, and writes spread over the reads of
    # hundreds of unchanged files (800 briefings) made it rebuild, and reload, twice.
    writes = [page for page in pages if not _holds(docs_dir / page.path, page.content)]
    folders = [docs_dir / f for f in within] or [target]
    stale = []
    for folder in folders:
        if folder.is_dir():
            stale += [p for p in sorted(folder.rglob("*"), reverse=True)
                      if p.is_file() and p.relative_to(docs_dir).as_posix() not in wanted]
    for page in writes:
        path = docs_dir / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, page.content)
        changed.append(page.path)
    for path in stale:
        path.unlink()
        changed.append(path.relative_to(docs_dir).as_posix())
    for folder in folders:
        for path in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else []:
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def _holds(path: Path, content: bytes) -> bool:
    """Whether the file at `path` already holds exactly `content` (sizes compared first)."""
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def stage_docs(docs_dir: Path, stage: Path, pages: list[Page]) -> Path:
    """A full docs folder in the stage: the hand-written pages plus the new generated ones."""
    staged = stage / "docs"
    shutil.copytree(docs_dir, staged, copy_function=link_or_copy, ignore=lambda d, names: [
        n for n in names if Path(d) == docs_dir and n == GENERATED_DIR])
    write_pages(pages, staged, reuse=docs_dir)
    return staged


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int, *,
               versioned: bool = False, timings: dict[str, float] | None = None) -> None:
    """The engine builds `site_dir` from `docs_dir`; then Pagefind indexes what it built.
    `timings` receives the seconds of each ("mkdocs", "search")."""
    times = timings if timings is not None else {}
    started = time.perf_counter()
    engine.build(config_file, docs_dir, site_dir, epoch, versioned=versioned)
    times["mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    search.index(site_dir, engine.read_settings(config_file).language)
    times["search"] = time.perf_counter() - started


def publish_build(pages: list[Page], root: Path, docs_dir: Path, site_dir: Path,
                  config_file: Path, epoch: int, build_mkdocs: bool = True,
                  timings: dict[str, float] | None = None) -> None:
    """Stage, build, index, then swap in docs/<generated> and site/. Nothing changes on
    failure. `timings` receives the seconds spent staging, in MkDocs, in Pagefind, linking
    and swapping."""
    times = timings if timings is not None else {}
    started = time.perf_counter()
    build_dir = root / ".build"
    clear_leftovers(build_dir)
    stage = new_stage(build_dir)
    try:
        staged_docs = stage_docs(docs_dir, stage, pages)
        times["stage"] = time.perf_counter() - started
        if build_mkdocs:
            build_site(config_file, staged_docs, stage / "site", epoch, timings=times)
            started = time.perf_counter()
            link_unchanged(stage / "site", site_dir)
            times["link"] = time.perf_counter() - started
        started = time.perf_counter()
        renameat2()
        # Two swaps, one system call each, back to back; the old outputs they put in the
        # stage go with it below. Each folder is always complete; only between these two
        # calls is docs/briefings/ newer than site/.
        swap_in(staged_docs / GENERATED_DIR, docs_dir / GENERATED_DIR, remove_old=False)
        if build_mkdocs:
            swap_in(stage / "site", site_dir, remove_old=False)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        times["swap"] = time.perf_counter() - started
