"""Lints (briefing/check/lints.py): warnings by default, problems under --strict.

Each kind is read from `pipeline.validate` in this process, as the analyst would read it
(the rendered message); the command line is run for what a user sees: `validate --strict`
exits 1 naming the lint, `build` says how many warnings there are and still builds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, SLUG, YAML

from briefing import pipeline
from briefing.check.lints import period_end
from devtools.projects import EXAMPLE_SLUG, copy_project, run_main

SHOWN = f"data/briefings/{SLUG}/{YAML}"


def project_with(tmp_path: Path, replace: dict[str, str], config: str = "") -> Path:
    """The bad-input corpus's valid briefing, edited; `config`: a [tool.briefing] body."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project / "data")
    path = project / "data" / "briefings" / SLUG / YAML
    text = path.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    if config:
        (project / "pyproject.toml").write_text(f"[tool.briefing]\n{config}\n", encoding="utf-8")
    return project


def lint_lines(project: Path) -> list[str]:
    (rb,) = pipeline.validate(pipeline.Project(project))
    return [w.render() for w in rb.lints]


DEVELOPING = {"status: stable": "status: developing"}
UNUSED_OFFER = (f"{SHOWN}:31:9: facts[2].id: expected a fact that a page shows, found "
                "'ru-al-offer', which nothing cites (cite it in prose as "
                '{{ fact("ru-al-offer") }}, list it in key_figures or a claim\'s evidence, '
                "or remove it)")


def test_an_uncited_fact_is_named_and_a_derived_facts_inputs_count_as_used(
        tmp_path: Path) -> None:
    # world-reserves is cited nowhere itself, but ru-share (in the bottom line) is made
    # from it: its tooltip shows it. ru-al-offer is used by nothing.
    assert lint_lines(project_with(tmp_path, {})) == [UNUSED_OFFER]


def test_a_fact_only_an_unused_derived_fact_uses_says_so(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "derived:\n": "derived:\n  - id: offer-twice\n    label: Twice the offer\n"
                      "    derive: {op: sum, of: [ru-al-offer, ru-al-offer]}\n"
                      "    unit: Mt/yr\n"})
    assert lint_lines(project) == [
        f"{SHOWN}:31:9: facts[2].id: expected a fact that a page shows, found 'ru-al-offer', "
        "which nothing cites (only derived facts no page shows use it: offer-twice)",
        f"{SHOWN}:38:9: derived[0].id: expected a fact that a page shows, found "
        "'offer-twice', which nothing cites (cite it in prose as "
        '{{ fact("offer-twice") }}, list it in key_figures or a claim\'s evidence, or '
        "remove it)",
    ]


@pytest.mark.parametrize("use", [
    {"key_figures: [ru-reserves, ru-share]": "key_figures: [ru-reserves, ru-share, ru-al-offer]"},
    {"evidence: [ru-reserves]": "evidence: [ru-reserves, ru-al-offer]"},
    {"The figure is {{": 'It is {{ label("ru-al-offer") }}. The figure is {{'},
    {"USGS gives {{": 'USGS gives {{ value("ru-al-offer") }} and {{'},
], ids=["key-figure", "claim-evidence", "section-label", "claim-reasoning-value"])
def test_each_way_a_page_shows_a_fact_counts(use: dict[str, str], tmp_path: Path) -> None:
    assert lint_lines(project_with(tmp_path, use)) == []


def test_a_source_cited_only_by_unused_facts_is_named(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "facts:\n": "  - id: other\n    title: Other\n    publisher: Other\n"
                    "    url: https://example.org/\n    published: 2025\nfacts:\n",
        "    as_of: 2025\n    source: usgs-2025": "    as_of: 2025\n    source: other"})
    assert lint_lines(project) == [
        f"{SHOWN}:17:9: sources[1].id: expected a source that a page cites, found 'other', "
        "which nothing cites (only facts no page shows cite it: ru-al-offer)",
        UNUSED_OFFER.replace(":31:9:", ":36:9:"),
    ]


STALE_WORLD = {**DEVELOPING, "    unit: t REO\n    as_of: 2024\n    source: usgs-2025\n"
               "  - id: ru-al-offer": "    unit: t REO\n    as_of: 2023-Q4\n"
               "    source: usgs-2025\n  - id: ru-al-offer"}


def test_an_old_as_of_is_stale_in_a_developing_briefing_only(tmp_path: Path) -> None:
    lines = lint_lines(project_with(tmp_path / "a", STALE_WORLD))
    assert lines == [
        f"{SHOWN}:29:12: facts[1].as_of: expected an as-of date at most 730 days before the "
        "edition (2026-01-15) of a developing briefing, found '2023-Q4', 746 days before "
        "(give the newest figure, or add historical: true to a figure that describes the "
        "past on purpose)",
        UNUSED_OFFER,
    ]
    stable = {k: v for k, v in STALE_WORLD.items() if k != "status: stable"}
    assert lint_lines(project_with(tmp_path / "b", stable)) == [UNUSED_OFFER]


def test_historical_figures_and_dates_are_never_stale(tmp_path: Path) -> None:
    historical = {**STALE_WORLD, "  - id: ru-al-offer": "    historical: true\n"
                  "  - id: ru-al-offer"}
    assert lint_lines(project_with(tmp_path / "a", historical)) == [
        UNUSED_OFFER.replace(":31:9:", ":32:9:")]
    dated = {**DEVELOPING, "    value: 2\n    unit: Mt/yr\n    as_of: 2025":
             "    value: 2019-05-01\n    as_of: 2019"}
    assert lint_lines(project_with(tmp_path / "b", dated)) == [UNUSED_OFFER]


def test_the_ages_are_the_projects_settings(tmp_path: Path) -> None:
    project = project_with(tmp_path, DEVELOPING,
                           "stale_as_of_days = 300\nstale_access_days = 4")
    assert lint_lines(project) == [
        f"{SHOWN}:16:15: sources[0].accessed: expected an access date at most 4 days before "
        "the edition (2026-01-15) of a developing briefing, found 2026-01-10, 5 days before "
        "(read the source again, check the figures it gives, then update accessed)",
        f"{SHOWN}:22:12: facts[0].as_of: expected an as-of date at most 300 days before the "
        "edition (2026-01-15) of a developing briefing, found '2024', 380 days before (give "
        "the newest figure, or add historical: true to a figure that describes the past on "
        "purpose)",
        f"{SHOWN}:29:12: facts[1].as_of: expected an as-of date at most 300 days before the "
        "edition (2026-01-15) of a developing briefing, found '2024', 380 days before (give "
        "the newest figure, or add historical: true to a figure that describes the past on "
        "purpose)",
        UNUSED_OFFER,
    ]


@pytest.mark.parametrize(("as_of", "end"), [
    ("2024", "2024-12-31"), ("2024-Q1", "2024-03-31"), ("2024-02", "2024-02-29"),
    ("2024-06-05", "2024-06-05"), ("2016/2017", "2017-12-31"), ("2024-Q1/2024-Q3", "2024-09-30"),
])
def test_an_as_of_period_ends_on_its_last_day(as_of: str, end: str) -> None:
    assert period_end(as_of).isoformat() == end


def test_strict_makes_warnings_problems_and_build_counts_them(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=project_with(tmp_path, {}) / "data")
    strict = run_main(project, "validate", "--strict")
    assert strict.code == 1, strict.text
    assert strict.err.splitlines() == [
        f"error: {UNUSED_OFFER}",
        "1 problem found (1 warning among them, problems under --strict); nothing was "
        "written.",
    ]
    plain = run_main(project, "validate")
    assert plain.code == 0, plain.text
    assert plain.err == f"warning: {UNUSED_OFFER}\n"
    assert plain.out.endswith("no problems, 1 warning.\n")
    built = run_main(project, "build", "--no-mkdocs")
    assert built.code == 0, built.text
    assert ("1 warning (python build.py validate lists them; --strict makes them problems)."
            in built.err)
    assert (project / "docs" / "briefings" / SLUG / "index.md").is_file()
    refused = run_main(project, "build", "--no-mkdocs", "--strict")
    assert refused.code == 1
    assert f"error: {UNUSED_OFFER}" in refused.err
    # publish checks before it touches git: this folder is no repository at all
    unpublished = run_main(project, "publish", "--strict")
    assert unpublished.code == 1, unpublished.text
    assert f"error: {UNUSED_OFFER}" in unpublished.err


def test_the_examples_warnings_are_the_documented_ones(tmp_path: Path) -> None:
    """docs/guide.md says why these stay: each uncited fact is kept for facts.json (the
    data behind the edition), and the tariff rate waits for a check of its source."""
    (rb,) = pipeline.validate(pipeline.Project(copy_project(tmp_path / "p")))
    assert rb.slug == EXAMPLE_SLUG
    found = sorted((w.field, w.found.split(",")[0]) for w in rb.lints)
    assert found == [
        ("facts[11].id", "'ree-reserves-2026-australia'"),
        ("facts[32].id", "'us-al-nir-2024'"),
        ("facts[3].id", "'ree-reserves-2025-brazil'"),
        ("facts[40].id", "'ru-al-shipments-us-2018'"),
        ("facts[42].as_of", "'2023-02-24'"),
        ("facts[4].id", "'ree-reserves-2025-india'"),
        ("facts[5].id", "'ree-reserves-2025-australia'"),
        ("facts[9].id", "'ree-reserves-2026-china'"),
    ]


def test_a_fact_taken_from_an_old_row_is_dated_by_its_row(tmp_path: Path) -> None:
    """A fact taken `from:` a dataset has no as_of of its own: its row's year dates it, and
    the stale warning stands at its `from`."""
    project = project_with(tmp_path, {
        **DEVELOPING,
        "    value: 2\n    unit: Mt/yr\n    as_of: 2025\n":
            "    from: {dataset: shares, row: 2017, column: share}\n",
        "    label: Aluminium offered\n": "    label: Share in the early year\n",
    })
    stale = [line for line in lint_lines(project) if "facts[2].from" in line]
    assert stale[0].startswith(f"{SHOWN}:33:11: facts[2].from: expected an as-of date at most "
                               "730 days before the edition (2026-01-15) of a developing "
                               "briefing, found '2017', "), stale
