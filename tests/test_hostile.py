"""Hostile text: whatever an analyst (or a stranger's pull request) types into a briefing
shows as text and never runs.

One briefing carries, in every text field, a string that packs the usual attacks:
`<script>`, `<img onerror>`, `</script>` (which ends a script element that embeds chart
data), a Markdown link to javascript:, raw HTML, an attribute breakout, Jinja syntax
(`{{ 7*7 }}` must print as typed, never 49) and character references. A second briefing
fills every field to its longest allowed length. The site built from them is loaded in
headless Chromium: no dialog opens, no injected element or handler exists, no link leads
to javascript:, and each string shows literally wherever it appears.

Prose fields (bottom line, section bodies, claim reasoning) are Markdown by design: raw
HTML in them is shown as text, but Jinja beyond fact("id") & co. and links to anything
but http(s), mailto and the site's own pages are refused by validation, with file:line
(see test_prose_attacks_are_refused and the bad-input corpus).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitecheck import html_pages, open_search, page_url, reach_charts

from briefing.check import prose
from devtools.projects import Run, copy_project, run_main, set_option
from devtools.server import Server

pytestmark = pytest.mark.xdist_group("hostile")

# Each attack in the packed string; the test counts them per field.
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2) class=xss>",
    "</script><script>alert(3)</script>",
    "[a](javascript:alert(4))",
    "<b class=xss>raw</b>",
    "{{ 7*7 }}{% if 1 %}x{% endif %}",
    "\"'><svg onload=alert(5) class=xss>",
    "&lt;&amp;",
    "*m* _u_ `c` |t| # h",
    # What the audit ran through Material's tooltips (which read `title` as HTML).
    "\"><img src=x onerror=\"window.__pwned=1\">",
    "<details open ontoggle=\"window.__pwned=2\" class=xss>",
    "<svg><animate onbegin=\"window.__pwned=3\" attributeName=x dur=1s>",
    "&#60;img src=x onerror=window.__pwned=4&#62;",
    "&lt;script&gt;window.__pwned=5&lt;/script&gt;",
    "<a href=\"javascript:window.__pwned=6\" class=xss>link</a>",
    "' onmouseover='window.__pwned=7' x='",
    "<style>*{display:none}</style>",
    "<iframe srcdoc=\"<script>parent.__pwned=8</script>\" class=xss></iframe>",
    "<!-- unclosed",
    "]]> --> ${7*7} #{7*7}",
    "\u202eevil\u202c \u200bzero\u200dwidth\ufeff",
    "~tilde~ ~~strike~~ \\backslash\\",
]
# Prose is Markdown: only the HTML attacks apply (the others are refused or are Markdown).
PROSE_ATTACKS = [a for a in ATTACKS if a.startswith(("<", "</", "\"'", "&"))]


def _groups(attacks: list[str], limit: int = 250) -> list[list[str]]:
    """The attacks packed into strings that fit a short field (300 characters): one
    hostile briefing per group, so that every attack reaches every field."""
    groups: list[list[str]] = [[]]
    for attack in attacks:
        if groups[-1] and len(" ".join([*groups[-1], attack])) > limit:
            groups.append([])
        groups[-1].append(attack)
    return groups


GROUPS = _groups(ATTACKS)


def mark(field: str) -> str:
    return f"⟦{field}⟧"


def hostile(field: str, group: int = 0) -> str:
    return f"{mark(f'{group}:{field}')} {' '.join(GROUPS[group])}"


def prose_fields(group: int) -> dict[str, str]:
    packed = " ".join(a for a in GROUPS[group] if a in PROSE_ATTACKS)
    return {f"{group}:{name}": f"{mark(f'{group}:{name}')} {packed}"
            for name in ("bottom_line", "reasoning", "section body")}


def all_fields() -> dict[str, str]:
    """Every attacked field of every hostile briefing, data and prose, by its mark."""
    fields: dict[str, str] = {}
    for group in range(len(GROUPS)):
        fields |= hostile_briefing(group)[1] | prose_fields(group)
    return fields


def hostile_briefing(group: int = 0) -> tuple[dict[str, Any], dict[str, str], str]:
    """The briefing, the data fields it attacks (mark → text) and its CSV table."""
    def hostile(field: str) -> str:
        return globals()["hostile"](field, group)
    prose = prose_fields(group)
    cell = hostile("csv cell")
    inline_cell = hostile("inline cell")
    b: dict[str, Any] = {
        "title": hostile("title"),
        "edition": "2026-03-01",
        "status": "developing",
        "topics": [hostile("topic")],
        "bottom_line": f"{prose[f'{group}:bottom_line']} Reserves are "
                       '{{ fact("reserves") }}.',
        "key_figures": ["reserves", "share", "verdict-text"],
        "sources": [{
            "id": "src", "title": hostile("source title"), "publisher": hostile("publisher"),
            "url": "https://example.org/report?a=1&b=2", "published": "2025-01",
            "accessed": "2026-01-10", "note": hostile("source note"),
        }, {  # print or broadcast, without an address: what identifies it is text too
            "id": "print", "title": "A print article", "publisher": "A newspaper",
            "publication": hostile("publication"), "programme": hostile("programme"),
            "section": hostile("section"), "page": hostile("page"), "published": "2025-02",
        }],
        "facts": [
            {"id": "reserves", "label": hostile("fact label"), "value": 3800000,
             "unit": "t REO", "as_of": 2024, "source": "src", "note": hostile("fact note")},
            {"id": "world", "label": "World reserves", "value": 90000000, "unit": "t REO",
             "as_of": 2024, "source": "src"},
            {"id": "verdict-text", "label": "A text fact", "value": hostile("fact value"),
             "as_of": 2025, "source": "src"},
        ],
        "derived": [{
            "id": "share", "label": hostile("derived label"),
            "derive": {"op": "share", "of": ["reserves", "world"]}, "unit": "%",
            "precision": 1, "note": hostile("derived note"),
        }],
        "claims": [
            {"id": "quoted", "speaker": hostile("speaker"), "date": "2025-02-24",
             "words": hostile("quote"), "form": "quote", "source": "src",
             "verdict": "misleading", "summary": hostile("claim summary"),
             "reasoning": f"{prose[f'{group}:reasoning']} See "
                          '{{ fact("reserves") }}.',
             "evidence": ["reserves"]},
            {"id": "paraphrased", "speaker": "Someone", "date": "2025-02",
             "words": hostile("paraphrase"), "form": "paraphrase", "source": "src",
             "verdict": "not-yet-checked", "reasoning": "Not checked yet."},
            {"id": "opined", "speaker": "Someone else", "date": "2025-02",
             "words": "A view.", "form": "paraphrase", "source": "print",
             "verdict": "opinion", "reasoning": "A judgement, not a fact."},
        ],
        "events": [{"id": "e1", "date": "2025-02-24", "title": hostile("event title"),
                    "source": "src", "detail": hostile("event detail")}],
        "datasets": [
            {"id": "table", "title": hostile("dataset title"), "source": "src",
             "columns": [{"name": "country", "type": "text", "label": hostile("column label")},
                         {"name": "reserves", "type": "number",
                          "unit": hostile("column unit")}],
             "csv": "table.csv", "note": hostile("dataset note")},
            {"id": "inline", "title": "Inline rows", "source": "src",
             "columns": [{"name": "name", "type": "text"}, {"name": "value", "type": "number"}],
             "rows": [[inline_cell, 1], ["Plain", 2]]},
        ],
        "charts": [{
            "id": "ranked", "kind": "ranked-bar", "dataset": "table",
            "title": hostile("chart title"), "subtitle": hostile("chart subtitle"),
            "x": "reserves", "y": "country", "highlight": {"column": "country", "value": cell},
            "x_title": hostile("chart x title"), "note": hostile("chart note"),
        }],
        "sections": [{"heading": hostile("section heading"),
                      "body": f"{prose[f'{group}:section body']}\n\n"
                              'The figure is {{ fact("reserves") }}.'}],
    }
    csv_text = ("country,reserves\n"
                + '"' + cell.replace('"', '""') + '",3800000\n'
                + "China,44000000\n")
    fields = {f"{group}:{name}": hostile(name) for name in (
        "title", "topic", "source title", "publisher", "source note", "fact label", "fact note",
        "fact value", "derived label", "derived note", "speaker", "quote", "paraphrase",
        "claim summary", "event title", "event detail", "dataset title", "column label",
        "column unit", "dataset note", "chart title", "chart subtitle", "chart x title",
        "chart note", "section heading", "csv cell", "inline cell", "publication",
        "programme", "section", "page")}
    return b, fields, csv_text



# Fields readers must see on some page: every field but the cells of a dataset no chart
# draws and texts drawn only inside the chart SVG, which need not show; wherever anything
# appears, it appears literally, which the per-occurrence check below proves. Notes of
# facts and datasets show in the tooltip, the key-figure card and under the chart.
MUST_SHOW = {"fact note", "derived note", "dataset note",
             "title", "topic", "source title", "publisher", "source note", "fact label",
             "fact value", "speaker", "quote", "paraphrase", "claim summary", "event title",
             "event detail", "csv cell", "section heading", "bottom_line", "reasoning",
             "column label", "column unit", "chart title", "chart subtitle", "section body",
             "publication", "programme", "section", "page"}

LONG = 300  # the longest short text the schema allows


def long_briefing() -> dict[str, Any]:
    """Every short text at its longest, without a space to break it; prose at its longest."""
    word = "W" * LONG
    return {
        "title": "L" + "o" * (LONG - 2) + "g",
        "edition": "2026-02-01",
        "topics": [word[:LONG]],
        "bottom_line": ("Lorem ipsum dolor sit amet. " * 714)[:20_000].strip(),
        "key_figures": ["long"],
        "sources": [{"id": "s", "title": word, "publisher": word,
                     "url": "https://example.org/" + "p" * 1900, "note": "N" * 20_000}],
        "facts": [{"id": "long", "label": word, "value": word, "as_of": 2024, "source": "s"}],
        "claims": [{"id": "c", "speaker": word, "date": 2025, "words": "Q" * 20_000,
                    "form": "quote", "source": "s", "verdict": "false", "summary": word,
                    "reasoning": "R" * 20_000}],
        "events": [{"date": "2025-01", "title": word, "source": "s"}],
        "sections": [{"heading": word, "body": "B" * 20_000}],
    }


def allow_hostile_names(project: Path) -> None:
    """List every hostile text as an identifier of the project ([tool.briefing]): the
    attacks carry digits (`alert(1)`, `{{ 7*7 }}`, the marks' group numbers), which the
    sourcing check would refuse as figures typed by hand. Listed whole, they reach every
    page unchanged, as the test needs; the check itself is tested in test_sourcing.py."""
    names = sorted(all_fields().values())
    set_option(project, "identifiers", json.dumps(names, ensure_ascii=True))


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile-data")
    for group in range(len(GROUPS)):
        b, _, csv_text = hostile_briefing(group)
        folder = data / "briefings" / f"hostile-{group}"
        folder.mkdir(parents=True)
        (folder / "briefing.yaml").write_text(json.dumps(b, indent=2, ensure_ascii=False),
                                              encoding="utf-8")
        (folder / "table.csv").write_text(csv_text, encoding="utf-8")
    long_folder = data / "briefings" / "long"
    long_folder.mkdir()
    (long_folder / "briefing.yaml").write_text(json.dumps(long_briefing(), indent=2),
                                               encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", data=data)
    allow_hostile_names(project)
    run = run_main(project, "build")
    assert run.code == 0, run.text
    return project / "site"


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def hostile_server(hostile_site: Path):
    server = Server(hostile_site)
    yield server
    server.stop()


# In the page: every text node and attribute that carries a field's mark, and every sign
# that something ran or was injected.
SCAN = r"""
() => {
  const marks = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent;
    const p = walker.currentNode.parentElement;
    // The BibTeX of the cite block shows data text with TeX escapes (\{ \%), as a
    // reference manager reads it: tested in test_reach.py, not here.
    // A briefing's topics as search filters: hidden, and escaped for Pagefind, which shows
    // them in the search dialog, checked below.
    if (t.includes("\u27e6") && p && !["SCRIPT", "STYLE"].includes(p.tagName)
        && !p.closest('[data-copy="BibTeX"]') && !p.closest("[data-pagefind-filter]")) {
      marks.push(["text:" + p.tagName, t]);
    }
  }
  for (const el of document.querySelectorAll("*")) {
    if (el.tagName === "META") continue;  // descriptions are plain-text digests, see test_meta
    for (const a of el.attributes) {
      if (a.value.includes("\u27e6")) marks.push(["attr:" + el.tagName + "@" + a.name, a.value]);
    }
  }
  const handlers = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) handlers.push(el.tagName + "@" + a.name);
    }
  }
  // Scripts the browser would run (not JSON data blocks) that carry an attack.
  const runnable = s =>
    !s.type || /^(text|application)\/(javascript|ecmascript)$|^module$/.test(s.type);
  const scripts = [...document.scripts]
    .filter(s => runnable(s) && /alert\(/.test(s.textContent)).length;
  const jsLinks = [...document.querySelectorAll("a[href], area[href]")]
    .filter(a => !["http:", "https:", "mailto:"].includes(a.protocol)).map(a => a.href);
  return {
    marks, handlers, scripts, jsLinks,
    injected: document.querySelectorAll(".xss, svg[onload], img[src='x']").length,
  };
}
"""


def squash(text: str) -> str:
    return " ".join(text.split())


def reads_as_typed(value: str, text: str) -> bool:
    """The value appears whole in the text, or (a chart's axis label cut short to fit,
    ending in …) the text shows the value's beginning as typed."""
    value, text = squash(value), squash(text)
    if value in text:
        return True
    return text.endswith("…") and text.startswith(mark("")[:1]) and value.startswith(text[:-1])


def test_hostile_text_shows_literally_and_never_runs(hostile_site: Path, hostile_server: Server,
                                                     browser: Any) -> None:
    fields = all_fields()
    context = browser.new_context()
    dialogs: list[str] = []
    seen: dict[str, list[str]] = {name: [] for name in fields}
    problems: list[str] = []
    pages = [page_url(hostile_site, p) for p in html_pages(hostile_site)]
    assert len(pages) >= 6
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        for url in pages:
            page.goto(hostile_server.url + url)
            page.wait_for_load_state("load")
            reach_charts(page)  # live Vega views too (drawn only once a chart is reached)
            found = page.evaluate(SCAN)
            where = f"{url}: "
            if found["injected"] or found["handlers"] or found["scripts"] or found["jsLinks"]:
                problems.append(where + json.dumps({k: found[k] for k in (
                    "injected", "handlers", "scripts", "jsLinks")}))
            for kind, text in found["marks"]:
                for name, value in fields.items():
                    if mark(name) not in text:
                        continue
                    seen[name].append(url)
                    if not reads_as_typed(value, text):
                        problems.append(f"{where}{name} in {kind} does not read as typed: "
                                        f"{text[:300]!r}")
        # Search renders titles and text of results in the page: it must not run them.
        page.goto(hostile_server.url + "/")
        open_search(page, "script alert")
        found = page.evaluate(SCAN)
        if found["injected"] or found["handlers"]:
            problems.append("search results: " + json.dumps(found["handlers"]))
        # Its topic filter shows each briefing's topic as typed (templates/briefing.md.j2).
        labels = page.locator(".pagefind-ui__filter-label").all_inner_texts()
        for name, value in fields.items():
            if name.endswith(":topic") and not any(reads_as_typed(value, t) for t in labels):
                problems.append(f"search filter: {name} does not read as typed: {labels}")
    finally:
        context.close()
    assert dialogs == [], f"a script from the data ran: {dialogs}; {problems}"
    assert problems == [], "\n".join(problems)
    missing = sorted(name for name in fields if name.split(":", 1)[1] in MUST_SHOW
                     and not seen[name])
    assert missing == [], f"fields that no page shows: {missing}"
    print(f"\nhostile: {len(fields) // len(GROUPS)} fields x {len(ATTACKS)} attacks "
          f"(3 prose fields x {len(PROSE_ATTACKS)}) in {len(GROUPS)} briefings "
          f"on {len(pages)} pages")


def test_jinja_in_data_is_never_evaluated(hostile_site: Path) -> None:
    """`{{ 7*7 }}` in a data field prints as typed, on every page and in facts.json."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in html_pages(hostile_site))
    assert "{{ 7*7 }}" in text
    assert "49x" not in text  # what {{ 7*7 }}{% if 1 %}x{% endif %} would have become
    facts = (hostile_site / "briefings" / "facts.json").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in facts


def test_long_text_builds_and_shows_whole(hostile_site: Path) -> None:
    page = (hostile_site / "briefings" / "long" / "index.html").read_text(encoding="utf-8")
    assert "W" * LONG in page
    assert "Q" * 20_000 in page and "B" * 20_000 in page


PROSE_ATTACK_CASES = {
    "jinja-arithmetic": "Seven sevens are {{ 7*7 }}.",
    "jinja-attribute": "{{ fact.__class__ }}",
    "jinja-statement": "{% for x in [1] %}x{% endfor %}",
    "jinja-filter": '{{ fact("reserves") | upper }}',
    # Arguments Jinja would have to evaluate: once accepted by validation, then an internal
    # error at rendering. Validation and rendering now read prose with the same parser.
    "jinja-star-args": '{{ fact("reserves", *x) }}',
    "jinja-star-kwargs": '{{ fact("reserves", **k) }}',
    "jinja-name-argument": "{{ fact(x) }}",
    "link-javascript": "[go](javascript:alert(1))",
    "link-javascript-upper": "[go]( JavaScript:alert(1) )",
    "link-javascript-newline": "[go](java\nscript:alert(1))",
    "link-javascript-tab": "[go](java\tscript:alert(1))",
    "link-reference-definition": "[go][r]\n\n[r]: javascript:alert(1)",
    "link-data": "[go](data:text/html,<script>alert(1)</script>)",
    "link-vbscript": "[go](vbscript:msgbox(1))",
    "image-external": "![pixel](https://tracker.example/p.gif)",
    # A link title is a `title` attribute, which Material's tooltip inserts as HTML.
    "link-title": '[go](https://example.org "<img src=x onerror=window.__pwned=1>")',
    "link-title-single": "[go](https://example.org 'x')",
    "link-title-parens": "[go](<https://example.org> (x))",
    "link-reference-title": '[go][r]\n\n[r]: https://example.org "<b>x</b>"',
    "link-reference-title-next-line": "[go][r]\n\n[r]: https://example.org\n    'x'",
}


def _refused(tmp_path: Path, slug: str, change: Callable[[dict[str, Any]], None],
             field: str) -> tuple[Run, int]:
    """The first hostile briefing with one change, validated in this process (the command
    line's messages, devtools.projects.run_main); the run and the line of `field` ("body",
    "url") in the briefing as written."""
    folder = tmp_path / "data" / "briefings" / slug
    folder.mkdir(parents=True)
    b, _, csv_text = hostile_briefing()
    (folder / "table.csv").write_text(csv_text, encoding="utf-8")
    change(b)
    text = json.dumps(b, indent=2, ensure_ascii=False)
    (folder / "briefing.yaml").write_text(text, encoding="utf-8")
    allow_hostile_names(tmp_path)
    run = run_main(tmp_path, "validate")
    assert run.code == 1, run.text
    assert "Traceback" not in run.text and "internal error" not in run.text
    return run, text[: text.index(f'"{field}":')].count("\n") + 1


@pytest.mark.parametrize("attack", PROSE_ATTACK_CASES, ids=list(PROSE_ATTACK_CASES))
def test_prose_attacks_are_refused(attack: str, tmp_path: Path) -> None:
    """In prose fields, Jinja beyond the reference functions and unsafe links fail validation
    with the line of the attack."""
    def change(b: dict[str, Any]) -> None:
        b["sections"][0]["body"] = "First line.\n\n" + PROSE_ATTACK_CASES[attack] + "\n"

    run, line = _refused(tmp_path, "prose", change, "body")
    # Refused by the prose checks themselves, not for a digit in it (check/sourcing.py).
    assert re.search(rf"^error: data/briefings/prose/briefing\.yaml:{line}(:\d+)?: "
                     r"sections\[0\]\.body: expected (?!a figure from a fact)", run.err,
                     re.MULTILINE), run.err


@pytest.mark.parametrize("attack", [a for a in PROSE_ATTACK_CASES if a.startswith("jinja-")])
def test_refused_prose_is_never_rendered(attack: str) -> None:
    """What the prose parser refuses, rendering refuses too: no fallback compiles it."""
    text = PROSE_ATTACK_CASES[attack]
    assert prose.parse(text).problems
    with pytest.raises(ValueError, match="validation refuses"):
        prose.render(text, dict.fromkeys(prose.PROSE_FUNCTIONS, str))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "file:///etc/passwd", "vbscript:msgbox(1)", "ftp://x.org/",
                                 "//evil.example/x", "https://x.org/\"><script>"])
def test_source_urls_are_http_only(url: str, tmp_path: Path) -> None:
    def change(b: dict[str, Any]) -> None:
        b["sources"][0]["url"] = url

    run, line = _refused(tmp_path, "urls", change, "url")
    assert re.search(rf"^error: data/briefings/urls/briefing\.yaml:{line}:\d+: "
                     r"sources\[0\]\.url: expected an (http|address)", run.err,
                     re.MULTILINE), run.err


# Every element whose attributes carry data, and every element some script turns into a
# tooltip (Material's `content.tooltips` reads `title` as HTML): hovered, then focused.
TOOLTIP_TARGETS = r"""
() => {
  const els = [...document.querySelectorAll("body *")].filter(el => {
    if (el.closest("svg") && el.tagName !== "svg") return false;
    return el.hasAttribute("title") || el.hasAttribute("data-tip") ||
      [...el.attributes].some(a => a.value.includes("\u27e6"));
  });
  els.forEach((el, i) => el.setAttribute("data-hover-probe", String(i)));
  // Whether each has a box to hover: one without (hidden, in a closed menu) cannot be.
  return els.map(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}
"""
# What a reader sees as the tooltip, a moment after the hover or focus (`how`: "focus"
# focuses the element first, as Playwright's focus() does): Material's tooltip elements,
# and our CSS ::after text. One round trip per look, the wait included.
TOOLTIP_TEXT = r"""
async (el, how) => {
  if (how === "focus") el.focus();
  await new Promise(done => setTimeout(done, 5));
  const shown = [...document.querySelectorAll(".md-tooltip, .md-tooltip2")]
    .map(t => ({text: t.innerText, html: t.innerHTML}));
  const after = getComputedStyle(el, "::after").content;
  return {shown, after: after && after !== "none" ? JSON.parse(after) : "",
          pwned: window.__pwned === undefined ? null : String(window.__pwned),
          injected: document.querySelectorAll(".md-tooltip .xss, .md-tooltip2 .xss, "
            + ".md-tooltip img, .md-tooltip2 img, .md-tooltip details, .md-tooltip2 details, "
            + ".md-tooltip a[href^='javascript'], .md-tooltip2 a[href^='javascript']").length};
}
"""
# Every probed element focused in turn, each looked at as above: one round trip per page.
FOCUS_EACH = r"""
async (count) => {
  const look = LOOK;
  const seen = [];
  for (let i = 0; i < count; i++) {
    seen.push(await look(document.querySelector(`[data-hover-probe="${i}"]`), "focus"));
  }
  return seen;
}
""".replace("LOOK", TOOLTIP_TEXT.strip())


def test_hovered_and_focused_tooltips_show_text_and_run_nothing(
        hostile_site: Path, hostile_server: Server, browser: Any) -> None:
    """The audit's stored XSS: a source title in a citation's `title` ran script when
    hovered, because Material's tooltip inserts that attribute as HTML. Every element that
    carries data in an attribute is hovered and focused on every page that holds hostile
    text, and its tooltip must read as typed (or hold no data at all) while nothing runs.
    (A page without a single mark holds none of the attacks, so nothing of them can run
    there; the test above scans those pages too.)"""
    fields = all_fields()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    hovered = focused = tips_with_data = 0
    pages = [page_url(hostile_site, p) for p in html_pages(hostile_site)
             if mark("")[:1] in p.read_text(encoding="utf-8")]
    assert {"/", "/briefings/", "/briefings/sources/",
            *(f"/briefings/hostile-{group}/" for group in range(len(GROUPS)))} <= set(pages)

    def check(seen: dict[str, Any], where: str) -> None:
        nonlocal tips_with_data
        if seen["pwned"] is not None or seen["injected"]:
            problems.append(f"{where}: ran or injected: {seen}")
        for text in [t["text"] for t in seen["shown"]] + [seen["after"]]:
            if "\u27e6" not in text:
                continue
            tips_with_data += 1
            name = text[text.index("\u27e6") + 1: text.find("\u27e7")]
            if name in fields and not reads_as_typed(fields[name], text):
                problems.append(f"{where}: tooltip for {name} does not read as typed: "
                                f"{text[:200]!r}")

    try:
        page = context.new_page()
        for url in pages:
            page.goto(hostile_server.url + url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # Material mounts its tooltips after load
            boxed = page.evaluate(TOOLTIP_TARGETS)
            for i, has_box in enumerate(boxed):
                if has_box:  # the mouse, for real (CSS :hover and Material's listeners)
                    el = page.locator(f'[data-hover-probe="{i}"]')
                    el.hover(timeout=5_000, force=True)
                    hovered += 1
                    check(el.evaluate(TOOLTIP_TEXT, "hover"), f"{url} element {i} (hover)")
            page.mouse.move(0, 0)
            for i, seen in enumerate(page.evaluate(FOCUS_EACH, len(boxed))):
                focused += 1
                check(seen, f"{url} element {i} (focus)")
    finally:
        context.close()
    assert problems == [], "\n".join(problems[:20])
    assert hovered > 50 and tips_with_data > 10, (hovered, tips_with_data)
    print(f"\ntooltips: {hovered} hovers, {focused} focuses on {len(pages)} pages, "
          f"{tips_with_data} tooltips carrying data, {len(ATTACKS)} attacks per field")
