"""One briefing folder → a LoadedBriefing: the validated records, their positions, the tables.

Every problem is collected, none is fatal until the end of the run: a briefing that fails
validation is kept as the records that pass (records.partial_briefing), so that checking
goes on and reports broken references too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from ..errors import Problem, Problems, relative
from ..model import Briefing
from .files import briefing_file, discover, read_text
from .records import found, partial_briefing, validation_problems
from .salvage import Salvaged, whole_record_problems
from .sourcemap import FieldPath, Position, SourceMap, dotted
from .tables import Table, load_table
from .yaml import parse_yaml


@dataclass
class LoadedBriefing:
    """What the reader hands to the checks. The YAML tree is not part of it: positions are
    asked of the source map."""

    slug: str
    folder: Path
    file: str  # as shown in messages
    briefing: Briefing
    source_map: SourceMap
    tables: dict[str, Table] = field(default_factory=dict)
    # Ids of records that failed validation: references to them are not reported again.
    broken_ids: set[str] = field(default_factory=set)
    # What is left of those records: their references and units are still checked.
    salvaged: list[Salvaged] = field(default_factory=list)
    valid: bool = True
    # briefing.yaml as read: checks that point inside a text value (a figure typed by hand)
    # walk it from where the source map says the value starts (read/scalars.py).
    yaml_text: str = ""

    def position(self, loc: FieldPath, key: bool = False) -> Position:
        """Line and column (1-based) of the field at `loc` in the YAML, or its nearest parent."""
        return self.source_map.position(loc, key=key)


def load_briefing(folder: Path, root: Path, problems: Problems) -> LoadedBriefing | None:
    """Load `folder/briefing.yaml` and its CSV tables into a validated Briefing."""
    found = briefing_file(folder, root, problems)
    if found is None:
        return None
    path, shown = found
    text = read_text(path, shown, problems)
    if text is None:
        return None
    document = parse_yaml(text, shown, problems)
    if document is None:
        return None
    loaded = _validated(folder, shown, document.data, document.source_map, problems)
    loaded.yaml_text = text
    for index, dataset in enumerate(loaded.briefing.datasets):
        table = load_table(dataset, index, folder=folder, file=shown,
                           source_map=loaded.source_map, root=root, problems=problems)
        if table is not None:
            loaded.tables[dataset.id] = table
    return loaded


def _validated(folder: Path, shown: str, data: dict[str, object], source_map: SourceMap,
               problems: Problems) -> LoadedBriefing:
    try:
        briefing = Briefing.model_validate(data)
    except pydantic.ValidationError as exc:
        problems.extend(validation_problems(exc, data, source_map, shown))
        # Keep going with the records that are valid, so that one run reports broken
        # references too, not only the first layer of problems.
        partial, broken, salvaged = partial_briefing(data)
        for record in salvaged:
            loc = (record.kind, record.index)
            line, col = source_map.position(loc)
            problems.extend(Problem(shown, line, col, dotted(loc), expected,
                                    said or found(_at(data, loc)))
                            for expected, said in whole_record_problems(record))
        return LoadedBriefing(folder.name, folder, shown, partial, source_map,
                              broken_ids=broken, salvaged=salvaged, valid=False)
    return LoadedBriefing(folder.name, folder, shown, briefing, source_map)


def _at(data: dict[str, object], loc: tuple[str, int]) -> object:
    items = data.get(loc[0])
    return items[loc[1]] if isinstance(items, list) else None


def load_all(data_dir: Path, root: Path, problems: Problems,
             skip: Callable[[Path], bool] | None = None,
             only: Collection[str] | None = None) -> list[LoadedBriefing]:
    """Every briefing folder, loaded. `skip(folder)` true: the caller already holds that
    briefing, validated (cache.py); it is not loaded again. `only`: the folders of these
    names alone (serve's preview of one edited briefing)."""
    loaded = []
    skipped = 0
    for folder in discover(data_dir, root, problems, only):
        if skip is not None and skip(folder):
            skipped += 1
            continue
        item = load_briefing(folder, root, problems)
        if item is not None:
            loaded.append(item)
    if not loaded and not skipped and not problems and only is None:
        problems.add(
            Problem(
                relative(data_dir / "briefings", root),
                0,
                0,
                "",
                "at least one folder with a briefing.yaml",
                "none",
                "see docs/guide.md to add a briefing",
            )
        )
    return loaded
