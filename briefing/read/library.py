"""data/sources.yaml → the site's source library: sources any briefing cites by id.

Read like a briefing.yaml (positions kept, every field's problem reported at its line),
and written like a briefing's `sources:` block, so that a source moves from a briefing
into the library by cutting and pasting. The file is optional: without it, no briefing
sees a library source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from ..errors import Problem, Problems
from ..model import Source, SourceLibrary
from .files import data_file, read_text, relative_unresolved
from .records import validation_problems
from .yaml import parse_yaml

LIBRARY_FILE = "sources.yaml"


@dataclass
class LoadedLibrary:
    file: str  # as messages show it: data/sources.yaml
    sources: dict[str, Source] = field(default_factory=dict)  # in the file's order
    # id → (index, line, column) of its `id:`, for messages naming the library's record
    places: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def line(self, source_id: str) -> int:
        return self.places[source_id][1]
    digest: str = ""  # of the file's text: part of every briefing's cache key
    # The file is there but could not be read: its problems are reported, and a briefing's
    # reference to a source it does not define itself is not reported again as unknown.
    broken: bool = False


def load_library(data_dir: Path, root: Path, problems: Problems) -> LoadedLibrary | None:
    """The library; None when there is no data/sources.yaml; `broken` when it has problems
    (added to `problems`: the briefings are still checked, against their own sources)."""
    shown = relative_unresolved(data_dir / LIBRARY_FILE, root)
    before = len(problems)
    path = data_file(data_dir, LIBRARY_FILE, root, problems)
    if path is None:
        return LoadedLibrary(shown, broken=True) if len(problems) > before else None
    if not path.is_file():
        problems.add(Problem(shown, 0, 0, "", "a file of sources", "not a file"))
        return LoadedLibrary(shown, broken=True)
    what = "a source library (sources: ...)"
    text = read_text(path, shown, problems, what=what)
    document = (parse_yaml(text, shown, problems, what=what, fields="sources:")
                if text is not None else None)
    if text is None or document is None:
        return LoadedLibrary(shown, broken=True)
    try:
        library = SourceLibrary.model_validate(document.data)
    except pydantic.ValidationError as exc:
        problems.extend(validation_problems(exc, document.data, document.source_map, shown,
                                            model=SourceLibrary))
        return LoadedLibrary(shown, broken=True)
    out = LoadedLibrary(shown, digest=hashlib.sha256(text.encode()).hexdigest())
    for i, source in enumerate(library.sources):
        line, col = document.source_map.position(("sources", i, "id"))
        if source.id in out.sources:
            problems.add(Problem(shown, line, col, f"sources[{i}].id",
                                 "an id used once in the source library",
                                 f"'{source.id}' again (first at line {out.line(source.id)})"))
            continue
        out.sources[source.id] = source
        out.places[source.id] = (i, line, col)
    return out
