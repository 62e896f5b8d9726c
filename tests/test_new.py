"""`python build.py new <slug>`: a new briefing that validates at once, with a commented
placeholder for every kind of record, and never over an existing one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import cli, pipeline
from briefing.model import Briefing

PLACEHOLDER_KEYS = ("sources", "facts", "derived", "claims", "events", "datasets", "charts",
                    "sections")


def _new(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["new", *args, "--root", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _uncommented(text: str) -> str:
    """The scaffold with every placeholder record taken in: `facts: []` and the commented
    items under it become a list holding them."""
    for key in PLACEHOLDER_KEYS:
        text = re.sub(rf"^{key}: \[\]\n((?:#  .*\n)+)",
                      lambda m, k=key: f"{k}:\n" + re.sub(r"^#", "", m.group(1), flags=re.M),
                      text, flags=re.M)
    return text


def test_a_new_briefing_validates_as_it_stands(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _new(tmp_path, capsys, "lithium-prices", "--edition", "2026-12-01")
    assert code == 0, out
    assert out == ("wrote data/briefings/lithium-prices/briefing.yaml; fill it in, then: "
                   "python build.py validate\n")
    path = tmp_path / "data" / "briefings" / "lithium-prices" / "briefing.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../schema/briefing.schema.json\n")
    assert 'title: "Lithium prices"\nedition: 2026-12-01\n' in text
    (briefing,) = pipeline.validate(pipeline.Project(tmp_path))
    assert briefing.slug == "lithium-prices"
    # Every kind of record has a placeholder to fill in.
    for key in PLACEHOLDER_KEYS:
        assert re.search(rf"^{key}: \[\]\n#  - ", text, flags=re.M), key
    assert set(PLACEHOLDER_KEYS) | {"key_figures"} <= set(Briefing.model_fields)


def test_its_placeholders_are_a_briefing_that_validates(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """Uncommented, the placeholders are records that validate: an analyst who fills them in
    starts from something right, not from a sketch."""
    assert _new(tmp_path, capsys, "imports", "--edition", "2026-12-01")[0] == 0
    folder = tmp_path / "data" / "briefings" / "imports"
    path = folder / "briefing.yaml"
    full = _uncommented(path.read_text())
    assert full.count("\n  - id:") >= 7, full
    path.write_text(full)
    (folder / "imports-by-year.csv").write_text("year,imports\n2023,1100000000\n"
                                                "2024,1200000000\n")
    (briefing,) = pipeline.validate(pipeline.Project(tmp_path))
    assert set(briefing.facts) == {"imports", "world-imports", "imports-share"}
    assert len(briefing.claims) == len(briefing.charts) == 1


@pytest.mark.parametrize(("slug", "message"), [
    ("Évian 2026", "error: data/briefings: slug: expected lowercase letters, digits and "
     "hyphens, starting with a letter or digit, found 'Évian 2026' (did you mean "
     "'evian-2026'?)\n1 problem found; nothing was written.\n"),
    ("taken", "error: data/briefings/taken: slug: expected a slug no briefing has yet, found "
     "'taken' (the folder is already there) (choose another slug, or edit the briefing that "
     "is there)\n1 problem found; nothing was written.\n"),
])
def test_a_bad_or_taken_slug_is_refused_and_nothing_is_overwritten(
        slug: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept = tmp_path / "data" / "briefings" / "taken" / "briefing.yaml"
    kept.parent.mkdir(parents=True)
    kept.write_text("mine")
    assert _new(tmp_path, capsys, slug) == (1, message)
    assert kept.read_text() == "mine"
    assert sorted(p.name for p in kept.parent.parent.iterdir()) == ["taken"]


def test_the_edition_defaults_to_source_date_epoch(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    assert _new(tmp_path, capsys, "dated")[0] == 0
    text = (tmp_path / "data" / "briefings" / "dated" / "briefing.yaml").read_text()
    assert "\nedition: 2025-12-01\n" in text
