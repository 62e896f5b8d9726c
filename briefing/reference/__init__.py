"""The reference for analysts, docs/reference.md, generated from the records themselves:
`python -m briefing.reference > docs/reference.md` (`make reference`).

kinds.py reads fields, kinds, defaults and allowed values from the pydantic models;
records.py and values.py say what each means, with an example; checks.py tells which
description is missing or which example fails; render.py writes the page.
"""

from .checks import example_problems, missing
from .render import reference

__all__ = ["example_problems", "missing", "reference"]
