"""Claims and sources that fit real stories: verdicts for claims evidence cannot settle
today (opinion, prediction, commitment) and sources without an address (print, broadcast).

A small fixture briefing (tests/fixtures/stories) uses each of them; it is built once, and
what a reader, a reference manager and a program see of it is checked: the badges and
source lists on the page, the methodology page's verdicts (generated from the model), the
citation files, JSON-LD, facts.json, the chart data bundle, and what changed between
editions.
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
from sitecheck import parse_html, site_prefix
from test_links import broken_links
from test_reach import CSL_DATA, head

from briefing.fields import VERDICTS
from briefing.model import Source
from briefing.pages.structured import RATING
from devtools.projects import ROOT, copy_project, run_main

SLUG = "story-kinds"
FIXTURE = ROOT / "tests" / "fixtures" / "stories"
NEW_VERDICTS = {"opinion": "Opinion", "prediction": "Prediction", "commitment": "Commitment"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("stories") / "project", data=FIXTURE)
    run = run_main(project, "build")
    assert run.code == 0, run.text
    return project


def _page(built: Path) -> str:
    return (built / "site" / "briefings" / SLUG / "index.html").read_text(encoding="utf-8")


def test_new_verdicts_show_as_badges_with_their_labels(built: Path) -> None:
    html = _page(built)
    for key, label in NEW_VERDICTS.items():
        assert re.search(rf'<article class="claim claim--{key}"', html), key
        assert f'<span class="verdict verdict--{key}">{label}</span>' in html


def test_every_verdict_has_a_badge_colour_and_the_new_ones_a_dark_mode_one() -> None:
    css = (ROOT / "docs" / "assets" / "briefing.css").read_text(encoding="utf-8")
    for key in VERDICTS:
        rule = rf"\.verdict--{key}\b[^{{]*\{{ --br-verdict: #[0-9a-f]{{6}}; \}}"
        assert re.search(rule, css), key
    for key in NEW_VERDICTS:
        assert re.search(rf'\[data-md-color-scheme="slate"\] :is\(\.verdict--{key}, '
                         rf"\.claim--{key}\) \{{ --br-verdict: #[0-9a-f]{{6}}; \}}", css), key


def test_methodology_and_guide_show_each_verdict_as_the_model_defines_it(built: Path) -> None:
    """The table is generated from fields.VERDICTS: every label and definition, in order."""
    for page in ("methodology", "guide"):
        html = (built / "site" / page / "index.html").read_text(encoding="utf-8")
        rows = re.findall(r'<td><span class="verdict verdict--([a-z-]+)">([^<]+)</span></td>\s*'
                          r"<td><code>([a-z-]+)</code></td>\s*<td>([^<]+)</td>", html)
        assert [(key, label, key, definition.replace("&#39;", "'"))
                for key, label, _, definition in rows] == [
            (key, v.label, key, v.definition) for key, v in VERDICTS.items()], page
        assert "--8&lt;--" not in html and "--8<--" not in html  # the include was resolved


def test_a_source_without_an_address_is_listed_by_where_it_appeared(built: Path) -> None:
    html = _page(built)
    assert ('<cite class="source__title">Plant output rises</cite>, <span class="source__where">'
            "The Test Gazette, Business, p. 12</span>, published 20 January 2026.") in html
    assert ('<cite class="source__title">Interview with the plant&#39;s director</cite>, '
            '<span class="source__where">Morning Bulletin</span>, published 21 January 2026.'
            ) in html
    assert '<a class="source__title" href="https://example.org/register"' in html
    # The citation's tooltip names where it appeared too.
    assert 'data-tip="Test Gazette Ltd, Plant output rises, The Test Gazette, Business, p. 12"' \
        in html
    site_sources = (built / "site" / "briefings" / "sources" / "index.html").read_text(
        encoding="utf-8")
    assert site_sources.count('<cite class="source__title">') == 2
    assert "None" not in re.sub(r"<svg.*?</svg>|<script.*?</script>", "", html, flags=re.S)
    problems, counts = broken_links(built / "site", site_prefix(built))
    assert problems == [] and counts["citations"] > 0


def test_citation_files_name_the_publication_and_page_instead_of_an_address(built: Path) -> None:
    folder = built / "site" / "briefings" / SLUG
    library = bibtexparser.parse_string((folder / "cite.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    by_key = {e.key: e for e in library.entries}
    gazette, radio = by_key[f"{SLUG}-gazette-print"], by_key[f"{SLUG}-radio-bulletin"]
    assert gazette.entry_type == "article" and "url" not in gazette.fields_dict
    assert (gazette["journaltitle"], gazette["pages"], gazette["date"]) == (
        "The Test Gazette", "12", "2026-01-20")
    assert radio.entry_type == "misc" and radio["howpublished"] == "Morning Bulletin"
    assert by_key[f"{SLUG}-registry"]["url"] == "https://example.org/register"

    records = {r["id"]: r for r in rispy.loads((folder / "cite.ris").read_text("utf-8"))}
    print_record = records[f"{SLUG}-gazette-print"]
    assert print_record["type_of_reference"] == "NEWS" and "urls" not in print_record
    assert (print_record["secondary_title"], print_record["start_page"]) == (
        "The Test Gazette", "12")

    items = {i["id"]: i for i in json.loads((folder / "cite.json").read_text("utf-8"))}
    schema = copy.deepcopy(CSL_DATA)  # csl-data.json names these too
    schema["items"]["properties"].update({k: {"type": "string"} for k in (
        "container-title", "section", "page")})
    jsonschema.validate(list(items.values()), schema)
    item = items[f"{SLUG}-gazette-print"]
    assert (item["type"], item["container-title"], item["page"], item["section"]) == (
        "article-newspaper", "The Test Gazette", "12", "Business")
    assert "URL" not in item
    assert items[f"{SLUG}-radio-bulletin"]["type"] == "broadcast"


def test_json_ld_gives_no_truth_rating_to_opinions_predictions_and_commitments(
        built: Path) -> None:
    page = head(built / "site" / "briefings" / SLUG / "index.html")
    objects = json.loads(page.jsonld[0])
    reviews = {o["url"].rsplit("#claim-", 1)[1]: o for o in objects
               if o["@type"] == "ClaimReview"}
    for cid, label in (("best-plant", "Opinion"), ("double-output", "Prediction"),
                       ("new-line", "Commitment")):
        assert reviews[cid]["reviewRating"] == {"@type": "Rating", "alternateName": label}
    assert reviews["output-claim"]["reviewRating"]["ratingValue"] == 5
    assert set(RATING) < set(VERDICTS) and not set(NEW_VERDICTS) & set(RATING)
    appearance = reviews["new-line"]["itemReviewed"]["appearance"]
    assert appearance == {"@type": "CreativeWork", "name": "Plant output rises",
                          "publisher": {"@type": "Organization", "name": "Test Gazette Ltd"},
                          "datePublished": "2026-01-20", "pagination": "12",
                          "isPartOf": {"@type": "CreativeWork", "name": "The Test Gazette"}}
    datasets = [o for o in objects if o["@type"] == "Dataset"]
    assert [d["isBasedOn"] for d in datasets] == [appearance, appearance]


def test_facts_json_and_chart_bundle_carry_what_identifies_the_source(built: Path) -> None:
    folder = built / "site" / "briefings"
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    jsonschema.validate(facts, json.loads((folder / "facts.schema.json").read_text("utf-8")))
    sources = facts["briefings"][SLUG]["sources"]
    assert sources["gazette-print"] == {
        "title": "Plant output rises", "publisher": "Test Gazette Ltd", "url": None,
        "publication": "The Test Gazette", "section": "Business", "page": "12",
        "published": "2026-01-20", "accessed": None}
    assert sources["radio-bulletin"]["programme"] == "Morning Bulletin"
    assert "publication" not in sources["registry"]  # keys only where given
    claims = facts["briefings"][SLUG]["claims"]
    assert {c["verdict"] for c in claims.values()} == {*NEW_VERDICTS, "supported"}

    with zipfile.ZipFile(folder / SLUG / "charts" / "output-series.zip") as bundle:
        meta = json.loads(bundle.read("metadata.json"))
        readme = bundle.read("README.txt").decode()
    assert meta["source"]["url"] is None
    assert meta["source"]["where"] == "The Test Gazette, Business, p. 12"
    assert "see its address" not in meta["licence"]
    assert "Appeared in: The Test Gazette, Business, p. 12" in readme
    spec = json.loads((folder / SLUG / "charts" / "output-series.vl.json").read_text("utf-8"))
    assert spec["title"]["text"] == ["Source: Test Gazette Ltd, Plant output rises, The Test "
                                     "Gazette, Business, p. 12"]  # the PNG's source line
    html = _page(built)
    for line in ("chart__source", "dataset__source"):
        assert re.search(rf'<p class="{line}">Source: Test Gazette Ltd, Plant output rises, '
                         r"The Test Gazette, Business, p. 12<sup", html), line


def test_a_changed_verdict_reads_with_its_labels_in_whats_new(built: Path,
                                                              tmp_path: Path) -> None:
    """The previous edition had the prediction not yet checked: what's new and
    changes.json say so with both labels."""
    previous = json.loads((built / "site" / "briefings" / "facts.json").read_text("utf-8"))
    previous["briefings"][SLUG]["claims"]["double-output"]["verdict"] = "not-yet-checked"
    previous["edition"] = "2026-01-15"
    kept = tmp_path / "facts.json"
    kept.write_text(json.dumps(previous), encoding="utf-8")
    project = copy_project(tmp_path / "project", data=FIXTURE)
    run = run_main(project, "build", "--no-mkdocs", "--previous", str(kept))
    assert run.code == 0, run.text
    docs = project / "docs" / "briefings"
    changes = json.loads((docs / "changes.json").read_text(encoding="utf-8"))
    texts = [c["text"] for c in changes["changes"]]
    assert "Verdict on “Output will double by 2030.”: Not yet checked → Prediction." in texts, \
        texts
    whats_new = (docs / "whats-new.md").read_text(encoding="utf-8")
    assert '<span class="verdict verdict--prediction">Prediction</span>' in whats_new


def test_the_fixture_page_parses(built: Path) -> None:
    parsed = parse_html(built / "site" / "briefings" / SLUG / "index.html")
    assert {f"source-{s}" for s in ("gazette-print", "radio-bulletin", "registry")} <= parsed.ids


@pytest.mark.parametrize(("fields", "shown"), [
    ({"publication": "The Gazette", "page": "12"}, "The Gazette, p. 12"),
    ({"publication": "The Gazette", "section": "World", "page": "12-13"},
     "The Gazette, World, pp. 12-13"),
    ({"programme": "Morning Bulletin"}, "Morning Bulletin"),
])
def test_where_a_source_appeared_reads_as_a_reader_looks_it_up(fields: dict[str, str],
                                                               shown: str) -> None:
    source = Source(id="s", title="T", publisher="P", published="2026-01", **fields)
    assert source.where == shown


def test_a_paper_that_is_its_own_publisher_is_named_once() -> None:
    from briefing.model import Source

    paper = Source(id="ft", title="Congo tightens grip on cobalt", publisher="Financial Times",
                   publication="Financial Times", page="11", published="2026-10-14")
    assert paper.where == "p. 11"
    wire = paper.model_copy(update={"publisher": "Nikkei"})
    assert wire.where == "Financial Times, p. 11"
