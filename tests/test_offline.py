"""The site calls nobody: every page works from 127.0.0.1 alone.

In headless Chromium with every request outside 127.0.0.1 blocked and counted, each page
of the built example site is loaded (home, briefings list, the briefing with its charts,
sources, what's new, editions, the hand-written pages, 404), the search is used and the
interactive charts are left to load. Zero requests may leave. A grep over the built
files backs it up: no src=, stylesheet href= or CSS url( points at http(s)://.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitecheck import html_pages, open_search, page_url

REMOTE = re.compile(r"^\s*[\"']?\s*(https?:)?//", re.IGNORECASE)
ATTR = re.compile(r"\b(src|srcset|poster|data)\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)")


def guarded_context(browser: Any) -> tuple[Any, list[str]]:
    """A browser context that lets requests to 127.0.0.1 through and blocks, and lists,
    every other (a Web Worker's too: the route is the context's)."""
    outside: list[str] = []
    context = browser.new_context()

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context, outside


def test_no_page_requests_anything_outside(built_example: Path, mounted: str,
                                           browser: Any) -> None:
    site = built_example / "site"
    urls = [page_url(site, p) for p in html_pages(site)]
    assert {"/", "/briefings/", "/briefings/sources/", "/404.html"} <= set(urls)
    failed: list[str] = []
    context, outside = guarded_context(browser)
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}")
               if r.status >= 400 else None)
    context.on("requestfailed", lambda r: failed.append(f"failed {r.url}")
               if urlsplit(r.url).hostname == "127.0.0.1" else None)
    try:
        # Every page in a tab of its own, all loading at once, each then left until its
        # network has been idle for half a second: the waits overlap instead of adding up.
        tabs = []
        for url in urls:
            tabs.append(context.new_page())
            tabs[-1].goto(mounted + url, wait_until="commit")
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
        # The search worker and its index load on first use.
        page = tabs[urls.index("/")]
        open_search(page, "aluminium")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert outside == [], f"requests that left 127.0.0.1: {outside}"
    assert failed == [], f"requests for files the site does not have: {failed}"
    print(f"\noffline: {len(urls)} pages and the search, 0 requests outside 127.0.0.1")


def test_the_request_guard_can_fail(mounted: str, browser: Any) -> None:
    """The guard above sees what a page asks of other sites: an image, a stylesheet, a
    script's fetch, from a page served by 127.0.0.1."""
    context, outside = guarded_context(browser)
    try:
        page = context.new_page()
        page.goto(mounted + "/")
        page.set_content('<img src="https://cdn.example.org/x.png">'
                         '<link rel="stylesheet" href="//fonts.example.org/a.css">'
                         '<script>fetch("https://api.example.org/v1").catch(() => 0)</script>')
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert sorted(outside) == ["http://fonts.example.org/a.css", "https://api.example.org/v1",
                               "https://cdn.example.org/x.png"], outside


def _remote_references(site: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            for m in re.finditer(r"<(\w+)\b[^>]*>", text):
                tag = m.group(0)
                for attr in re.finditer(ATTR, tag):
                    if REMOTE.match(attr.group(2)):
                        found.append(f"{path.relative_to(site)}: {attr.group(0)}")
                if m.group(1).lower() == "link" and re.search(r"rel=\"?[^\">]*stylesheet", tag):
                    href = re.search(r"href=(\"[^\"]*\"|'[^']*'|\S+)", tag)
                    if href and REMOTE.match(href.group(1)):
                        found.append(f"{path.relative_to(site)}: {tag}")
            for m in re.finditer(r"<style\b[^>]*>(.*?)</style>", text, re.DOTALL):
                found += [f"{path.relative_to(site)}: {u}" for u in _css_urls(m.group(1))]
        elif path.suffix == ".css":
            found += [f"{path.relative_to(site)}: {u}"
                      for u in _css_urls(path.read_text(encoding="utf-8"))]
    return found


def _css_urls(css: str) -> list[str]:
    out = [m.group(0) for m in re.finditer(r"url\(\s*([^)]*)\)", css)
           if REMOTE.match(m.group(1))]
    out += [m.group(0) for m in re.finditer(r"@import\s+[\"']([^\"']+)", css)
            if REMOTE.match(m.group(1))]
    return out


def test_no_built_file_points_at_another_site(built_example: Path) -> None:
    site = built_example / "site"
    assert (site / "index.html").is_file()
    assert _remote_references(site) == []


def test_the_remote_reference_check_can_fail(tmp_path: Path) -> None:
    """The grep above finds what it looks for."""
    (tmp_path / "a.html").write_text(
        '<img src="https://cdn.example/x.png"><script src=//cdn.example/x.js></script>'
        '<link rel="stylesheet" href="https://fonts.example/css">'
        '<style>b{background:url( "http://x.example/y.png")}</style>', encoding="utf-8")
    (tmp_path / "b.css").write_text("@import 'https://x.example/a.css'; a{b:url(data:x)}",
                                    encoding="utf-8")
    assert len(_remote_references(tmp_path)) == 5
