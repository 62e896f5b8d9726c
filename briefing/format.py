"""Numbers, units and dates as readers see them. Pure functions; babel does the locale work.

Units are a closed vocabulary: an analyst writes "kt" or "Mt/yr", the reader sees
"3.8 million t". Each unit has a family (what it measures) and a factor to the
family's base, so that derived facts can divide "Mt/yr" by "kt/yr" correctly and
refuse to divide tonnes by dollars.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

LOCALE = "en_US"


@dataclass(frozen=True)
class Unit:
    family: str  # what it measures; only units of one family combine
    factor: float  # multiply a value by this to get the family's base unit
    symbol: str  # what readers see after the number, in the base unit
    compact: bool = True  # "3.8 million t" rather than "3,800,000 t"


UNITS: dict[str, Unit] = {
    "t": Unit("mass", 1, "t"),
    "kt": Unit("mass", 1e3, "t"),
    "Mt": Unit("mass", 1e6, "t"),
    "t REO": Unit("mass-reo", 1, "t REO"),
    "kt REO": Unit("mass-reo", 1e3, "t REO"),
    "Mt REO": Unit("mass-reo", 1e6, "t REO"),
    "t/yr": Unit("mass-rate", 1, "t a year"),
    "kt/yr": Unit("mass-rate", 1e3, "t a year"),
    "Mt/yr": Unit("mass-rate", 1e6, "t a year"),
    "t REO/yr": Unit("mass-reo-rate", 1, "t REO a year"),
    "%": Unit("percent", 1, "%", compact=False),
    "pp": Unit("points", 1, "percentage points", compact=False),
    "USD": Unit("usd", 1, "USD"),
    "USD million": Unit("usd", 1e6, "USD"),
    "USD billion": Unit("usd", 1e9, "USD"),
    "count": Unit("count", 1, ""),
    "rank": Unit("rank", 1, "", compact=False),
    "times": Unit("ratio", 1, "×", compact=False),
}


def to_base(value: float, unit: str) -> float:
    return value * UNITS[unit].factor


_EXACT = Context(prec=400)  # enough digits for any float, so quantize never overflows


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN, context=_EXACT
    )


def format_number(value: float, precision: int | None = None, compact: bool = True) -> str:
    """3800000 → '3.8 million'; 2500 → '2,500'; 14.6 → '14.6'. Deterministic, locale en_US."""
    magnitude = abs(value)
    if compact and magnitude >= 1_000_000:
        digits = 1 if precision is None else precision
        text = format_compact_decimal(
            value, format_type="long", locale=LOCALE, fraction_digits=digits
        )
        # babel pads "44.0 million" only when asked; strip a trailing ".0" for whole values
        return text.replace(".0 ", " ") if precision is None else text
    if precision is None:
        # As many decimals as the value was given with, at most three ("1e-07" has seven).
        exponent = int(Decimal(repr(value)).as_tuple().exponent)
        precision = 0 if float(value).is_integer() else min(max(-exponent, 1), 3)
    rounded = _round(value, precision)
    pattern = "#,##0" + ("." + "0" * precision if precision else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


QUALIFIER_WORDS = {
    "about": "about ",
    "more-than": "more than ",
    "less-than": "less than ",
    "at-least": "at least ",
    "at-most": "at most ",
}


def format_quantity(
    value: float | int, unit: str, precision: int | None = None, qualifier: str | None = None
) -> str:
    """A value with its unit, scaled to the family's base: (3800, 'kt') → '3.8 million t'."""
    spec = UNITS[unit]
    prefix = QUALIFIER_WORDS.get(qualifier or "", "")
    if unit == "rank":
        return prefix + ordinal(int(value))
    if unit == "times":
        return prefix + format_number(value, precision, compact=False) + "×"
    base = value * spec.factor
    if spec.family == "usd":
        return prefix + "$" + format_number(base, precision, compact=True)
    number = format_number(base, precision, compact=spec.compact)
    if spec.symbol == "%":
        return f"{prefix}{number}%"
    return f"{prefix}{number} {spec.symbol}".rstrip()


def format_date_text(value: str | dt.date) -> str:
    """'2025-02-24' → '24 February 2025'; '2025-02' → 'February 2025'; '2025' → '2025'."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if "/" in text:
        return "–".join(format_date_text(part) for part in text.split("/"))
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), format="d MMMM y", locale=LOCALE)
    if len(parts) == 2:
        return format_date(dt.date(int(parts[0]), int(parts[1]), 1), format="MMMM y", locale=LOCALE)
    return text


def parse_number(text: str) -> float:
    """Inverse of format_number for plain (non-compact) output; used by tests and diffs."""
    return float(text.replace(",", ""))
