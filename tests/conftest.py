"""Shared fixtures: copies of the project to build in, the example site built once per
session, local servers, a browser. The helpers behind them live in devtools/ (shared with
bench/ and scripts/).

Fixtures that build something are session-scoped, also those a single module uses: an
xdist worker may run other modules' tests between a module's own, and a module-scoped
fixture would then be built again after each such interruption.

Browser tests drive Debian's Chromium through Playwright. They never skip: if
Chromium is missing, `make test` installs it first, and a run without it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from devtools.chromium import launch
from devtools.projects import built_copy, copy_project
from devtools.server import Server

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--dist loadgroup` groups tests by the `@group` suffix xdist adds to each marked test's
    id on the worker, but xdist 3.8 writes it to `item._nodeid`, which pytest 9.2 no longer
    reads (its ids are structured, `item._id`): every xdist_group was silently ignored and
    the module fixtures of a group were built on both workers (pytest-xdist issue 1386).
    Adds the suffix where it is missing; once xdist writes it itself, this does nothing."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId  # pytest's own type for ids, since 9.2

    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = NodeId.parse(item.nodeid + suffix)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the repository (code, templates, docs, the example data)."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per session (per xdist worker) from a copy of the
    repository. Read it, serve it or copy it; never change it.

    Built by `briefing.cli.main(["build"])` in this process, which costs a third of a
    subprocess build once the imports are warm; test_reproducible.py checks that
    `python build.py build` makes the very same bytes."""
    return built_copy(tmp_path_factory.mktemp("example") / "project")


@pytest.fixture(scope="session")
def example_server(built_example: Path) -> Iterator[Server]:
    with Server(built_example / "site") as server:
        yield server


@pytest.fixture(scope="session")
def mounted(built_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site served at its site_url path (where 404.html finds its assets)."""
    from sitecheck import mount_site

    root = tmp_path_factory.mktemp("mount")
    prefix = mount_site(built_example, root)
    with Server(root) as server:
        yield server.url + prefix


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            instance = launch(p)
        except FileNotFoundError as missing:
            pytest.fail(str(missing))
        yield instance
        instance.close()
