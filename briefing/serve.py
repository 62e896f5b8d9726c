"""`build.py serve`: MkDocs' live-reloading server on 127.0.0.1, fed by a watcher on data/.

MkDocs watches docs/ and reloads the browser; we watch data/ and templates/ and
regenerate docs/briefings/ when they change, rewriting only the files whose bytes
changed so that MkDocs rebuilds and reloads once, not for every page. A broken
edit prints its problems and leaves the last good pages in place.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import pipeline
from .errors import InputError
from .site import unversioned_extra, write_incremental


def regenerate(project: pipeline.Project, quiet: bool = False) -> bool:
    try:
        result = pipeline.generate(project)
    except InputError as error:
        for problem in error.problems:
            print(f"error: {problem.render()}", file=sys.stderr)
        print(
            f"{len(error.problems)} problem(s); the preview keeps the last good pages.",
            file=sys.stderr,
        )
        return False
    changed = write_incremental(result.pages, project.docs_dir)
    if not quiet:
        print(f"regenerated: {len(changed)} file(s) changed", file=sys.stderr)
    return True


class _Debounced(FileSystemEventHandler):
    """Collapses a burst of saves (editors write several times) into one regeneration."""

    def __init__(self, project: pipeline.Project, quiet: bool, delay: float = 0.3):
        self.project, self.quiet, self.delay = project, quiet, delay
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or Path(
            str(event.src_path)
        ).name.startswith("."):
            return
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.delay, regenerate, (self.project, self.quiet))
            self.timer.daemon = True
            self.timer.start()


def serve(project: pipeline.Project, port: int, quiet: bool = False) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    result = pipeline.generate(project)  # problems here end the command with exit 1
    write_incremental(result.pages, project.docs_dir)
    observer = Observer()
    handler = _Debounced(project, quiet)
    for folder in (project.data_dir, project.templates_dir):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        time.sleep(0)  # let the observer thread start before MkDocs takes the main thread
        # MkDocs mounts the preview under site_url's path; serve it at the root instead.
        address = f"127.0.0.1:{port}"
        mkdocs_serve(
            config_file=str(project.config_file), livereload=True, dev_addr=address,
            site_url=f"http://{address}/",
            extra=unversioned_extra(project.config_file),  # no versions.json outside gh-pages
        )
    finally:
        observer.stop()
        observer.join(timeout=5)
    return 0
