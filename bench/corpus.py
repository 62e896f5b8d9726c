"""A synthetic corpus for the benchmark: N briefings shaped like the example, deterministic.

Each briefing is written as an analyst would write it (YAML with comments-free plain
scalars, two tables as CSV beside it and one inline), valid against briefing/model.py
and briefing/resolve.py, with prose that cites its facts through {{ fact("id") }}.
The same (index, sizes) always gives the same bytes, so that runs compare and a
corpus of 50 is the first 50 briefings of a corpus of 800.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

# Words to build titles and prose from. Plain English, no digits: prose carries numbers
# only through fact references.
COUNTRIES = [
    "Argentina", "Australia", "Brazil", "Canada", "Chile", "China", "Congo", "Egypt",
    "Finland", "France", "Germany", "Ghana", "India", "Indonesia", "Japan", "Kazakhstan",
    "Kenya", "Malaysia", "Mexico", "Morocco", "Nigeria", "Norway", "Peru", "Poland",
    "Russia", "Saudi Arabia", "South Africa", "South Korea", "Spain", "Sweden", "Thailand",
    "Turkey", "Ukraine", "United Kingdom", "United States", "Vietnam", "Zambia",
    # Appended, not sorted in: 41 countries, prime to the 20 commodities, so no two of the
    # first 820 briefings share a country and a commodity (slug_of). With 37, briefing
    # 740 repeated briefing 0's "Argentina copper" and the query set's pages had twins on
    # the 800-briefing site, where search could not tell which one a reader meant.
    "Bolivia", "Mongolia", "Philippines", "Zimbabwe",
]
COMMODITIES = [
    "copper", "lithium", "nickel", "cobalt", "aluminium", "graphite", "zinc", "tin",
    "manganese", "bauxite", "uranium", "potash", "iron ore", "rare earths", "silver",
    "platinum", "tungsten", "gallium", "germanium", "antimony",
]
TOPICS = [
    "critical minerals", "sanctions and tariffs", "energy transition", "trade policy",
    "mining investment", "supply chains", "export controls", "industrial policy",
    "commodity prices", "state-owned enterprises", "processing capacity", "recycling",
]
PUBLISHERS = [
    ("U.S. Geological Survey", "https://pubs.usgs.gov/periodicals/mcs{year}/{slug}.pdf"),
    ("International Energy Agency", "https://www.iea.org/reports/{slug}-{year}"),
    ("Reuters", "https://www.reuters.com/markets/commodities/{slug}-{year}/"),
    ("World Bank", "https://www.worldbank.org/en/research/commodity-markets/{slug}"),
    ("European Commission", "https://single-market-economy.ec.europa.eu/{slug}-{year}"),
    ("UN Comtrade", "https://comtradeplus.un.org/TradeFlow/{slug}"),
    ("Financial Times", "https://www.ft.com/content/{slug}-{year}"),
    ("Ministry of Natural Resources", "https://www.mnr.gov.example/en/news/{slug}"),
]
SPEAKERS = [
    "the trade minister", "the company's chief executive", "a government spokesperson",
    "the industry association", "an opposition senator", "the central bank governor",
    "a Reuters background note", "the energy secretary",
]
VERDICTS = ["supported", "partly-supported", "misleading", "outdated", "unsupported",
            "not-yet-checked"]
VERBS = ["rose to", "stood at", "fell to", "reached", "amounted to", "came to"]
OPENERS = [
    "The official figures tell a plainer story.",
    "Set against the rest of the market, the picture changes.",
    "The numbers behind the announcement are smaller than the headlines suggest.",
    "Much depends on which edition of the statistics one reads.",
    "The trade data point the same way.",
    "Industry sources describe a slower pace than the government does.",
]
CLOSERS = [
    "Neither figure settles the question of who will process the ore.",
    "Analysts expect the next statistical release to revise these numbers.",
    "The gap between reserves and output is the point that matters.",
    "Shipping routes and tariffs, not geology, decide where the metal goes.",
    "The government has not published the underlying contracts.",
    "Prices have since moved, but the volumes have barely changed.",
]
SUBJECTS = ["output", "trade", "policy", "prices", "reserves"]
ACTIONS = ["announces new quotas on", "signs a supply deal for", "raises tariffs on",
           "opens a refinery for", "bans exports of"]
CONNECTORS = ["Meanwhile,", "By comparison,", "Over the same period,", "In contrast,",
              "At the same time,", "Even so,"]

# What a fact measures → (unit, low, high, decimals): values of a realistic magnitude.
MEASURES = [
    ("output", "kt/yr", 5, 90_000, 0), ("exports", "kt/yr", 1, 40_000, 0),
    ("imports", "kt/yr", 1, 30_000, 0), ("reserves", "t", 5_000, 50_000_000, 0),
    ("smelter capacity", "kt/yr", 10, 60_000, 0), ("share of world output", "%", 0.1, 70, 1),
    ("mining investment", "USD million", 20, 9_000, 0), ("mines in operation", "count", 1, 300, 0),
    ("stockpiles", "kt", 1, 5_000, 0), ("export tariff", "%", 1, 40, 1),
]


@dataclass(frozen=True)
class Sizes:
    facts: int = 30
    claims: int = 5
    events: int = 10
    datasets: int = 3
    charts: int = 3
    sections: int = 4


def slug_of(index: int) -> str:
    commodity = COMMODITIES[index % len(COMMODITIES)].replace(" ", "-")
    country = COUNTRIES[(index * 7) % len(COUNTRIES)].lower().replace(" ", "-")
    return f"b{index:04d}-{country}-{commodity}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def _block(text: str, indent: int) -> str:
    """A literal block scalar, `|` then the text indented."""
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.splitlines())


def _wrap(words: str, width: int = 92) -> str:
    """Prose wrapped as an analyst's editor would; {{ ... }} references never split."""
    tokens = re.findall(r"\{\{[^}]*\}\}[^\s]*|\S+", words)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and len(line) + 1 + len(token) > width:
            lines.append(line)
            line = token
        else:
            line = f"{line} {token}" if line else token
    if line:
        lines.append(line)
    return "\n".join(lines)


def _value(rng: random.Random, low: float, high: float, decimals: int) -> float | int:
    raw = low * (high / low) ** rng.random()  # log-uniform: magnitudes vary as in real data
    return round(raw, decimals) if decimals else round(raw)


def briefing_files(index: int, sizes: Sizes = Sizes()) -> dict[str, str]:
    """The files of briefing number `index`: briefing.yaml and its CSV tables."""
    rng = random.Random(index * 7919 + 17)
    slug = slug_of(index)
    commodity = COMMODITIES[index % len(COMMODITIES)]
    country = COUNTRIES[(index * 7) % len(COUNTRIES)]
    edition = dt.date(2024, 1, 1) + dt.timedelta(days=(index * 37) % 900)
    topics = sorted({TOPICS[index % len(TOPICS)], TOPICS[(index * 5 + 3) % len(TOPICS)],
                     commodity})

    # Sources: five of the briefing's own, three from a pool shared across briefings, so
    # that the site-wide sources page merges entries as it does for real corpora.
    sources = []
    for k in range(8):
        shared = k >= 5
        pub_i = (index + k) % len(PUBLISHERS) if not shared else (index * 3 + k) % 40 % 8
        publisher, pattern = PUBLISHERS[pub_i]
        if shared:
            ident = f"shared-{(index * 3 + k) % 40:02d}"
            words = f"{COMMODITIES[(index * 3 + k) % 40 % len(COMMODITIES)]} market review"
            year = 2020 + (index * 3 + k) % 40 % 5
        else:
            ident = f"src-{k}"
            words = f"{country} {commodity} {SUBJECTS[k]}"
            year = 2019 + (index + k) % 6
        url_slug = re.sub(r"[^a-z0-9]+", "-", f"{words} {slug if not shared else ''}".lower())
        sources.append({
            "id": ident,
            "title": f"{words.capitalize()}, {'annual' if k % 2 else 'quarterly'} report {year}",
            "publisher": publisher,
            "url": pattern.format(year=year, slug=url_slug.strip("-")),
            "published": f"{year}-{(k % 12) + 1:02d}",
            "accessed": (edition - dt.timedelta(days=k + 1)).isoformat(),
            "note": f"{publisher} figures for {commodity}; definitions follow the publisher's "
                    "own methodology notes.",
        })
    source_ids = [s["id"] for s in sources]

    facts = []
    for k in range(sizes.facts):
        what, unit, low, high, dec = MEASURES[(index + k) % len(MEASURES)]
        who = COUNTRIES[(index + k * 3) % len(COUNTRIES)]
        year = 2015 + (k + index) % 11
        facts.append({
            "id": f"f{k:02d}-{re.sub(r'[^a-z]+', '-', f'{who} {what}'.lower()).strip('-')}",
            "label": f"{who}'s {commodity} {what}, {year}",
            "value": _value(rng, low, high, dec),
            "unit": unit,
            "as_of": year,
            "source": source_ids[k % len(source_ids)],
            "note": None if k % 3 else f"Estimate published with the {year + 1} edition.",
            "estimate": k % 4 == 0,
            "confidence": ["high", "high", "medium", "low"][k % 4] if k % 5 else "high",
        })
    fact_ids = [f["id"] for f in facts]
    percent_ids = [f["id"] for f in facts if f["unit"] == "%"]

    def cite(n: int, offset: int) -> list[str]:
        return [fact_ids[(offset + j * 5) % len(fact_ids)] for j in range(n)]

    def sentence(fid: str, j: int) -> str:
        label = next(f["label"] for f in facts if f["id"] == fid).split(",")[0]
        verb = VERBS[(j + index) % len(VERBS)]
        return f"{label[0].upper()}{label[1:]} {verb} {{{{ fact(\"{fid}\") }}}}."

    def paragraph(offset: int, n: int) -> str:
        ids = cite(n, offset)
        parts = [OPENERS[(offset + index) % len(OPENERS)]]
        for j, fid in enumerate(ids):
            if j:
                parts.append(CONNECTORS[(j + offset) % len(CONNECTORS)])
            parts.append(sentence(fid, j + offset))
        parts.append(CLOSERS[(offset * 3 + index) % len(CLOSERS)])
        return " ".join(parts)

    derived = []
    if len(fact_ids) >= 4:
        # Two derived figures: a share and a ratio between facts of the same unit family.
        same = [f for f in facts if f["unit"] == facts[0]["unit"]]
        if len(same) >= 2:
            derived.append({"id": "d-share", "label": f"{same[0]['label']} as a share of "
                            f"{same[1]['label']}", "op": "share",
                            "of": [same[0]["id"], same[1]["id"]], "unit": "%", "precision": 1})
            derived.append({"id": "d-ratio", "label": f"{same[1]['label']} as a multiple of "
                            f"{same[0]['label']}", "op": "ratio",
                            "of": [same[1]["id"], same[0]["id"]], "unit": "times",
                            "precision": 1})

    claims = []
    for k in range(sizes.claims):
        evidence = cite(3, 11 + k * 2)
        claims.append({
            "id": f"claim-{k}",
            "speaker": SPEAKERS[(index + k) % len(SPEAKERS)].capitalize(),
            "date": (edition - dt.timedelta(days=30 * (k + 1))).isoformat(),
            "words": f"{country} will become the world's leading supplier of {commodity} "
                     f"within a few years{', whatever the tariffs' if k % 2 else ''}",
            "form": "quote" if k % 2 else "paraphrase",
            "source": source_ids[(k + 2) % len(source_ids)],
            "verdict": VERDICTS[(index + k) % len(VERDICTS)],
            "summary": "Output is growing, but from a small base" if k % 2 else
                       "The claim rests on reserves, not production",
            "reasoning": _wrap(paragraph(20 + k, 3)) + "\n\n" + _wrap(paragraph(40 + k, 2)),
            "evidence": evidence,
        })

    events = []
    for k in range(sizes.events):
        day = edition - dt.timedelta(days=45 * (sizes.events - k))
        events.append({
            "id": f"ev-{k}",
            "date": day.isoformat() if k % 3 else day.strftime("%Y-%m"),
            "title": f"{COUNTRIES[(index + k * 5) % len(COUNTRIES)]} {ACTIONS[k % 5]} "
                     f"{commodity}",
            "source": source_ids[k % len(source_ids)],
            "detail": None if k % 2 else "Reported the same day by several wire services.",
        })

    # Datasets: a ranking by country (CSV), a yearly series (CSV), shares (inline).
    files: dict[str, str] = {}
    datasets_yaml: list[str] = []
    charts_yaml: list[str] = []
    names = sorted({COUNTRIES[(index + j * 3) % len(COUNTRIES)] for j in range(12)})
    for d in range(sizes.datasets):
        kind = d % 3
        ident = f"data-{d}"
        src = source_ids[(d + 1) % len(source_ids)]
        if kind == 0:
            unit = "kt"
            rows = [(n, _value(rng, 10, 50_000, 0)) for n in names]
            csv_name = f"ranking-{d}.csv"
            files[csv_name] = "country,production\n" + "".join(
                f"{n},{v}\n" for n, v in rows)
            title = f"{commodity.capitalize()} production by country"
            datasets_yaml.append(
                f"  - id: {ident}\n    title: {_q(title)}\n"
                f"    source: {src}\n    csv: {csv_name}\n    columns:\n"
                f"      - {{name: country, type: text}}\n"
                f"      - {{name: production, type: number, unit: kt}}\n")
            chart = (f"  - id: chart-{d}\n    kind: ranked-bar\n    dataset: {ident}\n"
                     f"    title: {_q(f'{country} ranks among the larger producers')}\n"
                     f"    subtitle: {_q(f'{commodity.capitalize()} output, thousand tonnes')}\n"
                     f"    x: production\n    y: country\n")
            if country in names:
                chart += f"    highlight: {{column: country, value: {_q(country)}}}\n"
        elif kind == 1:
            years = list(range(2010, 2025))
            level = _value(rng, 100, 20_000, 0)
            rows2 = []
            for y in years:
                level = max(1, int(level * (0.9 + rng.random() * 0.25)))
                rows2.append((y, "" if y == 2016 and index % 4 == 0 else level))
            csv_name = f"series-{d}.csv"
            files[csv_name] = "year,exports\n" + "".join(f"{y},{v}\n" for y, v in rows2)
            datasets_yaml.append(
                f"  - id: {ident}\n    title: {_q(f'{country} {commodity} exports by year')}\n"
                f"    source: {src}\n    csv: {csv_name}\n    columns:\n"
                f"      - {{name: year, type: year}}\n"
                f"      - {{name: exports, type: number, unit: kt}}\n")
            chart = (f"  - id: chart-{d}\n    kind: time-series\n    dataset: {ident}\n"
                     f"    title: {_q(f'{country} exports of {commodity}')}\n"
                     f"    subtitle: Thousand tonnes a year\n    x: year\n    y: exports\n")
        else:
            shares = [rng.randint(3, 40) for _ in range(6)]
            parts = ", ".join(f"[{_q(n)}, {s}]" for n, s in zip(names[:6], shares, strict=True))
            datasets_yaml.append(
                f"  - id: {ident}\n    title: {_q(f'Where {commodity} imports come from')}\n"
                f"    source: {src}\n    columns:\n"
                f"      - {{name: origin, type: text}}\n"
                f"      - {{name: share, type: number, unit: \"%\"}}\n"
                f"    rows: [{parts}]\n")
            chart = (f"  - id: chart-{d}\n    kind: share-bar\n    dataset: {ident}\n"
                     f"    title: {_q(f'Imports of {commodity} by origin')}\n"
                     f"    subtitle: Share of the total, per cent\n    x: share\n    y: origin\n")
        if d < sizes.charts:
            charts_yaml.append(chart)

    sections = []
    for k in range(sizes.sections):
        body = "\n\n".join(_wrap(paragraph(k * 7 + p * 3, 3 + (p + k) % 3)) for p in range(3))
        sections.append((["What was announced", "The numbers behind it", "Who buys it",
                          "What to watch", "Background", "Prices"][k % 6], body))

    key_figures = (percent_ids[:2] + [i for i in fact_ids if i not in percent_ids])[:6]
    bottom = _wrap(f"{country} says it will expand {commodity} supply. " + paragraph(3, 3))

    out = [f"title: {_q(f'{country} and the {commodity} market: what the figures show')}",
           f"edition: {edition.isoformat()}",
           f"status: {['developing', 'stable', 'closed'][index % 3]}",
           "topics:", *[f"  - {_q(t)}" for t in topics],
           f"bottom_line: {_block(bottom, 2)}", "",
           "key_figures:", *[f"  - {i}" for i in key_figures], "",
           "sources:"]
    for s in sources:
        out += [f"  - id: {s['id']}", f"    title: {_q(s['title'])}",
                f"    publisher: {_q(s['publisher'])}", f"    url: {s['url']}",
                f"    published: {s['published']}", f"    accessed: {s['accessed']}",
                f"    note: {_q(s['note'])}"]
    out += ["", "facts:"]
    for f in facts:
        out += [f"  - id: {f['id']}", f"    label: {_q(f['label'])}", f"    value: {f['value']}",
                f"    unit: {_q(f['unit'])}", f"    as_of: {f['as_of']}",
                f"    source: {f['source']}", f"    confidence: {f['confidence']}"]
        if f["estimate"]:
            out.append("    estimate: true")
        if f["note"]:
            out.append(f"    note: {_q(f['note'])}")
    if derived:
        out += ["", "derived:"]
        for d in derived:
            out += [f"  - id: {d['id']}", f"    label: {_q(d['label'])}",
                    f"    derive: {{op: {d['op']}, of: [{', '.join(d['of'])}]}}",
                    f"    unit: {_q(d['unit'])}", f"    precision: {d['precision']}"]
    out += ["", "claims:"]
    for c in claims:
        out += [f"  - id: {c['id']}", f"    speaker: {_q(c['speaker'])}", f"    date: {c['date']}",
                f"    words: {_q(c['words'])}", f"    form: {c['form']}",
                f"    source: {c['source']}", f"    verdict: {c['verdict']}",
                f"    summary: {_q(c['summary'])}", f"    reasoning: {_block(c['reasoning'], 6)}",
                "    evidence:", *[f"      - {e}" for e in c["evidence"]]]
    out += ["", "events:"]
    for e in events:
        out += [f"  - id: {e['id']}", f"    date: {e['date']}", f"    title: {_q(e['title'])}",
                f"    source: {e['source']}"]
        if e["detail"]:
            out.append(f"    detail: {_q(e['detail'])}")
    out += ["", "datasets:"]
    text = "\n".join(out) + "\n" + "".join(datasets_yaml)
    if charts_yaml:
        text += "\ncharts:\n" + "".join(charts_yaml)
    text += "\nsections:\n"
    for heading, body in sections:
        text += f"  - heading: {_q(heading)}\n    body: {_block(body, 6)}\n"
    files["briefing.yaml"] = text
    return files


def write_corpus(data_dir: Path, count: int, sizes: Sizes = Sizes()) -> list[str]:
    """data_dir/briefings/<slug>/… for briefings 0..count-1; returns the slugs."""
    slugs = []
    for index in range(count):
        folder = data_dir / "briefings" / slug_of(index)
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in briefing_files(index, sizes).items():
            (folder / name).write_text(text, encoding="utf-8")
        slugs.append(slug_of(index))
    return slugs


def edit_one_fact(data_dir: Path, index: int = 0, step: int = 1) -> str:
    """Change the value of the first fact of briefing `index`, as an analyst's edit would.
    Returns the fact's id. Each step gives a different value, so repeated edits all count."""
    path = data_dir / "briefings" / slug_of(index) / "briefing.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^facts:\n  - id: (\S+)\n(?:    .*\n)*?    value: (\S+)\n", text, re.M)
    if match is None:
        raise ValueError(f"no fact found in {path}")
    value = float(match.group(2))
    new = int(value) + step if value.is_integer() else round(value + step / 10, 1)
    start, end = match.span(2)
    path.write_text(text[:start] + str(new) + text[end:], encoding="utf-8")
    return match.group(1)


def edit_one_charted_value(data_dir: Path, index: int = 0, step: int = 1) -> str:
    """Change the first country's production in briefing `index`'s ranking-0.csv, a value
    its first chart draws: a publish after this edit must render that chart again, and no
    other. Returns the CSV's name."""
    path = data_dir / "briefings" / slug_of(index) / "ranking-0.csv"
    header, first, *rest = path.read_text(encoding="utf-8").splitlines()
    name, value = first.rsplit(",", 1)
    path.write_text("\n".join([header, f"{name},{int(value) + step}", *rest]) + "\n",
                    encoding="utf-8")
    return path.name
