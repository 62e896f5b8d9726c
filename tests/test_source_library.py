"""The site's source library, data/sources.yaml: sources any briefing cites by id.

A briefing citing a library source shows it as its own (numbered in its source list, named
in each figure's tooltip); a page lists only the library sources it cites; the Sources page
names every briefing that cites one; the library's problems are reported at its lines; an
edit to the library reaches every briefing built from the cache. (The bad-input corpus,
tests/bad_input/cases.py, holds the library's other broken cases.)
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, LIBRARY_TEXT, SLUG, YAML

from devtools.projects import copy_project, run_main

SECOND = "second-briefing"
UNUSED = (
    "  - id: never-cited\n    title: A report nobody cites\n    publisher: Nobody\n"
    "    url: https://example.org/never\n    published: 2025-05\n"
)


def _cite_library(folder: Path, title: str | None = None) -> None:
    """The briefing's first fact comes from the library's source, and its prose cites it."""
    path = folder / YAML
    text = path.read_text(encoding="utf-8")
    text = text.replace("    as_of: 2024\n    source: usgs-2025\n",
                        "    as_of: 2024\n    source: iea-2025\n", 1)
    text = text.replace('      The figure is {{ fact("ru-reserves") }}.',
                        '      The figure is {{ fact("ru-reserves") }}, says '
                        '{{ source("iea-2025") }}.')
    if title is not None:
        text = text.replace("title: A briefing that builds", f"title: {title}")
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two briefings citing one library source; the library holds one nobody cites."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    shutil.copytree(data / "briefings" / SLUG, data / "briefings" / SECOND)
    _cite_library(data / "briefings" / SLUG)
    _cite_library(data / "briefings" / SECOND, title="A second briefing")
    (data / "sources.yaml").write_text(LIBRARY_TEXT + UNUSED, encoding="utf-8")
    return copy_project(tmp_path / "project", data=data)


def _source_items(page: str) -> list[str]:
    """The ids of a briefing page's numbered source list, in order."""
    listed = page.split('<ol class="sources"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<li class="source" id="source-([^"]+)"', listed)


def test_a_library_source_is_cited_numbered_and_listed_like_the_briefings_own(
        project: Path) -> None:
    run = run_main(project, "build")
    assert run.code == 0, run.text
    page = (project / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    # The briefing's own source first, then the library's it cites; not the one it doesn't.
    assert _source_items(page) == ["usgs-2025", "iea-2025"]
    assert "never-cited" not in page
    name = "International Energy Agency, Global Critical Minerals Outlook 2025"
    tip = re.search(r'<span class="fact" data-fact="ru-reserves"[^>]*data-tip="([^"]*)"', page)
    assert tip is not None and html.unescape(tip.group(1)) == f"{name} — as of 2024"
    cite = re.search(r'<a href="#source-iea-2025"[^>]*aria-label="([^"]*)">(\d+)</a>', page)
    assert cite is not None
    assert (html.unescape(cite.group(1)), cite.group(2)) == (f"Source 2: {name}", "2")

    sources = (project / "site" / "briefings" / "sources" / "index.html").read_text(
        encoding="utf-8")
    entry = next(item for item in sources.split('<li class="source">')
                 if "International Energy Agency" in item)
    cited_in = re.sub(r"<[^>]+>", "", entry.split('class="source__cited"', 1)[1])
    assert "Cited in A second briefing, A briefing that builds." in html.unescape(cited_in)
    assert f'href="../{SECOND}/#source-iea-2025"' in entry
    assert f'href="../{SLUG}/#source-iea-2025"' in entry
    assert "A report nobody cites" not in sources


def test_a_library_source_no_briefing_cites_is_a_warning_at_its_line(project: Path) -> None:
    run = run_main(project, "validate")
    assert run.code == 0, run.text
    assert ("warning: data/sources.yaml:7:9: sources[1].id: expected a library source that a "
            "briefing cites, found 'never-cited', which no briefing cites (cite it in prose "
            'as {{ source("never-cited") }} or as a record\'s source, or remove it from the '
            "library)") in run.err
    strict = run_main(project, "validate", "--strict")
    assert strict.code == 1
    assert "error: data/sources.yaml:7:9: sources[1].id" in strict.err


def test_a_clash_with_the_library_names_both_places(project: Path) -> None:
    path = project / "data" / "briefings" / SECOND / YAML
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: usgs-2025\n", "  - id: iea-2025\n    title: Mine\n"
                                 "    publisher: Me\n    url: https://example.org/mine\n"
                                 "  - id: usgs-2025\n", 1), encoding="utf-8")
    run = run_main(project, "validate")
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if not line.startswith("warning:")]
    assert errors == [
        f"error: data/briefings/{SECOND}/briefing.yaml:11:9: sources[0].id: expected an id the "
        "source library does not define, found 'iea-2025', also at data/sources.yaml:2 "
        "(remove this record and cite the library's, or give it another id)",
        "1 problem found; nothing was written."]


def test_bad_yaml_in_the_library_is_reported_at_its_line(project: Path) -> None:
    (project / "data" / "sources.yaml").write_text(
        LIBRARY_TEXT.replace("    published: 2025-05", "   published: 2025-05"),
        encoding="utf-8")
    run = run_main(project, "validate")
    assert run.code == 1
    assert ("error: data/sources.yaml:6:4: (file): expected valid YAML, found expected "
            "<block end>, but found '<block mapping start>'\n") in run.err
    assert "1 problem found;" in run.err, run.err
    assert "Traceback" not in run.text


def test_a_library_outside_data_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    library = project / "data" / "sources.yaml"
    outside.write_text(library.read_text(encoding="utf-8"), encoding="utf-8")
    library.unlink()
    library.symlink_to(outside)
    run = run_main(project, "validate")
    assert run.code == 1
    assert (f"error: data/sources.yaml: (file): expected a file inside data/, found a link to "
            f"{outside.resolve()} (copy the file into data/ instead of linking it)\n"
            ) in run.err, run.err


def test_editing_the_library_revalidates_every_briefing(project: Path) -> None:
    assert run_main(project, "build", "--no-mkdocs").code == 0
    library = project / "data" / "sources.yaml"
    library.write_text(library.read_text(encoding="utf-8").replace(
        "Global Critical Minerals Outlook 2025", "Critical Minerals Outlook, revised"),
        encoding="utf-8")
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    for slug in (SLUG, SECOND):
        page = (project / "docs" / "briefings" / slug / "index.md").read_text(encoding="utf-8")
        assert "Critical Minerals Outlook, revised" in page
        assert "Global Critical Minerals Outlook 2025" not in page


def test_library_text_is_shown_as_typed_never_as_markup(project: Path) -> None:
    library = project / "data" / "sources.yaml"
    library.write_text(library.read_text(encoding="utf-8").replace(
        "publisher: International Energy Agency",
        "publisher: \"<script>alert(1)</script> & {{ 7*7 }}\""), encoding="utf-8")
    run = run_main(project, "build")
    assert run.code == 0, run.text
    for path in (f"briefings/{SLUG}/index.html", "briefings/sources/index.html"):
        page = (project / "site" / path).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }}" in page, path
