"""Structured data (schema.org JSON-LD) for a briefing page: the briefing as a `Report`, a
`ClaimReview` per checked claim and a `Dataset` per dataset, for search engines and
fact-check aggregators.

Rating scale of a ClaimReview (`reviewRating.ratingValue`, worst 1, best 5): false 1,
misleading 2, unsupported 2, outdated 3, partly supported 4, supported 5. A claim that is
not a statement of fact that evidence can settle today (an opinion, a prediction, a
commitment) or that is not yet checked has a rating with its label only (`alternateName`)
and no value: a number would rank an opinion as more or less true, which it is not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..check.resolved import ResolvedBriefing
from ..fields import VERDICT_TEXT
from ..model import Source

RATING = {"false": 1, "misleading": 2, "unsupported": 2, "outdated": 3,
          "partly-supported": 4, "supported": 5}
# Every other verdict of fields.VERDICTS (opinion, prediction, commitment, not yet checked)
# has no truth rating: a verdict added there is unrated until it is given a place here.
# A speaker is an Organization when its name says so, else a Person: the data does not say
# which, and these words name institutions, not people.
_ORG_WORDS = re.compile(
    r"\b(ministry|department|government|agency|office|council|commission|bank|committee|"
    r"administration|institute|association|federation|union|corporation|company|inc|ltd|"
    r"llc|group|ministries|kremlin|white house|parliament|senate|congress|embassy|service|"
    r"survey|bureau|organi[sz]ation|authority|party|press|news|agency|fund)\b", re.I)


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _work(source: Source) -> dict[str, Any]:
    """A source as a CreativeWork: its address, or for print and broadcast (no address) its
    date, publisher and where it appeared, which identify it instead."""
    if source.url:
        return {"@type": "CreativeWork", "url": str(source.url), "name": source.title}
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title,
                            "publisher": {"@type": "Organization", "name": source.publisher}}
    if source.published is not None:
        work["datePublished"] = _date(source.published)
    if source.publication or source.programme:
        work["isPartOf"] = {"@type": "CreativeWork",
                            "name": source.publication or source.programme}
    if source.page:
        work["pagination"] = source.page
    return work


def speaker(name: str) -> dict[str, str]:
    return {"@type": "Organization" if _ORG_WORDS.search(name) else "Person", "name": name}


def graph(rb: ResolvedBriefing, *, site_name: str, page_url: str, published: dt.date,
          modified: dt.date, description: str, image: str | None,
          data_urls: dict[str, str]) -> list[dict[str, Any]]:
    """The JSON-LD objects of one briefing page. `data_urls`: dataset id → its CSV's URL."""
    b = rb.briefing
    publisher = {"@type": "Organization", "name": site_name}
    report: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Report", "headline": b.title,
        "name": b.title, "description": description, "url": page_url,
        "datePublished": published.isoformat(), "dateModified": modified.isoformat(),
        "publisher": publisher, "author": publisher, "inLanguage": "en",
        "keywords": list(b.topics), "creativeWorkStatus": b.status,
    }
    if image:
        report["image"] = image
    out: list[dict[str, Any]] = [report]
    for c in rb.claims.values():
        source = rb.sources[c.source]
        claim: dict[str, Any] = {"@type": "Claim", "author": speaker(c.speaker),
                                 "datePublished": _date(c.date)}
        claim["appearance"] = _work(source)
        rating: dict[str, Any] = {"@type": "Rating", "alternateName": VERDICT_TEXT[c.verdict]}
        if c.verdict in RATING:
            rating.update(ratingValue=RATING[c.verdict], worstRating=1, bestRating=5)
        out.append({
            "@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"{page_url}#claim-{c.id}", "claimReviewed": c.words,
            "reviewRating": rating, "itemReviewed": claim, "author": publisher,
            "datePublished": modified.isoformat(),
        })
    for d in rb.datasets.values():
        source = rb.sources[d.source]
        dataset: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Dataset", "name": d.title,
            "description": d.note or f"{d.title}, from {source.publisher}: {source.title}.",
            "url": f"{page_url}#data-{d.id}", "creator": {"@type": "Organization",
                                                         "name": source.publisher},
            "variableMeasured": [c.label or c.name for c in d.columns],
            "distribution": [{"@type": "DataDownload", "encodingFormat": "text/csv",
                              "contentUrl": data_urls[d.id]}],
        }
        dataset["isBasedOn"] = str(source.url) if source.url else _work(source)
        out.append(dataset)
    return out


def script(objects: list[dict[str, Any]]) -> str:
    """The objects in a <script type="application/ld+json">, safe inside the element: no
    `<` (so no `</script>`), `>` or `&` in its text, each written as a JSON escape."""
    text = json.dumps(objects, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
