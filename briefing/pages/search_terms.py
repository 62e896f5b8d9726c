"""What a reader may type for a figure that the page does not show as typed.

Pagefind matches words as they stand on the page: "3.8 million t" is not found by
"3,800,000", "3800000" or "3.8 million tonnes", nor "53%" by "53 percent". Each figure
carries these other spellings in an attribute that Pagefind indexes
(`data-pagefind-index-attrs`): in the index, not in the page's text, so neither sighted
readers nor screen readers meet them, and the no-hand-typed-numbers scan of the page's text
(tests/test_browser.py) still sees each figure once. They are read off the figure as shown
(after unit conversion: 3,800 kt is shown, and searched for, as 3.8 million t).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Around the words indexed from attributes, invisible characters: Pagefind quotes those
# words in a result's excerpt as if they were the page's text ("percent per cent 53percent
# 53% of output"), and docs/assets/search.js takes out what lies between these two.
HIDDEN_START, HIDDEN_END = "\u2063", "\u2064"


def hidden(words: str) -> str:
    """`words` as an indexed attribute holds them: between the two marks, spaced apart so
    that each mark is a word of its own and no figure is indexed with one."""
    return f"{HIDDEN_START} {words} {HIDDEN_END}"


# The attribute the variants are kept in, and the one that tells Pagefind to index it.
ATTRIBUTE = "data-search-also"
INDEX_ATTRS = f'data-pagefind-index-attrs="{ATTRIBUTE}"'
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# A number as format.py shows it, with its scale word and what follows it.
_FIGURE = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s(?P<scale>thousand|million|billion|"
                     r"trillion)\b)?(?P<rest>.*)", re.S)
# Unit symbols as readers spell them, British and American ("t" is shown; readers type
# "tonnes" or "tons"; "%" is typed "percent" or "per cent").
UNIT_WORDS = {"t": "tonnes tons", "%": "percent per cent"}


def figure_variants(display: str) -> list[str]:
    """Other spellings of a shown figure ("3.8 million t REO") than its own, in a fixed
    order: ["3,800,000", "3800000", "tonnes tons"]; a share adds its one word ("53%":
    ["percent per cent", "53percent"]). None for text that is not a number."""
    found = _FIGURE.search(display)
    if found is None:
        return []
    try:
        value = Decimal(found["num"].replace(",", "")) * SCALES.get(found["scale"] or "", 1)
    except InvalidOperation:
        return []
    out: list[str] = []
    if value >= 1000 and value == value.to_integral_value():
        whole = int(value)
        for text in (f"{whole:,}", str(whole)):  # 3,800,000 and 3800000
            if text not in display and text not in out:
                out.append(text)
    rest = found["rest"].strip()
    unit = "%" if rest.startswith("%") else rest.split(" ", 1)[0]
    if unit in UNIT_WORDS:
        out.append(UNIT_WORDS[unit])
    if unit == "%":
        out.append(percent_token(found["num"]))
    return out


def percent_token(number: str) -> str:
    """One word for a share ("53percent"), which docs/assets/search.js makes of "53%",
    "53 percent" and "53 per cent" in a query too. Pagefind indexes "53%" as the word "53",
    which every "53.5 million" and "1,253" of other pages also gives: a query for a share
    found a shorter page of such figures first (measured over the query set)."""
    return f"{number.replace(',', '')}percent"


# British and American spellings readers type for words briefings use. Pagefind finds a word
# only as spelled, and a query's words must all be on a page: a page that says "aluminium"
# carries "aluminum" for the index, and the other way round.
SPELLINGS = (("aluminium", "aluminum"), ("tonnes", "tons"), ("tonne", "ton"),
             ("programme", "program"), ("optimisation", "optimization"),
             ("stabilising", "stabilizing"), ("capitalise", "capitalize"),
             ("defence", "defense"), ("licence", "license"), ("centre", "center"),
             ("sulphur", "sulfur"), ("normalised", "normalized"), ("labour", "labor"))
SPELLINGS_ATTRIBUTE = "data-search-spellings"


def spelling_variants(text: str) -> list[str]:
    """The other spelling of each word of SPELLINGS that `text` uses in one spelling only."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    out = []
    for british, american in SPELLINGS:
        if british in words and american not in words:
            out.append(american)
        elif american in words and british not in words:
            out.append(british)
    return out


def spelling_block(text: str) -> str:
    """An empty element whose attribute Pagefind indexes: the other spellings of `text`'s
    words, in the index and not on the page (nothing shown, nothing read aloud)."""
    variants = spelling_variants(text)
    if not variants:
        return ""
    return (f'\n<div {SPELLINGS_ATTRIBUTE}="{hidden(" ".join(variants))}" '
            f'data-pagefind-index-attrs="{SPELLINGS_ATTRIBUTE}"></div>\n')
