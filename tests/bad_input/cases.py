"""The bad-input corpus: each case breaks the valid briefing in base/ in one way.

A case names what it changes and what the analyst must be told: the file, the line
(a number, or a piece of text whose first line in that file is the one meant) and a
phrase of the message. tests/test_bad_input.py runs each one through `build.py build`.

Edits are plain: `replace` swaps text in briefing.yaml (each `old` must occur), `files`
writes files into the briefing folder (str or bytes; a callable gets the folder and
writes big files itself; LIBRARY, "../../sources.yaml", is the project's
data/sources.yaml), `rename` renames the briefing folder. `args` are added to the
command line: `--strict` makes warnings (lints: unused records, stale dates) problems.
`also` lists further messages (phrase, line) the same run must report: validate reports
every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE = Path(__file__).parent / "base"
SLUG = "good-briefing"
YAML = "briefing.yaml"
CSV = "reserves.csv"


@dataclass(frozen=True)
class Case:
    name: str
    says: str  # a phrase the message must contain
    at: int | str  # the line: a number, or text whose first line in `file` is the one meant
    file: str = YAML  # relative to the briefing folder
    replace: dict[str, str] = field(default_factory=dict)
    files: dict[str, str | bytes | Callable[[Path], None]] = field(default_factory=dict)
    rename: str | None = None  # new name for the briefing folder
    args: tuple[str, ...] = ()  # added to `build.py build`, such as ("--strict",)
    also: tuple[tuple[str, int | str], ...] = ()  # more (says, at) in the same run

    @property
    def folder(self) -> str:
        return self.rename or SLUG


def _big_file(name: str, size: int, head: bytes, line: bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        with open(folder / name, "wb") as out:
            out.write(head)
            written = len(head)
            block = line * max(1, (1 << 16) // len(line))
            while written < size:
                out.write(block)
                written += len(block)

    return write


FIFTY_MB = 50 * 1024 * 1024
STRICT = ("--strict",)
DEVELOPING = {"status: stable": "status: developing"}  # stale dates are a developing one's
RU = "    value: 3800000\n    unit: t REO"  # the first fact's value and unit
WORLD = "    value: 90000000\n    qualifier: more-than\n    unit: t REO"
# A second chart, added before the sections (charts[1]); `extra` holds the field under test.
_CHART = ("  - id: second\n    kind: {kind}\n    dataset: {ds}\n    title: A second chart\n"
          "    x: {x}\n    y: {y}\n{extra}sections:\n")
# A fact taken from a dataset's cell instead of its own value and unit.
_FROM = "    from: {{dataset: {ds}, row: {row}, column: {column}}}"
FIGURE = 'The figure is {{ fact("ru-reserves") }}.'
SOURCES = (
    "sources:\n  - id: usgs-2025\n    title: \"Mineral Commodity Summaries 2025: Rare Earths\"\n"
    "    publisher: U.S. Geological Survey\n"
    "    url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf\n"
    "    published: 2025-01\n    accessed: 2026-01-10\n"
)

# Four facts, each with a different faulty field and a second fault that pydantic alone
# would hide (a reference, a unit, a whole-record check): one run must report all eight.
FOUR_FAULTY_FACTS = """facts:
  - id: ru-reserves
    label: Russia's rare-earth reserves
    value: true
    unit: t REO
    as_of: 2024
    source: usgs-2052
  - id: world-reserves
    label: World rare-earth reserves
    value: 90000000
    qualifier: more-thn
    as_of: 2024
    source: usgs-2025
  - id: ru-al-offer
    label: Aluminium offered
    value: 2
    unit: Mt/yr
    as_of: last year
    source: usgs-205
  - id: fourth
    label: ""
    value: 5
    unit: tREO
    as_of: 2024
    source: usgs-2025
derived:"""


def _facts_block() -> str:
    """The base briefing's facts list, as written (replaced whole by FOUR_FAULTY_FACTS)."""
    text = (BASE / "briefings" / SLUG / YAML).read_text(encoding="utf-8")
    return text[text.index("facts:\n"):text.index("derived:")] + "derived:"


USGS_URL = "    url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf\n"
# What the sourcing check says (check/sourcing.py), as the figure-* cases expect it.
_PLAIN = 'expected text without figures typed by hand (only prose can cite a fact), found '
_NAME = ("a name with digits goes in identifiers: briefing.yaml's, or for every briefing "
         "[tool.briefing] identifiers in pyproject.toml")
_MOVE = ("move the figure into a fact with its source, cited in prose, or leave it out; "
         + _NAME)

BILLION_LAUGHS = """
title: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
""" + "".join(
    f"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
    f"*a{i - 1}, *a{i - 1}]\n"
    for i in range(1, 10)
)

# The site's source library, data/sources.yaml, two levels above the briefing's folder: a
# case's `file` may name it, and messages show it as data/sources.yaml.
LIBRARY = "../../sources.yaml"
LIBRARY_TEXT = (
    "sources:\n  - id: iea-2025\n    title: Global Critical Minerals Outlook 2025\n"
    "    publisher: International Energy Agency\n"
    "    url: https://www.iea.org/reports/global-critical-minerals-outlook-2025\n"
    "    published: 2025-05\n"
)
CITES_LIBRARY = {'      The figure is {{ fact("ru-reserves") }}.':
                 '      The figure is {{ fact("ru-reserves") }}, says {{ source("iea-2025") }}.'}

CASES: list[Case] = [
    # --- YAML syntax ---------------------------------------------------------------------
    Case("yaml-bad-indentation", "valid YAML", "    publisher: U.S.",
         replace={"  publisher: U.S. Geological Survey": "    publisher: U.S. Geological Survey"}),
    Case("yaml-unclosed-quote", "valid YAML", 'title: "A briefing',
         replace={"title: A briefing that builds": 'title: "A briefing that builds'}),
    Case("yaml-tab-indentation", "valid YAML", "\tunit: t REO",
         replace={"    unit: t REO\n    as_of: 2024\n    source: usgs-2025\n  - id: world":
                  "\tunit: t REO\n    as_of: 2024\n    source: usgs-2025\n  - id: world"}),
    Case("yaml-duplicate-key", "duplicate key", "title: Again",
         replace={"edition: 2026-01-15": "edition: 2026-01-15\ntitle: Again"}),
    Case("yaml-list-not-mapping", "a mapping of fields", 1,
         files={YAML: "- title: A briefing\n- edition: 2026-01-15\n"}),
    Case("yaml-nul-byte", "valid YAML", "title: A",
         replace={"title: A briefing that builds": "title: A briefing\x00 that builds"}),
    Case("yaml-python-object-tag", "YAML tags are not allowed", "!!python",
         replace={"title: A briefing that builds":
                  'title: !!python/object/apply:os.system ["touch pwned"]'}),
    Case("yaml-python-name-tag", "YAML tags are not allowed", "!!python",
         replace={"status: stable": "status: !!python/name:os.system"}),
    Case("yaml-custom-tag", "YAML tags are not allowed", "!include",
         replace={"status: stable": "status: !include /etc/passwd"}),
    Case("yaml-alias-bomb", "reasonable size", "x5:", files={YAML: BILLION_LAUGHS}),
    Case("yaml-deep-nesting-flow", "nesting", 1,
         files={YAML: "title: " + "[" * 5000 + "]" * 5000 + "\n"}),
    Case("yaml-deep-nesting-block", "nesting", "k41:",
         files={YAML: "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "x: 1\n"}),
    Case("empty-file", "an empty file", 1, files={YAML: ""}),
    Case("comments-only-file", "an empty file", 1, files={YAML: "# nothing yet\n\n"}),
    Case("yaml-not-utf8", "UTF-8", "title:",
         files={YAML: (BASE / "briefings" / SLUG / YAML).read_bytes().replace(
             b"title: A briefing", b"title: A caf\xe9 briefing")}),
    Case("yaml-utf16", "UTF-8", 1,
         files={YAML: (BASE / "briefings" / SLUG / YAML).read_text().encode("utf-16")}),
    Case("yaml-fifty-megabytes", "MiB", 1,
         files={YAML: _big_file(YAML, FIFTY_MB, b"title: big\n", b"# padding\n")}),
    # --- types ------------------------------------------------------------------------------
    Case("type-list-for-number", "a number", "value: [1, 2]",
         replace={"value: 3800000": "value: [1, 2]"}),
    Case("type-mapping-for-title", "text", "title: {a: 1}",
         replace={"title: A briefing that builds": "title: {a: 1}"}),
    Case("type-text-for-list", "a list", "sources: usgs-2025",
         replace={SOURCES: "sources: usgs-2025\n"}),
    Case("type-bool-for-number", "a number", "value: true",
         replace={"value: 3800000": "value: true"}),
    Case("type-not-a-number", "a finite number", "value: .nan",
         replace={"value: 3800000": "value: .nan"}),
    Case("type-number-too-large", "a finite number", "value: 1e400",
         replace={"value: 3800000": "value: 1e400"}),
    Case("type-number-without-unit", "a unit beside a number", "  - id: ru-al-offer",
         replace={"    unit: Mt/yr\n": ""}),
    Case("type-precision-out-of-range", "less than or equal to 6", "precision: 9",
         replace={"precision: 1": "precision: 9"}),
    Case("type-status-mistyped", "did you mean 'stable'", "status: stabel",
         replace={"status: stable": "status: stabel"}),
    Case("type-verdict-mistyped", "did you mean 'supported'", "verdict: suported",
         replace={"verdict: supported": "verdict: suported"}),
    Case("type-verdict-false-unquoted", "write 'false' in quotes: YAML reads an unquoted "
         "false as a yes/no", "verdict: false", replace={"verdict: supported": "verdict: false"}),
    Case("type-title-too-long", "at most 300 characters", "title: xxx",
         replace={"title: A briefing that builds": "title: " + "x" * 301}),
    Case("type-title-empty", "a non-empty value", 'title: ""',
         replace={"title: A briefing that builds": 'title: ""'}),
    Case("type-four-faulty-facts", "facts[0].value: expected a whole number, a number, a date "
         "(YYYY-MM-DD) or text, found True", "value: true",
         replace={_facts_block(): FOUR_FAULTY_FACTS},
         also=(("facts[0].source: expected the id of one of this briefing's sources, found "
                "'usgs-2052' (did you mean 'usgs-2025'?)", "source: usgs-2052"),
               ("facts[1].qualifier: expected one of about, more-than, less-than, at-least, "
                "at-most (did you mean 'more-than'?), found 'more-thn'", "qualifier: more-thn"),
               ("facts[1]: expected a unit beside a number (use 'count' for plain counts), "
                "found a mapping", "  - id: world-reserves"),
               ("facts[2].as_of: expected a date, month, quarter, year or span such as 2024, "
                "2024-06, 2024-Q3 or 2020/2023, found 'last year'", "as_of: last year"),
               ("facts[2].source: expected the id of one of this briefing's sources, found "
                "'usgs-205' (did you mean 'usgs-2025'?)", "source: usgs-205\n"),
               ("facts[3].label: expected a non-empty value, found ''", 'label: ""'),
               ("facts[3].unit: expected a unit pint knows (t, kg, MWh, bbl, USD, …) or one "
                "defined in data/units.txt, found 'tREO' (did you mean 't REO'?)",
                "unit: tREO"))),
    Case("type-claim-two-faults", "claims[0].form: expected one of 'quote' or 'paraphrase', "
         "found 'paraphrse' (did you mean 'paraphrase'?)", "form: paraphrse",
         replace={"    form: paraphrase\n    source: usgs-2025\n":
                  "    form: paraphrse\n    source: usgs-20\n"},
         also=(("claims[0].source: expected the id of one of this briefing's sources, found "
                "'usgs-20' (did you mean 'usgs-2025'?)", "source: usgs-20\n"),)),
    Case("type-dataset-rows-and-csv", "either 'rows'", "  - id: shares",
         replace={"      - [2018, 8.9]\n": "      - [2018, 8.9]\n    csv: reserves.csv\n"}),
    # --- missing and unknown fields ---------------------------------------------------------
    Case("missing-title", "title: expected this required field", "edition:",
         replace={"title: A briefing that builds\n": ""}),
    Case("missing-fact-source", "facts[2].source: expected this required field",
         "  - id: ru-al-offer", replace={"    as_of: 2025\n    source: usgs-2025\n":
                                         "    as_of: 2025\n"}),
    Case("unknown-top-level-field", "did you mean 'bottom_line'", "bottom_lin:",
         replace={"key_figures:": "bottom_lin: typo\nkey_figures:"}),
    Case("unknown-fact-field", "did you mean 'source'", "sorce:",
         replace={"    as_of: 2025\n    source: usgs-2025\n":
                  "    as_of: 2025\n    sorce: usgs-2025\n"}),
    Case("unknown-field-slug-path", "unknown field 'slug'", "slug:",
         replace={"status: stable": "status: stable\nslug: ../x"}),
    # --- broken references -------------------------------------------------------------------
    Case("ref-fact-source-unknown", "did you mean 'usgs-2025'", "source: usgs-2052",
         replace={"    as_of: 2025\n    source: usgs-2025\n":
                  "    as_of: 2025\n    source: usgs-2052\n"}),
    Case("ref-prose-fact-mistyped", "did you mean 'ru-reserves'", 'fact("ru-reserve")',
         replace={FIGURE: FIGURE.replace("ru-reserves", "ru-reserve")}),
    Case("ref-key-figure-unknown", "key_figures[1]", "key_figures:",
         replace={"key_figures: [ru-reserves, ru-share]": "key_figures: [ru-reserves, ru-shar]"}),
    Case("ref-claim-evidence-unknown", "did you mean 'ru-reserves'", "evidence: [ru-reservs]",
         replace={"evidence: [ru-reserves]": "evidence: [ru-reservs]"}),
    Case("ref-derived-of-unknown", "did you mean 'world-reserves'", "derive: {op: share",
         replace={"of: [ru-reserves, world-reserves]": "of: [ru-reserves, world-reserve]"}),
    Case("ref-derived-cycle", "a cycle", "derive: {op: share",
         replace={"of: [ru-reserves, world-reserves]": "of: [ru-reserves, ru-share]"}),
    Case("ref-dataset-source-unknown", "the id of one of this briefing's sources",
         "source: nowhere", replace={"    title: Shares\n    source: usgs-2025":
                                     "    title: Shares\n    source: nowhere"}),
    Case("ref-chart-dataset-unknown", "did you mean 'reserves'", "dataset: reserve",
         replace={"dataset: reserves": "dataset: reserve"}),
    Case("ref-prose-unknown-function", "did you mean 'fact'", "facts(",
         replace={FIGURE: FIGURE.replace("fact(", "facts(")}),
    Case("prose-arithmetic", "prose never computes", "{{ 7*7 }}",
         replace={"The figure is": "Seven sevens are {{ 7*7 }}. The figure is"}),
    Case("prose-jinja-block", "prose never computes", "{% for",
         replace={"      - two\n": "      - two\n\n      {% for x in range(3) %}x{% endfor %}\n"}),
    Case("prose-star-arguments", "prose never computes", 'fact("ru-reserves", *x)',
         replace={FIGURE: FIGURE.replace('")', '", *x)')}),
    Case("prose-jinja-syntax-error", "prose with", 'fact("ru-reserves" }}',
         replace={FIGURE: FIGURE.replace('")', '"')}),
    Case("prose-javascript-link", "links to scripts", "javascript:",
         replace={"      - two\n": "      - two\n\n      [Click](javascript:alert(1))\n"}),
    # --- duplicate ids -----------------------------------------------------------------------
    Case("duplicate-fact-id", "'ru-reserves' again", "  - id: ru-reserves\n    label: Again",
         replace={"  - id: ru-al-offer\n    label: Aluminium offered":
                  "  - id: ru-reserves\n    label: Again"}),
    Case("duplicate-derived-and-fact-id", "'world-reserves' again (first at line 24, in facts)",
         "  - id: world-reserves\n    label: Russia's share",
         replace={"  - id: ru-share\n    label: Russia's share":
                  "  - id: world-reserves\n    label: Russia's share"}),
    Case("duplicate-source-id", "'usgs-2025' again", "  - id: usgs-2025\n    title: Copy",
         replace={"facts:\n": "  - id: usgs-2025\n    title: Copy\n    publisher: P\n"
                  "    url: https://example.org/\nfacts:\n"}),
    # --- impossible dates --------------------------------------------------------------------
    Case("date-edition-feb-30", "a date", "edition: 2026-02-30",
         replace={"edition: 2026-01-15": "edition: 2026-02-30"}),
    Case("date-claim-month-13", "a date such as", "date: 2025-13",
         replace={"    date: 2025-02-24\n    words:": "    date: 2025-13\n    words:"}),
    Case("date-as-of-words", "a date, month, quarter, year or span", "as_of: last year",
         replace={"    as_of: 2025\n": "    as_of: last year\n"}),
    Case("date-accessed-feb-29", "a date", "accessed: 2025-02-29",
         replace={"accessed: 2026-01-10": "accessed: 2025-02-29"}),
    # --- units --------------------------------------------------------------------------------
    Case("unit-share-of-tonnes-and-dollars", "facts measured alike", "derive: {op: share",
         replace={"    value: 90000000\n    qualifier: more-than\n    unit: t REO":
                  "    value: 90000000\n    qualifier: more-than\n    unit: USD"}),
    Case("unit-unknown", "did you mean 't REO'", "unit: tREO",
         replace={"    value: 3800000\n    unit: t REO": "    value: 3800000\n    unit: tREO"}),
    Case("unit-difference-into-percent",
         "derived[0].unit: expected a unit measuring what its inputs measure (t REO), found '%'",
         "unit: \"%\"", replace={"derive: {op: share,": "derive: {op: difference,"}),
    # --- values: units through pint, ranges, dates as precise as given -------------------------
    Case("unit-unknown-with-suggestion", "found 'USD/kgg' (did you mean 'USD/kg'?)",
         "unit: USD/kgg", replace={RU: "    value: 420\n    unit: USD/kgg"}),
    Case("unit-on-text", "facts[0].unit: expected no unit for a text value, found 'quote'",
         "unit: quote", replace={RU: "    value: a quote\n    unit: quote"}),
    Case("unit-on-date", "facts[0].unit: expected no unit for a date value, found 'date' "
         "(a date needs no unit", "unit: date",
         replace={RU: "    value: 2024-06-15\n    unit: date"}),
    Case("unit-on-range-text", "no unit for a text value, found 'USD/kg' (write a range as "
         "value: {low: 250, high: 265})", "unit: USD/kg",
         replace={RU: "    value: 250-265\n    unit: USD/kg"}),
    Case("unit-share-tonnes-over-dollars-percent", "derived[0].derive.of: expected facts measured "
         "alike for a share, found ru-reserves in t REO and world-reserves in USD",
         "derive: {op: share", replace={WORLD: WORLD.replace("unit: t REO", "unit: USD")}),
    Case("unit-derived-over-range", "derived[0].derive.of: expected facts with one number each, "
         "found 'world-reserves', a range (90–95 million t REO)", "derive: {op: share",
         replace={WORLD: "    value: {low: 90000000, high: 95000000}\n    unit: t REO"}),
    Case("type-range-low-above-high", "facts[0].value.high: expected a high end at least the low "
         "end (265), found 250", "value: {low: 265", replace={
             RU: "    value: {low: 265, high: 250}\n    unit: USD/kg"}),
    Case("type-range-text-end", "facts[0].value.low: expected a whole number or a number, "
         "found 'lots'", "value: {low: lots", replace={
             RU: "    value: {low: lots, high: 250}\n    unit: USD/kg"}),
    Case("type-qualifier-between", "a range already says between: write value: {low: …, high: …}",
         "qualifier: between", replace={"qualifier: more-than": "qualifier: between"}),
    Case("date-quarter-five", "facts[0].as_of: expected a quarter from Q1 to Q4 (2024-Q5 has no "
         "quarter 5)", "as_of: 2024-Q5", replace={
             "    as_of: 2024\n    source: usgs-2025\n  - id: world":
             "    as_of: 2024-Q5\n    source: usgs-2025\n  - id: world"}),
    Case("date-mixed-precision-column", "datasets[1].rows[1].year: expected a year like the "
         "column's first cell (2017), found '2018-06'", "      - [2018-06", replace={
             "      - {name: year, type: year}": "      - {name: year, type: date}",
             "      - [2018, 8.9]": "      - [2018-06, 8.9]"}),
    Case("date-column-precision-violated", "datasets[1].rows[1].year: expected a month (the "
         "column's precision), such as 2023-06, found '2018'", "      - [2018,", replace={
             "      - {name: year, type: year}":
             "      - {name: year, type: date, precision: month}",
             "      - [2017, 14.6]": "      - [2017-01, 14.6]"}),
    # A short row is left out; the odd cell after it is still placed at its own row.
    Case("date-precision-after-a-short-row", "datasets[1].rows[2].year: expected a year like "
         "the column's first cell (2017), found '2019-06'", "      - [2019-06", replace={
             "      - {name: year, type: year}": "      - {name: year, type: date}",
             "      - [2018, 8.9]": "      - [2018]\n      - [2019-06, 8.9]"}),
    # --- CSV tables ---------------------------------------------------------------------------
    Case("csv-ragged-row", "2 values", 3, file=CSV,
         files={CSV: "country,reserves\nChina,44000000\nBrazil,21000000,extra\nRussia,3800000\n"}),
    Case("csv-semicolon-delimiter", "use commas", 1, file=CSV,
         files={CSV: "country;reserves\nChina;44000000\n"}),
    Case("csv-text-in-number-column", "a number", 3, file=CSV,
         files={CSV: "country,reserves\nChina,44000000\nBrazil,lots\nRussia,3800000\n"}),
    Case("csv-infinite-number", "a number", 3, file=CSV,
         files={CSV: "country,reserves\nChina,44000000\nBrazil,inf\nRussia,3800000\n"}),
    Case("csv-unterminated-quote", "well-formed CSV", 3, file=CSV,
         files={CSV: 'country,reserves\nChina,44000000\n"Brazil,21000000\n'}),
    Case("csv-missing-file", "did you mean 'reserves.csv'", "csv: reserve.csv",
         replace={"csv: reserves.csv": "csv: reserve.csv"}),
    Case("csv-path-traversal", "a CSV file name", "csv: ../",
         replace={"csv: reserves.csv": "csv: ../../../etc/passwd.csv"}),
    Case("csv-not-utf8", "UTF-8", 3, file=CSV,
         files={CSV: b"country,reserves\nChina,44000000\nCura\xe7ao,1\n"}),
    Case("csv-empty", "an empty file", 1, file=CSV, files={CSV: ""}),
    Case("csv-fifty-megabytes", "MiB", 1, file=CSV,
         files={CSV: _big_file(CSV, FIFTY_MB, b"country,reserves\n", b"China,44000000\n")}),
    Case("inline-rows-ragged", "2 values", "      - [2018]",
         replace={"      - [2018, 8.9]": "      - [2018]"}),
    Case("inline-rows-bad-year", "a year", "      - [twenty",
         replace={"      - [2018, 8.9]": "      - [twenty-eighteen, 8.9]"}),
    # --- facts taken from a dataset (from:), and facts that disagree with one ------------------
    Case("from-unknown-dataset", "facts[0].from.dataset: expected the id of one of this "
         "briefing's datasets, found 'reserve' (did you mean 'reserves'?)", "    from:",
         replace={RU: _FROM.format(ds="reserve", row="Russia", column="reserves")}),
    Case("from-not-a-mapping", "facts[0].from: expected a mapping of fields, found 'reserves'",
         "    from:", replace={RU: "    from: reserves"}),
    Case("from-unknown-column", "facts[0].from.column: expected a column of dataset 'reserves', "
         "found 'reserve' (did you mean 'reserves'?)", "    from:",
         replace={RU: _FROM.format(ds="reserves", row="Russia", column="reserve")}),
    Case("from-unknown-row", "facts[0].from.row: expected a value of column 'country' of "
         "dataset 'reserves', found 'Rusia' (did you mean 'Russia'?)", "    from:",
         replace={RU: _FROM.format(ds="reserves", row="Rusia", column="reserves")}),
    Case("from-unknown-key", "facts[0].from.key: expected a column of dataset 'reserves', "
         "found 'contry' (did you mean 'country'?)", "    from:",
         replace={RU: _FROM.format(ds="reserves", row="Russia", column="reserves, key: contry")}),
    Case("from-with-value", "facts[0].value: expected no value beside 'from' (the figure is the "
         "dataset's cell: remove 'value', or remove 'from'), found 3800000", "    value: 38",
         replace={RU: _FROM.format(ds="reserves", row="Russia", column="reserves")
                  + "\n    value: 3800000"}),
    Case("from-with-unit", "facts[0].unit: expected no unit beside 'from' (the unit is the "
         "column's: remove 'unit'), found 't REO'", "    unit: t REO",
         replace={RU: _FROM.format(ds="reserves", row="Russia", column="reserves")
                  + "\n    unit: t REO"}),
    Case("from-empty-cell", "facts[0].from.column: expected a cell holding a figure, found an "
         "empty cell (data/briefings/good-briefing/reserves.csv:4:2) (fill in the cell, or give "
         "the fact a value of its own instead of 'from')", "    from:",
         replace={RU: _FROM.format(ds="reserves", row="Russia", column="reserves")},
         files={CSV: "country,reserves\nChina,44000000\nBrazil,21000000\nRussia,\n"}),
    Case("from-as-of-not-the-rows", "facts[1].as_of: expected the row's year (2017), or no "
         "as_of, found '2024' (remove as_of: a fact taken from a row is dated by it)",
         "    as_of: 2024\n    source: usgs-2025\n  - id: ru-al",
         replace={WORLD: _FROM.format(ds="shares", row=2017, column="share")}),
    Case("from-no-as-of", "facts[0].from: expected an as_of beside 'from' (the row has no date "
         "or year cell to take it from), found nothing", "    from:",
         replace={RU + "\n    as_of: 2024": _FROM.format(ds="reserves", row="Russia",
                                                          column="reserves")}),
    Case("from-column-unit-unknown", "datasets[0].columns[1].unit: expected a unit such as t, "
         "kt/yr, USD/kg or USD billion, found 't REOO'", "      - {name: reserves,", replace={
             RU: _FROM.format(ds="reserves", row="Russia", column="reserves"),
             "unit: t REO}": "unit: t REOO}"}),
    Case("from-chart-total-below-sum", "charts[1].total: expected a total at least the sum of "
         "the rows shown (68,800,000), found 44,000,000", "total: world-reserves", replace={
             WORLD: _FROM.format(ds="reserves", row="China", column="reserves"),
             "sections:\n": _CHART.format(kind="share-bar", ds="reserves", x="reserves",
                                          y="country", extra="    total: world-reserves\n")}),
    Case("agree-csv-cell-differs", "facts[0].value: expected the figure dataset 'reserves' "
         "holds for Russia in 'reserves' (3.9 million t REO, at "
         "data/briefings/good-briefing/reserves.csv:4:2), found 3,800,000 (3.8 million t REO) "
         "(keep the figure in one place: replace value and unit with from: {dataset: reserves, "
         "row: Russia, column: reserves}, or correct the one that is wrong)", "value: 3800000",
         files={CSV: "country,reserves\nChina,44000000\nBrazil,21000000\nRussia,3900000\n"}),
    Case("agree-inline-row-differs", "facts[3].value: expected the figure dataset 'shares' "
         "holds for 2017 in 'share' (14.9%, at data/briefings/good-briefing/briefing.yaml:81), "
         "found 14.6 (14.6%)", "    value: 14.6", replace={
             "derived:\n": "  - id: ru-share-2017\n    label: Share in 2017\n"
             "    value: 14.6\n    unit: \"%\"\n    as_of: 2017\n    source: usgs-2025\n"
             "derived:\n", "      - [2017, 14.6]": "      - [2017, 14.9]"}),
    Case("agree-dated-row-differs", "facts[3].value: expected the figure dataset 'shares' "
         "holds for 2017 in 'share' (14.9%, at data/briefings/good-briefing/briefing.yaml:81), "
         "found 14.6 (14.6%)", "    value: 14.6", replace={
             # A table keyed by years: its row is the fact's as_of, though the label names
             # no year (a monthly price series, "Price in February").
             "derived:\n": "  - id: early-share\n    label: Early share\n"
             "    value: 14.6\n    unit: \"%\"\n    as_of: 2017\n    source: usgs-2025\n"
             "derived:\n", "      - [2017, 14.6]": "      - [2017, 14.9]",
             "    title: Shares\n": "    title: Early shares\n"}),
    # --- source addresses ----------------------------------------------------------------------
    Case("url-javascript", "http:// or https://", "url: javascript:",
         replace={"url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf":
                  "url: javascript:alert(document.cookie)"}),
    Case("url-refused-source-mistyped", "found 'usgs-2052' (did you mean 'usgs-2025'? It has "
         "problems of its own, reported too)", "source: usgs-2052",
         replace={"url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf":
                  "url: javascript:alert(1)", "    source: usgs-2025\n": "    source: usgs-2052\n"},
         also=(("http:// or https://", "url: javascript:"),)),
    Case("url-data", "http:// or https://", "url: data:",
         replace={"url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf":
                  "url: data:text/html,<script>alert(1)</script>"}),
    Case("url-file", "http:// or https://", "url: file:",
         replace={"url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf":
                  "url: file:///etc/passwd"}),
    Case("url-quote-breaks-attribute", "without spaces or quote", "url: https://x.org/\"",
         replace={"url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf":
                  "url: https://x.org/\"onmouseover=alert(1)"}),
    # --- sources without an address (print, broadcast, the news item itself) -------------------
    Case("source-no-url-nothing-identifying", "sources[0]: expected a 'url', or what "
         "identifies a source without one: 'publication', 'programme', 'section' or 'page', "
         "found no url and none of them", "  - id: usgs-2025", replace={USGS_URL: ""}),
    Case("source-no-url-no-date", "sources[0]: expected a 'published' date for a source "
         "without 'url' (a print article or a broadcast is found by its date), found no url "
         "and no published date", "  - id: usgs-2025",
         replace={USGS_URL: "    publication: The Gazette\n", "    published: 2025-01\n": ""}),
    Case("source-no-url-and-a-bad-date", "sources[0].accessed: expected a date that exists "
         "(YYYY-MM-DD), found '2025-02-29'", "accessed: 2025-02-29",
         replace={USGS_URL: "", "accessed: 2026-01-10": "accessed: 2025-02-29"},
         also=(("sources[0]: expected a 'url', or what identifies a source without one: "
                "'publication', 'programme', 'section' or 'page', found no url and none of "
                "them", "  - id: usgs-2025"),)),
    Case("source-page-empty", "sources[0].page: expected a non-empty value, found ''",
         'page: ""', replace={USGS_URL: '    publication: The Gazette\n    page: ""\n'}),
    # --- verdicts: opinion, prediction and commitment beside the truth ratings ---------------
    Case("type-verdict-opinion-mistyped", "claims[0].verdict: expected one of 'supported', "
         "'partly-supported', 'misleading', 'outdated', 'unsupported', 'false', 'opinion', "
         "'prediction', 'commitment' or 'not-yet-checked', found 'opinon' (did you mean "
         "'opinion'?)", "verdict: opinon", replace={"verdict: supported": "verdict: opinon"}),
    Case("type-verdict-commitment-mistyped", "found 'comitment' (did you mean 'commitment'?)",
         "verdict: comitment", replace={"verdict: supported": "verdict: comitment"}),
    # --- slugs (the folder name) ---------------------------------------------------------------
    Case("slug-with-spaces", "rename the folder to 'good-briefing-2'", 1, rename="Good Briefing 2"),
    Case("slug-uppercase", "lowercase letters", 1, rename="Good-Briefing"),
    Case("slug-dots", "lowercase letters", 1, rename="x..y"),
    # --- charts ---------------------------------------------------------------------------------
    Case("chart-unknown-column", "did you mean 'reserves'", "x: reserve\n",
         replace={"    x: reserves\n": "    x: reserve\n"}),
    Case("chart-wrong-column-type", "a number column for a ranked-bar", "x: country",
         replace={"    x: reserves\n    y: country": "    x: country\n    y: country"}),
    Case("chart-highlight-unknown-column", "did you mean 'country'", "column: contry",
         replace={"{column: country,": "{column: contry,"}),
    Case("chart-x2-not-ranked-bar",
         "charts[1].x2: expected no x2 for a time-series chart, found 'share'", "x2: share",
         replace={"sections:\n": _CHART.format(kind="time-series", ds="shares", x="year",
                                              y="share", extra="    x2: share\n")}),
    Case("chart-x2-unknown-column", "charts[1].x2: expected a column of dataset 'reserves', "
         "found 'reserve' (did you mean 'reserves'?)", "x2: reserve",
         replace={"sections:\n": _CHART.format(kind="ranked-bar", ds="reserves", x="reserves",
                                              y="country", extra="    x2: reserve\n")}),
    Case("chart-share-total-unknown", "charts[1].total: expected a fact id, or a value of "
         "column 'country' naming the row that holds the total, found 'world-reserve' "
         "(did you mean 'world-reserves'?)", "total: world-reserve",
         replace={"sections:\n": _CHART.format(kind="share-bar", ds="reserves", x="reserves",
                                              y="country", extra="    total: world-reserve\n")}),
    Case("chart-share-total-unit", "charts[1].total: expected a fact in 'reserves''s unit "
         "(t REO), found 'ru-al-offer' in Mt/yr", "total: ru-al-offer",
         replace={"sections:\n": _CHART.format(kind="share-bar", ds="reserves", x="reserves",
                                              y="country", extra="    total: ru-al-offer\n")}),
    Case("chart-share-total-below-sum", "charts[1].total: expected a total at least the sum "
         "of the rows shown", "total: ru-reserves",
         replace={"sections:\n": _CHART.format(kind="share-bar", ds="reserves", x="reserves",
                                              y="country", extra="    total: ru-reserves\n")}),
    Case("chart-share-total-of-percentages", "charts[1].total: expected no total for a column "
         "already in %, found 'world-reserves'", "total: world-reserves",
         replace={"sections:\n": _CHART.format(kind="share-bar", ds="shares", x="share",
                                              y="year", extra="    total: world-reserves\n")}),
    Case("chart-share-title-not-percent", "charts[1].x_title: expected a title for the "
         "percentage axis, with (%), found 'Production (t)'", "x_title: Production (t)",
         replace={"sections:\n": _CHART.format(kind="share-bar", ds="reserves", x="reserves",
                                              y="country", extra="    x_title: Production (t)\n")}),
    # --- lints, problems under --strict ---------------------------------------------------
    Case("lint-unused-source", "sources[0].id: expected a source that a page cites, found "
         "'usgs-2024', which nothing cites (cite it in prose as {{ source(\"usgs-2024\") }} "
         "or remove it)", "  - id: usgs-2024", args=STRICT,
         replace={"sources:\n": "sources:\n  - id: usgs-2024\n    title: Rare Earths 2024\n"
                  "    publisher: U.S. Geological Survey\n    url: https://pubs.usgs.gov/x\n"
                  "    published: 2024-01\n"}),
    Case("lint-stale-as-of", "facts[0].as_of: expected an as-of date at most 730 days before "
         "the edition (2026-01-15) of a developing briefing, found '2021', 1,476 days before "
         "(give the newest figure, or add historical: true", "    as_of: 2021", args=STRICT,
         replace={**DEVELOPING, "    unit: t REO\n    as_of: 2024": "    unit: t REO\n"
                  "    as_of: 2021"}),
    Case("lint-stale-accessed", "sources[0].accessed: expected an access date at most 365 "
         "days before the edition (2026-01-15) of a developing briefing, found 2024-12-01, "
         "410 days before", "    accessed: 2024-12-01", args=STRICT,
         replace={**DEVELOPING, "accessed: 2026-01-10": "accessed: 2024-12-01"}),
    Case("lint-source-undated", "sources[0].id: expected a published or an accessed date, "
         "found neither, for 'usgs-2025' (add accessed:", "  - id: usgs-2025", args=STRICT,
         replace={**DEVELOPING, "    published: 2025-01\n    accessed: 2026-01-10\n": ""}),
    # --- figures typed by hand (check/sourcing.py) ------------------------------------------
    Case("figure-in-section-body", 'sections[0].body: expected a figure from a fact: '
         '{{ fact("id") }}, found \'3.8 million\' (did you mean {{ fact("ru-reserves") }}?)',
         "      The figure is about",
         replace={'      The figure is {{ fact("ru-reserves") }}.':
                  '      The figure is about 3.8 million t, {{ fact("ru-reserves") }}.'}),
    Case("figure-in-event-title", f"events[0].title: {_PLAIN}'2' (did you mean "
         '{{ fact("ru-al-offer") }}? This field cannot cite a fact: move the figure into prose)',
         "    title: Remarks on 2 Mt",
         replace={"    title: Remarks on rare earths": "    title: Remarks on 2 Mt of aluminium"}),
    Case("figure-in-chart-title", f"charts[0].title: {_PLAIN}'12' ({_MOVE})",
         "    title: Reserves of 12",
         replace={"    title: Reserves by country": "    title: Reserves of 12 countries"}),
    Case("figure-in-column-label", f"datasets[0].columns[1].label: {_PLAIN}'90%' ({_MOVE})",
         "label: Reserves (90%",
         replace={"{name: reserves, type: number, unit: t REO}":
                  "{name: reserves, type: number, unit: t REO, label: Reserves (90% of world)}"}),
    Case("figure-identifier-not-listed", f"sections[0].heading: {_PLAIN}'G7' ({_NAME})",
         "  - heading: G7", replace={"  - heading: Reserves": "  - heading: G7 reserves"}),
    Case("figure-literal-not-a-name", 'sections[0].body: expected a name in quotes, such as '
         '{{ "G7" }}, not a figure, found {{ "40%" }} (a literal writes a name; a figure comes '
         'from a fact: {{ fact("id") }})', "      The figure is {{ \"40%",
         replace={'      The figure is {{ fact("ru-reserves") }}.':
                  '      The figure is {{ "40%" }}, {{ fact("ru-reserves") }}.'}),
    Case("figure-identifier-without-letters", "identifiers[0]: expected a name with letters, "
         "such as \"Proclamation 10895\", not a figure, found '40%' (a figure comes from a "
         "fact, never from a list)", '  - "40%"',
         replace={"topics: [testing]\n": 'topics: [testing]\nidentifiers:\n  - "40%"\n'}),
    Case("figure-in-plain-field-jinja-not-masked", f"facts[0].label: {_PLAIN}'3' ({_MOVE})",
         "    label: Russia's {{", replace={"    label: Russia's rare-earth reserves":
                                            "    label: Russia's {{ \"3\" }} reserves"}),
    # --- the source library, data/sources.yaml ---------------------------------------------
    Case("library-yaml-bad-indentation", "valid YAML", "      publisher: International",
         file=LIBRARY, replace=CITES_LIBRARY,
         files={LIBRARY: LIBRARY_TEXT.replace("    publisher: International",
                                              "      publisher: International")}),
    Case("library-unknown-field", "sources[0].titel: expected one of the fields id, title, "
         "publisher, url, publication, programme, section, page, published, accessed, note, "
         "found unknown field 'titel' (did you mean 'title'?)", "    titel:", file=LIBRARY,
         files={LIBRARY: LIBRARY_TEXT.replace("    title:", "    titel:")}),
    Case("library-missing-publisher", "sources[0].publisher: expected this required field, "
         "found nothing", "  - id: iea-2025", file=LIBRARY,
         files={LIBRARY: LIBRARY_TEXT.replace("    publisher: International Energy Agency\n",
                                              "")}),
    Case("library-duplicate-id", "sources[1].id: expected an id used once in the source "
         "library, found 'iea-2025' again (first at line 2)", 7, file=LIBRARY,
         files={LIBRARY: LIBRARY_TEXT + LIBRARY_TEXT.removeprefix("sources:\n")}),
    Case("library-clash-with-briefing", "sources[0].id: expected an id the source library "
         "does not define, found 'usgs-2025', also at data/sources.yaml:2 (remove this record "
         "and cite the library's, or give it another id)", "  - id: usgs-2025",
         files={LIBRARY: LIBRARY_TEXT.replace("iea-2025", "usgs-2025")}),
    Case("ref-library-source-mistyped", "sections[0].body: expected the id of one of this "
         "briefing's sources, found source(\"iea-2024\") (did you mean 'iea-2025'?)",
         "      The figure is",
         replace={'      The figure is {{ fact("ru-reserves") }}.':
                  '      The figure is {{ fact("ru-reserves") }}, says {{ source("iea-2024") }}.'},
         files={LIBRARY: LIBRARY_TEXT}),
    Case("library-not-a-mapping", "expected a mapping of fields (sources:), found a list", 1,
         file=LIBRARY,
         files={LIBRARY: "- id: iea-2025\n"}),
    Case("library-empty", "expected a source library (sources: ...), found an empty file "
         "(only comments)", 1, file=LIBRARY, files={LIBRARY: "# sources to come\n"}),
]
