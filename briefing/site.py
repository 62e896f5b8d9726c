"""Writes the generated pages into docs/ and builds site/ with MkDocs, atomically.

A build prepares everything aside, in .build/, and swaps the finished folders in
at the end with one rename each. A build killed at any moment leaves docs/'s
generated folder and site/ as they were (old and complete) or as they will be
(new and complete), never a mix; the next build clears what a killed one left.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import BuildError
from .pages import GENERATED_DIR, Page

log = logging.getLogger("briefing")

STAGE_PREFIX = "stage-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2, or None. Looked up once, before the swaps: finding libc runs
    `ldconfig`, which would otherwise sit between the two swaps of a build."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    return getattr(ctypes.CDLL(name, use_errno=True), "renameat2", None)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call (Linux renameat2). False where unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def swap_in(new: Path, target: Path, remove_old: bool = True) -> None:
    """Put the folder `new` at `target`; the old `target` ends up at `new` and is removed,
    unless the caller removes it later (to keep two swaps as close together as it can)."""
    if target.is_symlink() or target.is_file():
        target.unlink()
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        if remove_old:
            shutil.rmtree(new)  # now holds the old output
        return
    # Fallback (non-Linux): two renames; a crash between them leaves the old output aside.
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def clear_leftovers(build_dir: Path) -> None:
    """Remove staging folders that a killed build left behind."""
    if build_dir.is_dir():
        for child in build_dir.iterdir():
            if child.name.startswith(STAGE_PREFIX):
                shutil.rmtree(child, ignore_errors=True)


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


def _link_or_copy(src: str, dst: str) -> None:
    """copytree's copy function: a hard link (the stage only reads these files), or a copy
    where links are refused."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_incremental(pages: list[Page], docs_dir: Path) -> list[str]:
    """Serve mode: rewrite only files whose bytes change, delete stale ones. Returns changes."""
    target = docs_dir / GENERATED_DIR
    changed: list[str] = []
    wanted = {page.path for page in pages}
    for page in pages:
        path = docs_dir / page.path
        if path.is_file() and path.read_bytes() == page.content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(page.content)
        os.replace(tmp, path)
        changed.append(page.path)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def stage_docs(docs_dir: Path, stage: Path, pages: list[Page]) -> Path:
    """A full docs folder in the stage: the hand-written pages plus the new generated ones."""
    staged = stage / "docs"
    shutil.copytree(docs_dir, staged, copy_function=_link_or_copy, ignore=lambda d, names: [
        n for n in names if Path(d) == docs_dir and n == GENERATED_DIR])
    write_pages(pages, staged, reuse=docs_dir)
    return staged


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def drop_versioning(cfg: Any) -> None:
    """Without mike, no versions.json sits beside the site: drop Material's version selector
    and outdated banner, or every page would request ../versions.json and log a 404.
    mike sets MIKE_DOCS_VERSION for the builds it deploys; those keep both."""
    if not os.environ.get("MIKE_DOCS_VERSION"):
        cfg.extra.pop("version", None)


def unversioned_extra(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml's `extra` without `version`: an override for `mkdocs serve` (same reason)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as f:
        extra = dict((yaml_load(f) or {}).get("extra") or {})
    extra.pop("version", None)
    return extra


def mkdocs_build(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int) -> None:
    """`mkdocs build --strict` from a staged docs folder, with the edition's date as build date."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    collect = _Collect()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(collect)
    try:
        from mkdocs.commands.build import build

        cfg = load_config(config_file=str(config_file), docs_dir=str(docs_dir),
                          site_dir=str(site_dir), strict=True)
        snippets = cfg.mdx_configs.get("pymdownx.snippets")
        if snippets is not None:
            snippets["base_path"] = [str(docs_dir)]  # includes resolve inside the stage
        drop_versioning(cfg)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        detail = "; ".join(collect.messages[:10]) or str(exc)
        raise BuildError(f"mkdocs build failed: {detail}") from None
    finally:
        mk_log.removeHandler(collect)


def publish_build(pages: list[Page], root: Path, docs_dir: Path, site_dir: Path,
                  config_file: Path, epoch: int, build_mkdocs: bool = True,
                  timings: dict[str, float] | None = None) -> None:
    """Stage, build, then swap in docs/<generated> and site/. Nothing changes on failure.
    `timings` receives the seconds spent staging, in MkDocs and swapping."""
    times = timings if timings is not None else {}
    started = time.perf_counter()
    build_dir = root / ".build"
    clear_leftovers(build_dir)
    build_dir.mkdir(exist_ok=True)
    stage = build_dir / f"{STAGE_PREFIX}{os.getpid()}"
    stage.mkdir()
    try:
        staged_docs = stage_docs(docs_dir, stage, pages)
        times["stage"] = time.perf_counter() - started
        if build_mkdocs:
            started = time.perf_counter()
            mkdocs_build(config_file, staged_docs, stage / "site", epoch)
            times["mkdocs"] = time.perf_counter() - started
            started = time.perf_counter()
            link_unchanged(stage / "site", site_dir)
            times["link"] = time.perf_counter() - started
        started = time.perf_counter()
        _renameat2()
        # Two swaps, one system call each, back to back; the old outputs they put in the
        # stage go with it below. Each folder is always complete; only between these two
        # calls is docs/briefings/ newer than site/.
        swap_in(staged_docs / GENERATED_DIR, docs_dir / GENERATED_DIR, remove_old=False)
        if build_mkdocs:
            swap_in(stage / "site", site_dir, remove_old=False)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        times["swap"] = time.perf_counter() - started
