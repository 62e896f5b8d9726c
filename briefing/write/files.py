"""Writing files so that a reader, or a build killed half-way, never sees half of one.

Three operations, each the only one of its kind in the package: `atomic_write` for one
file, `swap_in` for a whole folder (one renameat2 RENAME_EXCHANGE system call on Linux),
and `link_or_copy` for filling a stage from files it only reads. Staging folders are
named STAGE_PREFIX… under .build/; `clear_leftovers` removes what a killed build left.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

STAGE_PREFIX = "stage-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it and one rename: the path
    holds the old bytes or the new ones, never a part. The temporary name carries the
    process and thread, so that two writers of one path never share a temporary file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@functools.cache
def renameat2() -> Callable[..., int] | None:
    """libc's renameat2, or None. Looked up once, before the swaps: finding libc runs
    `ldconfig`, which would otherwise sit between the two swaps of a build."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    function: Callable[..., int] | None = getattr(
        ctypes.CDLL(name, use_errno=True), "renameat2", None)
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call (Linux renameat2). False where unsupported."""
    fn = renameat2()
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
    if exchange(new, target):
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


def new_stage(build_dir: Path, name: str = "") -> Path:
    """A fresh staging folder under `build_dir` (.build/), named so clear_leftovers finds it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    stage = build_dir / f"{STAGE_PREFIX}{name}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    return stage


def link_or_copy(src: str, dst: str) -> None:
    """copytree's copy function: a hard link (the stage only reads these files), or a copy
    where links are refused."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
