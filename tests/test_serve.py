"""`build.py serve`: the preview regenerates when data changes, one regeneration at a time,
with search; problems show over the page until fixed, and a broken template is one line,
not a traceback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from watchdog.events import FileModifiedEvent, FileOpenedEvent

from briefing import pipeline
from briefing import serve as serve_module
from briefing.errors import BuildError
from devtools.projects import ROOT, copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    """Polls until the page holds `text` (bounded; a failure names what was last seen)."""
    deadline = time.monotonic() + seconds
    body = None
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last saw {str(body)[:200]!r}")


def stop(proc: subprocess.Popen) -> str:
    os.killpg(proc.pid, signal.SIGINT)
    try:
        output, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
    return output


def start_serve(project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


OVERLAY = "#briefing-preview-problems"


def test_serve_regenerates_and_shows_problems_over_the_page(tmp_path: Path,
                                                            browser: Any) -> None:
    """One preview, as an analyst uses it: a fact edited, then an edit that breaks
    validation, then a broken template. The open page reloads by itself each time; problems
    show over it (file:line) until fixed; nothing is a traceback."""
    project = copy_project(tmp_path / "p", data=ROOT / "tests" / "fixtures" / "minimal")
    port = free_port()
    proc = start_serve(project, port)
    url = f"http://127.0.0.1:{port}/briefings/sample-briefing/"
    yaml = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
    template = project / "templates" / "briefing.md.j2"
    good_template = template.read_text()
    context = browser.new_context()
    output = ""
    try:
        wait_for(url, "3.8 million t REO")
        page = context.new_page()
        page.goto(url)
        yaml.write_text(yaml.read_text().replace("value: 3800000", "value: 4100000"))
        page.get_by_text("4.1 million t REO").first.wait_for(timeout=60_000)  # reloaded
        assert "3.8 million t REO" not in page.content()
        # Every rebuild empties the preview's folder; the index is there again: Pagefind ran
        # after the rebuild, so search works in the preview as on the site.
        wait_for(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", '"languages"')
        # A broken edit keeps the last good page, with the problem over it.
        good = yaml.read_text()
        yaml.write_text(good.replace("source: usgs-2025\n  - id: world",
                                     "source: usgs-2052\n  - id: world"))
        overlay = page.locator(OVERLAY)
        overlay.wait_for(timeout=30_000)
        text = overlay.inner_text()
        assert "This preview is out of date: 1 problem in the input." in text
        assert re.search(r"data/briefings/sample-briefing/briefing\.yaml:\d+:\d+: "
                         r"facts\[\d\]\.source: .*'usgs-2052'.*did you mean 'usgs-2025'\?",
                         text), text
        assert page.get_by_text("4.1 million t REO").first.is_visible()
        # Fixed: the overlay goes, without a hand reload (the same bytes as before: no page
        # changes, the preview reloads for the overlay alone).
        yaml.write_text(good)
        overlay.wait_for(state="detached", timeout=30_000)
        # A broken template: one line, templates/x.j2:LINE, over the page too.
        template.write_text(good_template + "\n{% if %}\n")
        overlay.wait_for(timeout=30_000)
        line = len(template.read_text().splitlines())
        assert f"templates/briefing.md.j2:{line}: " in overlay.inner_text()
        assert "4.1 million t REO" in (fetch(url) or "")
    except (AssertionError, PlaywrightError) as error:
        output = stop(proc)
        raise AssertionError(f"{error}\nserve printed:\n{output}") from None
    finally:
        context.close()
    output = stop(proc)
    assert f"serving on http://127.0.0.1:{port}/" in output
    assert "usgs-2052" in output and "did you mean 'usgs-2025'?" in output
    assert "Traceback" not in output, output
    assert "the last good pages" in output, output
    assert re.search(rf"^error: templates/briefing\.md\.j2:{line}: ", output, re.M), output


def test_saves_during_a_regeneration_cause_one_more_and_never_overlap() -> None:
    running = 0
    most = 0
    runs = 0
    lock = threading.Lock()
    first_started = threading.Event()

    def regenerate(paths: set[Path]) -> None:
        nonlocal running, most, runs
        with lock:
            running += 1
            runs += 1
            most = max(most, running)
        first_started.set()
        time.sleep(0.6)
        with lock:
            running -= 1

    regenerator = serve_module.Regenerator(regenerate, delay=0.05)
    changes = serve_module._Changes(regenerator)
    regenerator.start()
    try:
        changes.dispatch(FileModifiedEvent("/p/data/briefings/a/briefing.yaml"))
        assert first_started.wait(5)
        # Two saves in quick succession while the first regeneration runs; an editor's
        # opening a file and its hidden swap file ask for nothing.
        changes.dispatch(FileModifiedEvent("/p/data/briefings/a/briefing.yaml"))
        changes.dispatch(FileOpenedEvent("/p/data/briefings/a/briefing.yaml"))
        changes.dispatch(FileModifiedEvent("/p/templates/briefing.md.j2"))
        changes.dispatch(FileModifiedEvent("/p/data/briefings/a/.briefing.yaml.swp"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (runs == 2 and running == 0):
            time.sleep(0.05)
        time.sleep(0.5)  # time enough for a third run, were one queued
    finally:
        regenerator.stop()
    assert most == 1, "two regenerations ran at once"
    assert runs == 2, f"{runs} regenerations; expected the first and exactly one more"


def test_a_build_error_while_regenerating_is_one_line(monkeypatch, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def broken(project: pipeline.Project) -> pipeline.Result:
        raise BuildError("templates/briefing.md.j2:7: unexpected '}'")

    monkeypatch.setattr(pipeline, "generate", broken)
    project = pipeline.Project(tmp_path)
    assert serve_module.regenerate(project) is False
    err = capsys.readouterr().err
    assert err == ("error: templates/briefing.md.j2:7: unexpected '}'\n"
                   "The preview keeps the last good pages.\n")
    assert not (tmp_path / "docs").exists()  # nothing written
