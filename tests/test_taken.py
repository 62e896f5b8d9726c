"""One home for each figure: a fact taken from a dataset's cell (`from:`) moves with the cell.

The fixture's Russian reserves stand once, in reserves.csv; the bottom line, a section, the
key-figure card, the derived share and the chart all show that cell. Correcting the cell
corrects every one of them in the same build. A fact that still types a figure a dataset
holds is compared with it, and a disagreement names both places.
"""

from __future__ import annotations

import re
from pathlib import Path

from devtools.projects import EXAMPLE_SLUG, ROOT, copy_project, run_main

TAKEN = ROOT / "tests" / "fixtures" / "taken"
SLUG = "taken-figures"
FOLDER = Path("data") / "briefings" / SLUG
FACT = r'<span class="fact" data-fact="ru-reserves"[^>]*>([^<]*)</span>'


def _built(project: Path) -> str:
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    return (project / "docs" / "briefings" / SLUG / "index.md").read_text(encoding="utf-8")


def _shown(page: str) -> dict[str, object]:
    """Where a reader sees Russia's reserves: the card, the section, every fact span (bottom
    line, card, section), the chart's bar and the share derived from it."""
    card = re.search(r'<figure class="kf" id="kf-ru-reserves">\s*<p class="kf__value">' + FACT,
                     page)
    share = re.search(r'<figure class="kf" id="kf-ru-share">\s*<p class="kf__value">'
                      r'<span[^>]*>([^<]*)</span>', page)
    section = re.search(r"The figure is " + FACT, page)
    bar = re.search(r'aria-label="br-x0: (\d+); country: Russia; br-label: ([^;]*);', page)
    assert card and share and section and bar, "a place that shows the figure is missing"
    return {"card": card.group(1), "share": share.group(1), "section": section.group(1),
            "prose": re.findall(FACT, page), "bar": bar.groups()}


def test_correcting_a_cell_corrects_prose_card_and_chart_together(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=TAKEN)
    before = _shown(_built(project))
    assert before == {"card": "3.8 million t REO", "share": "4.2%",
                      "section": "3.8 million t REO", "prose": ["3.8 million t REO"] * 3,
                      "bar": ("3800000", "3.8 million")}

    csv = project / FOLDER / "reserves.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Russia,3800000", "Russia,4600000"),
                   encoding="utf-8")
    page = _built(project)

    assert _shown(page) == {"card": "4.6 million t REO", "share": "5.1%",
                            "section": "4.6 million t REO", "prose": ["4.6 million t REO"] * 3,
                            "bar": ("4600000", "4.6 million")}
    assert "3.8 million" not in page
    chart_csv = project / "docs" / "briefings" / SLUG / "charts" / "reserves-ranked.csv"
    assert "Russia,4600000" in chart_csv.read_text(encoding="utf-8")


def test_a_taken_fact_is_dated_and_sourced_by_its_row(tmp_path: Path) -> None:
    """No as_of, no source: the row's year (or month) and the dataset's source stand in the
    tooltip."""
    page = _built(copy_project(tmp_path / "p", data=TAKEN))
    share = re.search(r'<span class="fact" data-fact="ru-share-2017"[^>]*data-tip="([^"]*)"'
                      r'>([^<]*)</span>', page)
    assert share is not None
    assert share.groups() == ("U.S. Geological Survey, Mineral Commodity Summaries 2025: "
                              "Rare Earths — as of 2017", "14.6%")
    # Named by another column than the first (key: month): dated by its month cell.
    price = re.search(r'<span class="fact" data-fact="price-2024-07"[^>]*data-tip="([^"]*)"'
                      r'>([^<]*)</span>', page)
    assert price is not None
    assert price.groups() == ("U.S. Geological Survey, Mineral Commodity Summaries 2025: "
                              "Rare Earths — as of July 2024", "$62.5 per kg")


def _typed(project: Path, value: str) -> None:
    """ru-reserves with its own value again, beside the CSV that holds 3,800,000."""
    path = project / FOLDER / "briefing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    from: {dataset: reserves, row: Russia, column: reserves}\n",
        f"    value: {value}\n    unit: t REO\n    source: usgs-2025\n", 1), encoding="utf-8")


def test_a_fact_that_disagrees_with_its_dataset_names_both_places(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=TAKEN)
    _typed(project, "3900000")
    run = run_main(project, "validate")
    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    assert run.err.splitlines()[0] == (
        f"error: {FOLDER}/briefing.yaml:21:12: facts[0].value: expected the figure dataset "
        f"'reserves' holds for Russia in 'reserves' (3.8 million t REO, at "
        f"{FOLDER}/reserves.csv:4:2), found 3,900,000 (3.9 million t REO) (keep the figure in "
        "one place: replace value and unit with from: {dataset: reserves, row: Russia, "
        "column: reserves}, or correct the one that is wrong)")


def test_figures_equal_at_the_precision_shown_agree(tmp_path: Path) -> None:
    """3,790,000 in the table and 3,800,000 typed both read 3.8 million t REO: no problem."""
    project = copy_project(tmp_path / "p", data=TAKEN)
    _typed(project, "3790000")
    run = run_main(project, "validate")
    assert run.code == 0, run.text


def test_another_source_may_give_another_figure(tmp_path: Path) -> None:
    """A ministry's count of reserves is not USGS's: two sources may disagree."""
    project = copy_project(tmp_path / "p", data=TAKEN)
    _typed(project, "28700000")
    path = project / FOLDER / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("facts:\n", "  - id: ministry\n    title: Reserves of rare-earth metals\n"
                        "    publisher: A ministry\n    url: https://example.org/reserves\n"
                        "facts:\n", 1)
    text = text.replace("    unit: t REO\n    source: usgs-2025\n",
                        "    unit: t REO\n    source: ministry\n", 1)
    path.write_text(text, encoding="utf-8")
    run = run_main(project, "validate")
    assert run.code == 0, run.text


def test_the_example_is_compared_with_its_tables(tmp_path: Path) -> None:
    """The rule applies to the example, where it finds every typed figure agreeing: a CSV
    corrected without its fact is caught there."""
    project = copy_project(tmp_path / "p")
    folder = project / "data" / "briefings" / EXAMPLE_SLUG
    assert run_main(project, "validate").code == 0
    csv = folder / "ree-reserves-2025.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Russia,3800000", "Russia,3900000"),
                   encoding="utf-8")
    run = run_main(project, "validate")
    assert run.code == 1, run.text
    (problem,) = [line for line in run.err.splitlines() if line.startswith("error:")]
    assert f"data/briefings/{EXAMPLE_SLUG}/ree-reserves-2025.csv:6:2" in problem
    assert "(3.9 million t REO, at" in problem
    assert "found 3,800,000 (3.8 million t REO)" in problem


def test_another_figure_of_the_same_row_is_not_compared(tmp_path: Path) -> None:
    """A share of world output is not the cell of a table of shares by year, though source,
    row (2017) and column name (share) all match: the label says more than the table."""
    project = copy_project(tmp_path / "p", data=TAKEN)
    path = project / FOLDER / "briefing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("derived:\n", (
        "  - id: ru-world-share-2017\n    label: Russia's share of world output, 2017\n"
        "    value: 50\n    unit: \"%\"\n    as_of: 2017\n    source: usgs-2025\n"
        "  - id: ru-share-2017-typed\n    label: Russia's share, 2017\n"
        "    value: 15\n    unit: \"%\"\n    as_of: 2017\n    source: usgs-2025\n"
        "derived:\n"), 1), encoding="utf-8")
    run = run_main(project, "validate")
    # Only the typed copy of the table's own figure (14.6%) is compared, and disagrees.
    assert run.code == 1, run.text
    (problem,) = [line for line in run.err.splitlines() if line.startswith("error:")]
    assert "facts[5].value: expected the figure dataset 'shares' holds for 2017 in 'share' " \
           f"(14.6%, at {FOLDER}/briefing.yaml:" in problem
    assert problem.endswith("found 15 (15%) (keep the figure in one place: replace value and "
                            "unit with from: {dataset: shares, row: 2017, column: share}, or "
                            "correct the one that is wrong)")
