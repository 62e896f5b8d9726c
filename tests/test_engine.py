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


def test_a_rebuild_of_files_the_last_build_had_builds_those_alone(tmp_path: Path) -> None:
    """serve's narrow rebuild (engine._rebuild_only): a changed page or file that the last
    build had is built again from that build's files and navigation, nothing else written
    (not even the 404 page every MkDocs build writes); anything the last build did not
    have, or a file gone, is left to MkDocs' build."""
    import os
    import time

    from mkdocs.commands.build import build as mkdocs_build

    from briefing.write.engine import _Built, _config, _rebuild_only, _recorder

    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [a](a.md).\n")
    (docs / "a.md").write_text("# A\n\nfirst text\n")
    (docs / "data.csv").write_text("x\n1\n")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Narrow\nnav:\n  - Home: index.md\n  - A: a.md\n")
    cfg = _config(config_file, docs, site, strict=False, versioned=False)
    last: list[_Built] = []
    cfg.plugins["briefing-preview"] = _recorder(last)
    mkdocs_build(cfg, serve_url="http://127.0.0.1:1/", dirty=False)
    assert len(last) == 1
    old = time.time() - 60
    for built in site.rglob("*.html"):
        os.utime(built, (old, old))

    (docs / "a.md").write_text("# A\n\nsecond text\n")
    (docs / "data.csv").write_text("x\n2\n")
    tmp = docs / ".a.md.1.tmp"  # an atomic write's temporary file, gone by now
    changed = {str(docs / "a.md"), str(docs / "data.csv"), str(tmp)}
    assert _rebuild_only(last[0], changed) is True
    assert "second text" in (site / "a" / "index.html").read_text()
    assert (site / "data.csv").read_text() == "x\n2\n"
    assert (site / "a" / "index.html").stat().st_mtime > old
    written = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
                 if p.stat().st_mtime > old + 1]
    assert written == ["a/index.html"]
    # A download alone: nothing built, no page written (open pages are not reloaded).
    assert _rebuild_only(last[0], {str(docs / "data.csv")}) is False

    (docs / "b.md").write_text("# B\n")
    assert _rebuild_only(last[0], {str(docs / "b.md")}) is None  # new: MkDocs builds
    (docs / "a.md").unlink()
    assert _rebuild_only(last[0], {str(docs / "a.md")}) is None  # gone: MkDocs builds
    assert _rebuild_only(last[0], None) is None  # a folder changed
    assert _rebuild_only(last[0], set()) is None


def test_the_preview_sees_changes_to_files_not_reads(tmp_path: Path) -> None:
    """What serve's observer of docs/ reports (write/preview.py): files written, moved or
    removed, by absolute path; a folder's coming or going as "build it all" (None); and
    never a file read, which MkDocs does to every page as it builds (an endless rebuild)."""
    import time

    from briefing.write.preview import Changed, ChangesObserver

    (tmp_path / "page.md").write_text("a")
    changed, observer = Changed(), ChangesObserver()
    observer.schedule(changed, str(tmp_path), recursive=True)
    observer.start()
    try:
        def settled() -> set[str] | None:
            # What was reported until nothing more came for a second.
            seen: set[str] | None = set()
            quiet_since = time.monotonic()
            while time.monotonic() - quiet_since < 1:
                time.sleep(0.1)
                more = changed.take()
                if more is None or more:
                    seen = None if more is None or seen is None else seen | more
                    quiet_since = time.monotonic()
            return seen

        assert settled() == set()
        (tmp_path / "page.md").read_text()
        assert settled() == set()
        (tmp_path / "tmp").write_text("b")
        (tmp_path / "tmp").replace(tmp_path / "page.md")
        assert settled() == {str(tmp_path / "tmp"), str(tmp_path / "page.md")}
        (tmp_path / "page.md").unlink()
        assert settled() == {str(tmp_path / "page.md")}
        (tmp_path / "folder").mkdir()
        assert settled() is None
        assert settled() == set()
    finally:
        observer.stop()
        observer.join(5)
