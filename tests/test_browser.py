"""The example site in headless Chromium: search, figure tooltips, and that every figure in
the prose is a fact (issue 2)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sitecheck import open_search

from devtools.projects import EXAMPLE_SLUG, ROOT, copy_project, run_main
from devtools.server import Server

BRIEFING = f"/briefings/{EXAMPLE_SLUG}/"


@pytest.fixture
def page(browser, example_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.base = example_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.mark.parametrize("query", ["Krasnoyarsk", "aluminium tariff"])
def test_search_lists_the_briefing(page, query: str) -> None:
    page.goto(page.base + "/")
    hrefs = open_search(page, query)
    assert any(href.endswith(BRIEFING) for href in hrefs), hrefs


def test_search_opens_with_slash_and_leads_to_the_page_under_a_site_path(
        browser, mounted: str) -> None:
    """Served under a path (as GitHub Pages serves a project), a result links inside it,
    from any depth; Escape closes the dialog and gives the page back."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(mounted + "/methodology/")
        dialog = tab.locator("dialog#briefing-search")
        assert not dialog.is_visible()
        hrefs = open_search(tab, "Krasnoyarsk", open_with="/")
        assert dialog.is_visible()
        prefix = urlsplit(mounted).path.rstrip("/")  # e.g. "/briefing-site"
        assert hrefs and all(href.startswith(prefix + "/") for href in hrefs), (prefix, hrefs)
        tab.keyboard.press("Escape")
        assert not dialog.is_visible()
        open_search(tab, "Krasnoyarsk")  # the button opens it again (Escape cleared the query)
        assert dialog.is_visible()
        tab.locator(".pagefind-ui__result-link").first.click()
        tab.wait_for_load_state()
        assert urlsplit(tab.url).path == prefix + BRIEFING, tab.url
        assert "Putin" in tab.locator("h1").first.inner_text()
    finally:
        context.close()


def test_focusing_a_figure_shows_its_source_and_date(page) -> None:
    page.goto(page.base + BRIEFING)
    figure = page.locator('.bottom-line [data-fact="ree-reserves-2025-russia"]').first
    figure.focus()
    tip = page.evaluate("el => getComputedStyle(el, '::after').content", figure.element_handle())
    assert "U.S. Geological Survey" in tip and "as of 2024" in tip
    figure.blur()
    hidden = page.evaluate("el => getComputedStyle(el, '::after').content", figure.element_handle())
    assert hidden in ("none", "normal")


# Text that may hold digits without being a figure: dates and legal identifiers.
ALLOWED = [
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b",
    r"\b(1[89]|20)\d{2}(–(1[89]|20)\d{2})?s?\b",  # years and spans of years
    r"\b(Proclamation|Section) \d+\b",
]


def stray_numbers(page) -> tuple[list[str], int]:
    """Digits in the page's prose that are not inside a cited fact, and the count of facts.

    Prose paragraphs and list items: the bottom line, sections, claim reasoning. Quoted
    claims, labels, source titles and dates are not figures of ours and are left out.
    """
    texts = page.evaluate("""() => {
        const skip = '.claim__words, .claim__meta, .claim__evidence, .sources, .kf, .timeline,'
                   + ' details, figure, table, .briefing-meta, .cite, [data-fact], time,'
                   + ' .fact__flag, .headerlink, .claim__head, .downloads, .md-source-file,'
                   + ' .chart, .changes, .cite-edition, .verdict';
        const out = [];
        const blocks = document.querySelectorAll('.md-content article p, .md-content article li');
        for (const block of blocks) {
            if (block.closest(skip)) continue;
            const copy = block.cloneNode(true);
            copy.querySelectorAll(skip).forEach(n => n.remove());
            out.push(copy.textContent);
        }
        return out;
    }""")
    stray = []
    for text in texts:
        for pattern in ALLOWED:
            text = re.sub(pattern, "", text)
        stray += re.findall(r".{0,25}\d.{0,25}", text)
    return stray, page.locator(".md-content [data-fact]").count()


def test_every_number_in_the_prose_is_a_sourced_fact(page) -> None:
    page.goto(page.base + BRIEFING)
    stray, cited = stray_numbers(page)
    assert stray == [], "numbers typed by hand instead of cited facts"
    assert cited > 40


def test_a_number_typed_by_hand_is_caught(page, tmp_path) -> None:
    project = copy_project(tmp_path / "p", data=ROOT / "tests" / "fixtures" / "minimal")
    yaml = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
    typed = yaml.read_text().replace("The figure is", "Output was 12,000 tonnes; the figure is")
    yaml.write_text(typed)
    refused = run_main(project, "build")  # validation refuses it first (check/sourcing.py)
    assert refused.code == 1 and "found '12,000'" in refused.err, refused.text
    # Listed as an "identifier", the figure slips past validation: the page scan is the
    # second line of defence, and must still see it.
    yaml.write_text(typed.replace("topics:", "identifiers: [Output was 12,000 tonnes]\ntopics:", 1))
    assert run_main(project, "build").code == 0
    server = Server(project / "site")
    try:
        page.goto(server.url + "/briefings/sample-briefing/")
        stray, _ = stray_numbers(page)
    finally:
        server.stop()
    assert any("12,000 tonnes" in s for s in stray), stray
