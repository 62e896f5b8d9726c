"""The search index (briefing/write/search.py, Pagefind run by the generator after the engine
built the site) and its failures: a build error in one line, never a traceback, and the
previous docs/ and site/ left as they were."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sitecheck import tree_hash

from briefing.errors import BuildError
from briefing.write import search
from devtools.projects import ROOT, copy_project, run_cli


def test_a_missing_site_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"^search index: could not run Pagefind"):
        search.index(tmp_path / "no-such-site", "pt-BR")


def test_a_missing_pagefind_says_how_to_install_it(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(search, "NODE_MODULES", tmp_path / "node_modules")  # never installed
    with pytest.raises(BuildError, match=r"Pagefind is not installed \(no .*pagefind_extended\);"
                       r" `make site` installs it from package-lock.json with `npm ci`$"):
        search.index(tmp_path, "pt-BR")


def test_the_pinned_pagefind_runs() -> None:
    """1.6: the first whose filter indexes are the same on every run."""
    done = subprocess.run([str(search.executable()), "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "pagefind 1.6.0"


def test_the_language_is_passed_without_its_region(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html lang="pt-BR"><body><article class="md-content__inner"><h1>Olá</h1>'
        "<p>Minério de ferro</p></article></body></html>")
    search.index(tmp_path, "pt-BR")
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert '"pt"' in (tmp_path / "pagefind" / "pagefind-entry.json").read_text()
    assert not (tmp_path / "pagefind" / "pagefind-component-ui.js").exists()


def test_a_build_whose_search_index_fails_changes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=ROOT / "tests" / "fixtures" / "minimal")
    assert run_cli(project, "build").code == 0
    yaml = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
    yaml.write_text(yaml.read_text().replace("A small sample briefing", "A changed briefing"))
    before = {name: tree_hash(project / name) for name in ("docs", "site")}
    # As on a platform Pagefind ships no binary for, or before `npm ci`.
    (project / "node_modules").unlink()
    run = run_cli(project, "build")
    assert run.code == 3, run.text
    assert "search index: Pagefind is not installed (no " in run.err
    assert run.err.count("Pagefind is not installed") == 1, run.err  # said once, not twice
    assert "Traceback" not in run.text
    assert {name: tree_hash(project / name) for name in ("docs", "site")} == before


def test_excerpts_keep_words_apart(built_example: Path) -> None:
    """What Pagefind indexes (and shows as excerpts) keeps a space where the page breaks a
    line: a card's label and its as-of, topic chips ("reservesAs of 2024" ran together)."""
    from sitecheck import search_pages

    text = " ".join(p["content"] for p in search_pages(built_example / "site").values())
    assert "Russia's rare-earth reserves (USGS, 2025 edition) As of 2024" in text
    assert not re.search(r"[a-z]As of \d", text), re.search(r".{30}[a-z]As of \d.{10}", text)
