"""Bad input never half-builds: each broken briefing in the corpus fails cleanly.

For every case in tests/bad_input/cases.py, `build.py build` exits 1, names the file and
line with a message that says what is wrong, and writes nothing. (Issue 2's ten broken
briefings are among these cases.)

The cases run through `briefing.cli.main` in this process (devtools.projects.run_main): the
same messages and exit code as the command line, without a fresh interpreter per case. A
few run end to end as well, `python build.py build` in a subprocess on a project that holds
a previous good build (the example's, with the broken briefing added): the same exit code
and the same messages, byte for byte, no traceback, and docs/ (generated briefings/
included) and site/ left as they were.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, CASES, CSV, SLUG, YAML, Case
from sitecheck import tree_hash

from briefing import pipeline
from devtools.projects import Run, copy_project, run_cli, run_main

BY_NAME = {case.name: case for case in CASES}
# Run end to end too: a YAML tag that would run code, a CSV table and a reference in prose.
END_TO_END = ["yaml-python-object-tag", "csv-ragged-row", "ref-prose-fact-mistyped"]


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


def expected_line(case: Case, folder: Path, at: int | str | None = None) -> int:
    at = case.at if at is None else at
    if isinstance(at, int):
        return at
    text = (folder / case.file).read_bytes().decode("utf-8", errors="replace")
    index = text.find(at)
    assert index >= 0, f"case {case.name}: {at!r} is not in {case.file}"
    return text.count("\n", 0, index) + 1


def assert_reported(case: Case, folder: Path, run: Run) -> None:
    """Exit 1, the case's message at its file and line, and nothing written."""
    assert run.code == 1, f"exit {run.code}\n{run.text}"
    assert "Traceback" not in run.text
    assert "internal error" not in run.text
    # normpath: a case's file may be the project's data/sources.yaml (cases.LIBRARY).
    shown = posixpath.normpath(f"data/briefings/{folder.name}/{case.file}")
    for says, at in ((case.says, case.at), *case.also):
        line = expected_line(case, folder, at)
        pattern = rf"^error: {re.escape(shown)}:{line}(:\d+)?: .*{re.escape(says)}"
        assert re.search(pattern, run.err, re.MULTILINE), (
            f"expected a message at {shown}:{line} saying {says!r}; got:\n{run.err}")
    if case.also:  # each message once: none repeated, none beyond those listed
        assert f"{1 + len(case.also)} problems found" in run.err, run.err
    assert "nothing was written" in run.err
    assert not (folder / "pwned").exists() and not (folder.parent.parent.parent / "pwned").exists()


def test_corpus_is_large_and_varied() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 40
    kinds = {name.split("-")[0] for name in names}
    assert {"yaml", "type", "missing", "unknown", "ref", "duplicate", "date", "unit", "csv",
            "slug", "chart", "url", "empty"} <= kinds
    assert set(END_TO_END) <= set(BY_NAME)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_cleanly(case: Case, tmp_path: Path) -> None:
    """In this process: a project of the corpus's data alone, built with one case broken."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project / "data")
    folder = apply(case, project / "data" / "briefings")

    run = run_main(project, "build", *case.args)

    assert_reported(case, folder, run)
    written = {p.name for p in project.iterdir()} - {"data", ".build"}  # .build/: caches
    assert written == set(), f"a failed build wrote {written}"


SEVERAL = [case for case in CASES if case.also]


@pytest.mark.parametrize("case", SEVERAL, ids=[case.name for case in SEVERAL])
def test_validate_reports_every_problem_of_a_case_in_one_run(case: Case, tmp_path: Path) -> None:
    """`validate` (not only `build`): every field of every record, and what a record's
    failed field would hide (its references, units, whole-record checks), at once."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project / "data")
    folder = apply(case, project / "data" / "briefings")

    run = run_main(project, "validate")

    assert_reported(case, folder, run)


@pytest.mark.parametrize("name", END_TO_END)
def test_bad_input_fails_cleanly_from_the_command_line(name: str, built_example: Path,
                                                       tmp_path: Path) -> None:
    """A subprocess build on a copy of the built example, with the broken briefing added."""
    case = BY_NAME[name]
    project = tmp_path / "project"
    shutil.copytree(built_example, project, symlinks=True)
    shutil.copytree(BASE / "briefings" / SLUG, project / "data" / "briefings" / SLUG)
    before = {name: tree_hash(project / name) for name in ("docs", "site")}
    folder = apply(case, project / "data" / "briefings")

    run = run_cli(project, "build")

    assert_reported(case, folder, run)
    after = {name: tree_hash(project / name) for name in ("docs", "site")}
    assert after == before, "a failed build changed the previous output"
    # What the in-process runs above are checked against: the very same messages.
    in_process = run_main(project, "build")
    assert (in_process.code, in_process.out, in_process.err) == (run.code, run.out, run.err)


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
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    page = (project / "docs" / "briefings" / SLUG / "index.md").read_text(encoding="utf-8")
    assert "A briefing that builds" in page
    assert "China" in page  # the first column's values
    assert "\ufeff" not in page
    (briefing,) = pipeline.validate(pipeline.Project(project))
    table = briefing.tables["reserves"]
    assert table.columns == ["country", "reserves"]
    assert table.rows[0] == {"country": "China", "reserves": 44000000}
