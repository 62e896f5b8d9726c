"""The command line as a user meets it: help, exit codes, messages (issue 2).

Messages and exit codes are read from `briefing.cli.main` run in this process
(devtools.projects.run_main); `python build.py` itself runs in a subprocess where the
entry point is what is tested.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from devtools.projects import ROOT, copy_project, run_cli, run_main


@pytest.mark.parametrize("command", ["validate", "build", "serve"])
def test_every_command_has_help(command: str) -> None:
    result = run_main(ROOT, command, "--help")
    assert result.code == 0
    assert f"usage: python build.py {command}" in result.out
    assert "--data" in result.out


def test_unknown_command_is_a_usage_error() -> None:
    result = run_main(ROOT, "bild")
    assert result.code == 2
    assert "invalid choice: 'bild'" in result.err
    assert "Traceback" not in result.text


def test_validate_reports_counts_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_main(project, "validate")
    assert result.code == 0, result.text
    assert result.out.startswith("ok: 1 briefing(s)")
    assert not (project / "site").exists()
    assert not (project / "docs" / "briefings").exists()


def test_several_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=ROOT / "tests" / "fixtures" / "minimal")
    path = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
    text = path.read_text()
    text = text.replace(
        "source: usgs-2025\n  - id: world-reserves", "source: usgs-2052\n  - id: world-reserves"
    )
    text = text.replace("    verdict: supported", "    verdict: suported")
    text = text.replace('{{ fact("ru-reserves") }}.\n', '{{ fact("ru-reserve") }}.\n')
    path.write_text(text)
    result = run_main(project, "validate")
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.startswith("error:")]
    # The mistyped fact id stands twice: in the section and in the claim's reasoning, which
    # is checked although the claim's verdict failed validation.
    assert len(lines) == 4, result.err
    assert any(":22:" in line and "did you mean 'usgs-2025'?" in line for line in lines), lines
    assert any(
        "claims[0].verdict" in line and "did you mean 'supported'?" in line for line in lines
    )
    for field in ("claims[0].reasoning", "sections[0].body"):
        assert any(field in line and 'fact("ru-reserve")' in line
                   and "did you mean 'ru-reserves'?" in line for line in lines), field
    assert "4 problems found; nothing was written." in result.err


def test_build_py_runs_from_a_clean_checkout_layout() -> None:
    # The README's entry point: python build.py, from the project root, no install step.
    result = run_cli(ROOT, "--help")
    assert result.code == 0, result.text
    for command in ("validate", "build", "serve"):
        assert command in result.out


def test_build_py_exits_with_the_command_lines_code() -> None:
    """The wiring from main()'s return value to the process's exit status: a usage error
    exits 2 with argparse's message and no traceback."""
    result = run_cli(ROOT, "bild")
    assert result.code == 2
    assert "invalid choice: 'bild'" in result.err and "Traceback" not in result.text


def test_published_json_schema_matches_the_model() -> None:
    from briefing.schema import briefing_schema

    published = json.loads((ROOT / "schema" / "briefing.schema.json").read_text())
    assert published == briefing_schema(), "run `make schema` and commit schema/"


def test_published_source_library_schema_matches_the_model() -> None:
    import jsonschema

    from briefing.schema import sources_schema

    published = json.loads((ROOT / "schema" / "sources.schema.json").read_text())
    assert published == sources_schema(), "run `make schema` and commit schema/"
    library = {"sources": [{"id": "usgs-2025", "title": "Rare Earths", "publisher": "USGS",
                            "url": "https://pubs.usgs.gov/"}]}
    jsonschema.validate(library, published)
    with pytest.raises(jsonschema.ValidationError, match="'titel' was unexpected"):
        jsonschema.validate({"sources": [{**library["sources"][0], "titel": "x"}]}, published)


def test_json_schema_accepts_the_example_briefing() -> None:
    import jsonschema
    from ruamel.yaml import YAML

    schema = json.loads((ROOT / "schema" / "briefing.schema.json").read_text())
    data = YAML(typ="safe").load(
        (
            ROOT / "data" / "briefings" / "russia-us-rare-earths-aluminium" / "briefing.yaml"
        ).read_text()
    )
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)


def test_readme_command_reference_matches_the_cli() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import readme

    assert readme.check(), "run `python scripts/readme.py` to update README.md"
