"""The light/dark toggle (overrides/partials/palette.html and javascripts/palette.html), in
place of Material's palette component: the palette is set while the page is parsed, the
toggle switches it and remembers it, and nothing restyles the page once it has loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.projects import EXAMPLE_SLUG

BRIEFING = f"/briefings/{EXAMPLE_SLUG}/"

# Every change to the attributes of <html> and <body> from the start of the parse, recorded
# before any of the page's scripts run: "element attribute", and the state of the parse.
RECORD_CHANGES = """
window.__changes = [];
function record(element) {
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.oldValue !== r.target.getAttribute(r.attributeName)) {  // not a no-op write
        window.__changes.push([r.target.tagName.toLowerCase() + " " + r.attributeName,
                               document.readyState]);
      }
    });
  }).observe(element, { attributes: true, attributeOldValue: true });
}
var seen = new MutationObserver(function () {
  if (document.documentElement && !seen.html) {
    seen.html = true;
    record(document.documentElement);
  }
  if (document.body) { seen.disconnect(); record(document.body); }
});
seen.observe(document, { childList: true, subtree: true });
"""


@pytest.fixture
def context(browser, request) -> Iterator:
    scheme = getattr(request, "param", "light")
    ctx = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def _visible_toggle(page) -> str:
    return page.locator("[data-br-palette] label:visible").get_attribute("title")


@pytest.mark.parametrize("context", ["dark"], indirect=True)
def test_a_dark_system_gets_slate_without_materials_bundle(context, example_server) -> None:
    """The palette comes from the page itself, before any deferred script: with Material's
    bundle refused, a reader whose system is dark still gets slate and the toggle back."""
    page = context.new_page()
    page.route("**/bundle.*.min.js", lambda route: route.abort())
    page.goto(example_server.url + BRIEFING)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert _visible_toggle(page) == "Switch to light mode"


def test_the_toggle_switches_the_palette_and_remembers_it(context, example_server) -> None:
    page = context.new_page()
    page.goto(example_server.url + BRIEFING)
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.get_by_title("Switch to dark mode").click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert _visible_toggle(page) == "Switch to light mode"
    colour = page.get_attribute('meta[name="theme-color"]', "content")
    assert colour and colour.startswith("rgb"), colour

    page.goto(example_server.url + "/methodology/")  # another page, the choice kept
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    # From the keyboard: Enter on the focused toggle switches back.
    page.locator("[data-br-palette] input").first.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    assert _visible_toggle(page) == "Switch to dark mode"


@pytest.mark.parametrize("context", ["light", "dark"], indirect=True)
def test_nothing_restyles_the_page_once_it_has_loaded(context, example_server) -> None:
    """Material's palette component marked <body> "switching" on load (a rule matching
    every element) and unmarked it; its bundle then swapped <html>'s "no-js" for "js" and
    added "js-focus-visible". Each was a restyle of the whole page in the bundle's first
    task. Now the classes of <html> are set in <head>, and <body>'s palette while the
    page is parsed: once it has been, neither changes."""
    page = context.new_page()
    page.add_init_script(RECORD_CHANGES)
    page.goto(example_server.url + BRIEFING)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # past the bundle's asynchronous steps
    changes = page.evaluate("window.__changes")
    after_parse = [change for change, state in changes if state != "loading"]
    assert not after_parse, changes
    assert page.evaluate("document.documentElement.className.split(' ')") == [
        "js", "js-focus-visible"]
