"""Names in one minutes file: initials the file defines, and the shortcuts that read them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.config import Person
from bot.domain.people import Roster
from bot.extract import lower_words, names
from bot.extract.names import FileNames
from bot.parse.minutes import parse_minutes

ROSTER = Roster(
    [Person(name="Dan Middleton", github="dcmiddle"), Person(name="Tom Lendacky", github="tlendacky")]
)

# Pieces of initials definitions and of text that nearly is one.
_PIECES = [
    "Dan", "Middleton", "Tom Lendacky", "Ana", "de", " ", "  ", "\n", "(", ")", "DM", "TL", "AMD", "D", "M",
    "(DM)", "(TLX)", "(dm)", "[DM]", ",", ".", "x",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_a_text_without_parenthesised_initials_defines_none(text: str) -> None:
    # The file's initials are only looked for where "(XX)" is written: the shortcut must
    # never hide a definition.
    if names._INITIALS_DEF.search(text):
        assert names._INITIALS_IN_PARENS.search(text)


def test_each_initials_the_file_defines_names_its_person() -> None:
    minutes = "# Call\n\n* Dan Middleton (DM) and Tom Lendacky (TL) joined.\n* Ana Ruiz (AR) took notes.\n"
    file_names = FileNames(ROSTER, parse_minutes(minutes, "call.md"))
    found = file_names.people("TL and AR will ask DM, not DMX.")
    assert [(w.start, w.name, w.login) for w in found] == [
        (0, "Tom Lendacky", "tlendacky"),
        (7, "Ana Ruiz", None),
        (19, "Dan Middleton", "dcmiddle"),
    ]


def test_a_file_without_initials_names_nobody_by_letters() -> None:
    file_names = FileNames(ROSTER, parse_minutes("# Call\n\n* Dan Middleton joined.\n", "call.md"))
    assert [w.name for w in file_names.people("DM will ask Dan Middleton.")] == ["Dan Middleton"]


# Letters, the marks a lower-case word may hold or touch, and what separates words.
_CHARS = st.sampled_from(
    ["a", "b", "ab", "ba", "A", "é", "1", "_", "'", "’", "-", " ", "\n", ".", "x-", "-a"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_CHARS, max_size=16).map("".join), st.lists(_CHARS, min_size=1, max_size=4).map("".join))
def test_lower_case_words_asked_one_at_a_time_are_those_the_whole_list_holds(text: str, word: str) -> None:
    assert (word in lower_words.LowerCaseWords(text)) == (word in set(lower_words._LOWER_WORD.findall(text)))


def test_a_capitalised_word_the_file_also_writes_in_lower_case_is_not_a_name() -> None:
    minutes = "# Call\n\n* The re-link and x-link work.\n* More details are in the doc.\n"
    file_names = FileNames(ROSTER, parse_minutes(minutes, "call.md"))
    assert file_names.single("Details") is None  # "details" is an ordinary word of this file
    assert file_names.single("Link") is not None  # "x-link" is one word, "link" never stands alone
    assert file_names.single("Omkhar") is not None


_INITIALS_TEXT = ["DM", "TL", "AMD", "ABCD", "dm", "D", " ", "-", "_", "é", "1", "(", "DMé", "TLs", "\n"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_INITIALS_TEXT), max_size=12).map("".join),
    st.sets(st.sampled_from(["DM", "TL", "AMD", "AB", "ABC"]), min_size=1),
)
def test_the_initials_word_scan_finds_what_a_pattern_of_the_defined_initials_finds(
    text: str, defined: set[str]
) -> None:
    # `FileNames.people` reads `_INITIALS_WORD`'s matches that are defined, where it compiled
    # the defined initials (all [A-Z]{2,3}) as one pattern per file.
    keyed = re.compile(rf"\b(?:{'|'.join(defined)})\b")
    found = [m.span() for m in names._INITIALS_WORD.finditer(text) if m.group(0) in defined]
    assert found == [m.span() for m in keyed.finditer(text)]
