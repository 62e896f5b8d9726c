"""Debian's Chromium through Playwright, launched alike by the tests, the benchmark and the
screenshot script (Playwright cannot download its own browsers on these machines)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# No sandbox (root in a container), no GPU, and nothing that phones home: a page's own
# requests are then the only ones, which the offline tests count.
FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)


def launch(playwright: Playwright, extra: Sequence[str] = ()) -> Browser:
    """Headless Chromium with FLAGS (and `extra`); a clear error if it is not installed."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM}: run `make test`, which "
                                "installs it (or set CHROMIUM to its path)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*FLAGS, *extra])
