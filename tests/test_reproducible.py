"""The same input builds the same bytes: in another folder, at another time, sitemap included,
from the command line or in-process.

Dates in the output come from the edition, never from the clock, and nothing carries
the path it was built in. A reader (or a cache, or a diff of two editions) can trust
that a changed file means changed content.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from sitecheck import tree_files

from briefing.write import search
from devtools.projects import copy_project, run_cli

OUTPUTS = ("docs/briefings", "site")


def test_two_builds_in_two_folders_are_byte_identical(built_example: Path,
                                                      tmp_path: Path) -> None:
    """The session's example (built in-process, conftest.py) against `python build.py
    build` of another copy of the repository, in a longer path, later."""
    first = built_example
    second = tmp_path / "a" / "much" / "longer" / "path" / "elsewhere"
    built_at = (first / "site" / "sitemap.xml").stat().st_mtime
    time.sleep(max(0.0, built_at + 1.5 - time.time()))  # another second on the clock
    copy_project(second)
    assert not (second / ".build").exists()  # a cold build: nothing reused from the first
    run = run_cli(second, "build")
    assert run.code == 0, run.text
    for name in OUTPUTS:
        one, two = tree_files(first / name), tree_files(second / name)
        assert sorted(one) == sorted(two), f"{name}: different files"
        differ = sorted(path for path in one if one[path] != two[path])
        assert differ == [], f"{name}: files that differ between the two builds: {differ}"
    # The topic filter's index is among the files compared (templates/briefing.md.j2).
    assert list((second / "site" / "pagefind" / "filter").glob("*.pf_filter"))
    sitemap = (second / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" in sitemap and (second / "site" / "sitemap.xml.gz").is_file()
    for built in (first, second):
        for path in (built / "site").rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".css"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert str(built) not in text, path


def test_the_search_index_with_its_filters_is_the_same_on_every_run(tmp_path: Path) -> None:
    """Pagefind 1.5 wrote a different filter index on each run over the same pages (four of
    four differed over these); 1.6 must not. Sixty pages, eight topics, three each."""
    rng = random.Random(1)
    topics = ["trade", "energy", "metals", "sanctions", "shipping", "rare earths", "Russia",
              "United States"]
    words = ["iron", "ore", "copper", "aluminium", "tariff", "sanction", "export", "quota",
             "price", "shipment"]
    site = tmp_path / "site"
    for n in range(60):
        chips = "".join(f'<a class="topic" data-pagefind-filter="topic">{t}</a> '
                        for t in rng.sample(topics, 3))
        text = " ".join(rng.choice(words) for _ in range(200))
        (site / f"b{n}").mkdir(parents=True)
        (site / f"b{n}" / "index.html").write_text(
            f'<html lang="en"><body><article class="md-content__inner"><h1>Briefing {n}</h1>'
            f"<p>{chips}</p><p>{text}</p></article></body></html>", encoding="utf-8")
    runs = []
    for _ in range(3):
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        search.index(site, "en")
        runs.append(tree_files(site / "pagefind"))
    assert any(name.startswith("filter/") for name in runs[0]), sorted(runs[0])
    assert runs[1] == runs[0] and runs[2] == runs[0]
