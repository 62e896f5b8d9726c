"""Bad input never half-builds: each broken briefing in the corpus fails cleanly.

For every case in tests/bad_input/cases.py, on a project that holds a previous good
build: `build.py build` exits 1, names the file and line with a message that says what
is wrong, prints no traceback, and leaves docs/ (generated briefings/ included) and site/
byte for byte as they were. (Issue 2's ten broken briefings are among these cases.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, CASES, CSV, SLUG, YAML, Case
from sitecheck import tree_hash

from briefing import pipeline
from devtools.projects import copy_project, run_cli


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the corpus's valid briefing, built: the output that must survive."""
    project = copy_project(tmp_path_factory.mktemp("good") / "project", data=BASE)
    run = run_cli(project, "build")
    assert run.code == 0, run.text
    assert (project / "site" / "briefings" / SLUG / "index.html").is_file()
    return project


def apply(case: Case, briefings: Path) -> Path:
    folder = briefings / SLUG
    for old, new in case.replace.items():
        text = (folder / YAML).read_text(encoding="utf-8")
        assert old in text, f"case {case.name}: {old!r} is not in the base briefing"
        (folder / YAML).write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, content in case.files.items():
        if callable(content):
            content(folder)
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    if case.rename:
        folder = folder.rename(briefings / case.rename)
    return folder


def expected_line(case: Case, folder: Path) -> int:
    if isinstance(case.at, int):
        return case.at
    text = (folder / case.file).read_bytes().decode("utf-8", errors="replace")
    index = text.find(case.at)
    assert index >= 0, f"case {case.name}: {case.at!r} is not in {case.file}"
    return text.count("\n", 0, index) + 1


def test_corpus_is_large_and_varied() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 40
    kinds = {name.split("-")[0] for name in names}
    assert {"yaml", "type", "missing", "unknown", "ref", "duplicate", "date", "unit", "csv",
            "slug", "chart", "url", "empty"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_cleanly(case: Case, good_build: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    before = {name: tree_hash(project / name) for name in ("docs", "site")}
    folder = apply(case, project / "data" / "briefings")

    run = run_cli(project, "build")

    assert run.code == 1, f"exit {run.code}\n{run.text}"
    assert "Traceback" not in run.text
    assert "internal error" not in run.text
    shown = f"data/briefings/{folder.name}/{case.file}"
    line = expected_line(case, folder)
    pattern = rf"^error: {re.escape(shown)}:{line}(:\d+)?: .*{re.escape(case.says)}"
    assert re.search(pattern, run.err, re.MULTILINE), (
        f"expected a message at {shown}:{line} saying {case.says!r}; got:\n{run.err}")
    assert "nothing was written" in run.err
    after = {name: tree_hash(project / name) for name in ("docs", "site")}
    assert after == before, "a failed build changed the previous output"
    assert not (project / "pwned").exists() and not (folder / "pwned").exists()


def test_byte_order_marks_are_accepted(tmp_path: Path) -> None:
    """Excel writes CSV with a UTF-8 byte-order mark, some editors YAML too: both load.

    The mark is not part of the first column's name, so the header still matches and the
    values of the first column reach the page.
    """
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    folder = data / "briefings" / SLUG
    for name in (YAML, CSV):
        (folder / name).write_bytes(b"\xef\xbb\xbf" + (folder / name).read_bytes())
    project = copy_project(tmp_path / "project", data=data)
    run = run_cli(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    page = (project / "docs" / "briefings" / SLUG / "index.md").read_text(encoding="utf-8")
    assert "A briefing that builds" in page
    assert "\ufeff" not in page
    (briefing,) = pipeline.validate(pipeline.Project(project))
    table = briefing.tables["reserves"]
    assert table.columns == ["country", "reserves"]
    assert table.rows[0] == {"country": "China", "reserves": 44000000}
