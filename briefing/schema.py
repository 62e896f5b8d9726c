"""The briefing schema as JSON Schema, for editors: `python -m briefing.schema`; the
source library's (data/sources.yaml): `python -m briefing.schema sources`.

Generated from the pydantic records in model.py, so it cannot drift from what
`build.py validate` accepts (a test compares it with schema/briefing.schema.json).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from .fields import VERDICTS
from .model import IDENTIFYING_FIELDS, Briefing, SourceLibrary


def _schema(model: type[BaseModel], name: str, title: str, description: str) -> dict[str, Any]:
    """`model`'s JSON Schema with its id, title and description, and what pydantic cannot
    say of a source."""
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = name
    schema["title"] = title
    schema["description"] = description
    _identified(schema["$defs"])
    return schema


def briefing_schema() -> dict[str, Any]:
    schema = _schema(
        Briefing, "briefing.schema.json", "Briefing",
        "One briefing: data/briefings/<slug>/briefing.yaml. Figures are facts with a unit, "
        "an as-of date and a source; claims carry a verdict; prose cites facts by id.")
    # Each verdict's meaning, shown by editors as the value is typed.
    schema["$defs"]["Claim"]["properties"]["verdict"]["description"] = "\n".join(
        f"{key}: {info.definition}" for key, info in VERDICTS.items())
    return schema


def _identified(defs: dict[str, Any]) -> None:
    # What pydantic cannot say in a schema (model validators): a source has an address, or
    # its date and at least one field that identifies it (model.Source).
    defs["Source"]["anyOf"] = [
        {"required": ["url"]},
        {"required": ["published"],
         "anyOf": [{"required": [name]} for name in IDENTIFYING_FIELDS]},
    ]


def sources_schema() -> dict[str, Any]:
    """data/sources.yaml: `sources:`, records as a briefing's own."""
    return _schema(
        SourceLibrary, "sources.schema.json", "Source library",
        "data/sources.yaml: sources any briefing cites by id, as if it listed them itself. "
        "An id a briefing also defines is refused.")


def main(argv: list[str] | None = None) -> None:
    which = (sys.argv[1:] if argv is None else argv)[:1]
    schema = sources_schema() if which == ["sources"] else briefing_schema()
    print(json.dumps(schema, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
