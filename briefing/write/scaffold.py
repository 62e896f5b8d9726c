"""`python build.py new <slug>`: a new briefing that validates at once.

The file holds what every briefing needs (title, edition, bottom line) and, commented out,
one worked placeholder for each kind of record, in the order the guide explains them, so
that an analyst starts by filling in rather than by copying another story. The first line
points editors at the JSON Schema, for completion and checks as one types.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import InputError, Problem
from ..fields import SLUG_RE
from ..read.files import relative_unresolved, slug_suggestion
from .files import atomic_write

SCAFFOLD = """\
# yaml-language-server: $schema=../../../schema/briefing.schema.json
# A new briefing. `python build.py validate` checks it as you go; docs/guide.md explains
# every part and docs/reference.md lists every field. Figures go in `facts:` with their
# source and are cited in prose as {{{{ fact("id") }}}}: no number is typed into text.

title: "{title}"
edition: {edition}
status: developing  # developing, stable or closed
topics: []  # e.g. [Trade, Critical minerals]

# Cite figures as {{{{ fact("id") }}}} and claims as {{{{ claim("id") }}}} once they exist.
bottom_line: >-
  Replace this with the two or three sentences a reader must take away.

key_figures: []  # ids of facts shown as cards under the bottom line, e.g. [imports]

sources: []
#  - id: agency-report            # how facts, claims and events point at it
#    title: "Annual statistics"
#    publisher: "The agency"
#    url: https://example.org/statistics
#    published: 2025-03            # a year, month, quarter or day
#    accessed: {edition}

facts: []
#  - id: imports
#    label: "Imports"
#    value: 1200000000              # a number, without separators
#    unit: USD                      # pint units: t, kg, USD/kg, Mt/yr, %, count…
#    as_of: 2024
#    source: agency-report
#    qualifier: about               # about, more-than, less-than, at-least, at-most
#    estimate: false
#  - id: world-imports
#    label: "World imports"
#    value: 9400000000              # a range is {{low: 9000000000, high: 9500000000}}
#    unit: USD
#    as_of: 2024-Q4
#    source: agency-report

derived: []
#  - id: imports-share
#    label: "Share of world imports"
#    derive: {{op: share, of: [imports, world-imports]}}  # ratio, share, difference, sum
#    unit: "%"

claims: []
#  - id: minister-claim
#    speaker: "The minister"
#    date: 2025-02-24
#    words: "What was said, as said."
#    form: quote                    # quote or paraphrase
#    source: agency-report
#    verdict: not-yet-checked       # docs/methodology.md defines each verdict
#    reasoning: >-
#      Why the evidence bears the claim out or not, citing {{{{ fact("imports") }}}}.
#    evidence: [imports]

events: []
#  - date: 2025-02-24
#    title: "What happened"
#    source: agency-report
#    detail: "One or two sentences."

datasets: []
#  - id: imports-by-year
#    title: "Imports by year"
#    source: agency-report
#    csv: imports-by-year.csv       # beside this file; or rows: inline
#    columns:
#      - {{name: year, type: year}}
#      - {{name: imports, type: number, unit: USD, label: "Imports"}}

charts: []
#  - id: imports-chart
#    kind: time-series              # ranked-bar, time-series, share-bar, scatter
#    dataset: imports-by-year
#    title: "Imports by year"
#    x: year
#    y: imports

sections: []
#  - heading: "Background"
#    body: >-
#      Markdown prose citing {{{{ fact("imports") }}}} and {{{{ source("agency-report") }}}}.
"""


def new_briefing(data_dir: Path, slug: str, edition: dt.date, root: Path) -> Path:
    """Write data/briefings/<slug>/briefing.yaml and return its path. InputError for a slug
    that cannot name a briefing, or one that is taken (`root`: what paths in messages are
    relative to): nothing is ever overwritten."""
    where = relative_unresolved(data_dir / "briefings", root)
    if not SLUG_RE.match(slug):
        suggestion = slug_suggestion(slug)
        hint = f"did you mean '{suggestion}'?" if SLUG_RE.match(suggestion) else ""
        raise InputError([Problem(
            where, 0, 0, "slug",
            "lowercase letters, digits and hyphens, starting with a letter or digit",
            f"'{slug}'", hint)])
    folder = data_dir / "briefings" / slug
    if folder.exists() or folder.is_symlink():
        raise InputError([Problem(
            relative_unresolved(folder, root), 0, 0, "slug", "a slug no briefing has yet",
            f"'{slug}' (the folder is already there)",
            "choose another slug, or edit the briefing that is there")])
    folder.mkdir(parents=True)
    target = folder / "briefing.yaml"
    title = slug.replace("-", " ").capitalize()
    atomic_write(target, SCAFFOLD.format(title=title, edition=edition.isoformat()).encode())
    return target
