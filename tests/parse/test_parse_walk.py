"""The walker takes a one-line statement's raw text straight from its line: it must be the lines it spans.

Every statement's `raw` is its source lines, `line` to `end_line`, joined; these tests check
that on generated minutes with front matter, multi-line items and paragraphs, tables, quotes,
HTML blocks and checkboxes, and on a few examples.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse.minutes import parse_minutes

_STARTS = ["", "", "# ", "- ", "- [ ] ", "- [x] ", "* [X]\t", "1. ", "> ", "  ", "    ", "| ", "<td>", "[ ] "]
_WORDS = ["Bob", "to", "fix", "it.", "a | b", "**c**", "[d](/e)", "x:", "", "  "]
_LINE = st.tuples(st.sampled_from(_STARTS), st.lists(st.sampled_from(_WORDS), max_size=4)).map(
    lambda parts: parts[0] + " ".join(parts[1])
)
_MINUTES = st.tuples(
    st.sampled_from(["", "---\ntitle: Sync\n---\n"]), st.lists(_LINE, min_size=1, max_size=14)
).map(lambda parts: parts[0] + "\n".join(parts[1]))


@settings(max_examples=500)
@given(_MINUTES)
def test_each_statement_is_raw_the_lines_it_spans(text: str) -> None:
    lines = text.split("\n")
    for statement in parse_minutes(text, "2031-04-02.md").statements:
        assert statement.raw == "\n".join(lines[statement.line - 1 : statement.end_line])


def test_one_line_and_many_line_statements_keep_their_source() -> None:
    text = "# Sync\n\n- [ ] Bob to fix\n  the build\n- [x] done\n\nAnna to  review.\nTom to merge."
    statements = parse_minutes(text, "2031-04-02.md").statements
    assert [(s.line, s.end_line, s.raw, s.checkbox) for s in statements] == [
        (1, 1, "# Sync", None),
        (3, 4, "- [ ] Bob to fix\n  the build", "open"),
        (5, 5, "- [x] done", "done"),
        (7, 7, "Anna to  review.", None),
        (8, 8, "Tom to merge.", None),
    ]
