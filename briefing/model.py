"""The typed records a briefing is made of. No I/O here: `read` fills them, `check` links them.

Every record forbids unknown fields, so that a typo such as `sorce:` is an error
rather than a silently missing citation.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
    model_validator,
)

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
Verdict = Literal[
    "supported",
    "partly-supported",
    "misleading",
    "outdated",
    "unsupported",
    "false",
    "not-yet-checked",
]
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

# How each verdict reads on a page, in a diff between editions and in the feed.
VERDICT_TEXT: dict[str, str] = {
    "supported": "Supported",
    "partly-supported": "Partly supported",
    "misleading": "Misleading",
    "outdated": "Outdated",
    "unsupported": "Unsupported",
    "false": "False",
    "not-yet-checked": "Not yet checked",
}


class Record(BaseModel):
    # NaN and infinity are not figures anyone can source.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class Source(Record):
    """Where a figure or a claim was found."""

    id: Id
    title: ShortText
    publisher: ShortText
    url: WebUrl
    published: PartialDate | None = None
    accessed: dt.date | None = None
    note: LongText | None = None


Number = Annotated[StrictInt | StrictFloat, AfterValidator(finite_number)]


class Range(Record):
    """A figure a source gives as two ends ("USD 250-265/kg"), in the fact's one unit.
    That low is at most high is checked with positions (check/references.py)."""

    low: Number
    high: Number


def _value_kind(value: object) -> str:
    # A mapping can only be a range: its errors then name low and high, not every member
    # of the union (a number, a date, text).
    return "range" if isinstance(value, dict | Range) else "scalar"


FactValue = Annotated[
    Annotated[Range, Tag("range")]
    | Annotated[
        Annotated[StrictInt | StrictFloat | dt.date | ShortText, AfterValidator(finite_number)],
        Tag("scalar"),
    ],
    Discriminator(_value_kind),
]


class Fact(Record):
    """A figure as a source gives it: one value (or a range), one unit, one as-of date."""

    id: Id
    label: ShortText
    value: FactValue
    unit: ShortText | None = None
    as_of: AsOf
    source: Id
    qualifier: Qualifier | None = None
    estimate: bool = False
    precision: Annotated[int, Field(ge=0, le=6)] | None = None
    confidence: Confidence = "high"
    note: LongText | None = None

    @model_validator(mode="after")
    def _number_needs_unit(self) -> Fact:
        if isinstance(self.value, int | float | Range) and self.unit is None:
            raise ValueError("a unit beside a number (use 'count' for plain counts)")
        return self


class Derivation(Record):
    """A small declared formula over other facts, so that no analyst types its result."""

    op: Literal["ratio", "share", "difference", "sum"]
    of: Annotated[list[Id], Field(min_length=2, max_length=12)]


class DerivedFact(Record):
    """A figure computed from other facts; its sources are theirs."""

    id: Id
    label: ShortText
    derive: Derivation
    unit: ShortText
    precision: Annotated[int, Field(ge=0, le=6)] | None = None
    note: LongText | None = None


class Claim(Record):
    """What someone said, and whether the evidence bears it out."""

    id: Id
    speaker: ShortText
    date: PartialDate
    words: LongText
    form: Literal["quote", "paraphrase"]
    source: Id
    verdict: Verdict
    summary: ShortText | None = None
    reasoning: LongText
    evidence: list[Id] = []


class Event(Record):
    """One dated step in the story: the timeline."""

    id: Id | None = None
    date: PartialDate
    title: ShortText
    source: Id
    detail: LongText | None = None


class Column(Record):
    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    type: Literal["text", "number", "year", "date"] = "text"
    unit: ShortText | None = None
    # For a date column: how precise every cell is (monthly prices: month). Without it, the
    # cells must all have one precision, whichever it is.
    precision: DatePrecision | None = None
    label: ShortText | None = None


class Dataset(Record):
    """A table with its source and units, inline or as a CSV beside the YAML."""

    id: Id
    title: ShortText
    source: Id
    columns: Annotated[list[Column], Field(min_length=1, max_length=50)]
    rows: list[list[object]] | None = None
    csv: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.csv$")] | None = (
        None
    )
    note: LongText | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> Dataset:
        if (self.rows is None) == (self.csv is None):
            raise ValueError("either 'rows' (inline) or 'csv' (a file beside briefing.yaml)")
        return self


class Highlight(Record):
    column: str
    value: ShortText | int | float


class Chart(Record):
    """A chart over one dataset. Its source line comes from the dataset's source."""

    id: Id
    kind: Literal["ranked-bar", "time-series", "share-bar", "scatter", "custom"]
    dataset: Id
    title: ShortText
    subtitle: ShortText | None = None
    x: str | None = None
    # A ranked bar over a range: x is the low end, x2 the high end of each bar.
    x2: str | None = None
    y: str | None = None
    series: str | None = None
    # A share bar's real total: a fact id, or the y value of a row holding the total
    # ("World"); without it, a share bar of non-% values divides by the sum of its rows
    # and says so.
    total: ShortText | int | None = None
    highlight: Highlight | None = None
    x_title: ShortText | None = None
    y_title: ShortText | None = None
    # The text column that names each point (scatter labels, tooltips); by default the
    # highlight's column or the dataset's first text column.
    label: str | None = None
    # Values spanning orders of magnitude (reserves from 4,500 t to 44 million t) read
    # best on a logarithmic axis; the default stays linear so that bars start at zero.
    x_scale: Literal["linear", "log"] = "linear"
    y_scale: Literal["linear", "log"] = "linear"
    function: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")] | None = None
    note: LongText | None = None


class Section(Record):
    """A heading and Markdown prose that cites facts, claims and sources by id."""

    id: Id | None = None
    heading: ShortText
    body: LongText


class Briefing(Record):
    """Everything one briefing holds. The slug is the folder's name, not a field."""

    title: ShortText
    edition: dt.date
    status: Literal["developing", "stable", "closed"] = "developing"
    topics: Annotated[list[ShortText], Field(max_length=20)] = []
    # Names with digits in them that are not figures, for this briefing alone
    # ("Proclamation 10895"); names every briefing uses go in [tool.briefing] identifiers.
    identifiers: Annotated[list[ShortText], Field(max_length=100)] = []
    bottom_line: LongText
    key_figures: list[Id] = []
    sources: list[Source]
    facts: list[Fact] = []
    derived: list[DerivedFact] = []
    claims: list[Claim] = []
    events: list[Event] = []
    datasets: list[Dataset] = []
    charts: list[Chart] = []
    sections: list[Section] = []
