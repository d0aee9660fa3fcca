"""The first-letter test before the month and weekday names changes no match.

`_MONTH` and `_WEEKDAY` look at the first letter before trying each name, which is sound only
if every name starts with one of those letters in any case. hypothesis builds texts from
names in every case, their prefixes, look-alike letters and digits, and checks each date
pattern against the same pattern without the test.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse import dates

_NAMES = [*dates.MONTHS, *dates.WEEKDAYS]
_WORDS = st.sampled_from(_NAMES).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.title(), name[:2], name[1:]])
)
_OTHERS = st.sampled_from([
    "İ", "ı", "ſ", "K", "é", "o", "of ", " ", ", ", ".", "-", "/",
    "1", "2", "16", "3rd", "2024", "19", "_", "by ", "on ", "next ",
])  # fmt: skip


def _without_initials(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = pattern.pattern.replace(f"(?=[{dates._MONTH_INITIALS}])", "")
    return re.compile(source.replace(f"(?=[{dates._WEEKDAY_INITIALS}])", ""), pattern.flags)


_DATE_PATTERNS = [*dates._PATTERNS, *dates._YEARLESS, dates._ON_WEEKDAY]


def test_every_name_pattern_holds_the_first_letter_test() -> None:
    assert [p for p in _DATE_PATTERNS if _without_initials(p).pattern == p.pattern] == [dates._PATTERNS[0]]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_WORDS, _OTHERS), max_size=12).map("".join))
def test_the_first_letter_test_changes_no_match(text: str) -> None:
    for pattern in _DATE_PATTERNS:
        plain = _without_initials(pattern)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
