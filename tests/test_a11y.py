"""Accessible in light and dark, on a desktop and a phone: axe-core finds no violation.

Every page of the built example site (home, briefings list, the briefing with its live
charts, sources, what's new, editions, the hand-written pages, 404) is checked with
axe-core (through axe-playwright-python, which bundles it) in a light and a dark colour
scheme at 1280 px, and once more with the search dialog open; the pages whose layout
changes most on a phone (home, the briefing, sources, the guide with its wide tables)
again at 375 px. Every impact counts, minor and moderate too. Nothing is exempted: what
axe finds is fixed in the templates, the theme overrides or the CSS.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from sitecheck import html_pages, open_search, page_url, reach_charts

from devtools.projects import EXAMPLE_SLUG

# Pages checked at a phone's width too, as their URL paths on the example site.
PHONE_WIDTH = 375
PHONE_PAGES = ("/", f"/briefings/{EXAMPLE_SLUG}/", "/briefings/sources/", "/guide/")
# Regions that scroll sideways take a tab stop once the page's scripts have measured them
# (Material's for code blocks, scroll.js for tables and charts), a moment after `load`.
SETTLED = """() => [...document.querySelectorAll(
    'pre > code, .md-typeset__scrollwrap, .chart__graphic')].every(
    e => e.scrollWidth <= e.clientWidth + 1 || e.hasAttribute('tabindex'))"""


def _settle(page: Any) -> None:
    """Wait until what the page's scripts do on load is done; if they never do it, axe
    says what is missing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(SETTLED, timeout=5_000)
    # And at rest: axe measured Material's back-to-top button halfway through its fade-in
    # (contrast 4.35 in passing; 4.6 once shown) after the charts were reached by scrolling.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running')", timeout=5_000)


def _report(violations: list[dict[str, Any]]) -> list[str]:
    out = []
    for v in violations:
        targets = [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5]]
        summary = (v.get("nodes") or [{}])[0].get("failureSummary", "").replace("\n", " ")
        out.append(f"{v['id']} ({v['impact']}, {len(v.get('nodes', []))} nodes): "
                   f"{v.get('help')}; e.g. {targets}; {summary[:300]}")
    return out


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _check_pages(axe: Any, page: Any, mounted: str, urls: list[str], scheme: str,
                 label: str, found: dict[str, list[str]]) -> None:
    for url in urls:
        page.goto(mounted + url)
        page.wait_for_load_state("load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected, url
        _settle(page)
        problems = _report(axe.run(page).response["violations"])
        # A page with charts, again once every chart is reached (charts.js draws the
        # live Vega view only then): both states are what readers meet.
        if page.locator("figure.chart").count():
            reach_charts(page)
            _settle(page)
            problems += [f"(charts live) {p}"
                         for p in _report(axe.run(page).response["violations"])]
        if problems:
            found[f"{url} ({label})"] = problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation(scheme: str, built_example: Path, mounted: str,
                                    browser: Any, axe: Any) -> None:
    site = built_example / "site"
    urls = [page_url(site, p) for p in html_pages(site)]
    assert len(urls) >= 8
    assert set(PHONE_PAGES) <= set(urls)
    found: dict[str, list[str]] = {}
    phone = browser.new_context(color_scheme=scheme, is_mobile=True, has_touch=True,
                                viewport={"width": PHONE_WIDTH, "height": 812})
    try:
        _check_pages(axe, phone.new_page(), mounted, list(PHONE_PAGES), scheme,
                     f"{PHONE_WIDTH} px", found)
    finally:
        phone.close()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _check_pages(axe, page, mounted, urls, scheme, "1280 px", found)
        # The search dialog, open with results.
        page.goto(mounted + "/")
        open_search(page, "aluminium")
        # Pagefind shows grey placeholder lines while a result's fragment loads: check the
        # results a reader reads, once they are there (a loaded machine was caught between).
        page.wait_for_function("!document.querySelector('.pagefind-ui__loading')",
                               timeout=15_000)
        problems = _report(axe.run(page).response["violations"])
        if problems:
            found["/ (search open)"] = problems
    finally:
        context.close()
    assert found == {}, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps)
    print(f"\naxe ({scheme}): {len(urls)} pages and the open search at 1280 px, "
          f"{len(PHONE_PAGES)} pages at {PHONE_WIDTH} px, no violation")


def test_the_accessibility_check_can_fail(browser: Any, axe: Any) -> None:
    """The same check flags a page with an unlabelled image and unreadable text."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<!doctype html><html lang="en"><title>x</title><main>'
                         '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                         '<p style="color:#bbb;background:#fff">faint text</p></main></html>')
        problems = _report(axe.run(page).response["violations"])
    finally:
        context.close()
    assert any(p.startswith("image-alt") for p in problems), problems
    assert any(p.startswith("color-contrast") for p in problems), problems
