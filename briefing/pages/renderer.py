"""Facts, claims and sources of one briefing as HTML fragments, and analyst prose rendered.

Two kinds of text meet here and are kept apart:

* data text (labels, quotes, titles) inside a fragment is made HTML- and Markdown-inert
  (markdown.md_safe), as the fragment lands in Markdown that is read again;
* prose (bottom line, section bodies, claim reasoning) is Markdown written by the
  analyst. Its `{{ fact("id") }}` references are rendered here; anything else in
  it that looks like HTML is escaped, so a `<script>` shows as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup, escape

from .. import format as fmt
from ..check.prose import render as render_prose
from ..check.resolved import FactView, ResolvedBriefing
from ..fields import VERDICT_TEXT
from .markdown import md_safe, plain
from .search_terms import ATTRIBUTE, INDEX_ATTRS, figure_variants, hidden


class Renderer:
    """Renders facts, claims and sources as HTML fragments for one briefing."""

    def __init__(self, rb: ResolvedBriefing, page: str = "") -> None:
        self.rb = rb
        # Where citations and claim links point: "" on the briefing's own page, its URL
        # relative to the page elsewhere (a card on the home page cites the briefing's list).
        self.page = page

    def _source_name(self, source_id: str) -> str:
        source = self.rb.sources[source_id]
        return f"{source.publisher}, {source.title}" + (f", {source.where}" if source.where
                                                          else "")

    def source_tip(self, view: FactView) -> str:
        names = [self._source_name(s) for s in view.sources]
        tip = "; ".join(names)
        if view.as_of:
            tip += f" — as of {fmt.format_date_text(view.as_of)}"
            if view.estimate:
                tip += " (estimate)"
        if view.formula:
            tip = f"Derived: {view.formula}. " + tip
        if view.note:
            tip += f". Note: {view.note}"
        return tip

    def cite(self, source_ids: list[str]) -> Markup:
        # No `title` attribute: Material's tooltips insert a title into the page as HTML,
        # so a hostile source title would run on hover. The tooltip is our own CSS one,
        # drawn from `data-tip` as text (as for figures).
        links = ", ".join(
            f'<a href="{self.page}#source-{s}" data-tip="{md_safe(self._source_name(s))}" '
            f'aria-label="Source {self.rb.source_numbers[s]}: '
            f'{md_safe(self._source_name(s))}">{self.rb.source_numbers[s]}</a>'
            for s in source_ids
        )
        # Out of the search index: "[3]" in every result's text helps no reader, and at
        # 800 briefings the markers alone were 1.3 MB of it.
        return Markup(f'<sup class="cite" data-search-exclude>[{links}]</sup>')

    def fact(self, fact_id: str, cite: bool = True) -> Markup:
        view = self.rb.facts[fact_id]
        classes = "fact"
        flag = ""
        if view.confidence == "low":
            classes += " fact--low"
            flag = ' <span class="fact__flag">(low confidence)</span>'
        elif view.formula:
            classes += " fact--derived"
        # Other spellings of the figure, for the search index only (pages/search_terms.py).
        variants = figure_variants(view.display)
        also = (f' {ATTRIBUTE}="{escape(hidden(" ".join(variants)))}" {INDEX_ATTRS}'
                if variants else "")
        out = (
            f'<span class="{classes}" data-fact="{escape(view.id)}" tabindex="0"{also} '
            f'data-tip="{md_safe(self.source_tip(view))}">{md_safe(view.display)}</span>'
            f'{flag}'
        )
        return Markup(out) + (self.cite(view.sources) if cite else Markup(""))

    def claim(self, claim_id: str) -> Markup:
        claim = self.rb.claims[claim_id]
        label = claim.summary or claim.words
        return Markup(
            f'<a class="claim-ref" href="{self.page}#claim-{escape(claim.id)}">'
            f"{md_safe(label)}</a> "
            f'<span class="verdict verdict--{claim.verdict}">{VERDICT_TEXT[claim.verdict]}</span>'
        )

    def claim_title(self, claim_id: str) -> Markup:
        """The claim's name as a search sub-result: speaker, then summary or words, for an
        attribute of the claim's `<article markdown>`. Markdown's md_in_html decodes that
        element's attributes once and writes entities back as they stand ("&amp;lt;" came
        out as "<"): escaped once more, the attribute reads as typed (tests/test_hostile.py)."""
        claim = self.rb.claims[claim_id]
        inert = f"{md_safe(claim.speaker)}: {md_safe(claim.summary or claim.words)}"
        return Markup(html.escape(inert, quote=True))

    def source_titles(self) -> Markup:
        """Every source's title, for the search index only (templates/briefing.md.j2)."""
        return Markup(". ".join(md_safe(s.title) for s in self.rb.briefing.sources))

    def source(self, source_id: str) -> Markup:
        return self.cite([source_id])

    def plain(self, text: str) -> str:
        """Prose as one plain line (meta descriptions, feeds): figures as text, no markup."""
        helpers: dict[str, Callable[[str], str]] = {
            "fact": lambda i: self.rb.facts[i].display,
            "value": lambda i: self.rb.facts[i].display,
            "label": lambda i: self.rb.facts[i].label,
            "claim": lambda i: self.rb.claims[i].summary or self.rb.claims[i].words,
            "source": lambda i: "",
        }
        return plain(render_prose(text, helpers))

    def prose(self, text: str) -> Markup:
        """Analyst Markdown with references rendered and raw HTML escaped."""
        fragments: dict[str, str] = {}

        def keep(fragment: Markup) -> str:
            token = f"\x1a{len(fragments)}\x1a"
            fragments[token] = str(fragment)
            return token

        helpers: dict[str, Callable[[str], str]] = {
            "fact": lambda i: keep(self.fact(i)),
            "value": lambda i: keep(self.fact(i, cite=False)),
            "label": lambda i: keep(md_safe(self.rb.facts[i].label)),
            "claim": lambda i: keep(self.claim(i)),
            "source": lambda i: keep(self.source(i)),
        }
        rendered = render_prose(text, helpers)
        # Escape what the analyst typed (no raw HTML from data), then put our fragments back.
        escaped = html.escape(rendered, quote=False)
        # Nor Markdown that reaches past text: attribute lists (`{: onclick=...}`) and
        # snippet includes (`--8<-- "file"`) are shown as typed.
        escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
        escaped = re.sub(r"(?m)^(\s*;?)-(-*8<)", r"\1&#45;\2", escaped)
        for token, fragment in fragments.items():
            escaped = escaped.replace(token, fragment)
        return Markup(escaped)
