"""Editions (issue 4): publishing with mike to gh-pages, what changed since the last edition,
the archive, the feed, the outdated banner and the version selector.

One module-scoped history: a small briefing published twice into a git clone with a bare
remote, with one fact's value, one claim's verdict and the edition date changed between.
The tests read that history back from the branch, as GitHub Pages would serve it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
from sitecheck import open_search

from briefing.editions.diff import compare
from briefing.editions.history import read_previous
from devtools.projects import ROOT, Run, copy_project, run_cli, run_main
from devtools.server import Server

# One worker holds the history; publishing it twice per worker would only cost time.
pytestmark = pytest.mark.xdist_group("editions")

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
SLUG = "sample-briefing"
FIRST, SECOND = "2026-01-15", "2026-02-01"
ATOM = "{http://www.w3.org/2005/Atom}"


def git(cwd: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {proc.stderr}")
    return proc.stdout


def show(project: Path, path: str) -> str:
    """A file on gh-pages, as the published site holds it."""
    return git(project, "show", f"gh-pages:{path}")


def text_of(page_html: str) -> str:
    """What a reader reads: tags dropped (blocks end with a space), entities decoded."""
    spaced = re.sub(r"</(td|th|li|p|div|h\d|tr|figcaption)>", " ", page_html)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def between(page_html: str, start: str, end: str) -> str:
    i = page_html.index(start)
    return page_html[i:page_html.index(end, i)]


@dataclass
class History:
    project: Path
    remote: Path
    first: Run
    second: Run


def edit_briefing(project: Path, **replacements: str) -> None:
    path = project / "data" / "briefings" / SLUG / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def git_project(folder: Path, message: str) -> Path:
    """A copy of the project with the fixture's data, committed on main in its own git
    repository (build output ignored), as a publisher's checkout is."""
    project = copy_project(folder, FIXTURE)
    (project / ".gitignore").write_text("site/\ndocs/briefings/\n.build/\n__pycache__/\n")
    git(project, "init", "--quiet", "-b", "main")
    git(project, "config", "user.name", "Test Publisher")
    git(project, "config", "user.email", "publisher@example.org")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", message)
    return project


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    base = tmp_path_factory.mktemp("editions")
    remote = base / "remote.git"
    git(base, "init", "--quiet", "--bare", str(remote))
    project = git_project(base / "project", "first edition")
    git(project, "remote", "add", "origin", str(remote))

    first = run_main(project, "publish", "--push")  # in this process; the second as a user
    assert first.code == 0, first.text

    edit_briefing(project, **{
        f"edition: {FIRST}": f"edition: {SECOND}",
        "value: 3800000": "value: 4400000",  # ru-reserves (and the derived ru-share with it)
        "verdict: supported": "verdict: misleading",  # claim "fifth"
    })
    git(project, "commit", "--quiet", "-am", "second edition")
    second = run_cli(project, "publish", "--push")
    assert second.code == 0, second.text
    return History(project, remote, first, second)


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def served(history: History) -> Iterator[Server]:
    """The gh-pages tree exactly as GitHub Pages would serve it: `git archive | tar -x`."""
    tree = history.project.parent / "gh-pages-tree"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=history.project,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    server = Server(tree)
    yield server
    server.stop()
    shutil.rmtree(tree, ignore_errors=True)


# ---------------------------------------------------------------------------- publishing


def test_first_publish_says_it_is_the_first_edition(history: History) -> None:
    assert "this is the first edition" in history.first.out
    assert f"published edition {FIRST}" in history.first.out
    assert "3 changes since the edition of 2026-01-15" in history.second.out
    whats_new = text_of(show(history.project, f"{FIRST}/briefings/whats-new/index.html"))
    assert "is the first edition of these briefings" in whats_new


def test_versions_json_lists_both_and_latest_is_the_second(history: History) -> None:
    versions = json.loads(show(history.project, "versions.json"))
    by_version = {v["version"]: v["aliases"] for v in versions}
    assert by_version == {SECOND: ["latest"], FIRST: []}
    assert [v["version"] for v in versions] == [SECOND, FIRST]  # the selector's order
    # latest/ is a copy of the second edition, and the root redirects to it
    assert show(history.project, "latest/briefings/changes.json") == show(
        history.project, f"{SECOND}/briefings/changes.json")
    assert 'url=latest/' in show(history.project, "index.html")
    # --push sent the branch to the remote
    assert git(history.remote, "rev-parse", "gh-pages") == git(history.project, "rev-parse",
                                                                "gh-pages")


def test_each_edition_carries_its_own_search_index(history: History) -> None:
    # The generator indexes each edition before mike commits it (mike builds nothing).
    files = set(git(history.project, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())
    for edition in (FIRST, SECOND, "latest"):
        assert f"{edition}/pagefind/pagefind.js" in files, edition
        assert f"{edition}/pagefind/pagefind-entry.json" in files, edition


def test_branch_holds_no_symlink(history: History) -> None:
    modes = {line.split()[0] for line in git(history.project, "ls-tree", "-r", "gh-pages")
             .splitlines()}
    assert "120000" not in modes, "GitHub Pages refuses to deploy a branch with symlinks"


def test_second_edition_shows_the_changed_fact_and_verdict(history: History) -> None:
    page = show(history.project, f"{SECOND}/briefings/{SLUG}/index.html")
    block = text_of(between(page, '<aside class="changes"', "</aside>"))
    assert "Changed since the edition of 15 January 2026" in block
    assert "Russia's rare-earth reserves: was 3.8 million t REO, now 4.4 million t REO" in block
    assert "Fifth in the 2025 edition: was Supported, now Misleading" in block
    # the changed key figure is marked with its old value; so is the share derived from it
    assert '<figure class="kf kf--changed" id="kf-ru-reserves">' in page
    assert "Revised · was 3.8 million t REO" in text_of(
        between(page, 'id="kf-ru-reserves"', "</figure>"))
    assert page.count("kf--changed") == 2

    whats_new = text_of(show(history.project, f"{SECOND}/briefings/whats-new/index.html"))
    assert "3 changes since the edition of 15 January 2026" in whats_new
    assert "Russia's rare-earth reserves: was 3.8 million t REO, now 4.4 million t REO" in whats_new
    assert "Fifth in the 2025 edition: was Supported, now Misleading" in whats_new


def test_cite_block_gives_the_permanent_address(history: History) -> None:
    page = text_of(show(history.project, f"{FIRST}/briefings/{SLUG}/index.html"))
    assert "Cite this edition" in page
    assert (f"Edition of 15 January 2026. https://example.github.io/briefing-site/{FIRST}"
            f"/briefings/{SLUG}/") in page
    assert "Accessed [the date you read it]" in page


def test_first_edition_pages_carry_the_outdated_banner(history: History) -> None:
    # Material renders the banner hidden and unhides it client-side (see the browser test);
    # every page of a published edition carries it, linking to the same page in latest.
    for path in ("index.html", f"briefings/{SLUG}/index.html", "briefings/whats-new/index.html"):
        page = show(history.project, f"{FIRST}/{path}")
        banner = between(page, 'data-md-component="outdated"', "</aside>")
        assert "You are reading an earlier edition" in banner
        href = re.search(r'href="([^"]+)"', banner).group(1)
        here = f"https://pages.example/{FIRST}/{path}"
        assert urljoin(here, href) == f"https://pages.example/latest/{path}".removesuffix(
            "index.html")


def test_feed_is_atom_and_lists_both_editions_newest_first(history: History) -> None:
    feed = ET.fromstring(show(history.project, "latest/briefings/feed.xml"))
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        f"{SECOND}T00:00:00Z", f"{FIRST}T00:00:00Z"]
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Edition of 1 February 2026", "Edition of 15 January 2026"]
    for e in entries:  # what Atom requires of each entry
        assert e.findtext(f"{ATOM}id") and e.find(f"{ATOM}link").get("href")
    summary = entries[0].findtext(f"{ATOM}summary") or ""
    assert "3.8 million t REO → 4.4 million t REO" in html.unescape(summary)
    assert "Supported → Misleading" in summary
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    # linked from every page's head
    for path in ("index.html", f"briefings/{SLUG}/index.html", "about/index.html"):
        page = show(history.project, f"{SECOND}/{path}")
        link = re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*'
                         r'href="([^"]+)"', page)
        assert link, path
        here = f"https://pages.example/{SECOND}/{path}"
        assert urljoin(here, link.group(1)) == "https://pages.example/latest/briefings/feed.xml"


def test_archive_lists_every_edition_with_its_changes(history: History) -> None:
    archive = show(history.project, f"{SECOND}/briefings/archive/index.html")
    rows = [text_of(r) for r in re.findall(r"<tr.*?</tr>", archive, re.S)][1:]
    assert rows == ["1 February 2026 this edition 3 What's new in the edition of 1 February 2026",
                    "15 January 2026 first edition What's new in the edition of 15 January 2026"]
    assert f'href="../../../{FIRST}/briefings/whats-new/"' in archive
    record = json.loads(show(history.project, f"{SECOND}/briefings/changes.json"))
    assert record["previous"] == FIRST and record["count"] == 3


def test_a_non_date_edition_fails_and_changes_nothing(history: History) -> None:
    before = git(history.project, "rev-parse", "gh-pages")
    for bad in ("2026-02-30", "latest", "next week"):
        result = run_main(history.project, "publish", "--edition", bad)
        assert result.code == 2, result.text
        assert "expected an edition date such as" in result.err
        assert "Traceback" not in result.text
    assert git(history.project, "rev-parse", "gh-pages") == before


def test_republishing_an_edition_fails_unless_forced(history: History) -> None:
    project = history.project
    before = git(project, "rev-parse", "gh-pages")
    result = run_main(project, "publish")
    assert result.code == 2, result.text
    assert f"edition {SECOND} is already published on gh-pages" in result.err
    assert "--force" in result.err and "Traceback" not in result.text
    assert git(project, "rev-parse", "gh-pages") == before

    # --force replaces it (a correction on the same day); the history stays as it was
    edit_briefing(project, **{"Russia holds": "Russia is said to hold"})
    forced = run_main(project, "publish", "--force")
    assert forced.code == 0, forced.text
    assert git(project, "rev-parse", "gh-pages") != before
    versions = json.loads(show(project, "versions.json"))
    assert {v["version"]: v["aliases"] for v in versions} == {SECOND: ["latest"], FIRST: []}
    assert "Russia is said to hold" in show(project, f"{SECOND}/briefings/{SLUG}/index.html")
    assert "3 changes since the edition of 2026-01-15" in forced.out


def test_publish_checks_the_remote_named_by_remote(history: History, tmp_path: Path) -> None:
    """`--remote other` is the remote whose gh-pages the edition goes on: its published
    editions are the ones checked (they used to be looked up on mkdocs.yml's remote)."""
    project = git_project(tmp_path / "project",  # the first edition's data
                          "a clone that publishes elsewhere")

    missing = run_cli(project, "publish", "--push", "--remote", "other")
    assert missing.code == 2, missing.text
    assert "no git remote named 'other'" in missing.err and "Traceback" not in missing.text

    # `other` holds both editions of the history; this clone has no `origin` and no local
    # gh-pages, only the branch fetched from `other`.
    other = tmp_path / "other.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(history.remote), str(other))
    git(project, "remote", "add", "other", str(other))
    git(project, "fetch", "--quiet", "other")
    published = git(other, "rev-parse", "gh-pages")
    again = run_cli(project, "publish", "--push", "--remote", "other")
    assert again.code == 2, again.text
    assert f"edition {FIRST} is already published on gh-pages" in again.err
    assert git(other, "rev-parse", "gh-pages") == published

    later = run_cli(project, "publish", "--push", "--remote", "other", "--edition", "2026-03-01")
    assert later.code == 0, later.text
    assert "pushed to other" in later.out
    assert git(other, "rev-parse", "gh-pages") == git(project, "rev-parse", "gh-pages")
    versions = json.loads(git(other, "show", "gh-pages:versions.json"))
    assert [v["version"] for v in versions] == ["2026-03-01", SECOND, FIRST]


def test_serve_editions_previews_the_branch(history: History) -> None:
    proc = subprocess.Popen([sys.executable, "build.py", "serve-editions", "--port", "0", "-q"],
                            cwd=history.project, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        assert f"{SECOND} (latest), {FIRST}" in line
        versions = json.loads(urlopen(url.group(0) + "versions.json", timeout=10).read())
        assert [v["version"] for v in versions] == [SECOND, FIRST]
        page = urlopen(url.group(0) + f"{FIRST}/briefings/{SLUG}/", timeout=10).read().decode()
        assert 'data-md-component="outdated"' in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------- in the browser


def open_page(browser, url: str):
    """A fresh context per page: Material caches the outdated state per session."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.goto(url)
    page.locator(".md-version__link").first.wait_for(state="attached", timeout=10_000)
    return context, page, problems


def test_browser_banner_only_on_the_older_edition(browser, served: Server) -> None:
    context, page, _ = open_page(browser, f"{served.url}/{FIRST}/briefings/{SLUG}/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible", timeout=10_000)
    link = banner.get_by_role("link", name="Read this page in the latest edition")
    link.click()
    page.wait_for_url(f"{served.url}/latest/briefings/{SLUG}/")
    context.close()

    for path in (f"/{SECOND}/briefings/{SLUG}/", "/latest/", "/"):
        context, page, problems = open_page(browser, served.url + path)
        page.wait_for_timeout(300)
        assert not page.locator("[data-md-component=outdated]").is_visible(), path
        assert problems == [], problems  # no 404 (versions.json, sitemap) and no script error
        context.close()


def test_browser_version_selector_lists_both_and_keeps_the_page(browser, served: Server) -> None:
    context, page, _ = open_page(browser, f"{served.url}/{FIRST}/briefings/{SLUG}/")
    links = page.locator(".md-version__link")
    assert [t.strip() for t in links.all_text_contents()] == [SECOND, FIRST]
    assert page.locator(".md-version__current").inner_text().strip() == FIRST
    page.hover(".md-version")
    page.locator(".md-version__link", has_text=SECOND).click()
    page.wait_for_url(f"{served.url}/{SECOND}/briefings/{SLUG}/")
    assert "Changed since the edition of" in page.locator(".changes").inner_text()
    # and back again, from the newest to the first
    page.hover(".md-version")
    page.locator(".md-version__link", has_text=FIRST).click()
    page.wait_for_url(f"{served.url}/{FIRST}/briefings/{SLUG}/")
    context.close()


def test_browser_search_stays_in_its_edition(browser, served: Server) -> None:
    """The generator indexes each edition before mike commits it: each edition has its own
    index, and a search in an older edition leads to that edition's pages."""
    for edition in (FIRST, "latest"):
        context, page, problems = open_page(browser, f"{served.url}/{edition}/")
        hrefs = open_search(page, "sample briefing")
        assert f"/{edition}/briefings/{SLUG}/" in hrefs, hrefs
        assert all(href.startswith(f"/{edition}/") for href in hrefs), hrefs
        assert problems == [], problems
        context.close()


# ---------------------------------------------------------------------------- without git


def test_plain_build_has_no_version_selector(tmp_path: Path) -> None:
    # Only mike's tree has ../versions.json: a plain build must not ask for it.
    project = copy_project(tmp_path / "project", FIXTURE)
    result = run_main(project, "build")
    assert result.code == 0, result.text
    assert "this is the first edition" in result.out  # no git here, so nothing to compare
    site = project / "site"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '"provider": "mike"' not in page and 'data-md-component="outdated"' not in page
    assert 'href="briefings/feed.xml"' in page
    ET.fromstring((site / "briefings" / "feed.xml").read_bytes())
    assert (site / "briefings" / "whats-new" / "index.html").is_file()
    assert (site / "briefings" / "archive" / "index.html").is_file()


def test_previous_path_compares_without_git(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURE)
    assert run_main(project, "build", "--no-mkdocs").code == 0
    kept = tmp_path / "edition-1"
    shutil.copytree(project / "docs" / "briefings", kept)
    edit_briefing(project, **{f"edition: {FIRST}": f"edition: {SECOND}",
                              "verdict: supported": "verdict: outdated"})
    result = run_main(project, "build", "--no-mkdocs", "--previous", str(kept / "facts.json"))
    assert result.code == 0, result.text
    assert "1 change since the edition of 2026-01-15 (1 verdict changed)" in result.out
    whats_new = text_of((project / "docs" / "briefings" / "whats-new.md").read_text())
    assert "Fifth in the 2025 edition: was Supported, now Outdated" in whats_new
    assert read_previous(kept)[0] == dt.date(2026, 1, 15)  # a folder works too

    missing = run_main(project, "build", "--previous", str(tmp_path / "nope.json"))
    assert missing.code == 2 and "--previous: cannot read" in missing.err
    assert "Traceback" not in missing.text


# ---------------------------------------------------------------------------- the diff itself


def snapshot(**briefings: dict) -> dict:
    return {"format": "briefing-facts/1", "briefings": briefings}


def briefing(facts: dict | None = None, claims: dict | None = None,
             events: list | None = None, sources: dict | None = None) -> dict:
    return {"title": "T", "edition": FIRST, "facts": facts or {}, "claims": claims or {},
            "events": events or [], "sources": sources or {"s": {"publisher": "P", "title": "S"}}}


def fact(value: object, display: str, unit: str = "t", as_of: str = "2024") -> dict:
    return {"label": "L", "value": value, "unit": unit, "display": display, "as_of": as_of,
            "sources": ["s"]}


def test_diff_lists_every_kind_of_change() -> None:
    old = snapshot(a=briefing(
        facts={"same": fact(1, "1 t"), "moved": fact(2, "2 t"), "gone": fact(3, "3 t"),
               "rounded": fact(3_800_000, "3.8 million t")},
        claims={"c1": {"summary": "C1", "verdict": "supported"}, "c2": {"words": "W2",
                                                                        "verdict": "false"}},
        events=[{"id": "e1", "date": "2025-01-01", "title": "E1"}]),
        old=briefing())
    new = snapshot(a=briefing(
        facts={"same": fact(1, "1 t"), "moved": fact(5, "5 t", as_of="2025"),
               "added": fact(7, "7 t"), "rounded": fact(3_810_000, "3.8 million t")},
        claims={"c1": {"summary": "C1", "verdict": "misleading"}, "c3": {"summary": "C3",
                                                                         "verdict": "supported"}},
        events=[{"id": "e1", "date": "2025-01-01", "title": "E1"},
                {"date": "2025-02-01", "title": "E2"}],
        sources={"s": {"publisher": "P", "title": "S"}, "s2": {"publisher": "Q", "title": "R"}}),
        fresh=briefing())
    cs = compare(old, new, dt.date(2026, 2, 1), dt.date(2026, 1, 15), {"a": ["moved"]})
    got = {(c.slug, c.kind, c.id, c.old, c.new) for c in cs.changes}
    assert got == {
        ("a", "fact-changed", "moved", "2 t", "5 t"),
        ("a", "fact-changed", "rounded", "3800000 t", "3810000 t"),  # display hid it
        ("a", "fact-added", "added", None, "7 t"),
        ("a", "fact-removed", "gone", "3 t", None),
        ("a", "verdict-changed", "c1", "supported", "misleading"),
        ("a", "claim-added", "c3", None, "supported"),
        ("a", "claim-removed", "c2", None, None),
        ("a", "event-added", None, None, None),
        ("a", "source-added", "s2", None, None),
        ("fresh", "briefing-added", None, None, None),
        ("old", "briefing-removed", None, None, None),
    }
    moved = next(c for c in cs.changes if c.id == "moved")
    assert moved.anchor == "kf-moved" and moved.detail == "2025"  # key figure; new as-of
    assert moved.text() == "L: 2 t → 5 t, as of 2025 (source: P, S)."
    assert cs.count == 11 and not cs.first
    first = compare(None, new, dt.date(2026, 2, 1), None)
    assert first.first and first.changes == []
    assert "first edition" in first.summary()
