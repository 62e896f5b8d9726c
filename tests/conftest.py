"""Shared fixtures: copies of the project to build in, the CLI, a local server, a browser.

Browser tests drive Debian's Chromium through Playwright. They never skip: if
Chromium is missing, `make test` installs it first, and a run without it fails.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_SLUG = "russia-us-rare-earths-aluminium"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# What a project copy needs; data/ is copied separately so tests can swap it.
PROJECT_FILES = ("build.py", "mkdocs.yml", "pyproject.toml", "templates", "overrides", "docs",
                 "briefing")


def copy_project(dest: Path, data: Path | None = ROOT / "data") -> Path:
    """A copy of the project without build output, to build and break freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                "__pycache__", "briefings" if name == "docs" else "__none__"))
        else:
            shutil.copy2(src, dest / name)
    if data is not None:
        shutil.copytree(data, dest / "data")
    return dest


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(project: Path, *args: str, timeout: float = 300) -> Run:
    """`python build.py ARGS` in a project folder, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([sys.executable, "build.py", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per session from a copy of the repository."""
    dest = copy_project(tmp_path_factory.mktemp("example") / "project")
    result = run_cli(dest, "build")
    assert result.code == 0, result.text
    return dest


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def example_server(built_example: Path) -> Iterator[Server]:
    server = Server(built_example / "site")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def mounted(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site served at its site_url path (where 404.html finds its assets)."""
    from sitecheck import mount_site

    root = tmp_path_factory.mktemp("mount")
    prefix = mount_site(built_example, root)
    server = Server(root)
    yield server.url + prefix
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
