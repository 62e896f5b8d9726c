"""What was published: the gh-pages branch read back, and the history of past editions.

Each edition on the branch carries its data (`briefings/facts.json`) and the record of
what changed since the edition before it (`briefings/changes.json`). The next edition
reads both back: the snapshot to compare with, and the records of every past edition
for the archive page and the Atom feed. Nothing here writes to the branch.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pages import GENERATED_DIR
from .diff import CHANGES_FORMAT, ChangeSet
from .errors import EditionError

FACTS_FILE = f"{GENERATED_DIR}/facts.json"  # as pages/ writes it, relative to docs/
CHANGES_FILE = f"{GENERATED_DIR}/changes.json"


def git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """git in `root`; never raises: without git installed, a command that failed (127)."""
    cmd = ["git", "-C", str(root), *args]
    try:
        return subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:  # no git installed: nothing can have been published from here
        return subprocess.CompletedProcess(cmd, 127, b"", b"git: command not found")


def rev(root: Path, ref: str) -> str | None:
    """The commit that `ref` names in `root`, or None when there is none."""
    proc = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        return None
    return proc.stdout.decode().strip() or None


def tail(text: str, lines: int = 12) -> str:
    """The end of a command's output: where git and mike say what went wrong."""
    return "\n".join(text.strip().splitlines()[-lines:])


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
        local = rev(root, f"refs/heads/{name}")
        tracking = rev(root, f"refs/remotes/{remote}/{name}")
        ref = local or tracking
        if local and tracking and local != tracking:
            behind = git(root, "merge-base", "--is-ancestor", local, tracking).returncode == 0
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
        proc = git(self.root, "cat-file", "--batch", stdin=query)
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
        date, given = read_previous(previous)
        return History(date, given, past, notes)
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
