"""The roster's scan of lower-cased text finds what its case-insensitive pattern finds in the text.

`Roster` looks for names in `text.lower()` with a case-sensitive pattern (each letter as the
group the regex engine folds it with), and falls back to the case-insensitive pattern when
lowering changes the text's length. That is exact only if lowering keeps every character in
its group and its word-ness: checked here for every code point, then on generated texts.
"""

from __future__ import annotations

import _sre
import re
import sys
from re._casefix import _EXTRA_CASES

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Roster, lowered_class

_CODE_POINTS = range(sys.maxunicode + 1)


def _group(code: int) -> set[int]:
    """The simple lower cases the regex engine treats as one letter with `code`'s."""
    low = _sre.unicode_tolower(code)
    return {low, *_EXTRA_CASES.get(low, ())}


def _word(char: str) -> bool:
    return re.fullmatch(r"\w", char) is not None


def test_lowering_keeps_every_character_in_its_case_group_and_its_word_ness() -> None:
    for code in _CODE_POINTS:
        char = chr(code)
        lowered = char.lower()
        assert lowered, char  # no character lowers to nothing: equal lengths mean one for one
        if len(lowered) != 1:
            continue
        assert ord(lowered) in _group(code), hex(code)
        assert _word(lowered) == _word(char), hex(code)
        if not _sre.unicode_iscased(code):
            assert lowered == char, hex(code)  # an uncased letter matches only itself
        elif lowered != char:
            assert _sre.unicode_iscased(ord(lowered)), hex(code)


def test_the_groups_the_engine_folds_together_are_one_group_from_each_member() -> None:
    for low, others in _EXTRA_CASES.items():
        for other in others:
            assert _group(other) == _group(low)


def test_a_final_sigma_lowers_into_the_group_of_sigma() -> None:
    assert "ΟΔΟΣ".lower()[-1] == "ς"
    assert ord("ς") in _group(ord("Σ"))


def test_a_letter_matches_in_lower_case_what_it_matches_ignoring_case() -> None:
    for char in "aAsSſiIıkKσΣςéÉ1 -.@":
        pattern = re.compile(lowered_class(char))
        for text in "aAsSſiIıkKKσΣςéÉ1 -.@":
            expected = re.fullmatch(re.escape(char), text, re.IGNORECASE) is not None
            assert (pattern.fullmatch(text.lower()) is not None) == expected, (char, text)


PEOPLE = [
    Person(name="Ada Lovelace", github="ada"),
    Person(name="Jesús Šimůnek", github="jesus", aliases=["Kiki"]),
    Person(name="İlker Işık", github="ilker"),
    Person(name="Σοφία Ωμέγα", github="sofia"),
    Person(name="Tom O'Neil-Ray", github="tom", aliases=["T.O."]),
]
_PIECES = [
    "Ada", "ADA", "ada", "Lovelace", "Jesús", "JESÚS", "Jeſús", "Šimůnek", "Kiki", "KIKI", "Kiki",
    "İlker", "ilker", "Ilker", "ılker", "Işık", "IŞIK", "Σοφία", "ΣΟΦΊΑ", "σοφία", "Ωμέγα", "ΩΜΈΓΑ",
    "Tom", "O'Neil-Ray", "T.O.", "t.o.", " ", "\n", ".", "-", "'", "@", "_", "x", "1", "\x00", "ß",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_the_lower_case_scan_finds_what_the_case_insensitive_pattern_finds(text: str) -> None:
    roster = Roster(PEOPLE)
    assert roster._pattern is not None
    assert list(roster._spans(text)) == [match.span() for match in roster._pattern.finditer(text)]


def test_names_written_with_folded_letters_are_found_at_their_place() -> None:
    roster = Roster(PEOPLE)
    found = roster.mentions("Then Jeſús and KIKI met ADA")
    assert [(m.start, m.written, m.person.github if m.person else None) for m in found] == [
        (5, "Jeſús", "jesus"),
        (15, "KIKI", "jesus"),
        (24, "ADA", "ada"),
    ]


def test_a_text_that_lowering_lengthens_is_read_as_written() -> None:
    roster = Roster(PEOPLE)
    text = "İlker and Ada"  # "İ" lowers to two characters
    assert len(text.lower()) != len(text)
    assert [(m.start, m.written) for m in roster.mentions(text)] == [(0, "İlker"), (10, "Ada")]
