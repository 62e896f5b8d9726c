"""Valid HTML: the W3C Nu HTML Checker finds no error in the markup the project writes.

Every page of the built example site (templates, theme overrides, generated Markdown, chart
embeds, Material's own frame) goes through vnu.jar, pinned in package.json and installed
by `make test` (`npm ci`). Java runs it.

Known and accepted, because they sit in Material's base.html outside any block that an
override could replace without copying the whole template: the two hidden checkbox toggles
of every page (`#__drawer`, `#__search`) carry autocomplete="off", which HTML allows only on
text-like inputs. Exactly those two messages are filtered, on those two elements; anything
else fails the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sitecheck import html_pages

from devtools.projects import ROOT

# Both tests read one run of the checker: on one worker, or Java starts twice.
pytestmark = pytest.mark.xdist_group("nu")
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KNOWN = [
    # (message start, text the extract must contain)
    ("Attribute “autocomplete” is only allowed when the input type is",
     'type="checkbox" id="__drawer" autocomplete="off"'),
    ("Attribute “autocomplete” is only allowed when the input type is",
     'type="checkbox" id="__search" autocomplete="off"'),
]


def nu_check(paths: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (Java 17 is on the CI machine)"
    assert VNU.is_file(), f"{VNU} is missing: run `make test`, which runs `npm ci`"
    proc = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html",
                           *map(str, paths)], capture_output=True, text=True, timeout=600)
    return json.loads(proc.stderr)["messages"]


def is_known(message: dict[str, object]) -> bool:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return any(text.startswith(start) and needle in extract for start, needle in KNOWN)


def errors(messages: list[dict[str, object]]) -> list[dict[str, object]]:
    return [m for m in messages
            if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"]


BROKEN = ("<!doctype html><html lang=en><title>x</title><figure><p>a</p>"
          "<figcaption>b</figcaption><p>c</p></figure><label for=nope>x</label>")


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def checked(built_example: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[Path, list[dict[str, object]]]:
    """The errors the checker finds in every page of the example site and in one broken
    page, by file: one run of the checker (Java starts once) for both tests below."""
    broken = tmp_path_factory.mktemp("nu") / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    pages = [*html_pages(built_example / "site"), broken]
    found: dict[Path, list[dict[str, object]]] = {page: [] for page in pages}
    for message in errors(nu_check(pages)):
        url = str(message.get("url", ""))
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
        assert path in found, f"a message for a file that was not checked: {message}"
        found[path].append(message)
    return found


def test_every_page_is_valid_html(checked: dict[Path, list[dict[str, object]]],
                                  built_example: Path) -> None:
    site = built_example / "site"
    pages = [page for page in checked if page.is_relative_to(site)]
    assert len(pages) >= 8
    found = [m for page in pages for m in checked[page]]
    known = [m for m in found if is_known(m)]
    unknown = [m for m in found if not is_known(m)]
    assert unknown == [], "\n".join(
        f"{str(m.get('url', '')).split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')} "
        f"[{str(m.get('extract', '')).strip()[:120]}]" for m in unknown)
    assert len(known) <= 2 * len(pages)
    print(f"\nNu checker: {len(pages)} pages, 0 errors in the project's markup "
          f"({len(known)} known in Material's base.html)")


def test_the_checker_reports_errors(checked: dict[Path, list[dict[str, object]]]) -> None:
    (broken,) = [page for page in checked if page.name == "broken.html"]
    found = checked[broken]
    assert len(found) >= 2 and not any(is_known(m) for m in found)
