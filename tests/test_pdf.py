"""The PDF edition: one per briefing, linked from its page, typeset from the data by Typst.

What a reader of the PDF gets is read back with poppler (pdfinfo, pdffonts, pdftotext,
installed by `make test`): every font embedded, the edition date and the page's permanent
address on every page, each chart's source line, each figure's source in a footnote,
each claim with its verdict, the timeline and the sources. Two builds from scratch give
the same bytes; a briefing whose every field is hostile text builds its PDF too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_hostile import GROUPS, allow_hostile_names, hostile_briefing, long_briefing
from test_reach import Head

from briefing import format as fmt
from briefing.fields import VERDICT_TEXT
from briefing.pipeline import Project, validate
from devtools.projects import EXAMPLE_SLUG, copy_project, run_cli, run_main, set_option

SITE_URL = "https://example.github.io/briefing-site/"
EDITION = "2026-11-27"
PERMALINK = f"{SITE_URL}{EDITION}/briefings/{EXAMPLE_SLUG}/"


def pdf_of(project: Path, slug: str = EXAMPLE_SLUG, where: str = "site") -> Path:
    return project / where / "briefings" / slug / f"{slug}.pdf"


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: `make test` installs poppler-utils "
                    "(scripts/install-poppler.sh)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, in reading order."""
    return poppler("pdftotext", str(pdf), "-").split("\f")[:-1]


def squash(text: str) -> str:
    """Text compared without line breaks, spaces or hyphens (a justified line may break a
    word at a hyphen the data never held), nor the zero-width breaks in long words."""
    return re.sub(r"[\s\-\u00ad\u200b]+", "", text)


@pytest.fixture(scope="module")
def example_pdf(built_example: Path) -> Path:
    return pdf_of(built_example)


def test_the_pdf_exists_and_the_page_links_it_with_its_size(built_example: Path,
                                                             example_pdf: Path) -> None:
    data = example_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    html = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text(
        encoding="utf-8")
    link = re.search(r'<a class="briefing-meta__pdf" href="([^"]+)"[^>]*>PDF edition '
                     r'<span class="briefing-meta__size">\(([^)]+)\)</span></a>', html)
    assert link, "no link to the PDF edition on the briefing page"
    assert link.group(1) == f"{EXAMPLE_SLUG}.pdf"
    assert link.group(2) == f"{round(len(data) / 1000)} KB"
    head = Head()
    head.feed(html)
    assert head.meta["citation_pdf_url"] == f"{SITE_URL}briefings/{EXAMPLE_SLUG}/{EXAMPLE_SLUG}.pdf"


def test_the_pdf_is_a4_tagged_dated_by_its_edition_and_titled(example_pdf: Path) -> None:
    info = poppler("pdfinfo", str(example_pdf))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"CreationDate:\s+Fri Nov 27 00:00:00 2026 UTC", info)
    assert "Title:           Putin's rare-earth and aluminium offer to the United States" in info
    # It claims PDF/UA-1 (the XMP metadata): Typst checked its tags, alternative texts,
    # title and language, and refused to write it otherwise.
    assert b"<pdfuaid:part>1</pdfuaid:part>" in example_pdf.read_bytes()


def test_every_font_is_embedded(example_pdf: Path) -> None:
    rows = poppler("pdffonts", str(example_pdf)).splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name, type (one or more words), encoding, then emb sub uni yes/no, object id
        emb = row.split()[-5]
        assert emb == "yes", f"font not embedded: {row}"


def test_every_page_shows_the_edition_its_address_and_its_number(example_pdf: Path) -> None:
    pages = pages_text(example_pdf)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "Edition of 27 November 2026" in text, f"page {number}"
        assert PERMALINK in text, f"page {number}"
        assert f"Page {number} of {len(pages)}" in text, f"page {number}"


def test_the_text_holds_charts_sources_figures_claims_and_the_timeline(
        built_example: Path, example_pdf: Path) -> None:
    text = squash(" ".join(pages_text(example_pdf)))
    rb = next(rb for rb in validate(Project(built_example)) if rb.slug == EXAMPLE_SLUG)
    assert rb.charts
    for chart in rb.charts:
        source = rb.sources[rb.datasets[chart.dataset].source]
        assert squash(chart.title) in text
        assert squash(f"Source: {source.publisher}, {source.title}") in text, chart.id
    for fact_id in rb.briefing.key_figures:
        view = rb.facts[fact_id]
        names = "; ".join(f"{rb.sources[s].publisher}, {rb.sources[s].title}"
                          for s in view.sources)
        # The footnote: what the figure is (and how it is derived), then its sources.
        derived = f"Derived: {view.formula}. " if view.formula else ""
        assert squash(f"{view.label}: {derived}{names}") in text, fact_id
    assert rb.claims
    for claim in rb.claims.values():
        head = VERDICT_TEXT[claim.verdict] + (f" — {claim.summary}" if claim.summary else "")
        assert squash(head) in text, claim.id
    assert rb.events
    # The timeline is a table: each event's date and the start of its title on one line.
    layout = poppler("pdftotext", "-layout", str(example_pdf), "-")
    for event in rb.events:
        date, words = fmt.format_date_text(str(event.date)), event.title.split()[:3]
        assert re.search(rf"^\s*{re.escape(date)}\s+{re.escape(' '.join(words))}", layout,
                         re.M), event.title
        assert squash(event.title) in text
    for number, source in enumerate(rb.briefing.sources, start=1):
        assert squash(f"{number}. {source.publisher}, {source.title}") in text
        assert squash(str(source.url)) in text


def test_two_builds_from_scratch_give_the_same_bytes(built_example: Path, example_pdf: Path,
                                                     tmp_path: Path) -> None:
    project = copy_project(tmp_path / "again")
    # The charts drawn by the first build, not its PDFs: this one typesets its own.
    shutil.copytree(built_example / ".build" / "chart-cache", project / ".build" / "chart-cache",
                    ignore=shutil.ignore_patterns("*.pdf"))
    # In a process of its own: Typst memoises within one, which would hide a difference.
    run = run_cli(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    assert pdf_of(project, where="docs").read_bytes() == example_pdf.read_bytes()


def test_letter_paper_by_the_project_setting(built_example: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "letter")
    shutil.copytree(built_example / ".build" / "chart-cache", project / ".build" / "chart-cache",
                    ignore=shutil.ignore_patterns("*.pdf"))
    set_option(project, "paper", '"letter"')
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    info = poppler("pdfinfo", str(pdf_of(project, where="docs")))
    assert re.search(r"Page size:\s+612 x 792 pts \(letter\)", info)


# Hostile fields a reader of the PDF sees (the cells of a table are in its chart only).
SHOWN = ("title", "topic", "source title", "publisher", "source note", "fact label",
         "speaker", "quote", "paraphrase", "claim summary", "event title", "event detail",
         "section heading", "chart title", "chart subtitle", "chart note")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def test_hostile_text_builds_a_pdf_that_shows_it_as_typed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    texts = {}
    for group in range(len(GROUPS)):
        b, fields, csv_text = hostile_briefing(group)
        # Scripts no built-in font draws: the PDF is still made (without the PDF/UA claim).
        b["title"] += " 漢字 عربى 😀"
        folder = data / "briefings" / f"hostile-{group}"
        folder.mkdir(parents=True)
        (folder / "briefing.yaml").write_text(json.dumps(b, ensure_ascii=False),
                                              encoding="utf-8")
        (folder / "table.csv").write_text(csv_text, encoding="utf-8")
        texts[f"hostile-{group}"] = fields
    project = copy_project(tmp_path / "project", data=data)
    allow_hostile_names(project)
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    for slug, fields in texts.items():
        pdf = pdf_of(project, slug, where="docs")
        # Tagged still, but without the PDF/UA-1 claim its characters cannot all meet.
        assert re.search(r"Tagged:\s+yes", poppler("pdfinfo", str(pdf)))
        assert b"pdfuaid:part" not in pdf.read_bytes()
        text = squash(INVISIBLE.sub("", " ".join(pages_text(pdf))))
        for name in SHOWN:
            value = next(v for k, v in fields.items() if k.endswith(f":{name}"))
            # Every character that shows is there as typed: `<script>` as text, `{{ 7*7 }}`
            # never 49. Invisible controls are left out of the comparison.
            assert squash(INVISIBLE.sub("", value)) in text, (slug, name, value)


def test_words_longer_than_a_line_stay_on_the_page(tmp_path: Path) -> None:
    """Every field at its longest, without a space to break it (test_hostile.long_briefing):
    each word of the PDF ends inside the right margin."""
    data = tmp_path / "data"
    folder = data / "briefings" / "long"
    folder.mkdir(parents=True)
    (folder / "briefing.yaml").write_text(json.dumps(long_briefing()), encoding="utf-8")
    project = copy_project(tmp_path / "project", data=data)
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 0, run.text
    boxes = poppler("pdftotext", "-bbox", str(pdf_of(project, "long", where="docs")), "-")
    right = [float(x) for x in re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"', boxes)]
    assert len(right) > 100
    page_width, margin = 595.28, 20 * 72 / 25.4  # A4, 20 mm each side
    assert max(right) <= page_width - margin + 1


def test_a_broken_pdf_template_names_its_line_and_changes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    template = project / "templates" / "briefing.typ"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1)
                  if line.startswith('#heading(level: 2, "Sources")'))
    lines[number - 1] = "#heading(level: 2, d.no_such_key)\n"
    template.write_text("".join(lines), encoding="utf-8")
    run = run_main(project, "build", "--no-mkdocs")
    assert run.code == 3
    assert f'error: templates/briefing.typ:{number}: dictionary does not contain key ' \
           f'"no_such_key"' in run.text
    assert "Traceback" not in run.text
    assert not (project / "docs" / "briefings").exists()
