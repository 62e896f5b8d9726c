"""Units: what an analyst writes after a number, checked, converted and shown.

pint (the field's library for quantities) knows the physical units, their prefixes,
dimensions and conversions; this module adds what a briefing needs on top of it:

* currencies as dimensions of their own (a dollar never converts into a euro here),
  rare-earth-oxide tonnes as a dimension apart from plain tonnes (USGS counts REO
  content, not ore), people, and whatever the project defines in `data/units.txt`
  (pint's definition syntax, one per line: `barrel_of_oil = 158.987 * liter = boe`);
* the analyst's spelling: `t REO`, `kt/yr`, `USD billion`, `USD/kg`, `USD per kg`,
  `%`, `pp`, `count`, `rank`, `times` (`kt` is a kilotonne here, never pint's knot);
* how readers see a value: `3.8 million t`, `$1.2 billion`, `$420 per kg`, `14.6%`,
  `12,000 t a year`, and ranges as `$250–265 per kg`.

Nothing here reads files: the caller passes the project's definitions as text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

import pint

from .format import QUALIFIER_WORDS, format_number, ordinal

# Units that are not quantities of anything pint measures: shares, points, counts, ranks.
SPECIAL = {"%": "percent", "pp": "points", "count": "count", "rank": "rank", "times": "times"}
CURRENCIES = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CNY ", "RUB": "RUB ",
              "CAD": "CAD ", "AUD": "AUD ", "CHF": "CHF ", "INR": "INR ", "BRL": "BRL "}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Tonnes and their multiples are shown in tonnes, compactly ("3.8 million t"), as sources
# print them; other units are shown as written.
TONNES = {"t": 1.0, "kt": 1e3, "Mt": 1e6, "Gt": 1e9, "tonne": 1.0, "tonnes": 1.0}
# "ton" is a short ton in the United States and a long ton in Britain: never guess.
AMBIGUOUS = {"ton": "t (metric tonnes), short_ton or long_ton",
             "tons": "t (metric tonnes), short_ton or long_ton"}
PER_TIME = {"yr": "a year", "year": "a year", "month": "a month", "day": "a day",
            "week": "a week", "h": "an hour", "hour": "an hour"}

BUILTIN_DEFINITIONS = "\n".join([
    # USGS gives rare-earth figures as oxide equivalent: a dimension of its own, so that a
    # tonne of REO is never added to a tonne of ore.
    "tonne_REO = [rare_earth_oxide] = t_REO",
    "person = [person] = people = persons",
    *(f"{code} = [currency_{code}]" for code in CURRENCIES),
])

Kind = Literal["quantity", "percent", "points", "count", "rank", "times"]


class UnitError(ValueError):
    """A unit that cannot be read: `expected` says what would be, `hint` how to fix it."""

    def __init__(self, expected: str, hint: str = ""):
        super().__init__(expected)
        self.expected = expected
        self.hint = hint


@dataclass(frozen=True)
class Unit:
    """A parsed unit: how to check it (pint) and how to show a value in it."""

    text: str  # as the analyst wrote it
    kind: Kind
    quantity: pint.Unit | None = None  # for kind "quantity": the unit pint measures in
    scale: float = 1.0  # "USD billion": 1e9; "kt": 1e3 (shown in tonnes)
    currency: str | None = None  # "USD" for USD, USD/kg, USD billion
    numerator: str = ""  # what is shown after the number, e.g. "t", "t REO", "kg"
    per: str = ""  # the denominator as readers read it: "a year", "per kg"
    compact: bool = True  # "3.8 million t" rather than "3,800,000 t"

    @property
    def dimensionality(self) -> str:
        if self.quantity is None:
            return self.kind
        return str(self.quantity.dimensionality)


@functools.lru_cache(maxsize=8)
# pint types its registry by the magnitude type; ours are floats.
def registry(definitions: str = "") -> pint.UnitRegistry[float]:
    """pint's registry with our definitions and the project's. Built once per text (0.1 s)."""
    ureg: pint.UnitRegistry[float] = pint.UnitRegistry(on_redefinition="raise")
    for line in BUILTIN_DEFINITIONS.splitlines():
        ureg.define(line)
    for number, line in enumerate(definitions.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            ureg.define(line)
        except Exception as exc:  # pint raises many kinds for a bad line;
            # each is the analyst's line being wrong, said with its number.
            raise DefinitionError(number, line, str(exc) or type(exc).__name__) from None
    return ureg


class DefinitionError(ValueError):
    """A line of the project's units file that pint cannot take."""

    def __init__(self, line: int, text: str, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.text, self.reason = line, text, reason


_PER_RE = re.compile(r"\s*(?:/|\bper\b)\s*")


def _token(word: str) -> str:
    """An analyst's unit word as pint reads it."""
    if word in TONNES:
        return {"kt": "kilotonne", "Mt": "megatonne", "Gt": "gigatonne"}.get(word, "tonne")
    if word == "yr":
        return "year"
    return word


def parse_unit(text: str, definitions: str = "") -> Unit:
    """`text` as a Unit, or UnitError saying what was expected."""
    text = " ".join(text.split())
    if text in SPECIAL:
        kind: Kind = SPECIAL[text]  # type: ignore[assignment]  # the values are Kinds
        return Unit(text, kind, compact=kind == "count")
    ureg = registry(definitions)
    parts = _PER_RE.split(text)
    if len(parts) > 2 or not all(parts):
        raise UnitError("a unit such as t, kt/yr, USD/kg or USD billion",
                        "one '/' (or 'per') at most, with a unit on each side")
    top, bottom = parts[0], parts[1] if len(parts) == 2 else ""
    for word in (*top.split(), bottom):
        if word in AMBIGUOUS:
            raise UnitError("a unit that means one thing", f"for '{word}' write "
                            f"{AMBIGUOUS[word]}")
    words = top.split()
    scale, currency, numerator = 1.0, None, ""
    if words and words[-1] in SCALES:
        scale *= SCALES[words[-1]]
        words = words[:-1]
    if words and words[0] in CURRENCIES and len(words) == 1:
        currency = words[0]
        pint_top = currency
    elif len(words) == 2 and words[1] == "REO" and words[0] in TONNES:
        scale *= TONNES[words[0]]
        numerator, pint_top = "t REO", "tonne_REO"
    elif len(words) == 1 and words[0] in TONNES:
        scale *= TONNES[words[0]]
        numerator, pint_top = "t", "tonne"
    elif len(words) == 1:
        numerator, pint_top = words[0], _token(words[0])
    else:
        raise UnitError("a unit such as t, kt/yr, USD/kg or USD billion",
                        f"'{top}' is not one unit; join compound units with '/' or 'per'")
    pint_text = pint_top + (f" / {_token(bottom)}" if bottom else "")
    try:
        quantity = ureg.parse_units(pint_text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError,
            AttributeError, TypeError, ValueError):
        raise UnitError("a unit pint knows (t, kg, MWh, bbl, USD, …) or one defined in "
                        "data/units.txt", _close_unit(text)) from None
    per = PER_TIME.get(bottom, f"per {bottom}") if bottom else ""
    return Unit(text, "quantity", quantity, scale, currency, numerator, per)


def _close_unit(text: str) -> str:
    import difflib

    known = [*SPECIAL, "t", "kt", "Mt", "t REO", "kt/yr", "Mt/yr", "t REO/yr", "kg",
             "USD", "USD million", "USD billion", "USD/kg", "USD/t", "EUR", "people"]
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "define it in data/units.txt"


def _with_unit(number: str, unit: Unit, prefix: str) -> str:
    if unit.currency is not None:
        symbol = CURRENCIES[unit.currency]
        text = f"{prefix}{symbol}{number}"
    else:
        text = f"{prefix}{number} {unit.numerator}".rstrip()
    return f"{text} {unit.per}".rstrip()


def format_quantity(value: float, unit: Unit, precision: int | None = None,
                    qualifier: str | None = None) -> str:
    """A value with its unit as readers see it: (3800, kt) → '3.8 million t'."""
    prefix = QUALIFIER_WORDS.get(qualifier or "", "")
    if unit.kind == "rank":
        return prefix + ordinal(int(value))
    if unit.kind == "times":
        return prefix + format_number(value, precision, compact=False) + "×"
    if unit.kind == "percent":
        return f"{prefix}{format_number(value, precision, compact=False)}%"
    if unit.kind == "points":
        return f"{prefix}{format_number(value, precision, compact=False)} percentage points"
    if unit.kind == "count":
        return prefix + format_number(value, precision, compact=True)
    number = format_number(value * unit.scale, precision, compact=unit.compact)
    return _with_unit(number, unit, prefix)


def format_range(low: float, high: float, unit: Unit, precision: int | None = None,
                 qualifier: str | None = None) -> str:
    """Both ends with one unit: '$250–265 per kg', '3.8–4.1 million t', '14–15%'."""
    prefix = QUALIFIER_WORDS.get(qualifier or "", "")
    scale = unit.scale if unit.kind == "quantity" else 1.0
    a, b = low * scale, high * scale
    compact = unit.compact and unit.kind in ("quantity", "count")
    words = [w for w in SCALES if compact and min(abs(a), abs(b)) >= 1e6
             and _scale_word(a) == _scale_word(b) == w]
    if words:  # one magnitude word for both ends: "3.8–4.1 million"
        factor = SCALES[words[0]]
        digits = 1 if precision is None else precision
        number = (f"{format_number(a / factor, digits, compact=False)}–"
                  f"{format_number(b / factor, digits, compact=False)} {words[0]}")
        number = number.replace(".0–", "–").replace(f".0 {words[0]}", f" {words[0]}") \
            if precision is None else number
    else:
        # A low end without a magnitude word before a high end with one is written in
        # full, as is the high end: "500–1.5 million" reads as 500 million.
        compact = compact and (min(abs(a), abs(b)) >= 1e6 or max(abs(a), abs(b)) < 1e6)
        number = (f"{format_number(a, precision, compact=compact)}–"
                  f"{format_number(b, precision, compact=compact)}")
    if unit.kind == "percent":
        return f"{prefix}{number}%"
    if unit.kind == "points":
        return f"{prefix}{number} percentage points"
    if unit.kind in ("count", "times", "rank"):
        return prefix + number + ("×" if unit.kind == "times" else "")
    return _with_unit(number, unit, prefix)


def _scale_word(value: float) -> str | None:
    for word, factor in reversed(SCALES.items()):
        if abs(value) >= factor:
            return word
    return None


def convert(value: float, source: Unit, target: Unit) -> float:
    """`value` in `source` expressed in `target` (same dimension; scale words included)."""
    if source.kind != "quantity" or target.kind != "quantity":
        if source.kind != target.kind:
            raise UnitError(f"a unit measuring {target.kind} like '{target.text}'")
        return value
    assert source.quantity is not None and target.quantity is not None
    if source.quantity.dimensionality != target.quantity.dimensionality:
        raise UnitError(f"a unit measuring what '{target.text}' measures "
                        f"({target.quantity.dimensionality}), not {source.quantity.dimensionality}")
    ureg = source.quantity._REGISTRY
    magnitude = ureg.Quantity(value * source.scale, source.quantity).to(target.quantity).magnitude
    return float(magnitude) / target.scale
