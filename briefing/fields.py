"""The kinds of value a record's fields take, each checked where it is declared: ids and
slugs, texts, partial dates and as-of periods, web addresses, finite numbers, qualifiers,
confidence, and the verdicts (each defined once, here). model.py builds the records from
them; the reference (briefing/reference/) and the pages read the vocabularies.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple
from urllib.parse import urlsplit

from pydantic import AfterValidator, StrictInt, StringConstraints

# An id is what prose, charts and other editions use to point at a record: keep it
# stable, lowercase and URL-safe so that it can also be an HTML anchor.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

# A slug names a briefing's folder and its URL: same rules as an id.
SLUG_RE = re.compile(ID_PATTERN)

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]

# Dates that readers see: a full date, a month, a quarter or a year (sources often give no
# more, and a date is never shown more precisely than it was given).
_PART = r"\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
PARTIAL_DATE_RE = re.compile(rf"^{_PART}$")
# As-of periods: a partial date, or a span of two ("2020/2023", "2024-Q1/2024-Q3").
AS_OF_RE = re.compile(rf"^{_PART}(/{_PART})?$")
_QUARTER_RE = re.compile(r"^\d{4}-Q(\d+)$")
DatePrecision = Literal["year", "quarter", "month", "day"]
PRECISIONS: tuple[DatePrecision, ...] = ("year", "quarter", "month", "day")
_DATE_WORDS = "a date such as 2025-02-24, 2025-02, 2025-Q1 or 2025"


def date_precision(text: str) -> DatePrecision:
    """How precise an ISO partial date is: '2024' year, '2024-Q3' quarter, '2024-06' month."""
    if "-Q" in text:
        return "quarter"
    return PRECISIONS[(0, 2, 3)[min(text.count("-"), 2)]]


def partial_date_text(value: object) -> str:
    """A date as written (text, a YAML date or a bare year) as its ISO partial string, or
    ValueError saying what was expected. Shared by facts, claims, events and table cells."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(_DATE_WORDS)
    value = value.strip()
    _check_part(value, _DATE_WORDS)
    return value


def _check_part(text: str, expected: str) -> None:
    quarter = _QUARTER_RE.match(text)
    if quarter and not 1 <= int(quarter.group(1)) <= 4:
        raise ValueError(f"a quarter from Q1 to Q4 ({text} has no quarter {quarter.group(1)})")
    if not PARTIAL_DATE_RE.match(text):
        raise ValueError(expected)
    if text.count("-") == 2:
        _real_date(text)


def _partial_date(value: object) -> str:
    return partial_date_text(value)


def _real_date(text: str) -> None:
    try:
        dt.date.fromisoformat(text)  # rejects 2025-02-30
    except ValueError:
        raise ValueError(f"a date that exists ({text} is not in the calendar)") from None


def _as_of(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    expected = "a date, month, quarter, year or span such as 2024, 2024-06, 2024-Q3 or 2020/2023"
    if not isinstance(value, str):
        raise ValueError(expected)
    for part in value.split("/", 1) if value.count("/") == 1 else [value]:
        _check_part(part, expected)
    return value


def _web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("an http:// or https:// address")
    if any(ch.isspace() for ch in value) or any(ch in value for ch in "<>\"'`"):
        raise ValueError("an address without spaces or quote characters")
    return value


# Beyond this no figure in a briefing is meant (world GDP is about 1e14 USD); past it floats
# lose whole units, and NaN or infinity would print as such.
MAX_MAGNITUDE = 1e18


def finite_number(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool) and (
        not math.isfinite(value) or abs(value) >= MAX_MAGNITUDE
    ):
        raise ValueError("a finite number smaller than 1e18 in size")
    return value


PartialDate = Annotated[dt.date | StrictInt | str, AfterValidator(_partial_date)]
AsOf = Annotated[dt.date | StrictInt | str, AfterValidator(_as_of)]
WebUrl = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_web_url)]

Confidence = Literal["high", "medium", "low"]
QUALIFIERS = ("about", "more-than", "less-than", "at-least", "at-most")


def _qualifier(value: object) -> str:
    # "between" is what a range says: refused with the way to write one, not merely unknown.
    if value == "between":
        raise ValueError("one of " + ", ".join(QUALIFIERS) + " (a range already says "
                         "between: write value: {low: …, high: …} without a qualifier)")
    if not isinstance(value, str) or value not in QUALIFIERS:
        close = difflib.get_close_matches(str(value), QUALIFIERS, n=1)
        raise ValueError("one of " + ", ".join(QUALIFIERS)
                         + (f" (did you mean '{close[0]}'?)" if close else ""))
    return value


Qualifier = Annotated[str, AfterValidator(_qualifier)]

class VerdictInfo(NamedTuple):
    label: str  # how it reads on a page, in a diff between editions and in the feed
    definition: str  # what it means: the methodology page and the guide show this sentence


# Every verdict, defined here once: the type of Claim.verdict, VERDICT_TEXT, the badges, the
# methodology page's table (templates/verdicts.md.j2) and the ClaimReview rating derive
# from it. The first six judge a statement of fact against evidence; opinion, prediction
# and commitment name claims that evidence cannot settle today, so that they are recorded
# without a truth rating rather than forced into one.
VERDICTS: dict[str, VerdictInfo] = {
    "supported": VerdictInfo("Supported", "The evidence bears the claim out as worded."),
    "partly-supported": VerdictInfo(
        "Partly supported", "Part of the claim holds; part does not or cannot be checked."),
    "misleading": VerdictInfo(
        "Misleading", "A true figure presented so that it suggests something false (wrong "
        "year, wrong unit, wrong comparison)."),
    "outdated": VerdictInfo("Outdated", "It held when said; newer evidence has changed it."),
    "unsupported": VerdictInfo("Unsupported", "No evidence we found supports it."),
    "false": VerdictInfo("False", "The evidence contradicts it."),
    "opinion": VerdictInfo(
        "Opinion", "A view or a judgement, not a statement of fact: there is nothing to "
        "check, and it has no truth rating."),
    "prediction": VerdictInfo(
        "Prediction", "A statement about the future: it cannot be checked yet; we check it "
        "once its time has come."),
    "commitment": VerdictInfo(
        "Commitment", "A statement of intent (a promise, a plan, a pledge): we track whether "
        "it is kept."),
    "not-yet-checked": VerdictInfo("Not yet checked", "Recorded, not yet assessed."),
}
if TYPE_CHECKING:
    Verdict = str
else:
    # A Literal of the ids above: pydantic refuses any other, with a "did you mean".
    Verdict = Literal[tuple(VERDICTS)]

# How each verdict reads on a page, in a diff between editions and in the feed.
VERDICT_TEXT: dict[str, str] = {key: info.label for key, info in VERDICTS.items()}
