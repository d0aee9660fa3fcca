"""Links in minutes are mostly `[label](url)`; the parser reads such a line without the inline parse.

A content whose special characters are only simple inline links (and two runs of `*`) is read
from its text: each link becomes its label, its destination normalized and validated as
markdown-it does. These tests compare that with the full markdown-it-py inline parse on
strings mixing links, near-links (white space at a label's ends, an image's `!`, spaces,
parentheses, escapes or entities in a destination, titles), bold runs and line breaks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bot.domain.models import Link
from bot.parse.markdown import inline_content, markdown_parser
from tests.support.full_parse import FULL

FAST = markdown_parser()

_LABELS = ["a", "PR #160", "a b", " a", "a ", "", "a\nb", "a\tb", "é中", "a!", "a)", "(a", "!", "\u00a0a"]
_URLS = [
    "https://example.org/a", "https://example.org/a_b*c`d`", "http://例え.jp/パス", "mailto:me@example.org",
    "javascript:alert(1)", "/relative", "a b", "a(b)c", "(x", "<https://example.org>", "a\\_b", "a&amp;b",
    "https://example.org/%zz", "https://example.org/\u00a0", "x \"title\"", " x", "x ", "",
]  # fmt: skip
_LINKS = st.builds(lambda label, url: f"[{label}]({url})", st.sampled_from(_LABELS), st.sampled_from(_URLS))
_OTHERS = [
    *"ab 1:.,-()!]", "!", "  \n", "\n  ", "\n", "\t", "**", "*", "[", "]", "[ref]", "_x_", "`c`", "&amp;",
    "\\[", "<b>",
]  # fmt: skip
_TEXT = st.lists(st.one_of(_LINKS, _LINKS, st.sampled_from(_OTHERS)), max_size=8).map("".join)


def _read(text: str, md: MarkdownIt) -> list:
    env = {"references": {"REF": {"href": "https://example.org/ref", "title": ""}}}
    return [(token.content, inline_content(token)) for token in md.parseInline(text, env)]


@settings(max_examples=2000)
@given(_TEXT)
def test_links_read_as_the_full_parse_reads_them(text: str) -> None:
    assert _read(text, FAST) == _read(text, FULL)


def test_a_simple_link_is_read_without_the_parse() -> None:
    token = FAST.parseInline("See [PR #160](https://github.com/o/r/pull/160) and **more**:\n[x](/y)")[0]
    assert token.children is None
    assert inline_content(token) == (
        "See PR #160 and more: x",
        (Link(text="PR #160", href="https://github.com/o/r/pull/160"), Link(text="x", href="/y")),
        [21],
    )


def test_destinations_are_normalized_and_validated_as_markdown_it_does() -> None:
    assert _read("[a](http://例え.jp/パス)", FAST)[0][1][1] == (
        Link(text="a", href="http://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"),
    )
    assert _read("[a](javascript:alert)", FAST)[0][1][1] == (Link(text="a", href=""),)


def test_near_links_are_parsed() -> None:
    for text in ["![a](i.png)", "[ a](b)", "[a](b c)", "[a](<b>)", "[a](b&amp;c)", "[[a]](b)", "[a]"]:
        assert FAST.parseInline(text)[0].children is not None
        assert _read(text, FAST) == _read(text, FULL)
