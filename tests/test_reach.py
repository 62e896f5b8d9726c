"""What a program or a reference manager reads from the built site: citation files, head
fields, JSON-LD, link preview cards, chart data bundles, the exports and their schemas,
and the topic pages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from test_editions import History
from test_editions import history as history  # the fixture: two published editions

from devtools.projects import copy_project, run_cli

SLUG = "russia-us-rare-earths-aluminium"
SITE_URL = "https://example.github.io/briefing-site/"

# The CSL-JSON schema (citation-style-language/schema, csl-data.json) ships in no PyPI or
# npm package found (csl-json and citeproc on npm carry none): what it requires of an
# item, written out here. Item types and date shape as in csl-data.json 1.0.
CSL_TYPES = {"article", "article-journal", "article-magazine", "article-newspaper", "bill",
             "book", "broadcast", "chapter", "dataset", "document", "entry",
             "entry-dictionary", "entry-encyclopedia", "figure", "graphic", "interview",
             "legal_case", "legislation", "manuscript", "map", "motion_picture",
             "musical_score", "pamphlet", "paper-conference", "patent", "personal_communication",
             "post", "post-weblog", "report", "review", "review-book", "song", "speech",
             "thesis", "treaty", "webpage"}
CSL_DATE = {"type": "object", "properties": {"date-parts": {
    "type": "array", "minItems": 1, "maxItems": 2, "items": {
        "type": "array", "minItems": 1, "maxItems": 3,
        "items": {"type": ["string", "number"]}}}}, "additionalProperties": True}
CSL_DATA = {
    "type": "array",
    "items": {"type": "object", "required": ["id", "type"], "properties": {
        "id": {"type": ["string", "number"]}, "type": {"enum": sorted(CSL_TYPES)},
        "title": {"type": "string"}, "publisher": {"type": "string"},
        "URL": {"type": "string"}, "note": {"type": "string"},
        "issued": CSL_DATE, "accessed": CSL_DATE}, "additionalProperties": False},
}


class Head(HTMLParser):
    """Meta tags and JSON-LD scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[str(a.get("property") or a.get("name"))] = a.get("content") or ""
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld.append(data)


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(built_example: Path) -> Path:
    return built_example / "site"


def test_citation_files_read_back_in_reference_managers(site: Path) -> None:
    folder = site / "briefings" / SLUG
    facts = json.loads((site / "briefings" / "facts.json").read_text())["briefings"][SLUG]
    library = bibtexparser.parse_string((folder / "cite.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    first, *sources = library.entries
    assert first["title"].strip("{}") == facts["title"]
    assert first["year"] == "2026" and first["date"] == facts["edition"]
    assert first["url"] == f"{SITE_URL}{facts['edition']}/briefings/{SLUG}/"
    assert len(sources) == len(facts["sources"])
    assert {e["url"] for e in sources} == {s["url"] for s in facts["sources"].values()}

    records = rispy.loads((folder / "cite.ris").read_text(encoding="utf-8"))
    assert len(records) == 1 + len(facts["sources"])
    assert records[0]["title"] == facts["title"]
    assert records[0]["year"] == "2026" and records[0]["date"] == "2026/11/27/"
    assert records[0]["urls"] == [first["url"]]

    items = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
    jsonschema.validate(items, CSL_DATA)
    assert items[0]["title"] == facts["title"]
    assert items[0]["issued"] == {"date-parts": [[2026, 11, 27]]}


def test_cite_block_links_the_files_and_shows_the_text_without_script(site: Path) -> None:
    html = (site / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    block = html[html.index('class="cite-edition"'):]
    for name in ("cite.bib", "cite.json", "cite.ris"):
        assert f'href="{name}"' in block
    assert "@online{" in block and "TY  - RPRT" in block  # in the page, not made by script
    assert 'src="../../assets/cite.js"' in block
    assert (site / "assets" / "cite.js").is_file()


def test_briefing_head_has_citation_and_card_fields(site: Path) -> None:
    meta = head(site / "briefings" / SLUG / "index.html").meta
    facts = json.loads((site / "briefings" / "facts.json").read_text())["briefings"][SLUG]
    assert meta["citation_title"] == facts["title"]
    assert meta["citation_publication_date"] == "2026/11/27"
    assert meta["citation_publisher"] == "Briefings"
    # No PDF edition is built yet: no tag may point reference managers at a missing file.
    assert "citation_pdf_url" not in meta
    assert not (site / "briefings" / SLUG / f"{SLUG}.pdf").exists()
    assert meta["og:image"] == f"{SITE_URL}briefings/{SLUG}/card.png"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:title"] == facts["title"] and meta["og:description"]


def test_every_page_has_a_card_that_exists(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        image = head(page).meta.get("og:image", "")
        assert image.startswith(SITE_URL), page
        target = site / image[len(SITE_URL):]
        assert target.is_file(), f"{page}: og:image {image} is not in the site"
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert target.read_bytes()[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_json_ld_describes_report_claims_and_datasets(site: Path) -> None:
    page = head(site / "briefings" / SLUG / "index.html")
    assert len(page.jsonld) == 1
    objects = json.loads(page.jsonld[0])
    by_type: dict[str, list[dict]] = {}
    for o in objects:
        assert o["@context"] == "https://schema.org"
        by_type.setdefault(o["@type"], []).append(o)
    facts = json.loads((site / "briefings" / "facts.json").read_text())["briefings"][SLUG]
    (report,) = by_type["Report"]
    for key in ("headline", "url", "datePublished", "dateModified", "publisher"):
        assert report[key], key
    assert report["dateModified"] == facts["edition"]
    reviews = {r["claimReviewed"]: r for r in by_type["ClaimReview"]}
    assert set(reviews) == {c["words"] for c in facts["claims"].values()}
    for claim in facts["claims"].values():
        review = reviews[claim["words"]]
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["author"]["name"] == claim["speaker"]
        assert review["itemReviewed"]["author"]["@type"] in ("Person", "Organization")
        assert review["itemReviewed"]["datePublished"] == claim["date"]
        assert review["itemReviewed"]["appearance"]["url"] == facts["sources"][
            claim["source"]]["url"]
    datasets = by_type["Dataset"]
    assert datasets
    for d in datasets:
        assert d["name"] and d["description"]
        (download,) = d["distribution"]
        assert download["@type"] == "DataDownload" and download["encodingFormat"] == "text/csv"
        path = download["contentUrl"].split("/briefings/", 1)[1]
        assert (site / "briefings" / path).is_file()  # the CSV is published there


def test_json_ld_cannot_end_its_script_element() -> None:
    from briefing.pages.structured import script

    text = script([{"name": "</script><script>alert(1)</script> & more"}])
    inner = text.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner)[0]["name"] == "</script><script>alert(1)</script> & more"


def test_chart_data_bundle_holds_csv_metadata_and_readme(site: Path) -> None:
    charts = site / "briefings" / SLUG / "charts"
    zips = sorted(charts.glob("*.zip"))
    assert len(zips) == len(list(charts.glob("*.png")))
    html = (site / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    for path in zips:
        assert f'href="charts/{path.name}"' in html
        with zipfile.ZipFile(path) as z:
            assert z.namelist() == sorted([f"{path.stem}.csv", "README.txt", "metadata.json"])
            assert z.read(f"{path.stem}.csv") == (charts / f"{path.stem}.csv").read_bytes()
            meta = json.loads(z.read("metadata.json"))
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            readme = z.read("README.txt").decode()
        header = next(csv.reader(io.StringIO((charts / f"{path.stem}.csv").read_text())))
        assert [c["name"] for c in meta["columns"]] == header
        assert all("unit" in c for c in meta["columns"])
        assert meta["title"] and meta["source"]["url"].startswith("http")
        assert meta["source"]["accessed"] and meta["licence"] and meta["how_to_cite"]
        assert meta["source"]["url"] in readme and meta["title"] in readme


def test_exports_carry_numbers_and_validate_against_their_schemas(site: Path) -> None:
    folder = site / "briefings"
    for name in ("facts", "changes"):
        data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema)
    facts = json.loads((folder / "facts.json").read_text())["briefings"][SLUG]["facts"]
    numbers = [f for f in facts.values() if isinstance(f["value"], int | float)]
    assert numbers
    for f in numbers:
        q = f["quantity"]
        assert q["value"] == f["value"] and q["unit"] == f["unit"] and q["text"] == f["display"]
        assert q["as_of"]["date"] == f["as_of"] and q["sources"] == f["sources"]
        assert q["as_of"]["precision"] == {10: "day", 7: "month", 4: "year", 9: "years"}[
            len(f["as_of"])]


def test_a_range_value_is_exported_as_low_and_high() -> None:
    from briefing.pages.exports import quantity

    q = quantity({"low": 1.5, "high": 2}, "Mt", "1.5–2 Mt", "2025-03", ["s"])
    assert q["value"] == {"low": 1.5, "high": 2}
    assert q["as_of"] == {"date": "2025-03", "precision": "month"}


def test_changes_json_carries_old_and_new_numbers() -> None:
    from briefing.editions.reach import enrich_changes

    def snap(v: float) -> dict:
        return {"briefings": {"b": {"facts": {"f": {"quantity": {"value": v}}}}}}
    record = {"changes": [{"kind": "fact-changed", "slug": "b", "id": "f", "text": "x"}]}
    out = enrich_changes(record, snap(1.0), snap(2.0))
    assert out["changes"][0]["old_quantity"] == {"value": 1.0}
    assert out["changes"][0]["new_quantity"] == {"value": 2.0}


def test_topic_chips_link_to_topic_pages(site: Path) -> None:
    html = (site / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")
    chips = re.findall(r'<a class="topic" href="\.\./topics/([a-z0-9-]+)/">', html)
    assert chips
    for slug in chips:
        assert (site / "briefings" / "topics" / slug / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="briefings/topics/' in home


def test_topic_page_lists_its_briefings_newest_first(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    older = project / "data" / "briefings" / "older-aluminium"
    shutil.copytree(project / "data" / "briefings" / SLUG, older)
    text = (older / "briefing.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: \"An older briefing on <aluminium> & trade\"", text,
                  count=1)
    text = re.sub(r"(?m)^edition: .*$", "edition: 2026-10-01", text, count=1)
    (older / "briefing.yaml").write_text(text, encoding="utf-8")
    run = run_cli(project, "build")
    assert run.code == 0, run.text
    page = (project / "site" / "briefings" / "topics" / "aluminium" / "index.html").read_text(
        encoding="utf-8")
    listed = re.findall(r'data-slug="([^"]+)"', page)
    assert listed == [SLUG, "older-aluminium"]
    assert "An older briefing on &lt;aluminium&gt; &amp; trade" in page
    assert "<aluminium>" not in page
    assert "Edition of" in page and "Developing" in page


def test_cards_are_the_same_bytes_for_the_same_text() -> None:
    from briefing.pages.cards import card_svg, render_png

    svg = card_svg("Site", "A <title> & more", "Bottom line.", "Edition of 1 May 2026",
                   "stable")
    assert "&lt;title&gt; &amp; more" in svg
    assert render_png(svg) == render_png(svg)


def test_topic_addresses_stay_short_and_plain() -> None:
    from briefing.pages.topics import topic_slug

    assert topic_slug("Trade & tariffs") == "trade-tariffs" == topic_slug("trade, TARIFFS")
    long = topic_slug("w" * 300)
    assert len(long) <= 60 and long != topic_slug("w" * 299)
    assert topic_slug("中文") and "/" not in topic_slug("../../etc")


def test_bibtex_keeps_hostile_titles_inside_their_field() -> None:
    from briefing.pages.citations import Entry, bibtex

    title = "A {broken} title with % and \\end and } unbalanced & $x$ #1"
    text = bibtex([Entry("k", "source", title, "P&L {Ltd}", "https://e.org/a}b",
                         (2025, 3), None)])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert set(entry.fields_dict) == {"title", "publisher", "year", "date", "url"}
    assert entry["date"] == "2025-03" and entry["url"] == "https://e.org/a%7Db"
    assert "\\}" in entry["title"] and "\\%" in entry["title"]


def test_in_chromium_topic_page_and_keyboard_copy(browser, example_server) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=example_server.url)
    tab = context.new_page()
    try:
        tab.goto(f"{example_server.url}/briefings/{SLUG}/")
        chip = tab.locator(".briefing-meta a.topic").first
        name = chip.inner_text()
        chip.click()
        tab.wait_for_load_state("load")
        assert "/briefings/topics/" in tab.url
        assert tab.locator("h1").inner_text().rstrip("¶").lower() == name.lower()
        assert tab.locator(".topic-list__item").count() == 1
        tab.locator(".topic-list__title a").click()
        tab.wait_for_load_state("load")
        assert tab.url.endswith(f"/briefings/{SLUG}/")
        button = tab.get_by_role("button", name="Copy citation")
        button.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_function(
            "() => document.querySelector('.cite-copy__status').textContent.length > 0")
        assert tab.locator(".cite-copy__status").first.inner_text() == "citation copied"
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Briefings. “") and f"/briefings/{SLUG}/" in copied
    finally:
        context.close()


def test_published_editions_date_the_briefing_and_number_its_changes(
        history: History) -> None:
    """Two editions published with mike: the second's JSON-LD dates the briefing from the
    first, its card is on gh-pages where og:image points, and changes.json carries the
    revised figure as numbers."""
    from test_editions import FIRST, SECOND, git, show
    from test_editions import SLUG as MINIMAL

    project = history.project
    page = show(project, f"{SECOND}/briefings/{MINIMAL}/index.html")
    parser = Head()
    parser.feed(page)
    (report,) = [o for o in json.loads(parser.jsonld[0]) if o["@type"] == "Report"]
    assert (report["datePublished"], report["dateModified"]) == (FIRST, SECOND)
    image = parser.meta["og:image"]
    assert image == f"{SITE_URL}latest/briefings/{MINIMAL}/card.png"
    git(project, "cat-file", "-e", f"gh-pages:latest/briefings/{MINIMAL}/card.png")
    assert "citation_pdf_url" not in parser.meta  # no PDF edition yet
    record = json.loads(show(project, f"{SECOND}/briefings/changes.json"))
    schema = json.loads(show(project, f"{SECOND}/briefings/changes.schema.json"))
    jsonschema.validate(record, schema)
    revised = [c for c in record["changes"] if "old_quantity" in c]
    assert any(c["old_quantity"]["value"] == 3800000 and c["new_quantity"]["value"] == 4400000
               for c in revised), record["changes"]
