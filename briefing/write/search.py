"""The site's full-text search index: Pagefind, run by the generator over the HTML the engine
has just built, before the site is swapped in (write/staging.py), over each edition before mike
commits it (editions/publish.py), and after each rebuild of the preview (serve.py).

Not an MkDocs hook any more: the engine only builds, so that it stays replaceable (an engine
such as Zensical ignores hooks), and a site is never published without its index.

Why not Material's own search: it puts the whole site's text into one JSON file that every
reader downloads before the first result (12.2 MB at 800 briefings, measured with
`python bench/run.py`). Pagefind splits the index into chunks by word and loads only the
chunks a query needs, then one small fragment per result shown.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from pathlib import Path

from ..errors import BuildError
from . import vocabulary

BUNDLE_DIR = "pagefind"
# What is indexed on a page: the article, not the header, navigation or footer.
ROOT_SELECTOR = "article.md-content__inner"
# Marked data-search-exclude in the templates: citations, source lists, chart graphics and
# data tables, the "what changed" box, the citation block. Also the ¶ permalinks.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".headerlink")
# Briefing pages mark their topics data-pagefind-filter="topic" (templates/briefing.md.j2),
# which the search dialog filters by. Pagefind 1.5 wrote filter indexes in a different order
# on each run, and builds must be byte-identical: 1.6 does not (tests/test_reproducible.py).
# Every page MkDocs writes is <path>/index.html; the one other page, 404.html, is left out.
PAGE_GLOB = "**/index.html"
# Pagefind writes three user interfaces; the site loads the default one only.
UNUSED_FILES = ("pagefind-component-ui.css", "pagefind-component-ui.js",
                "pagefind-modular-ui.css", "pagefind-modular-ui.js", "pagefind-highlight.js")


# Pagefind 1.6 is on npm, not PyPI: package-lock.json pins it, `make site` runs `npm ci`. Its
# binary comes in one package per platform, @pagefind/<os>-<cpu>, as its own npm wrapper
# finds it; the extended build, which also segments Chinese and Japanese text.
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def executable() -> Path:
    """Pagefind's binary for this machine, installed beside the generator's code."""
    system = platform.system().lower()
    cpu = CPUS.get(platform.machine().lower(), platform.machine().lower())
    name = "pagefind_extended.exe" if system == "windows" else "pagefind_extended"
    found = NODE_MODULES / "@pagefind" / f"{system}-{cpu}" / "bin" / name
    if not found.is_file():
        raise BuildError(f"search index: Pagefind is not installed (no {found}); `make site` "
                         "installs it from package-lock.json with `npm ci`")
    return found


def pagefind_command(site_dir: Path, language: str) -> list[str]:
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--root-selector", ROOT_SELECTOR, "--glob", PAGE_GLOB,
               "--force-language", language, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index(site_dir: Path, language: str, background: bool = False) -> None:
    """Write the search index into `site_dir`/pagefind/. `language` is the theme's setting.
    `background`: at the lowest CPU priority (serve's preview, where the next save's
    regeneration and rebuild must not wait for the index of the last: at 800 briefings
    Pagefind keeps both cores busy for seconds)."""
    # Pagefind takes a bare ISO 639-1 code; Material's setting may carry a region ("pt-BR").
    code = re.split(r"[-_]", language or "en")[0].lower()
    site_dir = site_dir.absolute()  # Pagefind runs inside it
    try:
        # cwd: the site itself, so that no pagefind.yml lying around the project is read.
        command = pagefind_command(site_dir, code)
        if background and shutil.which("nice"):
            command = ["nice", "-n", "19", *command]
        done = subprocess.run(command, cwd=site_dir,
                              capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"search index: could not run Pagefind: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError("search index: Pagefind failed: " + " | ".join(detail[-5:]))
    for name in UNUSED_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
    vocabulary.write(site_dir / BUNDLE_DIR)  # for the dialog's spelling suggestion
