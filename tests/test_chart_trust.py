"""Charts that do not mislead (the trust issue): dates at the data's precision with the year
on every time axis, lines broken only where a value is marked missing, shares that say
what they are of, ties and both ends of ranges in the text, key-figure cards of one width.
Built from tests/fixtures/trust (synthetic data)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from devtools.projects import EXAMPLE_SLUG, ROOT, copy_project, run_cli
from devtools.server import Server

FIXTURE = ROOT / "tests" / "fixtures" / "trust"
SLUG = "chart-trust"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = copy_project(tmp_path_factory.mktemp("trust") / "p", data=FIXTURE)
    result = run_cli(project, "build", "--no-mkdocs")
    assert result.code == 0, result.text
    return (project / "docs" / "briefings" / SLUG / "index.md").read_text()


def figure(page: str, chart_id: str) -> str:
    start = page.index('<figure class="chart chart--')
    start = page.index(f'id="chart-{chart_id}"', start)
    return page[start:page.index("</figure>", start)]


def alt_text(page: str, chart_id: str) -> str:
    match = re.search(rf'id="chart-{chart_id}-desc"><span[^>]*>[^<]*</span> (.*?)</p>', page)
    assert match, chart_id
    return html.unescape(match.group(1))


def svg_texts(fig: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", fig)]


def cells(fig: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<td[^>]*>([^<]*)</td>", fig)]


def test_month_axis_table_and_text_carry_the_year_not_a_day(page: str) -> None:
    fig = figure(page, "monthly-price")
    ticks = svg_texts(fig)
    assert "Jan 2023" in ticks and "Jan 2024" in ticks
    assert "June 2023" in cells(fig) and "2023-06" not in cells(fig)
    text = alt_text(page, "monthly-price")
    assert "January 2023 to January 2024" in text
    assert "1 June 2023" not in page and "1 January 2023" not in page
    assert "No data for May 2023." in text  # the cell marked missing, and only it


def test_quarter_axis_says_q2_2023(page: str) -> None:
    fig = figure(page, "quarterly-output")
    assert {"Q1 2023", "Q2 2023", "Q4 2023", "Q1 2024"} <= set(svg_texts(fig))
    assert "Q2 2023" in cells(fig)
    assert "Highest: 47 t (Q4 2023)." in alt_text(page, "quarterly-output")
    assert "No data" not in alt_text(page, "quarterly-output")


def test_share_of_a_real_total_says_so_on_its_axis(page: str) -> None:
    fig = figure(page, "producer-shares")
    texts = svg_texts(fig)
    assert "Share of World production (%)" in texts
    assert "Production (t)" not in texts
    assert "Rest of the total 1.6%" in texts and "Russia 44%" in texts
    text = alt_text(page, "producer-shares")
    assert "Largest: China and Russia (44% each)." in text
    assert "Smallest: India (4.4%)." in text


def test_ties_are_named(page: str) -> None:
    assert "Highest: China and Russia, 44 t each." in alt_text(page, "producers-ranked")


def test_range_bar_names_both_ends(page: str) -> None:
    text = alt_text(page, "reserve-ranges")
    assert "China 40 t to 44 t; Russia 10 t to 21 t; Brazil 5 t to 6 t." in text
    fig = figure(page, "reserve-ranges")
    assert "40–44" in svg_texts(fig)
    assert "Low estimate to High estimate (t)" in svg_texts(fig)
    assert cells(fig)[:3] == ["China", "40", "44"]


def test_shares_without_a_total_say_they_are_of_the_rows_shown(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=FIXTURE)
    path = project / "data" / "briefings" / SLUG / "briefing.yaml"
    path.write_text(path.read_text().replace("    total: world-output\n", ""))
    result = run_cli(project, "build", "--no-mkdocs")
    assert result.code == 0, result.text
    built = (project / "docs" / "briefings" / SLUG / "index.md").read_text()
    assert "Share of the total of the rows shown (%)" in svg_texts(
        figure(built, "producer-shares"))


def test_example_keeps_its_marked_gap(built_example: Path) -> None:
    html_page = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    assert "No data for 2019–2021." in html.unescape(html_page)


@pytest.mark.parametrize("width", [390, 1280])
def test_key_figure_cards_share_one_width(example_server: Server, browser: Any,
                                          width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(example_server.url + f"/briefings/{EXAMPLE_SLUG}/")
        widths = tab.evaluate(
            "() => [...document.querySelectorAll('.kf')].map(e => "
            "e.getBoundingClientRect().width)")
        assert len(widths) >= 2
        assert max(widths) - min(widths) <= 1, widths
        grid = tab.evaluate("() => document.querySelector('.key-figures')"
                            ".getBoundingClientRect().width")
        assert max(widths) <= grid + 1
    finally:
        context.close()
