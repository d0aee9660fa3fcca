"""The roster's fast scans find the names its case-insensitive pattern finds.

`Roster` tries its pattern only at capitals when no name may start inside another, else it
looks for names in `text.lower()` with a case-sensitive pattern (each letter as the group the
regex engine folds it with), and falls back to the case-insensitive pattern when lowering
changes the text's length. That is exact only if lowering keeps every character in its group
and its word-ness: checked here for every code point, then on generated texts.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Roster, capitals_pattern, case_group, lowered_class, opening

_CODE_POINTS = range(sys.maxunicode + 1)


def _group(code: int) -> set[int]:
    """The simple lower cases the regex engine treats as one letter with `code`'s."""
    return set(case_group(chr(code)))


def _cased(char: str) -> bool:
    return char.lower() != char or char.upper() != char


def _word(char: str) -> bool:
    return re.fullmatch(r"\w", char) is not None


def test_lowering_keeps_every_character_in_its_case_group_and_its_word_ness() -> None:
    for code in _CODE_POINTS:
        char = chr(code)
        lowered = char.lower()
        assert lowered, char  # no character lowers to nothing: equal lengths mean one for one
        # `capitals_pattern`: a letter may match a separator or "@" only if its group holds one.
        simple = chr(case_group(char)[0])  # its own simple lower case
        assert _word(simple) == _word(char) and (simple == "@") == (char == "@"), hex(code)
        if len(lowered) != 1:
            continue
        assert ord(lowered) in _group(code), hex(code)
        assert _word(lowered) == _word(char), hex(code)
        if not _cased(char):
            assert lowered == char, hex(code)  # an uncased letter matches only itself
        elif lowered != char:
            assert _cased(lowered), hex(code)


def test_the_regex_engine_lets_every_cased_letter_match_each_member_of_its_group() -> None:
    for char in filter(_cased, map(chr, _CODE_POINTS)):
        pattern = re.compile(re.escape(char), re.IGNORECASE)
        for member in _group(ord(char)):
            assert pattern.fullmatch(chr(member)), (hex(ord(char)), hex(member))
            assert chr(member).lower() == chr(member), hex(member)  # a lower case


def test_the_letters_folded_together_are_those_of_one_upper_case() -> None:
    """How CPython's `re` derives the letters it folds together beyond their lower cases."""
    by_upper: defaultdict[str, set[int]] = defaultdict(set)
    for char in map(chr, _CODE_POINTS):
        if len(char.lower()) == 1:
            by_upper[char.upper()].add(ord(char.lower()))
    folded = {low: lows for lows in by_upper.values() if len(lows) > 1 for low in lows}
    for lows in by_upper.values():
        for low in lows:
            assert _group(low) == folded.get(low, {low}), hex(low)


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
# "Lovelace" may now start inside "Ada Lovelace": read at capitals only, "ada Lovelace" would
# find it where the whole scan finds the (lower-case, so dropped) "ada Lovelace" instead.
NESTED = [*PEOPLE, Person(name="Lovelace Smith", github="lsmith")]
_PIECES = [
    "Ada", "ADA", "ada", "Lovelace", "lovelace", "Jesús", "JESÚS", "Jeſús", "jesús", "Šimůnek", "Kiki", "KIKI",
    "Kiki", "İlker", "ilker", "Ilker", "ılker", "Işık", "IŞIK", "Σοφία", "ΣΟΦΊΑ", "σοφία", "Ωμέγα", "ΩΜΈΓΑ",
    "Tom", "O'Neil-Ray", "o'neil-ray", "T.O.", "t.o.", "Smith", " ", "\n", ".", "-", "'", "@", "_", "x", "1",
    "\x00", "ß", "é", "É",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


def _capitalised(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(start, end) for start, end in spans if text[start : start + 1].isupper()]


def test_only_a_roster_where_no_name_may_start_inside_another_is_read_at_capitals() -> None:
    assert Roster(PEOPLE)._capitals is not None
    assert Roster(NESTED)._capitals is None


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_the_scans_find_the_capitalised_names_the_case_insensitive_pattern_finds(text: str) -> None:
    for people in (PEOPLE, NESTED):
        roster = Roster(people)
        assert roster._pattern is not None
        expected = [match.span() for match in roster._pattern.finditer(text)]
        assert _capitalised(text, roster._spans(text)) == _capitalised(text, expected)
        if roster._capitals is None:  # the lower-case scan finds every match, capitalised or not
            assert list(roster._spans(text)) == expected


def test_a_name_inside_a_lower_case_match_of_another_stays_unfound() -> None:
    assert Roster(NESTED).mentions("ada Lovelace") == []
    assert [m.written for m in Roster(NESTED).mentions("Ada Lovelace, Lovelace")] == [
        "Ada Lovelace",
        "Lovelace",
    ]


@pytest.mark.parametrize(
    ("spellings", "nests"),
    [
        ({"Ada Lovelace", "Ada"}, False),
        ({"Mike Scovetta", "Scovetta"}, True),  # a tail that is a spelling
        ({"Jo Annabel", "Ann"}, True),  # a spelling that starts the tail
        ({"Jo An", "Anna"}, True),  # a tail that starts a spelling
        ({"Jo Σίμος", "ς"}, True),  # letters the engine folds together agree
        ({"Jo-Ann", "ann"}, True),
        ({"Jo.Ann", "Anna"}, True),
        ({"JoAnn", "Ann"}, False),  # no separator inside: nothing starts within
        ({"Jo Anna", "Ann Lee"}, False),
    ],
)
def test_names_that_may_start_inside_another_are_told(spellings: set[str], nests: bool) -> None:
    assert (capitals_pattern(spellings) is None) == nests


@pytest.mark.parametrize("capitals", ["ABCDEFGHIJKLMNOPQRSTUVWXYZ", "AKS", "A", "Z", ""])
def test_the_opening_class_holds_the_capitals_and_every_character_past_ascii(capitals: str) -> None:
    opens = re.compile(opening(capitals))
    for code in _CODE_POINTS:
        assert (opens.fullmatch(chr(code)) is not None) == (chr(code) in capitals or code >= 0x80), code


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
