"""The same input builds the same bytes: in another folder, at another time, sitemap included.

Dates in the output come from the edition, never from the clock, and nothing carries
the path it was built in. A reader (or a cache, or a diff of two editions) can trust
that a changed file means changed content.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from sitecheck import tree_files

from devtools.projects import copy_project, run_cli

OUTPUTS = ("docs/briefings", "site")


def test_two_builds_in_two_folders_are_byte_identical(tmp_path: Path) -> None:
    source = copy_project(tmp_path / "source")  # one snapshot of the repository for both
    first = tmp_path / "first"
    second = tmp_path / "a" / "much" / "longer" / "path" / "elsewhere"
    shutil.copytree(source, first)
    run = run_cli(first, "build")
    assert run.code == 0, run.text
    time.sleep(1.5)  # another second on the clock
    shutil.copytree(source, second)
    run = run_cli(second, "build")
    assert run.code == 0, run.text
    for name in OUTPUTS:
        one, two = tree_files(first / name), tree_files(second / name)
        assert sorted(one) == sorted(two), f"{name}: different files"
        differ = sorted(path for path in one if one[path] != two[path])
        assert differ == [], f"{name}: files that differ between the two builds: {differ}"
    sitemap = (second / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" in sitemap and (second / "site" / "sitemap.xml.gz").is_file()
    for path in (second / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".css"):
            assert str(second) not in path.read_text(encoding="utf-8", errors="replace"), path
