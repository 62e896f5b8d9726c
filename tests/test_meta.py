"""Found and shared: every page says what it is to search engines and link previews.

Each page of the built example site carries a meta description and Open Graph title,
description and type. A briefing's description is its bottom line as plain text (figures
written out, no markup), cut between words; other pages carry their own description or
the site's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitecheck import html_pages, page_url, parse_html

from briefing import pipeline
from briefing.pages.renderer import Renderer
from devtools.projects import EXAMPLE_SLUG


def _site_description(project: Path) -> str:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    from mkdocs.utils.yaml import yaml_load

    return " ".join(str(yaml_load(text)["site_description"]).split())


@pytest.fixture(scope="session")  # see conftest.py: once per worker
def metas(built_example: Path) -> dict[str, dict[str, str]]:
    site = built_example / "site"
    return {page_url(site, p): parse_html(p).metas for p in html_pages(site)}


def test_every_page_has_a_description_and_open_graph_fields(metas: dict[str, dict[str, str]],
                                                            built_example: Path) -> None:
    assert len(metas) >= 8
    site_description = _site_description(built_example)
    for url, meta in metas.items():
        description = meta.get("description", "")
        assert len(description) >= 20, f"{url}: description {description!r}"
        assert not re.search(r"[<>]|\{\{|\]\(", description), f"{url}: not plain: {description!r}"
        assert meta.get("og:title"), f"{url}: no og:title"
        assert meta.get("og:description") == description, f"{url}: og:description differs"
        assert meta.get("og:type") in ("article", "website"), f"{url}: og:type"
        assert meta.get("og:site_name"), f"{url}: no og:site_name"
        if not url.startswith("/briefings/" + EXAMPLE_SLUG):
            assert meta["og:type"] == "website", url
    assert metas["/404.html"]["description"] == site_description
    print(f"\nmeta: {len(metas)} pages with description and Open Graph fields")


def test_a_briefing_is_described_by_its_bottom_line(metas: dict[str, dict[str, str]],
                                                    built_example: Path) -> None:
    (rb,) = [rb for rb in pipeline.validate(pipeline.Project(built_example))
             if rb.slug == EXAMPLE_SLUG]
    bottom_line = Renderer(rb).plain(rb.briefing.bottom_line)
    meta = metas[f"/briefings/{EXAMPLE_SLUG}/"]
    description = meta["description"]
    assert meta["og:type"] == "article"
    assert meta["og:title"] == rb.briefing.title
    assert len(description) <= 300
    assert description.endswith("…") and bottom_line.startswith(description[:-1])
    assert "{{" not in description and "3.8 million t" in description  # figures as text
    assert bottom_line[len(description) - 1] in " ,;:"  # cut between words


def test_shared_pages_name_themselves(metas: dict[str, dict[str, str]]) -> None:
    assert metas["/briefings/sources/"]["og:title"] == "Sources"
    assert metas["/briefings/"]["og:title"] == "All briefings"
    assert metas["/"]["og:title"]
