"""The one door to the site engine (briefing/write/engine.py): the only module that imports
MkDocs, mike only behind publishing, the settings it reads, and build errors said once."""

from __future__ import annotations

import ast
from pathlib import Path

from sitecheck import tree_hash

from briefing.write.engine import SiteSettings, read_settings
from devtools.projects import ROOT, copy_project, run_cli

PACKAGE = ROOT / "briefing"


def importers(top: str) -> set[str]:
    """Modules of the package that import `top` (or a module under it), anywhere in them."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            if any(name == top or name.startswith(f"{top}.") for name in names):
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_only_the_engine_imports_mkdocs_and_only_publishing_calls_mike() -> None:
    assert importers("mkdocs") == {"briefing/write/engine.py"}
    assert importers("mike") == {"briefing/editions/publish.py"}


def test_mkdocs_yml_has_no_hooks() -> None:
    # Pagefind runs from the generator; an engine such as Zensical would ignore hooks.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not any(line.startswith("hooks:") for line in config.splitlines())


def test_settings_and_their_defaults(tmp_path: Path) -> None:
    assert read_settings(ROOT / "mkdocs.yml") == SiteSettings(
        site_name="Briefings", site_url="https://example.github.io/briefing-site/",
        branch="gh-pages", remote="origin", default_alias="latest", language="en")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Notes\nsite_url: https://example.org/notes\n"
                      "remote_branch: pages\nremote_name: upstream\n"
                      "theme:\n  name: material\n  language: pt-BR\n"
                      "extra:\n  version:\n    default: current\n", encoding="utf-8")
    assert read_settings(config) == SiteSettings(
        "Notes", "https://example.org/notes/", "pages", "upstream", "current", "pt-BR")
    config.write_text("site_name: Bare\ntheme: material\n", encoding="utf-8")
    assert read_settings(config) == SiteSettings(site_name="Bare")
    assert read_settings(tmp_path / "missing.yml") == SiteSettings()


def test_a_failed_build_says_each_warning_once_and_changes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", data=ROOT / "tests" / "fixtures" / "minimal")
    assert run_cli(project, "build").code == 0
    before = {name: tree_hash(project / name) for name in ("docs", "site")}
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n",
                     encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 3, run.text
    # MkDocs' own "WARNING: …" line used to come first, then ours with the same words.
    assert run.err.count("no-such-page.md") == 1, run.err
    assert run.err.startswith("error: mkdocs build failed: Doc file 'about.md' contains a link "
                              "'no-such-page.md'"), run.err
    assert "Traceback" not in run.text
    about.write_text(about.read_text(encoding="utf-8").replace(
        "\n[gone](no-such-page.md)\n", ""), encoding="utf-8")
    assert {name: tree_hash(project / name) for name in ("docs", "site")} == before


def test_a_rebuild_that_wrote_no_page_reloads_none(tmp_path: Path) -> None:
    """serve's rule for reloading open pages after a rebuild: only when a page was written
    (404.html, written by every build, and downloads such as facts.json do not count)."""
    import os
    import time

    from briefing.write.engine import _pages_written_since

    old = time.time() - 60
    for rel in ("index.html", "briefings/a/index.html", "briefings/facts.json", "404.html"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
        os.utime(path, (old, old))
    started = time.time() - 1
    assert not _pages_written_since(tmp_path, started)
    for rel in ("briefings/facts.json", "404.html"):
        (tmp_path / rel).write_text("y")
    assert not _pages_written_since(tmp_path, started)
    (tmp_path / "briefings" / "a" / "index.html").write_text("y")
    assert _pages_written_since(tmp_path, started)
