"""`build.py serve`: the engine's live-reloading preview on 127.0.0.1, fed by a watcher on data/.

The engine watches docs/ and reloads the browser; we watch data/ and templates/ and
regenerate docs/briefings/ when they change, rewriting only the files whose bytes changed
so that the engine rebuilds and reloads once, not for every page. After each build of the
preview, Pagefind indexes it, so that search works there as on the site.

A save inside one briefing's folder regenerates that briefing alone (its page and files
are byte for byte what a whole run makes): under half a second in serve's process (0.44 s
measured at 200 briefings, its PDF's 0.2 s included), where a whole run at 800 takes eight;
the engine then builds those files alone again. What the edit may have changed elsewhere
(the list pages, the site-wide downloads) is settled by a whole regeneration a moment
later, in a separate process that the next save stops: the next save must not wait for it.

One regeneration at a time: a single worker thread regenerates; a save while it runs asks
for exactly one more regeneration after it, however many saves there were. A broken edit,
or a broken template, prints what is wrong in one line each and leaves the last good pages
in place; nothing a regeneration raises reaches the user as a traceback.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .errors import BuildError, InputError, Problem, plural, warning_lines
from .pages import GENERATED_DIR
from .write import engine, search
from .write.preview import Preview
from .write.staging import write_incremental

KEPT = "the preview keeps the last good pages."


def _generated(docs_dir: Path) -> set[Path]:
    folder = docs_dir / GENERATED_DIR
    return {p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def regenerate(project: pipeline.Project, quiet: bool = False,
               preview: Preview | None = None) -> bool:
    """Generate the pages and write the ones that changed; False, and nothing written, when
    the input, a template or the generator fails (said on stderr, and over the preview's
    pages through `preview` until fixed)."""
    return regenerate_whole(project, quiet, preview) is not None


def regenerate_whole(project: pipeline.Project, quiet: bool = False,
                     preview: Preview | None = None,
                     lints: bool = True) -> pipeline.Result | None:
    """regenerate(), giving what it generated (None when it failed); `lints`: say them."""
    preview = preview or Preview()
    try:
        result = pipeline.generate(project)
        before = _generated(project.docs_dir)
        preview.show(())  # cleared first: the rebuild the writes cause shows clean pages
        changed = write_incremental(result.pages, project.docs_dir)
        if _generated(project.docs_dir) != before:
            preview.rebuild_whole()  # pages came or went: every page's navigation changes
    except Exception as error:
        _failed(error, preview)
        return None
    if lints:
        _show_warnings(result.warnings)
    if not quiet:
        print(f"regenerated: {len(changed)} file(s) changed", file=sys.stderr)
    return result


def _failed(error: Exception, preview: Preview) -> None:
    """What a failed regeneration says, on stderr and over the preview's pages."""
    if isinstance(error, InputError):
        for line in warning_lines(error.warnings):
            print(line, file=sys.stderr)
        lines = [problem.render() for problem in error.problems]
        for line in lines:
            print(f"error: {line}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); {KEPT}", file=sys.stderr)
        preview.show(lines)
    elif isinstance(error, BuildError):  # a template error: templates/x.j2:LINE: message
        print(f"error: {error}", file=sys.stderr)
        print(KEPT.capitalize(), file=sys.stderr)
        preview.show([str(error)])
    else:  # a bug: said in one line, and the preview goes on
        line = f"internal error: {type(error).__name__}: {error}"
        print(line, file=sys.stderr)
        print(f"this is a bug in the generator; {KEPT}", file=sys.stderr)
        preview.show([line])


@dataclass
class Known:
    """What the preview shows, as of its last whole regeneration: the site's edition and
    each briefing's topics (a briefing whose topics change changes which topic pages
    exist, which a one-briefing regeneration cannot write)."""

    edition: dt.date | None = None
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def learn(self, result: pipeline.Result) -> None:
        self.edition = result.edition
        self.topics = {rb.slug: tuple(rb.briefing.topics) for rb in result.briefings}


def edited_briefings(project: pipeline.Project, paths: Collection[Path],
                     known: Known) -> set[str] | None:
    """The slugs of the briefings the saves were in, when every save was inside the folder
    of a briefing the preview already shows (and still has its briefing.yaml); None when a
    save touched anything else (a template, the source library, a new or removed folder)."""
    # Absolute both: the watcher reports absolute paths, the project may be relative.
    briefings = (project.data_dir / "briefings").resolve()
    slugs = set()
    for path in paths:
        try:
            parts = path.resolve().relative_to(briefings).parts
        except ValueError:
            return None
        # A folder's own event (its listing changed) counts as a save in it.
        if not parts or parts[0] not in known.topics:
            return None
        slugs.add(parts[0])
    if not slugs or any(not (briefings / slug / "briefing.yaml").is_file() for slug in slugs):
        return None
    return slugs


def regenerate_some(project: pipeline.Project, slugs: set[str], known: Known,
                    quiet: bool = False, preview: Preview | None = None) -> bool | None:
    """Regenerate the briefings `slugs` alone and write their own files (nothing else);
    True when done, False when the input fails (said as regenerate() says it), None when
    the edit reaches beyond them (a new edition date, other topics): regenerate the whole."""
    preview = preview or Preview()
    try:
        result = pipeline.generate(project, edition=known.edition, only=slugs)
    except Exception as error:
        _failed(error, preview)  # the problems of the edited briefings: all there are
        return False
    if (known.edition is None or result.edition > known.edition
            or any(tuple(rb.briefing.topics) != known.topics.get(rb.slug)
                   for rb in result.briefings)):
        return None
    preview.show(())
    folders = tuple(f"{GENERATED_DIR}/{slug}/" for slug in slugs)
    own = [page for page in result.pages if page.path.startswith(folders)]
    changed = write_incremental(own, project.docs_dir, within=folders)
    _show_warnings(result.warnings)
    if not quiet:
        print(f"regenerated {', '.join(sorted(slugs))}: {len(changed)} file(s) changed",
              file=sys.stderr)
    return True


def _settle(project: pipeline.Project) -> None:
    """In the settling process: a whole regeneration, written where it changed anything.
    Stopped (SIGTERM) by the next save, as an exit that removes its temporary files. Its
    lints are not said again: the one-briefing run said the edited briefing's."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # The lowest CPU priority: the next save's one-briefing run and rebuild come first.
    os.nice(19)
    regenerate_whole(project, quiet=True, lints=False)


class Settler:
    """Runs the whole regeneration that follows a one-briefing one, `delay` seconds after
    it, in a process of its own; stop() ends it (the next save does, before anything of
    its own is written)."""

    def __init__(self, project: pipeline.Project, delay: float = 1.0) -> None:
        self.project, self.delay = project, delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def schedule(self) -> None:
        with self._lock:
            self._cancel_timer()
            self._timer = threading.Timer(self.delay, self._start)
            self._timer.daemon = True
            self._timer.start()

    def _start(self) -> None:
        with self._lock:
            self._timer = None
            # Spawned, not forked: the parent's threads (server, watcher) and vl-convert
            # do not survive a fork.
            process = multiprocessing.get_context("spawn").Process(
                target=_settle, args=(self.project,), name="settle", daemon=True)
            process.start()
            self._process = process

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def stop(self) -> None:
        with self._lock:
            self._cancel_timer()
            process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.terminate()
            process.join(10)


def _show_warnings(warnings: list[Problem]) -> None:
    """Each lint, then their count: the preview shows them and goes on."""
    for line in warning_lines(warnings):
        print(line, file=sys.stderr)
    if warnings:
        print(f"{plural(len(warnings), 'warning')}; the preview goes on.", file=sys.stderr)


class Regenerator:
    """Runs `work` on one worker thread, once per burst of requests, never twice at once.

    `request()` marks that a regeneration is wanted and returns at once. The worker waits
    until no request has come for `delay` seconds (editors write a file several times per
    save), clears the mark and runs `work`; requests that arrive while it runs set the mark
    again, so they cause exactly one more run after it. (Before: a timer per burst, with
    the lock guarding only the timer, so that two regenerations could overlap.)
    """

    def __init__(self, work: Callable[[set[Path]], object], delay: float = 0.2) -> None:
        self.work, self.delay = work, delay
        self._changed = threading.Condition()
        self._wanted = False
        self._paths: set[Path] = set()  # what changed since the last run began
        self._last_request = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="regenerate", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self, path: Path | None = None) -> None:
        with self._changed:
            self._wanted = True
            if path is not None:
                self._paths.add(path)
            self._last_request = time.monotonic()
            self._changed.notify()

    def stop(self, timeout: float = 5) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _next(self) -> set[Path] | None:
        """Wait for a request, then for its burst to end: the paths it changed; None when
        stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self._wanted or self._stopping)
            while not self._stopping:
                quiet_in = self._last_request + self.delay - time.monotonic()
                if quiet_in <= 0:
                    break
                self._changed.wait(quiet_in)
            self._wanted = False
            paths, self._paths = self._paths, set()
            return None if self._stopping else paths

    def _run(self) -> None:
        while (paths := self._next()) is not None:
            self.work(paths)


class _Changes(FileSystemEventHandler):
    """Every change under data/ or templates/ asks for a regeneration."""

    def __init__(self, regenerator: Regenerator) -> None:
        self.regenerator = regenerator

    def on_any_event(self, event: FileSystemEvent) -> None:
        # A folder "modified" is the echo of a change to a file in it, reported on its own.
        if event.event_type in ("opened", "closed_no_write") or (
            event.is_directory and event.event_type == "modified") or Path(
            str(event.src_path)
        ).name.startswith("."):
            return
        self.regenerator.request(Path(str(event.src_path)))
        if getattr(event, "dest_path", ""):  # a move: both ends changed
            self.regenerator.request(Path(str(event.dest_path)))


def serve(project: pipeline.Project, port: int, quiet: bool = False) -> int:
    result = pipeline.generate(project)  # problems here end the command with exit 1
    write_incremental(result.pages, project.docs_dir)
    _show_warnings(result.warnings)
    language = engine.read_settings(project.config_file).language
    preview = Preview()
    known = Known()
    known.learn(result)
    settler = Settler(project)

    def work(paths: set[Path]) -> None:
        settler.stop()  # a whole regeneration under way is out of date: stopped unwritten
        slugs = edited_briefings(project, paths, known)
        done = (regenerate_some(project, slugs, known, quiet, preview)
                if slugs is not None else None)
        if done is None:
            whole = regenerate_whole(project, quiet, preview)
            if whole is not None:
                known.learn(whole)
        elif done:
            settler.schedule()

    regenerator = Regenerator(work)
    observer = Observer()
    handler = _Changes(regenerator)
    for folder in (project.data_dir, project.templates_dir):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    regenerator.start()
    observer.start()
    try:
        engine.serve(
            project.config_file, project.docs_dir, port,
            after_build=lambda site: search.index(site, language, background=True),
            on_serving=lambda url: print(f"serving on {url} — Ctrl+C to stop.", flush=True),
            preview=preview,
        )
    finally:
        observer.stop()
        observer.join(timeout=5)
        regenerator.stop()
        settler.stop()
    return 0
