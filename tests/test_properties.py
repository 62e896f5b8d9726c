"""Property tests (hypothesis): whatever a briefing holds, the generator answers with a
validation error or a result, never a crash; numbers format and read back alike.

Random briefings are drawn in the shape of briefing/model.py (sources, facts with numbers,
dates and text in every unit, derived facts, claims, events, inline datasets, charts,
sections with references in prose), then mutated: a value swapped for one of another
type, a field dropped, an unknown one added. Each is written as YAML and run through
the pipeline in-process (pipeline.generate: validation, charts, editions, pages).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import tempfile
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from briefing import format as fmt
from briefing import pipeline
from briefing.errors import InputError
from devtools.projects import ROOT

IDS = ["a", "b", "c-1", "reserves", "world", "share"]
UNITS = ["t", "kt", "Mt", "t REO", "kt REO", "t/yr", "kt/yr", "Mt/yr", "t REO/yr", "%", "pp",
         "USD", "USD million", "USD billion", "count", "rank", "times", "tonnes", "", "%%"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ID = st.one_of(st.sampled_from(IDS), st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True))
PARTIAL_DATE = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.integers(1000, 9999),
    st.sampled_from(["2025-02", "2025-13", "2025-02-30", "2020/2023", "last year", ""]),
)
NUMBER = st.one_of(st.integers(-10**15, 10**15),
                   st.floats(allow_nan=True, allow_infinity=True, width=64))
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT, PARTIAL_DATE)
ANY = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(TEXT, inner, max_size=3)),
                   max_leaves=6)
PROSE = st.lists(st.one_of(
    TEXT,
    st.builds(lambda f, i: f'{{{{ {f}("{i}") }}}}',
              st.sampled_from(["fact", "value", "label", "claim", "source", "fakt"]),
              st.sampled_from(IDS)),
    st.sampled_from(["{{ 7*7 }}", "{% for x in y %}", "[x](javascript:y)", "<script>x</script>",
                     "\n\n- a\n- b\n\n", "{{", "}}", "{: .x }", "--8<-- \"x\""]),
), min_size=1, max_size=6).map(" ".join)


def source() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ID, "title": TEXT, "publisher": TEXT,
         "url": st.sampled_from(["https://example.org/a", "http://x.org", "javascript:x",
                                 "https://x.org/\"a"])},
        optional={"published": PARTIAL_DATE, "accessed": st.dates(), "note": TEXT})


def fact() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ID, "label": TEXT,
         "value": st.one_of(NUMBER, st.dates(), TEXT),
         "unit": st.sampled_from(UNITS), "as_of": PARTIAL_DATE, "source": ID},
        optional={"qualifier": st.sampled_from(["about", "more-than", "less-than", "x"]),
                  "precision": st.integers(-1, 8), "estimate": st.booleans(),
                  "confidence": st.sampled_from(["high", "medium", "low"]), "note": TEXT})


def derived() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ID, "label": TEXT, "unit": st.sampled_from(UNITS),
         "derive": st.fixed_dictionaries(
             {"op": st.sampled_from(["ratio", "share", "difference", "sum", "product"]),
              "of": st.lists(ID, min_size=1, max_size=4)})},
        optional={"precision": st.integers(0, 6)})


def claim() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ID, "speaker": TEXT, "date": PARTIAL_DATE, "words": TEXT,
         "form": st.sampled_from(["quote", "paraphrase"]), "source": ID,
         "verdict": st.sampled_from(["supported", "misleading", "false", "not-yet-checked",
                                     "maybe"]),
         "reasoning": PROSE},
        optional={"summary": TEXT, "evidence": st.lists(ID, max_size=3)})


def dataset_and_chart() -> st.SearchStrategy[tuple[dict[str, Any], dict[str, Any]]]:
    columns = [{"name": "country", "type": "text"}, {"name": "value", "type": "number"}]
    rows = st.lists(st.tuples(TEXT, st.one_of(NUMBER, TEXT, st.none())).map(list),
                    max_size=5)
    data = st.fixed_dictionaries({"id": st.just("table"), "title": TEXT, "source": ID,
                                  "columns": st.just(columns), "rows": rows})
    chart = st.fixed_dictionaries(
        {"id": st.just("chart"), "dataset": st.sampled_from(["table", "other"]),
         "kind": st.sampled_from(["ranked-bar", "time-series", "share-bar", "scatter"]),
         "title": TEXT, "x": st.sampled_from(["value", "country", "nope"]),
         "y": st.sampled_from(["country", "value"])},
        optional={"subtitle": TEXT, "highlight": st.fixed_dictionaries(
            {"column": st.just("country"), "value": TEXT})})
    return st.tuples(data, chart)


@st.composite
def briefings(draw: st.DrawFn) -> dict[str, Any]:
    b: dict[str, Any] = {
        "title": draw(TEXT),
        "edition": draw(st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), TEXT)),
        "bottom_line": draw(PROSE),
        "sources": draw(st.lists(source(), min_size=1, max_size=3)),
        "facts": draw(st.lists(fact(), max_size=4)),
    }
    if draw(st.booleans()):
        b["derived"] = draw(st.lists(derived(), max_size=2))
    if draw(st.booleans()):
        b["claims"] = draw(st.lists(claim(), max_size=2))
    if draw(st.booleans()):
        b["events"] = draw(st.lists(st.fixed_dictionaries(
            {"date": PARTIAL_DATE, "title": TEXT, "source": ID}), max_size=2))
    if draw(st.booleans()):
        data, chart = draw(dataset_and_chart())
        b["datasets"], b["charts"] = [data], [chart]
    if draw(st.booleans()):
        b["sections"] = draw(st.lists(st.fixed_dictionaries({"heading": TEXT, "body": PROSE}),
                                      max_size=2))
    b["key_figures"] = draw(st.lists(ID, max_size=3))
    b["topics"] = draw(st.lists(TEXT, max_size=2))
    # Mutations: a value of another type, a field gone, a field no one declared.
    for _ in range(draw(st.integers(0, 3))):
        path = draw(_paths(b))
        parent, key = _walk(b, path)
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            parent[key] = draw(ANY)
        elif action == "drop" and isinstance(parent, dict):
            parent.pop(key, None)
        elif isinstance(parent, dict):
            parent[draw(TEXT)] = draw(ANY)
    return b


# Briefings valid by construction, with any text in their text fields: the half of the
# draws that reaches rendering.
WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
                ).filter(lambda t: t.strip() != "")
# Text with no digits of any script: a clean briefing's own texts type no figures (the
# sourcing check refuses them; a figure comes from a fact).
PLAIN_WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Nd", "Nl", "No")),
                      min_size=1, max_size=40).filter(lambda t: t.strip() != "")
NUMERIC_UNITS = ["t", "kt", "Mt", "t REO", "%", "pp", "USD", "USD million", "count", "times"]


@st.composite
def clean_briefings(draw: st.DrawFn) -> dict[str, Any]:
    n_sources = draw(st.integers(1, 3))
    sources = [{"id": f"s{i}", "title": draw(PLAIN_WORDS), "publisher": draw(PLAIN_WORDS),
                "url": f"https://example.org/{i}"} for i in range(n_sources)]
    src = st.sampled_from([s["id"] for s in sources])
    facts = []
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["number", "number", "rank", "text", "date"]))
        f: dict[str, Any] = {"id": f"f{i}", "label": draw(PLAIN_WORDS), "as_of": draw(
            st.integers(1990, 2030)), "source": draw(src)}
        if kind == "number":
            f["value"] = draw(st.one_of(st.integers(-10**12, 10**12), st.floats(
                -1e12, 1e12, allow_nan=False), st.integers(), st.floats()))
            f["unit"] = draw(st.sampled_from(NUMERIC_UNITS))
            if draw(st.booleans()):
                f["precision"] = draw(st.integers(0, 6))
        elif kind == "rank":
            f["value"], f["unit"] = draw(st.integers(1, 200)), "rank"
        elif kind == "text":
            f["value"] = draw(PLAIN_WORDS)
        else:
            f["value"] = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
        facts.append(f)
    ids = [f["id"] for f in facts]
    ref = st.sampled_from(ids)
    prose = st.lists(st.one_of(PLAIN_WORDS, st.builds(
        lambda fn, i: f'{{{{ {fn}("{i}") }}}}', st.sampled_from(["fact", "value", "label"]),
        ref)), min_size=1, max_size=5).map(" ".join)
    b: dict[str, Any] = {
        "title": draw(PLAIN_WORDS),
        "edition": draw(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
        "bottom_line": draw(prose), "sources": sources, "facts": facts,
        "key_figures": draw(st.lists(ref, max_size=3, unique=True)),
        "topics": draw(st.lists(PLAIN_WORDS, max_size=3)),
    }
    if len(ids) >= 2 and draw(st.booleans()):
        b["derived"] = [{"id": "d0", "label": draw(PLAIN_WORDS), "unit": draw(st.sampled_from(
            ["%", "times", "t", "USD"])), "derive": {"op": draw(st.sampled_from(
                ["ratio", "share", "difference", "sum"])), "of": ids[:2]}}]
    if draw(st.booleans()):
        b["claims"] = [{"id": "c0", "speaker": draw(PLAIN_WORDS),
                        "date": draw(st.integers(1990, 2030)), "words": draw(PLAIN_WORDS),
                        "form": draw(st.sampled_from(["quote", "paraphrase"])),
                        "source": draw(src), "verdict": "misleading", "reasoning": draw(prose),
                        "evidence": draw(st.lists(ref, max_size=2))}]
    if draw(st.booleans()):
        b["events"] = [{"date": draw(st.integers(1990, 2030)), "title": draw(PLAIN_WORDS),
                        "source": draw(src)}]
    if draw(st.booleans()):
        rows = draw(st.lists(st.tuples(WORDS, st.one_of(st.integers(0, 10**9), st.floats(),
                                                        st.none())).map(list),
                             min_size=1, max_size=6))
        b["datasets"] = [{"id": "table", "title": draw(PLAIN_WORDS), "source": draw(src),
                          "columns": [{"name": "country", "type": "text"},
                                      {"name": "value", "type": "number"}], "rows": rows}]
        b["charts"] = [{"id": "chart", "kind": "ranked-bar", "dataset": "table",
                        "title": draw(PLAIN_WORDS), "x": "value", "y": "country"}]
    if draw(st.booleans()):
        b["sections"] = [{"heading": draw(PLAIN_WORDS), "body": draw(prose)}]
    return b




def _all_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    items = (node.items() if isinstance(node, dict)
             else enumerate(node) if isinstance(node, list) else ())
    for key, child in items:
        out += _all_paths(child, (*prefix, key))
    return out


def _paths(b: dict[str, Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.sampled_from(_all_paths(b))


def _walk(b: dict[str, Any], path: tuple[Any, ...]) -> tuple[Any, Any]:
    node: Any = b
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


def _write(b: dict[str, Any], folder: Path) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(b, out)
    (folder / "briefing.yaml").write_text(out.getvalue(), encoding="utf-8")


@contextlib.contextmanager
def _project_of(b: dict[str, Any]) -> Iterator[pipeline.Project]:
    """A project in a temporary folder whose one briefing, "random", is `b` written as
    YAML; the repository's templates, docs and mkdocs.yml."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = tmp / "data" / "briefings" / "random"
        folder.mkdir(parents=True)
        _write(b, folder)
        yield pipeline.Project(tmp, data_dir=tmp / "data", templates_dir=ROOT / "templates",
                               docs_dir=ROOT / "docs", site_dir=tmp / "site",
                               config_file=ROOT / "mkdocs.yml")


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(clean_briefings(), briefings()))
def test_any_briefing_validates_or_fails_with_a_validation_error(b: dict[str, Any]) -> None:
    with _project_of(b) as project:
        try:
            result = pipeline.generate(project)  # validate, charts, editions, pages
        except InputError as error:
            assert error.problems, "an InputError must carry its problems"
            for problem in error.problems:
                assert problem.file and problem.expected and problem.render()
            return
        assert any(p.path.endswith("random/index.md") for p in result.pages)


def test_random_briefings_reach_both_outcomes() -> None:
    """The generator above is not all noise: some briefings validate and some do not.
    Drawn here from the same strategy, and only validated (which decides the outcome), so
    that this test stands alone and can run on any worker, in any order."""
    outcomes = {"valid": 0, "invalid": 0}

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.one_of(clean_briefings(), briefings()))
    def tally(b: dict[str, Any]) -> None:
        with _project_of(b) as project:
            try:
                pipeline.validate(project)
            except InputError:
                outcomes["invalid"] += 1
            else:
                outcomes["valid"] += 1

    tally()
    assert outcomes["valid"] > 0 and outcomes["invalid"] > 0, outcomes


def _expected(value: float, precision: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-precision),
                                               rounding=ROUND_HALF_EVEN))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.one_of(st.integers(-10**12, 10**12),
                 st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)),
       st.integers(0, 6))
def test_plain_numbers_read_back_as_written(value: float, precision: int) -> None:
    text = fmt.format_number(value, precision, compact=False)
    assert fmt.parse_number(text) == _expected(value, precision)
    assert text.count(".") == (1 if precision else 0)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.one_of(st.integers(-999_999, 999_999),
                 st.floats(min_value=-999_999, max_value=999_999, allow_nan=False)))
def test_default_precision_reads_back(value: float) -> None:
    """Without a precision, a number below a million reads back within its shown digits,
    and compact formatting only starts at a million."""
    text = fmt.format_number(value)
    assert text == fmt.format_number(value, compact=False)
    decimals = len(text.split(".")[1]) if "." in text else 0
    assert math.isclose(fmt.parse_number(text), value, abs_tol=0.5 * 10**-decimals + 1e-9)


def _site_markdown() -> Any:
    """Python-Markdown with the extensions and settings mkdocs.yml enables, as MkDocs
    would build a page with them."""
    import markdown
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold `!!python/name:` tags for extension options; none matter here.
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if opts:
            options[name] = opts
    return markdown.Markdown(extensions=names, extension_configs=options)


_MD = None
# What a title or a heading may hold: every Markdown and HTML special character, letters,
# spaces, and a few that are special nowhere (so the test also sees plain text).
TYPED = st.lists(st.sampled_from([*"\\`*_{}[]()#+-.!|>~<&;'\"=:/ aZ0é", "&lt;", "&#60;"]),
                 min_size=1, max_size=30).map("".join).filter(
                     lambda t: t.strip() == t and bool(t))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TYPED)
def test_headings_show_every_character_as_typed(text: str) -> None:
    """md_escape'd text in a heading, rendered with the site's own Markdown extensions,
    reads back as typed: no backslash shows through (`\\~` was), nothing turns into markup,
    and the table of contents holds the same text."""
    import html as html_lib
    import re as re_lib

    from briefing.pages.markdown import md_escape

    global _MD
    if _MD is None:
        _MD = _site_markdown()
    _MD.reset()
    out = _MD.convert("## " + md_escape(text) + "\n")
    heading = re_lib.sub(r"<a class=\"headerlink\".*?</a>", "", out)
    match = re_lib.fullmatch(r"<h2 id=\"[^\"]*\">(.*)</h2>", heading, re_lib.DOTALL)
    assert match, out
    assert "<" not in match.group(1).replace("&lt;", ""), out  # no element was made
    assert html_lib.unescape(match.group(1)) == text, out
    toc = _MD.toc_tokens[0]["name"]  # type: ignore[attr-defined]
    # The table of contents collapses a run of spaces into one (as HTML shows either): the
    # examples drawn depend on this function's source, and a new one drew "\\  \\".
    assert html_lib.unescape(toc) == " ".join(text.split()), toc
