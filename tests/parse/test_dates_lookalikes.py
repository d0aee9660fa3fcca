"""Dates written with the letters case-insensitive patterns fold into ASCII ones.

The month, weekday and number patterns ignore case, so "Tueſday" (long s), "ſeptember" or
"ſix" match them; their words are then looked up in ASCII tables, which once raised
KeyError and ended a whole run on one odd character of a minutes file.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.parse.dates import find_date, find_date_near, relative_due

MEETING = date(2025, 9, 17)
LOOKALIKES = {"s": "\u017f", "i": "\u0131", "k": "\u212a"}


def _disguise(text: str) -> str:
    return "".join(LOOKALIKES.get(char, char) for char in text)


@pytest.mark.parametrize(
    "text",
    ["Kim will fix it by Tuesday", "Due in six weeks", "Ship it by Thursday."],
)
def test_relative_due_reads_lookalike_letters_as_the_ascii_word(text):
    assert relative_due(_disguise(text), MEETING) == relative_due(text, MEETING) is not None


@pytest.mark.parametrize("text", ["on 12 September 2025", "Sept 12, 2025", "September 12, 2025"])
def test_find_date_reads_lookalike_letters_as_the_ascii_word(text):
    assert find_date(_disguise(text)) == find_date(text) is not None


def test_find_date_near_reads_lookalike_letters_as_the_ascii_word():
    assert find_date_near(_disguise("Sept 12"), MEETING) == find_date_near("Sept 12", MEETING) is not None


words = st.sampled_from(
    ["by", "in", "six", "weeks", "Tuesday", "tues", "September", "Sept", "12", "2025", "next", "on", ","]
)


@given(st.lists(words, min_size=1, max_size=6).map(" ".join), st.sets(st.sampled_from(sorted(LOOKALIKES))))
def test_date_readers_never_raise_on_lookalike_letters(text, letters):
    disguised = "".join(LOOKALIKES[c.lower()] if c.lower() in letters else c for c in text)
    relative_due(disguised, MEETING)
    find_date(disguised)
    find_date_near(disguised, MEETING)
