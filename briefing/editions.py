"""Editions: a snapshot per edition, what changed since the previous one, publishing with mike.

An edition is the whole site as of one date. mike freezes it on the gh-pages branch
under `<date>/` and copies the newest to `latest/`. Each edition carries its data
(`briefings/facts.json`, written by pages.py) and a record of what changed since the
edition before it (`briefings/changes.json`, written here). The next edition reads
both back from the branch: the snapshot to compare with, and the records of every
past edition for the archive page and the Atom feed.

Nothing here takes a date from the clock: every date shown comes from an edition.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import format as fmt
from .check.resolved import ResolvedBriefing
from .errors import BuildError
from .model import VERDICT_TEXT
from .pages import GENERATED_DIR, Page, _environment, facts_json

FACTS_FILE = f"{GENERATED_DIR}/facts.json"  # as pages.py writes it, relative to docs/
CHANGES_FILE = f"{GENERATED_DIR}/changes.json"
FEED_FILE = f"{GENERATED_DIR}/feed.xml"
CHANGES_FORMAT = "briefing-changes/1"
FEED_LIMIT = 50  # feed readers need the recent editions; the archive page lists them all
ATOM = "http://www.w3.org/2005/Atom"


class EditionError(Exception):
    """A request about editions that cannot be met as asked: the command line must change.

    Raised before anything is written, so the message can promise that gh-pages,
    docs/briefings/ and site/ were left as they were.
    """


class DeployError(BuildError):
    """mike or git failed after the build; the message says where gh-pages stands."""


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SiteSettings:
    """What editions need from mkdocs.yml; mike reads the same keys."""

    site_name: str = "Briefings"
    site_url: str = ""  # with a trailing slash, or "" when unset
    branch: str = "gh-pages"
    remote: str = "origin"
    default_alias: str = "latest"

    @classmethod
    def read(cls, config_file: Path) -> SiteSettings:
        from mkdocs.utils.yaml import yaml_load  # same loader as MkDocs: !ENV, INHERIT

        try:
            with open(config_file, "rb") as f:
                cfg = yaml_load(f) or {}
        except OSError:
            return cls()
        url = str(cfg.get("site_url") or "")
        if url and not url.endswith("/"):
            url += "/"
        version = (cfg.get("extra") or {}).get("version") or {}
        default = version.get("default") if isinstance(version, dict) else None
        return cls(
            site_name=str(cfg.get("site_name") or cls.site_name),
            site_url=url,
            branch=str(cfg.get("remote_branch") or cls.branch),
            remote=str(cfg.get("remote_name") or cls.remote),
            default_alias=default if isinstance(default, str) and default else "latest",
        )


# --------------------------------------------------------------------------- the branch


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = ["git", "-C", str(root), *args]
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:  # no git installed: nothing can have been published from here
        return subprocess.CompletedProcess(cmd, 127, b"", b"git: command not found")


def _rev(root: Path, ref: str) -> str | None:
    proc = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


def parse_edition(name: str) -> dt.date | None:
    """A version on gh-pages that names an edition (an ISO date); None for anything else."""
    try:
        return dt.date.fromisoformat(name) if len(name) == 10 else None
    except ValueError:
        return None


@dataclass
class Branch:
    """A read-only view of the published branch (gh-pages), as mike will see it.

    `ref` is the commit to read: the local branch, or the remote-tracking one when
    the local branch is missing or behind it (mike fast-forwards to it before
    committing, so that is what the new edition will sit on).
    """

    root: Path
    name: str
    ref: str | None
    versions: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def open(cls, root: Path, name: str = "gh-pages", remote: str = "origin") -> Branch:
        local = _rev(root, f"refs/heads/{name}")
        tracking = _rev(root, f"refs/remotes/{remote}/{name}")
        ref = local or tracking
        if local and tracking and local != tracking:
            behind = _git(root, "merge-base", "--is-ancestor", local, tracking).returncode == 0
            ref = tracking if behind else local
        branch = cls(root, name, ref)
        raw = branch.read("versions.json")
        if raw:
            try:
                data = json.loads(raw)
                branch.versions = [v for v in data if isinstance(v, dict) and "version" in v]
            except (ValueError, TypeError):
                branch.versions = []
        return branch

    def read(self, path: str) -> bytes | None:
        return self.read_many([path]).get(path)

    def read_many(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        """Several files in one `git cat-file --batch` (one process, not one per edition)."""
        paths = list(paths)
        out: dict[str, bytes | None] = dict.fromkeys(paths)
        if self.ref is None or not paths:
            return out
        query = "".join(f"{self.ref}:{p}\n" for p in paths).encode()
        proc = _git(self.root, "cat-file", "--batch", stdin=query)
        data, pos = proc.stdout, 0
        for path in paths:
            end = data.find(b"\n", pos)
            if end < 0:
                break
            header = data[pos:end].split()
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                out[path] = data[pos:pos + size]
                pos += size + 1  # the content is followed by a newline
            elif len(header) == 3:  # a tree or a commit: skip its bytes
                pos += int(header[2]) + 1
        return out

    def editions(self) -> dict[dt.date, list[str]]:
        """Published editions (versions named by a date) with their aliases."""
        out: dict[dt.date, list[str]] = {}
        for v in self.versions:
            date = parse_edition(str(v["version"]))
            if date is not None:
                out[date] = sorted(str(a) for a in v.get("aliases") or [])
        return out


# --------------------------------------------------------------------------- the diff


@dataclass(frozen=True)
class Change:
    """One thing that changed between two editions, in one briefing."""

    kind: str  # see KINDS
    slug: str
    briefing: str  # the briefing's title
    id: str | None = None
    label: str = ""  # fact label, claim summary, event or source title
    old: str | None = None  # as readers saw it: display text, or a verdict key
    new: str | None = None
    detail: str | None = None  # as-of date, event date
    source: str | None = None  # "Publisher, Title" behind the new value
    anchor: str | None = None  # where on the briefing page it is, when it is there

    def text(self) -> str:
        """One plain line, for the feed and for changes.json."""
        src = f" (source: {self.source})" if self.source else ""
        asof = f", as of {fmt.format_date_text(self.detail)}" if self.detail else ""
        old_v = VERDICT_TEXT.get(self.old or "", self.old)
        new_v = VERDICT_TEXT.get(self.new or "", self.new)
        return {
            "briefing-added": f"New briefing: {self.briefing}.",
            "briefing-removed": f"Briefing withdrawn: {self.briefing}.",
            "fact-changed": f"{self.label}: {self.old} → {self.new}{asof}{src}.",
            "fact-added": f"New figure: {self.label}: {self.new}{asof}{src}.",
            "fact-removed": f"Figure removed: {self.label} (was {self.old}).",
            "verdict-changed": f"Verdict on “{self.label}”: {old_v} → {new_v}.",
            "claim-added": f"New claim checked: “{self.label}”: {new_v}.",
            "claim-removed": f"Claim removed: “{self.label}”.",
            "event-added": f"New event: {fmt.format_date_text(self.detail or '')}: {self.label}.",
            "source-added": f"New source: {self.label}.",
        }[self.kind]


KINDS = ("briefing-added", "briefing-removed", "fact-changed", "fact-added", "fact-removed",
         "verdict-changed", "claim-added", "claim-removed", "event-added", "source-added")


def _source_names(b: dict[str, Any], ids: list[str]) -> str | None:
    names = [f"{b['sources'][s]['publisher']}, {b['sources'][s]['title']}"
             for s in ids if s in b.get("sources", {})]
    return "; ".join(names) or None


def _claim_label(c: dict[str, Any]) -> str:
    text = c.get("summary") or c.get("words") or ""
    return text if len(text) <= 120 else text[:117].rstrip() + "…"


def _event_key(e: dict[str, Any]) -> str:
    return e.get("id") or f"{e.get('date')}|{e.get('title')}"


def _fact_text(f: dict[str, Any]) -> str:
    return str(f.get("display") or f.get("value"))


def _raw_text(f: dict[str, Any]) -> str:
    return f"{f.get('value')} {f.get('unit') or ''}".strip()


def diff_briefing(slug: str, old: dict[str, Any], new: dict[str, Any],
                  key_figures: Iterable[str] = ()) -> list[Change]:
    """What changed in one briefing between two snapshots (facts.json entries)."""
    title = new["title"]
    key = set(key_figures)
    out: list[Change] = []

    def anchor(kind: str, ident: str | None) -> str | None:
        if ident is None:
            return None
        if kind == "fact":
            return f"kf-{ident}" if ident in key else None
        return f"{kind}-{ident}"

    old_facts, new_facts = old.get("facts", {}), new.get("facts", {})
    for fid, f in new_facts.items():
        was = old_facts.get(fid)
        if was is None:
            out.append(Change("fact-added", slug, title, fid, f["label"], None, _fact_text(f),
                              f.get("as_of"), _source_names(new, f.get("sources", [])),
                              anchor("fact", fid)))
            continue
        fields = ("value", "unit", "display", "as_of", "sources")
        if all(was.get(k) == f.get(k) for k in fields):
            continue
        before, after = _fact_text(was), _fact_text(f)
        moved = (was.get("value"), was.get("unit")) != (f.get("value"), f.get("unit"))
        if before == after and moved:
            before, after = _raw_text(was), _raw_text(f)  # rounding hid the change: show raw values
        out.append(Change("fact-changed", slug, title, fid, f["label"], before, after,
                          f.get("as_of") if f.get("as_of") != was.get("as_of") else None,
                          _source_names(new, f.get("sources", [])), anchor("fact", fid)))
    for fid, was in old_facts.items():
        if fid not in new_facts:
            out.append(Change("fact-removed", slug, title, fid, was.get("label", fid),
                              _fact_text(was)))

    old_claims, new_claims = old.get("claims", {}), new.get("claims", {})
    for cid, c in new_claims.items():
        was = old_claims.get(cid)
        if was is None:
            out.append(Change("claim-added", slug, title, cid, _claim_label(c), None,
                              c.get("verdict"), anchor=anchor("claim", cid)))
        elif was.get("verdict") != c.get("verdict"):
            out.append(Change("verdict-changed", slug, title, cid, _claim_label(c),
                              was.get("verdict"), c.get("verdict"), anchor=anchor("claim", cid)))
    for cid, was in old_claims.items():
        if cid not in new_claims:
            out.append(Change("claim-removed", slug, title, cid, _claim_label(was)))

    seen = {_event_key(e) for e in old.get("events", [])}
    for e in new.get("events", []):
        if _event_key(e) not in seen:
            out.append(Change("event-added", slug, title, e.get("id"), e.get("title", ""),
                              detail=str(e.get("date")), anchor=anchor("event", e.get("id"))))

    old_sources = old.get("sources", {})
    for sid, s in new.get("sources", {}).items():
        if sid not in old_sources:
            out.append(Change("source-added", slug, title, sid, f"{s['publisher']}, {s['title']}",
                              anchor=anchor("source", sid)))
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: order[c.kind])  # stable: within a kind, file order


@dataclass
class ChangeSet:
    """What changed in one edition since the edition before it."""

    edition: dt.date
    previous: dt.date | None  # None: the first edition
    changes: list[Change]
    titles: dict[str, str]  # slug → title of every briefing in this edition
    unchanged: list[str] = field(default_factory=list)  # slugs
    removed: list[str] = field(default_factory=list)  # slugs of withdrawn briefings

    @property
    def first(self) -> bool:
        return self.previous is None

    @property
    def count(self) -> int:
        return len(self.changes)

    def _by_slug(self) -> dict[str, list[Change]]:
        """Changes by briefing. of() is asked for every briefing: scanning every change each
        time grew with briefings × changes (640,000 steps at 800 briefings, one change
        each). Rebuilt if the list has grown since."""
        index: dict[str, list[Change]] | None = self.__dict__.get("_index")
        if index is None or self.__dict__.get("_indexed") != len(self.changes):
            index = {}
            for c in self.changes:
                index.setdefault(c.slug, []).append(c)
            self.__dict__["_index"], self.__dict__["_indexed"] = index, len(self.changes)
        return index

    def of(self, slug: str) -> list[Change]:
        return list(self._by_slug().get(slug, []))

    def is_new(self, slug: str) -> bool:
        return any(c.kind == "briefing-added" for c in self._by_slug().get(slug, []))

    def summary(self) -> str:
        """One line for the command line."""
        if self.first:
            return (f"edition {self.edition}: this is the first edition; "
                    "there is no earlier edition to compare it with.")
        if not self.changes:
            return f"edition {self.edition}: no changes since the edition of {self.previous}."
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        parts = ", ".join(f"{n} {KIND_NAMES[k][n != 1]}" for k, n in counts.items())
        return (f"edition {self.edition}: {plural(self.count, 'change')} since the edition of "
                f"{self.previous} ({parts}).")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CHANGES_FORMAT,
            "edition": self.edition.isoformat(),
            "previous": self.previous.isoformat() if self.previous else None,
            "count": self.count,
            "changes": [{**{k: v for k, v in asdict(c).items() if v is not None},
                         "text": c.text()} for c in self.changes],
        }


KIND_NAMES = {  # singular, plural: for the command line's summary
    "briefing-added": ("briefing added", "briefings added"),
    "briefing-removed": ("briefing withdrawn", "briefings withdrawn"),
    "fact-changed": ("figure revised", "figures revised"),
    "fact-added": ("figure added", "figures added"),
    "fact-removed": ("figure removed", "figures removed"),
    "verdict-changed": ("verdict changed", "verdicts changed"),
    "claim-added": ("claim added", "claims added"),
    "claim-removed": ("claim removed", "claims removed"),
    "event-added": ("event added", "events added"),
    "source-added": ("source added", "sources added"),
}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def compare(old: dict[str, Any] | None, new: dict[str, Any], edition: dt.date,
            previous: dt.date | None,
            key_figures: dict[str, list[str]] | None = None) -> ChangeSet:
    """Diff two snapshots (facts.json as pages.facts_json writes it). `old` None: first edition."""
    briefings = new.get("briefings", {})
    titles = {slug: b["title"] for slug, b in briefings.items()}
    if old is None:
        return ChangeSet(edition, None, [], titles)
    before = old.get("briefings", {})
    changes: list[Change] = []
    unchanged: list[str] = []
    for slug, b in sorted(briefings.items()):
        if slug not in before:
            changes.append(Change("briefing-added", slug, b["title"]))
            continue
        found = diff_briefing(slug, before[slug], b, (key_figures or {}).get(slug, ()))
        changes.extend(found)
        if not found:
            unchanged.append(slug)
    removed = sorted(s for s in before if s not in briefings)
    for slug in removed:
        changes.append(Change("briefing-removed", slug, before[slug].get("title", slug)))
    return ChangeSet(edition, previous, changes, titles, unchanged, removed)


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class PastEdition:
    """An edition as the archive and the feed show it."""

    date: dt.date
    count: int | None  # None: published without a changes record
    previous: dt.date | None
    first: bool
    changes: list[dict[str, Any]]  # changes.json entries (slug, briefing, text, ...)

    @classmethod
    def from_record(cls, date: dt.date, raw: bytes | None) -> PastEdition:
        try:
            rec = json.loads(raw) if raw else None
        except ValueError:
            rec = None
        if not isinstance(rec, dict) or rec.get("format") != CHANGES_FORMAT:
            return cls(date, None, None, False, [])
        prev = rec.get("previous")
        return cls(date, int(rec.get("count") or 0), parse_edition(prev) if prev else None,
                   prev is None, [c for c in rec.get("changes", []) if isinstance(c, dict)])

    @classmethod
    def from_changeset(cls, cs: ChangeSet) -> PastEdition:
        return cls.from_record(cs.edition, json.dumps(cs.to_json()).encode())


@dataclass
class History:
    """What the edition being built is compared with, and what came before it."""

    previous: dt.date | None
    snapshot: dict[str, Any] | None
    past: list[PastEdition]  # editions before this one, newest first
    notes: list[str] = field(default_factory=list)


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EditionError(f"--previous: cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or "briefings" not in data:
        raise EditionError(f"--previous: {path} is not a facts.json snapshot "
                           "(expected an object with 'briefings')")
    return data


def read_previous(path: Path) -> tuple[dt.date | None, dict[str, Any]]:
    """A snapshot given with --previous: a facts.json, or a built site or edition folder."""
    if path.is_dir():
        for candidate in (path / FACTS_FILE, path / "facts.json"):
            if candidate.is_file():
                path = candidate
                break
        else:
            raise EditionError(f"--previous: no {FACTS_FILE} in {path}")
    data = _load_json(path)
    date: dt.date | None = None
    record = path.with_name("changes.json")
    if record.is_file():
        try:
            date = parse_edition(str(json.loads(record.read_text(encoding="utf-8"))["edition"]))
        except (OSError, ValueError, KeyError, TypeError):
            date = None
    if date is None:  # no record beside it: the newest briefing's edition is the best we know
        dates = [parse_edition(str(b.get("edition"))) for b in data["briefings"].values()]
        date = max((d for d in dates if d), default=None)
    return date, data


def read_history(branch: Branch, edition: dt.date, previous: Path | None = None) -> History:
    """The previous snapshot (from --previous, or the newest older edition on the branch)
    and the records of every earlier edition."""
    dated = sorted((d for d in branch.editions() if d < edition), reverse=True)
    wanted = [f"{d.isoformat()}/{CHANGES_FILE}" for d in dated]
    newest = dated[0] if dated else None
    if previous is None and newest is not None:
        wanted.append(f"{newest.isoformat()}/{FACTS_FILE}")
    blobs = branch.read_many(wanted)
    past = [PastEdition.from_record(d, blobs[f"{d.isoformat()}/{CHANGES_FILE}"]) for d in dated]
    notes: list[str] = []
    if previous is not None:
        date, snapshot = read_previous(previous)
        return History(date, snapshot, past, notes)
    if newest is None:
        return History(None, None, past, notes)
    raw = blobs[f"{newest.isoformat()}/{FACTS_FILE}"]
    try:
        snapshot = json.loads(raw) if raw else None
    except ValueError:
        snapshot = None
    if not isinstance(snapshot, dict) or "briefings" not in snapshot:
        notes.append(f"note: edition {newest} on {branch.name} has no {FACTS_FILE}; "
                     "changes are not listed for this edition.")
        return History(None, None, past, notes)
    return History(newest, snapshot, past, notes)


# --------------------------------------------------------------------------- pages


@dataclass
class EditionPages:
    """What editions add to a build: extra template variables per briefing, and pages."""

    changes: ChangeSet
    extras: dict[str, dict[str, Any]]
    pages: list[Page]
    notes: list[str]


def _url(site_url: str, path: str) -> str:
    return f"{site_url}{path}" if site_url else path


def feed(settings: SiteSettings, editions: list[PastEdition]) -> bytes:
    """An Atom feed of editions, newest first; each entry's summary is its change list."""
    ET.register_namespace("", ATOM)
    alias = settings.default_alias

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        node.text = text
        return node

    root = ET.Element(f"{{{ATOM}}}feed")
    el(root, "title", f"{settings.site_name}: editions")
    el(root, "subtitle", "Each edition of these briefings, with what changed since the one before.")
    self_url = _url(settings.site_url, f"{alias}/{FEED_FILE}")
    el(root, "id", self_url if settings.site_url else "urn:briefing-site:editions")
    el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    el(root, "link", rel="alternate", type="text/html", href=_url(settings.site_url, f"{alias}/"))
    el(root, "updated", f"{editions[0].date.isoformat()}T00:00:00Z")
    author = el(root, "author")
    el(author, "name", settings.site_name)
    for ed in editions[:FEED_LIMIT]:
        entry = el(root, "entry")
        day = fmt.format_date_text(ed.date)
        el(entry, "title", f"Edition of {day}")
        page = _url(settings.site_url, f"{ed.date.isoformat()}/{GENERATED_DIR}/whats-new/")
        el(entry, "id", page if settings.site_url else f"urn:briefing-site:edition:{ed.date}")
        el(entry, "link", rel="alternate", type="text/html", href=page)
        el(entry, "updated", f"{ed.date.isoformat()}T00:00:00Z")
        el(entry, "summary", _summary_html(ed), type="html")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                   xml_declaration=False) + b"\n"


def _summary_html(ed: PastEdition) -> str:
    """The change list of one edition as HTML (escaped again by the XML writer)."""
    from markupsafe import escape

    if ed.first:
        return "<p>The first edition.</p>"
    if ed.count is None:
        return "<p>Published without a record of its changes.</p>"
    since = f" since the edition of {fmt.format_date_text(ed.previous)}" if ed.previous else ""
    if not ed.changes:
        return f"<p>No changes{since}.</p>"
    parts = [f"<p>{plural(ed.count, 'change')}{since}.</p>"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in ed.changes:
        groups.setdefault(str(c.get("briefing", "")), []).append(c)
    for title, items in groups.items():
        parts.append(f"<p><strong>{escape(title)}</strong></p><ul>")
        parts.extend(f"<li>{escape(c.get('text', ''))}</li>" for c in items)
        parts.append("</ul>")
    return "".join(parts)


def prepare(templates_dir: Path, config_file: Path, root: Path,
            briefings: list[ResolvedBriefing], edition: dt.date,
            previous: Path | None = None) -> EditionPages:
    """Compare this edition with the previous one and render what editions add to the site."""
    settings = SiteSettings.read(config_file)
    branch = Branch.open(root, settings.branch, settings.remote)
    history = read_history(branch, edition, previous)
    snapshot = facts_json(briefings)
    key_figures = {rb.slug: list(rb.briefing.key_figures) for rb in briefings}
    changes = compare(history.snapshot, snapshot, edition, history.previous, key_figures)

    env = _environment(templates_dir)
    by_slug = {rb.slug: rb for rb in briefings}
    extras: dict[str, dict[str, Any]] = {}
    for slug, rb in by_slug.items():
        mine = changes.of(slug)
        marks: dict[str, dict[str, str]] = {}
        for c in mine:
            if c.id and c.kind in ("fact-changed", "fact-added"):
                marks[c.id] = {"kind": "added" if c.kind == "fact-added" else "changed",
                               "was": c.old or ""}
        block = env.get_template("changes.md.j2").render(
            changes=[c for c in mine if c.kind != "briefing-added"], cs=changes,
            new_briefing=changes.is_new(slug), base="")
        url = _url(settings.site_url, f"{edition.isoformat()}/{GENERATED_DIR}/{slug}/")
        cite = env.get_template("cite.md.j2").render(
            site_name=settings.site_name, title=rb.briefing.title, edition=edition,
            url=url if settings.site_url else None)
        extras[slug] = {"changes": Markup(block), "changed_facts": marks, "cite": Markup(cite)}

    this = PastEdition.from_changeset(changes)
    archive = [this, *history.past]
    by_title = sorted(by_slug.values(), key=lambda rb: (rb.briefing.title.lower(), rb.slug))
    groups = [(rb.slug, rb.briefing.title, changes.of(rb.slug)) for rb in by_title
              if changes.of(rb.slug)]
    unchanged_slugs = set(changes.unchanged)  # a set: looked up once per briefing
    whats_new = env.get_template("whats-new.md.j2").render(
        cs=changes, groups=groups,
        removed=[c for c in changes.changes if c.kind == "briefing-removed"],
        unchanged=[(rb.slug, rb.briefing.title) for rb in by_title
                   if rb.slug in unchanged_slugs])
    archive_page = env.get_template("archive.md.j2").render(
        editions=archive, current=edition, alias=settings.default_alias)
    record = json.dumps(changes.to_json(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    pages = [
        Page(f"{GENERATED_DIR}/whats-new.md", whats_new.encode()),
        Page(f"{GENERATED_DIR}/archive.md", archive_page.encode()),
        Page(FEED_FILE, feed(settings, archive)),
        Page(CHANGES_FILE, record.encode()),
    ]
    return EditionPages(changes, extras, pages, [*history.notes, changes.summary()])


# --------------------------------------------------------------------------- publishing


def check_publishable(root: Path, config_file: Path, edition: dt.date, force: bool, *,
                      newest_briefing: dt.date | None = None, push: bool = False,
                      remote: str | None = None) -> Branch:
    """Refuse, before anything is written, what publish could not do cleanly."""
    if newest_briefing is not None and edition < newest_briefing:
        raise EditionError(f"edition {edition} is older than the newest briefing "
                           f"({newest_briefing}): an edition cannot hold what was written after it")
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise EditionError(f"{root} is not a git repository: publish commits each edition to "
                           "the gh-pages branch with mike; run `git init` and commit first")
    settings = SiteSettings.read(config_file)
    remote = remote or settings.remote
    if push and _git(root, "remote", "get-url", remote).returncode != 0:
        raise EditionError(f"--push: this repository has no git remote named {remote!r} "
                           "(give one with --remote, or add it with `git remote add`)")
    branch = Branch.open(root, settings.branch, settings.remote)
    published = branch.editions()
    if edition in published and not force:
        raise EditionError(
            f"edition {edition} is already published on {settings.branch}; editions are frozen "
            "once published. Give a later date with --edition (or in the briefings), or pass "
            "--force to replace it")
    return branch


def _mike(root: Path, args: list[str], epoch: int) -> subprocess.CompletedProcess[str]:
    """Run mike's command line. mike runs `mkdocs` from PATH: put this interpreter's first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates: the edition's, not the clock's
    code = "import sys; from mike.driver import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env,
                          capture_output=True, text=True, check=False)


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@dataclass
class Deployed:
    edition: dt.date
    latest: bool  # whether the default alias now points at this edition
    pushed: bool
    branch: str
    remote: str


def deploy(root: Path, config_file: Path, edition: dt.date, epoch: int, *, push: bool,
           remote: str | None, message: str | None) -> Deployed:
    """Commit the built docs to gh-pages with mike, move `latest` if this is the newest
    edition, and push if asked. On failure the local branch is put back as it was."""
    settings = SiteSettings.read(config_file)
    remote = remote or settings.remote
    branch = Branch.open(root, settings.branch, remote)
    newer = [d for d in branch.editions() if d > edition]
    alias = settings.default_alias
    before = _rev(root, f"refs/heads/{settings.branch}")
    version = edition.isoformat()
    msg = message or f"Edition {version}"
    config = ["--config-file", str(config_file), "--remote", remote, "--branch", settings.branch]

    def restore() -> None:
        if before:
            _git(root, "update-ref", f"refs/heads/{settings.branch}", before)
        else:
            _git(root, "update-ref", "-d", f"refs/heads/{settings.branch}")

    steps = [["deploy", *config, "--update-aliases", "--title", version, "--message", msg,
              version, *([] if newer else [alias])],
             ["set-default", *config, "--message", f"Default: {alias}", alias]]
    for step in steps:
        proc = _mike(root, step, epoch)
        if proc.returncode != 0:
            restore()
            raise DeployError(f"mike {step[0]} failed; {settings.branch} was left as it was:\n"
                             f"{_tail(proc.stderr or proc.stdout)}")
    pushed = False
    if push:
        proc_push = _git(root, "push", "--", remote, f"refs/heads/{settings.branch}")
        if proc_push.returncode != 0:
            raise DeployError(
                f"edition {version} was committed to the local {settings.branch} branch, but "
                f"pushing it to {remote} failed:\n{_tail(proc_push.stderr.decode())}\n"
                f"push it with: git push {remote} {settings.branch}")
        pushed = True
    return Deployed(edition, not newer, pushed, settings.branch, remote)


def export(root: Path, ref: str, dest: Path) -> Path:
    """The published tree as GitHub Pages serves it: `git archive REF | tar -x` into dest."""
    import io
    import tarfile

    proc = _git(root, "archive", "--format=tar", ref)
    if proc.returncode != 0:
        raise DeployError(f"git archive {ref} failed: {_tail(proc.stderr.decode())}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(dest, filter="data")  # "data": no links or paths outside dest
    return dest


def serve_editions(root: Path, config_file: Path, port: int, quiet: bool = False) -> int:
    """Preview the archive as GitHub Pages would serve it, from an export of gh-pages."""
    import functools
    import http.server
    import shutil

    settings = SiteSettings.read(config_file)
    branch = Branch.open(root, settings.branch, settings.remote)
    if branch.ref is None:
        raise EditionError(f"nothing is published yet: there is no {settings.branch} branch. "
                           "Publish an edition first with `python build.py publish`")
    # Under .build/ (ignored by git) rather than a temporary folder, so that a preview
    # stopped by a signal leaves nothing behind that the next one does not replace.
    tree = root / ".build" / "editions-preview"
    shutil.rmtree(tree, ignore_errors=True)
    export(root, branch.ref, tree)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            if not quiet:
                super().log_message(format, *args)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Handler, directory=str(tree)))
    shown = ", ".join(f"{d}{' (' + ', '.join(a) + ')' if a else ''}"
                      for d, a in sorted(branch.editions().items(), reverse=True))
    print(f"serving {settings.branch} ({shown or 'no dated editions'}) at "
          f"http://127.0.0.1:{server.server_address[1]}/ — Ctrl+C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped.")
    finally:
        server.server_close()
    return 0
