"""What keeps pages and the search index small as the site grows.

The search index holds the briefings' text, not what repeats or is data: citation
markers, each page's own source list, the site-wide list of which briefing cites what
(Pagefind, run by briefing/write/search.py, leaves out anything marked
data-search-exclude). The Vega bundle is not in a page's critical path: charts.js
fetches it after the page has loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitecheck import html_pages, search_pages

from devtools.projects import EXAMPLE_SLUG


def test_search_index_leaves_out_citations_and_source_lists(built_example: Path) -> None:
    site = built_example / "site"
    pages = search_pages(site)
    mine = pages.get(f"/briefings/{EXAMPLE_SLUG}/")
    assert mine, f"the briefing is not in the search index: {sorted(pages)}"
    assert "Krasnoyarsk" in mine["content"]  # its text is
    assert not re.search(r"\[\d+(, \d+)*\]", mine["content"])  # its citation markers not
    assert "accessed 20 November 2026" not in mine["content"]  # nor its own source list
    assert "Skip to content" not in mine["content"]  # nor the header and navigation
    sources = pages["/briefings/sources/"]
    assert "U.S. Geological Survey" in sources["content"]
    assert "Cited in" not in sources["content"]
    assert not any("404" in url for url in pages), sorted(pages)
    # The home page's cards and the list of briefings repeat titles and bottom lines: only
    # the briefing's own page is a result for them.
    title = "rare-earth and aluminium offer"
    assert title in mine["content"]
    for listing in ("/", "/briefings/"):
        assert listing in pages and title not in pages[listing]["content"], listing


def test_no_page_carries_the_whole_search_index(built_example: Path) -> None:
    """Pagefind's index is in chunks loaded per query; Material's single-file index (every
    page's text, fetched by every reader) is not built at all."""
    site = built_example / "site"
    assert not (site / "search" / "search_index.json").exists()
    assert list((site / "pagefind" / "index").glob("*.pf_index"))
    html = (site / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    assert "pagefind-ui.js" not in html  # the interface loads when search is first opened


def test_vega_bundle_is_fetched_after_the_page(built_example: Path) -> None:
    html = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    assert not re.search(r"<script[^>]*\bsrc=\"[^\"]*vega-bundle\.js", html)
    assert re.search(r"<script defer src=\"[^\"]*charts\.js[^\"]*\" "
                     r"data-vega=\"[^\"]*vega-bundle\.js", html)


def test_no_page_waits_for_a_script_before_it_paints(built_example: Path) -> None:
    """Every external script is deferred: Chromium holds the first paint for a blocking
    one even at the end of the body (Material's bundle cost the charts about 45 ms)."""
    blocking = {}
    pages = html_pages(built_example / "site")
    checked = 0
    for page in pages:
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text())
        checked += len(tags)
        late = [t for t in tags if not re.search(r"\s(defer|async)[\s>=]", t)]
        if late:
            blocking[str(page.relative_to(built_example / "site"))] = late
    assert blocking == {}, blocking
    assert checked >= len(pages) >= 8  # every page has a script (Material's bundle) to check
