"""`build.py serve`: the preview regenerates when data changes (issue 2)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def test_serve_regenerates_when_a_fact_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=ROOT / "tests" / "fixtures" / "minimal")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    url = f"http://127.0.0.1:{port}/briefings/sample-briefing/"
    output = ""
    try:
        wait_for(url, "3.8 million t REO")
        yaml = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
        yaml.write_text(yaml.read_text().replace("value: 3800000", "value: 4100000"))
        body = wait_for(url, "4.1 million t REO")
        assert "3.8 million t REO" not in body
        # A broken edit keeps the last good page and says what is wrong.
        yaml.write_text(yaml.read_text().replace("source: usgs-2025\n  - id: world",
                                                 "source: usgs-2052\n  - id: world"))
        time.sleep(2)
        assert "4.1 million t REO" in (fetch(url) or "")
    except AssertionError as error:
        output = stop(proc)
        raise AssertionError(f"{error}\nserve printed:\n{output}") from None
    output = stop(proc)
    assert "usgs-2052" in output and "did you mean 'usgs-2025'?" in output
    assert "Traceback" not in output
