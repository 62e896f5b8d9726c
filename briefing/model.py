"""The typed records a briefing is made of. No I/O here: `read` fills them, `check` links them.

Every record forbids unknown fields, so that a typo such as `sorce:` is an error
rather than a silently missing citation.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import TYPE_CHECKING, Annotated, Literal, NamedTuple
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StrictFloat,
    StrictInt,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

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


class Record(BaseModel):
    # NaN and infinity are not figures anyone can source.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


# What identifies a source that has no address (a print article, a broadcast, the news item
# under review as it was seen): at least one of these, beside its published date.
IDENTIFYING_FIELDS = ("publication", "programme", "section", "page")


class Source(Record):
    """Where a figure or a claim was found: an address, or, for print, broadcast or a news
    item that has none, its date and what identifies it (publication, programme, page)."""

    id: Id
    title: ShortText
    publisher: ShortText
    url: WebUrl | None = None
    publication: ShortText | None = None  # the newspaper, journal or channel
    programme: ShortText | None = None  # a broadcast's programme
    section: ShortText | None = None  # a section, column or bulletin
    page: ShortText | None = None  # a page or page range: "A1", "12-13"
    published: PartialDate | None = None
    accessed: dt.date | None = None
    note: LongText | None = None

    @property
    def where(self) -> str:
        """Where the source appeared, as a reader would look it up: "The Times, Business,
        p. 12" or "BBC Radio 4, Today". Empty for an address-only source."""
        pages = self.page and any(mark in self.page for mark in "-–,")  # "12-13": pp.
        page = f"{'pp.' if pages else 'p.'} {self.page}" if self.page else None
        return ", ".join(p for p in (self.publication, self.programme, self.section, page) if p)

    @model_validator(mode="after")
    def _identified(self) -> Source:
        # Without an address a reader finds a source by its date and where it appeared;
        # refusing a bare title keeps every figure traceable.
        if self.url is not None:
            return self
        if self.published is None:
            raise PydanticCustomError("record_rule", "{expected}", {
                "expected": "a 'published' date for a source without 'url' (a print article "
                            "or a broadcast is found by its date)",
                "found": "no url and no published date"})
        if not any(getattr(self, name) for name in IDENTIFYING_FIELDS):
            raise PydanticCustomError("record_rule", "{expected}", {
                "expected": "a 'url', or what identifies a source without one: "
                            + ", ".join(f"'{n}'" for n in IDENTIFYING_FIELDS[:-1])
                            + f" or '{IDENTIFYING_FIELDS[-1]}'",
                "found": "no url and none of them"})
        return self


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


class FactFrom(Record):
    """Where a fact's figure stands in one of the briefing's datasets: the cell in `column`
    of the row whose key cell reads `row`. The key column is `key`, or the dataset's first
    text, year or date column (country, year). Checked against the table in check/taken.py."""

    dataset: Id
    row: StrictInt | Annotated[dt.date, Strict()] | ShortText
    column: ShortText
    key: ShortText | None = None


def _taken(info: ValidationInfo) -> bool | None:
    """Whether the fact being validated is taken from a dataset; None when its `from`
    failed validation (reported there; the fields that depend on it say nothing more)."""
    if "from_" not in info.data:
        return None
    return info.data["from_"] is not None


_BESIDE_FROM = {
    "value": "no value beside 'from' (the figure is the dataset's cell: remove 'value', or "
             "remove 'from')",
    "unit": "no unit beside 'from' (the unit is the column's: remove 'unit')",
}


class Fact(Record):
    """A figure as a source gives it: one value (or a range), one unit, one as-of date.

    Or a figure taken from a dataset's cell (`from`), so that the figure lives in one place
    and prose, cards and charts agree: then the value and unit are the cell's and its
    column's, the source is the dataset's unless given, and the as-of date is the row's
    date or year cell unless given. `from_` stands before the fields that depend on it:
    pydantic validates fields in order, and their validators read it."""

    # For editors checking against schema/briefing.schema.json: a value with its as_of and
    # source, or a from (the validators below say the same with positions).
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["value", "as_of", "source"], "not": {"required": ["from"]}},
        {"required": ["from"], "not": {"anyOf": [{"required": ["value"]},
                                                 {"required": ["unit"]}]}}]})

    id: Id
    label: ShortText
    from_: FactFrom | None = Field(None, alias="from")
    value: FactValue | None = Field(None, validate_default=True)
    unit: ShortText | None = Field(None, validate_default=True)
    as_of: AsOf | None = Field(None, validate_default=True)
    source: Id | None = Field(None, validate_default=True)
    qualifier: Qualifier | None = None
    estimate: bool = False
    # A figure about the past on purpose ("2017 production"): its old as-of date is not
    # stale (check/lints.py).
    historical: bool = False
    precision: Annotated[int, Field(ge=0, le=6)] | None = None
    confidence: Confidence = "high"
    note: LongText | None = None

    @field_validator("value", "unit", "as_of", "source")
    @classmethod
    def _own_or_taken(cls, value: object, info: ValidationInfo) -> object:
        taken = _taken(info)
        if taken and value is not None and info.field_name in _BESIDE_FROM:
            raise ValueError(_BESIDE_FROM[str(info.field_name)])
        if taken is False and value is None and info.field_name != "unit":
            # The error pydantic gives for a required field, so that it reads the same.
            raise PydanticCustomError("missing", "Field required")
        return value

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
