"""Where no line can underline a setext heading, the parser replaces lheading with a stub.

The stub fails as lheading would, leaving `parentType` set as lheading leaves it (lists and
quotes read that). These tests compare the parser with an unmodified markdown-it-py parser on
generated documents without an underline line (nested lists and quotes, lazy and indented
lines, `-` and `=` inside lines), and check the test for an underline line on examples.
"""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import rules_block
from markdown_it.rules_block import StateBlock

from bot.parse.blocks import BLOCK_NEEDS, _lheading_failing
from bot.parse.markdown import parse
from tests.support.full_parse import FULL, read_tokens

_UNDERLINE = BLOCK_NEEDS["lheading"]
# The underline test as a spec: a line (ended by a CR or a newline) whose content is a run of
# `-` or `=`, after spaces, tabs and quote marks and before spaces and tabs.
_UNDERLINE_SPEC = re.compile(r"(?:^|[\n\r])[ \t>]*(?:-+|=+)[ \t]*(?=[\n\r]|$)")

_INDENTS = ["", "", "", " ", "  ", "   ", "    ", "\t", "> ", ">", "> > ", "  > "]
_STARTS = [
    "",
    "",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "> ",
    "# ",
    "- - -",
    "***",
    "```",
    "| a |",
    "|---|",
    "<div>",
    "[r]: /u",
]
_WORDS = ["Bob", "to", "fix", "a-b", "==", "--", "x =", "- c", ">", "1.", "|"]
_TEXT = st.lists(st.sampled_from(_WORDS), max_size=3).map(" ".join)
_LINE = st.tuples(st.sampled_from(_INDENTS), st.sampled_from(_STARTS), _TEXT).map("".join)
_DOCUMENT = st.lists(st.one_of(_LINE, st.just("")), max_size=12).map("\n".join)


@settings(max_examples=1500)
@given(_DOCUMENT)
def test_a_document_without_underlines_reads_as_the_full_parse_reads_it(document: str) -> None:
    assume(not _UNDERLINE(document))
    assert read_tokens(parse(document)) == read_tokens(FULL.parse(document))


@settings(max_examples=500)
@given(_DOCUMENT, st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=6))
def test_the_stub_does_to_the_state_what_lheading_does(document: str, line: int, indent: int) -> None:
    assume(not _UNDERLINE(document))
    states = [StateBlock(document, FULL, {}, []) for _ in range(2)]
    for state in states:
        state.blkIndent = indent
    line = min(line, states[0].lineMax - 1)
    assume(line >= 0)
    full = rules_block.lheading(states[0], line, states[0].lineMax, False)
    assert _lheading_failing(states[1], line, states[1].lineMax, False) == full
    assert vars(states[0]) == vars(states[1])


def test_underline_lines_are_found_wherever_their_content_can_start() -> None:
    for text in ["a\n---", "a\n===", "a\n  -- \t", "> a\n> ===", "> a\n>--", "- a\n  ---", "a\r==", "---\nb"]:
        assert _UNDERLINE(text), text
        assert read_tokens(parse(text)) == read_tokens(FULL.parse(text))
    for text in ["a\n- - -", "a\n-=", "a\n--x", "a\nx ---", "a\n=\u00a0"]:
        assert not _UNDERLINE(text), text


@settings(max_examples=1500)
@given(st.lists(st.sampled_from([*"-=-= \t>\n\n\r", "\r\n", "a", "\u00a0"]), max_size=14).map("".join))
def test_the_underline_test_finds_what_the_spec_finds(text: str) -> None:
    assert _UNDERLINE(text) == (_UNDERLINE_SPEC.search(text) is not None)
