"""Search finds what readers type: the query set of tests/search_queries.yaml (words of a
briefing, its sources' titles, a claim's words, typos of names, British and American
spellings, figures written as readers write them) over one site built from the example and
eight briefings of the benchmark's corpus; each query's expected page must come first, and
for a claim, the claim's own sub-result first under it."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from devtools.projects import ROOT, copy_project, run_main
from devtools.search_queries import first_rate, load_queries, run_queries
from devtools.server import Server

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # bench/ is not a package: on the path above

pytestmark = pytest.mark.xdist_group("search_queries")
CORPUS_SIZE = 8


@pytest.fixture(scope="session")
def query_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("queries")
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    corpus.write_corpus(data, CORPUS_SIZE)
    project = copy_project(root / "project", data=data)
    result = run_main(project, "build")
    assert result.code == 0, result.text
    with Server(project / "site") as server:
        yield server.url


def test_the_query_set_is_big_enough() -> None:
    queries = load_queries()
    assert len(queries) >= 30
    assert {q.kind for q in queries} >= {"words", "source title", "claim", "typo", "spelling",
                                        "figure"}


def test_every_query_puts_its_page_first(query_site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(query_site + "/")
        outcomes = run_queries(page, load_queries())
    finally:
        context.close()
    print(f"\nsearch first-result rate: {first_rate(outcomes):.0%} "
          f"({sum(o.ok for o in outcomes)} of {len(outcomes)})")
    # Every query's page first, but those the file marks known_miss (with the reason); one of
    # those that passes now fails too, so that the file says what search does.
    # The words indexed for search only (a figure's other spellings) never show in an
    # excerpt, and a figure found by one of them is marked as it is shown.
    leaked = [(o.query.query, o.excerpts) for o in outcomes
              if re.search(r"\dpercent|percent per cent|tonnes tons|[\u2063\u2064]", o.excerpts)]
    assert leaked == []
    unmarked = [(o.query.query, o.marked) for o in outcomes if o.query.kind == "figure"
                and not any(re.search(r"\d", word) for word in o.marked)]
    assert unmarked == []
    unexpected = [o.describe() for o in outcomes if not o.ok and not o.query.known_miss]
    fixed = [o.query.query for o in outcomes if o.ok and o.query.known_miss]
    assert unexpected == [], "\n".join(unexpected)
    assert fixed == [], f"now first, drop known_miss in search_queries.yaml: {fixed}"
