"""File-level inputs an audit tried: links that leave data/, folders that would be skipped or
cannot be checked out, code in a briefing without the project's consent, and tables too large
to draw or to show whole. Each is refused with a message naming what and why (or, for a
large table without a chart, shown in part with the whole as a download), and a refused build
leaves docs/ and site/ as they were."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitecheck import tree_hash

from devtools.projects import ROOT, copy_project, run_main

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
CHARTS = ROOT / "tests" / "fixtures" / "charts"
SLUG = "sample-briefing"


def _project(tmp_path: Path, data: Path = MINIMAL) -> Path:
    return copy_project(tmp_path / "p", data=data)


def _refused(project: Path, *messages: str) -> str:
    """Build: exit 1, each message in stderr, no traceback, docs/ and site/ untouched."""
    before = tree_hash(project / "docs"), tree_hash(project / "site")
    run = run_main(project, "build")
    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    for message in messages:
        assert message in run.err, run.err
    assert (tree_hash(project / "docs"), tree_hash(project / "site")) == before
    return run.err


def test_a_briefing_folder_linked_from_outside_data_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    outside = tmp_path / "elsewhere" / "linked"
    outside.parent.mkdir()
    os.rename(project / "data" / "briefings" / SLUG, outside)
    (project / "data" / "briefings" / SLUG).symlink_to(outside)
    _refused(project, f"error: data/briefings/{SLUG}: (file): expected a folder inside data/, "
             f"found a link to {outside} (copy the folder into data/briefings/ instead of "
             "linking it)")


def test_a_briefing_file_linked_from_outside_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project / "data" / "briefings" / SLUG / "briefing.yaml"
    outside = tmp_path / "outside.yaml"
    os.rename(path, outside)
    path.symlink_to(outside)
    err = _refused(project, f"found a link to {outside}")
    assert f"data/briefings/{SLUG}/briefing.yaml" in err


def test_a_csv_linked_from_outside_its_folder_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, CHARTS)
    path = project / "data" / "briefings" / "chart-sample" / "reserves.csv"
    outside = tmp_path / "secret.csv"
    os.rename(path, outside)
    path.symlink_to(outside)
    _refused(project, f"found a link to {outside}",
             "copy the file into data/briefings/chart-sample/ instead of linking it")


@pytest.mark.parametrize(("name", "message"), [
    (".hidden", "found '.hidden' (rename the folder to 'hidden' or move it out of "
                "data/briefings/ (hidden folders are not skipped))"),
    ("..x", "found '..x' (rename the folder to 'x' or move it out of data/briefings/"),
    ("évian", "found 'évian' (rename the folder to 'evian')"),
    ("con", "error: data/briefings/con: slug: expected a folder name that every system can "
            "check out, found 'con' (Windows cannot check out a folder named 'con'; "
            "rename it)"),
    ("LPT1", "Windows cannot check out a folder named 'LPT1'"),
])
def test_every_folder_is_built_or_refused_with_a_reason(tmp_path: Path, name: str,
                                                        message: str) -> None:
    project = _project(tmp_path)
    source = project / "data" / "briefings" / SLUG
    (project / "data" / "briefings" / name).mkdir()
    (project / "data" / "briefings" / name / "briefing.yaml").write_bytes(
        (source / "briefing.yaml").read_bytes())
    _refused(project, message)


def test_custom_chart_code_needs_the_projects_consent(tmp_path: Path) -> None:
    project = _project(tmp_path, CHARTS)  # pyproject.toml names no custom_charts
    err = _refused(project, 'add "chart-sample" to custom_charts under [tool.briefing] in '
                   "pyproject.toml")
    assert "charts[" in err and ".kind" in err


ROWS = 100_000


def _big_table(project: Path, chart: bool) -> None:
    folder = project / "data" / "briefings" / SLUG
    (folder / "big.csv").write_text(
        "year,value\n" + "".join(f"{1000 + i % 9000},{i}\n" for i in range(ROWS)),
        encoding="utf-8")
    text = (folder / "briefing.yaml").read_text(encoding="utf-8")
    dataset = ("datasets:\n  - id: big\n    title: A large table\n    source: usgs-2025\n"
               "    csv: big.csv\n    columns:\n      - {name: year, type: text}\n"
               "      - {name: value, type: number, unit: t}\n")
    if chart:
        dataset += ("charts:\n  - id: big-chart\n    kind: scatter\n    dataset: big\n"
                    "    title: Every row\n    x: value\n    y: value\n")
    (folder / "briefing.yaml").write_text(text.replace("sections:\n", dataset + "sections:\n"),
                                          encoding="utf-8")


def test_a_chart_over_too_many_rows_is_refused_with_the_limit(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _big_table(project, chart=True)
    _refused(project, "expected at most 5,000 rows for a chart, found 100,000 (aggregate the "
             "table, e.g. by year or the top 20 with the rest as \"Other\")")


def test_a_large_table_shows_its_head_and_the_whole_as_a_download(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _big_table(project, chart=False)
    run = run_main(project, "build")
    assert run.code == 0, run.text
    page = (project / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "Showing the first 200 of 100,000 rows" in page
    assert page.count("<tr>") < 300  # the head only, not 100,000 rows
    whole = project / "site" / "briefings" / SLUG / "big.csv"
    assert whole.is_file() and whole.read_text().count("\n") == ROWS + 1
    assert 'href="big.csv"' in page or "big.csv" in page


# Every character a title may hold; no digit, which would be a figure typed by hand.
TYPED = "Costs ~few *or* _more_ # of | <all> & more"


def test_titles_and_headings_show_every_character_as_typed(tmp_path: Path) -> None:
    """`~`, `*`, `_`, `#`, `|`, `<` and `&` in a briefing title and a section heading read as
    typed in the page heading, the <title>, the table of contents and the home card."""
    import html as html_lib
    import re

    project = _project(tmp_path)
    path = project / "data" / "briefings" / SLUG / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    quoted = '"' + TYPED.replace('"', '\\"') + '"'
    text = re.sub(r"^title: .*$", f"title: {quoted}", text, count=1, flags=re.M)
    text = re.sub(r"^  - heading: .*$", f"  - heading: {quoted}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    run = run_main(project, "build")
    assert run.code == 0, run.text

    def texts(pattern: str, page: str) -> list[str]:
        found = re.findall(pattern, page, re.S)
        return [html_lib.unescape(re.sub(r"<[^>]+>", "", f)).replace("¶", "").strip()
                for f in found]

    page = (project / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    assert TYPED in texts(r"<h1[^>]*>(.*?)</h1>", page)
    assert TYPED in texts(r"<h2[^>]*>(.*?)</h2>", page)
    assert any(t.startswith(TYPED) for t in texts(r"<title>(.*?)</title>", page))
    assert TYPED in texts(r'<a href="#[^"]*" class="md-nav__link">(.*?)</a>', page)
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert any(TYPED in t for t in texts(r"<a [^>]*>(.*?)</a>", home))
