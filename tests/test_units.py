"""Units (briefing/units.py): the analyst's spelling read through pint, values shown as
readers expect, conversions and dimension checks."""

from __future__ import annotations

import pytest

from briefing import units


@pytest.mark.parametrize(("unit", "value", "shown"), [
    ("t", 3_800_000, "3.8 million t"),
    ("kt", 3_800, "3.8 million t"),
    ("kt/yr", 12, "12,000 t a year"),
    ("t REO", 2_500, "2,500 t REO"),
    ("t REO/yr", 2_500, "2,500 t REO a year"),
    ("USD billion", 1.2, "$1.2 billion"),
    ("USD/kg", 420, "$420 per kg"),
    ("USD per kg", 420, "$420 per kg"),
    ("EUR/MWh", 61.5, "€61.5 per MWh"),
    ("kg", 420, "420 kg"),
    ("tonnes", 420, "420 t"),
    ("people", 1_500, "1,500 people"),
    ("USD per person", 5_000, "$5,000 per person"),
    ("bbl/day", 9_500_000, "9.5 million bbl a day"),
    ("%", 14.6, "14.6%"),
    ("pp", 2.1, "2.1 percentage points"),
    ("rank", 4, "4th"),
    ("times", 2.5, "2.5×"),
    ("count", 12, "12"),
])
def test_values_show_with_their_unit(unit: str, value: float, shown: str) -> None:
    assert units.format_quantity(value, units.parse_unit(unit)) == shown


@pytest.mark.parametrize(("unit", "low", "high", "shown"), [
    ("USD/kg", 250, 265, "$250–265 per kg"),
    ("t", 3_800_000, 4_100_000, "3.8–4.1 million t"),
    ("%", 14, 15, "14–15%"),
    ("kt/yr", 1, 2, "1,000–2,000 t a year"),
    # A low end without "million" before a high end with it would read as millions.
    ("t", 500, 1_500_000, "500–1,500,000 t"),
    ("t", 3_800_000, 4_100_000_000, "3.8 million–4.1 billion t"),
])
def test_ranges_show_both_ends_with_one_unit(unit: str, low: float, high: float,
                                             shown: str) -> None:
    assert units.format_range(low, high, units.parse_unit(unit)) == shown


def test_kt_is_a_kilotonne_not_a_knot() -> None:
    kt, t = units.parse_unit("kt"), units.parse_unit("t")
    assert units.convert(3.8, kt, t) == pytest.approx(3_800)
    assert kt.dimensionality == "[mass]"


def test_conversions_check_dimensions() -> None:
    assert units.convert(2_500, units.parse_unit("USD/t"),
                         units.parse_unit("USD/kg")) == pytest.approx(2.5)
    with pytest.raises(units.UnitError, match="measuring"):
        units.convert(1, units.parse_unit("t"), units.parse_unit("USD"))
    with pytest.raises(units.UnitError):  # REO tonnes are not tonnes of ore
        units.convert(1, units.parse_unit("t REO"), units.parse_unit("t"))
    with pytest.raises(units.UnitError):  # no exchange rates: currencies never convert
        units.convert(1, units.parse_unit("USD"), units.parse_unit("EUR"))


@pytest.mark.parametrize(("text", "expected", "hint"), [
    ("USD/kgg", "a unit pint knows", "did you mean 'USD/kg'?"),
    ("ton", "a unit that means one thing", "short_ton"),
    ("t/kg/yr", "a unit such as", "one '/'"),
    ("tonnes of ore", "a unit such as", "not one unit"),
])
def test_unknown_units_say_what_was_expected(text: str, expected: str, hint: str) -> None:
    with pytest.raises(units.UnitError) as caught:
        units.parse_unit(text)
    assert expected in caught.value.expected and hint in caught.value.hint


def test_project_definitions_add_domain_units() -> None:
    boe = units.parse_unit("boe/day", "barrel_of_oil_equivalent = 158.987 * liter = boe")
    assert units.format_quantity(1_000, boe) == "1,000 boe a day"
    with pytest.raises(units.DefinitionError) as caught:
        units.registry("# comment\nnot a definition ===")
    assert caught.value.line == 2
