"""The site's vocabulary for the search dialog's spelling suggestion.

Pagefind matches words exactly (and by prefix): "Krasnoyarks" or "Peskob" find nothing. The
dialog (docs/assets/search.js) corrects a query word that is not on the site to the most
frequent site word one edit away (a letter dropped, added, changed or two swapped). That
needs the words the index holds, which Pagefind does not publish: they are read here from
its fragment files (each indexed page's text as the search shows it) after it has run, and
written beside its index as one small JSON file, fetched only when a reader opens search.
Words are listed most frequent first, then alphabetically: the same site gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

FILE = "vocabulary.json"
# Pagefind's fragment files: gzip of this signature followed by the page's record as JSON.
SIGNATURE = b"pagefind_dcd"
# Words worth correcting to: letters only, four or more (a typo in a short word has too
# many neighbours to guess from).
WORD = re.compile(r"[^\W\d_]{4,}")


def site_words(bundle: Path) -> Counter[str]:
    """How often each word occurs in the indexed text of the pages in `bundle`/fragment/."""
    counts: Counter[str] = Counter()
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(SIGNATURE):
            continue  # not a fragment this version of Pagefind writes: nothing to learn
        record = json.loads(raw[len(SIGNATURE):])
        counts.update(w.lower() for w in WORD.findall(record.get("content", "")))
    return counts


def write(bundle: Path) -> None:
    counts = site_words(bundle)
    words = sorted(counts, key=lambda w: (-counts[w], w))
    (bundle / FILE).write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")),
                               encoding="utf-8")
