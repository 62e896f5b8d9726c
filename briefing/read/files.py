"""The files a briefing is read from: where they are, and whether they can be read as text.

Nothing here parses: a file is found, checked for size, encoding and emptiness, and
handed on as text. Whole-file problems point at line 1, where an editor opens the file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection
from pathlib import Path

from ..errors import Problem, Problems
from ..fields import SLUG_RE

BRIEFING_FILE = "briefing.yaml"
MAX_FILE_BYTES = 5 * 1024 * 1024  # a briefing is prose and figures; 5 MiB is far past any real one
# Names Windows reserves for devices: a repository holding a folder so named cannot be
# checked out there (with or without an extension; the slug rule forbids dots anyway).
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def discover(data_dir: Path, root: Path, problems: Problems,
             only: Collection[str] | None = None) -> list[Path]:
    """The briefing folders under data/briefings, in name order (deterministic); with
    `only`, those of these names alone.

    Every folder is a briefing or a problem: a hidden folder is refused, not skipped,
    so that no briefing goes missing from the site without a word. Plain files (a
    README.md, an editor's .DS_Store) are not briefings and are left alone. A link to a
    folder is followed only when the folder it leads to is inside data/."""
    base = data_dir / "briefings"
    if not base.is_dir():
        return []
    folders = []
    for entry in sorted(base.iterdir()):
        if (only is not None and entry.name not in only) or not entry.is_dir():
            continue
        if not inside(entry, data_dir, "a folder inside data/", root, problems,
                      "copy the folder into data/briefings/ instead of linking it"):
            continue
        folders.append(entry)
    return folders


def inside(path: Path, boundary: Path, expected: str, root: Path, problems: Problems,
           hint: str) -> bool:
    """True if `path`, links followed, stays inside `boundary`; else a problem naming the
    link and where it leads. Nothing outside the project is read: a briefing folder,
    table or file that is a link to elsewhere would publish whatever it points at."""
    target = path.resolve()
    if target.is_relative_to(boundary.resolve()):
        return True
    # Name the link itself (the path, or the first of its folders that is a link).
    link = path
    for candidate in [path, *path.parents]:
        if candidate.is_symlink():
            link = candidate
            break
        if candidate == boundary:
            break
    found = f"a link to {target}" if link.is_symlink() else f"a path that leads to {target}"
    problems.add(Problem(relative_unresolved(link, root), 0, 0, "", expected, found, hint))
    return False


def relative_unresolved(path: Path, root: Path) -> str:
    """`path` as messages show it, relative to the project, without following links (a
    link must be named as the analyst sees it, not as where it leads)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(path)


def slug_suggestion(name: str) -> str:
    """A slug close to `name`: accents dropped (NFKD, combining marks removed), lowercase,
    anything else a hyphen. 'Évian 2026' → 'evian-2026'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c))
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain.lower()).split()
    return "-".join(words)


def briefing_file(folder: Path, root: Path, problems: Problems) -> tuple[Path, str] | None:
    """The folder's briefing.yaml and its name as messages show it, if the folder's name can
    be a slug and the file is there."""
    slug = folder.name
    path = folder / BRIEFING_FILE
    shown = relative_unresolved(path, root)
    if WINDOWS_RESERVED.match(slug):
        problems.add(Problem(relative_unresolved(folder, root), 0, 0, "slug",
                             "a folder name that every system can check out",
                             repr(slug), f"Windows cannot check out a folder named '{slug}'; "
                             "rename it"))
        return None
    if not SLUG_RE.match(slug):
        suggestion = slug_suggestion(slug)
        # The folder is the mistake, but an editor opens files: point at its briefing.yaml.
        problems.add(
            Problem(
                shown if path.is_file() else relative_unresolved(folder, root),
                1 if path.is_file() else 0,
                1 if path.is_file() else 0,
                "slug",
                "a folder name of lowercase letters, digits and hyphens",
                repr(slug),
                (f"rename the folder to '{suggestion}'" if suggestion else "")
                + (" or move it out of data/briefings/ (hidden folders are not skipped)"
                   if slug.startswith(".") else ""),
            )
        )
        return None
    if not path.is_file() and not path.is_symlink():
        problems.add(
            Problem(shown, 0, 0, "", f"a {BRIEFING_FILE} in each briefing folder", "no file")
        )
        return None
    if not inside(path, folder, "a file inside the briefing's folder", root, problems,
                  f"copy the file into {relative_unresolved(folder, root)}/ instead of "
                  "linking it"):
        return None
    if not path.is_file():
        problems.add(Problem(shown, 0, 0, "", f"a {BRIEFING_FILE} in each briefing folder",
                             "a link to nothing"))
        return None
    return path, shown


def read_text(
    path: Path, shown: str, problems: Problems, what: str = "a briefing (title, edition, ...)"
) -> str | None:
    """Read a file as UTF-8, reporting size, encoding and emptiness as problems."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        problems.add(Problem(shown, 0, 0, "", "a readable file", exc.strerror or str(exc)))
        return None
    if size > MAX_FILE_BYTES:
        problems.add(
            Problem(
                shown,
                1,
                1,
                "",
                f"a file of at most {MAX_FILE_BYTES // 1024 // 1024} MiB",
                f"{size / 1024 / 1024:.1f} MiB",
                "split a large table into several datasets"
                if path.suffix == ".csv"
                else "keep tables in CSV files beside briefing.yaml",
            )
        )
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            Problem(
                shown,
                line,
                col,
                "",
                "UTF-8 text",
                f"byte 0x{data[exc.start]:02x}",
                "save the file as UTF-8",
            )
        )
        return None
    if not text.strip():
        problems.add(Problem(shown, 1, 1, "", what, "an empty file"))
        return None
    return text


def data_file(data_dir: Path, name: str, root: Path, problems: Problems) -> Path | None:
    """A project file under data/ (the units file, say), if it is there and stays inside
    data/ once links are followed; None if absent or refused."""
    path = data_dir / name
    if not (path.is_symlink() or path.exists()):
        return None
    if not inside(path, data_dir, "a file inside data/", root, problems,
                  "copy the file into data/ instead of linking it"):
        return None
    return path
