"""Pages: Jinja templates in templates/ → Markdown pages for docs/briefings/ (in memory).

    markdown.py     escapes for Markdown and HTML contexts, one-line text, front matter
    renderer.py     a briefing's facts, claims, sources and prose as HTML fragments
    environment.py  the Jinja environment; a broken template → TemplateError at file:line
    site.py         the pages: one per briefing, the lists, the sources, the charts block
    exports.py      facts.json, the data behind an edition
    pdf.py          the PDF edition: the briefing as JSON, typeset by Typst (briefing.typ)
    pdf_text.py     prose and data text as the PDF template's blocks and runs

`Page` (a path under docs/ and its bytes) is what the next stages write.
"""

from .site import GENERATED_DIR, Page

__all__ = ["GENERATED_DIR", "Page"]
