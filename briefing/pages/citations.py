"""Machine-readable citations of a briefing edition and of each of its sources, for reference
managers: BibTeX (cite.bib), CSL-JSON (cite.json) and RIS (cite.ris), written beside the
briefing page. The first entry of each file is the edition; the others are its sources.

Values come from data, so each format's own escapes are applied here: braces and TeX
specials in BibTeX, line breaks (which end a RIS tag) in RIS. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from ..check.resolved import ResolvedBriefing

CITE_FILES = {"bib": "cite.bib", "json": "cite.json", "ris": "cite.ris"}


@dataclass(frozen=True)
class Entry:
    """One work to cite, as the three formats need it."""

    key: str
    kind: str  # "edition" or "source"
    title: str
    publisher: str
    url: str | None
    issued: tuple[int, ...]  # (year,), (year, month) or (year, month, day); () unknown
    accessed: dt.date | None
    note: str | None = None
    # Where a source appeared, for print and broadcast (a source may have no address).
    container: str | None = None  # the newspaper, journal or channel
    programme: str | None = None
    section: str | None = None
    pages: str | None = None

    @property
    def medium(self) -> str:
        """What kind of work a source is: "web" (it has an address, or nothing says
        otherwise), "print" (it names a publication or page) or "broadcast" (a programme)."""
        if self.kind == "edition" or self.url:
            return "web"
        return "broadcast" if self.programme else "print"


def date_parts(value: object) -> tuple[int, ...]:
    """A partial date (a date, a year, "2025", "2025-03", "2025-03-04") as its numbers."""
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    if isinstance(value, int):
        return (value,)
    if isinstance(value, str):
        found = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
        if found:
            return tuple(int(p) for p in found.groups() if p)
    return ()


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "entry"


def entries(rb: ResolvedBriefing, site_name: str, edition: dt.date,
            url: str | None) -> list[Entry]:
    """The edition, then each source of the briefing in the order the page lists them."""
    b = rb.briefing
    out = [Entry(_key(f"{rb.slug}-{edition.isoformat()}"), "edition", b.title, site_name, url,
                 date_parts(edition), None, f"Edition of {edition.isoformat()}")]
    for s in rb.sources.values():
        link = str(s.url) if getattr(s, "url", None) else None  # a source may have no address
        out.append(Entry(_key(f"{rb.slug}-{s.id}"), "source", s.title, s.publisher, link,
                         date_parts(s.published), s.accessed, container=s.publication,
                         programme=s.programme, section=s.section, pages=s.page))
    return out


_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
        "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _tex(text: str) -> str:
    """Text for a BibTeX field in braces: specials escaped, on one line."""
    return "".join(_TEX.get(ch, ch) for ch in " ".join(str(text).split()))


def _url_field(url: str) -> str:
    # A URL is read verbatim by biblatex; only braces (which would end the field) and a
    # backslash are a problem, and a valid web address has neither unescaped.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


# biblatex entry types: a web page, a print article in a named publication, other works.
_BIB_TYPE = {"web": "online", "print": "article", "broadcast": "misc"}


def bibtex(items: list[Entry]) -> str:
    blocks = []
    for e in items:
        fields = [("title", "{" + _tex(e.title) + "}"),  # inner braces keep its capitals
                  ("organization" if e.kind == "edition" else "publisher", _tex(e.publisher))]
        if e.container:
            fields.append(("journaltitle", _tex(e.container)))
        if e.programme:
            fields.append(("howpublished", _tex(e.programme)))
        if e.section:
            fields.append(("note", _tex(f"Section: {e.section}")))
        if e.pages:
            fields.append(("pages", _tex(e.pages)))
        if e.issued:
            fields.append(("year", str(e.issued[0])))
            fields.append(("date", "-".join(f"{p:02d}" if i else str(p)
                                            for i, p in enumerate(e.issued))))
        if e.url:
            fields.append(("url", _url_field(e.url)))
        if e.accessed:
            fields.append(("urldate", e.accessed.isoformat()))
        if e.note:
            fields.append(("note", _tex(e.note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        blocks.append(f"@{_BIB_TYPE[e.medium]}{{{e.key},\n{body}\n}}\n")
    return "\n".join(blocks)


def _csl_date(parts: tuple[int, ...]) -> dict[str, list[list[int]]]:
    return {"date-parts": [list(parts)]}


def csl_item(e: Entry) -> dict[str, object]:
    kind = {"web": "webpage", "print": "article-newspaper", "broadcast": "broadcast"}[e.medium]
    item: dict[str, object] = {"id": e.key, "type": "report" if e.kind == "edition" else
                               kind, "title": e.title, "publisher": e.publisher}
    if e.url:
        item["URL"] = e.url
    if e.container or e.programme:
        item["container-title"] = e.container or e.programme
    if e.section:
        item["section"] = e.section
    if e.pages:
        item["page"] = e.pages
    if e.issued:
        item["issued"] = _csl_date(e.issued)
    if e.accessed:
        item["accessed"] = _csl_date(date_parts(e.accessed))
    if e.note:
        item["note"] = e.note
    return item


def csl_json(items: list[Entry]) -> str:
    return json.dumps([csl_item(e) for e in items], indent=1, ensure_ascii=False) + "\n"


def _ris_value(text: str) -> str:
    return " ".join(str(text).split())  # a line break would end the tag


def ris(items: list[Entry]) -> str:
    lines: list[str] = []
    for e in items:
        kind = {"web": "ELEC", "print": "NEWS", "broadcast": "GEN"}[e.medium]
        lines.append("TY  - " + ("RPRT" if e.kind == "edition" else kind))
        lines.append(f"ID  - {e.key}")
        lines.append(f"TI  - {_ris_value(e.title)}")
        lines.append(f"PB  - {_ris_value(e.publisher)}")
        if e.issued:
            lines.append(f"PY  - {e.issued[0]}")
            parts = [f"{p:02d}" if i else str(p) for i, p in enumerate(e.issued)]
            lines.append("DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/")
        if e.container or e.programme:
            lines.append(f"T2  - {_ris_value(e.container or e.programme or '')}")
        if e.section:
            lines.append(f"SE  - {_ris_value(e.section)}")
        if e.pages:
            lines.append(f"SP  - {_ris_value(e.pages)}")
        if e.url:
            lines.append(f"UR  - {_ris_value(e.url)}")
        if e.accessed:
            lines.append(f"Y2  - {e.accessed.strftime('%Y/%m/%d')}/")
        if e.note:
            lines.append(f"N1  - {_ris_value(e.note)}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def citation_files(items: list[Entry]) -> dict[str, bytes]:
    """File name (beside the page) → bytes, for each format."""
    return {CITE_FILES["bib"]: bibtex(items).encode(),
            CITE_FILES["json"]: csl_json(items).encode(),
            CITE_FILES["ris"]: ris(items).encode()}
