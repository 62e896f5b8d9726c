"""Values as readers see them in a built briefing: a price range per kilogram in a card, in
prose and in its tooltip; monthly and quarterly tables without invented days; the units file
(data/units.txt) checked line by line; the example's facts.json unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bad_input.cases import BASE, SLUG, YAML

from briefing import pipeline
from briefing.charts import columns
from devtools.projects import ROOT, copy_project, run_cli

# The example's facts.json as built before units, ranges and dates were reworked: its
# published figures must not change.
BEFORE = ROOT / "tests" / "fixtures" / "example" / "facts.json"

EXTRA_FACT = """  - id: ndpr-price
    label: NdPr oxide price
    value: {low: 250, high: 265}
    unit: USD/kg
    as_of: 2023-06
    source: usgs-2025
  - id: ndpr-spot
    label: NdPr spot price
    value: 420
    unit: USD per kg
    as_of: 2024-Q3
    source: usgs-2025
"""
EXTRA_DATA = """  - id: monthly
    title: Monthly prices
    source: usgs-2025
    columns:
      - {name: month, type: date, precision: month}
      - {name: price, type: number, unit: USD/kg}
    rows:
      - [2023-05, 250]
      - [2023-06, 265]
  - id: quarterly
    title: Quarterly output
    source: usgs-2025
    columns:
      - {name: quarter, type: date}
      - {name: output, type: number, unit: kt}
    rows:
      - [2024-Q1, 3]
      - [2024-Q2, 4]
"""


def _project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    path = data / "briefings" / SLUG / YAML
    text = path.read_text(encoding="utf-8")
    text = text.replace("derived:\n", EXTRA_FACT + "derived:\n", 1)
    text = text.replace("charts:\n", EXTRA_DATA + "charts:\n", 1)
    text = text.replace("The figure is {{ fact(\"ru-reserves\") }}.",
                        "The figure is {{ fact(\"ru-reserves\") }}. NdPr sold for "
                        "{{ fact(\"ndpr-price\") }}, later {{ fact(\"ndpr-spot\") }}.")
    text = text.replace("key_figures: [ru-reserves, ru-share]",
                        "key_figures: [ru-reserves, ru-share, ndpr-price]")
    path.write_text(text, encoding="utf-8")
    return copy_project(tmp_path / "project", data=data)


def test_range_price_and_partial_dates_reach_the_page(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = run_cli(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    page = (project / "docs" / "briefings" / SLUG / "index.md").read_text(encoding="utf-8")
    assert page.count("$250–265 per kg") >= 2  # key-figure card and prose
    assert "$420 per kg" in page
    assert "as of June 2023" in page and "as of Q3 2024" in page  # tooltips
    assert "1 June 2023" not in page and "2023-06-01" not in page
    # The tables hold ISO partial dates; their text (data tables, text alternatives) says
    # no more than the data do.
    (briefing,) = pipeline.validate(pipeline.Project(project))
    cols = {c.name: c for d in briefing.briefing.datasets for c in d.columns}
    months = [r["month"] for r in briefing.tables["monthly"].rows]
    quarters = [r["quarter"] for r in briefing.tables["quarterly"].rows]
    assert months == ["2023-05", "2023-06"] and quarters == ["2024-Q1", "2024-Q2"]
    assert columns.cell_text(months[0], cols["month"]).text == "May 2023"
    assert columns.value_text(quarters[0], cols["quarter"]) == "Q1 2024"
    assert columns.value_text(265, cols["price"]) == "$265 per kg"
    assert columns.value_text(3, cols["output"]) == "3,000 t"
    facts = json.loads((project / "docs" / "briefings" / "facts.json").read_text()
                       if (project / "docs" / "briefings" / "facts.json").is_file()
                       else next(project.rglob("facts.json")).read_text())
    price = facts["briefings"][SLUG]["facts"]["ndpr-price"]
    assert price["value"] == {"low": 250, "high": 265}
    assert price["display"] == "$250–265 per kg"


def test_a_bad_line_in_the_units_file_is_reported_at_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "data" / "units.txt").write_text(
        "# domain units\nbarrel_of_oil_equivalent = 158.987 * liter = boe\nnot a unit ===\n")
    run = run_cli(project, "build", "--no-mkdocs")
    assert run.code == 1
    assert ("error: data/units.txt:3:1: (file): expected a unit definition in pint's "
            "syntax") in run.err
    assert "found 'not a unit ==='" in run.err
    assert "Traceback" not in run.text


@pytest.mark.skipif(not BEFORE.is_file(), reason="no build from before the change to compare")
def test_the_example_facts_json_is_unchanged(built_example: Path) -> None:
    """The example as the session builds it (test_reproducible.py shows that
    `python build.py build` makes the same bytes)."""
    import json

    # Exports gain machine-readable keys (quantity); every key published before is unchanged.
    def published(data: dict) -> dict:
        return {slug: {kind: ({i: {k: v for k, v in rec.items() if k != "quantity"}
                               for i, rec in records.items()} if isinstance(records, dict)
                              else records)
                       for kind, records in b.items()}
                for slug, b in data["briefings"].items()}
    now = json.loads((built_example / "site" / "briefings" / "facts.json").read_text())
    assert published(now) == published(json.loads(BEFORE.read_text()))


DERIVED = """  - id: output-kt
    label: Output
    value: 12
    unit: kt
    as_of: 2024
    source: usgs-2025
  - id: output-t
    label: Output elsewhere
    value: 2500
    unit: t
    as_of: 2024
    source: usgs-2025
  - id: revenue
    label: Revenue
    value: 6
    unit: USD million
    as_of: 2024
    source: usgs-2025
derived:
  - id: output-gap
    label: Gap
    derive: {op: difference, of: [output-kt, output-t]}
    unit: t
  - id: unit-value
    label: Revenue per tonne
    derive: {op: ratio, of: [revenue, output-kt]}
    unit: USD/kg
"""


def test_derived_facts_convert_through_pint(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project / "data" / "briefings" / SLUG / YAML
    path.write_text(path.read_text(encoding="utf-8").replace("derived:\n", DERIVED, 1),
                    encoding="utf-8")
    (briefing,) = pipeline.validate(pipeline.Project(project))
    assert briefing.facts["output-gap"].display == "9,500 t"  # 12 kt − 2,500 t
    assert briefing.facts["unit-value"].display == "$0.5 per kg"  # USD 6 million / 12 kt
