"""Looking up what a field names: an id among a briefing's records, a unit through pint.
Each failure is a problem at the field, with a "did you mean" where one is close."""

from __future__ import annotations

from collections.abc import Mapping

from .. import units
from ..errors import Problem, Problems, did_you_mean, known_list
from ..read.briefing import LoadedBriefing
from ..read.sourcemap import FieldPath, dotted


def check_ref(
    loaded: LoadedBriefing,
    loc: FieldPath,
    ref: str,
    known: Mapping[str, object],
    what: str,
    problems: Problems,
) -> bool:
    """Whether `ref` names one of `known`; if not, a problem at `loc`."""
    if ref in known or ref in loaded.broken_ids:
        return True  # a broken record was reported where it stands
    line, col = loaded.position(loc)
    problems.add(
        Problem(
            loaded.file,
            line,
            col,
            dotted(loc),
            f"the id of one of this briefing's {what}",
            f"'{ref}'",
            did_you_mean(ref, known) or _broken_hint(ref, loaded.broken_ids)
            or known_list(known),
        )
    )
    return False


def _broken_hint(ref: str, broken: set[str]) -> str:
    """A suggestion among the records that have problems of their own: a source refused for
    its URL is not among `known`, and "none are defined" would send the analyst looking for
    a record that is there."""
    close = did_you_mean(ref, broken)
    return f"{close} It has problems of its own, reported too" if close else ""



def parsed_unit(loaded: LoadedBriefing, loc: FieldPath, text: str, definitions: str,
                problems: Problems) -> units.Unit | None:
    """`text` read by units.parse_unit, or None with a problem at `loc`."""
    try:
        return units.parse_unit(text, definitions)
    except units.UnitError as exc:
        line, col = loaded.position(loc)
        problems.add(Problem(loaded.file, line, col, dotted(loc), exc.expected, f"'{text}'",
                             exc.hint))
        return None
