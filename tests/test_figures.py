"""Finding hand-typed figures in text (briefing/figures.py): numbers are found, dates,
years, spans, listed identifiers and references are not."""

from __future__ import annotations

import pytest

from briefing.figures import (
    Figure,
    find_figures,
    is_identifier,
    is_name,
    line_and_column,
    matching_facts,
)

IDENTIFIERS = ["Section 232", "Proclamation 10522"]


@pytest.mark.parametrize(("text", "found"), [
    ("Imports fell 40% to $1.2 billion", ["40%", "$1.2 billion"]),
    ("a 200% tariff", ["200%"]),
    ("2,500 tons of concentrate", ["2,500"]),
    ("3.8 million t", ["3.8 million"]),
    ("about 15 percent", ["15 percent"]),
    ("€61.5 a megawatt-hour", ["€61.5"]),
    ("the 3rd largest", ["3rd"]),
    ("G7 leaders", ["G7"]),  # a name with a digit: listed as an identifier, or refused
    ("in 2024, 12 firms", ["12"]),
    ("2024.5", ["2024.5"]),
    ("Section 2320", ["0"]),  # an identifier hides only itself
    ("raised to 25, then 50,", ["25", "50"]),  # a comma after a number is not part of it
    ("at 12:01 and 40 minutes", ["40"]),
])
def test_figures_are_found(text: str, found: list[str]) -> None:
    assert [f.text for f in find_figures(text, IDENTIFIERS)] == found


@pytest.mark.parametrize("text", [
    "On 24 February 2025 Putin said", "February 24, 2025", "in Feb. 2025", "24 February",
    "2025-02-24 and 2025-02", "between 2017–2018", "in 2019-21 and 2017/18", "the 1990s",
    "mid-2025", "Q1 2025, H2 2024, 2025-Q3, FY2024, FY24", "from 2020 to 2024",
    "Section 232 tariffs under Proclamation 10522",
    '{{ fact("x") }} and {{ claim("y-2") }}', "[link](https://x.org/2024/5)",
    "escaped &#123; text",
    "From 12:01 a.m. Eastern time", "doi:10.5066/P1WKQ63T, the data release",
])
def test_dates_years_identifiers_and_references_are_not_figures(text: str) -> None:
    assert find_figures(text, IDENTIFIERS) == []


def test_positions_point_at_the_figure() -> None:
    text = "First line.\n  Imports fell 40% in 2024."
    (figure,) = find_figures(text)
    assert text[figure.start:figure.end] == "40%"
    assert line_and_column(text, figure.start) == (2, 16)


def test_a_matching_fact_is_suggested() -> None:
    facts = [("share", 40.0, "40%"), ("imports", 1.2e9, "$1.2 billion"), ("x", 7.0, "7 t")]
    assert matching_facts(Figure(0, 3, "40%"), facts) == ["share"]
    assert matching_facts(Figure(0, 12, "$1.2 billion"), facts) == ["imports"]
    assert matching_facts(Figure(0, 2, "41"), facts) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Section 232", True), ("G7", True), ("Proclamation 10895", True), ("Rossiya-1", True),
    ("40%", False), ("2020", False), ("$5 million", False), ("15 percent", False),
    ("3bn", False),
])
def test_only_names_can_be_literals(text: str, name: bool) -> None:
    assert is_name(text) is name


def test_an_identifier_needs_a_letter() -> None:
    assert is_identifier("G7") and is_identifier("{% if 1 %}x") and not is_identifier("40%")


def test_outside_prose_braces_are_text() -> None:
    assert find_figures('a {{ "3" }} b') == []
    assert [f.text for f in find_figures('a {{ "3" }} b', references=False)] == ["3"]
    assert find_figures('G{{ "3" }}', ['G{{ "3" }}'], references=False) == []
