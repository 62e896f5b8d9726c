"""The project's settings ([tool.briefing] in pyproject.toml): each option checks itself."""

from __future__ import annotations

from pathlib import Path

from briefing.errors import Problems
from briefing.read.config import ProjectConfig, load_config


def _load(tmp_path: Path, table: str) -> tuple[ProjectConfig, list[str]]:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.briefing]\n' + table, encoding="utf-8")
    problems = Problems()
    config = load_config(tmp_path, problems)
    return config, [p.render() for p in problems.sorted()]


def test_defaults_without_a_table(tmp_path: Path) -> None:
    assert load_config(tmp_path, Problems()) == ProjectConfig()
    config, problems = _load(tmp_path, "")
    assert config == ProjectConfig() and problems == []


def test_options_are_read(tmp_path: Path) -> None:
    config, problems = _load(tmp_path, 'custom_charts = ["a-b"]\nidentifiers = ["G7"]\n'
                                       "table_rows = 50\n")
    assert problems == []
    assert config.custom_charts == ("a-b",) and config.identifiers == ("G7",)
    assert config.table_rows == 50


def test_each_wrong_option_is_reported_with_its_line(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, 'custom_chart = ["x"]\ntable_rows = "many"\n'
                                  'custom_charts = ["Not A Slug"]\nunits = "../secret.txt"\n')
    assert problems == [
        "pyproject.toml:5: tool.briefing.custom_chart: expected one of the options "
        "custom_charts, identifiers, chart_rows, table_rows, stale_as_of_days, "
        "stale_access_days, units, paper, found 'custom_chart' (did you mean "
        "'custom_charts'?)",
        "pyproject.toml:6: tool.briefing.table_rows: expected a whole number from 1 to "
        "100,000, found 'many'",
        "pyproject.toml:7: tool.briefing.custom_charts: expected briefing slugs (folder "
        "names under data/briefings/), found 'Not A Slug'",
        "pyproject.toml:8: tool.briefing.units: expected a file name inside data/, such as "
        "units.txt, found '../secret.txt'",
    ]


def test_paper_is_a4_or_letter(tmp_path: Path) -> None:
    assert ProjectConfig().paper == "a4"
    config, problems = _load(tmp_path, 'paper = "letter"\n')
    assert problems == [] and config.paper == "letter"
    _, problems = _load(tmp_path, 'paper = "Leter"\n')
    assert problems == ["pyproject.toml:5: tool.briefing.paper: expected one of 'a4', "
                        "'letter', found 'Leter' (did you mean 'letter'?)"]
