"""Previewing what is published: gh-pages exported as GitHub Pages serves it, on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import io
import shutil
import tarfile
from pathlib import Path
from typing import Any

from ..write.engine import read_settings
from .errors import DeployError, EditionError
from .history import Branch, git, tail


def export(root: Path, ref: str, dest: Path) -> Path:
    """The published tree as GitHub Pages serves it: `git archive REF | tar -x` into dest."""
    proc = git(root, "archive", "--format=tar", ref)
    if proc.returncode != 0:
        raise DeployError(f"git archive {ref} failed: {tail(proc.stderr.decode())}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(dest, filter="data")  # "data": no links or paths outside dest
    return dest


def serve_editions(root: Path, config_file: Path, port: int, quiet: bool = False) -> int:
    """Preview the archive as GitHub Pages would serve it, from an export of gh-pages."""
    settings = read_settings(config_file)
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
