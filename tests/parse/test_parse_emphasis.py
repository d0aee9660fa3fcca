"""Minutes bold their labels ("**Date**: ..."); the parser reads such a line without the inline parse.

A content whose only special characters are two runs of `*` of one length is read from its
text: the runs are emphasis, and go, when the first can open and the second close, and are
text otherwise. A lone run is text. These tests compare that with the full markdown-it-py inline parse on strings
built around two runs, with every kind of neighbour the flanking rules look at: letters,
ASCII and Unicode punctuation, spaces, Unicode white space, line breaks and string ends.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.parse.markdown import inline_content, markdown_parser
from tests.support.full_parse import FULL

FAST = markdown_parser()

_NEIGHBOURS = [
    *"abXY 09", *"abXY 09", " ", "\t", "\n", "  \n", "\n  ", *".,:;!?()-'\"#%+=/|~^{}@$",
    "\u00a0", "\u2003", "\u3000", "é", "中", "—", "’", "«", "€", "🙂",
]  # fmt: skip
_PIECE = st.lists(st.sampled_from(_NEIGHBOURS), max_size=5).map("".join)
_RUN = st.integers(min_value=1, max_value=4).map(lambda length: "*" * length)
_ONE_RUN = st.tuples(_PIECE, _RUN, _PIECE).map("".join)
_TWO_RUNS = st.tuples(_PIECE, _RUN, _PIECE, _RUN, _PIECE).map("".join)
_EQUAL_RUNS = st.tuples(_PIECE, _RUN, _PIECE, _PIECE).map(lambda p: p[0] + p[1] + p[2] + p[1] + p[3])


def _read(text: str, md: MarkdownIt) -> list:
    return [(token.content, inline_content(token)) for token in md.parseInline(text)]


@settings(max_examples=1500)
@given(_EQUAL_RUNS)
def test_two_equal_runs_of_stars_read_as_the_full_parse_reads_them(text: str) -> None:
    assert _read(text, FAST) == _read(text, FULL)


@settings(max_examples=500)
@given(_TWO_RUNS)
def test_two_runs_of_any_lengths_read_as_the_full_parse_reads_them(text: str) -> None:
    assert _read(text, FAST) == _read(text, FULL)


@settings(max_examples=500)
@given(_ONE_RUN)
def test_a_lone_run_of_stars_reads_as_the_full_parse_reads_it(text: str) -> None:
    assert _read(text, FAST) == _read(text, FULL)


def test_bold_labels_lose_their_stars_and_are_not_parsed() -> None:
    token = FAST.parseInline("**Date**: Thursday, April 20")[0]
    assert token.children is None
    assert inline_content(token) == ("Date: Thursday, April 20", (), [])
    assert _read("***ACTION*** Lily to follow up", FAST)[0][1][0] == "ACTION Lily to follow up"
    assert _read("**Bob  \n fix**it", FAST)[0][1] == ("Bob fixit", (), [3])


def test_stars_that_cannot_open_or_close_stay_as_text() -> None:
    assert _read("a ** b ** c", FAST)[0][1][0] == "a ** b ** c"  # white space on both sides
    assert _read("**(a)**b", FAST)[0][1][0] == "**(a)**b"  # closer after punctuation, before a letter
    assert _read("x**\u00a0a**", FAST)[0][1][0] == "x**\u00a0a**"  # opener before Unicode white space
    assert _read("**a** **b**", FAST) == _read("**a** **b**", FULL)  # four runs: parsed
    token = FAST.parseInline("Microsoft - Alec Fernandez*  \n(chair)")[0]
    assert token.children is None  # a lone run: text
    assert inline_content(token) == ("Microsoft - Alec Fernandez* (chair)", (), [27])
