"""From a save to the reloaded page: `build.py serve` over a corpus, measured in Chromium.

A corpus of N briefings is written into a copy of the project and served. A briefing page
is open in Chromium; one fact of that briefing is edited on disk (as an editor's save
would), and the time is taken from the write until the open page has reloaded by itself
and shows the new figure. Several edits in turn; each figure is recorded and the median
reported. `serve_edit_s` in bench/results/latest.json is this at the largest scale run.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import corpus
from devtools.chromium import launch
from devtools.projects import cli_env, copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"serve did not answer {url} within {seconds:.0f} s")


def _first_fact_id(data_dir: Path) -> str:
    """The id of the fact corpus.edit_one_fact changes in briefing 0 (its first)."""
    path = data_dir / "briefings" / corpus.slug_of(0) / "briefing.yaml"
    match = re.search(r"^facts:\n  - id: (\S+)\n", path.read_text(encoding="utf-8"), re.M)
    if match is None:
        raise ValueError(f"no fact in {path}")
    return match.group(1)


def _settled(page: Any, selector: str, quiet_s: float = 1.5,
             seconds: float = 120) -> tuple[float, str]:
    """The open document's timeOrigin and the fact's text, once the page has not reloaded
    for `quiet_s`. serve may reload it again after a save it has shown (at 200 briefings,
    a read after the first save failed with "Execution context was destroyed"); a save
    timed from then would be timed from a reload that was not its own."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + seconds
    last: float | None = None
    while time.monotonic() < deadline:
        try:
            page.wait_for_selector(selector)
            origin = float(page.evaluate("performance.timeOrigin"))
            if origin == last:
                return origin, str(page.locator(selector).first.inner_text())
            last = origin
        except Error:
            last = None  # navigated while we read: wait for the new document
        time.sleep(quiet_s)
    raise RuntimeError(f"the page kept reloading for {seconds:.0f} s without a save")


def measure(workdir: Path, count: int, edits: int = 5, sizes: corpus.Sizes | None = None,
            log: Any = print) -> dict[str, Any]:
    """Seconds from each save to the reloaded page, at `count` briefings."""
    project = copy_project(workdir / f"serve-{count}", data=None)
    slugs = corpus.write_corpus(project / "data", count, sizes or corpus.Sizes())
    return measure_project(project, slugs, edits, log)


def measure_project(project: Path, slugs: list[str], edits: int = 5,
                    log: Any = print) -> dict[str, Any]:
    """The same, over a project whose corpus is written (bench/measure.py's, built)."""
    count = len(slugs)
    # Charts drawn first, into the cache a desk's serve starts from (its cold start is
    # `make bench`'s cold build, measured there).
    log(f"  {count} briefings: generating (charts into the cache) ...")
    subprocess.run([sys.executable, "build.py", "build", "--no-mkdocs", "-q"], cwd=project,
                   env=cli_env(coverage=False), check=True)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port), "-q"],
                            cwd=project, env=cli_env(coverage=False), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/briefings/{slugs[0]}/"
    times: list[float] = []
    try:
        log(f"  {count} briefings: serve starting ...")
        _wait_up(url, 120 + count)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                page = browser.new_page()
                page.goto(url)
                fact = _first_fact_id(project / "data")
                selector = f'[data-fact="{fact}"]'
                page.wait_for_selector(selector)
                for step in range(1, edits + 1):
                    before, shown = _settled(page, selector)
                    started = time.monotonic()
                    corpus.edit_one_fact(project / "data", 0, step)
                    # Reloaded by itself (a new document), showing the new figure.
                    page.wait_for_function(
                        "([t, sel, old]) => performance.timeOrigin !== t && "
                        "document.querySelector(sel) && "
                        "document.querySelector(sel).innerText !== old",
                        arg=[before, selector, shown], timeout=180_000, polling=50)
                    times.append(time.monotonic() - started)
                    log(f"    edit {step}: {times[-1]:.2f} s")
            finally:
                browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return {"briefings": count, "serve_edit_s": round(statistics.median(times), 2),
            "serve_edit_runs_s": [round(t, 2) for t in times]}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(a) for a in sys.argv[1:]] or [50]:
            print(measure(Path(tmp), n))
