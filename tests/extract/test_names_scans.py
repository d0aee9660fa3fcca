"""The patterns `names` scans with, rewritten to be scanned faster, match as the plain ones do."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.people import HANDLE
from bot.extract import names
from bot.parse.names import PARTICLES

# The full name pattern as first written: a word boundary, then the name.
_PLAIN_FULL_NAME = re.compile(
    rf"\b{names._NAME_WORD}(?:\s+(?:{'|'.join(sorted(PARTICLES))})?\s*{names._NAME_WORD}){{1,3}}\b"
)
_PIECES = [
    "Ada", "Lovelace", "Van", "de", "van", "McDonald", "O'Neil", "Jean-Luc", "Éric", "A", "B", "x", "_", "1",
    "é", "’", "'", "-", " ", "  ", "\n", "\t", ".", "(", "@", "Ada Lovelace", "aB", "9Z", "_Q", "Zed",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_full_names_are_found_where_the_plain_pattern_finds_them(text: str) -> None:
    assert [m.span() for m in names._FULL_NAME.finditer(text)] == [
        m.span() for m in _PLAIN_FULL_NAME.finditer(text)
    ]
    for start in range(len(text) + 1):  # `_people` matches at a roster name's start
        fast, plain = names._FULL_NAME.match(text, start), _PLAIN_FULL_NAME.match(text, start)
        assert (fast and fast.span()) == (plain and plain.span())


def test_a_capital_right_after_a_word_character_opens_no_full_name() -> None:
    assert [m.group(0) for m in names._FULL_NAME.finditer("xAda Lovelace and _Bob Smith, 9Carl Sagan")] == []
    assert [m.group(0) for m in names._FULL_NAME.finditer("Ada Lovelace met (Bob Smith)")] == [
        "Ada Lovelace",
        "Bob Smith",
    ]


_HANDLE_PIECES = ["@", "@@", "ada", "Ada-L", "x", "-", "/", ".", " ", "_", "1", "é", "\n", "@ada/x", "a@b.c"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_HANDLE_PIECES), max_size=10).map("".join))
def test_a_text_without_an_at_sign_holds_no_handle(text: str) -> None:
    # `_people` reads handles only in a text that writes "@": each handle opens with it.
    assert all(text[m.start()] == "@" for m in HANDLE.finditer(text))
    if "@" not in text:
        assert HANDLE.search(text) is None
