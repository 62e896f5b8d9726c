"""`build.py serve`: the engine's live-reloading preview on 127.0.0.1, fed by a watcher on data/.

The engine watches docs/ and reloads the browser; we watch data/ and templates/ and
regenerate docs/briefings/ when they change, rewriting only the files whose bytes changed
so that the engine rebuilds and reloads once, not for every page. After each build of the
preview, Pagefind indexes it, so that search works there as on the site.

One regeneration at a time: a single worker thread regenerates; a save while it runs asks
for exactly one more regeneration after it, however many saves there were. A broken edit,
or a broken template, prints what is wrong in one line each and leaves the last good pages
in place; nothing a regeneration raises reaches the user as a traceback.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .errors import BuildError, InputError, Problem, plural, warning_lines
from .pages import GENERATED_DIR
from .write import engine, search
from .write.staging import write_incremental

KEPT = "the preview keeps the last good pages."


def _generated(docs_dir: Path) -> set[Path]:
    folder = docs_dir / GENERATED_DIR
    return {p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def regenerate(project: pipeline.Project, quiet: bool = False,
               preview: engine.Preview | None = None) -> bool:
    """Generate the pages and write the ones that changed; False, and nothing written, when
    the input, a template or the generator fails (said on stderr, and over the preview's
    pages through `preview` until fixed)."""
    preview = preview or engine.Preview()
    try:
        result = pipeline.generate(project)
        before = _generated(project.docs_dir)
        preview.show(())  # cleared first: the rebuild the writes cause shows clean pages
        changed = write_incremental(result.pages, project.docs_dir)
        if _generated(project.docs_dir) != before:
            preview.rebuild_whole()  # pages came or went: every page's navigation changes
    except InputError as error:
        for line in warning_lines(error.warnings):
            print(line, file=sys.stderr)
        lines = [problem.render() for problem in error.problems]
        for line in lines:
            print(f"error: {line}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); {KEPT}", file=sys.stderr)
        preview.show(lines)
        return False
    except BuildError as error:  # a template error among them: templates/x.j2:LINE: message
        print(f"error: {error}", file=sys.stderr)
        print(KEPT.capitalize(), file=sys.stderr)
        preview.show([str(error)])
        return False
    except Exception as error:  # a bug: said in one line, and the preview goes on
        line = f"internal error: {type(error).__name__}: {error}"
        print(line, file=sys.stderr)
        print(f"this is a bug in the generator; {KEPT}", file=sys.stderr)
        preview.show([line])
        return False
    _show_warnings(result.warnings)
    if not quiet:
        print(f"regenerated: {len(changed)} file(s) changed", file=sys.stderr)
    return True


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

    def __init__(self, work: Callable[[], object], delay: float = 0.3) -> None:
        self.work, self.delay = work, delay
        self._changed = threading.Condition()
        self._wanted = False
        self._last_request = 0.0
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="regenerate", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        with self._changed:
            self._wanted = True
            self._last_request = time.monotonic()
            self._changed.notify()

    def stop(self, timeout: float = 5) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _next(self) -> bool:
        """Wait for a request, then for its burst to end; False when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self._wanted or self._stopping)
            while not self._stopping:
                quiet_in = self._last_request + self.delay - time.monotonic()
                if quiet_in <= 0:
                    break
                self._changed.wait(quiet_in)
            self._wanted = False
            return not self._stopping

    def _run(self) -> None:
        while self._next():
            self.work()


class _Changes(FileSystemEventHandler):
    """Every change under data/ or templates/ asks for a regeneration."""

    def __init__(self, regenerator: Regenerator) -> None:
        self.regenerator = regenerator

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or Path(
            str(event.src_path)
        ).name.startswith("."):
            return
        self.regenerator.request()


def serve(project: pipeline.Project, port: int, quiet: bool = False) -> int:
    result = pipeline.generate(project)  # problems here end the command with exit 1
    write_incremental(result.pages, project.docs_dir)
    _show_warnings(result.warnings)
    language = engine.read_settings(project.config_file).language
    preview = engine.Preview()
    regenerator = Regenerator(lambda: regenerate(project, quiet, preview))
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
            after_build=lambda site: search.index(site, language),
            on_serving=lambda url: print(f"serving on {url} — Ctrl+C to stop.", flush=True),
            preview=preview,
        )
    finally:
        observer.stop()
        observer.join(timeout=5)
        regenerator.stop()
    return 0
