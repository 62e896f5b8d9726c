"""The query set of tests/search_queries.yaml run in the search dialog as a reader runs it:
each query typed into the box, and the first result (and its first sub-result) read off.

Shared by tests/test_search_queries.py, which wants every query's expected page first, and
the benchmark (bench/browser.py), which reports the share that is (`search_first_rate`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from .projects import EXAMPLE_SLUG, ROOT

QUERIES = ROOT / "tests" / "search_queries.yaml"
# The file writes the example briefing's page as EX: its slug is long and said once here.
EXAMPLE_PAGE = f"/briefings/{EXAMPLE_SLUG}/"


@dataclass(frozen=True)
class Query:
    kind: str
    query: str
    page: str
    anchor: str = ""
    known_miss: str = ""  # why this query's page is not first yet


@dataclass(frozen=True)
class Outcome:
    query: Query
    first: str  # the first result's path, "" when nothing was found
    first_anchor: str  # the fragment of its first sub-result, "" when it has none
    excerpts: str = ""  # the first result's text as shown, its excerpts included
    marked: tuple[str, ...] = ()  # the words its excerpts mark as matches

    @property
    def ok(self) -> bool:
        return self.first == self.query.page and (
            not self.query.anchor or self.first_anchor == self.query.anchor)

    def describe(self) -> str:
        want = self.query.page + (f"#{self.query.anchor}" if self.query.anchor else "")
        got = (self.first or "nothing") + (f"#{self.first_anchor}" if self.first_anchor else "")
        return f"[{self.query.kind}] {self.query.query!r}: expected {want}, first was {got}"


def load_queries(path: Path = QUERIES) -> list[Query]:
    rows = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return [Query(kind=str(r["kind"]), query=str(r["query"]),
                  page=EXAMPLE_PAGE if r["page"] == "EX" else str(r["page"]),
                  anchor=str(r.get("anchor", "")), known_miss=str(r.get("known_miss", "")))
            for r in rows]


# Resolves once the dialog shows the results of the query now in its box: Pagefind's message
# names the term it searched, and no result is still loading.
_SETTLED = """(term) => {
    const message = document.querySelector('#briefing-search .pagefind-ui__message');
    if (!message || !message.textContent.includes(term)) return false;
    if (document.querySelector('#briefing-search .pagefind-ui__loading')) return false;
    // "Searching for …" shows while the index loads: neither a count nor "No results".
    if (/^No results/.test(message.textContent.trim())) return true;
    const count = parseInt(message.textContent, 10);
    const first = document.querySelector('#briefing-search .pagefind-ui__result-link');
    return count > 0 && first !== null;
}"""
_FIRST = """() => {
    const result = document.querySelector('#briefing-search .pagefind-ui__result');
    if (!result) return ['', '', '', []];
    const link = result.querySelector('.pagefind-ui__result-link');
    const sub = result.querySelector('.pagefind-ui__result-nested .pagefind-ui__result-link');
    return [link ? link.href : '', sub ? sub.href : '', result.innerText,
            Array.from(result.querySelectorAll('mark'), (m) => m.textContent)];
}"""


def _path_and_fragment(href: str) -> tuple[str, str]:
    parts = urlsplit(href)
    return parts.path, parts.fragment


def run_queries(page: Any, queries: list[Query]) -> list[Outcome]:
    """Type each query into the open search dialog of `page`; what came first for each."""
    page.locator(".briefing-search__open").click()
    box = page.locator("input.pagefind-ui__search-input")
    box.wait_for(timeout=15_000)
    outcomes = []
    for q in queries:
        box.fill("")
        box.press_sequentially(q.query, delay=20)  # as a reader types: search runs as keys come
        page.wait_for_function(_SETTLED, arg=q.query.strip(), timeout=15_000)
        first, sub, text, marked = page.evaluate(_FIRST)
        path, _ = _path_and_fragment(first)
        sub_path, fragment = _path_and_fragment(sub)
        outcomes.append(Outcome(q, path, fragment if sub_path == path else "", text,
                                tuple(marked)))
    return outcomes


def first_rate(outcomes: list[Outcome]) -> float:
    """The share of queries whose expected page (and claim) came first."""
    return sum(o.ok for o in outcomes) / len(outcomes) if outcomes else 0.0
