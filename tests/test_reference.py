"""docs/reference.md is generated from the records and cannot drift from them: the page
equals what the code generates, every field, record and allowed value is described, and
every example validates. The checks themselves must fail, by name, when the model grows
a field, a record or a value that the reference does not describe."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field, create_model

from briefing import fields, model
from briefing.reference import __main__ as reference_main
from briefing.reference import checks, example_problems, kinds, missing, reference
from briefing.reference.records import Doc, RecordDoc
from briefing.reference.values import Choice
from devtools.projects import ROOT


def test_the_published_reference_is_current() -> None:
    published = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert published == reference(), "docs/reference.md is out of date: run make reference"


def test_every_field_record_and_value_is_described() -> None:
    problems = missing()
    assert problems == [], "\n".join(problems)


def test_every_example_validates_against_its_record() -> None:
    problems = example_problems()
    assert problems == [], "\n".join(problems)


def _briefing_with(**facts_fields: object) -> type[model.Briefing]:
    """Briefing whose facts carry extra fields, as a helper adding one to model.py would."""
    fact = create_model("Fact", __base__=model.Fact, **facts_fields)  # type: ignore[call-overload]
    return create_model("Briefing", __base__=model.Briefing,  # type: ignore[call-overload]
                        facts=(list[fact], []))


def test_a_new_field_without_a_description_is_named() -> None:
    problems = missing(_briefing_with(origin=(str | None, None)))
    assert problems == [
        "briefing/reference/records.py: RECORDS['Fact'] has no description of field 'origin'; "
        "add \"origin\": Doc(meaning, example)"
    ]


def test_a_field_spelt_differently_in_yaml_is_named_as_analysts_write_it() -> None:
    """A Python keyword (as `from:` is) is declared `class_` with an alias."""
    problems = missing(_briefing_with(class_=(str | None, Field(None, alias="class"))))
    assert problems == [
        "briefing/reference/records.py: RECORDS['Fact'] has no description of field 'class'; "
        "add \"class\": Doc(meaning, example)"
    ]


def test_a_new_record_without_a_description_is_named() -> None:
    witness = create_model("Witness", __base__=model.Record, name=(str, ...))
    problems = missing(_briefing_with(witness=(witness | None, None)))
    assert ("briefing/reference/records.py: no RecordDoc for record Witness (fields: name); "
            "add RECORDS['Witness']") in problems


def test_a_new_allowed_value_without_a_meaning_is_named() -> None:
    verdicts = Literal[(*fields.VERDICTS, "disputed")]  # type: ignore[valid-type]
    claim = create_model("Claim", __base__=model.Claim, verdict=(verdicts, ...))
    root = create_model("Briefing", __base__=model.Briefing, claims=(list[claim], []))
    assert missing(root) == [
        "briefing/reference/values.py: 'Verdicts' has no meaning for 'disputed', which "
        "Claim.verdict allows; add \"disputed\": Choice(meaning, example)"
    ]


def test_a_description_of_a_field_the_model_lacks_is_named() -> None:
    docs = dict(checks.RECORDS)
    event = docs["Event"]
    docs["Event"] = RecordDoc(event.where, event.intro, event.example,
                              {**event.fields, "place": Doc("Where.", "place: Moscow")})
    assert missing(records=docs) == [
        "briefing/reference/records.py: RECORDS['Event'] describes field 'place', which "
        "Event does not have"
    ]


def test_an_example_that_does_not_validate_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = dict(checks.RECORDS)
    fact = docs["Fact"]
    docs["Fact"] = RecordDoc(fact.where, fact.intro, fact.example,
                             {**fact.fields, "confidence": Doc("How sure.", "confidence: sure")})
    monkeypatch.setattr(checks, "RECORDS", docs)
    problems = example_problems()
    assert len(problems) == 1
    assert problems[0].startswith("briefing/reference/records.py: RECORDS['Fact']"
                                  ".fields['confidence'].example: confidence: Input should be")


def test_a_derivation_example_the_checks_refuse_is_named(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The derivations' results are computed, not typed: an example the checks would
    refuse (a share into tonnes) fails with the checks' own message."""
    from briefing.reference import values, worked

    choices = dict(values.DERIVATIONS.choices)
    choices["share"] = Choice("A share.", "derive: {op: share, of: [ru-reserves, "
                              "world-reserves]}\nunit: kt")
    monkeypatch.setattr(worked, "DERIVATIONS", replace(values.DERIVATIONS, choices=choices))
    assert example_problems() == [
        "briefing/reference/worked.py: the 'share' example: unit: expected '%' or 'times' for "
        "a share, found 'kt'"
    ]


def test_make_reference_refuses_to_write_a_page_that_leaves_a_field_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = dict(checks.RECORDS)
    fact = docs["Fact"]
    docs["Fact"] = RecordDoc(fact.where, fact.intro, fact.example,
                             {k: v for k, v in fact.fields.items() if k != "note"})
    monkeypatch.setattr(checks, "RECORDS", docs)
    assert reference_main.main() == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "RECORDS['Fact'] has no description of field 'note'" in err
    assert "1 problem(s): docs/reference.md not generated" in err


def test_the_reference_is_in_the_site_and_linked_from_the_guide_and_readme() -> None:
    assert "reference.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "(reference.md)" in (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "docs/reference.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_built_page_shows_every_field_under_its_record(built_example: Path) -> None:
    """What an analyst opens: a table per record on the Reference page, with a row for each
    field the model has; the page is in the navigation, and the guide links to it."""
    html = (built_example / "site" / "reference" / "index.html").read_text(encoding="utf-8")
    for cls in kinds.records():
        start = html.index(f'<h3 id="{cls.__name__.lower()}"')
        section = html[start:html.index("<h3", start + 1)]
        for name in kinds.names(cls):
            assert f"<td><code>{name}</code></td>" in section, f"{cls.__name__}.{name}"
    guide = (built_example / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    nav = guide[guide.index('class="md-nav md-nav--primary'):]
    assert re.search(r'<a href="\.\./reference/" class="md-nav__link">\s*(<[^>]*>\s*)*'
                     r'Reference\s*<', nav), "no Reference entry in the navigation"
    assert '<a href="../reference/">reference</a>' in guide
