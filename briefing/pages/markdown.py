"""Data text made safe for the Markdown pages: escapes, one-line descriptions, front matter.

Data text (labels, quotes, titles) lands in three kinds of place: a Markdown context
(headings, list items), an HTML fragment that Markdown still reads (a figure or citation
inside prose), and the YAML front matter that MkDocs prints into the HTML head. Each has
its own escape here.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|>-])")


def md_escape(text: str) -> Markup:
    """Text for a Markdown context (headings, list items): HTML- and Markdown-escaped.

    Quotes stay as they are: in text they need no escape, and the table of contents
    would show an escaped one (&#34;) as typed."""
    return Markup(MD_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False)))


# What Markdown reads inside a line, and what ends an HTML attribute. Data text inside a
# fragment that Markdown still reads (a figure, citation or claim in prose) carries these as
# numeric character references: Markdown leaves them alone, browsers show the characters.
# Without this, `[a](javascript:...)` in a source title became a link inside a tooltip.
_MD_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}\n\r"})


def md_safe(text: str) -> Markup:
    """Data text for an HTML fragment that Markdown will read: HTML- and Markdown-inert."""
    return Markup(str(text).translate(_MD_INLINE))


def plain(text: str) -> str:
    """Prose reduced to one plain line, for meta descriptions and feeds."""
    text = re.sub(r"[*_`#>\[\]]", "", text)
    return " ".join(text.split())


def shorten(text: str, limit: int = 300) -> str:
    """At most `limit` characters, cut between words with an ellipsis: a search result or a
    link preview shows the description whole or ending cleanly."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


FrontMatterValue = str | bool | int | float | list[str] | None


def front_matter(**fields: FrontMatterValue) -> str:
    """YAML front matter. MkDocs and Material print a page's title and description into the
    HTML as they are (the head, the header bar, the search index): they are HTML, so data
    text in them is escaped here."""
    lines = ["---"]
    for key, value in fields.items():
        if key in ("title", "description") and isinstance(value, str):
            value = html.escape(value, quote=True)
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
