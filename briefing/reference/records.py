"""What each field of each record means, with an example of it, for docs/reference.md.

Kept apart from model.py on purpose: the model says what is valid, this says what it is
for. tests/test_reference.py holds the two together: a field the model has and this file
does not describe (or the other way round) fails it by name, and every example below is
read as YAML and validated against its record.

Each field's example is one line of YAML, as it would stand in the record; it is checked
inside the record's own example, which must be a whole valid record on its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Doc:
    meaning: str  # one line, Markdown
    example: str  # one line of YAML, a field as it stands in its record
    # fields of the record's example this one replaces, space-separated (csv: rows;
    # from: value unit)
    instead_of: str = ""


@dataclass(frozen=True)
class RecordDoc:
    where: str  # where the record stands in briefing.yaml: "under `facts:`"
    intro: str  # what the record is for, one or two sentences
    example: str  # a whole valid record, YAML
    fields: dict[str, Doc]


SOURCE = """\
id: usgs-mcs-2025-rare-earths
title: "Mineral Commodity Summaries 2025: Rare Earths"
publisher: U.S. Geological Survey
url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf
published: 2025-01
accessed: 2026-11-20
"""

FACT = """\
id: ree-reserves-2025-russia
label: Russia's rare-earth reserves
value: 3800000
unit: t REO
as_of: 2024
source: usgs-mcs-2025-rare-earths
"""

RECORDS: dict[str, RecordDoc] = {
    "Briefing": RecordDoc(
        "at the top level of `data/briefings/<slug>/briefing.yaml`",
        "One briefing. The slug is the folder's name, not a field.",
        "title: Putin's rare-earth and aluminium offer to the United States\n"
        "edition: 2026-11-27\n"
        "bottom_line: Russia's rare-earth reserves are large, at {{ fact(\"ree-reserves\") }}.\n"
        "sources:\n"
        "  - id: usgs-2025\n"
        "    title: \"Mineral Commodity Summaries 2025: Rare Earths\"\n"
        "    publisher: U.S. Geological Survey\n"
        "    url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf\n",
        {
            "title": Doc("The briefing's title: the page heading and the card on the home page.",
                         "title: Putin's rare-earth and aluminium offer to the United States"),
            "edition": Doc("The date of this edition. The newest briefing's names the published "
                           "edition.", "edition: 2026-11-27"),
            "status": Doc("Whether the story is still moving (see [Status](#status)).",
                          "status: stable"),
            "topics": Doc("Topics the briefing is listed under; each gets a page.",
                          "topics: [rare earths, aluminium]"),
            "identifiers": Doc("Names with digits in them that are not figures (a "
                               "proclamation, a law's section), allowed in this briefing's "
                               "texts as written; names for every briefing go in "
                               "`[tool.briefing] identifiers` in pyproject.toml.",
                               "identifiers: [Proclamation 10522, Rossiya-1]"),
            "bottom_line": Doc("Two or three sentences at the top of the page and on its card; "
                               "cites figures by id.",
                               'bottom_line: Reserves stand at {{ fact("ree-reserves") }}.'),
            "key_figures": Doc("Facts shown as cards under the bottom line, in this order.",
                               "key_figures: [ree-reserves-2025-russia]"),
            "sources": Doc("Every publication the briefing cites; at least one.",
                           "sources: [{id: usgs-2025, title: Rare Earths, publisher: USGS, "
                           "url: 'https://pubs.usgs.gov/'}]"),
            "facts": Doc("The figures, each from one source.",
                         "facts: [{id: ru-reserves, label: Russia's reserves, value: 3800000, "
                         "unit: t REO, as_of: 2024, source: usgs-2025}]"),
            "derived": Doc("Figures computed from other facts; never typed.",
                           "derived: [{id: ru-share, label: Russia's share, unit: '%', "
                           "derive: {op: share, of: [ru-reserves, world-reserves]}}]"),
            "claims": Doc("What people said, each with a verdict.",
                          "claims: [{id: fifth, speaker: Vladimir Putin, date: 2025-02-24, "
                          "words: Fifth-largest reserves, form: paraphrase, source: reuters, "
                          "verdict: outdated, reasoning: Fourth in 2026.}]"),
            "events": Doc("The timeline, shown in date order.",
                          "events: [{date: 2023-02-24, title: A 200% tariff on Russian "
                          "aluminium, source: proclamation-10522}]"),
            "datasets": Doc("Tables, drawn as charts and shown as tables.",
                            "datasets: [{id: reserves, title: Reserves by country, "
                            "source: usgs-2025, csv: reserves.csv, columns: [{name: country}]}]"),
            "charts": Doc("Charts, each over one dataset.",
                          "charts: [{id: ranked, kind: ranked-bar, dataset: reserves, "
                          "title: Russia ranks fifth, x: reserves, y: country}]"),
            "sections": Doc("The body of the page: a heading and prose each, in this order.",
                            "sections: [{heading: What was offered, body: Prose.}]"),
        },
    ),
    "SourceLibrary": RecordDoc(
        "at the top level of `data/sources.yaml`, beside `data/briefings/`",
        "Sources that every briefing may cite by id, as if it listed them under its own "
        "`sources:`. A briefing's page lists, numbered after its own, only the library "
        "sources it cites; an id that a briefing defines too is refused.",
        "sources:\n"
        "  - id: usgs-mcs-2025-rare-earths\n"
        "    title: \"Mineral Commodity Summaries 2025: Rare Earths\"\n"
        "    publisher: U.S. Geological Survey\n"
        "    url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf\n",
        {
            "sources": Doc("The library's sources, each written as under a briefing's "
                           "`sources:` (see [Source](#source)).",
                           "sources: [{id: usgs-2025, title: Rare Earths, publisher: USGS, "
                           "url: https://pubs.usgs.gov/}]"),
        },
    ),
    "Source": RecordDoc(
        "under `sources:`",
        "A publication a figure, claim, event or dataset comes from. It is listed, numbered, "
        "under each page that cites it.",
        SOURCE,
        {
            "id": Doc("How facts, claims and prose (`{{ source(\"id\") }}`) name it.",
                      "id: usgs-mcs-2025-rare-earths"),
            "title": Doc("The publication's title, as it gives it.",
                         'title: "Mineral Commodity Summaries 2025: Rare Earths"'),
            "publisher": Doc("Who published it; shown before the title in tooltips.",
                             "publisher: U.S. Geological Survey"),
            "url": Doc("Where readers can read it. A source with no address (print, a "
                       "broadcast) leaves it out and says what identifies it instead: a "
                       "`published` date and at least one of publication, programme, section "
                       "or page.",
                       "url: https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf"),
            "publication": Doc("The newspaper, journal or channel it appeared in; shown in "
                               "the source list and exported to citation managers.",
                               "publication: The Financial Times"),
            "programme": Doc("A broadcast's programme.", "programme: Today"),
            "section": Doc("A section, column or bulletin of the publication.",
                           "section: Business"),
            "page": Doc("A page or page range (\"12-13\" shows as pp. 12-13).", "page: A1"),
            "published": Doc("When it was published, as precisely as it says.",
                             "published: 2025-01"),
            "accessed": Doc("The day the analyst last read it.", "accessed: 2026-11-20"),
            "note": Doc("What readers should know about it (editions, units, revisions); shown "
                        "after it in the source list.",
                        "note: Reserves are in tonnes of rare-earth-oxide equivalent."),
        },
    ),
    "Fact": RecordDoc(
        "under `facts:`",
        "A figure as one source gives it: one value, one unit, one as-of period. Prose shows "
        "it with `{{ fact(\"id\") }}`.",
        FACT,
        {
            "id": Doc("How prose, charts, claims and later editions name it; keep it stable.",
                      "id: ree-reserves-2025-russia"),
            "label": Doc("What the figure is, in words; shown on cards and in tables.",
                         "label: Russia's rare-earth reserves"),
            "value": Doc("The figure: a number, a [range](#range), a date or text (see "
                         "[Value kinds](#value-kinds)).", "value: 3800000"),
            "unit": Doc("The unit of a number or range (see [Units](#units)); none for text "
                        "or dates.", "unit: t REO"),
            "as_of": Doc("The period the figure describes (not when it was published).",
                         "as_of: 2024"),
            "source": Doc("The id of the source that gives it.",
                          "source: usgs-mcs-2025-rare-earths"),
            "qualifier": Doc("A bound the source puts on the value (see "
                             "[Qualifiers](#qualifiers)).", "qualifier: more-than"),
            "estimate": Doc("The source calls the figure an estimate; readers see "
                            "\"(estimate)\" after its as-of date.", "estimate: true"),
            "precision": Doc("Decimals to show; by default as many as the value has (at most "
                             "three).", "precision: 1"),
            "from": Doc("Takes the figure from a cell of one of the briefing's datasets "
                        "instead of typing it: the value and unit are the cell's and its "
                        "column's, the source the dataset's unless given, the as-of the row's "
                        "year or date unless given (see FactFrom).",
                        "from: {dataset: reserves, row: Russia, column: reserves_t}",
                        instead_of="value unit"),
            "historical": Doc("The figure describes a past period on purpose (a tariff "
                              "rate before it changed, output in a past year): the stale "
                              "as-of warning leaves it alone.", "historical: true"),
            "confidence": Doc("How far the analyst trusts the figure (see "
                              "[Confidence](#confidence)).", "confidence: medium"),
            "note": Doc("A caveat, shown in the figure's tooltip after its source.",
                        "note: USGS revised the figure in this edition."),
        },
    ),
    "Range": RecordDoc(
        "as the `value:` of a fact",
        "A figure a source gives as two ends (\"USD 250-265/kg\"), both in the fact's unit; "
        "`low` must not be above `high`.",
        "low: 250\nhigh: 265\n",
        {
            "low": Doc("The low end.", "low: 250"),
            "high": Doc("The high end.", "high: 265"),
        },
    ),
    "DerivedFact": RecordDoc(
        "under `derived:`",
        "A figure computed from other facts by a declared formula. Its sources, as-of date, "
        "estimate flag and confidence come from its inputs.",
        "id: ru-share-of-world\n"
        "label: Russia's share of world reserves\n"
        "derive: {op: share, of: [ree-reserves-2025-russia, ree-reserves-2025-world]}\n"
        "unit: \"%\"\n",
        {
            "id": Doc("How prose names it, as for a fact.", "id: ru-share-of-world"),
            "label": Doc("What the figure is, in words.",
                         "label: Russia's share of world reserves"),
            "derive": Doc("The formula (see [Derivation](#derivation)).",
                          "derive: {op: ratio, of: [ree-mine-us, ree-mine-russia]}"),
            "unit": Doc("The unit of the result; inputs are converted into it.", 'unit: "%"'),
            "precision": Doc("Decimals to show.", "precision: 1"),
            "note": Doc("A caveat shown in the tooltip.",
                        "note: Both figures are from the same edition."),
        },
    ),
    "Derivation": RecordDoc(
        "as the `derive:` of a derived fact",
        "The formula: an operation over two or more facts, named by id.",
        "op: share\nof: [ree-reserves-2025-russia, ree-reserves-2025-world]\n",
        {
            "op": Doc("The operation (see [Derivations](#derivations)).", "op: difference"),
            "of": Doc("The input facts, in order (numerator first).",
                      "of: [ru-al-output-2024, ru-al-offer]"),
        },
    ),
    "Claim": RecordDoc(
        "under `claims:`",
        "What someone said, and whether the evidence bears it out. Prose links to it with "
        "`{{ claim(\"id\") }}`.",
        "id: fifth-largest\n"
        "speaker: Reuters, reporting Vladimir Putin\n"
        "date: 2025-02-24\n"
        "words: Russia possesses the world's fifth-largest reserves of rare earth metals\n"
        "form: paraphrase\n"
        "source: reuters-2025-02-24\n"
        "verdict: outdated\n"
        "reasoning: Fifth in the 2025 edition; fourth in 2026.\n",
        {
            "id": Doc("How prose and other editions name it.", "id: fifth-largest"),
            "speaker": Doc("Who said it, and through whom if reported.",
                           "speaker: Reuters, reporting Vladimir Putin"),
            "date": Doc("When it was said.", "date: 2025-02-24"),
            "words": Doc("What was said: the exact words for a quote, else a faithful "
                         "paraphrase.", "words: Russia could supply two million tonnes"),
            "form": Doc("Whether `words` are a quote or a paraphrase (see [Form](#form)).",
                        "form: quote"),
            "source": Doc("The id of the source that reports it.",
                          "source: reuters-2025-02-24"),
            "verdict": Doc("What the evidence says of it (see [Verdicts](#verdicts)).",
                           "verdict: partly-supported"),
            "summary": Doc("The verdict in one line, shown beside the badge.",
                           "summary: Fifth in the 2025 edition; fourth in 2026"),
            "reasoning": Doc("Why the verdict, in Markdown citing facts.",
                             'reasoning: USGS puts reserves at {{ fact("ree-reserves") }}.'),
            "evidence": Doc("Facts the verdict rests on, listed under the claim.",
                            "evidence: [ree-reserves-2025-russia]"),
        },
    ),
    "Event": RecordDoc(
        "under `events:`",
        "One dated step in the story, on the timeline.",
        "date: 2023-02-24\n"
        "title: United States imposes a 200% tariff on Russian aluminium\n"
        "source: proclamation-10522\n",
        {
            "id": Doc("The entry's anchor (`#event-<id>`); it also keeps an event the same "
                      "across editions when its date or title is corrected.",
                      "id: tariff-2023"),
            "date": Doc("When it happened, as precisely as known; the timeline sorts by it.",
                        "date: 2023-02"),
            "title": Doc("What happened, in one line.",
                         "title: United States imposes a 200% tariff on Russian aluminium"),
            "source": Doc("The id of the source that reports it.",
                          "source: proclamation-10522"),
            "detail": Doc("More about it, in Markdown.",
                          "detail: Published in the Federal Register on 2 March 2023."),
        },
    ),
    "Dataset": RecordDoc(
        "under `datasets:`",
        "A table with its source and units, written inline (`rows:`) or as a CSV beside "
        "`briefing.yaml` (`csv:`), never both.",
        "id: ree-reserves-2025\n"
        "title: Rare-earth reserves by country\n"
        "source: usgs-mcs-2025-rare-earths\n"
        "columns:\n"
        "  - {name: country, type: text, label: Country}\n"
        "  - {name: reserves, type: number, unit: t REO, label: Reserves}\n"
        "rows: [[China, 44000000], [Russia, 3800000]]\n",
        {
            "id": Doc("How charts name it.", "id: ree-reserves-2025"),
            "title": Doc("The table's caption.", "title: Rare-earth reserves by country"),
            "source": Doc("The id of the source of its figures.",
                          "source: usgs-mcs-2025-rare-earths"),
            "columns": Doc("Its columns, in order (see [Column](#column)).",
                           "columns: [{name: country}, {name: reserves, type: number, "
                           "unit: t REO}]"),
            "rows": Doc("The rows inline, one list of cells each; `null` or `NA` for a missing "
                        "cell.",
                        "rows: [[China, 44000000], [Burma, null]]"),
            "csv": Doc("Instead of `rows`: a CSV file beside `briefing.yaml`, with a header "
                       "row naming the columns.", "csv: ree-reserves-2025.csv", "rows"),
            "note": Doc("A caveat about the data, shown with the table and under its charts.",
                        "note: Reserves for Burma are not available."),
        },
    ),
    "Column": RecordDoc(
        "under `columns:` of a dataset",
        "One column of a table: its name, what its cells hold and their unit.",
        "name: reserves\ntype: number\nunit: t REO\nlabel: Reserves\n",
        {
            "name": Doc("The column's name, as in the CSV header (letters, digits, `_`).",
                        "name: reserves"),
            "type": Doc("What its cells hold (see [Column types](#column-types)).",
                        "type: year"),
            "unit": Doc("The unit of a number column; axis titles show it.", "unit: kt/yr"),
            "precision": Doc("For a date column: how precise every cell is (see "
                             "[Date precisions](#date-precisions)).", "precision: month"),
            "label": Doc("The column's heading in tables and on axes.", "label: Reserves"),
        },
    ),
    "Chart": RecordDoc(
        "under `charts:`",
        "A chart over one dataset; its source line comes from the dataset's source. Which "
        "columns each kind reads is under [Chart kinds](#chart-kinds).",
        "id: ree-reserves-ranked\n"
        "kind: ranked-bar\n"
        "dataset: ree-reserves-2025\n"
        "title: Russia ranked fifth for rare-earth reserves\n"
        "x: reserves\n"
        "y: country\n",
        {
            "id": Doc("The chart's id; its downloads are named after it.",
                      "id: ree-reserves-ranked"),
            "kind": Doc("The kind of chart (see [Chart kinds](#chart-kinds)).",
                        "kind: time-series"),
            "dataset": Doc("The id of the dataset it draws.", "dataset: ree-reserves-2025"),
            "title": Doc("What the chart shows, said as a finding.",
                         "title: Russia ranked fifth for rare-earth reserves"),
            "subtitle": Doc("What is measured, and in what.",
                            "subtitle: Reserves by country, tonnes of REO"),
            "x": Doc("The column on the horizontal axis (a bar chart's values).",
                     "x: reserves"),
            "x2": Doc("A ranked bar's high end: each bar runs from `x` to `x2`.",
                      "x2: reserves_high"),
            "y": Doc("The column on the vertical axis (a bar chart's categories).",
                     "y: country"),
            "series": Doc("A column splitting the marks: one line, or one bar, per value.",
                          "series: country"),
            "total": Doc("A share bar's whole: a fact id, or the `y` value of the row holding "
                         "it.", "total: World"),
            "highlight": Doc("One row drawn in the accent colour (see "
                             "[Highlight](#highlight)).",
                             "highlight: {column: country, value: Russia}"),
            "x_title": Doc("The horizontal axis title; by default the column's label and unit.",
                           "x_title: Reserves (t REO)"),
            "y_title": Doc("The vertical axis title.", "y_title: Production (kt a year)"),
            "label": Doc("The text column naming each point in tooltips and labels.",
                         "label: country"),
            "x_scale": Doc("The horizontal axis scale (see [Axis scales](#axis-scales)).",
                           "x_scale: log"),
            "y_scale": Doc("The vertical axis scale.", "y_scale: linear"),
            "function": Doc("For a custom chart: a function in `charts.py` beside "
                            "`briefing.yaml`.", "function: reserves_dots"),
            "note": Doc("Shown to readers under the chart.",
                        "note: Burma is left out, its reserves not being known."),
        },
    ),
    "FactFrom": RecordDoc(
        "as the `from:` of a fact",
        "The dataset cell a fact's figure is taken from, so that the figure lives in one place "
        "and the prose, the card, the chart and its table agree.",
        "dataset: reserves\nrow: Russia\ncolumn: reserves_t\n",
        {
            "dataset": Doc("The id of one of the briefing's datasets.", "dataset: reserves"),
            "row": Doc("The row, by the value of its key cell (a country, a year, a date).",
                       "row: Russia"),
            "column": Doc("The column holding the figure; a number column with a unit.",
                          "column: reserves_t"),
            "key": Doc("The column whose cells name the rows; by default the dataset's first "
                       "text, year or date column.", "key: country"),
        },
    ),
    "Highlight": RecordDoc(
        "as the `highlight:` of a chart",
        "The row a chart draws in the accent colour; the text alternative gives its rank.",
        "column: country\nvalue: Russia\n",
        {
            "column": Doc("The column to look in.", "column: country"),
            "value": Doc("The value of the row to highlight, as in the table.",
                         "value: Russia"),
        },
    ),
    "Section": RecordDoc(
        "under `sections:`",
        "A heading and Markdown prose, citing facts, claims and sources by id.",
        "heading: What was offered\n"
        'body: Putin offered {{ fact("ru-al-offer") }} of aluminium a year.\n',
        {
            "id": Doc("The heading's anchor, when it should stay fixed across edits.",
                      "id: offer"),
            "heading": Doc("The section's heading.", "heading: What was offered"),
            "body": Doc("The prose, in Markdown.",
                        'body: Putin offered {{ fact("ru-al-offer") }} a year.'),
        },
    ),
}
