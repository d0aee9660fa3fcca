"""A paragraph with no line break skips the run-joining loop of `_split_lines`.

Its statement must be what the loop makes of the same text: the tests compare it with the
loop, reached by adding a break and an empty line (which the loop skips), on generated text
with surrounding white space, sentence ends and lower-case starts.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.parse.minutes import _split_lines

_TEXT = st.lists(st.sampled_from([*"aB .:)\t", " ", "\u00a0", "\u2003", "Bob to fix", "x."]), max_size=6).map(
    "".join
)


@given(_TEXT, st.integers(min_value=1, max_value=50))
def test_one_line_splits_as_the_loop_splits_it(text: str, first_line: int) -> None:
    assert _split_lines(text, [], first_line) == _split_lines(text + "\n", [len(text)], first_line)


def test_blank_and_padded_lines() -> None:
    assert _split_lines("  ", [], 3) == []
    assert _split_lines(" Bob to fix. ", [], 3) == [(3, "Bob to fix.")]
