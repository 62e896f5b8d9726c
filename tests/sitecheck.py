"""Helpers for the reliability tests: tree hashes, the pages of a built site, HTML parsing.

Plain functions, no fixtures: conftest.py holds those.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def tree_hash(folder: Path) -> str:
    """One hash over every path, file's bytes and symlink target under `folder`.

    Two folders hash alike exactly when they hold the same names with the same bytes;
    a missing folder hashes as "missing" so that a deleted output is noticed.
    """
    if not folder.exists():
        return "missing"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            digest.update(f"L {rel} -> {os.readlink(path)}\n".encode())
        elif path.is_file():
            digest.update(f"F {rel} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
        elif path.is_dir():
            digest.update(f"D {rel}\n".encode())
    return digest.hexdigest()


def tree_files(folder: Path) -> dict[str, str]:
    """Each file's relative path and content hash: for saying which files differ."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, in path order."""
    return sorted(site.rglob("*.html"))


def page_url(site: Path, page: Path) -> str:
    """The URL path a page is served at: /briefings/x/ for briefings/x/index.html."""
    rel = page.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, href)
    resources: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, value)
    metas: dict[str, str] = field(default_factory=dict)
    title: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.out.ids.add(a[key])
        if tag == "a" and "href" in a:
            self.out.links.append((tag, a["href"]))
        if tag == "link":
            rel = a.get("rel", "").lower().split()
            self.out.resources.append((f"link[{' '.join(rel)}]", "href", a.get("href", "")))
        for attr in ("src", "srcset", "poster", "data"):
            if attr in a:
                self.out.resources.append((tag, attr, a[attr]))
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key:
                self.out.metas[key] = a.get("content", "")
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.out.title += data


def parse_html(path: Path) -> Parsed:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.out


def site_prefix(project: Path) -> str:
    """The path of mkdocs.yml's site_url (/briefing-site): where GitHub Pages serves the
    site, and where 404.html, which may be served at any depth, expects its assets."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    url = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    return urlsplit(url.group(1)).path.rstrip("/") if url else ""


def mount_site(project: Path, root: Path) -> str:
    """Make `root` hold the built site at its site_url path (a symlink); returns that path
    ("/briefing-site"), to serve `root` and load pages under it."""
    prefix = site_prefix(project) or "/site"
    mount = root / prefix.strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(project / "site", target_is_directory=True)
    return prefix


# Pagefind's fragment files: gzip of this signature followed by the page's record as JSON.
PAGEFIND_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def search_pages(site: Path) -> dict[str, dict]:
    """What Pagefind indexed, by page URL: {"content", "meta", "filters", "anchors", ...}.

    Read from its fragment files, which hold each indexed page's text as the search shows it.
    """
    pages: dict[str, dict] = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(PAGEFIND_FRAGMENT_SIGNATURE), f"{path}: not a Pagefind fragment"
        record = json.loads(raw[len(PAGEFIND_FRAGMENT_SIGNATURE):])
        pages[record["url"]] = record
    return pages


def open_search(page: Any, query: str, open_with: str = "click") -> list[str]:
    """Open the header search as a reader would (its button, or a key such as "/"), type
    `query`, wait for results; returns the result links."""
    if open_with == "click":
        page.locator(".briefing-search__open").click()
    else:
        page.keyboard.press(open_with)
    box = page.locator("input.pagefind-ui__search-input")
    box.wait_for(timeout=15_000)
    # type like a person: the interface searches as keys arrive
    box.press_sequentially(query, delay=30)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=15_000)
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def reach_charts(page: Any) -> int:
    """Point at every chart of the page as a reader would (charts.js makes a chart live only
    when it is reached), then wait until each is a live Vega view; returns how many."""
    figures = page.locator("figure.chart")
    count = figures.count()
    for i in range(count):
        figures.nth(i).scroll_into_view_if_needed()
        figures.nth(i).hover()
    page.wait_for_function(
        f"document.querySelectorAll('figure.chart.chart--live').length === {count}",
        timeout=30_000)
    return int(count)
