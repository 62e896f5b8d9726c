"""What keeps pages and the search index small as the site grows.

The search index holds the briefings' text, not what repeats or is data: citation
markers, each page's own source list, the site-wide list of which briefing cites what
(Material leaves out anything marked data-search-exclude). The Vega bundle is not in
a page's critical path: charts.js fetches it after the page has loaded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLE_SLUG


def _index(built: Path) -> list[dict[str, str]]:
    return json.loads((built / "site" / "search" / "search_index.json").read_text())["docs"]


def test_search_index_leaves_out_citations_and_source_lists(built_example: Path) -> None:
    docs = _index(built_example)
    mine = [d for d in docs if d["location"].startswith(f"briefings/{EXAMPLE_SLUG}/")]
    assert mine, "the briefing is not in the search index"
    assert any("Russia" in d["text"] for d in mine)  # its text is
    assert not any("<sup>" in d["text"] for d in mine)  # its citation markers are not
    assert not any(d["location"].endswith("#sources") for d in mine)
    sources = [d for d in docs if d["location"].startswith("briefings/sources/")]
    assert sources and "U.S. Geological Survey" in sources[0]["text"]
    assert not any("Cited in" in d["text"] for d in sources)


def test_vega_bundle_is_fetched_after_the_page(built_example: Path) -> None:
    html = (built_example / "site" / "briefings" / EXAMPLE_SLUG / "index.html").read_text()
    assert not re.search(r"<script[^>]*\bsrc=\"[^\"]*vega-bundle\.js", html)
    assert re.search(r"<script defer src=\"[^\"]*charts\.js[^\"]*\" "
                     r"data-vega=\"[^\"]*vega-bundle\.js", html)
