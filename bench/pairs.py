"""A ratio of two timings that does not flip with the machine's noise.

The runs it compares are taken in turns (A, B, A, B, ...), so that a burst of other work
on this shared machine slows one pair rather than all of A or all of B; the ratio is the
median of the pairs' ratios, written with the lowest and highest of them.
"""

from __future__ import annotations

import statistics


def paired_ratio(a: list[float], b: list[float]) -> tuple[float, list[float]]:
    """Median of a[i] / b[i] over the pairs, and [min, max] of them, rounded to 3 places."""
    if not a or len(a) != len(b):
        raise ValueError(f"expected as many runs of each, at least one: {len(a)} and {len(b)}")
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return round(statistics.median(ratios), 3), [round(min(ratios), 3), round(max(ratios), 3)]
