"""A broken template in templates/ is the maintainer's mistake, not a bug of the generator:
`build` says which template and line in one message, exits 3, and leaves docs/ and site/
as they were (briefing/pages/environment.py)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitecheck import tree_hash

from briefing.pages.environment import TemplateError, environment
from devtools.projects import ROOT, copy_project, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "minimal"
TEMPLATE = "briefing.md.j2"


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("templates") / "project", FIXTURE)
    run = run_cli(project, "build")
    assert run.code == 0, run.text
    return project


def break_line(project: Path, found: str, wrong: str) -> int:
    """Replace `found` (a whole line of the briefing template) with `wrong`; its line."""
    path = project / "templates" / TEMPLATE
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(found)
    lines[index] = wrong
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def assert_fails_at(good_build: Path, tmp_path: Path, found: str, wrong: str,
                    says: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    before = {name: tree_hash(project / name) for name in ("docs", "site")}
    line = break_line(project, found, wrong)

    run = run_cli(project, "build")

    assert run.code == 3, run.text
    pattern = rf"^error: templates/{re.escape(TEMPLATE)}:{line}: .*{re.escape(says)}"
    assert re.search(pattern, run.err, re.MULTILINE), run.err
    assert "Traceback" not in run.text
    assert "bug" not in run.text
    assert {name: tree_hash(project / name) for name in ("docs", "site")} == before


def test_a_syntax_error_names_its_template_and_line(good_build: Path, tmp_path: Path) -> None:
    assert_fails_at(good_build, tmp_path, "{% endfor %}", "{% endfo %}",
                    "Encountered unknown tag 'endfo'")


def test_an_undefined_variable_names_its_template_and_line(good_build: Path,
                                                           tmp_path: Path) -> None:
    # A typo in an attribute that the template hands to Python (r.prose): the line is the
    # template's, not the renderer's.
    assert_fails_at(good_build, tmp_path, "{{ r.prose(c.reasoning) }}",
                    "{{ r.prose(c.reasonning) }}", "has no attribute 'reasonning'")


# ------------------------------------------------------------------- the environment alone


def render_error(tmp_path: Path, name: str, files: dict[str, str],
                 **context: Callable[[], object]) -> TemplateError:
    templates = tmp_path / "templates"
    templates.mkdir()
    for file, text in files.items():
        (templates / file).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        environment(templates).get_template(name).render(**context)
    return caught.value


def test_an_error_in_an_imported_macro_is_at_the_macro_line(tmp_path: Path) -> None:
    error = render_error(tmp_path, "page.j2", {
        "page.j2": '{% from "_macros.j2" import item %}\n{{ item(1) }}\n',
        "_macros.j2": "{% macro item(x) -%}\nfine\n{{ x.nope }}\n{%- endmacro %}\n",
    })
    assert str(error) == "templates/_macros.j2:3: 'int object' has no attribute 'nope'"
    assert (error.path, error.line) == ("templates/_macros.j2", 3)


def test_a_missing_include_is_at_the_include_line(tmp_path: Path) -> None:
    error = render_error(tmp_path, "page.j2", {"page.j2": 'a\n\n{% include "gone.j2" %}\n'})
    assert str(error) == "templates/page.j2:3: no template 'gone.j2' in templates/"


def test_a_missing_template_has_no_line(tmp_path: Path) -> None:
    error = render_error(tmp_path, "gone.j2", {"page.j2": "a\n"})
    assert str(error) == "templates/gone.j2: no such template"
    assert error.line is None


def test_a_syntax_error_in_an_imported_template_is_in_that_template(tmp_path: Path) -> None:
    error = render_error(tmp_path, "page.j2", {
        "page.j2": '{% from "_macros.j2" import item %}\n{{ item() }}\n',
        "_macros.j2": "{% macro item() %}\n\n{% if %}\n{% endmacro %}\n",
    })
    assert str(error).startswith("templates/_macros.j2:3: Expected an expression")


def test_an_error_in_python_that_a_template_calls_stays_a_bug(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.j2").write_text("a\n{{ helper() }}\n", encoding="utf-8")

    def helper() -> str:
        raise KeyError("a bug in the generator")

    with pytest.raises(KeyError):
        environment(templates).get_template("page.j2").render(helper=helper)
