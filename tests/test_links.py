"""No dead ends: every internal link, anchor and citation of the built site leads somewhere.

Every HTML page of the built example site is parsed; each href (and each src or
stylesheet of the site's own) is resolved against the page's URL, the file it names must
exist, and a #fragment must be the id of an element on the target page. Citations
(#source-...) and claim references (#claim-...) are counted on their own, so that a
page that lost them all does not pass by having nothing to check.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sitecheck import Parsed, html_pages, page_url, parse_html, site_prefix

EXTERNAL = ("http", "https", "mailto")


def _target(site: Path, path: str) -> Path | None:
    """The file a URL path names in the built site, as a static server would find it."""
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, prefix: str = "") -> tuple[list[str], dict[str, int]]:
    pages: dict[Path, Parsed] = {p: parse_html(p) for p in html_pages(site)}
    problems: list[str] = []
    counts = {"links": 0, "anchors": 0, "citations": 0, "claims": 0}
    for page, parsed in pages.items():
        here = page_url(site, page)
        refs = [("href", href) for _, href in parsed.links]
        refs += [(attr, value) for _, attr, value in parsed.resources if attr in ("src", "href")]
        for attr, ref in refs:
            parts = urlsplit(ref)
            if parts.scheme in EXTERNAL or ref.startswith("//"):
                continue
            where = f"{here}: {attr}={ref!r}"
            if parts.scheme:
                problems.append(f"{where}: a {parts.scheme}: link")
                continue
            counts["links"] += 1
            resolved = urlsplit(urljoin("http://site" + here, ref))
            path = resolved.path
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix):]  # 404.html links from the site's root URL
            target = _target(site, path)
            if target is None:
                problems.append(f"{where}: no file {path}")
                continue
            fragment = unquote(resolved.fragment)
            if fragment and target.suffix == ".html":
                counts["anchors"] += 1
                counts["citations"] += fragment.startswith("source-") and target == page
                counts["claims"] += fragment.startswith("claim-") and target == page
                ids = pages[target].ids if target in pages else parse_html(target).ids
                if fragment not in ids:
                    problems.append(f"{where}: no element with id {fragment!r} in {path}")
    return problems, counts


def test_every_internal_link_and_anchor_resolves(built_example: Path) -> None:
    site = built_example / "site"
    problems, counts = broken_links(site, site_prefix(built_example))
    assert problems == [], "\n".join(problems)
    assert counts["citations"] >= 10, counts  # figures cite their sources on the page
    assert counts["claims"] >= 3, counts
    print(f"\nlinks: {counts} over {len(html_pages(site))} pages, none broken")


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">anchor</a>'
        '<a href="../b/">page</a><a href="../b/#x">page anchor</a><a href="javascript:x()">js</a>'
        '<img src="../missing.png"><a href="https://example.org/">external</a>',
        encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<p id="y">y</p>', encoding="utf-8")
    problems, _ = broken_links(tmp_path)
    assert len(problems) == 4, problems
