"""Charts (issue 3): static SVG with text alternative, source, data and downloads; an
interactive view with tooltips from the local Vega bundle; a cache that renders only what
changed; errors with file, line and the known names."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sitecheck import reach_charts, search_pages

from bench.charts import synthetic_jobs
from briefing import charts
from briefing.charts.describe import describe
from briefing.charts.render import POOL_MIN_CHARTS, render_jobs, worker_count
from briefing.charts.specs import SEG
from briefing.charts.specs_xy import time_series
from briefing.charts.theme import FONT, PALETTE
from briefing.errors import Problems
from briefing.model import Chart, Column, Dataset, Highlight
from briefing.pipeline import Project, validate
from devtools.projects import (
    EXAMPLE_SLUG,
    ROOT,
    Run,
    allow_custom_charts,
    copy_project,
    run_cli,
    run_main,
)
from devtools.server import Server

FIXTURE = ROOT / "tests" / "fixtures" / "charts"
FIXTURE_SLUG = "chart-sample"
PAGE = f"/briefings/{EXAMPLE_SLUG}/"
SUMMARY = re.compile(r"charts: (\d+) rendered, (\d+) from cache")


def summary(text: str) -> tuple[int, int]:
    match = SUMMARY.search(text)
    assert match, f"no chart summary in the build output:\n{text}"
    return int(match.group(1)), int(match.group(2))


def cell(value: Any) -> str:
    return "" if value is None else str(value)


# --- the built page ---------------------------------------------------------------------------


def test_example_page_has_four_sourced_downloadable_charts(built_example: Path) -> None:
    """Each chart: an SVG image with a name, a source line, a data table and four
    downloads whose files exist; the CSV holds the dataset's rows."""
    html = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    figures = re.findall(r'<figure class="chart chart--[a-z-]+" id="chart-([a-z0-9-]+)">(.*?)'
                         r"</figure>", html, re.S)
    assert len(figures) >= 4, "the example briefing should have at least four charts"
    (rb,) = validate(Project(built_example))
    by_id = {c.id: c for c in rb.charts}
    for chart_id, body in figures:
        assert re.search(rf'<svg [^>]*role="img" aria-labelledby="chart-{chart_id}-title" '
                         rf'aria-describedby="chart-{chart_id}-desc"', body), chart_id
        assert f'id="chart-{chart_id}-title"' in body and f'id="chart-{chart_id}-desc"' in body
        dataset = rb.datasets[by_id[chart_id].dataset]
        source = rb.sources[dataset.source]
        assert f"Source: {source.publisher}, " in body.replace("&#39;", "'")
        table = re.search(r'<details class="chart__data" data-search-exclude>.*?<tbody>(.*?)'
                          r"</tbody>", body, re.S)
        assert table, f"{chart_id}: no data table"
        rows = rb.tables[dataset.id].rows
        assert table.group(1).count("<tr>") == len(rows)
        links = re.findall(r'<a href="(charts/[^"]+)" download>', body)
        assert links == [f"charts/{chart_id}.csv", f"charts/{chart_id}.vl.json",
                         f"charts/{chart_id}.png", f"charts/{chart_id}.zip"]
        folder = built_example / "site" / "briefings" / EXAMPLE_SLUG
        for link in links:
            assert (folder / link).is_file(), link
        got = list(csv.reader(io.StringIO((folder / links[0]).read_text())))
        names = [c.name for c in dataset.columns]
        assert got == [names] + [[cell(r[n]) for n in names] for r in rows]
        spec = json.loads((folder / links[1]).read_text())
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert "Source: " in " ".join(spec["title"]["text"])
        assert (folder / links[2]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # The interactive view's spec is a file beside the page, fetched when a reader
        # reaches for the chart, not inlined in every page load.
        assert f'data-spec="charts/{chart_id}.view.json"' in body
        view = json.loads((folder / "charts" / f"{chart_id}.view.json").read_text())
        assert view["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert '"$schema"' not in body


def test_chart_scripts_only_on_pages_with_charts(built_example: Path) -> None:
    site = built_example / "site"
    assert "vega-bundle.js" in (site / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    for page in (site / "index.html", site / "briefings" / "index.html"):
        assert "vega-bundle.js" not in page.read_text(), page
    bundle = site / "briefings" / "_assets" / "vega-bundle.js"
    assert bundle.stat().st_size > 500_000  # Vega, Vega-Lite and Vega-Embed, offline
    assert "vegaEmbed" in bundle.read_text()


def test_chart_text_stays_out_of_search(built_example: Path) -> None:
    pages = search_pages(built_example / "site")
    assert f"/briefings/{EXAMPLE_SLUG}/" in pages, sorted(pages)
    text = " ".join(page["content"] for page in pages.values())
    assert "Russia" in text and "Krasnoyarsk" in text  # the prose is indexed
    assert "chart__spec" not in text and '"$schema"' not in text
    assert "40M" not in text  # a tick label inside the SVG
    # Cells of the data tables: India's and Tanzania's reserves, which no page cites (a cited
    # figure is indexed with its other spellings, "44,000,000" for "44 million", on purpose).
    assert "6,900,000" not in text
    assert "890,000" not in text


def test_a_chart_in_the_page_names_its_font_once(built_example: Path) -> None:
    """The inline SVG gives the theme's font on its root, for its text to inherit, not on
    each text mark; the PDF's SVG is vl-convert's own (tests/test_pdf.py)."""
    html = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    svgs = re.findall(r"<svg [^>]*chart__svg.*?</svg>", html, re.S)
    assert len(svgs) >= 4
    for svg in svgs:
        root, body = svg.split(">", 1)
        assert f'font-family="{FONT}"' in root
        assert "font-family=" not in body and ' opacity="1"' not in body
        assert "<text" in body


# --- in the browser ----------------------------------------------------------------------------


def test_static_charts_show_without_javascript(example_server: Server, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                       "height": 900})
    try:
        page = context.new_page()
        page.goto(example_server.url + PAGE)
        figures = page.locator("figure.chart")
        assert figures.count() >= 4
        for i in range(figures.count()):
            svg = figures.nth(i).locator("svg.chart__svg")
            assert svg.is_visible()
            box = svg.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 40
            assert figures.nth(i).locator(".vega-embed").count() == 0
            # Drawn marks, not an empty frame.
            assert svg.locator("path, line, text, circle").count() > 10
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_chart_off_screen_keeps_its_size_before_it_is_drawn(
        example_server: Server, browser: Any, width: int) -> None:
    """The browser skips laying out a static chart until a reader scrolls near it
    (briefing.css), but its box already has the size the drawn chart will have: nothing on
    the page moves when it is drawn, on a phone or a desktop."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    heights = """() => [...document.querySelectorAll('figure.chart .chart__graphic')].map(
        g => Math.round(g.getBoundingClientRect().height))"""
    try:
        page = context.new_page()
        page.goto(example_server.url + PAGE)
        skipped = page.evaluate("""() => [...document.querySelectorAll(
            'figure.chart .chart__graphic')].map(g => getComputedStyle(g).contentVisibility)""")
        assert skipped and set(skipped) == {"auto"}, skipped
        before = page.evaluate(heights)
        figures = page.locator("figure.chart")
        for i in range(figures.count()):  # each drawn in turn, as a reader scrolls down
            figures.nth(i).locator(".chart__graphic").evaluate("g => g.scrollIntoView()")
            page.wait_for_timeout(100)
        after = page.evaluate(heights)
        assert all(abs(a - b) <= 1 for a, b in zip(before, after, strict=True)), (before,
                                                                                   after)
        assert page.locator("figure.chart--live").count() == 0  # still the static SVGs
    finally:
        context.close()


def test_vega_loads_only_when_a_reader_reaches_for_a_chart(example_server: Server,
                                                            browser: Any) -> None:
    """Reading costs no Vega: the bundle is fetched on the first hover, focus or tap on a
    chart, never on idle, and only the chart reached becomes live."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    bundles: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: bundles.append(r.url) if "vega-bundle" in r.url else None)
        page.goto(example_server.url + PAGE)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2_500)  # past charts.js's old idle timeout (2 s)
        assert bundles == [], "the Vega bundle was fetched before any chart was reached"
        assert page.locator("figure.chart--live").count() == 0
        # Keyboard: tab into the second chart (its data-table toggle).
        second = page.locator("figure.chart").nth(1)
        second.locator("summary").first.focus()
        page.wait_for_function(
            "document.querySelectorAll('figure.chart')[1].classList.contains('chart--live')",
            timeout=20_000)
        assert len(bundles) == 1
        assert page.locator("figure.chart--live").count() == 1
    finally:
        context.close()


def test_interactive_charts_with_tooltips_and_no_outside_requests(
        example_server: Server, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    problems: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith(
                example_server.url):
            outside.append(url)
            r.abort()
        else:
            r.continue_()

    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(example_server.url + PAGE)
        figures = page.locator("figure.chart")
        count = figures.count()
        assert count >= 4
        assert reach_charts(page) == count
        assert page.locator("figure.chart .vega-embed").count() == count
        for i in range(count):
            assert not figures.nth(i).locator("svg.chart__svg").is_visible()
            assert figures.nth(i).locator(".chart__live svg").is_visible()
        # Hover over China's bar in the first ranked chart: a tooltip names it.
        bars = page.locator(
            "figure.chart--ranked-bar .chart__live path[aria-roledescription='bar']")
        bars.first.scroll_into_view_if_needed()
        bars.first.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert "China" in tooltip.inner_text()
        assert outside == [], f"requests left the site: {outside}"
        assert problems == [], f"console errors: {problems}"
    finally:
        context.close()


def test_charts_follow_the_dark_scheme(example_server: Server, browser: Any) -> None:
    """The same SVG and the interactive view both take the slate scheme's colours."""
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(example_server.url + PAGE)
        page.locator("figure.chart--ranked-bar").first.hover()
        page.wait_for_selector("figure.chart--ranked-bar.chart--live")
        bar = PALETTE["bar"]
        static = page.evaluate(
            f"""() => getComputedStyle(document.querySelector(
                'figure.chart--ranked-bar svg.chart__svg [fill="{bar}"]')).fill""")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert static == "rgb(138, 180, 248)"  # --br-chart-bar in slate, not the light navy
        live = page.evaluate(
            """() => document.querySelector("figure.chart--ranked-bar .chart__live "
                + "path[aria-roledescription='bar']").getAttribute('fill')""")
        assert live == "#8ab4f8"
        # On paper: the static SVG again, in the light palette.
        page.emulate_media(media="print")
        figure = page.locator("figure.chart--ranked-bar").first
        assert figure.locator("svg.chart__svg").is_visible()
        assert not figure.locator(".chart__live").is_visible()
        printed = page.evaluate(
            f"""() => getComputedStyle(document.querySelector(
                'figure.chart--ranked-bar svg.chart__svg [fill="{bar}"]')).fill""")
        assert printed == "rgb(44, 74, 115)"  # the light navy
    finally:
        context.close()


# --- the cache --------------------------------------------------------------------------------


def test_rebuild_renders_only_what_changed(tmp_path: Path) -> None:
    project = allow_custom_charts(copy_project(tmp_path / "p", data=FIXTURE), FIXTURE_SLUG)
    first = run_cli(project, "build", "--no-mkdocs", "--workers", "2")  # the spawned pool
    assert first.code == 0, first.text
    assert summary(first.out) == (5, 0)
    again = run_main(project, "build", "--no-mkdocs")  # in this process, from the same cache
    assert again.code == 0, again.text
    assert summary(again.out) == (0, 5)
    # One dataset changes: its two charts (ranked bar and custom) are drawn again.
    path = project / "data" / "briefings" / FIXTURE_SLUG / "reserves.csv"
    path.write_text(path.read_text().replace("Russia,3800000", "Russia,3900000"))
    edited = run_main(project, "build", "--no-mkdocs")
    assert edited.code == 0, edited.text
    assert summary(edited.out) == (2, 3)
    download = project / "docs" / "briefings" / FIXTURE_SLUG / "charts" / "reserves-ranked.csv"
    assert "Russia,3900000" in download.read_text()
    # The fact taken from that cell moved with it.
    page = project / "docs" / "briefings" / FIXTURE_SLUG / "index.md"
    assert re.search(r'Russia holds <span class="fact" data-fact="ru-reserves"[^>]*>'
                     r"3\.9 million t REO</span>", page.read_text())


def test_pool_and_single_process_render_alike() -> None:
    jobs = synthetic_jobs(3, seed=1)
    one = render_jobs(jobs, workers=1, progress=False)
    two = render_jobs(jobs, workers=2, progress=False)
    assert one.keys() == two.keys() == {key for key, _, _ in jobs}
    for key in one:
        assert one[key][0] == two[key][0]  # the same SVG from a spawned worker


# --- errors ----------------------------------------------------------------------------------


def _fixture_project(tmp_path: Path) -> Path:
    return allow_custom_charts(copy_project(tmp_path / "p", data=FIXTURE), FIXTURE_SLUG)


def _edit(project: Path, old: str, new: str, name: str = "briefing.yaml") -> None:
    path = project / "data" / "briefings" / FIXTURE_SLUG / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _refused(project: Path) -> Run:
    """`build.py validate` on the project (in this process): it must exit 1."""
    result = run_main(project, "validate")
    assert result.code == 1, result.text
    return result


def _line_of(project: Path, needle: str, name: str = "briefing.yaml") -> int:
    lines = (project / "data" / "briefings" / FIXTURE_SLUG / name).read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_unknown_column_fails_validation_with_line_and_suggestion(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, "    x: reserves\n    y: country\n    highlight",
          "    x: reserve\n    y: country\n    highlight")
    result = _refused(project)
    line = _line_of(project, "x: reserve")
    assert f"briefing.yaml:{line}:" in result.err
    assert "did you mean 'reserves'?" in result.err
    assert "Traceback" not in result.text
    build = run_main(project, "build")
    assert build.code == 1 and not (project / "docs" / "briefings").exists()
    assert not (project / "site").exists()


@pytest.mark.parametrize(("edits", "says"), [
    ({"    x: reserves\n    y: country\n    highlight":
      "    x: country\n    y: country\n    highlight"},
     ["a number column for a ranked-bar chart", "columns that fit: reserves"]),
    ({"    dataset: share\n": "    dataset: shares\n",
      "highlight: {column: country, value: Russia}\n  - id: mine-scatter":
      "highlight: {column: country, value: Rusia}\n  - id: mine-scatter"},
     ["did you mean 'share'?", "did you mean 'Russia'?"]),
], ids=["column-of-the-wrong-type", "unknown-dataset-and-highlight-value"])
def test_a_refused_chart_names_what_would_fit(edits: dict[str, str], says: list[str],
                                              tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    for old, new in edits.items():
        _edit(project, old, new)
    result = _refused(project)
    for phrase in says:
        assert phrase in result.err


def test_log_scale_refuses_zero(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, "Brazil,20,", "Brazil,0,", name="mine.csv")
    result = _refused(project)
    assert f"mine.csv:{_line_of(project, 'Brazil', 'mine.csv')}" in result.err
    assert "logarithmic" in result.err


def test_missing_custom_function_names_charts_py(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, "function: reserves_dots", "function: reserve_dots")
    result = _refused(project)
    line = _line_of(project, "function: reserve_dots")
    assert f"briefing.yaml:{line}:" in result.err
    assert "charts.py" in result.err and "did you mean 'reserves_dots'?" in result.err


def test_exception_in_custom_chart_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, '    known = [r for r in rows if r["reserves"] is not None]\n',
          '    known = [r for r in rows if r["reserve"] is not None]\n', name="charts.py")
    result = _refused(project)
    line = _line_of(project, 'r["reserve"]', "charts.py")
    assert f"charts.py:{line}: reserves_dots() for chart 'reserves-custom'" in result.err
    assert "KeyError" in result.err
    assert "Traceback" not in result.text


def test_custom_charts_py_with_a_syntax_error(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, "def reserves_dots(rows):", "def reserves_dots(rows)", name="charts.py")
    result = _refused(project)
    assert "charts.py:" in result.err and "SyntaxError" in result.err


# --- words and colours -------------------------------------------------------------------------


def _reserves() -> tuple[Dataset, list[dict[str, Any]]]:
    columns = [Column(name="country", type="text", label="Country"),
               Column(name="reserves", type="number", unit="t REO", label="Reserves")]
    dataset = Dataset(id="r", title="Reserves", source="s", columns=columns, csv="r.csv")
    rows = [{"country": "China", "reserves": 44_000_000}, {"country": "Russia",
            "reserves": 3_800_000}, {"country": "Brazil", "reserves": 21_000_000},
            {"country": "Thailand", "reserves": 4_500}, {"country": "Burma", "reserves": None}]
    return dataset, rows


def test_text_alternative_names_extremes_and_the_highlighted_rank() -> None:
    dataset, rows = _reserves()
    chart = Chart(id="c", kind="ranked-bar", dataset="r", title="T", x="reserves", y="country",
                  highlight=Highlight(column="country", value="Russia"))
    text = describe(chart, dataset, rows)
    assert "Highest: China, 44 million t REO." in text
    assert "Lowest: Thailand, 4,500 t REO." in text
    assert "Russia ranks 3rd of 4, with 3.8 million t REO." in text
    assert "No value for Burma." in text


def test_time_series_text_names_the_gap() -> None:
    columns = [Column(name="year", type="year", label="Year"),
               Column(name="share", type="number", unit="%", label="Share")]
    dataset = Dataset(id="s", title="S", source="s", columns=columns, rows=[])
    # The data mark 2019-2021 as missing (empty cells), as the example's CSV does.
    rows = [{"year": 2017, "share": 14.6}, {"year": 2018, "share": 8.9},
            {"year": 2019, "share": None}, {"year": 2020, "share": None},
            {"year": 2021, "share": None}, {"year": 2022, "share": 4.4}]
    chart = Chart(id="c", kind="time-series", dataset="s", title="T", x="year", y="share")
    text = describe(chart, dataset, rows)
    assert "Highest: 14.6% (2017). Lowest: 4.4% (2022)." in text
    assert "No data for 2019–2021." in text

    def segments(rows: list[dict[str, Any]]) -> int:
        spec = time_series(chart, {c.name: c for c in columns}, rows).to_dict()
        values = (next(iter(spec["datasets"].values())) if "datasets" in spec
                  else spec["data"]["values"])
        return len({v[SEG] for v in values})

    # The line breaks over the marked gap: two segments.
    assert segments(rows) == 2
    # Rows simply absent are no marked gap: the line is not broken by a guessed step.
    assert segments([r for r in rows if r["share"] is not None]) == 1
    assert "No data" not in describe(chart, dataset, [r for r in rows if r["share"]])


def test_every_palette_colour_is_repainted_by_the_stylesheet() -> None:
    css = (ROOT / "docs" / "assets" / "briefing.css").read_text()
    slate = css[css.index('[data-md-color-scheme="slate"] {\n    --br-chart-'):]
    for role, colour in PALETTE.items():
        assert f'.chart svg [fill="{colour}"] {{ fill: var(--br-chart-{role}); }}' in css, role
        assert f'.chart svg [stroke="{colour}"] {{ stroke: var(--br-chart-{role}); }}' in css
        assert f"--br-chart-{role}:" in slate.split("}")[0], role
    assert len(set(PALETTE.values())) == len(PALETTE), "one colour, one role"


def test_plan_reports_problems_without_raising(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    (rb,) = validate(Project(project))
    (project / "data" / "briefings" / FIXTURE_SLUG / "charts.py").unlink()
    problems = Problems()
    plans = charts.plan(rb, problems)
    assert len(plans) == 4  # the four built-in kinds; the custom one is reported
    (problem,) = problems.items
    assert "charts.py" in problem.expected and problem.found == "no such file"


@pytest.mark.parametrize("jobs,requested,expected", [
    (0, None, 0), (1, None, 1), (POOL_MIN_CHARTS - 1, None, 1), (3, 2, 2), (1, 4, 1)])
def test_worker_count(jobs: int, requested: int | None, expected: int) -> None:
    assert worker_count(jobs, requested) == expected


def test_a_dataset_without_a_chart_keeps_its_table(tmp_path: Path) -> None:
    project = _fixture_project(tmp_path)
    _edit(project, "  - id: share-series\n    kind: time-series\n    dataset: share\n"
          "    title: Russia's share fell\n    x: year\n    y: share\n", "")
    result = run_main(project, "build", "--no-mkdocs")
    assert result.code == 0, result.text
    page = (project / "docs" / "briefings" / FIXTURE_SLUG / "index.md").read_text()
    assert page.count('<figure class="chart ') == 4
    assert "## Data" in page and 'id="data-share"' in page
    assert 'id="data-reserves"' not in page  # shown with its charts
