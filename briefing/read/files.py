"""The files a briefing is read from: where they are, and whether they can be read as text.

Nothing here parses: a file is found, checked for size, encoding and emptiness, and
handed on as text. Whole-file problems point at line 1, where an editor opens the file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, Problems, relative
from ..model import SLUG_RE

BRIEFING_FILE = "briefing.yaml"
MAX_FILE_BYTES = 5 * 1024 * 1024  # a briefing is prose and figures; 5 MiB is far past any real one


def discover(data_dir: Path) -> list[Path]:
    """The briefing folders under data/briefings, in name order (deterministic)."""
    base = data_dir / "briefings"
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def briefing_file(folder: Path, root: Path, problems: Problems) -> tuple[Path, str] | None:
    """The folder's briefing.yaml and its name as messages show it, if the folder's name can
    be a slug and the file is there."""
    slug = folder.name
    path = folder / BRIEFING_FILE
    shown = relative(path, root)
    if not SLUG_RE.match(slug):
        suggestion = "-".join("".join(c if c.isalnum() else " " for c in slug.lower()).split())
        # The folder is the mistake, but an editor opens files: point at its briefing.yaml.
        problems.add(
            Problem(
                shown if path.is_file() else relative(folder, root),
                1 if path.is_file() else 0,
                1 if path.is_file() else 0,
                "slug",
                "a folder name of lowercase letters, digits and hyphens",
                repr(slug),
                f"rename the folder to '{suggestion}'" if suggestion else "",
            )
        )
        return None
    if not path.is_file():
        problems.add(
            Problem(shown, 0, 0, "", f"a {BRIEFING_FILE} in each briefing folder", "no file")
        )
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
