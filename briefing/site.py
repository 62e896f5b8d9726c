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


def write_pages(pages: Iterable[Page], folder: Path) -> None:
    for page in pages:
        path = folder / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.content)


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
    shutil.copytree(docs_dir, staged, ignore=lambda d, names: [
        n for n in names if Path(d) == docs_dir and n == GENERATED_DIR])
    write_pages(pages, staged)
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
                  config_file: Path, epoch: int, build_mkdocs: bool = True) -> None:
    """Stage, build, then swap in docs/<generated> and site/. Nothing changes on failure."""
    build_dir = root / ".build"
    clear_leftovers(build_dir)
    build_dir.mkdir(exist_ok=True)
    stage = build_dir / f"{STAGE_PREFIX}{os.getpid()}"
    stage.mkdir()
    try:
        staged_docs = stage_docs(docs_dir, stage, pages)
        if build_mkdocs:
            mkdocs_build(config_file, staged_docs, stage / "site", epoch)
        _renameat2()
        # Two swaps, one system call each, back to back; the old outputs they put in the
        # stage go with it below. Each folder is always complete; only between these two
        # calls is docs/briefings/ newer than site/.
        swap_in(staged_docs / GENERATED_DIR, docs_dir / GENERATED_DIR, remove_old=False)
        if build_mkdocs:
            swap_in(stage / "site", site_dir, remove_old=False)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
