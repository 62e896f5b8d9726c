"""The live preview's parts that are not the engine's (write/engine.py uses them): what the
generator tells it while `build.py serve` runs (the problems of the last regeneration,
shown as a panel over every page served until they are fixed, and whether the next rebuild
must be whole), and how it sees docs/ change."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from markupsafe import escape
from watchdog import events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

OVERLAY_ID = "briefing-preview-problems"


class Preview:
    """What the generator tells the preview while it runs: the problems of the last
    regeneration, shown over every page as it is served (and gone once fixed), and whether
    the next rebuild must be whole. Thread-safe: the regeneration thread sets, the server's
    threads read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._problems: tuple[str, ...] = ()
        self._full = False
        self._reload: Callable[[], None] | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        with self._lock:
            return self._problems

    def show(self, problems: Sequence[str]) -> None:
        """Show `problems` (one line each, "file:line: …") over the pages, or none; open
        pages reload when this changes what they show."""
        with self._lock:
            changed = tuple(problems) != self._problems
            self._problems = tuple(problems)
            reload = self._reload
        if changed and reload is not None:
            reload()

    def rebuild_whole(self) -> None:
        """The next rebuild builds every page (pages were added or removed: every page's
        navigation changes), not only the changed ones."""
        with self._lock:
            self._full = True

    def _take_full(self) -> bool:
        with self._lock:
            full, self._full = self._full, False
            return full


def overlay_html(problems: Sequence[str]) -> bytes:
    """The problems as a panel over the page: text escaped, announced to screen readers."""
    n = len(problems)
    items = "".join(f"<li>{escape(p)}</li>" for p in problems[:50])
    more = f"<p>… and {n - 50} more (see the terminal).</p>" if n > 50 else ""
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;'
        "z-index:10;max-height:50vh;overflow:auto;padding:1rem 1.25rem;background:#fff;"
        "color:#1a1a1a;border:3px solid #b00020;border-radius:4px;font:0.8rem/1.45 "
        'ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)">'
        f'<p style="margin:0 0 .5rem;font-weight:700">This preview is out of date: {n} '
        f"problem{'s' if n != 1 else ''} in the input. It shows the last good pages until "
        f'they are fixed.</p><ul style="margin:0;padding-left:1.2rem">{items}</ul>{more}</div>'
    ).encode()


# What the preview's observer reports: changes to files. Not "opened" or "closed without
# writing": MkDocs reads docs/ as it builds, and those would start the next build.
_CHANGES: list[type[FileSystemEvent]] = [
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
    events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
    events.DirDeletedEvent, events.DirMovedEvent]


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # a per-system alias
    """The system's own file events (inotify on Linux), changes only (_CHANGES)."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *,
                 recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(
            event_handler, path, recursive=recursive, event_filter=event_filter or _CHANGES,
            follow_symlink=follow_symlink)
        return watch


class Changed(FileSystemEventHandler):
    """The files changed since the last take(), as absolute paths."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._folders = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or b"")} - {""}
        with self._lock:
            if event.is_directory:
                self._folders = True
            self._paths |= {os.path.abspath(p) for p in paths}

    def take(self) -> set[str] | None:
        """The files changed; None when a folder came, went or moved (what it held is not
        reported file by file)."""
        with self._lock:
            paths, folders = self._paths, self._folders
            self._paths, self._folders = set(), False
        return None if folders else paths
