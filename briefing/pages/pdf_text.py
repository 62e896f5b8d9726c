"""Analyst prose as the PDF template's blocks and runs (templates/briefing.typ).

The prose is Markdown. markdown-it reads it into tokens (raw HTML stays text, as on the
site), and each block and inline run becomes a small JSON record that the template
places as text: nothing the analyst typed is ever read as Typst markup. References
(`{{ fact("id") }}` & co.) become records of their own, so that a figure carries its
source as a footnote and a claim its verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import format as fmt
from ..check.prose import render as render_prose
from ..check.resolved import FactView, ResolvedBriefing
from ..fields import VERDICT_TEXT
from .renderer import Renderer

Record = dict[str, Any]  # Any: the template reads free-form JSON

_TOKEN = re.compile("\x1a(\\d+)\x1a")
# Characters no reader sees and PDF/UA-1 refuses in text (U+FEFF), C0 controls other than
# line breaks and tabs (the placeholder this module uses for references among them), and
# the explicit bidi embeddings, overrides and isolates: an override would show "evil" as
# "live" on paper, and a reader of a printed page cannot inspect what was typed. Right-
# to-left scripts still run right to left, by the characters' own direction.
_INVISIBLE = re.compile("[\ufeff\x00-\x08\x0b-\x1f\x7f\ufff9-\ufffb"
                        "\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


# A word longer than a line holds (a 300-letter name, a pasted hash) would run off the
# page: Typst breaks lines only between words or where hyphenation patterns allow.
_LONG_WORD = re.compile(r"\S{40,}")
_BREAK_EVERY = 20


def _breakable(match: re.Match[str]) -> str:
    word = match.group(0)
    # U+200B: a place to break that shows nothing, and copies as nothing visible.
    return "\u200b".join(word[i:i + _BREAK_EVERY] for i in range(0, len(word), _BREAK_EVERY))


def clean(text: str) -> str:
    """Data text as it may stand in the PDF: every visible character kept, as typed."""
    return _LONG_WORD.sub(_breakable, _INVISIBLE.sub("", text))


def fact_note(rb: ResolvedBriefing, view: FactView) -> str:
    """A figure's footnote: what it is, its source (with its number in the list), as-of."""
    numbers = ", ".join(f"[{rb.source_numbers[s]}]" for s in view.sources)
    return clean(f"{view.label}: {Renderer(rb).source_tip(view)} {numbers}")


def fact_record(rb: ResolvedBriefing, fact_id: str, seen: set[str]) -> Record:
    """A figure and its footnote. `seen`: the figures already footnoted, in the order the
    template places them: a figure cited again points to its first footnote rather than
    repeating it (the example's pages were half footnotes)."""
    view = rb.facts[fact_id]
    display = view.display + (" (low confidence)" if view.confidence == "low" else "")
    first = fact_id not in seen
    seen.add(fact_id)
    return {"k": "fact", "id": fact_id, "first": first, "display": clean(display),
            "note": fact_note(rb, view) if first else None}


def as_of_text(view: FactView) -> str | None:
    if not view.as_of:
        return None
    return "As of " + fmt.format_date_text(view.as_of) + (" (estimate)" if view.estimate else "")


class Prose:
    """Turns one briefing's prose into blocks, in the order the template shows them (for
    the footnotes); links resolve against the page's address."""

    def __init__(self, rb: ResolvedBriefing, page_url: str) -> None:
        self.rb = rb
        self.page_url = page_url
        self.seen: set[str] = set()  # figures footnoted so far (fact_record)

    def _reference(self, name: str, ref_id: str) -> Record:
        rb = self.rb
        if name in ("fact", "value"):
            return fact_record(rb, ref_id, self.seen)
        if name == "label":
            return {"k": "text", "t": clean(rb.facts[ref_id].label)}
        if name == "claim":
            claim = rb.claims[ref_id]
            return {"k": "claim", "label": clean(claim.summary or claim.words),
                    "verdict": claim.verdict, "verdict_text": VERDICT_TEXT[claim.verdict]}
        return {"k": "src", "numbers": [rb.source_numbers[ref_id]]}

    def blocks(self, text: str) -> list[Record]:
        refs: list[Record] = []

        def keep(name: str) -> Callable[[str], str]:
            def helper(ref_id: str) -> str:
                refs.append(self._reference(name, ref_id))
                return f"\x1a{len(refs) - 1}\x1a"
            return helper

        helpers = {name: keep(name) for name in ("fact", "value", "label", "claim", "source")}
        # The placeholder character is removed from what the analyst typed first, so that
        # only references ever carry it.
        rendered = render_prose(text.replace("\x1a", ""), helpers)
        tokens = _MARKDOWN.parse(rendered)
        return _Walker(refs, self.page_url).blocks(tokens, 0, None)[0]


class _Walker:
    def __init__(self, refs: list[Record], page_url: str) -> None:
        self.refs = refs
        self.page_url = page_url

    def text(self, value: str) -> list[Record]:
        """Text with its reference placeholders turned back into their records."""
        out: list[Record] = []
        for i, part in enumerate(_TOKEN.split(value)):
            if i % 2:
                out.append(self.refs[int(part)])
            elif part:
                out.append({"k": "text", "t": clean(part)})
        return out

    def plain(self, value: str) -> str:
        """Text in a code span: a reference shows as its text (a figure as its display)."""
        def one(m: re.Match[str]) -> str:
            ref = self.refs[int(m.group(1))]
            return str(ref.get("display") or ref.get("t") or ref.get("label") or "")
        return clean(_TOKEN.sub(one, value))

    @staticmethod
    def _until(tokens: list[Token], i: int, close: str | None,
               one: Callable[[Token, list[Record], list[Token], int], int]
               ) -> tuple[list[Record], int]:
        """The records of tokens[i:] up to `close` (consumed; None: to the end), each token
        handled by `one(token, out, tokens, next index)`, which returns where to go on."""
        out: list[Record] = []
        while i < len(tokens):
            t = tokens[i]
            i += 1
            if close is not None and t.type == close:
                return out, i
            i = one(t, out, tokens, i)
        return out, i

    def runs(self, tokens: list[Token], i: int, close: str | None) -> tuple[list[Record], int]:
        return self._until(tokens, i, close, self._run)

    def _run(self, t: Token, out: list[Record], tokens: list[Token], i: int) -> int:
        if t.type == "text":
            out += self.text(t.content)
        elif t.type == "softbreak":
            out.append({"k": "text", "t": " "})
        elif t.type == "hardbreak":
            out.append({"k": "break"})
        elif t.type == "code_inline":
            out.append({"k": "code", "t": self.plain(t.content)})
        elif t.type in ("strong_open", "em_open"):
            inner, i = self.runs(tokens, i, t.type.replace("_open", "_close"))
            out.append({"k": t.type.removesuffix("_open"), "runs": inner})
        elif t.type == "link_open":
            inner, i = self.runs(tokens, i, "link_close")
            href = urljoin(self.page_url, str(t.attrs.get("href", "")))
            out.append({"k": "link", "href": href, "runs": inner})
        elif t.type == "image":  # refused by validation; its words if one got here
            out.append({"k": "text", "t": clean(t.content)})
        return i

    def blocks(self, tokens: list[Token], i: int, close: str | None) -> tuple[list[Record], int]:
        return self._until(tokens, i, close, self._block)

    def _block(self, t: Token, out: list[Record], tokens: list[Token], i: int) -> int:
        if t.type in ("paragraph_open", "heading_open"):
            runs = self.runs(tokens[i].children or [], 0, None)[0]
            out.append({"k": "p" if t.type == "paragraph_open" else "h", "runs": runs})
            i += 2  # the inline token and the closing one
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            closing = t.type.replace("_open", "_close")
            items = []
            while tokens[i].type != closing:
                item, i = self.blocks(tokens, i + 1, "list_item_close")
                items.append(item)
            out.append({"k": "list", "ordered": t.type == "ordered_list_open",
                        "items": items})
            i += 1
        elif t.type == "blockquote_open":
            inner, i = self.blocks(tokens, i, "blockquote_close")
            out.append({"k": "quote", "blocks": inner})
        elif t.type in ("fence", "code_block"):
            out.append({"k": "code", "t": self.plain(t.content)})
        elif t.type == "hr":
            out.append({"k": "rule"})
        return i
