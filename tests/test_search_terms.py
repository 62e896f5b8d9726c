"""The other spellings a figure is indexed under (briefing/pages/search_terms.py): what a
reader may type for a figure that the page shows another way."""

from __future__ import annotations

import pytest

from briefing.pages.search_terms import figure_variants, spelling_variants


@pytest.mark.parametrize(("shown", "variants"), [
    ("3.8 million t REO", ["3,800,000", "3800000", "tonnes tons"]),
    ("3,800,000 t", ["3800000", "tonnes tons"]),
    ("53%", ["percent per cent", "53percent"]),
    ("12.5% of output", ["percent per cent", "12.5percent"]),
    ("1,200%", ["1200", "percent per cent", "1200percent"]),
    ("2 Mt", []),
    ("not a number", []),
])
def test_a_figure_is_indexed_as_readers_type_it(shown: str, variants: list[str]) -> None:
    assert figure_variants(shown) == variants


def test_a_word_carries_its_other_spelling_only_when_the_text_lacks_it() -> None:
    assert spelling_variants("Aluminium output, in tonnes") == ["aluminum", "tons"]
    assert spelling_variants("aluminium or aluminum") == []
