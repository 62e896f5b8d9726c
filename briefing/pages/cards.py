"""Link preview cards: a 1200×630 PNG per briefing (its title, the start of its bottom line,
edition date and status) and one for the site, shown when a page is shared in a chat or a
social network (og:image).

A card is an SVG made here from text only, then converted by vl-convert (as chart PNGs
are), whose renderer uses the fonts installed on the machine, offline. The same SVG gives
the same bytes, so the pipeline caches a card's PNG by the hash of its SVG (card_key).
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 1200, 630
CARDS_DIR = "_cards"  # site card under the generated folder; no slug starts with "_"
SITE_CARD = f"{CARDS_DIR}/site.png"
BRIEFING_CARD = "card.png"  # beside each briefing page
STATUS_COLOURS = {"developing": "#b45309", "stable": "#15803d", "closed": "#475569"}


@dataclass(frozen=True)
class Card:
    path: str  # under the generated folder, e.g. "<slug>/card.png"
    svg: str

    @property
    def key(self) -> str:
        return card_key(self.svg)


def card_key(svg: str) -> str:
    return "card-" + hashlib.sha256(b"card/1\0" + svg.encode()).hexdigest()[:32]


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(" ,;:.") + "…"
    return lines


def _tspans(lines: list[str], x: int, y: int, step: int) -> str:
    return "".join(f'<tspan x="{x}" y="{y + i * step}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))


def card_svg(site_name: str, title: str, summary: str, footer: str,
             status: str | None = None) -> str:
    """The card's SVG; every text passes through XML escaping."""
    title_lines = _lines(title, 34, 3)
    top = 190
    summary_y = top + 70 * len(title_lines) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fbfaf7"/>',
        '<rect width="24" height="630" fill="#1f3a5f"/>',
        f'<text x="80" y="110" font-family="sans-serif" font-size="30" font-weight="bold" '
        f'fill="#1f3a5f">{escape(site_name)}</text>',
        f'<text font-family="serif" font-size="62" font-weight="bold" fill="#111827">'
        f'{_tspans(title_lines, 80, top, 70)}</text>',
        f'<text font-family="sans-serif" font-size="30" fill="#374151">'
        f'{_tspans(_lines(summary, 62, 3), 80, summary_y, 42)}</text>',
        f'<text x="80" y="570" font-family="sans-serif" font-size="28" fill="#4b5563">'
        f'{escape(footer)}</text>',
    ]
    if status:
        colour = STATUS_COLOURS.get(status, "#475569")
        label = escape(status.capitalize())
        width = 28 + 17 * len(status)
        parts.append(f'<rect x="{1120 - width}" y="535" width="{width}" height="50" rx="25" '
                     f'fill="{colour}"/><text x="{1120 - width / 2:.0f}" y="569" '
                     f'text-anchor="middle" font-family="sans-serif" font-size="26" '
                     f'font-weight="bold" fill="#ffffff">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_png(svg: str) -> bytes:
    import vl_convert as vlc  # imported here: only a build that makes a new card pays for it

    return bytes(vlc.svg_to_png(svg))
