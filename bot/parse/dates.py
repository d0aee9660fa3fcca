"""Absolute dates as minutes write them: titles, file names, headings.

Relative phrases ("next week", "by Friday") depend on a follow-up's wording and live with
the follow-up extractor; this module only finds dates that stand on their own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
# The first letters of the names, tested before the alternation at each place: a
# case-insensitive alternation is tried branch by branch, and most places start no name.
_MONTH_INITIALS = "".join(sorted({name[0] for name in MONTHS}))
_MONTH = rf"(?=[{_MONTH_INITIALS}])(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
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


# Every pattern of `_PATTERNS` and `_YEARLESS` holds a `\d`: a text without a digit has no date.
_DIGIT = re.compile(r"\d")


def find_date(text: str) -> date | None:
    """The first complete calendar date written in `text`, in any common form."""
    if not _DIGIT.search(text):
        return None  # most statements hold no digit, and no pattern matches them
    best: tuple[int, date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("m"):
                found = _make(int(groups["year"]), int(groups["m"]), int(groups["d"]))
            else:
                found = _make(int(groups["year"]), MONTHS[_lowered(groups["month"])], int(groups["day"]))
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
                break
    return best[1] if best else None


def find_date_near(text: str, reference: date) -> date | None:
    """A date without a year ("on 25 July", "August 6"), placed on or after `reference`.

    Minutes name upcoming days without the year; the nearest such day not before the
    meeting is what they mean.
    """
    if not _DIGIT.search(text):
        return None  # as in `find_date`: every pattern needs a digit
    full = find_date(text)
    if full:
        return full
    for pattern in _YEARLESS:
        match = pattern.search(text)
        if not match:
            continue
        month = MONTHS[_lowered(match.group("month"))]
        day = int(match.group("day"))
        for year in (reference.year, reference.year + 1):
            found = _make(year, month, day)
            if found and found >= reference:
                return found
    return None


WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a couple of": 2}
_COUNT = r"(?P<count>\d{1,2}|one|two|three|four|five|six|a couple of|a)"
_WEEKDAY_INITIALS = "".join(sorted({name[0] for name in WEEKDAYS}))  # as `_MONTH_INITIALS`
_WEEKDAY = (
    rf"(?=[{_WEEKDAY_INITIALS}])(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?"
)

# Relative phrases, most specific first; each maps to a function of the reference date, and
# is searched only when the text, lowered (`_lowered`), holds one of its words: every match
# of the pattern holds one, so a text without any cannot match it.
_RELATIVE: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"\btomorrow\b", re.I), "tomorrow", ("tomorrow",)),
    (
        re.compile(r"\b(?:today|tonight|by eod|end of (?:the )?day|eod)\b", re.I),
        "today",
        ("day", "tonight", "eod"),
    ),
    (
        re.compile(
            r"\b(?:later(?:\s+in)?|end of|by the end of|before the end of)\s+(?:this|the)\s+week\b", re.I
        ),
        "friday",
        ("week",),
    ),
    (re.compile(r"\b(?:end of (?:the )?week|eow|this week)\b", re.I), "friday", ("week", "eow")),
    (re.compile(rf"\b(?:within|in|over)\s+(?:the\s+next\s+)?{_COUNT}\s+weeks?\b", re.I), "weeks", ("week",)),
    (re.compile(rf"\b(?:within|in)\s+(?:the\s+next\s+)?{_COUNT}\s+days?\b", re.I), "days", ("day",)),
    (re.compile(r"\bnext\s+week(?:'s|’s)?\b", re.I), "next_week", ("week",)),
    (re.compile(r"\b(?:end of (?:the |this )?month|eom)\b", re.I), "month_end", ("month", "eom")),
]
# What every weekday name holds (a short name is a prefix of its long one), lowered.
_WEEKDAY_WORDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Any word of a relative phrase or a weekday: most texts hold none and skip all those patterns.
_ANY_WORD = re.compile("|".join(sorted({w for _, _, words in _RELATIVE for w in words} | {*_WEEKDAY_WORDS})))
# The letters a case-insensitive ASCII letter matches that `str.lower` does not make it:
# spelt as that letter first, so the lowered text holds every word a pattern matched.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _lowered(text: str) -> str:
    """`text` as the `re.I` patterns read it: lower case, `_FOLD` applied first.

    Also the key of a matched month, weekday or number word in the ASCII tables: "Tueſday"
    matches the weekday pattern, and its plain lower case is not a key.
    """
    return (text if text.isascii() else text.translate(_FOLD)).lower()


_ON_WEEKDAY = re.compile(rf"\b{_WEEKDAY}", re.I)
# "by the end of February", "in September": the last day of that month. Month names are
# matched capitalised and in full, so "may" the verb and "Mar" in a name stay words.
_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_IN_MONTH = re.compile(
    rf"\b(?:by\s+(?:the\s+)?end\s+of|before\s+(?:the\s+)?end\s+of|(?:the\s+)?end\s+of|by|in|during|until)\s+"
    rf"(?:early\s+|mid-?\s*|late\s+)?(?P<month>{_FULL_MONTHS})\b(?!\s*\d)(?!,?\s+(?:19|20)\d\d)"
)
# A month written as `_IN_MONTH` reads it, looked for before that costlier pattern.
_FULL_MONTH = re.compile(_FULL_MONTHS)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[_lowered(word)]


def _next_weekday(reference: date, weekday: int, include_today: bool = False) -> date:
    ahead = (weekday - reference.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return reference + timedelta(days=ahead)


def relative_due(text: str, reference: date) -> date | None:
    """The deadline a follow-up's own words give, counted from the meeting date.

    "next week" is a week after the meeting; "by Friday" the first Friday after it;
    "later this week" and "end of week" that week's Friday; "within two weeks" 14 days;
    "tomorrow" the next day; "by the end of February" or "in September" the last day of that
    month; a written date ("on 25July", "August 6") is kept when it is not before the meeting. Text without such a phrase has no due date: none is invented.
    """
    found: list[tuple[int, date]] = []
    lowered = _lowered(text)
    worded = _ANY_WORD.search(lowered) is not None
    for pattern, kind, words in _RELATIVE if worded else ():
        match = pattern.search(text) if any(word in lowered for word in words) else None
        if not match:
            continue
        if kind == "tomorrow":
            value = reference + timedelta(days=1)
        elif kind == "today":
            value = reference
        elif kind == "friday":
            value = _next_weekday(reference, 4, include_today=True)
        elif kind == "weeks":
            value = reference + timedelta(days=7 * _count(match.group("count")))
        elif kind == "days":
            value = reference + timedelta(days=_count(match.group("count")))
        elif kind == "next_week":
            value = reference + timedelta(days=7)
        else:
            following = date(reference.year + reference.month // 12, reference.month % 12 + 1, 1)
            value = following - timedelta(days=1)
        found.append((match.start(), value))
    month = _IN_MONTH.search(text) if _FULL_MONTH.search(text) else None
    if month:
        number = MONTHS[_lowered(month.group("month"))]
        year = reference.year + (number < reference.month)
        following = date(year + number // 12, number % 12 + 1, 1)
        found.append((month.start(), following - timedelta(days=1)))
    weekdays = _ON_WEEKDAY.finditer(text) if worded and any(w in lowered for w in _WEEKDAY_WORDS) else ()
    for match in weekdays:
        word = match.group("weekday")
        short = len(word.rstrip(".")) <= 4
        if short and not re.search(
            r"\b(?:by|on|until|till|before|after|next|this)\s+$", text[: match.start()], re.I
        ):
            continue  # "Sun", "Wed" and "Sat" are also names and words
        if find_date_near(text[match.end() : match.end() + 20], reference):
            continue  # "Tuesday April 16": the date says it
        weekday = WEEKDAYS[_lowered(word).rstrip(".")]
        found.append((match.start(), _next_weekday(reference, weekday)))
    written = find_date_near(text, reference)
    if written and written >= reference:
        position = _first_date_position(text)
        found.append((position, written))
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def _first_date_position(text: str) -> int:
    positions = [m.start() for p in (*_PATTERNS, *_YEARLESS) for m in [p.search(text)] if m]
    return min(positions) if positions else len(text)
