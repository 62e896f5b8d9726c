"""The values fields allow, what each means and an example of each, for docs/reference.md.

What readers see ("shows") is computed here by the functions the pages use (units.py,
format.py), never typed, so that the reference shows what a page would.
tests/test_reference.py checks that each list names exactly the values the code allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import format as fmt
from .. import units
from ..fields import VERDICT_TEXT
from ..fields import VERDICTS as MODEL_VERDICTS


@dataclass(frozen=True)
class Choice:
    meaning: str  # Markdown, one or two sentences
    example: str  # YAML lines, as they stand in `ValueList.record`
    shows: str = ""  # what readers see, computed


@dataclass(frozen=True)
class ValueList:
    title: str  # the reference's heading for it
    owners: tuple[tuple[str, str], ...]  # the (record, field) pairs whose values these are
    record: str  # the record each example is validated in
    intro: str
    choices: dict[str, Choice] = field(default_factory=dict)


def _q(value: float, unit: str, qualifier: str | None = None, precision: int | None = None
       ) -> str:
    return units.format_quantity(value, units.parse_unit(unit), precision, qualifier)


VALUE_KINDS = ValueList(
    "Value kinds", (), "Fact",
    "A fact's `value` is one of four kinds. Only numbers and ranges take a unit; a number "
    "typed as text (`\"3,800\"`, `\"> 90 million\"`) is refused, with the way to write it.",
    {
        "number": Choice("A number with its unit, written plainly: no thousands separators, "
                         "no currency signs.", "value: 3800000\nunit: t REO",
                         _q(3800000, "t REO")),
        "range": Choice("Two ends a source gives, in one unit. No qualifier `between`: a range "
                        "says it already.", "value: {low: 250, high: 265}\nunit: USD/kg",
                        units.format_range(250, 265, units.parse_unit("USD/kg"))),
        "date": Choice("A full date, such as the day a measure took effect; no unit.",
                       "value: 2025-03-12", fmt.format_date_text("2025-03-12")),
        "text": Choice("Words, when the figure is not a number (a status, a name); no unit.",
                       "value: Import ban in force", "Import ban in force"),
    },
)

QUALIFIERS = ValueList(
    "Qualifiers", (("Fact", "qualifier"),), "Fact",
    "A bound the source puts on a number, shown before it. Derived facts carry bounds on: "
    "a share or ratio keeps its numerator's and turns its denominator's round (a share of "
    "\"more than 90 million t\" is \"less than\" the result); a sum or difference over "
    "any qualified input is \"about\".",
    {
        "about": Choice("The source rounds or approximates.", "qualifier: about",
                        _q(90_000_000, "t REO", "about")),
        "more-than": Choice("The true value is above the figure (\"over\", \"> \").",
                            "qualifier: more-than", _q(90_000_000, "t REO", "more-than")),
        "less-than": Choice("The true value is below it (\"under\", \"< \").",
                            "qualifier: less-than", _q(90_000_000, "t REO", "less-than")),
        "at-least": Choice("The figure or above (\"a minimum of\").", "qualifier: at-least",
                           _q(90_000_000, "t REO", "at-least")),
        "at-most": Choice("The figure or below (\"up to\").", "qualifier: at-most",
                          _q(90_000_000, "t REO", "at-most")),
    },
)

CONFIDENCE = ValueList(
    "Confidence", (("Fact", "confidence"),), "Fact",
    "How far the analyst trusts a figure. A derived fact takes the lowest confidence of its "
    "inputs.",
    {
        "high": Choice("From a primary source, checked. Shown plainly.", "confidence: high"),
        "medium": Choice("Secondary, or primary with caveats. Shown plainly and exported "
                         "with its confidence.", "confidence: medium"),
        "low": Choice("Secondary reporting not checked against a primary source. Marked "
                      "\"(low confidence)\" in prose and set apart on its card.",
                      "confidence: low"),
    },
)


def _verdict(key: str, meaning: str) -> Choice:
    # The badge reads as the pages write it; `false` is quoted, or YAML reads a boolean.
    value = f"'{key}'" if key == "false" else key
    return Choice(meaning, f"verdict: {value}", VERDICT_TEXT.get(key, ""))


VERDICTS = ValueList(
    "Verdicts", (("Claim", "verdict"),), "Claim",
    "What the evidence says of a claim. Readers see the verdict as a badge beside the claim, "
    "and a change of verdict between editions is listed under what changed.",
    # Each verdict's meaning is the model's own definition (fields.VERDICTS), said once.
    {key: _verdict(key, info.definition) for key, info in MODEL_VERDICTS.items()},
)

FORMS = ValueList(
    "Form", (("Claim", "form"),), "Claim",
    "Whether a claim's `words` are the speaker's own.",
    {
        "quote": Choice("The exact words, shown in quotation marks.", "form: quote"),
        "paraphrase": Choice("A faithful rewording, shown after \"Paraphrase:\", without "
                             "quotation marks.",
                             "form: paraphrase"),
    },
)

STATUS = ValueList(
    "Status", (("Briefing", "status"),), "Briefing",
    "Where the story stands, shown on the briefing's page and card.",
    {
        "developing": Choice("Still moving: expect new editions.", "status: developing"),
        "stable": Choice("Settled for now; updated when something changes.",
                         "status: stable"),
        "closed": Choice("Over; kept as a record.", "status: closed"),
    },
)

DERIVATIONS = ValueList(
    "Derivations", (("Derivation", "op"),), "DerivedFact",
    "Inputs are converted into a common unit before they combine (a `kt` fact minus a `t` "
    "fact is right) and the result is expressed in the derived fact's unit. A range, text or "
    "a date cannot be an input. Each example is computed by the checks, from the inputs "
    "shown.",
    {
        "share": Choice("The first fact as a percentage of the second; both measured alike, "
                        "unit `%` (or `times`).",
                        "derive: {op: share, of: [ru-reserves, world-reserves]}\nunit: \"%\"\n"
                        "precision: 1"),
        "ratio": Choice("The first divided by the second: into `times` or `%` when measured "
                        "alike, else into the unit they give (`USD` over `t` into `USD/t`).",
                        "derive: {op: ratio, of: [us-mine, ru-mine]}\nunit: times"),
        "difference": Choice("The first minus the others, all measured alike; a difference "
                             "of `%` facts in `pp` is in percentage points.",
                             "derive: {op: difference, of: [output-2024, output-2023]}\n"
                             "unit: kt/yr"),
        "sum": Choice("All the inputs added, measured alike.",
                      "derive: {op: sum, of: [imports-canada, imports-uae, imports-other]}\n"
                      "unit: kt"),
    },
)

PRECISIONS = ValueList(
    "Date precisions", (("Column", "precision"),), "Column",
    "Dates are shown as precisely as they were given, never more. Facts' `as_of`, claims', "
    "events' and sources' dates take the same forms; `as_of` also takes a span such as "
    f"`2020/2023` (\"{fmt.format_date_text('2020/2023')}\"). A date column declares its "
    "precision, or all its cells share one.",
    {
        "year": Choice("A year.", "type: date\nprecision: year", fmt.format_date_text("2024")),
        "quarter": Choice("A quarter, written `2024-Q3`.", "type: date\nprecision: quarter",
                          fmt.format_date_text("2024-Q3")),
        "month": Choice("A month, written `2024-06`.", "type: date\nprecision: month",
                        fmt.format_date_text("2024-06")),
        "day": Choice("A day, written `2024-06-15`.", "type: date\nprecision: day",
                      fmt.format_date_text("2024-06-15")),
    },
)

COLUMN_TYPES = ValueList(
    "Column types", (("Column", "type"),), "Column",
    "What a column's cells hold; charts accept columns by type (see "
    "[Chart kinds](#chart-kinds)).",
    {
        "text": Choice("Names and categories.", "type: text"),
        "number": Choice("Numbers, in the column's `unit`; empty or `NA` when missing.",
                         "type: number\nunit: t REO"),
        "year": Choice("Whole years, such as 2024.", "type: year"),
        "date": Choice("Dates at a [precision](#date-precisions).", "type: date"),
    },
)

CHART_KINDS = ValueList(
    "Chart kinds", (("Chart", "kind"),), "Chart",
    "The column types each kind reads on `x`, `y` and `series` are checked by "
    "`validate`; the table shows them.",
    {
        "ranked-bar": Choice("Bars sorted highest first; `x2` makes each bar a range.",
                             "kind: ranked-bar\nx: reserves\ny: country"),
        "time-series": Choice("Lines over time, one per `series` value; broken only where "
                              "a cell is empty.", "kind: time-series\nx: year\ny: output"),
        "share-bar": Choice("One bar split into shares of `total`, or of the rows' sum.",
                            "kind: share-bar\nx: production\ny: country"),
        "scatter": Choice("Points for two numbers, named by `label`.",
                          "kind: scatter\nx: reserves\ny: output\nlabel: country"),
        "custom": Choice("Drawn by `function` in the briefing's `charts.py` (with the "
                         "project's consent).", "kind: custom\nfunction: reserves_dots"),
    },
)

SCALES = ValueList(
    "Axis scales", (("Chart", "x_scale"), ("Chart", "y_scale")), "Chart",
    "How a number axis is spaced.",
    {
        "linear": Choice("Even spacing; bars start at zero.", "x_scale: linear"),
        "log": Choice("Logarithmic, for values spanning orders of magnitude; every value "
                      "must be above zero.", "y_scale: log"),
    },
)

VALUE_LISTS: tuple[ValueList, ...] = (
    VALUE_KINDS, QUALIFIERS, CONFIDENCE, VERDICTS, FORMS, STATUS, DERIVATIONS, PRECISIONS,
    COLUMN_TYPES, CHART_KINDS, SCALES,
)

# The briefing words for units that measure no physical quantity (units.SPECIAL).
SPECIAL_UNITS: dict[str, str] = {
    "%": "a percentage",
    "pp": "percentage points, the difference of two percentages",
    "count": "a plain count of things",
    "rank": "a position in a ranking",
    "times": "a multiple (\"12×\")",
}

# Units as analysts write them, with what readers see; each is read by units.parse_unit.
UNIT_EXAMPLES: tuple[tuple[str, float], ...] = (
    ("t REO", 3_800_000), ("kt", 3800), ("kt/yr", 12), ("Mt", 1.2), ("USD/kg", 420),
    ("USD per kg", 420), ("USD billion", 1.2), ("EUR", 5000), ("%", 14.6), ("pp", 2.5),
    ("count", 1_200_000), ("rank", 4), ("times", 12), ("people", 3000), ("MWh", 1500),
    ("USD per person", 80),
)


def unit_rows() -> list[tuple[str, str, str]]:
    """(unit, value, what readers see) for each example unit."""
    return [(text, str(value), _q(value, text))
            for text, value in UNIT_EXAMPLES]


# A project unit (data/units.txt, pint's syntax) and a figure in it, read as a build reads it.
PROJECT_DEFINITION = "barrel_of_oil_equivalent = 158.987 * liter = boe"
PROJECT_UNIT, PROJECT_VALUE = "boe/day", 1000


def project_unit_shows() -> str:
    return units.format_quantity(PROJECT_VALUE, units.parse_unit(PROJECT_UNIT,
                                                                 PROJECT_DEFINITION))


def refused_unit(text: str) -> str:
    """What `validate` says of a unit it cannot read: its hint, or what it expected."""
    try:
        units.parse_unit(text)
    except units.UnitError as exc:
        return exc.hint or exc.expected
    return ""
