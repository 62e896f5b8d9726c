"""serve's preview of one edited briefing: the briefing alone is regenerated, its files are
byte for byte those of a whole run, nothing else is written, and a whole regeneration in a
process of its own settles the list pages afterwards (stopped, unwritten, by the next save)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from briefing import pipeline
from briefing import serve as serve_module
from briefing.pages import GENERATED_DIR
from briefing.write.staging import write_incremental
from devtools.projects import ROOT, copy_project

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # bench/ is not a package: on the path above

pytestmark = pytest.mark.xdist_group("serve_one")


@pytest.fixture
def project(tmp_path: Path) -> pipeline.Project:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    corpus.write_corpus(data, 2)
    return pipeline.Project(copy_project(tmp_path / "project", data=data))


def own(pages: list[pipeline.Page], slug: str) -> dict[str, bytes]:
    return {p.path: p.content for p in pages if p.path.startswith(f"{GENERATED_DIR}/{slug}/")}


def test_one_briefing_gives_the_files_a_whole_run_gives(project: pipeline.Project) -> None:
    whole = pipeline.generate(project)
    assert len(whole.briefings) == 3
    for rb in whole.briefings:
        part = pipeline.generate(project, edition=whole.edition, only={rb.slug})
        assert [b.slug for b in part.briefings] == [rb.slug]
        mine = own(part.pages, rb.slug)
        assert len(mine) > 3  # the page, its charts, data, PDF, citations
        assert mine == own(whole.pages, rb.slug), rb.slug


def edit_title(project: pipeline.Project, slug: str, title: str) -> None:
    path = project.data_dir / "briefings" / slug / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f"title: {title}\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_an_edit_writes_its_briefing_then_settling_writes_the_lists(
        project: pipeline.Project, capsys: pytest.CaptureFixture[str]) -> None:
    result = pipeline.generate(project)
    write_incremental(result.pages, project.docs_dir)
    known = serve_module.Known()
    known.learn(result)
    slug = corpus.slug_of(1)
    home = project.docs_dir / GENERATED_DIR / "index.md"
    assert home.is_file()
    others = {p: p.read_bytes() for p in (project.docs_dir / GENERATED_DIR).rglob("*")
              if p.is_file() and slug not in p.parts}

    edit_title(project, slug, "Quartz shipments halted")
    changed = project.data_dir / "briefings" / slug / "briefing.yaml"
    slugs = serve_module.edited_briefings(project, {changed}, known)
    assert slugs == {slug}
    assert serve_module.regenerate_some(project, slugs, known) is True
    page = project.docs_dir / GENERATED_DIR / slug / "index.md"
    assert "Quartz shipments halted" in page.read_text(encoding="utf-8")
    # Nothing outside the briefing's folder was touched: the lists still say the old title.
    assert {p: p.read_bytes() for p in others} == others
    assert "Quartz shipments halted" not in home.read_text(encoding="utf-8")
    assert "regenerated " + slug in capsys.readouterr().err

    settler = serve_module.Settler(project, delay=0)
    settler.schedule()
    deadline = time.monotonic() + 120
    while (time.monotonic() < deadline
           and "Quartz shipments halted" not in home.read_text(encoding="utf-8")):
        time.sleep(0.2)
    settler.stop()
    assert "Quartz shipments halted" in home.read_text(encoding="utf-8")
    # The settled whole run agrees with the one-briefing run on the briefing's own page.
    assert page.read_bytes() == own(pipeline.generate(project).pages, slug)[
        f"{GENERATED_DIR}/{slug}/index.md"]


def test_the_next_save_stops_settling_before_it_writes(project: pipeline.Project) -> None:
    result = pipeline.generate(project)
    write_incremental(result.pages, project.docs_dir)
    before = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    edit_title(project, corpus.slug_of(0), "Cobalt exports resume")
    settler = serve_module.Settler(project, delay=0)
    settler.schedule()
    deadline = time.monotonic() + 10
    while settler._process is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process = settler._process
    assert process is not None, "settling never started"
    settler.stop()  # as the next save does: at once, long before a whole run could write
    assert not process.is_alive()
    assert process.exitcode != 0  # stopped, not finished
    after = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    assert after == before  # nothing written, no temporary file left


@pytest.mark.parametrize("where, expected", [
    ("data/briefings/{slug}/briefing.yaml", "slug"),
    ("data/briefings/{slug}/tables/x.csv", "slug"),
    ("data/briefings/{slug}", "slug"),      # the folder's own event
    ("data/sources.yaml", None),            # every briefing may cite it
    ("templates/briefing.md.j2", None),     # every page
    ("data/briefings/new-one/briefing.yaml", None),  # a briefing the preview lacks
])
def test_which_saves_regenerate_one_briefing(project: pipeline.Project, where: str,
                                             expected: str | None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)  # restored after the test
    known = serve_module.Known()
    known.learn(pipeline.generate(project))
    slug = corpus.slug_of(0)
    path = project.root / where.format(slug=slug)
    found = serve_module.edited_briefings(project, {path}, known)
    assert found == ({slug} if expected else None)
    # As serve runs it: a project given by a relative root, saves reported absolute.
    relative = pipeline.Project(Path("."))
    assert serve_module.edited_briefings(relative, {path.resolve()}, known) == found


def test_a_new_topic_or_edition_regenerates_the_whole(project: pipeline.Project) -> None:
    result = pipeline.generate(project)
    write_incremental(result.pages, project.docs_dir)
    known = serve_module.Known()
    known.learn(result)
    slug = corpus.slug_of(0)
    path = project.data_dir / "briefings" / slug / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\ntopics:\n" in text
    path.write_text(text.replace("\ntopics:\n", "\ntopics:\n  - Antimony\n", 1),
                    encoding="utf-8")
    assert serve_module.regenerate_some(project, {slug}, known) is None


def test_a_real_save_counts_as_a_save_in_its_briefing(project: pipeline.Project,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """What the watcher reports for one save (the file, and its folder's own echo) is read
    as a save in that briefing, with the project given as serve is given it."""
    from watchdog.observers import Observer

    monkeypatch.chdir(project.root)
    relative = pipeline.Project(Path("."))
    known = serve_module.Known()
    known.learn(pipeline.generate(relative))
    seen: list[set[Path]] = []
    regenerator = serve_module.Regenerator(seen.append, delay=0.3)
    observer = Observer()
    observer.schedule(serve_module._Changes(regenerator), str(relative.data_dir),
                      recursive=True)
    regenerator.start()
    observer.start()
    try:
        time.sleep(0.2)
        corpus.edit_one_fact(relative.data_dir, 0, 1)
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        observer.stop()
        observer.join(5)
        regenerator.stop()
    assert seen, "the watcher reported nothing"
    assert serve_module.edited_briefings(relative, seen[0], known) == {corpus.slug_of(0)}, seen
