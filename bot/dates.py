"""Absolute dates as minutes write them: titles, file names, headings.

Relative phrases ("next week", "by Friday") depend on a follow-up's wording and live with
the follow-up extractor; this module only finds dates that stand on their own.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_PATTERNS = [
    re.compile(rf"(?<!\d){_YEAR}[-_./]?(?P<m>\d{{2}})[-_./]?(?P<d>\d{{2}})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]
_YEARLESS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s+\d)", re.IGNORECASE),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s*{_MONTH}\b", re.IGNORECASE),
]


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> date | None:
    """The first complete calendar date written in `text`, in any common form."""
    best: tuple[int, date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("m"):
                found = _make(int(groups["year"]), int(groups["m"]), int(groups["d"]))
            else:
                found = _make(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
                break
    return best[1] if best else None


def find_date_near(text: str, reference: date) -> date | None:
    """A date without a year ("on 25 July", "August 6"), placed on or after `reference`.

    Minutes name upcoming days without the year; the nearest such day not before the
    meeting is what they mean.
    """
    full = find_date(text)
    if full:
        return full
    for pattern in _YEARLESS:
        match = pattern.search(text)
        if not match:
            continue
        month = MONTHS[match.group("month").lower()]
        day = int(match.group("day"))
        for year in (reference.year, reference.year + 1):
            found = _make(year, month, day)
            if found and found >= reference:
                return found
    return None
