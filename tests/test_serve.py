"""`build.py serve`: the preview regenerates when data changes (issue 2)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
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


class Output:
    """What a process prints, read line by line in a thread while the test goes on."""

    def __init__(self, proc: subprocess.Popen[str]):
        self.lines: list[str] = []
        self.proc = proc
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.text:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"serve never printed {text!r}")
            time.sleep(0.1)

    def stop(self) -> str:
        """Ctrl-C to the process group (a forced kill after 20 s); everything it printed."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.thread.join(timeout=10)
        return self.text


def test_serve_regenerates_when_a_fact_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", data=ROOT / "tests" / "fixtures" / "minimal")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    output = Output(proc)
    url = f"http://127.0.0.1:{port}/briefings/sample-briefing/"
    try:
        wait_for(url, "3.8 million t REO")
        yaml = project / "data" / "briefings" / "sample-briefing" / "briefing.yaml"
        yaml.write_text(yaml.read_text().replace("value: 3800000", "value: 4100000"))
        body = wait_for(url, "4.1 million t REO")
        assert "3.8 million t REO" not in body
        # A broken edit keeps the last good page and says what is wrong: once serve has
        # said so (it has looked at the edit), the page is still the last good one.
        yaml.write_text(yaml.read_text().replace("source: usgs-2025\n  - id: world",
                                                 "source: usgs-2052\n  - id: world"))
        output.wait_for("the preview keeps the last good pages")
        assert "4.1 million t REO" in (fetch(url) or "")
    except AssertionError as error:
        raise AssertionError(f"{error}\nserve printed:\n{output.stop()}") from None
    printed = output.stop()
    assert "usgs-2052" in printed and "did you mean 'usgs-2025'?" in printed
    assert "Traceback" not in printed
