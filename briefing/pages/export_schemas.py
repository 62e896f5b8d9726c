"""JSON Schemas of the exports, published beside them (briefings/facts.schema.json,
briefings/changes.schema.json) so that a consumer can check what it reads; the tests
validate every build's exports against them."""

from __future__ import annotations

import json
from typing import Any

from ..fields import QUALIFIERS

SCHEMA = "https://json-schema.org/draft/2020-12/schema"
_NUMBER_OR_RANGE: dict[str, Any] = {"oneOf": [
    {"type": "number"}, {"type": "null"},
    {"type": "object", "required": ["low", "high"],
     "properties": {"low": {"type": ["number", "null"]}, "high": {"type": ["number", "null"]}}},
]}
QUANTITY: dict[str, Any] = {
    "type": "object", "required": ["value", "unit", "text", "as_of", "sources"],
    "description": "A value as a number (or a {low, high} range; null for text and dates), its "
                   "unit, the text the page shows, its as-of date with precision, its sources.",
    "properties": {
        "value": _NUMBER_OR_RANGE, "unit": {"type": ["string", "null"]},
        "text": {"type": "string"},
        "as_of": {"type": "object", "required": ["date", "precision"], "properties": {
            "date": {"type": ["string", "null"]},
            "precision": {"enum": ["day", "month", "quarter", "year", "years", None]}}},
        "sources": {"type": "array", "items": {"type": "string"}},
        # A fact's bound and whether it is an estimate (facts.json; changes.json omits them).
        "qualifier": {"enum": [*QUALIFIERS, None]},
        "estimate": {"type": "boolean"},
    },
}
_STR_OR_NULL = {"type": ["string", "null"]}

FACTS: dict[str, Any] = {
    "$schema": SCHEMA, "$id": "facts.schema.json", "title": "briefing-facts/1",
    "description": "facts.json: every briefing's facts, claims, events and sources by id.",
    "type": "object", "required": ["format", "briefings"],
    "properties": {
        "format": {"const": "briefing-facts/1"},
        "briefings": {"type": "object", "additionalProperties": {"$ref": "#/$defs/briefing"}},
    },
    "$defs": {
        "quantity": QUANTITY,
        "briefing": {
            "type": "object", "required": ["title", "edition", "facts", "claims", "events",
                                           "sources"],
            "properties": {
                "title": {"type": "string"},
                "edition": {"type": "string", "format": "date"},
                "facts": {"type": "object", "additionalProperties": {
                    "type": "object",
                    "required": ["label", "value", "unit", "display", "as_of", "sources",
                                 "quantity"],
                    "properties": {"label": {"type": "string"}, "display": {"type": "string"},
                                   "unit": _STR_OR_NULL, "as_of": _STR_OR_NULL,
                                   "sources": {"type": "array", "items": {"type": "string"}},
                                   "quantity": {"$ref": "#/$defs/quantity"}}}},
                "claims": {"type": "object", "additionalProperties": {
                    "type": "object", "required": ["speaker", "date", "words", "verdict"],
                    "properties": {"speaker": {"type": "string"}, "words": {"type": "string"},
                                   "verdict": {"type": "string"}}}},
                "events": {"type": "array", "items": {
                    "type": "object", "required": ["date", "title"]}},
                "sources": {"type": "object", "additionalProperties": {
                    "type": "object", "required": ["title", "publisher"],
                    "properties": {"title": {"type": "string"},
                                   "publisher": {"type": "string"},
                                   # null for print, broadcast or a news item without
                                   # an address: then the published date and at least
                                   # one of the fields below identify it.
                                   "url": _STR_OR_NULL,
                                   "publication": {"type": "string"},
                                   "programme": {"type": "string"},
                                   "section": {"type": "string"},
                                   "page": {"type": "string"}}}},
            },
        },
    },
}

CHANGES: dict[str, Any] = {
    "$schema": SCHEMA, "$id": "changes.schema.json", "title": "briefing-changes",
    "description": "changes.json: what changed in this edition since the previous one.",
    "type": "object", "required": ["format", "edition", "previous", "count", "changes"],
    "properties": {
        "format": {"type": "string"},
        "edition": {"type": "string", "format": "date"},
        "previous": {"type": ["string", "null"]},
        "count": {"type": "integer", "minimum": 0},
        "changes": {"type": "array", "items": {
            "type": "object", "required": ["kind", "slug", "briefing", "text"],
            "properties": {
                "kind": {"type": "string"}, "slug": {"type": "string"},
                "briefing": {"type": "string"}, "text": {"type": "string"},
                "old": {"type": "string"}, "new": {"type": "string"},
                "old_quantity": {"$ref": "#/$defs/quantity"},
                "new_quantity": {"$ref": "#/$defs/quantity"},
            }}},
    },
    "$defs": {"quantity": QUANTITY},
}


def schema_bytes(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
