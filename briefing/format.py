"""Numbers and dates as readers see them. Pure functions; babel does the locale work.

Units (what follows a number, and how "kt" becomes "3.8 million t") are units.py's job,
through pint; this module gives it the numbers, ordinals and qualifier words.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Context, Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

LOCALE = "en_US"


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


def format_date_text(value: str | dt.date) -> str:
    """A date as precise as it was given, never more: '2025-02-24' → '24 February 2025',
    '2025-02' → 'February 2025', '2024-Q3' → 'Q3 2024', '2025' → '2025'; spans joined by
    an en dash."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if "/" in text:
        return "–".join(format_date_text(part) for part in text.split("/"))
    if "-Q" in text:
        year, quarter = text.split("-Q", 1)
        return f"Q{quarter} {year}"
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), format="d MMMM y", locale=LOCALE)
    if len(parts) == 2:
        return format_date(dt.date(int(parts[0]), int(parts[1]), 1), format="MMMM y", locale=LOCALE)
    return text


def parse_number(text: str) -> float:
    """Inverse of format_number for plain (non-compact) output; used by tests and diffs."""
    return float(text.replace(",", ""))
