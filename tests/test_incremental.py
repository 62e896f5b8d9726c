"""Rebuilds do only what changed, and what they reuse is never stale.

A no-change rebuild leaves every generated file in docs/briefings/ and every file in
site/ as it was (same inode, same mtime): unchanged files are hard-linked into the
stage rather than written (site.py). Validated briefings and rendered pages come from
.build/ (cache.py) under keys of everything they are made from, so an edit to the data
or to a template shows in the next build.

The builds run in this process (devtools.projects.run_main): what a rebuild reuses lives in
.build/, not in the process, and the in-process runs also show that nothing a long-lived
process keeps (`serve` regenerates in-process) goes stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from devtools.projects import EXAMPLE_SLUG, run_main


def files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def briefing_html(project: Path) -> str:
    return (project / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()


def test_no_change_rebuild_leaves_files_alone(project: Path) -> None:
    assert run_main(project, "build").code == 0
    docs, site = files(project / "docs" / "briefings"), files(project / "site")
    result = run_main(project, "build")
    assert result.code == 0, result.text
    assert files(project / "docs" / "briefings") == docs
    assert files(project / "site") == site


def test_an_edit_rewrites_only_what_it_changes(project: Path) -> None:
    assert run_main(project, "build").code == 0
    before = files(project / "docs" / "briefings")
    yaml = project / "data" / "briefings" / EXAMPLE_SLUG / "briefing.yaml"
    text = yaml.read_text()
    # Russia's rare-earth reserves in USGS's 2026 edition, 3.8 million t REO: a figure in
    # prose that no table holds (the 2025 edition's is in two CSVs, and a fact typed apart
    # from its table must agree with it: check/agreement.py).
    edited = re.sub(r"(id: ree-reserves-2026-russia\n(?:    .*\n)*?    value: )3800000",
                    r"\g<1>3900000", text, count=1)
    assert edited != text
    yaml.write_text(edited)
    result = run_main(project, "build")
    assert result.code == 0, result.text
    assert "3.9 million t REO" in briefing_html(project)

    after = files(project / "docs" / "briefings")
    changed = {path for path, ident in after.items() if before.get(path) != ident}
    assert f"{EXAMPLE_SLUG}/index.md" in changed
    assert "facts.json" in changed
    # The charts' data did not change: their files, and the Vega bundle, were left alone.
    assert not {p for p in changed if "/charts/" in p or p.startswith("_assets/")}

    # Back to the old value: the cached validation and page for it serve again, correctly.
    yaml.write_text(text)
    assert run_main(project, "build").code == 0
    assert "3.8 million t REO" in briefing_html(project)
    assert "3.9 million t REO" not in briefing_html(project)


def test_a_template_edit_reaches_every_page(project: Path) -> None:
    assert run_main(project, "build").code == 0
    template = project / "templates" / "briefing.md.j2"
    template.write_text(template.read_text().replace(
        "## Timeline", "## Timeline of events", 1))
    result = run_main(project, "build")
    assert result.code == 0, result.text
    assert "Timeline of events" in briefing_html(project)
