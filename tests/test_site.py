"""The built example site, as a reader and a checker would see it (issue 2)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from devtools.projects import EXAMPLE_SLUG


def page(built: Path, *parts: str) -> str:
    return (built / "site" / Path(*parts) / "index.html").read_text(encoding="utf-8")


class Elements(HTMLParser):
    """Collects elements with their attributes and (flattened) text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.found.append(element)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element["text"] += data


def elements(html: str) -> list[dict]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def test_site_has_home_briefing_and_sources_pages(built_example: Path) -> None:
    site = built_example / "site"
    for rel in (
        "index.html",
        f"briefings/{EXAMPLE_SLUG}/index.html",
        "briefings/index.html",
        "briefings/sources/index.html",
        "briefings/facts.json",
    ):
        assert (site / rel).is_file(), rel
    home = page(built_example)
    assert f'href="briefings/{EXAMPLE_SLUG}/"' in home
    assert "Putin's rare-earth and aluminium offer" in home.replace("&#39;", "'")


def test_every_generated_heading_is_its_page_title(built_example: Path) -> None:
    """The first heading of each generated page is its title, no more: a template that
    swallows the blank line after it runs the next paragraph into the heading. (The
    hand-written pages take their <title> from the navigation's labels instead.)"""
    from sitecheck import html_pages

    site = built_example / "site"
    wrong = {}
    generated = [p for p in html_pages(site) if p.is_relative_to(site / "briefings")]
    assert len(generated) >= 5
    for path in generated:
        found = elements(path.read_text(encoding="utf-8"))
        title = next(e["text"] for e in found if e["tag"] == "title")
        h1 = next((e["text"].replace("¶", "").strip() for e in found if e["tag"] == "h1"), "")
        if not h1 or not title.startswith(h1):
            wrong[str(path.relative_to(site))] = (h1, title)
    assert wrong == {}, wrong


def test_reserves_figure_links_to_usgs_source(built_example: Path) -> None:
    html = page(built_example, "briefings", EXAMPLE_SLUG)
    found = elements(html)
    facts = [e for e in found if e["attrs"].get("data-fact") == "ree-reserves-2025-russia"]
    assert facts and facts[0]["text"] == "3.8 million t REO"
    assert "U.S. Geological Survey" in facts[0]["attrs"]["data-tip"]
    assert "as of 2024" in facts[0]["attrs"]["data-tip"]
    # The citation right after the figure points at the USGS entry of the source list ...
    cite = re.search(
        r'data-fact="ree-reserves-2025-russia"[^>]*>3\.8 million t REO</span>'
        r'<sup class="cite" data-search-exclude>\[<a href="#(source-[a-z0-9-]+)"',
        html,
    )
    assert cite, "figure is not followed by a citation"
    entry = next(e for e in found if e["attrs"].get("id") == cite.group(1))
    assert "U.S. Geological Survey" in entry["text"]
    # ... which links to the publication itself.
    assert re.search(
        rf'id="{cite.group(1)}".*?href="https://pubs\.usgs\.gov/[^"]+rare-earths\.pdf"', html, re.S
    )


def test_three_claims_that_do_not_hold_carry_their_verdicts(built_example: Path) -> None:
    found = elements(page(built_example, "briefings", EXAMPLE_SLUG))
    claims = {
        e["attrs"]["id"]: e
        for e in found
        if e["tag"] == "article" and e["attrs"].get("id", "").startswith("claim-")
    }
    expected = {
        "claim-putin-15pct-us-al-imports": ("Misleading", "15%", "14.6%"),
        "claim-ru-ree-mine-2500t-concentrate": ("Misleading", "2,500 tons of concentrate", "oxide"),
        "claim-ru-ree-reserves-fifth-largest": ("Outdated", "fifth-largest", "4th"),
    }
    for claim_id, (verdict, words, evidence) in expected.items():
        text = " ".join(claims[claim_id]["text"].split())
        assert verdict in text, claim_id
        assert words in text, claim_id
        assert evidence in text, claim_id


def test_timeline_lists_tariff_and_remarks_in_order(built_example: Path) -> None:
    found = elements(page(built_example, "briefings", EXAMPLE_SLUG))
    items = [
        e for e in found if e["tag"] == "li" and "timeline__item" in e["attrs"].get("class", "")
    ]
    dates = [
        next(x for x in found if x["tag"] == "time" and x in found[found.index(i) :])["attrs"][
            "datetime"
        ]
        for i in items
    ]
    assert dates == sorted(dates)
    texts = {" ".join(i["text"].split()) for i in items}
    assert any(t.startswith("24 February 2023") and "Proclamation 10522" in t for t in texts)
    assert any(t.startswith("24 February 2025") for t in texts)


def test_pages_carry_no_external_resources(built_example: Path) -> None:
    offenders = []
    for path in (built_example / "site").rglob("*"):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = [
            r'\bsrc=["\']?https?://',
            r'<link[^>]+rel=["\']?stylesheet[^>]+href=["\']?https?://',
            r'url\(\s*["\']?https?://',
        ]
        if path.suffix == ".js":
            patterns = patterns[:0]  # scripts are checked in the browser, by what they request
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                offenders.append(f"{path.name}: {text[match.start() : match.start() + 80]}")
    assert offenders == []


def test_generated_markdown_lives_in_owned_folder(built_example: Path) -> None:
    generated = built_example / "docs" / "briefings"
    assert (generated / EXAMPLE_SLUG / "index.md").is_file()
    hand_written = {p.name for p in (built_example / "docs").iterdir()}
    assert {"index.md", "methodology.md", "about.md", "guide.md"} <= hand_written


def test_briefing_pages_are_not_in_the_sidebar(built_example: Path) -> None:
    # With hundreds of briefings, a sidebar listing each would repeat on every page.
    html = page(built_example, "briefings", "sources")
    nav = html[html.find('class="md-nav md-nav--primary') :]
    assert 'href="../"' in nav  # the list of briefings is in it ...
    assert EXAMPLE_SLUG not in nav[: nav.find("</nav>")]  # ... each briefing is not
