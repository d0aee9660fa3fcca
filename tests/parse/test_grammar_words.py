"""The sentence breaks: a text without a dash after white space is searched without that branch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse import words

# Marks, the white space and capitals around them, abbreviations and every dash.
_PIECES = [
    *(".", "!", "?", ";", " ", "  ", "\t", "\n", "\u00a0", "-", "–", "—", " - ", " – ", "—", "; "),
    *("A", "Kim", "b", "to", "e.g.", "Dr.", "etc.", '"', "“", "(", "*", "[", "@", "1", "x", "?!"),
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_the_breaks_are_those_of_the_whole_pattern(text: str) -> None:
    fast = [match.span() for match in words._sentence_breaks(text)]
    assert fast == [match.span() for match in words._SENTENCE_BREAK.finditer(text)], repr(text)


def test_a_spaced_dash_before_a_capital_still_cuts_a_clause() -> None:
    assert [s.strip() for _, s in words.split_sentences("Sam unavailable - Kim to present")] == [
        "Sam unavailable -",
        "Kim to present",
    ]
    assert len(words.split_sentences("x86-64 is fine. Kim will test it; Lee too")) == 3
