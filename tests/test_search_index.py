"""The search-index hook's own failures: reported as a build error in one line, never a
traceback (the build then leaves docs/ and site/ as they were, like any failed build)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

# MkDocs loads the hook by path (mkdocs.yml `hooks:`); it imports nothing of the package, so
# it is the same module imported from the package.
from briefing import search_index


def config(site_dir: Path) -> SimpleNamespace:
    return SimpleNamespace(site_dir=str(site_dir), theme={"language": "pt-BR"})


def test_a_missing_site_is_a_plugin_error(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match=r"^search index: could not run Pagefind"):
        search_index.on_post_build(config(tmp_path / "no-such-site"))


def test_a_missing_pagefind_says_how_to_install_it(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # import fails
    with pytest.raises(PluginError, match=r"Pagefind is not installed .*`make site`"):
        search_index.on_post_build(config(tmp_path))


def test_the_language_is_passed_without_its_region(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html lang="pt-BR"><body><article class="md-content__inner"><h1>Olá</h1>'
        "<p>Minério de ferro</p></article></body></html>")
    search_index.on_post_build(config(tmp_path))
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert '"pt"' in (tmp_path / "pagefind" / "pagefind-entry.json").read_text()
    assert not (tmp_path / "pagefind" / "pagefind-component-ui.js").exists()
