"""The briefing schema as JSON Schema, for editors: `python -m briefing.schema`.

Generated from the pydantic records in model.py, so it cannot drift from what
`build.py validate` accepts (a test compares it with schema/briefing.schema.json).
"""

from __future__ import annotations

import json
from typing import Any

from .fields import VERDICTS
from .model import IDENTIFYING_FIELDS, Briefing


def briefing_schema() -> dict[str, Any]:
    schema = Briefing.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "briefing.schema.json"
    schema["title"] = "Briefing"
    schema["description"] = (
        "One briefing: data/briefings/<slug>/briefing.yaml. Figures are facts with a unit, "
        "an as-of date and a source; claims carry a verdict; prose cites facts by id."
    )
    defs = schema["$defs"]
    # What pydantic cannot say in a schema (model validators): a source has an address, or
    # its date and at least one field that identifies it (model.Source).
    defs["Source"]["anyOf"] = [
        {"required": ["url"]},
        {"required": ["published"],
         "anyOf": [{"required": [name]} for name in IDENTIFYING_FIELDS]},
    ]
    # Each verdict's meaning, shown by editors as the value is typed.
    defs["Claim"]["properties"]["verdict"]["description"] = "\n".join(
        f"{key}: {info.definition}" for key, info in VERDICTS.items())
    return schema


def main() -> None:
    print(json.dumps(briefing_schema(), indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
