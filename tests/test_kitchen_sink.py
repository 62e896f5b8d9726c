"""The kitchen-sink briefing (tests/fixtures/kitchen-sink, synthetic data): every value kind,
date precision, qualifier, derivation, verdict and chart kind but custom, built together.

A reader must see each figure the same way wherever it stands: in its key-figure card, in
the prose, in a chart (axis, labels), in the chart's data table and in its text
alternative. The page is built once, in this process, and read as HTML and in Chromium.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecheck import reach_charts

from briefing.fields import VERDICT_TEXT
from devtools.projects import ROOT, built_copy, run_main
from devtools.server import Server

FIXTURE = ROOT / "tests" / "fixtures" / "kitchen-sink"
SLUG = "kitchen-sink"
PAGE = f"/briefings/{SLUG}/"
pytestmark = pytest.mark.xdist_group("kitchen-sink")


@pytest.fixture(scope="session")
def sink(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kitchen-sink project, validated and built (strict MkDocs) once."""
    return built_copy(tmp_path_factory.mktemp("sink") / "p", FIXTURE, "validate", "build")


@pytest.fixture(scope="session")
def sink_server(sink: Path) -> Iterator[Server]:
    with Server(sink / "site") as server:
        yield server


@pytest.fixture(scope="module")
def text(sink: Path) -> str:
    """The briefing page's visible text, tags dropped and entities read."""
    page = (sink / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    # Inline elements run on with their neighbours ("30,000 t[1]"); blocks are apart.
    body = re.sub(r"</?(?:span|sup|a|time|em|strong|code|abbr)\b[^>]*>", "", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_validate_counts_every_record(sink: Path) -> None:
    result = run_main(sink, "validate")
    assert result.code == 0
    assert "ok: 1 briefing(s), 18 facts, 10 claims; no problems." in result.text


def test_the_page_says_its_data_are_synthetic(text: str) -> None:
    assert "Synthetic test data: a kitchen-sink briefing" in text
    assert "Bottom line Synthetic test data." in text


@pytest.mark.parametrize(("shown", "why"), [
    ("about 1.2 million t", "an integer, qualifier about, compact tonnes"),
    ("$62.5 per kg", "a float, a price per kilogram"),
    ("3.8–4.1 million t", "a range: both ends, one unit"),
    ("Under review", "a text value"),
    ("30 September 2025", "a date value"),
    ("at most 480,000 t a year", "kt/yr: per year, shown in tonnes; at-most"),
    ("3.14 kg per person (low confidence)", "per person, precision 2, low confidence"),
    ("more than 1,250 pallets", "a unit from data/units.txt; more-than"),
    ("less than $50 per kg", "a ratio into USD/kg; less-than from its numerator"),
    ("at least 30,000 t", "at-least"),
    ("about 35.0%", "a share of an 'about' total, precision 1"),
    ("up 30,000 t[1] on the year before", "a difference"),
    ("the two produced 730,000 t[1]", "a sum"),
])
def test_every_value_kind_unit_qualifier_and_derivation_reads(text: str, shown: str,
                                                              why: str) -> None:
    assert shown in text, why


@pytest.mark.parametrize("as_of", [
    "As of 15 June 2024 (estimate)",  # day, and an estimate
    "As of June 2024",  # month: never "1 June 2024"
    "As of Q2 2024",  # quarter
    "As of 2024",  # year
    "As of 2020–2023 (estimate)",  # a span of years
])
def test_cards_give_each_date_at_its_precision(text: str, as_of: str) -> None:
    assert as_of in text


def test_no_date_is_made_more_precise_than_given(text: str) -> None:
    for invented in ("1 June 2024", "1 January 2024", "1 April 2024", "1 July 2023",
                     "2024-06", "2023-Q1"):
        assert invented not in text


def test_every_verdict_and_both_forms_of_words(sink: Path, text: str) -> None:
    page = (sink / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    shown = {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<span class="verdict verdict--([a-z-]+)">([^<]*)</span>', page)}
    assert shown == VERDICT_TEXT
    assert "“Syldavia is the largest widget producer in the world.”" in text
    assert "Paraphrase: Syldavia produces most of the world's widgets." in text


def test_events_with_and_without_details(text: str) -> None:
    assert ("24 February 2025 The ministry opens an export licence review[3] Synthetic test "
            "data. The review is due to end in September 2025.") in text
    assert "June 2024 The widget oxide price reaches a high[1] Q2 2024" in text


def test_tables_without_a_chart_show_dates_and_numbers_as_readers_read_them(
        text: str) -> None:
    """A day as "24 February 2025" (not 2025-02-24), a year as itself, numbers with
    separators, as a chart's data table shows them."""
    assert "Day Notice 24 February 2025 Review opened 3 March 2025 Hearing held" in text
    assert "Year Pallets (pallets) 2021 1,100 2022 1,180 2023 1,250" in text


def test_every_chart_kind_but_custom_is_drawn(sink: Path) -> None:
    page = (sink / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    kinds = re.findall(r'<figure class="chart chart--([a-z-]+)[" ]', page)
    assert sorted(kinds) == ["ranked-bar", "ranked-bar", "scatter", "share-bar",
                             "time-series", "time-series"]
    assert page.count("<svg") >= 6


# --- In Chromium: what a reader sees of each figure, wherever it stands -----------------


@pytest.fixture(scope="module")
def tab(browser: Any, sink_server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(sink_server.url + PAGE)
    # charts.js replaces a drawn chart with its interactive view once a reader reaches it.
    reach_charts(page)
    yield page
    context.close()


def card(tab: Any, fact_id: str) -> tuple[str, str]:
    """A key-figure card's figure and its as-of line, as shown."""
    box = tab.locator(f"#kf-{fact_id}")
    return (box.locator(".kf__value .fact").inner_text(),
            box.locator(".kf__asof").text_content())


def prose(tab: Any, where: str, fact_id: str) -> str:
    return tab.locator(f'{where} [data-fact="{fact_id}"]').first.inner_text()


def chart_texts(tab: Any, chart_id: str) -> list[str]:
    """The texts of the chart the reader sees (axis ticks and titles, bar labels)."""
    svg = tab.locator(f"#chart-{chart_id} svg:visible")
    assert svg.count() == 1, chart_id
    return [t.strip() for t in svg.locator("text").all_text_contents()]


def table(tab: Any, chart_id: str) -> list[list[str]]:
    rows = tab.locator(f"#chart-{chart_id} .chart__data tbody tr")
    return [[c.strip() for c in row.locator("td").all_text_contents()] for row in rows.all()]


def alt(tab: Any, chart_id: str) -> str:
    return tab.locator(f"#chart-{chart_id}-desc").inner_text()


def test_a_range_shows_both_ends_and_its_unit_everywhere(tab: Any) -> None:
    assert card(tab, "reserve-range") == ("3.8–4.1 million t", "As of 15 June 2024 (estimate)")
    assert prose(tab, ".bottom-line", "reserve-range") == "3.8–4.1 million t"
    assert prose(tab, "#prices ~ p", "reserve-range") == "3.8–4.1 million t"
    texts = chart_texts(tab, "reserve-ranges")
    # One magnitude word for both ends; ends of different magnitudes written in full.
    assert texts[-3:] == ["3.8–4.1 million", "1.5–2.6 million", "900,000–1,000,000"]
    assert "Low estimate to High estimate (t)" in texts
    assert table(tab, "reserve-ranges")[0] == ["Syldavia", "3,800,000", "4,100,000"]
    assert ("Syldavia 3.8 million t to 4.1 million t; Borduria 1.5 million t to 2.6 million "
            "t; Carpania 900,000 t to 1 million t.") in alt(tab, "reserve-ranges")


def test_a_price_per_kilogram_and_its_monthly_series(tab: Any) -> None:
    assert card(tab, "price-kg") == ("$62.5 per kg", "As of June 2024")
    assert prose(tab, ".bottom-line", "price-kg") == "$62.5 per kg"
    assert prose(tab, "#prices ~ p", "export-price") == "less than $50 per kg"
    texts = chart_texts(tab, "monthly-price")
    # Every tick a month with its year, none a day; the axis says the unit per kilogram.
    assert texts[:6] == ["Jul 2023", "Sep 2023", "Nov 2023", "Jan 2024", "Mar 2024",
                         "May 2024"]
    assert "Price (USD/kg)" in texts and "62.5" in texts
    rows = table(tab, "monthly-price")
    assert rows[0] == ["July 2023", "55.2"]
    assert rows[7] == ["February 2024", "n/a"]
    assert rows[-1] == ["June 2024", "62.5"]
    assert alt(tab, "monthly-price") == (
        "What the chart shows: Line chart of Price by Month, July 2023 to June 2024 "
        "(11 points). Highest: $62.5 per kg (June 2024). Lowest: $54.8 per kg (September "
        "2023). Latest: $62.5 per kg (June 2024). No data for February 2024.")


def test_a_quarterly_series(tab: Any) -> None:
    assert card(tab, "output-quarter") == ("45,000 t", "As of Q2 2024")
    assert prose(tab, ".bottom-line", "output-quarter") == "45,000 t"
    texts = chart_texts(tab, "quarterly-output")
    assert texts[:6] == ["Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024"]
    assert "Output (kt)" in texts
    assert [row[0] for row in table(tab, "quarterly-output")] == [
        "Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024"]
    assert alt(tab, "quarterly-output") == (
        "What the chart shows: Line chart of Output by Quarter, Q1 2023 to Q2 2024 "
        "(6 points). Highest: 45,000 t (Q2 2024). Lowest: 38,000 t (Q1 2023). "
        "Latest: 45,000 t (Q2 2024).")


def test_ties_are_reported_in_every_chart_that_has_them(tab: Any) -> None:
    assert "Lowest: Dorlandia and Elbonia, 40,000 t each." in alt(tab, "producers-ranked")
    assert "Smallest: Dorlandia and Elbonia (3.3% each)." in alt(tab, "producer-shares")
    assert ("Highest Output: Syldavia, 420,000 t; lowest: Dorlandia and Elbonia, 40,000 t "
            "each.") in alt(tab, "capacity-use")
    assert "Rest of the total 6.7%" in chart_texts(tab, "producer-shares")


def test_key_figure_cards_share_one_width_on_a_phone(browser: Any,
                                                     sink_server: Server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(sink_server.url + PAGE)
        widths = page.evaluate("() => [...document.querySelectorAll('.kf')].map(e => "
                               "e.getBoundingClientRect().width)")
        assert len(widths) == 8
        assert max(widths) - min(widths) <= 1, widths
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, "the page scrolls sideways on a phone"
    finally:
        context.close()


# Every text of every chart, as a box: (text, left, right, top, bottom, opacity) relative to
# the chart's container.
CHART_TEXT_BOXES = """id => {
  const live = document.querySelector('#chart-' + id + ' .chart__live');
  const r = live.getBoundingClientRect();
  return [...live.querySelectorAll('svg text')].map(t => {
    const b = t.getBoundingClientRect();
    return [t.textContent, b.left - r.left, b.right - r.left, b.top - r.top, b.bottom - r.top,
            Number(getComputedStyle(t).opacity) * Number(t.getAttribute('opacity') ?? 1),
            r.width];
  });
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_texts_stay_inside_the_chart_and_apart(browser: Any, sink_server: Server,
                                                     width: int) -> None:
    """Bar labels past the bars' ends and legend entries stay within the chart on a phone
    (they ran off its edge: "3.8–4.1 millio"); point labels never run into each other."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(sink_server.url + PAGE)
        reach_charts(page)
        for chart_id in ("producers-ranked", "reserve-ranges", "monthly-price",
                         "quarterly-output", "producer-shares", "capacity-use"):
            boxes = page.evaluate(CHART_TEXT_BOXES, chart_id)
            assert boxes, chart_id
            outside = [b[0] for b in boxes if b[5] > 0 and (b[1] < -1 or b[2] > b[6] + 1)]
            assert outside == [], (chart_id, outside)
        shown = sorted((b for b in page.evaluate(CHART_TEXT_BOXES, "monthly-price")
                        if b[5] > 0 and re.fullmatch(r"\d+(\.\d)?", b[0])),
                       key=lambda b: b[1])
        labels = [b for b in shown if b[0] not in ("0", "10", "20", "30", "40", "50", "60")]
        clashes = [(a[0], b[0]) for a, b in itertools.pairwise(labels)
                   if a[2] > b[1] and a[4] > b[3] and b[4] > a[3]]
        assert clashes == [], clashes
        if width == 1280:
            assert len(labels) == 11  # room for every point's label
    finally:
        context.close()


def test_numbers_in_tables_are_right_aligned(tab: Any) -> None:
    """In a chart's data table and in a table no chart draws (Material's own table rule
    had left them flush left)."""
    for cell in ("#chart-monthly-price td.num", "#data-yearly-stockpile td.num",
                 "#data-yearly-stockpile th.num"):
        assert tab.locator(cell).first.evaluate("e => getComputedStyle(e).textAlign") == (
            "right"), cell
    assert tab.locator("#data-daily-notices td").first.evaluate(
        "e => getComputedStyle(e).textAlign") == "left"


def test_facts_json_says_what_each_number_means(sink: Path) -> None:
    """A machine reading value 1250 also reads "more than", and that 3.8–4.1 million is an
    estimate of medium confidence: what the page says beside each figure."""
    import json

    import jsonschema

    folder = sink / "site" / "briefings"
    data = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((folder / "facts.schema.json").read_text()))
    facts = data["briefings"][SLUG]["facts"]
    meant = {i: (f["quantity"]["value"], f["quantity"]["qualifier"],
                 f["quantity"]["estimate"], f["confidence"]) for i, f in facts.items()}
    assert meant["stockpile"] == (1250, "more-than", True, "high")
    assert meant["reserve-range"] == ({"high": 4100000, "low": 3800000}, None, True, "medium")
    assert meant["export-price"] == (50.0, "less-than", False, "high")  # derived
    assert meant["capacity"][1:] == ("at-most", False, "high")
    assert meant["use-per-person"][1:] == (None, False, "low")
    assert {q for _, q, _, _ in meant.values()} == {None, "about", "more-than", "less-than",
                                                     "at-least", "at-most"}


def test_static_charts_fit_a_phone_whole(browser: Any, sink_server: Server) -> None:
    """Before any chart is touched (Vega loads only then), every static chart fits the
    column at 390 px: nothing of it is out of sight to the right."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(sink_server.url + PAGE)
        wide = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].filter(
            f => { const g = f.querySelector('.chart__graphic');
                   return g.scrollWidth > g.clientWidth + 1; }).map(f => f.id)""")
        assert wide == []
        assert page.locator("figure.chart--live").count() == 0
    finally:
        context.close()
