"""Accessible in light and dark: axe-core finds no serious or critical violation on any page.

Every page of the built example site (home, briefings list, the briefing with its live
charts, sources, what's new, editions, the hand-written pages, 404) is checked with
axe-core (through axe-playwright-python, which bundles it) in a light and a dark colour
scheme, and once more with the search dialog open. Nothing is exempted: what axe finds
is fixed in the templates, the theme overrides or the CSS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitecheck import html_pages, open_search, page_url, reach_charts

BLOCKING = ("serious", "critical")


def _report(violations: list[dict[str, Any]]) -> list[str]:
    out = []
    for v in violations:
        if v.get("impact") not in BLOCKING:
            continue
        targets = [", ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])[:5]]
        summary = (v.get("nodes") or [{}])[0].get("failureSummary", "").replace("\n", " ")
        out.append(f"{v['id']} ({v['impact']}, {len(v.get('nodes', []))} nodes): "
                   f"{v.get('help')}; e.g. {targets}; {summary[:300]}")
    return out


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(scheme: str, built_example: Path, mounted: str,
                                            browser: Any, axe: Any) -> None:
    site = built_example / "site"
    urls = [page_url(site, p) for p in html_pages(site)]
    assert len(urls) >= 8
    found: dict[str, list[str]] = {}
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for url in urls:
            page.goto(mounted + url)
            page.wait_for_load_state("load")
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected, url
            problems = _report(axe.run(page).response["violations"])
            # A page with charts, again once every chart is reached (charts.js draws the
            # live Vega view only then): both states are what readers meet.
            if page.locator("figure.chart").count():
                reach_charts(page)
                problems += [f"(charts live) {p}"
                             for p in _report(axe.run(page).response["violations"])]
            if problems:
                found[url] = problems
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
    print(f"\naxe ({scheme}): {len(urls)} pages and the open search, "
          "no serious or critical violation")


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
