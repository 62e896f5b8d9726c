"""Dates as charts show them, at the precision the data give: a cell of a `date` column is
an ISO partial date ("2023", "2023-Q2", "2023-06", "2023-06-15"). Here: its precision, the
instant a chart places it at (the start of its period, in UTC milliseconds), its words
("June 2023", "Q2 2023") and time-axis ticks that always carry the year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

PRECISIONS = ("year", "quarter", "month", "day")  # coarse to fine
_FORM = re.compile(r"^(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?$")
_EPOCH = dt.date(1970, 1, 1)


def parse(value: str) -> tuple[str, dt.date]:
    """A partial date's precision and the first day of its period. ValueError if malformed."""
    match = _FORM.match(str(value).strip())
    if not match:
        raise ValueError(value)
    year, quarter, month, day = match.groups()
    if quarter:
        return "quarter", dt.date(int(year), 3 * int(quarter) - 2, 1)
    if day:
        return "day", dt.date(int(year), int(month), int(day))
    if month:
        return "month", dt.date(int(year), int(month), 1)
    return "year", dt.date(int(year), 1, 1)


def millis(day: dt.date) -> int:
    """UTC milliseconds, as a Vega time scale reads a number."""
    return (day - _EPOCH).days * 86_400_000


def text(value: str) -> str:
    """'2023-06' → 'June 2023', '2023-Q2' → 'Q2 2023', '2023-06-15' → '15 June 2023'."""
    try:
        precision, day = parse(value)
    except ValueError:
        return str(value)
    if precision == "year":
        return str(day.year)
    if precision == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if precision == "month":
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def finest(values: list[Any]) -> str:
    """The finest precision among a column's values ('year' when there are none)."""
    found = {parse(v)[0] for v in values if v is not None}
    return max(found, key=PRECISIONS.index) if found else "year"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def axis(values: list[Any], precision: str, most: int = 7) -> dict[str, Any]:
    """Axis properties for a time axis: explicit ticks at period starts, no more than
    `most`, labelled with the year always and never finer than the data ("Jun 2023",
    "Q2 2023", "2023"). Day data keep Vega's ticks, labelled day, month and year."""
    days = sorted({parse(v)[1] for v in values if v is not None})
    if precision == "day" or not days:
        return {"format": "%-d %b %Y", "tickCount": 5}
    first, last = days[0], days[-1]
    span = (last.year - first.year) * 12 + last.month - first.month
    unit = {"year": 12, "quarter": 3, "month": 1}[precision]
    steps = [s for s in (1, 2, 3, 6, 12, 24, 60, 120, 240, 600) if s % unit == 0]
    step = next((s for s in steps if span // s + 1 <= most), steps[-1])
    start = first if step < 12 else dt.date(first.year, 1, 1)
    if step >= 12 and first.year % (step // 12):
        start = dt.date(first.year - first.year % (step // 12), 1, 1)
    ticks, day = [], start
    while day <= last:
        if day >= first or step >= 12:
            ticks.append(millis(day))
        day = _add_months(day, step)
    out: dict[str, Any] = {"values": ticks, "tickCount": len(ticks)}
    if step >= 12:
        out["format"] = "%Y"
    elif precision == "quarter":
        out["labelExpr"] = "'Q' + utcquarter(datum.value) + ' ' + utcyear(datum.value)"
    else:
        out["format"] = "%b %Y"
    return out
