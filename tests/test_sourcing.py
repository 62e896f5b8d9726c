"""The build enforces sourcing: a figure typed by hand in the briefing's own texts is refused
by `validate` at the line and column of the number itself, with the fact that holds it;
dates, spans of years and listed identifiers pass (briefing/check/sourcing.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, SLUG, YAML
from sitecheck import tree_hash

from briefing import pipeline
from briefing.errors import InputError
from briefing.read.scalars import text_position
from devtools.projects import EXAMPLE_SLUG, ROOT, copy_project, run_cli, set_option

EXAMPLE = ROOT / "data" / "briefings" / EXAMPLE_SLUG / YAML
TYPED = "Imports fell 40% to $1.2 billion"
# Where the acceptance test types TYPED in the example: each (old, new) is applied once.
# A section body (literal block), an event title (plain), a claim's reasoning (literal) and
# a chart note (made double-quoted, with escapes before the figures).
EXAMPLE_EDITS = [
    ("    heading: What Putin offered\n    body: |\n",
     f"    heading: What Putin offered\n    body: |\n      {TYPED}.\n"),
    ("    title: Russia is a leading supplier of unwrought aluminium to the United States\n",
     f"    title: Russia is a leading supplier of unwrought aluminium. {TYPED}\n"),
    ("      The share then fell to {{",
     f"      {TYPED}. The share then fell to {{{{"),
    ('    note: Russia is within "Other".\n',
     f'    note: "Russia is within \\"Other\\". {TYPED}."\n'),
]
# The fields, in the order they stand in the file.
FIELDS = ["claims[0].reasoning", "events[0].title", "charts[4].note", "sections[0].body"]


def _positions(text: str, typed: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Line and column, computed from the file alone, of each needle inside each `typed`."""
    out = []
    start = 0
    while (at := text.find(typed, start)) >= 0:
        for needle in needles:
            index = text.index(needle, at)
            line = text.count("\n", 0, index) + 1
            out.append((line, index - (text.rfind("\n", 0, index) + 1) + 1))
        start = at + len(typed)
    return out


def _example(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "briefings" / EXAMPLE_SLUG / YAML
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def _problems(root: Path) -> list[str]:
    try:
        pipeline.validate(pipeline.Project(root))
    except InputError as exc:
        return [p.render() for p in exc.problems]
    return []


def test_figures_typed_in_the_example_are_refused_where_they_stand(tmp_path: Path) -> None:
    root = _example(tmp_path, EXAMPLE_EDITS)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    text = (root / "data" / "briefings" / EXAMPLE_SLUG / YAML).read_text(encoding="utf-8")
    found = _problems(root)
    where = _positions(text, TYPED, ("40%", "$1.2 billion"))
    shown = f"data/briefings/{EXAMPLE_SLUG}/{YAML}"
    assert len(found) == 8, "\n".join(found)
    for n, (line, col) in enumerate(where):
        field = FIELDS[n // 2]
        figure = ("'40%'", "'$1.2 billion'")[n % 2]
        expected = ('a figure from a fact: {{ fact("id") }}' if "body" in field
                    or "reasoning" in field else
                    "text without figures typed by hand (only prose can cite a fact)")
        assert any(p.startswith(f"{shown}:{line}:{col}: {field}: expected {expected}, found "
                                f"{figure}") for p in found), (line, col, field, found)


def test_dates_spans_and_identifiers_pass(tmp_path: Path) -> None:
    allowed = "On 24 February 2025, as in 2017–2018, under Section 232 and Proclamation 10522"
    edits = [(old, new.replace(TYPED, allowed)) for old, new in EXAMPLE_EDITS]
    root = _example(tmp_path, edits)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")  # lists Section 232
    assert _problems(root) == []


def test_a_figure_that_a_fact_holds_is_named(tmp_path: Path) -> None:
    # The example's U.S. tariff on Russian aluminium is a fact of 200%.
    old = EXAMPLE_EDITS[0][0]
    root = _example(tmp_path, [(old, old + "      A 200% tariff.\n")])
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    (problem,) = _problems(root)
    assert problem.endswith("sections[0].body: expected a figure from a fact: "
                            "{{ fact(\"id\") }}, found '200%' (did you mean "
                            "{{ fact(\"us-tariff-ru-al\") }}?)")


def _base(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    path = data / "briefings" / SLUG / YAML
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return tmp_path, text


@pytest.mark.parametrize(("old", "new"), [
    # plain, on one line and over two
    ("title: A briefing that builds", "title: A briefing of 12 parts"),
    ("title: A briefing that builds", "title: A briefing\n  of 12 parts"),
    # quoted: single with '' before the figure, double with escapes
    ("title: A briefing that builds", "title: 'It''s a briefing of 12 parts'"),
    ("title: A briefing that builds", 'title: "A \\"briefing\\"\\tof 12 parts"'),
    # a folded block, the figure on its second line
    ("title: A briefing that builds", "title: >-\n  A briefing\n  of 12 parts"),
    # a literal block, the figure on a line of its own
    ("      The figure is {{", "      Split in 12 parts.\n      The figure is {{"),
])
def test_the_column_is_that_of_the_number(tmp_path: Path, old: str, new: str) -> None:
    root, text = _base(tmp_path, old, new)
    index = text.index("12 parts")
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    (problem,) = _problems(root)
    assert problem.startswith(f"data/briefings/{SLUG}/{YAML}:{line}:{col}: "), problem
    assert "found '12'" in problem


def test_text_position_of_a_block_after_its_indicator_comment() -> None:
    source = "a:\n  b: |  # a comment\n    one\n      two 12\n"
    assert text_position(source, (2, 6), "one\n  two 12", 10) == (4, 11)


def test_project_identifiers_reach_the_check(tmp_path: Path) -> None:
    root, _ = _base(tmp_path, "title: A briefing that builds", "title: A G7 briefing")
    (problem,) = _problems(root)
    assert "title: expected text without figures typed by hand" in problem
    assert "found 'G7'" in problem
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    set_option(root, "identifiers", '["G7"]')
    assert _problems(root) == []


def test_a_briefing_lists_its_own_identifiers_and_literals(tmp_path: Path) -> None:
    root, _ = _base(tmp_path, "title: A briefing that builds",
                    "title: On Proclamation 10895\nidentifiers: [Proclamation 10895]")
    assert _problems(root) == []
    root2, _ = _base(tmp_path / "two", "      The figure is {{",
                     '      The {{ "G7" }} figure is {{')
    assert _problems(root2) == []


def test_a_claims_words_and_a_text_facts_value_are_not_ours(tmp_path: Path) -> None:
    root, _ = _base(tmp_path, "words: Russia has the fifth-largest reserves.",
                    "words: Russia has 5% of reserves, said the agency.")
    assert _problems(root) == []


def test_validate_refuses_from_the_command_line(built_example: Path, tmp_path: Path) -> None:
    """End to end: `python build.py validate` on the built example with the four figures
    typed: exit 1, each at file:line:column, no traceback, docs/ and site/ unchanged."""
    project = tmp_path / "project"
    shutil.copytree(built_example, project, symlinks=True)
    path = project / "data" / "briefings" / EXAMPLE_SLUG / YAML
    text = path.read_text(encoding="utf-8")
    for old, new in EXAMPLE_EDITS:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    before = tree_hash(project / "docs"), tree_hash(project / "site")

    run = run_cli(project, "validate")

    assert run.code == 1, run.text
    assert "Traceback" not in run.text
    shown = f"data/briefings/{EXAMPLE_SLUG}/{YAML}"
    for n, (line, col) in enumerate(_positions(text, TYPED, ("40%", "$1.2 billion"))):
        assert f"error: {shown}:{line}:{col}: {FIELDS[n // 2]}: expected" in run.err, run.err
    assert "8 problems found" in run.err
    assert (tree_hash(project / "docs"), tree_hash(project / "site")) == before


def test_copy_project_keeps_identifiers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=None)
    assert 'identifiers = ["Section 232"]' in (project / "pyproject.toml").read_text()


def test_a_literal_renders_as_typed() -> None:
    from briefing.check import prose

    helpers = dict.fromkeys(prose.PROSE_FUNCTIONS, str)
    assert prose.render('At the {{ "G7" }} summit', helpers) == "At the G7 summit"
    assert prose.parse('{{ "G7" ~ "x" }}').problems  # a literal is one string, no more
    assert prose.parse("{{ 7 }}").problems  # and a string, never a number
