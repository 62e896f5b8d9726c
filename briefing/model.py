"""The typed records a briefing is made of. No I/O here: `read` fills them, `check` links them.

Every record forbids unknown fields, so that a typo such as `sorce:` is an error
rather than a silently missing citation. The kinds of value their fields take (ids, dates,
qualifiers, verdicts) are in fields.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

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

from .fields import (
    AsOf,
    Confidence,
    DatePrecision,
    Id,
    LongText,
    PartialDate,
    Qualifier,
    ShortText,
    Verdict,
    WebUrl,
    finite_number,
)


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
        # A paper that is its own publisher ("Financial Times") is named once, as publisher.
        publication = None if self.publication == self.publisher else self.publication
        return ", ".join(p for p in (publication, self.programme, self.section, page) if p)

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


class SourceLibrary(Record):
    """data/sources.yaml: sources that any briefing cites by id, as if it defined them."""

    sources: list[Source]
