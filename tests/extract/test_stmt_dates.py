"""The word and digit tests before the date patterns skip only texts no pattern matches.

`relative_due` searches a relative phrase only when the lowered text holds one of its words,
`_IN_MONTH` only when a month is written in full, and `find_date`/`find_date_near` read
nothing without a digit. hypothesis builds texts from the patterns' own words in every case,
the look-alike letters a case-insensitive pattern also matches ("K", the Kelvin sign, for
"k"), other scripts' digits and punctuation, and checks that every match of a pattern lies
in a text its test lets through.
"""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse import dates

WEDNESDAY = date(2025, 9, 17)

_WORDS = [
    "tomorrow", "today", "tonight", "by eod", "eod", "end of ", "the ", "this ", "day", "later in ",
    "before the end of ", "week", "weeks", "eow", "within ", "in ", "over ", "the next ", "two ", "a ",
    "a couple of ", "3 ", "days", "next ", "week's", "week’s", "month", "eom", "by ", "on ",
    *dates.WEEKDAYS, *dates.MONTHS, "May", "2025", "16", "3rd", "2024-04-02", "during ", "until ", "early ",
    "mid-", "late ", *dates._FULL_MONTHS.split("|"),
]  # fmt: skip
_CASED = st.sampled_from(_WORDS).flatmap(
    lambda word: st.sampled_from([word, word.upper(), word.title(), word[1:], word[:-1]])
)
_OTHERS = st.sampled_from(["İ", "ı", "ſ", "K", "é", " ", "  ", ", ", ".", "-", "/", "٣", "١٢", "x", "\x00"])
_TEXTS = st.lists(st.one_of(_CASED, _OTHERS), max_size=12).map("".join)
# A look-alike letter put in place of each ASCII letter it matches, for texts made of those.
_LOOK_ALIKES = {"i": "İı", "I": "İı", "s": "ſ", "S": "ſ", "k": "K", "K": "K"}


@st.composite
def _folded_texts(draw: st.DrawFn) -> str:
    text = draw(_TEXTS)
    return "".join(
        draw(st.sampled_from([char, *_LOOK_ALIKES[char]])) if char in _LOOK_ALIKES else char for char in text
    )


# "by the end of May", "in early September": the phrases `_IN_MONTH` reads, or nearly.
_MONTH_PHRASES = st.tuples(
    st.sampled_from(["by the end of ", "in ", "during ", "until ", "by ", "end of ", "x "]),
    st.sampled_from(["", "early ", "mid-", "late "]),
    st.sampled_from([*dates._FULL_MONTHS.split("|"), "may", "MAY", "Mar", "Sept"]),
    st.sampled_from(["", ".", " 3", ", 2025", " it"]),
).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_TEXTS, _folded_texts(), _MONTH_PHRASES))
def test_a_relative_phrase_holds_one_of_its_words(text: str) -> None:
    lowered = dates._lowered(text)
    for pattern, _, words in dates._RELATIVE:
        if pattern.search(text):
            assert any(word in lowered for word in words), (pattern.pattern, text)
            assert dates._ANY_WORD.search(lowered), text
    if dates._ON_WEEKDAY.search(text):
        assert any(word in lowered for word in dates._WEEKDAY_WORDS), text
        assert dates._ANY_WORD.search(lowered), text
    if dates._IN_MONTH.search(text):
        assert dates._FULL_MONTH.search(text), text


@settings(max_examples=800, deadline=None)
@given(st.one_of(_TEXTS, _folded_texts()))
def test_a_written_date_holds_a_digit(text: str) -> None:
    if not dates._DIGIT.search(text):
        assert not any(p.search(text) for p in (*dates._PATTERNS, *dates._YEARLESS)), text


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("will post it next wee\u212a", date(2025, 9, 24)),  # the Kelvin sign is a "k" to `re.I`
        ("within two weeks", date(2025, 10, 1)),
        ("wİthin two weeks", date(2025, 10, 1)),  # a dotted capital I is an "i" too
        ("in 3 dayſ", date(2025, 9, 20)),  # and the long s an "s"
        ("BY END OF DAY", WEDNESDAY),
        ("in ٣ days", date(2025, 9, 20)),  # `\d` reads any script's digits
        ("on ١٢ October", date(2025, 10, 12)),
        ("will circulate it in May", date(2026, 5, 31)),
        ("no date here at all", None),
    ],
)
def test_look_alike_letters_and_other_digits_still_give_the_due_date(text: str, due: date | None) -> None:
    assert dates.relative_due(text, WEDNESDAY) == due
