"""The project's own settings for the generator: `[tool.briefing]` in pyproject.toml.

What a maintainer decides for every briefing of the site, as opposed to what one briefing
holds: which briefings may run code (custom charts), names with digits that are not
figures, how large a table may be, when a figure or a source counts as stale, where
domain units are defined, the PDF edition's paper. Each option checks itself, in the
manner of MkDocs' config_options: a wrong value is a problem naming the file, the line,
the key, what was expected and what was found.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .. import units as unit_defs
from ..errors import Problem, Problems, did_you_mean, relative
from ..fields import SLUG_RE
from ..figures import is_identifier

CONFIG_FILE = "pyproject.toml"
SECTION = "tool.briefing"


@dataclass(frozen=True)
class ProjectConfig:
    """Every option, with its default. The names are the keys under [tool.briefing]."""

    # Briefings whose charts.py may run (a custom chart is Python: code runs only with the
    # project's consent, never because a briefing folder holds a file).
    custom_charts: tuple[str, ...] = ()
    # Names with digits in them that are not figures ("Section 232", "G7"), for every briefing.
    identifiers: tuple[str, ...] = ()
    # Largest table a chart draws, and largest table a page shows whole (its head is shown
    # beyond, with the whole table as a download).
    chart_rows: int = 5_000
    table_rows: int = 200
    # A developing briefing's figure whose as-of date is older than this, relative to the
    # edition, is flagged; so is a source not accessed within the second age.
    stale_as_of_days: int = 730
    stale_access_days: int = 365
    # Domain units in pint's definition syntax, relative to data/ (rare-earth-oxide tonnes
    # and currencies are built in).
    units: str = "units.txt"
    # The PDF edition's paper: A4, or US Letter for readers who print on it.
    paper: str = "a4"
    # Where each value came from: (line of the key in pyproject.toml) for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


PAPERS = ("a4", "letter")
_INT_LIMITS = {"chart_rows": (1, 1_000_000), "table_rows": (1, 100_000),
               "stale_as_of_days": (1, 36_500), "stale_access_days": (1, 36_500)}


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key inside [tool.briefing]: tomllib keeps no positions."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]\s*(#.*)?$", line)
        if header:
            inside = header.group(1).strip() == SECTION
            continue
        key = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if inside and key:
            lines.setdefault(key.group(1), number)
    return lines


def load_config(root: Path, problems: Problems) -> ProjectConfig:
    """The project's [tool.briefing] settings; defaults where the file or the table is absent."""
    path = root / CONFIG_FILE
    shown = relative(path, root)
    if not path.is_file():
        return ProjectConfig()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        problems.add(Problem(shown, line, 0, "", "valid TOML", str(exc)))
        return ProjectConfig()
    table = data.get("tool", {}).get("briefing", {})
    lines = _key_lines(text)
    known = [f.name for f in fields(ProjectConfig) if f.name != "lines"]
    values: dict[str, object] = {}

    def add(key: str, expected: str, found: object, hint: str = "") -> None:
        problems.add(Problem(shown, lines.get(key, 1), 0, f"{SECTION}.{key}", expected,
                             repr(found), hint))

    for key, value in table.items():
        if key not in known:
            add(key, "one of the options " + ", ".join(known), key, did_you_mean(key, known))
        elif key in ("custom_charts", "identifiers"):
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                add(key, "a list of names", value)
            elif key == "custom_charts" and (bad := [v for v in value if not SLUG_RE.match(v)]):
                add(key, "briefing slugs (folder names under data/briefings/)", bad[0])
            elif key == "identifiers" and (bad := [v for v in value if not is_identifier(v)]):
                add(key, "names with letters, such as \"Section 232\", not figures", bad[0],
                    "a figure comes from a fact, never from a list")
            else:
                values[key] = tuple(value)
        elif key in _INT_LIMITS:
            low, high = _INT_LIMITS[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                add(key, f"a whole number from {low:,} to {high:,}", value)
            else:
                values[key] = value
        elif key == "paper":
            if value not in PAPERS:
                add(key, "one of " + ", ".join(repr(p) for p in PAPERS), value,
                    did_you_mean(str(value).lower(), PAPERS))
            else:
                values[key] = value
        elif key == "units":
            if not isinstance(value, str) or not value or ".." in Path(value).parts \
                    or Path(value).is_absolute():
                add(key, "a file name inside data/, such as units.txt", value)
            else:
                values[key] = value
    return ProjectConfig(**values, lines=lines)  # type: ignore[arg-type]  # checked above


def load_units(data_dir: Path, root: Path, config: ProjectConfig, problems: Problems) -> str:
    """The project's unit definitions (data/units.txt by default) as text, each line checked
    by pint; a line pint refuses is a problem at that line. No file: no definitions."""
    path = data_dir / config.units
    if not path.is_file():
        return ""
    shown = relative(path, root)
    text = path.read_text(encoding="utf-8")
    try:
        unit_defs.registry(text)
    except unit_defs.DefinitionError as exc:
        problems.add(Problem(shown, exc.line, 1, "", "a unit definition in pint's syntax, "
                             "such as 'barrel_of_oil_equivalent = 158.987 * liter = boe'",
                             repr(exc.text), " ".join(exc.reason.split())))
        return ""
    return text
